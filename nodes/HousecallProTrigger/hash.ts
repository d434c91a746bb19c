import { createHash } from 'node:crypto';

/** Characters of a short hash: 6 bytes of SHA-1 as base64url, so 48 bits and 8 characters. */
export const SHORT_HASH_LENGTH = 8;

/**
 * A short, stable hash of a string. Used for record fingerprints and for ids kept only to answer
 * "seen before?": 48 bits make a false match between two given values about one in 2.8e14, which is
 * far below the rate at which the API itself loses changes, at a sixth of the bytes of a full id.
 */
export function shortHash(text: string): string {
	return createHash('sha1').update(text).digest().subarray(0, 6).toString('base64url');
}

export const SHORT_HASH_PATTERN = /^[A-Za-z0-9_-]{8}$/;
