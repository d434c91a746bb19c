/**
 * A tiny HCP stand-in that answers list and single-record reads purely from the recorded fixtures
 * (test/fixtures/recorded), cloned to many records with distinct ids, in the recorded envelopes and
 * with the recorded page-size refusals. Unlike the fake HCP it has no model of the company: tests
 * change its rows directly between reads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RecordedJson } from '../fixtures/recorded';

export interface FixtureList {
	/** Rows, in the order they were made (the tie-break of every sort). */
	rows: RecordedJson[];
	idField: string;
	envelope: 'paged' | 'priceBook' | 'servicesSpec';
	/** Key holding the rows in the answer. */
	key: string;
	pageSizeParam: 'page_size' | 'per_page';
	/** Largest page accepted; above it the recorded 400. */
	maxPageSize: number;
	/** Name of the page total in the price-book envelope (sources disagree). */
	totalPagesKey?: 'total_pages' | 'total_pages_count';
	/** `<param>[]` filters applied by equality on the field of the same name (invoice `status[]`). */
	arrayFilters?: readonly string[];
}

export interface FixtureServer {
	url: string;
	lists: Map<string, FixtureList>;
	/** Every request's path and query, in arrival order. */
	requests: { path: string; query: URLSearchParams }[];
	close(): Promise<void>;
}

/** `prefix` + 32 hex digits, like HCP's ids; index-derived so clones are distinct and stable. */
export function cloneId(prefix: string, index: number): string {
	return `${prefix}${index.toString(16).padStart(32, '0')}`;
}

/** The time `seconds` after `base` (ISO, whole seconds, `Z`). */
export function isoPlus(base: string, seconds: number): string {
	return new Date(Date.parse(base) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `count` copies of the fixtures (taken in turn), each with its own id; where a fixture carries
 * timestamps, copies advance them by whole seconds, three copies sharing each second (as bulk edits
 * do), so sorting and cursors see ties.
 */
export function cloneRecords(fixtures: readonly RecordedJson[], count: number, idField: string, prefix: string): RecordedJson[] {
	return Array.from({ length: count }, (_, index) => {
		const copy = structuredClone(fixtures[index % fixtures.length]);
		copy[idField] = cloneId(prefix, index);
		const second = Math.floor(index / 3);
		if (typeof copy.created_at === 'string') copy.created_at = isoPlus(copy.created_at, second);
		if (typeof copy.updated_at === 'string') copy.updated_at = isoPlus(copy.updated_at, second);
		return copy;
	});
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
}

function sortedRows(list: FixtureList, query: URLSearchParams): RecordedJson[] {
	let rows = list.rows.map((row, index) => ({ row, index }));
	for (const param of list.arrayFilters ?? []) {
		const wanted = query.getAll(`${param}[]`);
		if (wanted.length) rows = rows.filter(({ row }) => wanted.includes(String(row[param])));
	}
	// HCP sorts by created_at descending unless told otherwise; rows without the field keep their order.
	const field = query.get('sort_by') ?? 'created_at';
	const sign = (query.get('sort_direction') ?? 'desc') === 'asc' ? 1 : -1;
	if (rows.every(({ row }) => typeof row[field] === 'string')) {
		rows.sort((a, b) => sign * String(a.row[field]).localeCompare(String(b.row[field])) || a.index - b.index);
	}
	return rows.map(({ row }) => row);
}

function answerList(list: FixtureList, query: URLSearchParams, response: ServerResponse): void {
	const page = Number(query.get('page') ?? '1');
	const pageSize = Number(query.get(list.pageSizeParam) ?? '10');
	if (pageSize > list.maxPageSize) {
		send(response, 400, { error: { message: `Size must be less than or equal to ${list.maxPageSize}` } });
		return;
	}
	const rows = sortedRows(list, query);
	const slice = rows.slice((page - 1) * pageSize, page * pageSize);
	const totalPages = Math.ceil(rows.length / pageSize);
	if (list.envelope === 'paged') {
		send(response, 200, { page, page_size: pageSize, total_pages: totalPages, total_items: rows.length, [list.key]: slice });
	} else if (list.envelope === 'servicesSpec') {
		// The spec's services answer names no totals at all: only the rows.
		send(response, 200, { [list.key]: slice });
	} else {
		send(response, 200, {
			object: 'list',
			page,
			page_size: pageSize,
			[list.totalPagesKey ?? 'total_pages_count']: totalPages,
			total_count: rows.length,
			[list.key]: slice,
		});
	}
}

export async function startFixtureServer(lists: Record<string, FixtureList>): Promise<FixtureServer> {
	const byPath = new Map(Object.entries(lists));
	const requests: FixtureServer['requests'] = [];
	const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		requests.push({ path: url.pathname, query: url.searchParams });
		if (request.headers.authorization !== 'Token fixture-key') {
			send(response, 401, { message: 'Unauthorized' });
			return;
		}
		const list = byPath.get(url.pathname);
		if (list) {
			answerList(list, url.searchParams, response);
			return;
		}
		// A single record: the list path (the invoice list is /invoices, one invoice /api/invoices/{id}).
		const slash = url.pathname.lastIndexOf('/');
		const parent = url.pathname.slice(0, slash).replace(/^\/api\/invoices$/, '/invoices');
		const id = decodeURIComponent(url.pathname.slice(slash + 1));
		const owner = byPath.get(parent);
		const record = owner?.rows.find((row) => row[owner.idField] === id);
		if (record) send(response, 200, record);
		else send(response, 404, { error: { message: 'not found' } });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		lists: byPath,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				// n8n's HTTP client keeps connections alive; close() alone would wait for them.
				server.closeAllConnections();
			}),
	};
}
