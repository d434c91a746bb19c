import { UNAUTHORIZED_HINT } from '../../../credentials/HousecallProApi.credentials';

export interface HcpErrorDetail {
	/** One line for the user. */
	message: string;
	/** Field-level problems, `field: problem`. */
	fieldErrors: string[];
}

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (Array.isArray(value)) {
		const parts = value.map(asText).filter((part): part is string => part !== undefined);
		return parts.length ? parts.join(', ') : undefined;
	}
	if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		return asText(record.message) ?? asText(record.error);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

function looksLikeHtml(body: unknown): boolean {
	return typeof body === 'string' && /^\s*<(!doctype|html)/i.test(body);
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return body;
	try {
		return JSON.parse(trimmed);
	} catch {
		return body;
	}
}

/**
 * Reads the error shapes Housecall Pro answers with (FIELD-NOTES "Limits and errors"):
 * `{"message"}`, `{"error":{"message"}}`, `{"error":"..."}`, `{"errors":{"field":["..."]}}`,
 * `{"message","attr":[...]}`, and HTML pages.
 */
export function describeHcpError(status: number, rawBody: unknown): HcpErrorDetail {
	const body = parseBody(rawBody);
	const fieldErrors: string[] = [];
	let message: string | undefined;

	if (looksLikeHtml(body)) {
		message = status === 404 ? 'Not found: Housecall Pro has no such record or endpoint' : undefined;
	} else if (body && typeof body === 'object' && !Array.isArray(body)) {
		const record = body as Record<string, unknown>;
		message = asText(record.message) ?? asText(record.error);
		const errors = record.errors;
		if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
			for (const [field, problems] of Object.entries(errors as Record<string, unknown>)) {
				fieldErrors.push(`${field}: ${asText(problems) ?? 'is invalid'}`);
			}
		} else if (Array.isArray(errors)) {
			const text = asText(errors);
			if (text) fieldErrors.push(text);
		}
		if (Array.isArray(record.attr) && record.attr.length) {
			fieldErrors.push(`fields: ${record.attr.map((attr) => asText(attr) ?? JSON.stringify(attr)).join(', ')}`);
		}
	} else if (typeof body === 'string' && body.trim()) {
		message = body.trim().slice(0, 300);
	}

	if (status === 401) {
		message = `Unauthorized. ${UNAUTHORIZED_HINT}`;
	} else if (status === 403) {
		message = `Forbidden${message ? `: ${message}` : ''}. The key cannot reach this record or location, or the operation is for Housecall Pro partner applications only.`;
	} else if (status === 429) {
		message = `Rate limited by Housecall Pro (429)${message ? `: ${message}` : ''}. Retries were exhausted; try again later or make fewer parallel requests.`;
	}
	if (status === 400 && message === 'Archived job') {
		// Recorded: what HCP answers for the appointments of a canceled job, reads included.
		message = 'Archived job: the job is canceled, and Housecall Pro refuses to read or change its appointments';
	}
	if (!message) message = fieldErrors.length ? 'Housecall Pro rejected the request' : `Housecall Pro answered ${status}`;
	return { message, fieldErrors };
}

/** Partner-only operations refused to a company key get a message that says so. */
export function partnerOnlyHint(status: number): string | undefined {
	if (status === 401 || status === 403) {
		return 'This operation is marked in Housecall Pro\'s API description as available to partner applications (application key or OAuth) only; a company API key is likely refused.';
	}
	return undefined;
}
