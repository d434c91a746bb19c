/**
 * Small pure helpers the fake server shares: seeded randomness, ids, timestamps.
 */

/** Deterministic 32-bit generator (mulberry32): the same seed gives the same data set. */
export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	/** Float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max] inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	/** 32 lowercase hex characters. */
	hex32(): string {
		let out = '';
		for (let i = 0; i < 4; i++) out += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
		return out;
	}

	/** RFC 4122 shaped (version 4 nibbles) uuid. */
	uuid(): string {
		const h = this.hex32();
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}

/** ISO-8601 UTC to the second with `Z`, as HCP writes timestamps. */
export function isoSeconds(date: Date | number): string {
	const ms = typeof date === 'number' ? date : date.getTime();
	return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** `YYYY-MM-DD` (UTC). */
export function isoDate(date: Date | number): string {
	return new Date(typeof date === 'number' ? date : date.getTime()).toISOString().slice(0, 10);
}

/** Milliseconds of an ISO date-time, or undefined when it does not parse. */
export function parseTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

export type Json = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep copy of JSON data, so callers never hold the store's own objects. Primitives are returned as
 * they are (nothing to copy): structuredClone of each field was most of a page's rendering time.
 */
export function clone<T>(value: T): T {
	return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** `work_status` -> `Work status`, for error sentences. */
export function humanize(field: string): string {
	const text = field.replace(/_/g, ' ');
	return text.charAt(0).toUpperCase() + text.slice(1);
}
