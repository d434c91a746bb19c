/**
 * Comparisons of what a full read found with what the previous poll kept. A read that may have
 * missed rows (the list changed under it, or it could not page) is `complete: false`: records it
 * did not see are then kept as they were instead of being called deleted.
 */

export interface SnapshotDiff {
	/** Keys (packed ids) of records not there before. */
	added: string[];
	/** Keys of records whose fingerprint changed. */
	changed: string[];
	/** Keys of records that are gone (never filled by an incomplete read). */
	removed: string[];
	/** What to keep for the next poll. */
	next: Map<string, string>;
}

export function diffSnapshots(
	previous: ReadonlyMap<string, string>,
	current: ReadonlyMap<string, string>,
	complete: boolean,
): SnapshotDiff {
	const added: string[] = [];
	const changed: string[] = [];
	for (const [key, print] of current) {
		const before = previous.get(key);
		if (before === undefined) added.push(key);
		else if (before !== print) changed.push(key);
	}
	const removed: string[] = [];
	let next: Map<string, string>;
	if (complete) {
		for (const key of previous.keys()) if (!current.has(key)) removed.push(key);
		next = new Map(current);
	} else {
		next = new Map(previous);
		for (const [key, print] of current) next.set(key, print);
	}
	return { added, changed, removed, next };
}

export interface MembershipDiff {
	/** Members now that were not members before. */
	entered: string[];
	next: Set<string>;
}

/** Who entered a set (records in a status) since the previous poll. */
export function diffMembers(previous: ReadonlySet<string>, current: ReadonlySet<string>, complete: boolean): MembershipDiff {
	const entered: string[] = [];
	for (const member of current) if (!previous.has(member)) entered.push(member);
	const next = new Set(current);
	if (!complete) for (const member of previous) next.add(member);
	return { entered, next };
}
