import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getObject } from '../../shared/table';
import type { Operation, PathParam } from '../../shared/table/types';
import { fillPath } from '../../shared/transport';
import { whereToFindId } from '../ids';
import { formatIssue, type ValidationIssue } from '../validate';
import { isLocatorObject, pathParamName } from '../contract';
import { locatorValue } from '../params';

/** n8n runs a node as an AI tool under its `...Tool` type: one call, one item, read by a model. */
export function isToolExecution(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * What a tool answers instead of an empty list: to a model, `[]` reads the same as "there is no
 * such customer" and as "the search was wrong", so the answer says which, and what to do next.
 */
export function nothingMatched(message: string, hint: string): INodeExecutionData {
	return { json: { matched: false, message, hint } };
}

/** One error for all problems of an item: the first in the message, every one in the description. */
export function validationError(ctx: IExecuteFunctions, itemIndex: number, issues: ValidationIssue[]): NodeOperationError {
	// A tool call has one item; "Item 0:" would only make the model wonder which item it sent.
	const tool = isToolExecution(ctx);
	const lines = issues.map((issue) => formatIssue(itemIndex, issue, tool));
	const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
	return new NodeOperationError(ctx.getNode(), `${lines[0]}${more}`, {
		itemIndex,
		description: lines.join('\n'),
	});
}

/** Reads a parameter that may be hidden for this operation without throwing. */
export function param<T>(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: T): T {
	return ctx.getNodeParameter(name, itemIndex, fallback as never) as T;
}

/** The values of the operation's path parameters, by placeholder name; missing ones go to `issues`. */
export function readPathValues(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
	issues: ValidationIssue[],
): Record<string, string> {
	const values: Record<string, string> = {};
	for (const pathParam of operation.pathParams) {
		const raw = param<unknown>(ctx, pathParamName(pathParam), itemIndex, '');
		const value = isLocatorObject(pathParam.object)
			? locatorValue(raw, pathParam.object)
			: raw === undefined || raw === null
				? ''
				: String(raw).trim();
		if (!value) issues.push({ path: pathParam.label, message: 'is required' });
		else {
			const wrongFormat = idFormatProblem(pathParam, value);
			if (wrongFormat) issues.push({ path: pathParam.label, message: wrongFormat });
		}
		values[pathParam.name] = value;
	}
	return values;
}

/**
 * HCP ids carry a prefix per object (FIELD-NOTES "Values"): a value without it ("12345", a name)
 * can only be a mistake, and sending it costs a request and answers a bare 404.
 */
export function idFormatProblem(pathParam: PathParam, value: string): string | undefined {
	if (!pathParam.object) return undefined;
	const prefix = getObject(pathParam.object).idPrefix;
	if (!prefix || value.startsWith(prefix)) return undefined;
	return `must be a Housecall Pro ${getObject(pathParam.object).displayName.toLowerCase()} ID starting with ${prefix}, got "${value}": ${whereToFindId(pathParam.object)}`;
}

/** The request path with its placeholders filled, or an error naming the missing parameter. */
export function resolvePath(ctx: IExecuteFunctions, itemIndex: number, operation: Operation): string {
	const issues: ValidationIssue[] = [];
	const values = readPathValues(ctx, itemIndex, operation, issues);
	if (issues.length) throw validationError(ctx, itemIndex, issues);
	return fillPath(operation.path, values);
}

/** Items from an answer: a list gives one item per element, nothing at all gives `{success: true}`. */
export function answerToRecords(answer: unknown): IDataObject[] {
	if (Array.isArray(answer)) {
		return answer.map((element) =>
			element && typeof element === 'object' && !Array.isArray(element) ? (element as IDataObject) : { value: element },
		);
	}
	if (answer && typeof answer === 'object') {
		return Object.keys(answer).length ? [answer as IDataObject] : [{ success: true }];
	}
	if (answer === undefined || answer === null || answer === '') return [{ success: true }];
	return [{ value: answer as string | number | boolean }];
}

/**
 * Records as output items (the router adds pairedItem). Not helpers.returnJsonArray: it unwraps a
 * record that has a `json` field, and an HCP answer may have one.
 */
export function toItems(records: readonly IDataObject[]): INodeExecutionData[] {
	return records.map((json) => ({ json }));
}
