import { createHash } from 'node:crypto';

import { sleep } from 'n8n-workflow';

/**
 * Adaptive request control for one Housecall Pro account (host + API key) within this process.
 *
 * HCP's rate limit is undocumented and its 429s carry no headers (FIELD-NOTES "Limits and errors"),
 * so the only signals are 429s and how fast answers come. Two controls, shared by every execution
 * that uses the account (ten workflows in one n8n share one limit):
 *
 * - a concurrency window: starts at INITIAL_WINDOW, grows by one per fast answer (doubling per round
 *   trip) until the first back-off, then by about one per round trip; halves on an answer much slower
 *   than that kind of request's usual time; never above the account ceiling;
 * - a pace (requests per second), off until a 429: then 4/5 of what was being accepted, growing ~10%
 *   a second while requests are waiting for it, cut to 4/5 on a 429 that follows accepted answers,
 *   off after a quiet minute;
 * - after a 429, a pause of the whole account (up to 250 ms, doubling while 429s follow one another): a
 *   limiter may count the requests it refuses, and then only silence lets it recover.
 *
 * A back-off counts once per round of requests: answers to requests sent before the last back-off
 * say nothing about the new setting. Each read also keeps its own ceiling (Max Parallel Requests).
 */

/** What the fixed setting was before the window adapted: a short read (one round after the first page) is never slower than it was. */
export const INITIAL_WINDOW = 4;
/** Requests in flight for one account in this process, whatever the executions ask for. */
export const ACCOUNT_MAX_CONCURRENCY = 12;
const PACE_CUT = 0.8;
const PACE_GROWTH_PER_SECOND = 0.1;
/** Never slower than this: a limit below it is left to the retries' backoff. */
const MIN_PACE_PER_SECOND = 1;
/** Successes needed in the last second before a 429 to derive a pace from them. */
const MIN_SAMPLES_FOR_PACE = 4;
const ACCEPTED_SPAN_MS = 1000;
const MIN_SPAN_MS = 250;
/** Account-wide pause after a 429, doubling while 429s follow one another, capped. */
const PAUSE_BASE_MS = 250;
const MAX_PAUSE_MS = 8000;
/** No 429 for this long: stop pacing (the limit may have been another client's burst). */
const PACE_QUIET_MS = 60_000;
/** An idle account starts afresh. */
const IDLE_RESET_MS = 5 * 60_000;
/** "Slow": this many times the usual answer time of the same kind of request, and at least SLOW_MIN_EXTRA_MS more. */
const SLOW_FACTOR = 3;
const SLOW_MIN_EXTRA_MS = 200;
const MAX_PATH_KINDS = 64;
const MAX_ACCOUNTS = 100;

export interface Clock {
	now(): number;
	/** Calls `fn` after `ms`; returns a cancel function. */
	setTimer(fn: () => void, ms: number): () => void;
}

export const REAL_CLOCK: Clock = {
	now: () => Date.now(),
	setTimer: (fn, ms) => {
		let live = true;
		void sleep(ms).then(() => {
			if (live) fn();
		});
		return () => {
			live = false;
		};
	},
};

export type Outcome = 'ok' | 'rateLimited' | 'failed';

export interface Ticket {
	readonly startedAt: number;
	readonly kind: string;
	released: boolean;
}

interface Waiter {
	resolve(ticket: Ticket): void;
	kind: string;
}

/** A path's kind for answer-time baselines: ids replaced, so `/customers/cus_1` and `/customers/cus_2` share one. */
export function pathKind(path: string): string {
	return path
		.split('/')
		.map((segment) => (/\d/.test(segment) ? ':id' : segment))
		.join('/');
}

export class AdaptiveLimiter {
	private window = INITIAL_WINDOW;
	/** Window at the last back-off; below it the window grows slowly. */
	private threshold = ACCOUNT_MAX_CONCURRENCY;
	/** Requests a second, or undefined when not pacing. */
	private pace: number | undefined;
	private inFlight = 0;
	private readonly queue: Waiter[] = [];
	private lastStartAt = -Infinity;
	private lastBackOffAt = -Infinity;
	private lastRateLimitAt = -Infinity;
	private lastRefusalAt = -Infinity;
	private refusalsInARow = 0;
	private succeededSinceCut = false;
	private lastGrowthAt = 0;
	private lastActivityAt: number;
	private pausedUntil = 0;
	private cancelTimer: (() => void) | undefined;
	private readonly recentSuccesses: number[] = [];
	private readonly baselines = new Map<string, number>();
	/** For tests and the benchmark: how often each back-off happened. */
	readonly counters = { rateLimited: 0, slow: 0, paceCuts: 0, windowCuts: 0, pauses: 0 };

	constructor(
		private readonly clock: Clock = REAL_CLOCK,
		readonly ceiling = ACCOUNT_MAX_CONCURRENCY,
		/** 0 <= random < 1 (injectable for tests): pauses are jittered so processes that share a key do not resume in step. */
		private readonly random: () => number = Math.random,
	) {
		this.lastActivityAt = clock.now();
	}

	/**
	 * The backoff step for a request refused with a 429 (no Retry-After) while pacing: the time
	 * between two starts. The pace already spaces the account's requests; the retry need not wait more.
	 */
	retryStepMs(): number | undefined {
		return this.pace ? 1000 / this.pace : undefined;
	}

	/** Current settings, for tests and logs. */
	snapshot(): { window: number; pace: number | undefined; inFlight: number; queued: number } {
		return { window: this.window, pace: this.pace, inFlight: this.inFlight, queued: this.queue.length };
	}

	/**
	 * Waits for a slot; every acquire must be followed by exactly one release. `retry`: a request
	 * that was refused goes before fresh ones, so a read waiting for that page is not held up twice.
	 */
	acquire(path: string, retry = false): Promise<Ticket> {
		const now = this.clock.now();
		if (this.inFlight === 0 && this.queue.length === 0 && now - this.lastActivityAt > IDLE_RESET_MS) this.resetSettings();
		this.lastActivityAt = now;
		return new Promise((resolve) => {
			const waiter = { resolve, kind: pathKind(path) };
			if (retry) this.queue.unshift(waiter);
			else this.queue.push(waiter);
			this.pump();
		});
	}

	/** `retryAfterMs`: the answer's Retry-After, which pauses every request of the account. */
	release(ticket: Ticket, outcome: Outcome, retryAfterMs?: number): void {
		if (ticket.released) return;
		ticket.released = true;
		this.inFlight--;
		const now = this.clock.now();
		this.lastActivityAt = now;
		const roundIsCurrent = ticket.startedAt >= this.lastBackOffAt;
		if (outcome === 'ok') this.onSuccess(ticket, now, roundIsCurrent);
		else if (outcome === 'rateLimited') this.onRateLimited(ticket, now, retryAfterMs);
		this.pump();
	}

	private onSuccess(ticket: Ticket, now: number, roundIsCurrent: boolean): void {
		this.recentSuccesses.push(now);
		this.refusalsInARow = 0;
		this.succeededSinceCut = true;
		while (this.recentSuccesses.length && this.recentSuccesses[0] < now - ACCEPTED_SPAN_MS) this.recentSuccesses.shift();
		const tookMs = now - ticket.startedAt;
		const baseline = this.baselines.get(ticket.kind);
		const slow = baseline !== undefined && tookMs > baseline * SLOW_FACTOR && tookMs > baseline + SLOW_MIN_EXTRA_MS;
		this.recordBaseline(ticket.kind, tookMs);
		if (slow) {
			this.counters.slow++;
			if (roundIsCurrent) this.cutWindow(now);
			return;
		}
		// Grow only when the window was the limit: an account with few requests proves nothing.
		const saturated = this.queue.length > 0 || this.inFlight + 1 >= Math.floor(this.window);
		if (saturated && this.pace === undefined) {
			this.window = Math.min(this.ceiling, this.window + (this.window < this.threshold ? 1 : 1 / this.window));
		}
		if (this.pace !== undefined) {
			if (now - this.lastRateLimitAt > PACE_QUIET_MS) this.pace = undefined;
			else if (this.queue.length > 0) {
				const seconds = Math.min(1, Math.max(0, now - this.lastGrowthAt) / 1000);
				this.pace *= 1 + PACE_GROWTH_PER_SECOND * seconds;
			}
			this.lastGrowthAt = now;
		}
	}

	private onRateLimited(ticket: Ticket, now: number, retryAfterMs: number | undefined): void {
		this.counters.rateLimited++;
		this.lastRateLimitAt = now;
		if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		// Refusals of requests sent before the last one came back are the same overload.
		if (ticket.startedAt < this.lastRefusalAt) return;
		this.lastRefusalAt = now;
		// A limiter may count the requests it refuses, so refusal after refusal means: send nothing for a while.
		this.refusalsInARow++;
		const pauseMs = Math.min(MAX_PAUSE_MS, PAUSE_BASE_MS * 2 ** (this.refusalsInARow - 1)) * (0.5 + this.random() / 2);
		this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
		this.counters.pauses++;
		if (this.pace === undefined) {
			const accepted = this.acceptedPerSecond(now);
			if (accepted !== undefined) this.setPace(now, accepted * PACE_CUT);
			// Too few answers to tell a rate: fewer at once instead.
			else this.cutWindow(now);
			return;
		}
		// Only a refusal after answers came through again says the pace itself is too high. The
		// accepted rate (the pause just taken included) cuts deeper, which costs fewer 429s than
		// cutting the pace alone (measured); never below half the pace at once.
		if (!this.succeededSinceCut) return;
		const accepted = this.acceptedPerSecond(now) ?? 0;
		this.setPace(now, Math.min(this.pace, Math.max(accepted, this.pace / 2)) * PACE_CUT);
	}

	/** Successes a second over the last second (at least MIN_SPAN_MS of it), when there are enough to tell. */
	private acceptedPerSecond(now: number): number | undefined {
		const recent = this.recentSuccesses.filter((at) => at >= now - ACCEPTED_SPAN_MS);
		if (recent.length < MIN_SAMPLES_FOR_PACE) return undefined;
		// A short span right after a quiet spell holds the bucket's burst: do not read it as the rate.
		const spanMs = Math.max(now - recent[0], MIN_SPAN_MS);
		return (recent.length * 1000) / spanMs;
	}

	private setPace(now: number, pace: number): void {
		this.pace = Math.max(MIN_PACE_PER_SECOND, pace);
		this.succeededSinceCut = false;
		this.counters.paceCuts++;
		this.lastGrowthAt = now;
		this.lastBackOffAt = now;
	}

	private cutWindow(now: number): void {
		this.window = Math.max(1, Math.floor(this.window / 2));
		this.threshold = this.window;
		this.counters.windowCuts++;
		this.lastBackOffAt = now;
	}

	private recordBaseline(kind: string, tookMs: number): void {
		const baseline = this.baselines.get(kind);
		// The lowest time seen, drifting up slowly so a path that became slower for good is not "slow" forever.
		const next = baseline === undefined || tookMs < baseline ? tookMs : baseline + (tookMs - baseline) * 0.02;
		if (!this.baselines.has(kind) && this.baselines.size >= MAX_PATH_KINDS) this.baselines.delete(this.baselines.keys().next().value!);
		this.baselines.set(kind, next);
	}

	private resetSettings(): void {
		this.window = INITIAL_WINDOW;
		this.threshold = this.ceiling;
		this.pace = undefined;
		this.pausedUntil = 0;
		this.refusalsInARow = 0;
		this.recentSuccesses.length = 0;
	}

	/** Starts queued requests while the window, the pace and any Retry-After pause allow. */
	private pump(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		while (this.queue.length && this.inFlight < Math.max(1, Math.floor(this.window))) {
			const now = this.clock.now();
			const spacing = this.pace ? 1000 / this.pace : 0;
			const readyAt = Math.max(this.pausedUntil, this.lastStartAt + spacing);
			if (now < readyAt) {
				this.cancelTimer = this.clock.setTimer(() => {
					this.cancelTimer = undefined;
					this.pump();
				}, readyAt - now);
				return;
			}
			const waiter = this.queue.shift()!;
			this.inFlight++;
			this.lastStartAt = now;
			waiter.resolve({ startedAt: now, kind: waiter.kind, released: false });
		}
	}
}

/** The account's identity in memory: a hash of host and key, so the key itself is never a map key or a log field. */
export function accountKeyOf(baseUrl: string, apiKey: string): string {
	return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 16);
}

const limiters = new Map<string, AdaptiveLimiter>();

/** The limiter every execution in this process shares for one account. */
export function limiterFor(accountKey: string): AdaptiveLimiter {
	let limiter = limiters.get(accountKey);
	if (limiter) {
		// Most recently used last, so the oldest is dropped first.
		limiters.delete(accountKey);
		limiters.set(accountKey, limiter);
		return limiter;
	}
	limiter = new AdaptiveLimiter();
	limiters.set(accountKey, limiter);
	if (limiters.size > MAX_ACCOUNTS) limiters.delete(limiters.keys().next().value!);
	return limiter;
}

/** Forgets every account's settings (tests that reuse one server and key). */
export function resetLimiters(): void {
	limiters.clear();
}
