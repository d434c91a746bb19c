/**
 * The incremental read (FIELD-NOTES "Changes since a point in time"): a list sorted by `updated_at`
 * descending is read until the first row older than the cursor. HCP times are whole seconds and many
 * records share one, so the cursor is a second plus the ids already handled at that second: a row at
 * the cursor second is new to us only if its id is not among them.
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
	/** Hashed ids of the records handled at `second`. */
	ids: ReadonlySet<string>;
}

export const BEFORE_EVERYTHING: Cursor = { second: 0, ids: new Set() };

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

	private readonly newestIds = new Set<string>();

	constructor(previous: Cursor | undefined) {
		this.floor = previous;
	}

	/** The cursor the read started from (after the first row, for a baseline). */
	get previous(): Cursor | undefined {
		return this.floor;
	}

	/** `second` of the row's `updated_at`, `hashedId` of its id. */
	accept(second: number, hashedId: string): RowVerdict {
		this.floor ??= { second, ids: new Set() };
		if (second < this.floor.second) return 'stop';
		if (second > this.newest) {
			this.newest = second;
			this.newestIds.clear();
		}
		if (second === this.newest) this.newestIds.add(hashedId);
		if (second === this.floor.second && this.floor.ids.has(hashedId)) return 'handled';
		return 'changed';
	}

	/** The cursor for the next poll: the newest second seen and every id seen at it. */
	next(): Cursor {
		const floor = this.floor ?? BEFORE_EVERYTHING;
		if (this.newest === Number.NEGATIVE_INFINITY || this.newest < floor.second) return floor;
		const ids = new Set(this.newestIds);
		// Ids handled at the same second earlier stay handled, even if this read did not list them.
		if (this.newest === floor.second) for (const id of floor.ids) ids.add(id);
		return { second: this.newest, ids };
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
	return created === previous.second && !previous.ids.has(hashedId);
}
