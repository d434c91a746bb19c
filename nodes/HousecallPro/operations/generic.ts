import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getObject, getOperation } from '../../shared/table';
import type { Operation } from '../../shared/table/types';
import { fillPath, hcpRequest, readList, type Query } from '../../shared/transport';
import { normalizeBody, validateBody, type ValidationIssue } from '../validate';
import { hasSimplify, paramName, plural, requiredBodyParamName, sharedQueryBodyNames } from '../contract';
import { parseJsonValue, readFields, readQuery } from '../params';
import { simplifierFor } from '../simplify';
import { whereToFindId } from '../ids';
import { answerToRecords, isToolExecution, param, readPathValues, validationError } from './common';

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
			if (field.required) values[paramName(field.name)] = param<unknown>(ctx, requiredBodyParamName(field.name, operation.resource), itemIndex, undefined);
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

/** The error to throw: HCP's 404 replaced by one that says what to do, anything else as it was. */
function onNotFound(
	ctx: IExecuteFunctions,
	error: unknown,
	replace: (notFound: NodeApiError) => NodeApiError,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return error.httpCode === '404' ? replace(error) : error;
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error));
}

/** Query values that are ids of other records, which HCP filters by without checking they exist. */
const FILTER_IDS: Readonly<Record<string, string>> = { customer_id: 'customer' };

/**
 * A tool's answer for an empty list. HCP answers `[]` for a filter on an id that does not exist
 * as for one that has nothing, so a filtered id is looked up once before the answer says "none".
 */
async function emptyListAnswer(ctx: IExecuteFunctions, itemIndex: number, operation: Operation, query: Query): Promise<IDataObject> {
	const what = plural((operation.object ? getObject(operation.object).displayName : operation.resource).toLowerCase());
	for (const [name, object] of Object.entries(FILTER_IDS)) {
		const id = query[name];
		if (typeof id !== 'string' || !id) continue;
		const spec = getObject(object);
		const get = getOperation(`${object}.get`);
		try {
			await hcpRequest(ctx, { method: 'GET', path: fillPath(get.path, { [get.pathParams[0].name]: id }) }, { itemIndex });
		} catch (error) {
			throw onNotFound(ctx, error, () =>
				new NodeApiError(ctx.getNode(), { message: `No ${spec.displayName.toLowerCase()} ${id}`, httpCode: '404' }, {
					message: `Housecall Pro has no ${spec.displayName.toLowerCase()} with ID "${id}", so there are no ${what} to list for it: ${whereToFindId(object)}`,
					httpCode: '404',
					itemIndex,
				}),
			);
		}
	}
	const filters = Object.entries(query)
		.filter(([name, value]) => value !== undefined && value !== '' && !['sort_by', 'sort_direction'].includes(name))
		.map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(',') : String(value)}`);
	return {
		matched: false,
		message: `No ${what} matched${filters.length ? ` (${filters.join(', ')})` : ''}.`,
		hint: filters.length ? 'Widen or remove a filter and try again.' : `Housecall Pro has no ${what} yet.`,
	};
}

/** A 404 on a path with ids names each id and where a right one comes from. */
function notFoundError(ctx: IExecuteFunctions, itemIndex: number, operation: Operation, pathValues: Record<string, string>, error: NodeApiError): NodeApiError {
	const ids = operation.pathParams
		.filter((pathParam) => pathValues[pathParam.name])
		.map((pathParam) => `${pathParam.label} "${pathValues[pathParam.name]}"`);
	const last = [...operation.pathParams].reverse().find((pathParam) => pathParam.object);
	const next = last?.object ? `: ${whereToFindId(last.object)}` : '';
	return new NodeApiError(ctx.getNode(), { message: error.message, httpCode: '404' }, {
		message: `Not found in Housecall Pro: ${ids.join(', ')}${next}`,
		description: error.description ?? undefined,
		httpCode: '404',
		itemIndex,
	});
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
	const tool = isToolExecution(ctx);
	// A tool also offers Simplify where the record is large but the operation is a write.
	const offersSimplify = hasSimplify(operation) || (tool && !!simplifierFor(operation.object));
	const simplify = offersSimplify && param<boolean>(ctx, 'simplify', itemIndex, true) ? simplifierFor(operation.object) : undefined;

	if (operation.list) {
		const returnAll = param<boolean>(ctx, 'returnAll', itemIndex, false);
		const limit = returnAll ? undefined : Math.max(1, Math.floor(param<number>(ctx, 'limit', itemIndex, 50)));
		applySort(ctx, itemIndex, operation, query, returnAll);
		const options = param<IDataObject>(ctx, 'options', itemIndex, {});
		const rows = await readList(ctx, path, operation.list, query, {
			...requestOptions,
			limit,
			// iteratePages clamps it to 1..8 and reads an empty option as the default.
			concurrency: Number(options.parallelRequests),
			idField: operation.object ? getObject(operation.object).idField : 'id',
			mapRow: simplify,
		});
		if (!rows.length && tool) return [await emptyListAnswer(ctx, itemIndex, operation, query)];
		return rows;
	}

	let answer: unknown;
	try {
		answer = await hcpRequest(ctx, { method: operation.method, path, query, body }, requestOptions);
	} catch (error) {
		throw operation.pathParams.length
			? onNotFound(ctx, error, (notFound) => notFoundError(ctx, itemIndex, operation, pathValues, notFound))
			: onNotFound(ctx, error, (notFound) => notFound);
	}
	const records = answerToRecords(answer);
	return simplify ? records.map(simplify) : records;
}
