import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Housecall Pro's delivery signature (FIELD-NOTES "Webhooks"):
 * `Api-Signature` = lowercase hex HMAC-SHA256(key = signing secret, message = `<Api-Timestamp>.<raw body>`).
 */

export const TIMESTAMP_HEADER = 'api-timestamp';
export const SIGNATURE_HEADER = 'api-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

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
	toleranceSeconds: number;
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

	const skewSeconds = check.nowMs / 1000 - Number(timestamp);
	if (skewSeconds > check.toleranceSeconds) return { valid: false, failure: 'staleTimestamp' };
	if (-skewSeconds > check.toleranceSeconds) return { valid: false, failure: 'futureTimestamp' };

	const expected = hmac(check.secret, timestamp, check.rawBody);
	const received = Buffer.from(hex, 'hex');
	return timingSafeEqual(expected, received) ? { valid: true } : { valid: false, failure: 'mismatch' };
}

const FAILURE_TEXT: Readonly<Record<SignatureFailure, string>> = {
	missingTimestamp: 'the Api-Timestamp header is missing',
	missingSignature: 'the Api-Signature header is missing',
	malformedTimestamp: 'the Api-Timestamp header is not a Unix time in seconds',
	malformedSignature: 'the Api-Signature header is not a hex SHA-256 signature',
	staleTimestamp: 'the Api-Timestamp is older than the allowed tolerance',
	futureTimestamp: 'the Api-Timestamp lies further in the future than the allowed tolerance',
	mismatch:
		'the Api-Signature does not match the body (check the Webhook Signing Secret in the credential)',
};

/** A sentence for the 401 answer and the log; it names headers, never their values or the secret. */
export function describeSignatureFailure(failure: SignatureFailure): string {
	return FAILURE_TEXT[failure];
}
