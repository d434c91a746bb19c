import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { byDisplayName, filtersCollection, titleCase } from '../../shared/queryProperty';
import type { Operation, QueryParam } from '../../shared/table/types';
import { DEFAULT_CONCURRENCY, INITIAL_WINDOW, MAX_CONCURRENCY } from '../../shared/transport';
import { hasSimplify, requiredBodyParamName, sharedQueryBodyNames } from '../contract';
import { simplifierFor } from '../simplify';
import { bodyFieldProperty, pathParamProperty, queryParamProperty } from './properties';

/**
 * The fields of one table operation, built from its record: path parameters, required query
 * parameters, the body (fields or validated JSON), Return All / Limit for lists, Simplify for the
 * large records, and collections for optional body fields, filters and options.
 */

export function showFor(operation: { resource: string; operation: string }, extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { resource: [operation.resource], operation: [operation.operation], ...extra } };
}

function withDisplay(property: INodeProperties, displayOptions: IDisplayOptions): INodeProperties {
	return { ...property, displayOptions };
}

/** Query parameters that shape the answer rather than filter it go to Options. */
function isOption(param: QueryParam): boolean {
	return param.name === 'expand';
}

export function optionalQueryGroups(operation: Operation): { filters: QueryParam[]; options: QueryParam[] } {
	const optional = (operation.query ?? []).filter((param) => !param.required);
	if (!operation.list) return { filters: [], options: optional };
	return { filters: optional.filter((param) => !isOption(param)), options: optional.filter(isOption) };
}

/** Options of the answer (expand, sorting, parallel pages), as one collection sorted by label. */
function optionsCollection(displayOptions: IDisplayOptions, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: options.sort(byDisplayName),
	};
}

/** `created_at` -> "Created At", `id` -> "ID": the words of the field Housecall Pro sorts on. */
export function sortFieldLabel(field: string): string {
	return titleCase(field).replace(/\bId\b/g, 'ID');
}

function listProperties(operation: Operation): INodeProperties[] {
	const list = operation.list!;
	const show = showFor(operation);
	const properties: INodeProperties[] = [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			hint: 'Return All reads oldest first (Created At, ascending), unlike a single page, which Housecall Pro sorts newest first; set Sort By under Options to choose. The oldest-first read is what keeps records from being missed or repeated while pages are read.',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: showFor(operation, { returnAll: [false] }),
		},
	];
	if (hasSimplify(operation)) properties.push(simplifyProperty(operation));
	const { filters, options } = optionalQueryGroups(operation);
	if (filters.length) properties.push(filtersCollection(show, filters.map((param) => queryParamProperty(param, false))));
	const optionProperties = options.map((param) => queryParamProperty(param, false));
	if (list.sortFields?.length) {
		const [firstSortField] = list.sortFields;
		optionProperties.push(
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				// The label reads as a person would ("Created At"); the value stays the field Housecall Pro sorts on.
				options: list.sortFields
					.map((field) => ({ name: sortFieldLabel(field), value: field }))
					.sort((a, b) => a.name.localeCompare(b.name)),
				default: firstSortField,
				description: 'Field to sort by. Housecall Pro sorts by Created At, newest first, when none is set.',
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'asc',
			},
		);
	}
	if (list.pageSizeParam) {
		optionProperties.push({
			displayName: 'Max Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description: `Most pages to fetch at once when more than one page is needed (1 to ${MAX_CONCURRENCY}). The node starts with ${INITIAL_WINDOW} (or this number, if lower) and goes higher only while Housecall Pro answers fast and sends no "too many requests"; workflows using the same API key share that judgement.`,
		});
	}
	if (optionProperties.length) properties.push(optionsCollection(show, optionProperties));
	return properties;
}

function simplifyProperty(operation: Operation, extraShow: IDisplayOptions['show'] = {}): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a compact version of each record (IDs, names, contact, status, customer, address, schedule, amounts in cents) instead of the full data',
		displayOptions: showFor(operation, extraShow),
	};
}

function bodyProperties(operation: Operation): INodeProperties[] {
	const body = operation.body;
	if (!body || body.contentType !== 'json' || !body.fields.length) return [];
	const shared = sharedQueryBodyNames(operation);
	const fieldsMode = showFor(operation, { sendBodyAs: ['fields'] });
	const required = body.fields.filter((field) => field.required && !shared.has(field.name));
	const optional = body.fields.filter((field) => !field.required);
	const fieldList = body.fields.map((field) => `${field.name}${field.required ? ' (required)' : ''}`).join(', ');

	const properties: INodeProperties[] = [
		{
			displayName: 'Send Body As',
			name: 'sendBodyAs',
			type: 'options',
			options: [
				{ name: 'Fields', value: 'fields', description: 'Fill in the fields below' },
				{ name: 'JSON', value: 'json', description: 'Give the whole request body as JSON; it is checked against the fields Housecall Pro takes' },
			],
			default: 'fields',
			displayOptions: showFor(operation),
		},
		...required.map((field) => withDisplay({ ...bodyFieldProperty(field, 1, true), name: requiredBodyParamName(field.name, operation.resource) }, fieldsMode)),
		{
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '{}',
			required: true,
			description: `The request body. Fields: ${fieldList}. Money in integer cents; date-times ISO-8601.`,
			displayOptions: showFor(operation, { sendBodyAs: ['json'] }),
		},
	];
	if (optional.length) {
		properties.push({
			displayName: operation.operation === 'update' ? 'Update Fields' : 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fieldsMode,
			options: optional.map((field) => bodyFieldProperty(field, 1, false)).sort(byDisplayName),
		});
	}
	return properties;
}

/** Every field of one table operation, each shown only for that resource and operation. */
export function tableOperationProperties(operation: Operation, extra: readonly INodeProperties[] = [], withBody = true): INodeProperties[] {
	const show = showFor(operation);
	const properties: INodeProperties[] = operation.pathParams.map((param) => withDisplay(pathParamProperty(param), show));
	for (const param of operation.query ?? []) {
		if (param.required) properties.push(withDisplay(queryParamProperty(param, true), show));
	}
	properties.push(...extra.map((property) => withDisplay(property, show)));
	if (withBody) properties.push(...bodyProperties(operation));
	if (operation.list) {
		properties.push(...listProperties(operation));
	} else {
		if (hasSimplify(operation)) properties.push(simplifyProperty(operation));
		// A tool's answer goes into the model's context: a write's large answer is compacted too.
		else if (simplifierFor(operation.object)) properties.push(simplifyProperty(operation, { '@tool': [true] }));
		const { options } = optionalQueryGroups(operation);
		if (options.length) properties.push(optionsCollection(show, options.map((param) => queryParamProperty(param, false))));
	}
	return properties;
}
