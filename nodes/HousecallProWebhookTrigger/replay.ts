import { createHash } from 'node:crypto';

/**
 * Remembers deliveries already started, for a while, so a replay starts no second execution.
 *
 * Housecall Pro sends no event id, and event + record id + event_occurred_at (whole seconds) is not
 * one either: two changes of one job in the same second are two deliveries with those three equal
 * (FIELD-NOTES "Shapes seen in recorded live payloads"). A delivery is named by its raw body
 * instead (deliveryId): a replay or a retry resends the same bytes, a different change differs in
 * them. Entries live as long as the node accepts the delivery's Api-Timestamp (Max Delivery Age).
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

/**
 * Bound for the whole process. Entries live up to the Max Delivery Age (72 h by default), so this is
 * sized for 72 h of deliveries of a busy company (about 700 an hour). One entry is a key of about 120
 * characters (scope and a 64-character hash) in a Map and a ring: about 180 bytes on Node 24, so the
 * full bound takes about 9 MB (measured with --expose-gc, 50,000 keys as the trigger makes them).
 * Over the bound the oldest is forgotten; Remove Duplicates after the trigger covers that, as it
 * covers a restart.
 */
export const REPLAY_MEMORY_ENTRIES = 50_000;

/** One memory for every webhook trigger in this process; keys carry workflow and node. */
export const processReplayMemory = new ReplayMemory(REPLAY_MEMORY_ENTRIES);

/**
 * What names one delivery: lowercase hex SHA-256 of the raw body bytes, the bytes the signature
 * covers. The same for every attempt that resends them, however the attempt is signed.
 */
export function deliveryId(rawBody: Buffer): string {
	return createHash('sha256').update(rawBody).digest('hex');
}

/** The replay memory's key: one trigger node (workflow id and node name) and one delivery. */
export function replayKey(scope: string, id: string): string {
	// JSON keeps the parts apart whatever characters a node name holds.
	return JSON.stringify([scope, id]);
}
