/**
 * Request-body checks driven by the table's body fields: missing required fields answer 422
 * `{"errors":{"field":["can't be blank"]}}`, values of the wrong type 400 `{"message", "<field>": [...]}`
 * (FIELD-NOTES "Limits and errors").
 */
import type { BodyField, Operation } from '../../nodes/shared/table/types';
import type { ErrorAnswer } from './lists';
import { humanize, isPlainObject, parseTime, type Json } from './util';

export interface MultipartFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
}

export interface MultipartBody {
	fields: Record<string, string>;
	files: MultipartFile[];
}

function blank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Why a value does not fit the field's type, or undefined when it does. */
function typeProblem(field: BodyField, value: unknown): string | undefined {
	switch (field.type) {
		case 'string':
			if (typeof value !== 'string') return 'must be a string';
			break;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
			break;
		case 'integer':
		case 'cents':
			if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
			break;
		case 'boolean':
			if (typeof value !== 'boolean') return 'must be true or false';
			break;
		case 'dateTime':
			if (parseTime(value) === undefined) return 'must be an ISO-8601 date-time';
			break;
		case 'date':
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date (YYYY-MM-DD)';
			break;
		case 'stringArray':
			if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return 'must be an array of strings';
			break;
		case 'object':
			if (!isPlainObject(value)) return 'must be an object';
			break;
		case 'objectArray':
			if (!Array.isArray(value) || value.some((item) => !isPlainObject(item))) return 'must be an array of objects';
			break;
	}
	if (field.options && typeof value === 'string' && !field.options.includes(value)) {
		return `must be one of: ${field.options.join(', ')}`;
	}
	return undefined;
}

interface Problems {
	missing: string[];
	invalid: [string, string][];
}

function walk(fields: readonly BodyField[], body: Json, prefix: string, problems: Problems): void {
	for (const field of fields) {
		const path = prefix + field.name;
		const value = body[field.name];
		if (blank(value)) {
			if (field.required) problems.missing.push(path);
			continue;
		}
		const problem = typeProblem(field, value);
		if (problem) {
			problems.invalid.push([path, problem]);
			continue;
		}
		if (field.fields && field.type === 'object') walk(field.fields, value as Json, `${path}.`, problems);
		if (field.fields && field.type === 'objectArray') {
			(value as Json[]).forEach((item, index) => walk(field.fields ?? [], item, `${path}[${index}].`, problems));
		}
	}
}

/** Checks a JSON body against the operation's fields; undefined when it passes. */
export function validateJsonBody(operation: Operation, body: unknown): ErrorAnswer | undefined {
	const spec = operation.body;
	if (!spec) return undefined;
	if (!isPlainObject(body)) {
		return { status: 400, body: { message: 'The request body must be a JSON object', body: ['must be a JSON object'] } };
	}
	const problems: Problems = { missing: [], invalid: [] };
	walk(spec.fields, body, '', problems);
	if (problems.invalid.length > 0) {
		const sentence = problems.invalid.map(([path, problem]) => `${humanize(path)} ${problem}`).join(', ');
		const answer: Json = { message: sentence };
		for (const [path, problem] of problems.invalid) answer[path] = [problem];
		return { status: 400, body: answer };
	}
	if (problems.missing.length > 0) {
		const errors: Json = {};
		for (const path of problems.missing) errors[path] = ["can't be blank"];
		return { status: 422, body: { errors } };
	}
	if (spec.requireOneOf && spec.requireOneOf.every((name) => blank(body[name]))) {
		return {
			status: 422,
			body: { errors: { base: [`at least one of ${spec.requireOneOf.join(', ')} must be present`] } },
		};
	}
	return undefined;
}

/** Multipart bodies: every required field must come as a file part or a text part. */
export function validateMultipartBody(operation: Operation, body: MultipartBody): ErrorAnswer | undefined {
	const errors: Json = {};
	for (const field of operation.body?.fields ?? []) {
		const present = body.files.some((file) => file.field === field.name) || !blank(body.fields[field.name]);
		if (field.required && !present) errors[field.name] = ["can't be blank"];
	}
	return Object.keys(errors).length > 0 ? { status: 422, body: { errors } } : undefined;
}
