import type { INodeProperties } from 'n8n-workflow';

import { byDisplayName, optionsOf, queryProperty, sentence, titleCase } from '../../shared/queryProperty';
import type { BodyField, PathParam, QueryParam } from '../../shared/table/types';
import {
	ENTRY,
	ENTRY_MORE,
	LOCATOR_FIELDS,
	isLocatorObject,
	locatorUrlRegex,
	objectStyle,
	paramName,
	pathParamName,
	type LocatorObject,
} from '../contract';

/**
 * Turns table records (BodyField, QueryParam, PathParam) into n8n parameters. Nothing here knows
 * an operation by name: every operation's fields come out of the same few rules.
 */

/** Fields filled from a dropdown of the account's records (loadOptions method name). */
const DROPDOWN_FIELDS: Readonly<Record<string, string>> = {
	assigned_employee_ids: 'getEmployees',
	assigned_employee_id: 'getEmployees',
	dispatched_employees_ids: 'getEmployees',
	employee_ids: 'getEmployees',
	employee_id: 'getEmployees',
	job_type_id: 'getJobTypes',
	tag_id: 'getTags',
	tag_ids: 'getTags',
	lead_source: 'getLeadSources',
	status_id: 'getPipelineStatuses',
};

/** Parameters whose dropdown depends on another parameter's value. */
const DROPDOWN_DEPENDS_ON: Readonly<Record<string, readonly string[]>> = {
	getPipelineStatuses: ['resourceType'],
};

const DROPDOWN_HINT = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

function label(name: string, displayName: string | undefined): string {
	return displayName || titleCase(name);
}

function describeField(field: BodyField): string {
	let text = field.description ?? '';
	if (field.type === 'cents') {
		if (!/cent/i.test(text)) text = `${sentence(text)} In cents.`.trim();
		text = `${sentence(text)} Whole cents only (12550 = $125.50): a number with decimals is refused, never rounded.`.trim();
	}
	if (field.type === 'dateTime') text = `${sentence(text)} Without a time zone it is read in the workflow's time zone`.trim();
	if (field.type === 'date') text = `${sentence(text)} Sent as YYYY-MM-DD`.trim();
	return text;
}

const LOCATOR_TEXT: Record<LocatorObject, { label: string; searchMethod: string; idPlaceholder: string; urlPlaceholder?: string; hint?: string }> = {
	customer: {
		label: 'Customer',
		searchMethod: 'searchCustomers',
		idPlaceholder: 'cus_...',
		urlPlaceholder: 'https://pro.housecallpro.com/app/customers/cus_...',
	},
	job: {
		label: 'Job',
		searchMethod: 'searchJobs',
		idPlaceholder: 'job_...',
		urlPlaceholder: 'https://pro.housecallpro.com/app/jobs/job_...',
	},
	estimate: {
		label: 'Estimate',
		searchMethod: 'searchEstimates',
		idPlaceholder: 'csr_...',
		urlPlaceholder: 'https://pro.housecallpro.com/app/estimates/csr_...',
	},
	lead: {
		label: 'Lead',
		searchMethod: 'searchLeads',
		idPlaceholder: 'Lead ID',
		urlPlaceholder: 'https://pro.housecallpro.com/app/leads/...',
	},
	invoice: {
		label: 'Invoice',
		searchMethod: 'searchInvoices',
		idPlaceholder: 'invoice_...',
		urlPlaceholder: 'https://pro.housecallpro.com/app/invoices/invoice_...',
	},
	address: {
		label: 'Address',
		searchMethod: 'searchAddresses',
		idPlaceholder: 'adr_...',
		hint: "From List shows the addresses of the customer chosen in Customer ID. A customer without one needs an address first: add it with Customer Address > Create (or in Housecall Pro), or give it in the customer's Addresses when creating them.",
	},
};

export function locatorProperty(
	name: string,
	displayName: string,
	object: LocatorObject,
	description: string,
	required: boolean,
): INodeProperties {
	const text = LOCATOR_TEXT[object];
	const urlRegex = locatorUrlRegex(object);
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		...(text.hint ? { hint: text.hint } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${/^[aeiou]/i.test(text.label) ? 'an' : 'a'} ${text.label.toLowerCase()}...`,
				typeOptions: { searchListMethod: text.searchMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: text.idPlaceholder },
			...(text.urlPlaceholder
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: text.urlPlaceholder,
							validation: [
								{
									type: 'regex' as const,
									properties: {
										regex: urlRegex,
										errorMessage: `Not a Housecall Pro ${text.label.toLowerCase()} URL`,
									},
								},
							],
							extractValue: { type: 'regex' as const, regex: urlRegex },
						},
					]
				: []),
		],
	};
}

function dropdownProperty(
	name: string,
	displayName: string,
	method: string,
	description: string,
	multiple: boolean,
	required: boolean,
): INodeProperties {
	return {
		displayName,
		name,
		type: multiple ? 'multiOptions' : 'options',
		typeOptions: {
			loadOptionsMethod: method,
			...(DROPDOWN_DEPENDS_ON[method] ? { loadOptionsDependsOn: [...DROPDOWN_DEPENDS_ON[method]] } : {}),
		},
		default: multiple ? [] : '',
		required,
		description: `${sentence(description)} ${DROPDOWN_HINT}.`.trim(),
	};
}

/** Where a nested field sits: 1 = directly in the body. */
type Level = number;

/**
 * Fields of an array entry shown directly: required and prominent ones, and those whose empty
 * value means "not set" (text, ids, a list of entries, which sends nothing while it has none).
 */
export function isDirectInEntry(field: BodyField, level: Level): boolean {
	if (field.required || field.prominent) return true;
	if (DROPDOWN_FIELDS[field.name] || LOCATOR_FIELDS[field.name]) return true;
	if (field.type === 'objectArray' && objectStyle(field, level) === 'entries') return true;
	return (field.type === 'string' && !field.options) || (field.type === 'stringArray' && !field.options);
}

/** The values of one entry of an object array: direct fields, then the rest in a collection. */
export function entryProperties(fields: readonly BodyField[], level: Level): INodeProperties[] {
	const direct = fields.filter((field) => isDirectInEntry(field, level)).map((field) => bodyFieldProperty(field, level, field.required ?? false));
	const more = fields.filter((field) => !isDirectInEntry(field, level));
	if (more.length) {
		direct.push({
			displayName: 'Additional Fields',
			name: ENTRY_MORE,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: more.map((field) => bodyFieldProperty(field, level, false)).sort(byDisplayName),
		});
	}
	return direct;
}

/**
 * One body field as an n8n parameter. `level` is where the field sits (1 = body root).
 * Objects become collections (they send only what is set), arrays of objects fixedCollections,
 * and anything deeper than MAX_STRUCTURED_LEVEL a JSON parameter checked by the validator.
 */
export function bodyFieldProperty(field: BodyField, level: Level, required: boolean): INodeProperties {
	const name = paramName(field.name);
	const displayName = label(field.name, field.label);
	const description = describeField(field);
	const base = { displayName, name, description, required };

	const locator = LOCATOR_FIELDS[field.name];
	if (locator && field.type === 'string') return locatorProperty(name, displayName, locator, description, required);
	const dropdown = DROPDOWN_FIELDS[field.name];
	if (dropdown && (field.type === 'string' || field.type === 'stringArray')) {
		return dropdownProperty(name, displayName, dropdown, description, field.type === 'stringArray', required);
	}

	switch (field.type) {
		case 'string':
			return field.options
				? { ...base, type: 'options', options: optionsOf(field.options), default: field.options[0] }
				: { ...base, type: 'string', default: '' };
		case 'number':
			// No numberPrecision: n8n 2.40.7's number input pads to it ("2.0000" for a quantity of 2) and
			// rounds to it (a latitude to 4 places); without one it shows 2, 2.5 or 0.0825 as typed.
			return { ...base, type: 'number', default: field.initial ?? 0 };
		case 'integer':
			return { ...base, type: 'number', default: field.initial ?? 0, typeOptions: { numberPrecision: 0 } };
		case 'cents':
			// Text, not a number input: with no decimal places n8n 2.40.7's number input dropped a
			// typed point ("125.5" became 1255, seen in Chromium), and with decimal places it rounds
			// to them. Text reaches the node as typed; the node refuses what is not whole cents,
			// naming the item and the field.
			return { ...base, type: 'string', default: '', placeholder: 'e.g. 12550 for $125.50' };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'dateTime':
		case 'date':
			return { ...base, type: 'dateTime', default: '' };
		case 'stringArray':
			return field.options
				? { ...base, type: 'multiOptions', options: optionsOf(field.options), default: [] }
				: {
						...base,
						type: 'string',
						default: '',
						description: `${sentence(description)} Several values separated by commas.`.trim(),
					};
		case 'object':
		case 'objectArray':
			return structuredProperty(field, level, base);
	}
}

function jsonProperty(field: BodyField, base: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'required'>): INodeProperties {
	const shape = field.fields?.length ? ` Fields: ${field.fields.map((child) => child.name).join(', ')}.` : '';
	return {
		...base,
		type: 'json',
		default: field.type === 'objectArray' ? '[]' : '{}',
		description: `${sentence(base.description)} As JSON (${field.type === 'objectArray' ? 'a list of objects' : 'an object'}).${shape}`.trim(),
	};
}

function structuredProperty(
	field: BodyField,
	level: Level,
	base: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'required'>,
): INodeProperties {
	const style = objectStyle(field, level);
	if (style === 'json') return jsonProperty(field, base);
	const children = field.fields ?? [];
	if (style === 'collection') {
		return {
			...base,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: children.map((child) => bodyFieldProperty(child, level + 1, false)).sort(byDisplayName),
		};
	}
	return {
		...base,
		type: 'fixedCollection',
		placeholder: field.type === 'objectArray' ? `Add ${singular(base.displayName)}` : `Set ${base.displayName}`,
		typeOptions: { multipleValues: field.type === 'objectArray' },
		default: {},
		options: [{ displayName: singular(base.displayName), name: ENTRY, values: entryProperties(children, level + 1) }],
	};
}

function singular(displayName: string): string {
	if (/ies$/.test(displayName)) return displayName.replace(/ies$/, 'y');
	if (/(ss|us)$/.test(displayName)) return displayName;
	return displayName.replace(/s$/, '');
}

/**
 * One query parameter (filter or option) as an n8n parameter: the shared builder, plus what only
 * the action node offers (resource locators, dropdowns of the account's records, whole-number
 * integers, and the time-zone note its date-time reading needs).
 */
export function queryParamProperty(param: QueryParam, required: boolean): INodeProperties {
	const name = paramName(param.name);
	const displayName = label(param.name, param.label);
	let description = param.description ?? '';
	if (param.type === 'dateTime') description = `${sentence(description)} Without a time zone it is read in the workflow's time zone`.trim();

	const locator = LOCATOR_FIELDS[param.name];
	if (locator && !param.array && param.type === 'string') return locatorProperty(name, displayName, locator, description, required);
	const dropdown = DROPDOWN_FIELDS[param.name];
	if (dropdown && param.type === 'string') return dropdownProperty(name, displayName, dropdown, description, !!param.array, required);

	const property = queryProperty(param, { displayName, name, description, required });
	return param.type === 'integer' && property.type === 'number' ? { ...property, typeOptions: { numberPrecision: 0 } } : property;
}

/** One path parameter: a resource locator for customers, jobs, estimates, leads and invoices. */
export function pathParamProperty(param: PathParam): INodeProperties {
	const name = pathParamName(param);
	const description = param.description ?? '';
	if (isLocatorObject(param.object)) return locatorProperty(name, param.label, param.object, description, true);
	const dropdown = DROPDOWN_FIELDS[param.name];
	if (dropdown) return dropdownProperty(name, param.label, dropdown, description, false, true);
	return { displayName: param.label, name, type: 'string', default: '', required: true, description };
}
