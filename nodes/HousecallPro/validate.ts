/**
 * Checks a request body against the table's BodyField types before it leaves n8n, so a wrong value
 * fails with the item and the field path (`line_items[0].unit_price`) instead of HCP's bare 422
 * or, worse, HCP silently ignoring it. Pure and table-driven: the package has no runtime
 * dependencies, so this is our own small validator rather than a schema library.
 */
import type { BodyField } from '../shared/table/types';
import { isIsoDate, isZonedDateTime, toHcpDate, toHcpDateTime } from './datetime';
import { isPlainObject } from '../shared/values';

export interface ValidationIssue {
	/** Field path as HCP names it, e.g. `line_items[0].unit_price`; '' for the body itself. */
	path: string;
	message: string;
}

export interface BodyRules {
	fields: readonly BodyField[];
	requireOneOf?: readonly string[];
}

/** One @, no spaces, a dot in the domain: loose on purpose (HCP's own rule is not recorded). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function join(path: string, name: string): string {
	return path ? `${path}.${name}` : name;
}

function describeType(field: BodyField): string {
	switch (field.type) {
		case 'string':
			return field.options ? `one of: ${field.options.join(', ')}` : 'a string';
		case 'number':
			return 'a number';
		case 'integer':
			return 'an integer';
		case 'cents':
			return 'a whole number of cents, e.g. 12550 for $125.50';
		case 'boolean':
			return 'true or false';
		case 'dateTime':
			return 'an ISO-8601 date-time with Z or an offset, e.g. 2026-07-24T15:00:00Z';
		case 'date':
			return 'a date YYYY-MM-DD';
		case 'stringArray':
			return field.options ? `a list of: ${field.options.join(', ')}` : 'a list of strings';
		case 'object':
			return 'an object';
		case 'objectArray':
			return 'a list of objects';
	}
}

function checkValue(field: BodyField, value: unknown, path: string, issues: ValidationIssue[]): void {
	const fail = (): void => {
		issues.push({ path, message: `must be ${describeType(field)}` });
	};
	switch (field.type) {
		case 'string':
			if (typeof value !== 'string' || (field.options && !field.options.includes(value))) return fail();
			// HCP keeps any text as an email and then cannot send to it: refuse a value with no mailbox form.
			if (field.format === 'email' && value !== '' && !EMAIL.test(value)) {
				issues.push({ path, message: `must be an email address like name@example.com, got "${value}"` });
			}
			return;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) fail();
			return;
		case 'integer':
		case 'cents':
			if (typeof value !== 'number' || !Number.isInteger(value)) fail();
			return;
		case 'boolean':
			if (typeof value !== 'boolean') fail();
			return;
		case 'dateTime':
			if (typeof value !== 'string' || !isZonedDateTime(value)) fail();
			return;
		case 'date':
			if (typeof value !== 'string' || !isIsoDate(value)) fail();
			return;
		case 'stringArray':
			if (
				!Array.isArray(value) ||
				value.some((element) => typeof element !== 'string' || (field.options && !field.options.includes(element)))
			) {
				fail();
			}
			return;
		case 'object':
			if (!isPlainObject(value)) return fail();
			if (field.fields) checkObject(field.fields, value, path, issues);
			return;
		case 'objectArray':
			if (!Array.isArray(value)) return fail();
			value.forEach((element, index) => {
				const elementPath = `${path}[${index}]`;
				if (!isPlainObject(element)) {
					issues.push({ path: elementPath, message: 'must be an object' });
				} else if (field.fields) {
					checkObject(field.fields, element, elementPath, issues);
				}
			});
			return;
	}
}

function checkObject(
	fields: readonly BodyField[],
	value: Record<string, unknown>,
	path: string,
	issues: ValidationIssue[],
): void {
	const known = new Map(fields.map((field) => [field.name, field]));
	for (const name of Object.keys(value)) {
		if (!known.has(name)) {
			issues.push({
				path: join(path, name),
				message: `is not a field Housecall Pro takes here (known: ${fields.map((field) => field.name).join(', ')})`,
			});
		}
	}
	for (const field of fields) {
		const fieldPath = join(path, field.name);
		const fieldValue = value[field.name];
		if (fieldValue === undefined || fieldValue === null) {
			if (field.required) issues.push({ path: fieldPath, message: 'is required' });
			// null is how HCP is told to clear an optional field.
			continue;
		}
		if (field.required && (fieldValue === '' || (Array.isArray(fieldValue) && fieldValue.length === 0))) {
			issues.push({ path: fieldPath, message: 'is required and may not be empty' });
			continue;
		}
		checkValue(field, fieldValue, fieldPath, issues);
	}
}

/** Every problem of `body` against the table's rules; empty when it is fine to send. */
export function validateBody(rules: BodyRules, body: unknown): ValidationIssue[] {
	if (!isPlainObject(body)) return [{ path: '', message: 'must be a JSON object' }];
	const issues: ValidationIssue[] = [];
	checkObject(rules.fields, body, '', issues);
	if (rules.requireOneOf?.length) {
		const present = rules.requireOneOf.some((name) => {
			const value = body[name];
			return value !== undefined && value !== null && value !== '';
		});
		if (!present) issues.push({ path: '', message: `needs at least one of: ${rules.requireOneOf.join(', ')}` });
	}
	return issues;
}

/**
 * Converts what a person or an expression typed into what HCP takes, where the meaning is clear:
 * date-times without a zone are read in `timeZone` and sent as UTC, dates are cut to YYYY-MM-DD.
 * Everything else is left for validateBody to judge. Returns a new object.
 */
export function normalizeBody(fields: readonly BodyField[], body: unknown, timeZone: string): unknown {
	if (!isPlainObject(body)) return body;
	const known = new Map(fields.map((field) => [field.name, field]));
	const result: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(body)) {
		const field = known.get(name);
		result[name] = field ? normalizeValue(field, value, timeZone) : value;
	}
	return result;
}

function normalizeValue(field: BodyField, value: unknown, timeZone: string): unknown {
	if (value === undefined || value === null) return value;
	switch (field.type) {
		case 'dateTime':
			return toHcpDateTime(value, timeZone) ?? value;
		case 'date':
			return toHcpDate(value, timeZone) ?? value;
		case 'object':
			return field.fields ? normalizeBody(field.fields, value, timeZone) : value;
		case 'objectArray':
			return Array.isArray(value) && field.fields
				? value.map((element) => normalizeBody(field.fields!, element, timeZone))
				: value;
		default:
			return value;
	}
}

/** `Item 2: "line_items[0].unit_price" must be a whole number of cents, e.g. 12550 for $125.50` */
export function formatIssue(itemIndex: number, issue: ValidationIssue, withoutItem = false): string {
	const item = withoutItem ? '' : `Item ${itemIndex}: `;
	const text = issue.path ? `"${issue.path}" ${issue.message}` : `the body ${issue.message}`;
	return withoutItem ? text.charAt(0).toUpperCase() + text.slice(1) : `${item}${text}`;
}
