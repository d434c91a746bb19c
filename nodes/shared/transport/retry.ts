import type { HttpMethod } from '../table/types';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** First backoff step; doubled each attempt, then capped. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** No retry may start after this much time since the first attempt. */
	maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxTotalMs: 90_000,
};

/** What went wrong with one attempt: an HTTP status, or a network failure code. */
export type AttemptFailure =
	| { status: number; retryAfter?: string | null }
	| { networkCode: string };

export interface RetryDecision {
	retry: boolean;
	delayMs: number;
	reason: string;
}

/** Network failures that prove the request never reached HCP, so even a write is safe to resend. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Network failures after which HCP may or may not have acted. */
const AMBIGUOUS_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Decides whether to try again after a failed attempt.
 *
 * Reads are retried on 429, 5xx and network failures. Writes are retried only when HCP surely did
 * not act: a 429 (refused before processing) or a connection that was never made. A write that
 * timed out or got a 5xx may have been applied, and resending it could duplicate a job or a payment
 * line, so it fails instead.
 */
export function decideRetry(args: {
	method: HttpMethod;
	failure: AttemptFailure;
	/** 1 for the first attempt that failed. */
	attempt: number;
	elapsedMs: number;
	now: number;
	policy?: RetryPolicy;
	/** 0 <= random < 1, injected for reproducible tests. */
	random: number;
}): RetryDecision {
	const policy = args.policy ?? DEFAULT_RETRY_POLICY;
	const isRead = args.method === 'GET';
	let retryable: boolean;
	let reason: string;
	let retryAfterMs: number | undefined;

	if ('status' in args.failure) {
		const { status } = args.failure;
		if (status === 429) {
			retryable = true;
			reason = 'rate limited (429)';
			retryAfterMs = parseRetryAfter(args.failure.retryAfter, args.now);
		} else if (status >= 500) {
			retryable = isRead;
			reason = isRead ? `server error (${status})` : `server error (${status}) on a write, which may have been applied`;
		} else {
			retryable = false;
			reason = `client error (${status})`;
		}
	} else {
		const code = args.failure.networkCode;
		if (NEVER_SENT_CODES.has(code)) {
			retryable = true;
			reason = `connection not made (${code})`;
		} else {
			retryable = isRead && AMBIGUOUS_CODES.has(code);
			reason = isRead ? `network failure (${code})` : `network failure (${code}) on a write, which may have been applied`;
		}
	}

	if (!retryable) return { retry: false, delayMs: 0, reason };
	// A 429 means "not now", and Housecall Pro did nothing: only the time budget ends those retries.
	// Counting them would fail workflows that share a key from several processes (queue-mode workers),
	// each learning the limit alone, while the budget still had room.
	const rateLimited = 'status' in args.failure && args.failure.status === 429;
	if (!rateLimited && args.attempt >= policy.maxAttempts) {
		return { retry: false, delayMs: 0, reason: `${reason}; gave up after ${args.attempt} attempts` };
	}

	// Equal jitter (between half and all of the ceiling): workflows that hit the limit together do
	// not retry in step, and none retries sooner than half its backoff.
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (args.attempt - 1));
	const backoff = Math.round(ceiling * (0.5 + args.random / 2));
	const delayMs = retryAfterMs !== undefined ? Math.max(retryAfterMs, backoff / 4) : backoff;

	if (args.elapsedMs + delayMs > policy.maxTotalMs) {
		return {
			retry: false,
			delayMs: 0,
			reason: `${reason}; waiting ${Math.round(delayMs / 1000)} s more would exceed the ${Math.round(policy.maxTotalMs / 1000)} s retry budget`,
		};
	}
	return { retry: true, delayMs: Math.round(delayMs), reason };
}
