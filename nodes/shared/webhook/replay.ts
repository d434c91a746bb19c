/**
 * Remembers deliveries already started, for a while, so a replay starts no second execution.
 *
 * Housecall Pro sends no event id: a delivery is named by event, record id and event_occurred_at.
 * Entries live for the timestamp tolerance; after that the Api-Timestamp check refuses a replay of
 * the same signed request anyway.
 *
 * Why memory and not workflow static data (checked on a real n8n 2.40.7): static data changed in
 * webhook() is saved only when no execution starts. When one starts, the runner wraps the same
 * object in a second Workflow, which resets its "changed" flag, and then runs from the stored copy,
 * so the change is lost - and remembering a delivery is needed exactly when it starts an execution.
 * So the memory is per n8n process: a restart forgets it, and with several webhook processes (queue
 * mode) a replay that reaches another process is not caught.
 */
export class ReplayMemory {
	/** key -> expiry (ms) of its live registration. */
	private readonly expiries = new Map<string, number>();

	// Registrations in arrival order, as a ring: the oldest is dropped in O(1). (Deleting the first
	// entries of a Map over and over is not O(1) in V8: iteration skips the holes they leave.)
	private readonly ringKeys: string[];

	private readonly ringExpiries: Float64Array;

	private head = 0;

	private count = 0;

	constructor(readonly maxEntries: number) {
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new Error(`ReplayMemory needs a positive whole number of entries, got ${maxEntries}`);
		}
		this.ringKeys = new Array<string>(maxEntries);
		this.ringExpiries = new Float64Array(maxEntries);
	}

	get size(): number {
		return this.expiries.size;
	}

	/**
	 * True when `key` was remembered and has not expired (a replay). Otherwise remembers it until
	 * `nowMs + windowMs` and returns false. Check and record are one synchronous step, so two
	 * concurrent deliveries of the same key cannot both pass.
	 */
	seenBefore(key: string, nowMs: number, windowMs: number): boolean {
		while (this.count > 0 && this.ringExpiries[this.head] <= nowMs) this.dropOldest();
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > nowMs) return true;
		// Over the bound, forget the oldest: at worst a very old replay runs again, memory stays flat.
		if (this.count === this.maxEntries) this.dropOldest();
		const slot = (this.head + this.count) % this.maxEntries;
		this.ringKeys[slot] = key;
		this.ringExpiries[slot] = nowMs + windowMs;
		this.count++;
		this.expiries.set(key, nowMs + windowMs);
		return false;
	}

	clear(): void {
		while (this.count > 0) this.dropOldest();
		this.head = 0;
	}

	private dropOldest(): void {
		const key = this.ringKeys[this.head];
		// A key registered again later has a newer expiry in the map: that registration stays.
		if (this.expiries.get(key) === this.ringExpiries[this.head]) this.expiries.delete(key);
		this.ringKeys[this.head] = '';
		this.head = (this.head + 1) % this.maxEntries;
		this.count--;
	}
}

/** Bound for the whole process: about 20,000 short keys, a few MB at most. */
export const REPLAY_MEMORY_ENTRIES = 20_000;

/** One memory for every webhook trigger in this process; keys carry workflow and node. */
export const processReplayMemory = new ReplayMemory(REPLAY_MEMORY_ENTRIES);

/**
 * The key of one delivery, or undefined when the payload lacks what names it (then nothing is
 * deduplicated rather than unrelated deliveries being merged).
 */
export function deliveryKey(
	scope: string,
	event: string,
	recordId: unknown,
	occurredAt: unknown,
): string | undefined {
	if ((typeof recordId !== 'string' && typeof recordId !== 'number') || recordId === '') return undefined;
	if (typeof occurredAt !== 'string' || occurredAt === '') return undefined;
	return JSON.stringify([scope, event, String(recordId), occurredAt]);
}
