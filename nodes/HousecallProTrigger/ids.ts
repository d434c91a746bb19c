/**
 * Compact, reversible ids for the trigger's state. HCP ids are a table prefix plus 32 hex digits
 * (`cus_0f3c...`) or a uuid; both pack into one tag letter plus 22 base64url characters instead of
 * 36 to 40. Anything else is kept as it is, percent-encoded so it cannot contain the separators
 * the state uses (`,` and `:`).
 */

const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Packs an id; `prefix` is the object's id prefix from the table (absent for uuids). */
export function packId(id: string, prefix = ''): string {
	if (prefix && id.startsWith(prefix)) {
		const rest = id.slice(prefix.length);
		if (HEX32.test(rest)) return `h${Buffer.from(rest, 'hex').toString('base64url')}`;
	}
	if (!prefix && HEX32.test(id)) return `h${Buffer.from(id, 'hex').toString('base64url')}`;
	if (UUID.test(id)) return `u${Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url')}`;
	return `r${encodeURIComponent(id)}`;
}

/** The id `packId` was given, or undefined when `packed` is not a packed id. */
export function unpackId(packed: string, prefix = ''): string | undefined {
	const tag = packed[0];
	const body = packed.slice(1);
	if (tag === 'h' || tag === 'u') {
		if (!/^[A-Za-z0-9_-]{22}$/.test(body)) return undefined;
		const hex = Buffer.from(body, 'base64url').toString('hex');
		if (tag === 'h') return `${prefix}${hex}`;
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	}
	if (tag === 'r' && body.length > 0) {
		try {
			return decodeURIComponent(body);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** The id of a row as a string, or undefined when the row has none. */
export function rowId(row: Record<string, unknown>, idField: string): string | undefined {
	const value = row[idField];
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}
