import type { IDataObject } from 'n8n-workflow';

import type { ListPage } from '../shared/transport/paginate';
import type { Query } from '../shared/transport/query';
import { BEFORE_EVERYTHING, CursorWindow, isNewSince, toSecond, type Cursor } from './cursor';
import { diffMembers, diffSnapshots } from './diff';
import { isInStatus } from './events';
import { fingerprint } from './fingerprint';
import { shortHash } from './hash';
import { packId, rowId, unpackId } from './ids';
import { statusQuery, type PollPlan } from './plan';
import type { TriggerState } from './state';

/** Where pages come from: the transport in the node, a table of rows in unit tests. */
export interface ListReader {
	/**
	 * Pages of the plan's list for `query`, in order; a caller may stop early. `sequential` asks for
	 * no pages ahead of need (reads that usually stop on the first page). When the poll's time budget
	 * runs out the reader throws, or with `endWhenOutOfTime` just ends the pages early.
	 */
	pages(query: Query, options?: { pageSize?: number; sequential?: boolean; endWhenOutOfTime?: boolean }): AsyncIterable<ListPage>;
}

export interface PollOutcome {
	/** Items to start the workflow with, oldest change first. */
	items: IDataObject[];
	state: TriggerState;
	/** Things worth a log line (rows without ids, reads that could not be complete). */
	notes: PollNote[];
}

export interface PollNote {
	level: 'warn' | 'debug';
	message: string;
}

export interface PollOptions {
	/** First poll with "Emit Existing Records": emit what is there instead of only remembering it. */
	backfill: boolean;
	now: Date;
}

/** A changing list is re-read this many times at most when it shrank under an early-stopping read. */
const MAX_READ_ATTEMPTS = 3;

function descending(query: Query): Query {
	return { ...query, sort_by: 'updated_at', sort_direction: 'desc' };
}

/** Full reads go oldest first where the list allows it: rows added meanwhile land at the end. */
function stableOrder(plan: PollPlan, query: Query): Query {
	return plan.list.sortFields?.includes('created_at') ? { ...query, sort_by: 'created_at', sort_direction: 'asc' } : query;
}

interface ChangeRead {
	/** Rows changed since the cursor, newest first, each id once. */
	changed: { row: IDataObject; hash: string }[];
	/** The cursor the read started from (for a baseline: the newest second). */
	from: Cursor;
	next: Cursor;
}

/** Reads the changes since `previous` (a baseline when undefined) in `updated_at` order, newest first. */
/**
 * Reads the changes since `previous` (a baseline when undefined) in `updated_at` order, newest
 * first. With `cutShortOnBudget` (a backfill), running out of time ends the read where it is: the
 * newest records are emitted, the cursor still moves to the top, the older ones are left out.
 */
async function readChanges(
	plan: PollPlan,
	reader: ListReader,
	previous: Cursor | undefined,
	notes: PollNote[],
	cutShortOnBudget = false,
): Promise<ChangeRead> {
	for (let attempt = 1; ; attempt++) {
		const window = new CursorWindow(previous);
		const changed: ChangeRead['changed'] = [];
		const seen = new Set<string>();
		let firstTotal: number | undefined;
		let shrank = false;
		let unplaced = 0;
		let pagesRead = 0;
		let pagesTotal = 0;
		let reachedCursor = false;
		const pages = reader.pages(descending(plan.query), { sequential: true, endWhenOutOfTime: cutShortOnBudget });
		read: for await (const page of pages) {
			pagesRead++;
			pagesTotal = page.totalPages;
			firstTotal ??= page.totalItems;
			if (firstTotal !== undefined && page.totalItems !== undefined && page.totalItems < firstTotal) shrank = true;
			for (const row of page.rows) {
				const id = rowId(row, plan.object.idField);
				const second = toSecond(row.updated_at);
				if (id === undefined || second === undefined) {
					unplaced++;
					continue;
				}
				const hash = shortHash(id);
				const verdict = window.accept(second, hash, () => fingerprint(row));
				if (verdict === 'stop') {
					reachedCursor = true;
					break read;
				}
				if (verdict === 'changed' && !seen.has(hash)) {
					seen.add(hash);
					changed.push({ row, hash });
				}
			}
		}
		if (cutShortOnBudget && !reachedCursor && pagesRead < pagesTotal) {
			notes.push({
				level: 'warn',
				message: `Emit Existing Records: only the newest ${changed.length} records were read (${pagesRead} of ${pagesTotal} pages) before the poll's time budget ran out; older ones are not emitted, later changes are`,
			});
			return { changed, from: window.previous ?? BEFORE_EVERYTHING, next: window.next() };
		}
		// A record deleted during the read moves later rows up a page, past the read: read again.
		if (shrank && attempt < MAX_READ_ATTEMPTS) continue;
		if (shrank) notes.push({ level: 'warn', message: 'the list kept shrinking while it was read; a change may show up one poll late' });
		if (unplaced) notes.push({ level: 'warn', message: `${unplaced} row(s) without an id or a readable updated_at were skipped` });
		return { changed, from: window.previous ?? BEFORE_EVERYTHING, next: window.next() };
	}
}

interface FullRead {
	/** Each id once (the last answer wins), in list order. */
	rows: Map<string, IDataObject>;
	/** False when rows may be missing: the list changed under the read, or it cannot page. */
	complete: boolean;
}

async function readAll(plan: PollPlan, reader: ListReader, query: Query, notes: PollNote[]): Promise<FullRead> {
	const rows = new Map<string, IDataObject>();
	let pagesRead = 0;
	let pagesTotal = 0;
	let total: number | undefined;
	let steady = true;
	let withoutId = 0;
	for await (const page of reader.pages(stableOrder(plan, query))) {
		if (pagesRead === 0) {
			pagesTotal = page.totalPages;
			total = page.totalItems;
		} else if (page.totalItems !== total || page.totalPages !== pagesTotal) {
			steady = false;
		}
		pagesRead++;
		for (const row of page.rows) {
			const id = rowId(row, plan.object.idField);
			if (id === undefined) {
				withoutId++;
				continue;
			}
			rows.delete(id);
			rows.set(id, row);
		}
	}
	const allPages = pagesRead >= pagesTotal;
	const complete = steady && allPages && (total === undefined || rows.size === total);
	if (withoutId) notes.push({ level: 'warn', message: `${withoutId} row(s) without "${plan.object.idField}" were skipped` });
	if (!allPages) {
		notes.push({
			level: 'warn',
			message: `${plan.operation.path} answered ${pagesTotal} pages but cannot be paged through; records beyond the first page are not watched and none is reported deleted`,
		});
	} else if (!complete) {
		notes.push({ level: 'debug', message: 'the list changed while it was read; deletions are left for the next poll' });
	}
	return { rows, complete };
}

function deletedItem(plan: PollPlan, id: string, now: Date): IDataObject {
	return {
		[plan.object.idField]: id,
		event: 'deleted',
		object: plan.object.name,
		detected_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
	};
}

async function pollIncremental(plan: PollPlan, reader: ListReader, previous: TriggerState | undefined, options: PollOptions, notes: PollNote[]): Promise<PollOutcome> {
	const start = previous?.cursor ?? (options.backfill ? BEFORE_EVERYTHING : undefined);
	const read = await readChanges(plan, reader, start, notes, !previous);
	const state: TriggerState = { config: plan.config, cursor: read.next };
	if (!start) return { items: [], state, notes };
	const wanted = plan.recordEvent;
	const items: IDataObject[] = [];
	for (let i = read.changed.length - 1; i >= 0; i--) {
		const { row, hash } = read.changed[i];
		const isNew = !previous || isNewSince(read.from, row.created_at, hash);
		if (wanted === 'newOrUpdated' || (isNew ? wanted === 'new' : wanted === 'updated')) items.push(row);
	}
	return { items, state, notes };
}

async function pollScan(plan: PollPlan, reader: ListReader, previous: TriggerState | undefined, options: PollOptions, notes: PollNote[]): Promise<PollOutcome> {
	const prefix = plan.object.idPrefix;
	const read = await readAll(plan, reader, plan.query, notes);
	const current = new Map<string, string>();
	const rowsByKey = new Map<string, IDataObject>();
	for (const [id, row] of read.rows) {
		const key = packId(id, prefix);
		current.set(key, fingerprint(row));
		rowsByKey.set(key, row);
	}
	const wanted = plan.recordEvent;
	if (!previous?.snapshot) {
		const backfill = options.backfill && (wanted === 'new' || wanted === 'newOrUpdated');
		return { items: backfill ? [...read.rows.values()] : [], state: { config: plan.config, snapshot: current }, notes };
	}
	const diff = diffSnapshots(previous.snapshot, current, read.complete);
	const items: IDataObject[] = [];
	if (wanted === 'new' || wanted === 'newOrUpdated') for (const key of diff.added) items.push(rowsByKey.get(key)!);
	if (wanted === 'updated' || wanted === 'newOrUpdated') for (const key of diff.changed) items.push(rowsByKey.get(key)!);
	if (wanted === 'deleted') {
		for (const key of diff.removed) items.push(deletedItem(plan, unpackId(key, prefix) ?? key, options.now));
	}
	return { items, state: { config: plan.config, snapshot: diff.next }, notes };
}

interface Candidate {
	hash: string;
	item: IDataObject;
}

/** The records (or their watched elements) of `rows` that are in the event's status. */
function inStatus(plan: PollPlan, rows: Iterable<IDataObject>): Candidate[] {
	const event = plan.statusEvent!;
	const out: Candidate[] = [];
	for (const row of rows) {
		if (!event.within) {
			const id = rowId(row, plan.object.idField);
			if (id !== undefined && isInStatus(event, row)) out.push({ hash: shortHash(id), item: row });
			continue;
		}
		const elements = row[event.within.field];
		if (!Array.isArray(elements)) continue;
		for (const element of elements as IDataObject[]) {
			const id = element && typeof element === 'object' ? rowId(element, 'id') : undefined;
			if (id !== undefined && isInStatus(event, element)) {
				out.push({ hash: shortHash(id), item: { ...row, [event.itemKey ?? event.within.field]: element } });
			}
		}
	}
	return out;
}

async function pollStatusScan(plan: PollPlan, reader: ListReader, previous: TriggerState | undefined, options: PollOptions, notes: PollNote[]): Promise<PollOutcome> {
	const read = await readAll(plan, reader, statusQuery(plan), notes);
	const candidates = inStatus(plan, read.rows.values());
	const current = new Set(candidates.map((candidate) => candidate.hash));
	if (!previous?.members) {
		const items = options.backfill ? candidates.map((candidate) => candidate.item) : [];
		return { items, state: { config: plan.config, members: current }, notes };
	}
	const diff = diffMembers(previous.members, current, read.complete);
	const entered = new Set(diff.entered);
	const items = candidates.filter((candidate) => entered.has(candidate.hash)).map((candidate) => candidate.item);
	return { items, state: { config: plan.config, members: diff.next }, notes };
}

async function pollStatusIncremental(plan: PollPlan, reader: ListReader, previous: TriggerState | undefined, options: PollOptions, notes: PollNote[]): Promise<PollOutcome> {
	if (!previous?.cursor || !previous.members) {
		// Cursor first: a record entering the status between the two reads is then both a member and
		// newer than the cursor, so the next poll sees it as a member already and stays quiet.
		const { next } = await readChanges(plan, reader, undefined, notes);
		const read = await readAll(plan, reader, statusQuery(plan), notes);
		const candidates = inStatus(plan, read.rows.values());
		const items = options.backfill ? candidates.map((candidate) => candidate.item) : [];
		return { items, state: { config: plan.config, cursor: next, members: new Set(candidates.map((c) => c.hash)) }, notes };
	}
	const read = await readChanges(plan, reader, previous.cursor, notes);
	const members = new Set(previous.members);
	const items: IDataObject[] = [];
	for (let i = read.changed.length - 1; i >= 0; i--) {
		const { row, hash } = read.changed[i];
		if (isInStatus(plan.statusEvent!, row)) {
			if (!members.has(hash)) items.push(row);
			members.add(hash);
		} else {
			members.delete(hash);
		}
	}
	return { items, state: { config: plan.config, cursor: read.next, members }, notes };
}

const STRATEGIES = {
	incremental: pollIncremental,
	scan: pollScan,
	statusIncremental: pollStatusIncremental,
	statusScan: pollStatusScan,
};

/**
 * One poll: reads, compares with `previous` (undefined for a first poll or a new baseline) and
 * returns the items and the next state. Changes nothing itself: the caller stores the state only
 * when this resolved, so a poll that throws half-way leaves the old state for the next attempt.
 */
export async function pollOnce(plan: PollPlan, reader: ListReader, previous: TriggerState | undefined, options: PollOptions): Promise<PollOutcome> {
	return await STRATEGIES[plan.strategy](plan, reader, previous, options, []);
}

/**
 * The newest matching record, for "Fetch Test Event". Reads one page and keeps no state. For
 * Deleted it is shaped like a deletion of the newest record, so later nodes can be mapped.
 */
export async function sampleItem(plan: PollPlan, reader: ListReader, now: Date): Promise<IDataObject | undefined> {
	const sortable = plan.list.sortFields ?? [];
	const newestBy = plan.recordEvent === 'new' ? 'created_at' : 'updated_at';
	const sortBy = sortable.includes(newestBy) ? newestBy : sortable.includes('created_at') ? 'created_at' : undefined;
	const query: Query = { ...(plan.statusEvent ? statusQuery(plan) : plan.query) };
	if (sortBy) Object.assign(query, { sort_by: sortBy, sort_direction: 'desc' });
	// Status candidates are checked here, so read a page's worth; otherwise the first row will do.
	const pageSize = plan.statusEvent ? 200 : 1;
	for await (const page of reader.pages(query, { pageSize, sequential: true })) {
		if (plan.statusEvent) return inStatus(plan, page.rows)[0]?.item;
		const first = page.rows[0];
		if (!first) return undefined;
		if (plan.recordEvent !== 'deleted') return first;
		const id = rowId(first, plan.object.idField);
		return id === undefined ? undefined : deletedItem(plan, id, now);
	}
	return undefined;
}
