export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

/**
 * Serialises a query the way Housecall Pro reads it: arrays as repeated `name[]=` pairs
 * (unbracketed arrays are refused or silently ignored), empty values left out.
 */
export function encodeQuery(query: Query | undefined): string {
	if (!query) return '';
	const pairs: string[] = [];
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			const key = `${encodeURIComponent(name)}[]`;
			for (const element of value as ReadonlyArray<string | number>) {
				if (element === '' || element === null || element === undefined) continue;
				pairs.push(`${key}=${encodeURIComponent(String(element))}`);
			}
		} else {
			pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
		}
	}
	return pairs.join('&');
}

/** Fills `{placeholders}` of a table path; every value is URI-encoded so an id cannot change the path. */
export function fillPath(template: string, values: Record<string, string | number | undefined>): string {
	return template.replace(/\{([a-z_]+)\}/g, (_match, name: string) => {
		const value = values[name];
		if (value === undefined || String(value).trim() === '') {
			throw new MissingPathParameterError(name);
		}
		return encodeURIComponent(String(value).trim());
	});
}

export class MissingPathParameterError extends Error {
	constructor(readonly parameter: string) {
		super(`Missing value for "${parameter}"`);
	}
}
