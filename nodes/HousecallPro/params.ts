/**
 * Reads node parameters back into what HCP takes, following the same table and the same naming
 * rules (contract.ts) that built the parameters. Pure: values in, body/query and problems out.
 */
import { jsonParse } from 'n8n-workflow';

import type { BodyField, QueryParam } from '../shared/table/types';
import type { Query } from '../shared/transport';
import { toHcpDate, toHcpDateTime } from './datetime';
import type { ValidationIssue } from './validate';
import { ENTRY, ENTRY_MORE, LOCATOR_FIELDS, locatorUrlRegex, objectStyle, paramName, type LocatorObject } from './contract';
import { isPlainObject } from '../shared/values';

type Values = Record<string, unknown>;

function join(path: string, name: string): string {
	return path ? `${path}.${name}` : name;
}

/**
 * The id a resource-locator value names. Accepts the locator object n8n stores
 * (`{__rl, mode, value}`) or a plain string (expressions, AI tools). Not getNodeParameter's
 * extractValue: it throws on a URL that does not match, instead of naming the field among the
 * item's other problems, and leaves locators inside collections as they are.
 */
export function locatorValue(raw: unknown, object: LocatorObject): string {
	if (isPlainObject(raw) && 'value' in raw) {
		const value = String(raw.value ?? '').trim();
		if (raw.mode === 'url' && value) {
			const match = new RegExp(locatorUrlRegex(object)).exec(value);
			return match?.[1] ?? '';
		}
		return value;
	}
	if (raw === undefined || raw === null) return '';
	return String(raw).trim();
}

/** A JSON parameter's value: text is parsed, an object an expression produced is taken as is. */
export function parseJsonValue(raw: unknown): { value?: unknown; error?: string } {
	if (typeof raw !== 'string') return { value: raw };
	const text = raw.trim();
	if (!text) return { value: undefined };
	try {
		return { value: jsonParse<unknown>(text) };
	} catch (error) {
		return { error: `is not valid JSON (${(error as Error).message})` };
	}
}

function splitList(raw: unknown): unknown[] | undefined {
	let list: unknown[];
	if (Array.isArray(raw)) list = raw;
	else if (typeof raw === 'string') list = raw.split(',');
	else return undefined;
	const cleaned = list
		.map((element) => (typeof element === 'string' ? element.trim() : element))
		.filter((element) => element !== '' && element !== undefined && element !== null);
	return cleaned;
}

function toNumberIfNumeric(raw: unknown): unknown {
	if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
	return raw;
}

function isEmptyJson(value: unknown): boolean {
	return (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** One entry of a fixedCollection: its direct fields plus those in its Additional Fields. */
function flattenEntry(entry: unknown): Values {
	if (!isPlainObject(entry)) return {};
	const { [ENTRY_MORE]: more, ...direct } = entry;
	return { ...direct, ...(isPlainObject(more) ? more : {}) };
}

function readField(field: BodyField, raw: unknown, level: number, path: string, issues: ValidationIssue[]): unknown {
	if (raw === undefined || raw === null) return undefined;
	const locator = LOCATOR_FIELDS[field.name];
	if (locator && field.type === 'string') return locatorValue(raw, locator) || undefined;

	switch (field.type) {
		case 'string':
			if (raw === '') return undefined;
			return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
		case 'number':
		case 'integer':
		case 'cents':
			return raw === '' ? undefined : toNumberIfNumeric(raw);
		case 'boolean':
			if (raw === 'true') return true;
			if (raw === 'false') return false;
			return raw;
		case 'dateTime':
		case 'date':
			return raw === '' ? undefined : raw;
		case 'stringArray': {
			if (raw === '') return undefined;
			const list = splitList(raw);
			if (!list) return raw;
			return list.length ? list : undefined;
		}
		case 'object':
		case 'objectArray':
			return readStructured(field, raw, level, path, issues);
	}
}

function readStructured(field: BodyField, raw: unknown, level: number, path: string, issues: ValidationIssue[]): unknown {
	const style = objectStyle(field, level);
	if (style === 'json') {
		const parsed = parseJsonValue(raw);
		if (parsed.error) {
			issues.push({ path, message: parsed.error });
			return undefined;
		}
		return parsed.value === undefined || (!field.required && isEmptyJson(parsed.value)) ? undefined : parsed.value;
	}
	const children = field.fields ?? [];
	// An expression may hand over the finished object or list; the validator judges it.
	if (field.type === 'objectArray' && Array.isArray(raw)) return raw;
	if (!isPlainObject(raw)) return raw;
	if (style === 'collection') {
		const body = readFields(children, raw, level + 1, path, issues);
		return Object.keys(body).length ? body : undefined;
	}
	const entries = raw[ENTRY];
	if (field.type === 'objectArray') {
		if (entries === undefined) return undefined;
		const list = Array.isArray(entries) ? entries : [entries];
		const result = list.map((entry, index) =>
			readFields(children, flattenEntry(entry), level + 1, `${path}[${index}]`, issues),
		);
		return result.length ? result : undefined;
	}
	if (entries === undefined) return undefined;
	return readFields(children, flattenEntry(entries), level + 1, path, issues);
}

/**
 * The body HCP takes, from parameter values keyed by parameter name (`unitPrice`), for fields at
 * `level` (1 = body root). Values left empty are not sent; problems reading JSON parameters are
 * added to `issues`. Type checking is validateBody's job.
 */
export function readFields(
	fields: readonly BodyField[],
	values: Values,
	level: number,
	path: string,
	issues: ValidationIssue[],
): Values {
	const body: Values = {};
	for (const field of fields) {
		const value = readField(field, values[paramName(field.name)], level, join(path, field.name), issues);
		if (value !== undefined) body[field.name] = value;
	}
	return body;
}

/** Digits of a phone number, with a leading North American `1` dropped from 11-digit numbers. */
export function phoneDigits(value: unknown): string {
	if (value === undefined || value === null) return '';
	const digits = String(value).replace(/\D/g, '');
	return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** Only phone punctuation around 7 to 15 digits: "(512) 555-0199", "+1 512.555.0199", "5125550199". */
export function looksLikePhoneNumber(value: string): boolean {
	if (!/^[\d\s()+.\-]+$/.test(value)) return false;
	const count = value.replace(/\D/g, '').length;
	return count >= 7 && count <= 15;
}

/** Query values from filter/option parameters, converted and checked; problems go to `issues`. */
export function readQuery(
	params: readonly QueryParam[],
	values: Values,
	timeZone: string,
	issues: ValidationIssue[],
): Query {
	const query: Query = {};
	for (const param of params) {
		let raw = values[paramName(param.name)];
		if (raw === undefined || raw === null || raw === '') continue;
		const locator = LOCATOR_FIELDS[param.name];
		if (locator && !param.array) raw = locatorValue(raw, locator);
		const fail = (what: string) => issues.push({ path: param.name, message: `must be ${what}` });

		if (param.array) {
			const list = splitList(raw);
			if (!list) {
				fail('a list');
				continue;
			}
			if (!list.length) continue;
			const strings = list.map(String);
			if (param.options && strings.some((value) => !param.options!.includes(value))) {
				fail(`any of: ${param.options.join(', ')}`);
				continue;
			}
			query[param.name] = strings;
			continue;
		}
		switch (param.type) {
			case 'dateTime': {
				const value = toHcpDateTime(raw, timeZone);
				if (value === undefined) fail('a date-time, e.g. 2026-07-24T15:00:00Z');
				else query[param.name] = value;
				break;
			}
			case 'date': {
				const value = toHcpDate(raw, timeZone);
				if (value === undefined) fail('a date YYYY-MM-DD');
				else query[param.name] = value;
				break;
			}
			case 'integer':
			case 'number': {
				const value = toNumberIfNumeric(raw);
				if (typeof value !== 'number' || (param.type === 'integer' && !Number.isInteger(value))) {
					fail(param.type === 'integer' ? 'an integer' : 'a number');
				} else query[param.name] = value;
				break;
			}
			case 'boolean':
				if (typeof raw !== 'boolean') fail('true or false');
				else query[param.name] = raw;
				break;
			default: {
				let value = String(raw).trim();
				if (param.phoneDigits && looksLikePhoneNumber(value)) value = phoneDigits(value);
				if (param.options && !param.options.includes(value)) fail(`one of: ${param.options.join(', ')}`);
				else if (value) query[param.name] = value;
			}
		}
	}
	return query;
}
