/**
 * The transport through n8n-core's engine (httpRequestWithAuthentication and our credential),
 * against a scripted server so each answer sequence is exact.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { resetLimiters } from '../../nodes/shared/transport';
import { registerNodeType, runWorkflow } from '../harness';
import { PROBE_TYPE, TransportProbe } from '../harness/probe-node';

registerNodeType(PROBE_TYPE, new TransportProbe());

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number; onWrite?: () => void } | 'drop';

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let script: Array<(req: Seen) => Answer> = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const entry = { method: req.method!, url: req.url!, headers: req.headers, body };
			seen.push(entry);
			const next = script.shift();
			const answer = next ? next(entry) : { status: 200, body: { ok: true } };
			if (answer === 'drop') {
				req.socket.destroy();
				return;
			}
			const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
			const write = () => {
				answer.onWrite?.();
				res.writeHead(answer.status, {
					'content-type': typeof answer.body === 'string' ? 'text/html' : 'application/json',
					...answer.headers,
				});
				res.end(text);
			};
			if (answer.delayMs) setTimeout(write, answer.delayMs);
			else write();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	seen = [];
	script = [];
	// One server and key for every test: each starts with a fresh account limiter.
	resetLimiters();
});

const SECRET_KEY = 'hcp-secret-key-0123456789';

async function probe(parameters: Record<string, unknown>, continueOnFail = false) {
	const result = await runWorkflow({
		credentials: { baseUrl, apiKey: SECRET_KEY },
		nodes: [{ name: 'Probe', type: PROBE_TYPE, parameters: parameters as never, continueOnFail }],
	});
	const error = result.error('Probe');
	return { items: error ? [] : result.output('Probe'), error };
}

describe('transport through n8n-core', () => {
	it('sends the Token header, no X-Company-Id when unset, and bracketed arrays', async () => {
		const { items, error } = await probe({ method: 'GET', path: '/jobs', query: { work_status: ['scheduled', 'completed'], page: 1 } });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ ok: true });
		expect(seen[0].headers.authorization).toBe(`Token ${SECRET_KEY}`);
		expect(seen[0].headers['x-company-id']).toBeUndefined();
		expect(decodeURIComponent(seen[0].url)).toBe('/jobs?work_status[]=scheduled&work_status[]=completed&page=1');
	});

	it('retries a read after 429 without Retry-After, 429 with it, a 503 and a dropped connection', async () => {
		script = [
			() => ({ status: 429 }),
			() => ({ status: 429, headers: { 'retry-after': '0' } }),
			() => ({ status: 503, body: { message: 'busy' } }),
			() => 'drop',
			() => ({ status: 200, body: { company: 'ok' } }),
		];
		const { items, error } = await probe({ method: 'GET', path: '/company' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ company: 'ok' });
		expect(seen).toHaveLength(5);
	});

	it('never resends a POST after a 5xx, but does after a 429', async () => {
		script = [() => ({ status: 500, body: { message: 'oops' } })];
		const failed = await probe({ method: 'POST', path: '/jobs', body: { customer_id: 'cus_1' } });
		expect(failed.error?.message).toMatch(/oops|500/);
		expect(seen).toHaveLength(1);

		seen = [];
		script = [() => ({ status: 429 }), () => ({ status: 201, body: { id: 'job_1' } })];
		const created = await probe({ method: 'POST', path: '/jobs', body: { customer_id: 'cus_1' } });
		expect(created.items[0].json).toEqual({ id: 'job_1' });
		expect(seen).toHaveLength(2);
		expect(JSON.parse(seen[1].body)).toEqual({ customer_id: 'cus_1' });
	});

	it('never resends a POST whose connection dropped', async () => {
		script = ['drop' as const].map((answer) => () => answer);
		const failed = await probe({ method: 'POST', path: '/jobs', body: { customer_id: 'cus_1' } });
		expect(failed.error).toBeDefined();
		expect(seen).toHaveLength(1);
	});

	it('turns a 422 into an error with the field detail and the item, never the key', async () => {
		script = [() => ({ status: 422, body: { errors: { customer_id: ["can't be blank"] } } })];
		const { error } = await probe({ method: 'POST', path: '/jobs', body: {} });
		const description = (error as unknown as { description?: string }).description ?? '';
		expect(description).toContain("customer_id: can't be blank");
		expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
		expect(`${error?.message} ${description}`).not.toContain(SECRET_KEY);
	});

	it('explains a 401 with the likely causes', async () => {
		script = [() => ({ status: 401, body: { message: 'Unauthorized' } })];
		const { error } = await probe({ method: 'GET', path: '/company' });
		expect(error?.message).toMatch(/MAX.*plan|revoked/);
	});

	it('reads all pages with bounded concurrency, in order, each id once', async () => {
		const total = 45;
		const rows = Array.from({ length: total }, (_, i) => ({ id: `cus_${String(i).padStart(3, '0')}` }));
		let inFlight = 0;
		let maxInFlight = 0;
		const pageAnswer = (req: Seen): Answer => {
			const url = new URL(req.url, baseUrl);
			const page = Number(url.searchParams.get('page'));
			const size = Number(url.searchParams.get('page_size'));
			// Page 2 repeats the last row of page 1, as a shifted page would.
			const start = (page - 1) * size - (page === 2 ? 1 : 0);
			return { status: 200, body: { page, page_size: size, total_pages: Math.ceil(total / size), total_items: total, customers: rows.slice(start, page * size) } };
		};
		script = Array.from({ length: 10 }, () => (req: Seen) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			inFlight--;
			return pageAnswer(req);
		});
		const { items, error } = await probe({
			path: '/customers',
			query: { sort_by: 'created_at', sort_direction: 'asc' },
			list: { envelope: 'paged', key: 'customers', pageSizeParam: 'page_size' },
			// 10 rows a page via limit would cut the read; use concurrency 2 and the default page size.
			concurrency: 2,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(rows.map((row) => row.id));
		expect(seen.every((req) => new URL(req.url, baseUrl).searchParams.get('page_size') === '200')).toBe(true);
	});

	it('maps rows as they come (mapRow), de-duplicating by the raw id the mapped rows no longer carry, and counting mapped rows for a limit', async () => {
		const total = 450;
		const rows = Array.from({ length: total }, (_, i) => ({ id: `cus_${String(i).padStart(3, '0')}` }));
		const shiftedPages = (req: Seen): Answer => {
			const page = Number(new URL(req.url, baseUrl).searchParams.get('page'));
			// Pages 2 and 3 each start with the last row of the page before, as shifted pages would.
			const start = (page - 1) * 200 - (page > 1 ? 1 : 0);
			return { status: 200, body: { page, total_pages: 3, customers: rows.slice(start, page * 200) } };
		};
		const list = { envelope: 'paged', key: 'customers', pageSizeParam: 'page_size' };
		script = Array.from({ length: 3 }, () => shiftedPages);
		const all = await probe({ path: '/customers', query: {}, list, mapRows: 'label' });
		expect(all.error).toBeUndefined();
		expect(all.items.map((item) => item.json)).toEqual(rows.map((row) => ({ label: `row ${row.id}` })));

		seen = [];
		script = Array.from({ length: 3 }, () => shiftedPages);
		const limited = await probe({ path: '/customers', query: {}, list, mapRows: 'label', limit: 250 });
		expect(limited.items.map((item) => item.json.label)).toEqual(rows.slice(0, 250).map((row) => `row ${row.id}`));
	});

	it('keeps reading later pages while one page is slow, and still yields them in order', async () => {
		const total = 6 * 200;
		const rows = Array.from({ length: total }, (_, i) => ({ id: i }));
		let requestsWhenPage2Answered = 0;
		script = Array.from({ length: 6 }, () => (req: Seen): Answer => {
			const page = Number(new URL(req.url, baseUrl).searchParams.get('page'));
			const body = { page, total_pages: 6, customers: rows.slice((page - 1) * 200, page * 200) };
			if (page !== 2) return { status: 200, body };
			return { status: 200, body, delayMs: 400, onWrite: () => (requestsWhenPage2Answered = seen.length) };
		});
		const { items, error } = await probe({
			path: '/customers',
			query: {},
			list: { envelope: 'paged', key: 'customers', pageSizeParam: 'page_size' },
			concurrency: 2,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(rows.map((row) => row.id));
		// While page 2 takes its time, the read goes on to pages 3, 4 and 5: up to four pages ahead of
		// the one it yields, two requests in flight.
		expect(requestsWhenPage2Answered).toBe(5);
	});

	it('asks only for the pages a limit needs', async () => {
		const rows = Array.from({ length: 500 }, (_, i) => ({ id: i }));
		script = Array.from({ length: 5 }, () => (req: Seen) => {
			const url = new URL(req.url, baseUrl);
			const page = Number(url.searchParams.get('page'));
			const size = Number(url.searchParams.get('page_size'));
			return { status: 200, body: { total_pages: Math.ceil(500 / size), jobs: rows.slice((page - 1) * size, page * size) } };
		});
		const { items } = await probe({ path: '/jobs', query: {}, list: { envelope: 'paged', key: 'jobs', pageSizeParam: 'page_size' }, limit: 30 });
		expect(items).toHaveLength(30);
		expect(seen).toHaveLength(1);
		expect(new URL(seen[0].url, baseUrl).searchParams.get('page_size')).toBe('30');
	});
});
