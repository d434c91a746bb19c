import type { IExecuteFunctions } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { hcpRequest } from '../../shared/transport';
import { answerToRecords, param, resolvePath, toItems } from './common';
import type { SpecialTableOperation } from './types';

/**
 * Uploads a file from the input item's binary data as the multipart field HCP names in the table
 * (`file`). HCP answers 202.
 */

function attachmentOperation(key: string): SpecialTableOperation {
	const operation = getOperation(key);
	const fileField = operation.body?.fields[0]?.name ?? 'file';
	return {
		key,
		async execute(ctx: IExecuteFunctions, itemIndex: number) {
			const path = resolvePath(ctx, itemIndex, operation);
			const binaryName = param<string>(ctx, 'binaryPropertyName', itemIndex, 'data').trim();
			const binary = ctx.helpers.assertBinaryData(itemIndex, binaryName);
			const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, binaryName);
			const answer = await hcpRequest(
				ctx,
				{
					method: operation.method,
					path,
					file: {
						field: fileField,
						fileName: binary.fileName ?? `upload${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
						mimeType: binary.mimeType || 'application/octet-stream',
						data,
					},
				},
				{ itemIndex, partnerOnly: operation.partnerOnly },
			);
			return toItems(answerToRecords(answer));
		},
	};
}

export const jobAddAttachment = attachmentOperation('job.addAttachment');
export const estimateOptionAddAttachment = attachmentOperation('estimateOption.addAttachment');
