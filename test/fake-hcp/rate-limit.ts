/**
 * An optional token-bucket rate limit per API key. HCP's real limit is undocumented; 429 exists and
 * live 429s carry no Retry-After or X-RateLimit headers (FIELD-NOTES "Limits and errors"), so neither
 * does this one unless `retryAfter` is set to test that path.
 */

export interface RateLimitSettings {
	/** Tokens added per second. */
	ratePerSecond: number;
	/** Bucket size: requests that may come at once after a quiet spell. Default 10. */
	burst?: number;
	/**
	 * Whether a refused request still costs a token (the bucket may then owe up to `burst`). Default
	 * true: unknown live, and the harsher reading (a client that hammers stays locked out longer).
	 */
	refusedCostsToken?: boolean;
	/** Send `Retry-After` (whole seconds until a token is back) on 429s. Default false, as live. */
	retryAfter?: boolean;
}

export interface RateDecision {
	allowed: boolean;
	/** Seconds until a token is back, rounded up, at least 1; only when refused. */
	retryAfterSeconds?: number;
}

interface Bucket {
	tokens: number;
	at: number;
}

export class TokenBuckets {
	private readonly buckets = new Map<string, Bucket>();
	/** Counters per run: accepted and refused requests. */
	readonly counts = { allowed: 0, refused: 0 };

	constructor(
		private readonly settings: RateLimitSettings,
		private readonly now: () => number = () => performance.now(),
	) {}

	get current(): Readonly<RateLimitSettings> {
		return this.settings;
	}

	/** Takes a token from the bucket of this key (any string: the fake keeps the key's bucket, never logs it). */
	take(key: string): RateDecision {
		const { ratePerSecond } = this.settings;
		const burst = this.settings.burst ?? 10;
		const now = this.now();
		const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.counts.allowed++;
			return { allowed: true };
		}
		if (this.settings.refusedCostsToken ?? true) bucket.tokens = Math.max(-burst, bucket.tokens - 1);
		this.counts.refused++;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
	}
}
