/**
 * List reads: query parsing with HCP's bracket rules, the documented filters, sorting, paging and the
 * four envelopes (FIELD-NOTES "Lists and pagination").
 */
import type { ObjectName, Operation, QueryParam } from '../../nodes/shared/table/types';
import { PARENT_LINKS, type FakeRecord, type FakeStore } from './store';
import { getObjectSpec } from './table';
import { humanize, parseTime, type Json } from './util';

export const DEFAULT_PAGE_SIZE = 10;
/**
 * The live maximum (FIELD-NOTES): above it HCP answers 400 `Size must be less than or equal to 200`
 * (recorded), it does not clamp.
 */
export const MAX_PAGE_SIZE = 200;
/**
 * Routes: a production connector never asks more than `per_page` 100. What HCP does above is
 * unknown; the fake refuses it like an oversized page_size (a guess, the harsher one).
 */
export const MAX_ROUTES_PER_PAGE = 100;

export interface ErrorAnswer {
	status: number;
	body: Json;
}

/** Job work_status filter words -> the words records answer with (FIELD-NOTES "Values"). */
export const WORK_STATUS_FILTER: Readonly<Record<string, readonly string[]>> = {
	unscheduled: ['needs scheduling'],
	scheduled: ['scheduled'],
	in_progress: ['in progress'],
	completed: ['complete rated', 'complete unrated'],
	canceled: ['user canceled', 'pro canceled'],
};

/**
 * What an unbracketed array parameter does, by listed object (FIELD-NOTES): `/jobs` answers 400,
 * `/invoices` 422; everything else (including `/estimates`) answers 200 without the filter.
 */
function unbracketedArrayError(object: ObjectName | undefined, name: string): ErrorAnswer | undefined {
	if (object === 'job') {
		return { status: 400, body: { message: `${humanize(name)} must be an array`, [name]: ['must be an array'] } };
	}
	if (object === 'invoice') {
		// The notes show this one with a bare string, not the usual array of messages.
		return { status: 422, body: { errors: { [name]: 'must be an array' } } };
	}
	return undefined;
}

export interface ListRequest {
	page: number;
	pageSize: number;
	sortBy: string;
	descending: boolean;
	/** Filter values by parameter name (array params from `name[]`). */
	filters: Map<string, string[]>;
}

/** Reads page, size, sort and filters, or returns the error HCP would answer. */
export function readListQuery(operation: Operation, raw: URLSearchParams): ListRequest | ErrorAnswer {
	const filters = new Map<string, string[]>();
	for (const param of operation.query ?? []) {
		if (param.array) {
			if (raw.has(param.name)) {
				const error = unbracketedArrayError(operation.object, param.name);
				if (error) return error;
			}
			const values = raw.getAll(`${param.name}[]`).filter((value) => value !== '');
			if (values.length > 0) filters.set(param.name, values);
		} else {
			const value = raw.get(param.name);
			if (value !== null && value !== '') filters.set(param.name, [value]);
		}
		const error = checkParam(param, filters.get(param.name));
		if (error) return error;
	}
	const list = operation.list;
	const sizeParam = list?.pageSizeParam;
	const requestedSize = sizeParam ? positiveInt(raw.get(sizeParam)) : undefined;
	const maxSize = operation.object === 'route' ? MAX_ROUTES_PER_PAGE : MAX_PAGE_SIZE;
	if (requestedSize !== undefined && requestedSize > maxSize) {
		return { status: 400, body: { error: { message: `Size must be less than or equal to ${maxSize}` } } };
	}
	const sortFields = list?.sortFields ?? [];
	const sortBy = raw.get('sort_by');
	const direction = raw.get('sort_direction');
	return {
		page: positiveInt(raw.get('page')) ?? 1,
		pageSize: requestedSize ?? DEFAULT_PAGE_SIZE,
		sortBy: sortBy !== null && sortFields.includes(sortBy) ? sortBy : 'created_at',
		descending: direction !== 'asc',
		filters,
	};
}

function positiveInt(value: string | null): number | undefined {
	if (value === null || !/^\d+$/.test(value.trim())) return undefined;
	const n = Number(value);
	return n >= 1 ? n : undefined;
}

/** Required parameters and values that cannot be read answer 400 `{message, <param>: [...]}`. */
function checkParam(param: QueryParam, values: string[] | undefined): ErrorAnswer | undefined {
	if (!values) {
		return param.required
			? { status: 400, body: { message: `${humanize(param.name)} is missing`, [param.name]: ['is missing'] } }
			: undefined;
	}
	for (const value of values) {
		const bad =
			((param.type === 'dateTime' || param.type === 'date') && parseTime(value) === undefined) ||
			((param.type === 'number' || param.type === 'integer') && Number.isNaN(Number(value)));
		if (bad) return { status: 400, body: { message: `${humanize(param.name)} is invalid`, [param.name]: ['is invalid'] } };
	}
	return undefined;
}

// ---- filters ----

type Predicate = (record: FakeRecord) => boolean;
type FilterBuilder = (values: string[], store: FakeStore) => Predicate;

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

function timeRange(field: (record: FakeRecord) => unknown, bound: 'min' | 'max'): FilterBuilder {
	return (values) => {
		const limit = parseTime(values[0]) as number;
		return (record) => {
			const at = parseTime(field(record));
			if (at === undefined) return false;
			// Both ends inclusive (FIELD-NOTES).
			return bound === 'min' ? at >= limit : at <= limit;
		};
	};
}

const scheduleStart = (record: FakeRecord): unknown => (record.schedule as Json | undefined)?.scheduled_start;
const scheduleEnd = (record: FakeRecord): unknown => (record.schedule as Json | undefined)?.scheduled_end;

const workStatus: FilterBuilder = (values) => {
	const wanted = new Set(values.flatMap((value) => WORK_STATUS_FILTER[value] ?? []));
	return (record) => wanted.has(String(record.work_status));
};

const byField =
	(field: string): FilterBuilder =>
	(values) => {
		const wanted = new Set(values);
		return (record) => wanted.has(String(record[field]));
	};

const anyAssigned: FilterBuilder = (values) => {
	const wanted = new Set(values);
	return (record) => Array.isArray(record.assigned_employee_ids) && record.assigned_employee_ids.some((id) => wanted.has(String(id)));
};

const scheduleFilters: Record<string, FilterBuilder> = {
	scheduled_start_min: timeRange(scheduleStart, 'min'),
	scheduled_start_max: timeRange(scheduleStart, 'max'),
	scheduled_end_min: timeRange(scheduleEnd, 'min'),
	scheduled_end_max: timeRange(scheduleEnd, 'max'),
};

function contains(field: string): FilterBuilder {
	return (values) => {
		const needle = values[0].toLowerCase();
		return (record) => lower(record[field]).includes(needle);
	};
}

/** The filters the fake applies, by listed object and parameter; other parameters are ignored. */
const FILTERS: Partial<Record<ObjectName, Record<string, FilterBuilder>>> = {
	customer: {
		q: (values, store) => {
			const needle = values[0].toLowerCase();
			const fields = ['first_name', 'last_name', 'email', 'mobile_number', 'home_number', 'work_number', 'company'];
			return (record) => {
				const name = `${lower(record.first_name)} ${lower(record.last_name)}`;
				if (name.includes(needle) || fields.some((field) => lower(record[field]).includes(needle))) return true;
				return store
					.children('address', String(record.id))
					.some((address) => ['street', 'city', 'zip'].some((field) => lower(address[field]).includes(needle)));
			};
		},
	},
	job: {
		customer_id: byField('customer_id'),
		employee_ids: anyAssigned,
		work_status: workStatus,
		...scheduleFilters,
	},
	estimate: {
		customer_id: byField('customer_id'),
		employee_ids: anyAssigned,
		work_status: workStatus,
		...scheduleFilters,
	},
	invoice: {
		status: byField('status'),
		customer_uuid: (values, store) => {
			const wanted = new Set(values);
			return (record) => {
				const job = typeof record.job_id === 'string' ? store.raw('job', record.job_id) : undefined;
				return job !== undefined && wanted.has(String(job.customer_id));
			};
		},
		created_at_min: timeRange((r) => r.created_at, 'min'),
		created_at_max: timeRange((r) => r.created_at, 'max'),
		due_at_min: timeRange((r) => r.due_at, 'min'),
		due_at_max: timeRange((r) => r.due_at, 'max'),
		paid_at_min: timeRange((r) => r.paid_at, 'min'),
		paid_at_max: timeRange((r) => r.paid_at, 'max'),
		amount_due_min: (values) => (record) => Number(record.due_amount) >= Number(values[0]),
		amount_due_max: (values) => (record) => Number(record.due_amount) <= Number(values[0]),
		payment_method: (values) => {
			const wanted = new Set(values);
			return (record) =>
				Array.isArray(record.payments) && record.payments.some((payment) => wanted.has(String((payment as Json).payment_method)));
		},
	},
	lead: {
		customer_id: byField('customer_id'),
		employee_ids: byField('assigned_employee_id'),
		status: byField('status'),
		lead_source: byField('lead_source'),
		tag_ids: (values, store) => {
			const names = new Set(values.map((id) => store.raw('tag', id)?.name).filter((name) => name !== undefined));
			return (record) => Array.isArray(record.tags) && record.tags.some((name) => names.has(name));
		},
	},
	leadSource: { q: contains('name') },
	jobType: { name: contains('name') },
	material: { material_category_uuid: byField('material_category_uuid') },
	materialCategory: { parent_uuid: byField('parent_uuid') },
	priceBookService: { q: contains('name') },
	serviceZone: {
		zip_code: (values) => (record) => Array.isArray(record.zip_codes) && record.zip_codes.includes(values[0]),
		address: (values) => {
			const text = values[0].toLowerCase();
			return (record) =>
				(Array.isArray(record.zip_codes) && record.zip_codes.some((zip) => text.includes(String(zip)))) ||
				(Array.isArray(record.cities) && record.cities.some((city) => text.includes(lower((city as Json).city))));
		},
	},
	route: { date: byField('date') },
	checklist: { job_uuids: byField('job_uuid'), estimate_uuids: byField('estimate_uuid') },
	pipelineStatus: { resource_type: byField('resource_type') },
};

// ---- sorting ----

function sortValue(record: FakeRecord, field: string): unknown {
	const value = record[field];
	if (value !== undefined) return value;
	// Events sort by address parts (`street`, `city`...).
	const address = record.address as Json | undefined;
	return address && typeof address === 'object' ? address[field] : undefined;
}

function compareValues(a: unknown, b: unknown): number {
	const aNull = a === null || a === undefined;
	const bNull = b === null || b === undefined;
	// Nulls sort as the largest value (PostgreSQL's default).
	if (aNull || bNull) return aNull && bNull ? 0 : aNull ? 1 : -1;
	const aNum = typeof a === 'number' ? a : typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : NaN;
	const bNum = typeof b === 'number' ? b : typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : NaN;
	if (!Number.isNaN(aNum) && !Number.isNaN(bNum)) return aNum - bNum;
	const aText = String(a);
	const bText = String(b);
	return aText < bText ? -1 : aText > bText ? 1 : 0;
}

// ---- the read ----

/** The parent a sub-resource list hangs under: the last path parameter the listed object links to. */
export function listParent(operation: Operation, params: Record<string, string>): { object: ObjectName; id: string } | undefined {
	const object = operation.object;
	if (!object) return undefined;
	const links = PARENT_LINKS[object] ?? [];
	for (let i = operation.pathParams.length - 1; i >= 0; i--) {
		const param = operation.pathParams[i];
		if (param.object && links.some((link) => link.parent === param.object)) return { object: param.object, id: params[param.name] };
	}
	return undefined;
}

interface CacheEntry {
	version: number;
	rows: FakeRecord[];
}

/** Sorted, filtered row sets by query, rebuilt when any record changes (100k-row lists stay fast to page). */
export class ListCache {
	private readonly entries = new Map<string, CacheEntry>();

	constructor(private readonly limit = 64) {}

	rows(store: FakeStore, key: string, build: () => FakeRecord[]): FakeRecord[] {
		const version = store.globalVersion();
		const hit = this.entries.get(key);
		if (hit && hit.version === version) return hit.rows;
		const rows = build();
		this.entries.delete(key);
		this.entries.set(key, { version, rows });
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
		return rows;
	}
}

/** All matching stored records of a list, filtered and sorted (not yet paged). */
export function selectRows(
	operation: Operation,
	params: Record<string, string>,
	request: ListRequest,
	store: FakeStore,
	cache: ListCache,
): FakeRecord[] {
	const object = operation.object as ObjectName;
	const parent = listParent(operation, params);
	const key = JSON.stringify([operation.key, parent?.id ?? '', request.sortBy, request.descending, [...request.filters]]);
	return cache.rows(store, key, () => {
		const source = parent ? store.children(object, parent.id) : [...store.table(object).values()];
		const builders = FILTERS[object] ?? {};
		const predicates: Predicate[] = [];
		for (const [name, values] of request.filters) {
			const builder = builders[name];
			if (builder) predicates.push(builder(values, store));
		}
		const rows = predicates.length === 0 ? source : source.filter((record) => predicates.every((test) => test(record)));
		if (!operation.list?.sortFields && parent) return rows; // sub-resources keep their own order
		const idField = getObjectSpec(object).idField;
		const sign = request.descending ? -1 : 1;
		const field = request.sortBy;
		return [...rows].sort(
			(a, b) => sign * (compareValues(sortValue(a, field), sortValue(b, field)) || compareValues(a[idField], b[idField])),
		);
	});
}

/**
 * How `GET /api/price_book/services` answers. Sources disagree (FIELD-NOTES): live integrations
 * read `data`, the spec says `services`; page totals come as `total_pages_count` or `total_pages`.
 * Default: `data` with `total_pages` (the combination a reader of the material envelope misses).
 */
export interface ServicesEnvelope {
	rowsKey: 'data' | 'services';
	totalPagesKey: 'total_pages_count' | 'total_pages';
}

export const DEFAULT_SERVICES_ENVELOPE: ServicesEnvelope = { rowsKey: 'data', totalPagesKey: 'total_pages' };

/** The answer body for one page, in the operation's envelope. */
export function envelope(
	operation: Operation,
	pathname: string,
	request: ListRequest,
	rows: Json[],
	totalItems: number,
	services: ServicesEnvelope = DEFAULT_SERVICES_ENVELOPE,
): Json {
	const list = operation.list;
	if (!list) return { data: rows };
	const totalPages = Math.ceil(totalItems / request.pageSize);
	switch (list.envelope) {
		case 'paged':
			return { page: request.page, page_size: request.pageSize, total_pages: totalPages, total_items: totalItems, [list.key]: rows };
		case 'priceBook': {
			const isServices = operation.object === 'priceBookService';
			return {
				object: 'list',
				page: request.page,
				page_size: request.pageSize,
				[isServices ? services.totalPagesKey : 'total_pages_count']: totalPages,
				total_count: totalItems,
				[isServices ? services.rowsKey : list.key]: rows,
				url: pathname,
			};
		}
		case 'dataList':
			return { object: 'list', [list.key]: rows, url: pathname };
		case 'keyed':
			return { [list.key]: rows };
	}
}

/** Whether the operation's answer is split into pages. */
export function isPaged(operation: Operation): boolean {
	return operation.list?.envelope === 'paged' || operation.list?.envelope === 'priceBook';
}
