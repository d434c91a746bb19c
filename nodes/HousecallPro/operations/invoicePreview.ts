import type { IExecuteFunctions } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { fillPath, hcpRequest } from '../../shared/transport';
import type { ValidationIssue } from '../validate';
import { param, readPathValues, validationError } from './common';
import type { SpecialTableOperation } from './types';

const operation = getOperation('invoice.preview');

/** Invoice > Preview: HCP answers an HTML page, handed on as a binary file plus its metadata. */
export const invoicePreview: SpecialTableOperation = {
	key: operation.key,
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		const issues: ValidationIssue[] = [];
		const values = readPathValues(ctx, itemIndex, operation, issues);
		if (issues.length) throw validationError(ctx, itemIndex, issues);
		const invoiceId = values.uuid;
		const html = await hcpRequest<unknown>(
			ctx,
			{ method: 'GET', path: fillPath(operation.path, values), responseFormat: 'text' },
			{ itemIndex, partnerOnly: operation.partnerOnly },
		);
		const text = typeof html === 'string' ? html : Buffer.isBuffer(html) ? html.toString('utf8') : JSON.stringify(html);
		const data = Buffer.from(text, 'utf8');
		const fileName = `invoice-${invoiceId.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
		const binary = await ctx.helpers.prepareBinaryData(data, fileName, 'text/html');
		const binaryName = param<string>(ctx, 'binaryPropertyName', itemIndex, 'data').trim() || 'data';
		return [
			{
				json: { invoice_id: invoiceId, file_name: fileName, mime_type: 'text/html', size_bytes: data.length },
				binary: { [binaryName]: binary },
			},
		];
	},
};
