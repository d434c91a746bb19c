import { shortHash } from './hash';

/**
 * JSON of a value with object keys sorted at every level, so two values that differ only in key
 * order give the same text. For small values (the settings hash); records use `fingerprint`.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object': {
			if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
			const record = value as Record<string, unknown>;
			const keys = Object.keys(record)
				.filter((key) => record[key] !== undefined)
				.sort();
			return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
		}
		default:
			return 'null';
	}
}

/**
 * Presigned links (attachments, avatars) carry a signature that changes on every answer
 * (FIELD-NOTES "Values": they expire in about an hour). Their query string is left out of the
 * fingerprint, or every record holding one would look changed on every poll.
 */
const SIGNED_QUERY = /("https?:\/\/[^"?#\s]*)[?#][^"]*"/gi;

/**
 * 8 characters that change whenever the record's content does. The record is hashed as serialised:
 * HCP writes the keys of a kind of record in a fixed order, and sorting them first would cost three
 * times as much on large full reads. A new field or a new key order in HCP's answers reads as one
 * round of updates; a sorted form would not avoid the first and the second is rarer still.
 */
export function fingerprint(record: unknown): string {
	return shortHash(JSON.stringify(record).replace(SIGNED_QUERY, '$1"'));
}
