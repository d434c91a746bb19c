import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Housecall Pro's delivery signature (FIELD-NOTES "Webhooks"):
 * `Api-Signature` = lowercase hex HMAC-SHA256(key = signing secret, message = `<Api-Timestamp>.<raw body>`).
 */

export const TIMESTAMP_HEADER = 'api-timestamp';
export const SIGNATURE_HEADER = 'api-signature';
/** Default and bounds of the node's Max Delivery Age: 72 h covers an n8n down from Friday evening to Monday morning. */
export const DEFAULT_MAX_AGE_HOURS = 72;
export const MIN_MAX_AGE_HOURS = 1;
export const MAX_MAX_AGE_HOURS = 720;
/** A timestamp this far ahead of n8n's clock is still accepted (clock skew); beyond, refused. */
export const MAX_FUTURE_SKEW_SECONDS = 300;

const SIGNATURE_PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;
// Unix seconds; twelve digits reach far past any real clock and keep Number exact.
const UNIX_SECONDS = /^\d{1,12}$/;

export type SignatureFailure =
	| 'missingTimestamp'
	| 'missingSignature'
	| 'malformedTimestamp'
	| 'malformedSignature'
	| 'staleTimestamp'
	| 'futureTimestamp'
	| 'mismatch';

export type SignatureResult = { valid: true } | { valid: false; failure: SignatureFailure };

export interface SignatureCheck {
	secret: string;
	timestamp: string | undefined;
	signature: string | undefined;
	rawBody: Buffer;
	nowMs: number;
	/** Oldest accepted Api-Timestamp, in seconds before now; ahead of now, MAX_FUTURE_SKEW_SECONDS. */
	maxAgeSeconds: number;
}

/** The signature Housecall Pro sends for these bytes, as lowercase hex. */
export function signDelivery(secret: string, timestamp: string, rawBody: Buffer): string {
	return hmac(secret, timestamp, rawBody).toString('hex');
}

function hmac(secret: string, timestamp: string, rawBody: Buffer): Buffer {
	// Two updates instead of concatenating: a large body is not copied.
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/**
 * Checks headers before hashing (a stale or malformed request costs no HMAC), then compares the
 * digests in constant time. Both buffers are 32 bytes by construction, as timingSafeEqual needs.
 */
export function verifySignature(check: SignatureCheck): SignatureResult {
	const timestamp = check.timestamp?.trim();
	const signature = check.signature?.trim();
	if (!timestamp) return { valid: false, failure: 'missingTimestamp' };
	if (!signature) return { valid: false, failure: 'missingSignature' };
	if (!UNIX_SECONDS.test(timestamp)) return { valid: false, failure: 'malformedTimestamp' };

	const hex = signature.toLowerCase().startsWith(SIGNATURE_PREFIX)
		? signature.slice(SIGNATURE_PREFIX.length)
		: signature;
	if (!HEX_SHA256.test(hex)) return { valid: false, failure: 'malformedSignature' };

	// Old is allowed for long (a retry may keep its first Api-Timestamp, FIELD-NOTES "Webhooks"); the
	// future only by clock skew: a genuine sender never signs ahead of its own clock.
	const ageSeconds = check.nowMs / 1000 - Number(timestamp);
	if (ageSeconds > check.maxAgeSeconds) return { valid: false, failure: 'staleTimestamp' };
	if (-ageSeconds > MAX_FUTURE_SKEW_SECONDS) return { valid: false, failure: 'futureTimestamp' };

	const expected = hmac(check.secret, timestamp, check.rawBody);
	const received = Buffer.from(hex, 'hex');
	return timingSafeEqual(expected, received) ? { valid: true } : { valid: false, failure: 'mismatch' };
}

const FAILURE_TEXT: Readonly<Record<SignatureFailure, string>> = {
	missingTimestamp: 'the Api-Timestamp header is missing',
	missingSignature: 'the Api-Signature header is missing',
	malformedTimestamp: 'the Api-Timestamp header is not a Unix time in seconds',
	malformedSignature: 'the Api-Signature header is not a hex SHA-256 signature',
	staleTimestamp: 'the Api-Timestamp is older than the Max Delivery Age set on the node',
	futureTimestamp: `the Api-Timestamp lies more than ${MAX_FUTURE_SKEW_SECONDS / 60} minutes ahead of the clock of n8n (check the clock)`,
	mismatch:
		'the Api-Signature does not match the body (check the Webhook Signing Secret in the credential)',
};

/** A sentence for the 401 answer and the log; it names headers, never their values or the secret. */
export function describeSignatureFailure(failure: SignatureFailure): string {
	return FAILURE_TEXT[failure];
}
