/**
 * Get Many through the engine: Return All over thousands of records (each once, ceil(N/200)
 * requests, stable ascending order), bounded parallel pages, limits across pages, and filters sent
 * the way HCP reads them.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runNode } from '../harness';
import type { FakeHcp } from '../fake-hcp';
import { queryPairs, run, withFake } from './node-helpers';

/** A pass-through proxy in front of the fake that counts requests in flight at once. */
async function countingProxy(target: string): Promise<{ url: string; maxInFlight: () => number; close: () => Promise<void> }> {
	let inFlight = 0;
	let max = 0;
	const { hostname, port } = new URL(target);
	const server: Server = createServer((incoming, outgoing) => {
		inFlight++;
		max = Math.max(max, inFlight);
		const forward = httpRequest({ hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
			outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(outgoing);
			answer.on('end', () => inFlight--);
		});
		incoming.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		maxInFlight: () => max,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

function customerIdsByCreation(fake: FakeHcp): string[] {
	return fake.store
		.list('customer')
		.map((customer, index) => ({ id: String(customer.id), created: String(customer.created_at), index }))
		.sort((a, b) => a.created.localeCompare(b.created) || a.index - b.index)
		.map((customer) => customer.id);
}

describe('Get Many', () => {
	it('Return All over 2,500 customers: each once, ceil(N/200) requests, ascending by created_at', async () => {
		await withFake({ size: { customer: 2500 } }, async (fake) => {
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'customer', operation: 'getMany', returnAll: true });
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(Math.ceil(2500 / 200));
			for (const [index, request] of fake.requests.entries()) {
				expect(queryPairs(request)).toEqual([`page=${index + 1}`, 'page_size=200', 'sort_by=created_at', 'sort_direction=asc'].sort());
			}
			const ids = items.map((item) => item.json.id);
			expect(new Set(ids).size).toBe(2500);
			// Ties in created_at may come in any order within their second; the seconds must ascend.
			const created = items.map((item) => String(item.json.created_at));
			expect(created).toEqual([...created].sort());
			expect(new Set(ids)).toEqual(new Set(customerIdsByCreation(fake)));
			expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		});
	});

	it('Return All copes with tens of thousands of records (20,000 customers, 100 requests)', async () => {
		await withFake({ size: { customer: 20_000 } }, async (fake) => {
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'customer', operation: 'getMany', returnAll: true, options: { parallelRequests: 8 } });
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(100);
			expect(new Set(items.map((item) => item.json.id)).size).toBe(20_000);
		});
	});

	it('fetches pages in parallel, never more at once than Parallel Requests', async () => {
		await withFake({ size: { customer: 1800 }, latencyMs: 25 }, async (fake) => {
			for (const parallel of [1, 3]) {
				const proxy = await countingProxy(fake.url);
				try {
					const { items, error } = await runNode({
						credentials: { baseUrl: proxy.url, apiKey: fake.apiKey },
						parameters: { resource: 'customer', operation: 'getMany', returnAll: true, options: { parallelRequests: parallel } },
					});
					expect(error).toBeUndefined();
					expect(items).toHaveLength(1800);
					// Page 1 comes alone (it tells the page count); then up to `parallel` at once.
					expect(proxy.maxInFlight()).toBe(parallel);
				} finally {
					await proxy.close();
				}
			}
		});
	});

	it('a limit above one page reads just enough pages, newest first as HCP sorts by default', async () => {
		await withFake({ size: { customer: 1000 } }, async (fake) => {
			fake.clearRequests();
			const { items } = await run(fake, { resource: 'customer', operation: 'getMany', returnAll: false, limit: 450 });
			expect(items).toHaveLength(450);
			expect(fake.requests.map((request) => queryPairs(request))).toEqual([
				['page=1', 'page_size=200'],
				['page=2', 'page_size=200'],
				['page=3', 'page_size=200'],
			]);
			const created = items.map((item) => String(item.json.created_at));
			expect(created).toEqual([...created].sort().reverse());
		});
	});

	it('a sort the user sets wins over the stable default', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const { items } = await run(fake, {
				resource: 'job',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
				options: { sortBy: 'updated_at', sortDirection: 'desc' },
			});
			expect(queryPairs(fake.requests[0])).toEqual(['page=1', 'page_size=200', 'sort_by=updated_at', 'sort_direction=desc']);
			const updated = items.map((item) => String(item.json.updated_at));
			expect(updated).toEqual([...updated].sort().reverse());
		});
	});

	it('sends every filter typed and bracketed, and HCP applies them', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job').find((candidate) => (candidate.assigned_employee_ids as string[]).length > 0)!;
			const employee = (job.assigned_employee_ids as string[])[0];
			fake.clearRequests();
			const { items, error } = await run(fake, {
				resource: 'job',
				operation: 'getMany',
				limit: 20,
				simplify: false,
				filters: {
					workStatus: ['scheduled', 'completed', 'unscheduled', 'in_progress', 'canceled'],
					employeeIds: [employee],
					customerId: { __rl: true, mode: 'id', value: String(job.customer_id) },
					scheduledStartMin: '2020-01-01T00:00:00Z',
				},
				options: { expand: ['appointments'] },
			});
			expect(error).toBeUndefined();
			expect(queryPairs(fake.requests[0])).toEqual(
				[
					'work_status[]=scheduled',
					'work_status[]=completed',
					'work_status[]=unscheduled',
					'work_status[]=in_progress',
					'work_status[]=canceled',
					`employee_ids[]=${employee}`,
					`customer_id=${job.customer_id}`,
					'scheduled_start_min=2020-01-01T00:00:00Z',
					'expand[]=appointments',
					'page=1',
					'page_size=20',
				].sort(),
			);
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) {
				expect((item.json.customer as { id: string }).id).toBe(job.customer_id);
				expect((item.json.assigned_employees as Array<{ id: string }>).map((e) => e.id)).toContain(employee);
				expect((item.json.schedule as { appointments?: unknown }).appointments).toBeDefined();
			}
		});
	});

	it('invoice filters: statuses and money in cents', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const { items, error } = await run(fake, {
				resource: 'invoice',
				operation: 'getMany',
				returnAll: true,
				filters: { status: ['paid'], amountDueMax: 0 },
			});
			expect(error).toBeUndefined();
			expect(queryPairs(fake.requests[0])).toEqual(['amount_due_max=0', 'page=1', 'page_size=200', 'sort_by=created_at', 'sort_direction=asc', 'status[]=paid']);
			expect(items.length).toBeGreaterThan(0);
			expect(items.every((item) => item.json.status === 'paid' && item.json.due_amount === 0)).toBe(true);
			// Simplified invoices keep the amounts in cents and the job they belong to.
			expect(Object.keys(items[0].json)).toEqual(expect.arrayContaining(['id', 'invoice_number', 'job_id', 'status', 'amount', 'due_amount']));
		});
	});
});

describe('lists in the shapes sources disagree on', () => {
	it('customer search: a phone number typed any way finds the customer HCP stores as 10 digits', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.insert('customer', { first_name: 'Caller', last_name: 'Formatted', mobile_number: '(512) 555-0199' });
			// As recorded live: stored (and answered) as 10 digits, and `q` matches only that text.
			expect(fake.store.get('customer', String(customer.id))!.mobile_number).toBe('5125550199');
			const raw = await fetch(`${fake.url}/customers?q=${encodeURIComponent('(512) 555-0199')}`, { headers: { Authorization: `Token ${fake.apiKey}` } });
			expect(((await raw.json()) as { customers: unknown[] }).customers).toHaveLength(0);

			for (const typed of ['(512) 555-0199', '+1 512.555.0199', '512-555-0199', '5125550199']) {
				fake.clearRequests();
				const { items, error } = await run(fake, { resource: 'customer', operation: 'getMany', returnAll: true, filters: { q: typed } });
				expect(error).toBeUndefined();
				expect(fake.requests[0].query.get('q')).toBe('5125550199');
				expect(items.map((item) => item.json.id)).toEqual([customer.id]);
			}
			// Text that is not a phone number goes as typed.
			fake.clearRequests();
			await run(fake, { resource: 'customer', operation: 'getMany', returnAll: true, filters: { q: 'Formatted' } });
			expect(fake.requests[0].query.get('q')).toBe('Formatted');
		});
	});

	it.each([
		[{ rowsKey: 'data', totalPagesKey: 'total_pages' }],
		[{ rowsKey: 'data', totalPagesKey: 'total_pages_count' }],
		[{ rowsKey: 'services', totalPagesKey: 'total_pages' }],
		[{ rowsKey: 'services', totalPagesKey: 'total_pages_count' }],
	] as const)('price-book services answered as %j: every service, each once', async (servicesEnvelope) => {
		await withFake({ servicesEnvelope, size: { priceBookService: 450 } }, async (fake) => {
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'priceBookService', operation: 'getMany', returnAll: true });
			expect(error).toBeUndefined();
			const ids = items.map((item) => item.json.uuid ?? item.json.id);
			expect(new Set(ids).size).toBe(fake.store.count('priceBookService'));
			expect(ids).toHaveLength(fake.store.count('priceBookService'));
			expect(fake.requests.filter((request) => request.path === '/api/price_book/services')).toHaveLength(Math.ceil(fake.store.count('priceBookService') / 200));
		});
	});

	it('routes: asks at most 100 per page (the fake refuses more, as a production connector never asks it)', async () => {
		await withFake({}, async (fake) => {
			for (let i = 0; i < 230; i++) fake.store.insertRaw('route', { name: `Route ${i}`, date: '2031-01-01' });
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'route', operation: 'getMany', returnAll: true, filters: { date: '2031-01-01' } });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(230);
			expect(fake.requests.map((request) => request.query.get('per_page'))).toEqual(['100', '100', '100']);
		});
	});

	it('page_size over 200 is refused by HCP, so the node never asks it, even for a large limit', async () => {
		await withFake({ size: { customer: 450 } }, async (fake) => {
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'customer', operation: 'getMany', returnAll: false, limit: 420 });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(420);
			expect(fake.requests.map((request) => Number(request.query.get('page_size')))).toEqual([200, 200, 200]);
		});
	});
});
