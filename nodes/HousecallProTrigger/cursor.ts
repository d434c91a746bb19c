/**
 * The incremental read (FIELD-NOTES "Changes since a point in time"): a list sorted by `updated_at`
 * descending is read until the first row older than the cursor. HCP times are whole seconds and many
 * records share one, so the cursor is a second plus what was handled at that second: each record's
 * hashed id with the fingerprint it had. A row at the cursor second is a change if its id is not
 * among them, or if its content differs (it changed again within the same second, which leaves
 * `updated_at` as it was).
 */

/** Whole seconds since the epoch of an ISO time, or undefined when it does not parse. */
export function toSecond(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export interface Cursor {
	/** Newest `updated_at` second handled; 0 before anything was (a backfill reads everything). */
	second: number;
	/** Hashed id -> fingerprint of the records handled at `second`. */
	handled: ReadonlyMap<string, string>;
}

export const BEFORE_EVERYTHING: Cursor = { second: 0, handled: new Map() };

/** What to do with one row of the descending read. */
export type RowVerdict = 'changed' | 'handled' | 'stop';

/**
 * Walks the rows of one descending read against the cursor of the previous poll and works out the
 * next cursor. With no previous cursor (a baseline) the first row's second becomes the floor: rows
 * at that second are taken in and the read stops below it.
 */
export class CursorWindow {
	private floor: Cursor | undefined;

	private newest = Number.NEGATIVE_INFINITY;

	private readonly newestHandled = new Map<string, string>();

	constructor(previous: Cursor | undefined) {
		this.floor = previous;
	}

	/** The cursor the read started from (after the first row, for a baseline). */
	get previous(): Cursor | undefined {
		return this.floor;
	}

	/**
	 * `second` of the row's `updated_at`, `hashedId` of its id; `print` gives its fingerprint, asked
	 * only for rows at the cursor second or the newest second.
	 */
	accept(second: number, hashedId: string, print: () => string): RowVerdict {
		this.floor ??= { second, handled: new Map() };
		if (second < this.floor.second) return 'stop';
		if (second > this.newest) {
			this.newest = second;
			this.newestHandled.clear();
		}
		let fingerprint: string | undefined;
		if (second === this.newest) {
			// A record listed twice (shifted down a page under the read) is the same answer twice.
			if (!this.newestHandled.has(hashedId)) this.newestHandled.set(hashedId, (fingerprint = print()));
		}
		if (second === this.floor.second) {
			const before = this.floor.handled.get(hashedId);
			if (before !== undefined && before === (fingerprint ?? print())) return 'handled';
		}
		return 'changed';
	}

	/** The cursor for the next poll: the newest second seen and every record handled at it. */
	next(): Cursor {
		const floor = this.floor ?? BEFORE_EVERYTHING;
		if (this.newest === Number.NEGATIVE_INFINITY || this.newest < floor.second) return floor;
		if (this.newest !== floor.second) return { second: this.newest, handled: new Map(this.newestHandled) };
		// Same second as before: records handled then stay handled, even if this read did not list them.
		const handled = new Map(floor.handled);
		for (const [id, print] of this.newestHandled) handled.set(id, print);
		return { second: this.newest, handled };
	}
}

/**
 * Whether a changed record is new since the previous cursor rather than an update of one that was
 * there: created after the cursor second, or at it without having been handled then. A record
 * without a readable `created_at` counts as updated.
 */
export function isNewSince(previous: Cursor, createdAt: unknown, hashedId: string): boolean {
	const created = toSecond(createdAt);
	if (created === undefined) return false;
	if (created > previous.second) return true;
	return created === previous.second && !previous.handled.has(hashedId);
}
