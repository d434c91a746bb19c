/**
 * Remembers deliveries already started, for a while, so a replay starts no second execution.
 *
 * Housecall Pro sends no event id: a delivery is named by event, record id and event_occurred_at.
 * Entries live for the timestamp tolerance; after that the Api-Timestamp check refuses a replay of
 * the same signed request anyway.
 *
 * Why memory and not workflow static data: n8n 2.40 does not persist static data changed inside
 * webhook(). With no execution it returns before any save, and when an execution starts,
 * WorkflowRunner reloads static data from the database (loadStaticData = true) before running,
 * discarding the change. So the memory is per n8n process: a restart forgets it, and with several
 * webhook processes (queue mode) a replay that reaches another process is not caught.
 */
export class ReplayMemory {
	/** key -> expiry (ms). Map order is insertion order, so the first entries are the oldest. */
	private readonly expiries = new Map<string, number>();

	constructor(readonly maxEntries: number) {
		if (!Number.isInteger(maxEntries) || maxEntries < 1) {
			throw new Error(`ReplayMemory needs a positive whole number of entries, got ${maxEntries}`);
		}
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
		this.dropExpired(nowMs);
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > nowMs) return true;
		this.expiries.delete(key);
		this.expiries.set(key, nowMs + windowMs);
		// Over the bound, forget the oldest: at worst a very old replay runs again, memory stays flat.
		while (this.expiries.size > this.maxEntries) {
			const oldest = this.expiries.keys().next().value as string;
			this.expiries.delete(oldest);
		}
		return false;
	}

	clear(): void {
		this.expiries.clear();
	}

	/** Drops expired entries from the old end; stops at the first live one, so the cost stays small. */
	private dropExpired(nowMs: number): void {
		for (const [key, expiry] of this.expiries) {
			if (expiry > nowMs) return;
			this.expiries.delete(key);
		}
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
