/**
 * The fake's records: one map per object, a parent index for sub-resources, and a change log of every
 * mutation (for soak tests that compare what workflows saw with what happened).
 *
 * Records are kept in a "stored form": the API fields plus plain link fields (`customer_id` on an
 * address, `job_id` on a line item, `assigned_employee_ids` on a job...). `views.ts` turns a stored
 * record into the shape HCP answers with.
 */
import type { ObjectName } from '../../nodes/shared/table/types';
import { getObjectSpec } from './table';
import { Rng, clone, isoSeconds, type Json } from './util';

export type FakeRecord = Json;

export type ChangeKind = 'created' | 'updated' | 'deleted';

export interface ChangeLogEntry {
	/** 1, 2, 3... in the order the mutations happened. */
	seq: number;
	/** Fake-clock time of the change, ISO to the second (equals the record's `updated_at`). */
	at: string;
	object: ObjectName;
	id: string;
	kind: ChangeKind;
	/** Webhook event the change fired, if any. */
	event?: string;
	/** Fields a patch touched (updates only). */
	fields?: string[];
}

export interface StoreWriteOptions {
	/**
	 * Fire a webhook for this change: an event name (`job.completed`), or `true` to let the fake pick
	 * the name from the change (`customer.updated`, `job.completed` when `work_status` became complete...).
	 * Without it the change is silent, like a change nobody subscribed to.
	 */
	event?: string | true;
	/** `false` keeps `updated_at` as it is (seeding, or the estimate-option trap). Default true. */
	touch?: boolean;
}

/** Where a sub-resource points at its parent, so lists under a parent path can find it fast. */
export const PARENT_LINKS: Partial<Record<ObjectName, readonly { field: string; parent: ObjectName }[]>> = {
	address: [{ field: 'customer_id', parent: 'customer' }],
	job: [{ field: 'customer_id', parent: 'customer' }],
	estimate: [{ field: 'customer_id', parent: 'customer' }],
	jobLineItem: [{ field: 'job_id', parent: 'job' }],
	appointment: [{ field: 'job_id', parent: 'job' }],
	jobInputMaterial: [{ field: 'job_id', parent: 'job' }],
	jobNote: [
		{ field: 'job_id', parent: 'job' },
		{ field: 'estimate_option_id', parent: 'estimateOption' },
	],
	jobLink: [
		{ field: 'job_id', parent: 'job' },
		{ field: 'estimate_option_id', parent: 'estimateOption' },
	],
	invoice: [{ field: 'job_id', parent: 'job' }],
	estimateOption: [{ field: 'estimate_id', parent: 'estimate' }],
	estimateOptionLineItem: [{ field: 'estimate_option_id', parent: 'estimateOption' }],
	leadLineItem: [{ field: 'lead_id', parent: 'lead' }],
	material: [{ field: 'material_category_uuid', parent: 'materialCategory' }],
};

/** Fills the fields a new record of this kind needs (`views.ts` provides it; kept out of the store). */
export type DefaultsFn = (object: ObjectName, partial: FakeRecord, store: FakeStore) => FakeRecord;

/** Picks the webhook event a change fires when the writer asked for `event: true`. */
export type EventNamer = (change: ChangeLogEntry, record: FakeRecord, before?: FakeRecord) => string | undefined;

export type ChangeListener = (entry: ChangeLogEntry, record: FakeRecord, before?: FakeRecord) => void;

export interface Clock {
	now(): Date;
}

export class FakeStore {
	readonly changes: ChangeLogEntry[] = [];
	private readonly tables = new Map<ObjectName, Map<string, FakeRecord>>();
	/** object -> parent id -> ids of children pointing at it. */
	private readonly childIndex = new Map<ObjectName, Map<string, Set<string>>>();
	private readonly versions = new Map<ObjectName, number>();
	private globalVersionValue = 0;
	private readonly listeners: ChangeListener[] = [];
	private defaults: DefaultsFn = (_object, partial) => ({ ...partial });
	private eventNamer: EventNamer = () => undefined;

	constructor(
		private readonly clock: Clock,
		/** Generator for ids of records created after seeding. */
		readonly rng: Rng,
	) {}

	/** How HCP rewrites written values before it stores them (phone numbers to 10 digits). */
	private normalize: (object: ObjectName, fields: FakeRecord) => FakeRecord = (_object, fields) => fields;

	setNormalizer(fn: (object: ObjectName, fields: FakeRecord) => FakeRecord): void {
		this.normalize = fn;
	}

	setDefaults(fn: DefaultsFn): void {
		this.defaults = fn;
	}

	setEventNamer(fn: EventNamer): void {
		this.eventNamer = fn;
	}

	onChange(listener: ChangeListener): void {
		this.listeners.push(listener);
	}

	nowMs(): number {
		return this.clock.now().getTime();
	}

	/** Current fake-clock second, ISO with Z. */
	nowIso(): string {
		return isoSeconds(this.clock.now());
	}

	// ---- public, copy-returning API (tests) ----

	/** Copies of every record of this kind, in insertion order. */
	list(object: ObjectName): FakeRecord[] {
		return [...this.table(object).values()].map((record) => clone(record));
	}

	/** A copy of one record, or undefined. */
	get(object: ObjectName, id: string): FakeRecord | undefined {
		const record = this.table(object).get(id);
		return record ? clone(record) : undefined;
	}

	count(object: ObjectName): number {
		return this.table(object).size;
	}

	/** Adds a record: assigns the prefixed id (unless given), `created_at` and `updated_at`. */
	insert(object: ObjectName, partial: FakeRecord, options: StoreWriteOptions = {}): FakeRecord {
		const record = this.insertRaw(object, partial);
		this.record({ object, id: this.idOf(object, record), kind: 'created' }, record, undefined, options);
		return clone(record);
	}

	/** Changes fields of a record; bumps `updated_at` unless `touch: false`. */
	update(object: ObjectName, id: string, patch: FakeRecord, options: StoreWriteOptions = {}): FakeRecord {
		const record = this.table(object).get(id);
		if (!record) throw new Error(`fake store: no ${object} with id ${id}`);
		const before = clone(record);
		this.unindex(object, id, record);
		Object.assign(record, this.normalize(object, clone(patch)));
		if (options.touch !== false) record.updated_at = this.nowIso();
		this.index(object, id, record);
		this.bump(object);
		this.record({ object, id, kind: 'updated', fields: Object.keys(patch) }, record, before, options);
		return clone(record);
	}

	/** Deletes a record; true when it existed. */
	remove(object: ObjectName, id: string, options: StoreWriteOptions = {}): boolean {
		const record = this.table(object).get(id);
		if (!record) return false;
		// Listeners see the record before it goes, so a `*.deleted` payload can still carry it.
		this.record({ object, id, kind: 'deleted' }, record, undefined, options);
		this.unindex(object, id, record);
		this.table(object).delete(id);
		this.bump(object);
		return true;
	}

	// ---- internal, no-copy API (the server and the seeder) ----

	/** The live map; callers must not mutate the records without `update`. */
	table(object: ObjectName): Map<string, FakeRecord> {
		let table = this.tables.get(object);
		if (!table) {
			table = new Map();
			this.tables.set(object, table);
		}
		return table;
	}

	raw(object: ObjectName, id: string): FakeRecord | undefined {
		return this.table(object).get(id);
	}

	/** Ids of the `object` records whose link points at `parentId`, in insertion order. */
	childIds(object: ObjectName, parentId: string): string[] {
		const ids = this.childIndex.get(object)?.get(parentId);
		return ids ? [...ids] : [];
	}

	children(object: ObjectName, parentId: string): FakeRecord[] {
		const table = this.table(object);
		const out: FakeRecord[] = [];
		for (const id of this.childIds(object, parentId)) {
			const record = table.get(id);
			if (record) out.push(record);
		}
		return out;
	}

	/** Changes whenever a record of this kind changes: list caches key on it. */
	version(object: ObjectName): number {
		return this.versions.get(object) ?? 0;
	}

	/** Changes whenever any record changes. */
	globalVersion(): number {
		return this.globalVersionValue;
	}

	idOf(object: ObjectName, record: FakeRecord): string {
		return String(record[getObjectSpec(object).idField]);
	}

	/** A new id for this kind of record, with HCP's prefix where it has one. */
	newId(object: ObjectName, rng: Rng = this.rng): string {
		const prefix = getObjectSpec(object).idPrefix;
		return prefix ? `${prefix}${rng.hex32()}` : rng.uuid();
	}

	/**
	 * Adds without logging or webhooks (the seeder, and handlers that log themselves). Fills id and
	 * timestamps unless given.
	 */
	insertRaw(object: ObjectName, partial: FakeRecord): FakeRecord {
		const idField = getObjectSpec(object).idField;
		// The defaults function returns a fresh object, so the caller's partial is never kept.
		const record = this.defaults(object, this.normalize(object, { ...partial }), this);
		if (record[idField] === undefined || record[idField] === null) record[idField] = this.newId(object);
		if (record.created_at === undefined) record.created_at = this.nowIso();
		if (record.updated_at === undefined) record.updated_at = record.created_at;
		const id = String(record[idField]);
		const table = this.table(object);
		if (table.has(id)) throw new Error(`fake store: ${object} ${id} exists already`);
		table.set(id, record);
		this.index(object, id, record);
		this.bump(object);
		return record;
	}

	/** Logs a change and tells listeners (webhooks). Handlers call it after raw edits. */
	record(
		change: Omit<ChangeLogEntry, 'seq' | 'at'>,
		record: FakeRecord,
		before: FakeRecord | undefined,
		options: StoreWriteOptions,
	): ChangeLogEntry {
		const entry: ChangeLogEntry = { seq: this.changes.length + 1, at: this.nowIso(), ...change };
		const event = options.event === true ? this.eventNamer(entry, record, before) : options.event;
		if (event) entry.event = event;
		this.changes.push(entry);
		for (const listener of this.listeners) listener(entry, record, before);
		return entry;
	}

	private bump(object: ObjectName): void {
		this.versions.set(object, this.version(object) + 1);
		this.globalVersionValue++;
	}

	private index(object: ObjectName, id: string, record: FakeRecord): void {
		for (const link of PARENT_LINKS[object] ?? []) {
			const parentId = record[link.field];
			if (typeof parentId !== 'string') continue;
			let byParent = this.childIndex.get(object);
			if (!byParent) {
				byParent = new Map();
				this.childIndex.set(object, byParent);
			}
			let ids = byParent.get(parentId);
			if (!ids) {
				ids = new Set();
				byParent.set(parentId, ids);
			}
			ids.add(id);
		}
	}

	private unindex(object: ObjectName, id: string, record: FakeRecord): void {
		for (const link of PARENT_LINKS[object] ?? []) {
			const parentId = record[link.field];
			if (typeof parentId === 'string') this.childIndex.get(object)?.get(parentId)?.delete(id);
		}
	}
}
