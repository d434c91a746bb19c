import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getObject } from '../../shared/table';
import type { Operation } from '../../shared/table/types';
import { DEFAULT_CONCURRENCY, fillPath, hcpRequest, MAX_CONCURRENCY, readList, type Query } from '../../shared/transport';
import { normalizeBody, validateBody, type ValidationIssue } from '../validate';
import { hasSimplify, paramName, sharedQueryBodyNames } from '../contract';
import { parseJsonValue, readFields, readQuery } from '../params';
import { simplifierFor } from '../simplify';
import { answerToRecords, param, readPathValues, validationError } from './common';

/**
 * Runs any table operation from its record: path, query, body (fields or JSON, validated against
 * the table), then one request or a paged read.
 */

function readOperationQuery(ctx: IExecuteFunctions, itemIndex: number, operation: Operation, issues: ValidationIssue[]): Query {
	const params = operation.query ?? [];
	const values: Record<string, unknown> = {};
	for (const queryParam of params) {
		if (queryParam.required) values[paramName(queryParam.name)] = param<unknown>(ctx, paramName(queryParam.name), itemIndex, '');
	}
	Object.assign(values, param<IDataObject>(ctx, 'filters', itemIndex, {}), param<IDataObject>(ctx, 'options', itemIndex, {}));
	const query = readQuery(params, values, ctx.getTimezone(), issues);
	for (const queryParam of params) {
		if (queryParam.required && (query[queryParam.name] === undefined || query[queryParam.name] === '')) {
			issues.push({ path: queryParam.name, message: 'is required' });
		}
	}
	return query;
}

/** The JSON body from the fields or from the JSON parameter, normalised and validated. */
export function readOperationBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
	issues: ValidationIssue[],
): IDataObject | undefined {
	const spec = operation.body;
	if (!spec || spec.contentType !== 'json') return undefined;
	if (!spec.fields.length) return {};
	let body: unknown;
	if (param<string>(ctx, 'sendBodyAs', itemIndex, 'fields') === 'json') {
		const parsed = parseJsonValue(param<unknown>(ctx, 'jsonBody', itemIndex, '{}'));
		if (parsed.error) {
			issues.push({ path: '', message: `given in JSON Body ${parsed.error}` });
			return undefined;
		}
		body = parsed.value ?? {};
		// A field that is also a required query parameter has its own parameter in both modes.
		if (body && typeof body === 'object' && !Array.isArray(body)) {
			for (const name of sharedQueryBodyNames(operation)) {
				if ((body as IDataObject)[name] === undefined) {
					(body as IDataObject)[name] = param<string>(ctx, paramName(name), itemIndex, '') || undefined;
				}
			}
		}
	} else {
		const values: Record<string, unknown> = { ...param<IDataObject>(ctx, 'additionalFields', itemIndex, {}) };
		for (const field of spec.fields) {
			if (field.required) values[paramName(field.name)] = param<unknown>(ctx, paramName(field.name), itemIndex, undefined);
		}
		body = readFields(spec.fields, values, 1, '', issues);
	}
	body = normalizeBody(spec.fields, body, ctx.getTimezone());
	issues.push(...validateBody(spec, body));
	// An update whose fields are all optional and none set would change nothing (and n8n drops an
	// empty JSON body): say so rather than send it.
	const isChange = operation.method === 'PUT' || operation.method === 'PATCH';
	if (isChange && !spec.fields.some((field) => field.required) && isEmptyObject(body)) {
		issues.push({ path: '', message: 'has no field to change: set at least one field' });
	}
	return body as IDataObject;
}

function isEmptyObject(value: unknown): boolean {
	return !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

function applySort(ctx: IExecuteFunctions, itemIndex: number, operation: Operation, query: Query, returnAll: boolean): void {
	const sortFields = operation.list?.sortFields;
	if (!sortFields?.length) return;
	const options = param<IDataObject>(ctx, 'options', itemIndex, {});
	if (options.sortBy) query.sort_by = String(options.sortBy);
	if (options.sortDirection) query.sort_direction = String(options.sortDirection);
	// HCP's default (created_at desc) shifts pages while records are added: a full read sorts
	// ascending by a stable key instead (FIELD-NOTES "Lists and pagination").
	if (returnAll && !options.sortBy && !options.sortDirection && sortFields.includes('created_at')) {
		query.sort_by = 'created_at';
		query.sort_direction = 'asc';
	}
}

export async function executeTableOperation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
): Promise<IDataObject[]> {
	const issues: ValidationIssue[] = [];
	const pathValues = readPathValues(ctx, itemIndex, operation, issues);
	const query = readOperationQuery(ctx, itemIndex, operation, issues);
	const body = readOperationBody(ctx, itemIndex, operation, issues);
	if (issues.length) throw validationError(ctx, itemIndex, issues);
	const path = fillPath(operation.path, pathValues);
	const requestOptions = { itemIndex, partnerOnly: operation.partnerOnly };
	const simplify = hasSimplify(operation) && param<boolean>(ctx, 'simplify', itemIndex, true) ? simplifierFor(operation.object) : undefined;

	if (operation.list) {
		const returnAll = param<boolean>(ctx, 'returnAll', itemIndex, false);
		const limit = returnAll ? undefined : Math.max(1, Math.floor(param<number>(ctx, 'limit', itemIndex, 50)));
		applySort(ctx, itemIndex, operation, query, returnAll);
		const options = param<IDataObject>(ctx, 'options', itemIndex, {});
		const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Number(options.parallelRequests) || DEFAULT_CONCURRENCY));
		const rows = await readList(ctx, path, operation.list, query, {
			...requestOptions,
			limit,
			concurrency,
			idField: operation.object ? getObject(operation.object).idField : 'id',
		});
		return simplify ? rows.map(simplify) : rows;
	}

	const answer = await hcpRequest(ctx, { method: operation.method, path, query, body }, requestOptions);
	const records = answerToRecords(answer);
	return simplify ? records.map(simplify) : records;
}
