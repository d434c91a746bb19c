import { shortHash } from './hash';

/**
 * Presigned links (attachments, avatars) carry a signature that changes on every answer
 * (FIELD-NOTES "Values": they expire in about an hour). Their query string is left out of the
 * fingerprint, or every record holding one would look changed on every poll.
 */
const URL_WITH_QUERY = /^(https?:\/\/[^?#\s]*)[?#]/i;

/**
 * JSON of a value with object keys sorted at every level, so two answers that differ only in key
 * order give the same text; URLs lose their query string (see above).
 */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	switch (typeof value) {
		case 'string': {
			const match = URL_WITH_QUERY.exec(value);
			return JSON.stringify(match ? match[1] : value);
		}
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object': {
			if (Array.isArray(value)) {
				let out = '[';
				for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
				return `${out}]`;
			}
			const record = value as Record<string, unknown>;
			const keys = Object.keys(record).sort();
			let out = '{';
			let first = true;
			for (const key of keys) {
				if (record[key] === undefined) continue;
				out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
				first = false;
			}
			return `${out}}`;
		}
		default:
			return 'null';
	}
}

/** 8 characters that change whenever the record's content does. */
export function fingerprint(record: unknown): string {
	return shortHash(canonicalJson(record));
}
