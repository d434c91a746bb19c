/**
 * Test helpers for the action node: sample values built from the table, and node parameters built
 * from a body by walking the node's OWN properties (so a test checks that what the description
 * offers is what the reader understands, without a second copy of the rules).
 */
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { ENTRY, ENTRY_MORE, pathParamName } from '../../nodes/HousecallPro/contract';
import { getObject } from '../../nodes/shared/table';
import type { BodyField, Operation, QueryParam } from '../../nodes/shared/table/types';

export const node = new HousecallPro();
export const properties = node.description.properties;

/** A value of the right type for a body field; `variant` changes strings and numbers between elements. */
export function sampleValue(field: BodyField, variant = 0): unknown {
	switch (field.type) {
		case 'string':
			if (field.options) return field.options[variant % field.options.length];
			if (field.name === 'customer_id') return `cus_sample${variant}`;
			if (field.format === 'email') return `sample${variant}@example.com`;
			return `${field.name} ${variant}`;
		case 'number':
			return 1.5 + variant;
		case 'integer':
		case 'cents':
			return 1200 + variant;
		case 'boolean':
			return variant % 2 === 0;
		case 'dateTime':
			return `2026-07-2${4 + variant}T15:00:00Z`;
		case 'date':
			return `2026-07-2${4 + variant}`;
		case 'stringArray':
			return field.options ? [field.options[variant % field.options.length]] : [`${field.name}-a`, `${field.name}-b`];
		case 'object':
			return sampleBody(field.fields ?? [], variant);
		case 'objectArray':
			return [sampleBody(field.fields ?? [], 0), sampleBody(field.fields ?? [], 1)];
	}
}

/** Every field of a body filled (objects without declared fields get one free key). */
export function sampleBody(fields: readonly BodyField[], variant = 0): Record<string, unknown> {
	if (!fields.length) return { note: `free ${variant}` };
	return Object.fromEntries(fields.map((field) => [field.name, sampleValue(field, variant)]));
}

export function sampleQueryValue(param: QueryParam): unknown {
	if (param.options) return param.array ? [...param.options.slice(0, 2)] : param.options[0];
	switch (param.type) {
		case 'integer':
			return 7;
		case 'number':
			return 2.5;
		case 'boolean':
			return true;
		case 'dateTime':
			return '2026-07-01T08:30:00Z';
		case 'date':
			return '2026-07-01';
		default:
			if (param.name === 'customer_id') return 'cus_filter';
			return param.array ? [`${param.name}-1`, `${param.name}-2`] : `${param.name}-value`;
	}
}

/** Sample path values by placeholder name, in the object's id form, e.g. `{job_id: 'job_job_id1'}`. */
export function samplePathValues(operation: Operation): Record<string, string> {
	return Object.fromEntries(
		operation.pathParams.map((param) => {
			const prefix = param.object ? getObject(param.object).idPrefix : undefined;
			return [param.name, `${prefix ?? `${param.object ?? param.name}_`}${param.name}1`];
		}),
	);
}

function isShownFor(property: INodeProperties, resource: string, operation: string, extra: Record<string, unknown>): boolean {
	const show = property.displayOptions?.show;
	if (!show) return false;
	const values: Record<string, unknown> = { resource, operation, ...extra };
	return Object.entries(show).every(([name, allowed]) => Array.isArray(allowed) && allowed.includes(values[name] as never));
}

/** Top-level properties shown for a resource/operation (with `extra` values such as sendBodyAs). */
export function shownProperties(resource: string, operation: string, extra: Record<string, unknown> = {}): INodeProperties[] {
	return properties.filter((property) => property.name !== 'resource' && property.name !== 'operation' && isShownFor(property, resource, operation, extra));
}

function fieldOf(fields: readonly BodyField[], property: INodeProperties, resource?: string): BodyField | undefined {
	const camel = (name: string) => name.replace(/^_+/, '').replace(/_([a-z0-9])/g, (_m, letter: string) => letter.toUpperCase());
	// At the top, a required field whose name the node reserves carries the resource first (estimateOptions).
	const prefixed = (name: string) => `${resource}${camel(name).charAt(0).toUpperCase()}${camel(name).slice(1)}`;
	return fields.find((field) => camel(field.name) === property.name || (resource !== undefined && field.required && prefixed(field.name) === property.name));
}

/** The parameter value a person would enter for `value` of `field` in `property`. */
function toParamValue(property: INodeProperties, field: BodyField, value: unknown): unknown {
	switch (property.type) {
		case 'resourceLocator':
			return { __rl: true, mode: 'id', value };
		case 'json':
			return JSON.stringify(value);
		case 'collection':
			return paramsFromBody(property.options as INodeProperties[], field.fields ?? [], value as Record<string, unknown>);
		case 'fixedCollection': {
			const entry = (property.options as Array<{ name: string; values: INodeProperties[] }>)[0];
			const toEntry = (element: unknown) => paramsFromBody(entry.values, field.fields ?? [], element as Record<string, unknown>);
			return { [entry.name]: Array.isArray(value) ? value.map(toEntry) : toEntry(value) };
		}
		case 'string':
			return Array.isArray(value) ? value.join(', ') : value;
		default:
			return value;
	}
}

/**
 * Parameters that describe `body`, built by walking `props` (the node's own properties): each
 * property takes the body field of its name; a nested Additional Fields collection takes the rest.
 * `resource` is given for the top level, where required fields may carry it (see fieldOf).
 */
export function paramsFromBody(props: readonly INodeProperties[], fields: readonly BodyField[], body: Record<string, unknown>, resource?: string): INodeParameters {
	const params: INodeParameters = {};
	for (const property of props) {
		if (property.name === ENTRY_MORE && property.type === 'collection') {
			const nested = paramsFromBody(property.options as INodeProperties[], fields, body);
			if (Object.keys(nested).length) params[ENTRY_MORE] = nested;
			continue;
		}
		const field = fieldOf(fields, property, resource);
		if (!field || body[field.name] === undefined) continue;
		params[property.name] = toParamValue(property, field, body[field.name]) as never;
	}
	return params;
}

export { ENTRY, pathParamName };
