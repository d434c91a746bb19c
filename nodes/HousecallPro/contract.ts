import type { ObjectName, PathParam } from '../shared/table/types';

/**
 * How table names become n8n parameter names, and back. n8n parameters are camelCase; HCP fields
 * are snake_case. The mapping is mechanical so a body can be rebuilt from the parameters with the
 * table alone (a unit test checks no two fields of one level map to the same name).
 */
export function paramName(hcpName: string): string {
	return hcpName.replace(/^_+/, '').replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Path parameters called only `id` or `uuid` are named after their object (`jobLineItemId`). */
export function pathParamName(param: PathParam): string {
	if ((param.name === 'id' || param.name === 'uuid') && param.object) return `${param.object}Id`;
	return paramName(param.name);
}

/** Objects offered as resource locators (searchable list, ID, URL). */
export const LOCATOR_OBJECTS = ['customer', 'job', 'estimate', 'lead', 'invoice'] as const;
export type LocatorObject = (typeof LOCATOR_OBJECTS)[number];

export function isLocatorObject(object: ObjectName | string | undefined): object is LocatorObject {
	return (LOCATOR_OBJECTS as readonly string[]).includes(object ?? '');
}

/** Body and query fields that hold the id of a locator object, by HCP name. */
export const LOCATOR_FIELDS: Readonly<Record<string, LocatorObject>> = {
	customer_id: 'customer',
};

/** Fields filled from a dropdown of the account's records (loadOptions method name). */
export const DROPDOWN_FIELDS: Readonly<Record<string, string>> = {
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
export const DROPDOWN_DEPENDS_ON: Readonly<Record<string, readonly string[]>> = {
	getPipelineStatuses: ['resourceType'],
};

/** Names the node itself uses at the top level; no table field may take them. */
export const RESERVED_PARAMS = [
	'resource',
	'operation',
	'returnAll',
	'limit',
	'filters',
	'options',
	'additionalFields',
	'sendBodyAs',
	'jsonBody',
	'simplify',
	'binaryPropertyName',
] as const;

/** Option name of the single entry kind inside every fixedCollection the node builds. */
export const ENTRY = 'values';
/** Collection inside a fixedCollection entry that holds its optional fields. */
export const ENTRY_MORE = 'additionalFields';
