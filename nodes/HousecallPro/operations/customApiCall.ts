import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { HttpMethod } from '../../shared/table/types';
import { hcpRequest, type Query } from '../../shared/transport';
import type { ValidationIssue } from '../validate';
import { CUSTOM_API_CALL_METHODS } from '../contract';
import { parseJsonValue } from '../params';
import { answerToRecords, param, toItems, validationError } from './common';
import type { ExtraOperation } from './types';

/**
 * Any request under the credential's base URL, through the same transport as every other
 * operation (authentication, retries, HCP error detail): for endpoints or fields the node does not offer.
 */

/** Problems with a custom path: it must stay under the base URL. */
export function checkCustomPath(path: string): string | undefined {
	if (!path) return 'is required';
	if (!path.startsWith('/') || path.startsWith('//')) return 'must start with a single "/", e.g. /customers';
	if (/^\/*[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('://')) return 'must be a path, not a full URL';
	if (/[?#]/.test(path)) return 'must not carry a query string; use Query Parameters';
	if (path.split('/').some((segment) => segment === '..' || segment === '.')) return 'must not contain "." or ".." segments';
	return undefined;
}

/**
 * Query pairs to a query: a name ending in `[]` collects its values into a list (sent as
 * `name[]=a&name[]=b`, as HCP reads arrays); any other name may appear once.
 */
export function pairsToQuery(pairs: Array<{ name?: unknown; value?: unknown }>, issues: ValidationIssue[]): Query {
	const query: Record<string, string | string[]> = {};
	for (const pair of pairs) {
		const rawName = String(pair.name ?? '').trim();
		if (!rawName) continue;
		const value = pair.value === undefined || pair.value === null ? '' : String(pair.value);
		if (rawName.endsWith('[]')) {
			const name = rawName.slice(0, -2);
			const list = query[name];
			if (typeof list === 'string') {
				issues.push({ path: rawName, message: `is given both as "${name}" and "${rawName}"` });
				continue;
			}
			query[name] = [...(list ?? []), value];
		} else if (rawName in query) {
			issues.push({ path: rawName, message: `is given more than once; name it "${rawName}[]" to send a list` });
		} else {
			query[rawName] = value;
		}
	}
	return query;
}

export const customApiCall: ExtraOperation = {
	resource: 'customApiCall',
	operation: 'call',
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		const issues: ValidationIssue[] = [];
		const method = param<HttpMethod>(ctx, 'requestMethod', itemIndex, 'GET');
		const path = param<string>(ctx, 'requestPath', itemIndex, '').trim();
		const pathProblem = checkCustomPath(path);
		if (pathProblem) issues.push({ path: 'Path', message: pathProblem });
		if (!CUSTOM_API_CALL_METHODS.includes(method)) issues.push({ path: 'Method', message: `must be one of ${CUSTOM_API_CALL_METHODS.join(', ')}` });
		const pairs = param<{ parameter?: Array<{ name?: unknown; value?: unknown }> }>(ctx, 'queryParameters', itemIndex, {});
		const query = pairsToQuery(pairs.parameter ?? [], issues);
		let body: IDataObject | IDataObject[] | undefined;
		if (method !== 'GET') {
			const parsed = parseJsonValue(param<unknown>(ctx, 'requestBody', itemIndex, ''));
			if (parsed.error) issues.push({ path: 'JSON Body', message: parsed.error });
			else if (parsed.value !== undefined) {
				if (typeof parsed.value !== 'object' || parsed.value === null) {
					issues.push({ path: 'JSON Body', message: 'must be a JSON object or list' });
				} else body = parsed.value as IDataObject | IDataObject[];
			}
		}
		if (issues.length) throw validationError(ctx, itemIndex, issues);
		return toItems(answerToRecords(await hcpRequest(ctx, { method, path, query, body }, { itemIndex })));
	},
};
