import type { IDataObject } from 'n8n-workflow';

/** Small value checks that every node reads parameters and answers with. */

/** A JSON object: not null, not an array, not a Buffer. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** The value as a record when it is one (an HCP answer's nested object), else undefined. */
export function asObject(value: unknown): IDataObject | undefined {
	return isPlainObject(value) ? (value as IDataObject) : undefined;
}

/**
 * A list parameter as a list of strings: a list as given, or text separated by commas (what an
 * expression usually produces). Entries are trimmed; empty ones are dropped.
 */
export function listOfStrings(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const entries = Array.isArray(value) ? value : String(value).split(',');
	return entries
		.filter((entry) => entry !== undefined && entry !== null)
		.map((entry) => String(entry).trim())
		.filter((entry) => entry !== '');
}
