import type { IDataObject } from 'n8n-workflow';

import type { ListSpec } from '../table/types';
import { ACCOUNT_MAX_CONCURRENCY } from './concurrency';
import type { Query } from './query';
import { hcpRequest, type HcpContext, type HcpRequestOptions } from './request';

/** HCP's live page-size maximum (FIELD-NOTES); what happens above it is unknown, so never ask more. */
export const MAX_PAGE_SIZE = 200;
/**
 * Pages one read may have in flight at most (the "Max Parallel Requests" option). How many really
 * go at once is the account's adaptive limiter's call (concurrency.ts): it starts at 4 and grows
 * while answers are fast and no 429 comes.
 */
export const MAX_CONCURRENCY = ACCOUNT_MAX_CONCURRENCY;
export const DEFAULT_CONCURRENCY = MAX_CONCURRENCY;
/** Pages a read asks for ahead of the one it yields, as a multiple of its requests in flight. */
const LOOKAHEAD_FACTOR = 2;

export interface ListPage {
	rows: IDataObject[];
	/** 1 for envelopes that do not page. */
	totalPages: number;
	totalItems?: number;
	/**
	 * False when a paged answer named no page total (nor, in the price-book envelope, a count; the
	 * spec's price-book services answer is a bare `{services: [...]}`): then only a short page
	 * tells the end.
	 */
	totalKnown?: boolean;
}

function asNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Reads one list answer in any of the three envelopes (see table/types.ts `Envelope`). */
export function parseListPage(list: ListSpec, body: unknown): ListPage {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		throw new Error(`Expected a JSON object holding "${list.key}", got ${Array.isArray(body) ? 'an array' : typeof body}`);
	}
	const record = body as IDataObject;
	const key = [list.key, ...(list.otherKeys ?? [])].find((name) => record[name] !== undefined && record[name] !== null);
	if (key === undefined) return { rows: [], totalPages: 0, totalItems: 0 };
	const rows = record[key];
	if (!Array.isArray(rows)) throw new Error(`Expected "${key}" to be a list`);
	// Sources disagree on the names of the totals (price-book services: total_pages_count or
	// total_pages), so both envelopes read whichever is present.
	const totalPagesGiven = asNumber(record.total_pages) ?? asNumber(record.total_pages_count);
	if (list.envelope === 'paged') {
		return {
			rows: rows as IDataObject[],
			totalPages: totalPagesGiven ?? 1,
			totalItems: asNumber(record.total_items) ?? asNumber(record.total_count),
			...(totalPagesGiven === undefined ? { totalKnown: false } : {}),
		};
	}
	if (list.envelope === 'priceBook') {
		const totalCount = asNumber(record.total_count) ?? asNumber(record.total_items);
		const pageSize = asNumber(record.page_size);
		// Material categories may omit the page total; derive it from the count when they do.
		const derived = totalCount !== undefined && pageSize ? Math.ceil(totalCount / pageSize) : undefined;
		const totalPages = totalPagesGiven ?? derived;
		return { rows: rows as IDataObject[], totalPages: totalPages ?? 1, totalItems: totalCount, totalKnown: totalPages !== undefined };
	}
	return { rows: rows as IDataObject[], totalPages: 1, totalItems: rows.length };
}

/** The largest page this list may be asked for. */
export function maxPageSizeOf(list: ListSpec): number {
	return Math.min(MAX_PAGE_SIZE, list.maxPageSize ?? MAX_PAGE_SIZE);
}

export function pageQuery(list: ListSpec, query: Query, page: number, pageSize: number): Query {
	if (!list.pageSizeParam) return { ...query };
	return { ...query, page, [list.pageSizeParam]: Math.min(maxPageSizeOf(list), Math.max(1, pageSize)) };
}

export interface ReadListOptions extends HcpRequestOptions {
	/** Stop after this many rows; absent = all. */
	limit?: number;
	/** Rows per page, capped at 200. */
	pageSize?: number;
	/** Most pages in flight at once after the first (which tells the page count); the limiter may allow fewer. */
	concurrency?: number;
	/** Field that identifies a row, for de-duplication when pages shift under a read. */
	idField?: string;
	/**
	 * Turns each row kept into what readList returns (e.g. Simplify), page by page as the rows come:
	 * a long read then holds only the results, not every raw record until the end.
	 */
	mapRow?: (row: IDataObject) => IDataObject;
}

/**
 * Reads pages in order. After page 1 has told how many there are, up to `concurrency` further pages
 * are asked for at once (the account's limiter lets as many go as it judges safe), yet pages are
 * yielded strictly in order so a caller can stop early.
 */
export async function* iteratePages(
	ctx: HcpContext,
	path: string,
	list: ListSpec,
	query: Query,
	options: ReadListOptions = {},
): AsyncGenerator<ListPage> {
	const pageSize = Math.min(maxPageSizeOf(list), options.pageSize ?? MAX_PAGE_SIZE, options.limit ?? MAX_PAGE_SIZE);
	// Unset, 0 or not a number (an option left empty): the default.
	const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Number(options.concurrency) || DEFAULT_CONCURRENCY));
	const fetchPage = async (page: number): Promise<ListPage> =>
		parseListPage(
			list,
			await hcpRequest(ctx, { method: 'GET', path, query: pageQuery(list, query, page, pageSize) }, options),
		);

	const first = await fetchPage(1);
	yield first;
	if (!list.pageSizeParam) return;
	const pagesWanted = options.limit !== undefined ? Math.ceil(options.limit / pageSize) : Infinity;
	if (first.totalKnown === false) {
		// No total to plan by: ask one page after another until one comes back short.
		let last = first;
		for (let page = 2; page <= pagesWanted && last.rows.length >= pageSize; page++) {
			last = await fetchPage(page);
			yield last;
		}
		return;
	}
	const lastPage = Math.min(first.totalPages, pagesWanted);

	// Pages asked for run ahead of the one being yielded, so one page that waits out a 429 does not
	// stop the read; at most `concurrency` of them are requests in flight.
	const lookahead = concurrency * LOOKAHEAD_FACTOR;
	const inFlight = new Map<number, Promise<ListPage>>();
	let active = 0;
	let stopped = false;
	const waiting: Array<() => void> = [];
	const takeSlot = (): Promise<void> => {
		if (active < concurrency) {
			active++;
			return Promise.resolve();
		}
		return new Promise((resolve) => waiting.push(resolve));
	};
	// A freed slot goes straight to the next waiter, so `active` only drops when none waits.
	const freeSlot = () => {
		const next = waiting.shift();
		if (next) next();
		else active--;
	};
	const fetchInTurn = async (page: number): Promise<ListPage> => {
		await takeSlot();
		try {
			// A caller that stopped early needs no more pages: do not spend requests on them.
			if (stopped) return { rows: [], totalPages: 0 };
			return await fetchPage(page);
		} finally {
			freeSlot();
		}
	};
	let nextToStart = 2;
	const fill = () => {
		while (nextToStart <= lastPage && inFlight.size < lookahead) {
			const page = nextToStart++;
			const promise = fetchInTurn(page);
			// Failures surface when the page's turn comes; until then keep Node from reporting them.
			promise.catch(() => undefined);
			inFlight.set(page, promise);
		}
	};
	try {
		for (let page = 2; page <= lastPage; page++) {
			fill();
			const result = await inFlight.get(page)!;
			inFlight.delete(page);
			yield result;
		}
	} finally {
		// A caller that stops early leaves pages in flight; their results are dropped.
		stopped = true;
		inFlight.clear();
	}
}

/** Every row of a list (or the first `limit`), each id once, in the order HCP sorted them (mapped by `mapRow`). */
export async function readList(
	ctx: HcpContext,
	path: string,
	list: ListSpec,
	query: Query,
	options: ReadListOptions = {},
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const seen = new Set<unknown>();
	const idField = options.idField ?? 'id';
	const mapRow = options.mapRow;
	for await (const page of iteratePages(ctx, path, list, query, options)) {
		for (const row of page.rows) {
			const id = row[idField];
			if (id !== undefined && id !== null) {
				if (seen.has(id)) continue;
				seen.add(id);
			}
			rows.push(mapRow ? mapRow(row) : row);
			if (options.limit !== undefined && rows.length >= options.limit) return rows;
		}
	}
	return rows;
}
