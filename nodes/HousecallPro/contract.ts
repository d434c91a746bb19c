import type { BodyField, HttpMethod, ObjectName, Operation, PathParam } from '../shared/table/types';
import { simplifierFor } from './simplify';

/**
 * The contract between the action node's description (which builds parameters from the table) and
 * its execution (which reads them back): both import these rules, neither imports the other.
 *
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

/** Objects offered as resource locators (searchable list, ID, and URL where HCP has a page for them). */
export const LOCATOR_OBJECTS = ['customer', 'job', 'estimate', 'lead', 'invoice', 'address'] as const;
export type LocatorObject = (typeof LOCATOR_OBJECTS)[number];

export function isLocatorObject(object: ObjectName | string | undefined): object is LocatorObject {
	return (LOCATOR_OBJECTS as readonly string[]).includes(object ?? '');
}

/** Body and query fields that hold the id of a locator object, by HCP name. */
export const LOCATOR_FIELDS: Readonly<Record<string, LocatorObject>> = {
	customer_id: 'customer',
	address_id: 'address',
};

/** The parameter a list of this object is read under: an address list shows the chosen customer's. */
export const LOCATOR_PARENT_PARAMS: Partial<Record<LocatorObject, readonly string[]>> = {
	// At the top of the form (job and estimate create, address get), or among the Additional Fields (lead create).
	address: ['customerId', 'additionalFields.customerId'],
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

/**
 * The parameter of a required body field, which sits at the top of the form beside the node's own
 * parameters: a name the node reserves is prefixed with the resource (estimate create's `options`
 * becomes `estimateOptions`, apart from the Options collection).
 */
export function requiredBodyParamName(hcpName: string, resource: string): string {
	const name = paramName(hcpName);
	if (!(RESERVED_PARAMS as readonly string[]).includes(name)) return name;
	return `${resource}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** Option name of the single entry kind inside every fixedCollection the node builds. */
export const ENTRY = 'values';
/** Collection inside a fixedCollection entry that holds its optional fields. */
export const ENTRY_MORE = 'additionalFields';

/** The regex that pulls an id out of a locator URL: the By URL mode's check, and the reader's. */
const LOCATOR_URL_REGEX: Readonly<Record<LocatorObject, string>> = {
	customer: '.*?(cus_[A-Za-z0-9]+).*',
	job: '.*?(job_[A-Za-z0-9]+).*',
	estimate: '.*?(csr_[A-Za-z0-9]+).*',
	// Lead ids carry no documented prefix: take the path segment after /leads/.
	lead: '.*/leads/([A-Za-z0-9_-]+).*',
	invoice: '.*?(invoice_[A-Za-z0-9]+).*',
	// Addresses have no page of their own in Housecall Pro, so no By URL mode; the regex only completes the table.
	address: '.*?(adr_[A-Za-z0-9]+).*',
};

export function locatorUrlRegex(object: LocatorObject): string {
	return LOCATOR_URL_REGEX[object];
}

/** Objects nested deeper than this are edited as JSON: n8n's nested editors stop being usable. */
export const MAX_STRUCTURED_LEVEL = 2;

/**
 * How an object or object-array field is edited at `level` (1 = body root): as JSON, as a
 * collection (an object whose fields are all optional: a collection sends only what the user set),
 * or as a fixedCollection of entries.
 */
export function objectStyle(field: BodyField, level: number): 'json' | 'collection' | 'entries' {
	if (level > MAX_STRUCTURED_LEVEL || !field.fields?.length) return 'json';
	if (field.type === 'object' && !field.fields.some((child) => child.required)) return 'collection';
	return 'entries';
}

/** Whether the operation offers Simplify (a compact form of large records). */
export function hasSimplify(operation: Operation): boolean {
	return !!simplifierFor(operation.object) && (operation.operation === 'get' || !!operation.list);
}

/** Required body fields that are also required query parameters: one parameter serves both. */
export function sharedQueryBodyNames(operation: Operation): Set<string> {
	const required = new Set((operation.query ?? []).filter((param) => param.required).map((param) => param.name));
	return new Set((operation.body?.fields ?? []).filter((field) => field.required && required.has(field.name)).map((field) => field.name));
}

/** The methods Custom API Call offers and accepts. */
export const CUSTOM_API_CALL_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The plural of a lower-case English noun from the table ("job line item", "address"). */
export function plural(noun: string): string {
	if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
	if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
	return `${noun}s`;
}
