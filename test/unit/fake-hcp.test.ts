/**
 * The fake HCP server behaves like the live API as FIELD-NOTES describes it: auth, envelopes, paging,
 * bracket rules, errors, ids, timestamps, faults and signed webhooks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { startSandbox } from '../fake-hcp/sandbox';
import { SPECIAL_OPERATION_KEYS } from '../fake-hcp/handlers';
import { PARENT_LINKS } from '../fake-hcp/store';
import { OPERATIONS } from '../../nodes/shared/table';
import type { BodyField, ObjectName, Operation } from '../../nodes/shared/table/types';

const START = Date.parse('2026-03-01T12:00:00Z');

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

async function call(fake: FakeHcp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
	const response = await fetch(fake.url + path, {
		method,
		headers: {
			Authorization: `Token ${fake.apiKey}`,
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

const get = (fake: FakeHcp, path: string, headers?: Record<string, string>) => call(fake, 'GET', path, undefined, headers);

describe('fake HCP', () => {
	let fake: FakeHcp;
	let clock = START;

	beforeAll(async () => {
		fake = await startFakeHcp({ seed: 42, now: () => new Date(clock) });
	});
	afterAll(async () => {
		await fake.close();
	});
	beforeEach(() => {
		fake.faults.clear();
		fake.clearRequests();
	});

	describe('auth', () => {
		it('answers every kind of bad credential with the same 401 body', async () => {
			const noKey = await fetch(`${fake.url}/company`);
			const wrongKey = await fetch(`${fake.url}/company`, { headers: { Authorization: 'Token nope' } });
			const bearer = await fetch(`${fake.url}/company`, { headers: { Authorization: `Bearer ${fake.apiKey}` } });
			const bodies = await Promise.all([noKey, wrongKey, bearer].map((response) => response.text()));
			expect([noKey.status, wrongKey.status, bearer.status]).toEqual([401, 401, 401]);
			expect(new Set(bodies)).toEqual(new Set(['{"message":"Unauthorized"}']));
			expect((await get(fake, '/company')).status).toBe(200);
		});

		it('refuses X-Company-Id with a plain company key, accepts a configured location', async () => {
			expect((await get(fake, '/company', { 'X-Company-Id': 'loc-1' })).status).toBe(401);
			const multi = await startFakeHcp({ seed: 1, companyIds: ['loc-1'] });
			try {
				expect((await get(multi, '/company', { 'X-Company-Id': 'loc-1' })).status).toBe(200);
				expect((await get(multi, '/company', { 'X-Company-Id': 'loc-2' })).status).toBe(401);
			} finally {
				await multi.close();
			}
		});

		it('logs whether a key came but never the key itself', async () => {
			await get(fake, '/company');
			await fetch(`${fake.url}/company`);
			expect(fake.requests.map((entry) => entry.hadAuth)).toEqual([true, false]);
			expect(JSON.stringify(fake.requests)).not.toContain(fake.apiKey);
		});
	});

	describe('routing', () => {
		it('answers the HTML 404 page for a customer delete and for unknown paths', async () => {
			const customer = fake.store.list('customer')[0];
			const remove = await call(fake, 'DELETE', `/customers/${String(customer.id)}`);
			const unknown = await get(fake, '/v1/customers');
			for (const reply of [remove, unknown]) {
				expect(reply.status).toBe(404);
				expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
				expect(reply.text).toContain('<html>');
			}
			expect(fake.store.get('customer', String(customer.id))).toBeDefined();
		});

		it('serves the invoice list at /invoices but one invoice only under /api', async () => {
			const invoice = fake.store.list('invoice')[0];
			const single = await get(fake, `/api/invoices/${String(invoice.id)}`);
			expect(single.status).toBe(200);
			expect(single.json.id).toBe(invoice.id);
			expect((await get(fake, `/invoices/${String(invoice.id)}`)).headers.get('content-type')).toMatch(/^text\/html/);
			const preview = await get(fake, `/api/invoices/${String(invoice.id)}/preview`);
			expect(preview.status).toBe(200);
			expect(preview.headers.get('content-type')).toMatch(/^text\/html/);
			expect(preview.text).toContain(String(invoice.invoice_number));
		});

		it('answers a JSON 404 for an unknown id on a known route', async () => {
			const reply = await get(fake, '/jobs/job_00000000000000000000000000000000');
			expect(reply.status).toBe(404);
			expect(reply.json).toEqual({ error: { message: 'job not found' } });
		});
	});

	it('answers a job schedule with the company time zone and its wall-clock times, as recorded', async () => {
		const job = fake.store.insert('job', { schedule: { scheduled_start: '2026-07-01T20:00:00Z', scheduled_end: '2026-07-01T22:30:00Z', arrival_window: 60 } });
		const { json } = await get(fake, `/jobs/${String(job.id)}`);
		expect(json.schedule).toMatchObject({
			scheduled_start: '2026-07-01T20:00:00Z',
			time_zone: 'America/Los_Angeles',
			scheduled_start_local: '2026-07-01T13:00:00',
			scheduled_end_local: '2026-07-01T15:30:00',
		});
	});

	describe('lists', () => {
		it('wraps most lists in the paged envelope', async () => {
			const reply = await get(fake, '/customers');
			expect(Object.keys(reply.json).sort()).toEqual(['customers', 'page', 'page_size', 'total_items', 'total_pages']);
			expect(reply.json).toMatchObject({ page: 1, page_size: 10, total_items: fake.store.count('customer') });
			expect(reply.json.total_pages).toBe(Math.ceil(fake.store.count('customer') / 10));
			expect(reply.json.customers).toHaveLength(10);
		});

		it('wraps price-book lists in the priceBook envelope', async () => {
			const reply = await get(fake, '/api/price_book/material_categories?page_size=4');
			expect(Object.keys(reply.json).sort()).toEqual(['data', 'object', 'page', 'page_size', 'total_count', 'total_pages_count', 'url']);
			expect(reply.json.object).toBe('list');
			expect(reply.json.total_count).toBe(fake.store.count('materialCategory'));
			expect(reply.json.total_pages_count).toBe(Math.ceil(fake.store.count('materialCategory') / 4));
			expect(reply.json.data[0].uuid).toMatch(/^pbmcat_[0-9a-f]{32}$/);
		});

		it('answers job line items as {object, data, url} and appointments as {appointments}', async () => {
			const job = fake.store.list('job').find((candidate) => candidate.work_status === 'scheduled') as Record<string, unknown>;
			const items = await get(fake, `/jobs/${String(job.id)}/line_items`);
			expect(Object.keys(items.json).sort()).toEqual(['data', 'object', 'url']);
			expect(items.json.url).toBe(`/jobs/${String(job.id)}/line_items`);
			expect(items.json.data.length).toBeGreaterThan(0);
			const appointments = await get(fake, `/jobs/${String(job.id)}/appointments`);
			expect(Object.keys(appointments.json)).toEqual(['appointments']);
			expect(appointments.json.appointments[0].id).toMatch(/^appt_/);
		});

		it('refuses page_size above 200 with the recorded 400, and answers 200 rows at 200', async () => {
			const big = await startFakeHcp({ seed: 3, size: { customer: 450 } });
			try {
				const refused = await get(big, '/customers?page_size=201');
				expect(refused.status).toBe(400);
				expect(refused.json).toEqual({ error: { message: 'Size must be less than or equal to 200' } });
				const reply = await get(big, '/customers?page_size=200');
				expect(reply.json.customers).toHaveLength(200);
				expect(reply.json.total_pages).toBe(3);
			} finally {
				await big.close();
			}
		});

		it('reads per_page on routes and ignores a wrong page-size name', async () => {
			const routes = await get(fake, '/routes?per_page=3');
			expect(routes.json.routes).toHaveLength(3);
			expect(routes.json.page_size).toBe(3);
			expect((await get(fake, '/routes?page_size=3')).json.routes).toHaveLength(10);
			expect((await get(fake, '/customers?per_page=3')).json.customers).toHaveLength(10);
		});

		it('reports total_pages 0 for an empty list', async () => {
			const reply = await get(fake, '/jobs?customer_id=cus_nobody');
			expect(reply.json).toMatchObject({ total_pages: 0, total_items: 0, jobs: [] });
		});

		it('returns every record exactly once when paging until page >= total_pages', async () => {
			const seen: string[] = [];
			let page = 1;
			for (;;) {
				const reply = await get(fake, `/customers?page=${page}&page_size=7&sort_by=created_at&sort_direction=asc`);
				seen.push(...reply.json.customers.map((customer: { id: string }) => customer.id));
				if (page >= reply.json.total_pages) break;
				page++;
			}
			expect(seen).toHaveLength(fake.store.count('customer'));
			expect(new Set(seen).size).toBe(seen.length);
		});

		it('sorts by created_at desc by default and breaks ties by id', async () => {
			const reply = await get(fake, '/customers?page_size=200');
			const rows: { id: string; created_at: string }[] = reply.json.customers;
			for (let i = 1; i < rows.length; i++) {
				const previous = rows[i - 1];
				expect(previous.created_at >= rows[i].created_at).toBe(true);
				if (previous.created_at === rows[i].created_at) expect(previous.id > rows[i].id).toBe(true);
			}
			const ascending = (await get(fake, '/customers?page_size=200&sort_by=updated_at&sort_direction=asc')).json.customers;
			const stamps = ascending.map((customer: { updated_at: string }) => customer.updated_at);
			expect(stamps).toEqual([...stamps].sort());
			expect(stamps).not.toEqual((await get(fake, '/customers?page_size=200&sort_by=updated_at')).json.customers.map((c: { updated_at: string }) => c.updated_at));
		});

		it('seeds many records that share one updated_at second', async () => {
			const rows = (await get(fake, '/customers?page_size=200&sort_by=updated_at')).json.customers;
			const counts = new Map<string, number>();
			for (const row of rows) counts.set(row.updated_at, (counts.get(row.updated_at) ?? 0) + 1);
			expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(3);
			expect(rows.every((row: { updated_at: string }) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(row.updated_at))).toBe(true);
		});

		it('ignores unknown query parameters', async () => {
			const all = await get(fake, '/customers');
			const probed = await get(fake, '/customers?updated_after=2030-01-01T00:00:00Z&since=2030-01-01');
			expect(probed.json.total_items).toBe(all.json.total_items);
		});

		it('searches customers with q', async () => {
			const target = fake.store.list('customer').filter((customer) => customer.email)[5];
			const reply = await get(fake, `/customers?q=${encodeURIComponent(String(target.email))}`);
			expect(reply.json.customers.map((customer: { id: string }) => customer.id)).toEqual([target.id]);
		});
	});

	describe('bracket rules and filters', () => {
		it('answers 400 {message, work_status} for an unbracketed array on /jobs', async () => {
			const reply = await get(fake, '/jobs?work_status=completed');
			expect(reply.status).toBe(400);
			expect(typeof reply.json.message).toBe('string');
			expect(reply.json.work_status).toEqual(['must be an array']);
			const logged = fake.requests[fake.requests.length - 1];
			expect([...logged.query]).toEqual([['work_status', 'completed']]);
			await get(fake, '/jobs?work_status[]=completed&work_status[]=canceled');
			expect(fake.requests[fake.requests.length - 1].query.getAll('work_status[]')).toEqual(['completed', 'canceled']);
		});

		it('answers 422 {"errors":{"status":"must be an array"}} on /invoices', async () => {
			const reply = await get(fake, '/invoices?status=paid');
			expect(reply.status).toBe(422);
			expect(reply.json).toEqual({ errors: { status: 'must be an array' } });
		});

		it('ignores an unbracketed filter on /estimates but applies the bracketed one', async () => {
			const all = (await get(fake, '/estimates')).json.total_items;
			expect((await get(fake, '/estimates?work_status=completed')).json.total_items).toBe(all);
			const filtered = await get(fake, '/estimates?work_status[]=completed&page_size=200');
			expect(filtered.json.total_items).toBeLessThan(all);
			expect(filtered.json.total_items).toBeGreaterThan(0);
			for (const estimate of filtered.json.estimates) expect(estimate.work_status).toMatch(/^complete /);
		});

		it('filters jobs by filter words, and response words find nothing', async () => {
			const completed = await get(fake, '/jobs?work_status[]=completed&page_size=200');
			const statuses = new Set(completed.json.jobs.map((job: { work_status: string }) => job.work_status));
			expect([...statuses].sort()).toEqual(['complete rated', 'complete unrated']);
			const both = await get(fake, '/jobs?work_status[]=completed&work_status[]=canceled');
			expect(both.json.total_items).toBeGreaterThan(completed.json.total_items);
			expect((await get(fake, '/jobs?work_status[]=complete%20rated')).json.total_items).toBe(0);
		});

		it('filters invoices by status and paid_at inclusively', async () => {
			const paid = (await get(fake, '/invoices?status[]=paid&page_size=200&sort_by=paid_at&sort_direction=asc')).json.invoices;
			expect(paid.length).toBeGreaterThan(1);
			expect(paid.every((invoice: { status: string }) => invoice.status === 'paid')).toBe(true);
			const cut = paid[1].paid_at;
			const after = (await get(fake, `/invoices?status[]=paid&page_size=200&paid_at_min=${cut}`)).json.invoices;
			expect(after.every((invoice: { paid_at: string }) => invoice.paid_at >= cut)).toBe(true);
			expect(after.some((invoice: { paid_at: string }) => invoice.paid_at === cut)).toBe(true);
			expect(after.length).toBe(paid.filter((invoice: { paid_at: string }) => invoice.paid_at >= cut).length);
		});

		it('filters jobs by scheduled_start range', async () => {
			const min = new Date(START).toISOString();
			const reply = await get(fake, `/jobs?scheduled_start_min=${min}&page_size=200`);
			expect(reply.json.total_items).toBeGreaterThan(0);
			for (const job of reply.json.jobs) expect(Date.parse(job.schedule.scheduled_start)).toBeGreaterThanOrEqual(START);
		});

		it('shows job appointments only with expand[]=appointments', async () => {
			const job = fake.store.list('job').find((candidate) => candidate.work_status === 'scheduled') as Record<string, unknown>;
			const plain = await get(fake, `/jobs/${String(job.id)}`);
			expect(plain.json.schedule.appointments).toBeUndefined();
			expect(plain.json.attachments).toBeUndefined();
			const expanded = await get(fake, `/jobs/${String(job.id)}?expand[]=appointments&expand[]=attachments`);
			expect(expanded.json.schedule.appointments.length).toBeGreaterThan(0);
			expect(expanded.json.attachments).toEqual([]);
		});

		it('requires material_category_uuid on the materials list', async () => {
			const missing = await get(fake, '/api/price_book/materials');
			expect(missing.status).toBe(400);
			const category = fake.store.list('materialCategory')[0];
			const reply = await get(fake, `/api/price_book/materials?material_category_uuid=${String(category.uuid)}&page_size=200`);
			expect(reply.json.data.length).toBeGreaterThan(0);
			expect(reply.json.data.every((material: { material_category_uuid: string }) => material.material_category_uuid === category.uuid)).toBe(true);
		});
	});

	describe('writes', () => {
		it('answers 422 "can\'t be blank" per missing required field', async () => {
			const reply = await call(fake, 'POST', '/jobs', { notes: 'no customer' });
			expect(reply.status).toBe(422);
			expect(reply.json).toEqual({ errors: { customer_id: ["can't be blank"], address_id: ["can't be blank"] } });
			const nested = await call(fake, 'PUT', `/jobs/${String(fake.store.list('job')[0].id)}/line_items/bulk_update`, { line_items: [{ unit_price: 100 }] });
			expect(nested.status).toBe(422);
			expect(nested.json.errors['line_items[0].name']).toEqual(["can't be blank"]);
		});

		it('answers 400 {message, <field>} for a value of the wrong type', async () => {
			const reply = await call(fake, 'POST', '/customers', { first_name: 5 });
			expect(reply.status).toBe(400);
			expect(reply.json.message).toMatch(/First name/);
			expect(reply.json.first_name).toEqual(['must be a string']);
		});

		it('creates customers with prefixed ids, 201, and timestamps of the fake clock', async () => {
			clock = START + 5_500;
			const reply = await call(fake, 'POST', '/customers', {
				first_name: 'Ida',
				addresses: [{ street: '1 Test St', city: 'Austin', state: 'TX', zip: '78701', country: 'US' }],
			});
			expect(reply.status).toBe(201);
			expect(reply.json.id).toMatch(/^cus_[0-9a-f]{32}$/);
			expect(reply.json.addresses[0].id).toMatch(/^adr_[0-9a-f]{32}$/);
			expect(reply.json.created_at).toBe('2026-03-01T12:00:05Z');
			expect(reply.json.updated_at).toBe(reply.json.created_at);
		});

		it('bumps updated_at on update, keeps created_at, and logs the change', async () => {
			const customer = fake.store.list('customer')[3];
			clock = START + 60_000;
			const reply = await call(fake, 'PUT', `/customers/${String(customer.id)}`, { last_name: 'Changed' });
			expect(reply.status).toBe(200);
			expect(reply.json.last_name).toBe('Changed');
			expect(reply.json.first_name).toBe(customer.first_name);
			expect(reply.json.updated_at).toBe('2026-03-01T12:01:00Z');
			expect(reply.json.created_at).toBe(customer.created_at);
			const last = fake.store.changes[fake.store.changes.length - 1];
			expect(last).toMatchObject({ object: 'customer', id: customer.id, kind: 'updated', event: 'customer.updated' });
		});

		it('shows a write in every read that follows: the record, its list page and the records that embed it', async () => {
			const job = fake.store.list('job').find((candidate) => typeof candidate.customer_id === 'string')!;
			const customerId = String(job.customer_id);
			const newest = '/customers?page_size=200&sort_by=updated_at&sort_direction=desc';
			// Read everything once first, so any cache of rows or rendering is warm when the write comes.
			const before = await get(fake, newest);
			expect(before.json.customers.some((row: { first_name: string }) => row.first_name === 'Renamed')).toBe(false);
			await get(fake, `/customers/${customerId}`);
			await get(fake, `/jobs/${String(job.id)}`);

			clock = START + 120_000;
			expect((await call(fake, 'PUT', `/customers/${customerId}`, { first_name: 'Renamed' })).status).toBe(200);
			const added = await call(fake, 'POST', `/customers/${customerId}/addresses`, { street: '9 New St', city: 'Tampa', state: 'FL', zip: '33602', country: 'US' });
			expect(added.status).toBe(200);

			const after = await get(fake, newest);
			expect(after.json.customers[0]).toMatchObject({ id: customerId, first_name: 'Renamed', updated_at: '2026-03-01T12:02:00Z' });
			expect(after.json.customers[0].addresses.map((address: { id: string }) => address.id)).toContain(added.json.id);
			expect((await get(fake, `/customers/${customerId}`)).json).toEqual(after.json.customers[0]);
			expect((await get(fake, `/jobs/${String(job.id)}`)).json.customer.first_name).toBe('Renamed');
		});

		it('keeps updated_at when the store is told touch: false', () => {
			const customer = fake.store.list('customer')[4];
			clock = START + 120_000;
			const silent = fake.store.update('customer', String(customer.id), { notes: 'quiet' }, { touch: false });
			expect(silent.updated_at).toBe(customer.updated_at);
			const loud = fake.store.update('customer', String(customer.id), { notes: 'loud' });
			expect(loud.updated_at).toBe('2026-03-01T12:02:00Z');
		});

		it('uses the id prefixes of FIELD-NOTES for jobs, estimates and options', async () => {
			const customer = fake.store.list('customer')[0];
			const address = fake.store.list('address').find((candidate) => candidate.customer_id === customer.id) as Record<string, unknown>;
			const job = await call(fake, 'POST', '/jobs', { customer_id: customer.id, address_id: address.id, line_items: [{ name: 'Visit', unit_price: 1999, quantity: 1.5 }] });
			expect(job.status).toBe(201);
			expect(job.json.id).toMatch(/^job_[0-9a-f]{32}$/);
			expect(job.json.total_amount).toBe(2999);
			const estimate = await call(fake, 'POST', '/estimates', { customer_id: customer.id, address_id: address.id, options: [{ name: 'A' }] });
			expect(estimate.json.id).toMatch(/^csr_[0-9a-f]{32}$/);
			expect(estimate.json.options[0].id).toMatch(/^est_[0-9a-f]{32}$/);
			expect(fake.store.list('employee')[0].id).toMatch(/^pro_[0-9a-f]{32}$/);
			expect(fake.store.list('invoice')[0].id).toMatch(/^invoice_[0-9a-f]{32}$/);
			expect(fake.store.list('pipelineStatus')[0].id).toMatch(/^kcs_[0-9a-f]{32}$/);
			expect(fake.store.list('priceForm')[0].id).toMatch(/^pbpf_[0-9a-f]{32}$/);
		});

		it('bulk-updates line items: unlisted ones go unless append_line_items', async () => {
			const job = fake.store.list('job').find((candidate) => fake.store.childIds('jobLineItem', String(candidate.id)).length >= 2) as Record<string, unknown>;
			const jobId = String(job.id);
			const [keep] = fake.store.childIds('jobLineItem', jobId);
			const replaced = await call(fake, 'PUT', `/jobs/${jobId}/line_items/bulk_update`, {
				line_items: [{ id: keep, name: 'Kept', unit_price: 333, quantity: 3 }, { name: 'New', unit_price: 1000, quantity: 0.25 }],
			});
			expect(replaced.status).toBe(200);
			expect(replaced.json.data.map((item: { name: string }) => item.name)).toEqual(['Kept', 'New']);
			expect(replaced.json.data.map((item: { amount: number }) => item.amount)).toEqual([999, 250]);
			const appended = await call(fake, 'PUT', `/jobs/${jobId}/line_items/bulk_update`, { line_items: [{ name: 'Extra', unit_price: 1 }], append_line_items: true });
			expect(appended.json.data.map((item: { name: string }) => item.name)).toEqual(['Kept', 'New', 'Extra']);
		});

		it('approving an option changes the option but not the estimate updated_at', async () => {
			const option = fake.store.list('estimateOption').find((candidate) => candidate.approval_status === null) as Record<string, unknown>;
			const estimateId = String(option.estimate_id);
			const before = (await get(fake, `/estimates/${estimateId}`)).json;
			clock = START + 3_600_000;
			const reply = await call(fake, 'POST', '/estimates/options/approve', { option_ids: [option.id] });
			expect(reply.status).toBe(200);
			expect(reply.json).toMatchObject({ status: 'pro approved', copied_on_approval_to_job_id: null });
			const after = (await get(fake, `/estimates/${estimateId}`)).json;
			const changed = after.options.find((candidate: { id: string }) => candidate.id === option.id);
			expect(changed.approval_status).toBe('pro approved');
			expect(changed.updated_at).toBe('2026-03-01T13:00:00Z');
			expect(after.updated_at).toBe(before.updated_at);
			const declined = await call(fake, 'POST', '/estimates/options/decline', { option_ids: [option.id] });
			expect(declined.json.status).toBe('pro declined');
			expect(fake.store.get('estimateOption', String(option.id))?.approval_status).toBe('pro declined');
		});

		it('copies an approved option to a job only with the company setting', async () => {
			const copying = await startFakeHcp({ seed: 9, copyOnApproval: true });
			try {
				const option = copying.store.list('estimateOption').find((candidate) => candidate.approval_status === null) as Record<string, unknown>;
				const reply = await call(copying, 'POST', '/estimates/options/approve', { option_ids: [option.id] });
				expect(reply.json.copied_on_approval_to_job_id).toMatch(/^job_/);
				const job = await get(copying, `/jobs/${String(reply.json.copied_on_approval_to_job_id)}`);
				// Recorded live: the copied job names the option (est_...), not the estimate (csr_...).
				expect(job.json.original_estimate_id).toBe(option.id);
				expect(job.json.original_estimate_uuids).toEqual([]);
			} finally {
				await copying.close();
			}
		});

		it('converts a lead into a job', async () => {
			const lead = fake.store.list('lead').find((candidate) => candidate.status === 'open') as Record<string, unknown>;
			const reply = await call(fake, 'POST', `/leads/${String(lead.id)}/convert`, { type: 'job' });
			expect(reply.status).toBe(201);
			expect(reply.json.estimate_id).toBeNull();
			const job = await get(fake, `/jobs/${String(reply.json.job_id)}`);
			expect(job.json.customer.id).toBe(lead.customer_id);
			expect(fake.store.get('lead', String(lead.id))?.status).toBe('won');
		});

		it('takes attachments as multipart `file` with 202 and deletes price forms with 204', async () => {
			const job = fake.store.list('job')[0];
			const form = new FormData();
			form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'note.txt');
			const upload = await fetch(`${fake.url}/jobs/${String(job.id)}/attachments`, { method: 'POST', headers: { Authorization: `Token ${fake.apiKey}` }, body: form });
			expect(upload.status).toBe(202);
			expect(fake.store.get('job', String(job.id))?.attachments).toEqual([expect.objectContaining({ file_name: 'note.txt', file_type: 'text/plain' })]);
			expect(fake.requests[fake.requests.length - 1].body).toEqual({ fields: {}, files: [{ field: 'file', filename: 'note.txt', contentType: 'text/plain', size: 5 }] });
			const empty = await fetch(`${fake.url}/jobs/${String(job.id)}/attachments`, { method: 'POST', headers: { Authorization: `Token ${fake.apiKey}` }, body: new FormData() });
			expect(empty.status).toBe(422);
			const priceForm = fake.store.list('priceForm')[0];
			const removed = await call(fake, 'DELETE', `/api/price_book/price_forms/${String(priceForm.id)}`);
			expect(removed.status).toBe(204);
			expect(removed.text).toBe('');
			expect(fake.store.get('priceForm', String(priceForm.id))).toBeUndefined();
		});
	});

	describe('faults', () => {
		it('answers 429 without headers once, then normally', async () => {
			fake.faults.add({ path: '/company', kind: 'rate-limit' });
			const limited = await get(fake, '/company');
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBeNull();
			expect(limited.headers.get('x-ratelimit-limit')).toBeNull();
			expect((await get(fake, '/company')).status).toBe(200);
		});

		it('sends Retry-After when asked, and matches by method and RegExp', async () => {
			fake.faults.add({ method: 'GET', path: /^\/jobs/, kind: 'rate-limit-retry-after', retryAfterSeconds: 7, times: 2 });
			expect((await get(fake, '/customers')).status).toBe(200);
			const first = await get(fake, '/jobs');
			expect(first.status).toBe(429);
			expect(first.headers.get('retry-after')).toBe('7');
			expect((await get(fake, '/jobs')).status).toBe(429);
			expect((await get(fake, '/jobs')).status).toBe(200);
		});

		it('answers 503 by default for server errors, or the status given', async () => {
			fake.faults.add({ kind: 'server-error' });
			fake.faults.add({ kind: 'server-error', status: 500 });
			expect((await get(fake, '/company')).status).toBe(503);
			const second = await get(fake, '/company');
			expect(second.status).toBe(500);
			expect(second.json).toEqual({ error: 'Internal Server Error' });
		});

		it('delays a slow answer and then answers normally', async () => {
			fake.faults.add({ kind: 'slow', delayMs: 300 });
			const started = Date.now();
			const reply = await get(fake, '/company');
			expect(reply.status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		});

		it('drops the connection without an answer', async () => {
			fake.faults.add({ kind: 'drop' });
			await expect(get(fake, '/company')).rejects.toThrow();
			expect(fake.requests[fake.requests.length - 1].status).toBe(0);
			expect((await get(fake, '/company')).status).toBe(200);
		});

		it('waits setLatency milliseconds before every answer', async () => {
			fake.setLatency(200);
			try {
				const started = Date.now();
				await Promise.all([get(fake, '/company'), get(fake, '/tags')]);
				expect(Date.now() - started).toBeGreaterThanOrEqual(190);
			} finally {
				fake.setLatency(0);
			}
			const started = Date.now();
			await get(fake, '/company');
			expect(Date.now() - started).toBeLessThan(190);
		});

		it('answers the HTML 404 page on request', async () => {
			fake.faults.add({ kind: 'html-404', path: '/customers' });
			const reply = await get(fake, '/customers');
			expect(reply.status).toBe(404);
			expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		});
	});

	describe('seed', () => {
		it('is deterministic for a seed and clock, and differs between seeds', async () => {
			const now = () => new Date(START);
			const [a, b, c] = await Promise.all([startFakeHcp({ seed: 5, now }), startFakeHcp({ seed: 5, now }), startFakeHcp({ seed: 6, now })]);
			try {
				const page = async (instance: FakeHcp) => (await get(instance, '/jobs?page_size=5')).json.jobs;
				const [pa, pb, pc] = await Promise.all([page(a), page(b), page(c)]);
				expect(pa).toEqual(pb);
				expect(pa.map((job: { id: string }) => job.id)).not.toEqual(pc.map((job: { id: string }) => job.id));
			} finally {
				await Promise.all([a.close(), b.close(), c.close()]);
			}
		});

		it('honours size per object and has invoices in several states', async () => {
			const sized = await startFakeHcp({ seed: 2, size: { customer: 3, job: 40 } });
			try {
				expect(sized.store.count('customer')).toBe(3);
				expect(sized.store.count('job')).toBe(40);
				expect(fake.store.list('invoice').map((invoice) => invoice.status)).toEqual(expect.arrayContaining(['paid', 'open']));
			} finally {
				await sized.close();
			}
		});
	});

	describe('webhooks', () => {
		interface Received {
			headers: http.IncomingHttpHeaders;
			raw: string;
		}
		let receiver: http.Server;
		let receiverUrl: string;
		let received: Received[] = [];
		let answers: number[] = [];

		beforeAll(async () => {
			receiver = http.createServer((request, response) => {
				const chunks: Buffer[] = [];
				request.on('data', (chunk: Buffer) => chunks.push(chunk));
				request.on('end', () => {
					received.push({ headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
					response.writeHead(answers.shift() ?? 200);
					response.end();
				});
			});
			await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		});
		afterAll(async () => {
			await fake.webhooks.configure(undefined);
			receiver.closeAllConnections();
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
		});
		beforeEach(() => {
			received = [];
			answers = [];
			fake.webhooks.deliveries.length = 0;
		});

		it('sends the unsigned {"foo":"bar"} handshake and keeps a URL only on 2xx', async () => {
			answers = [500];
			expect(await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' })).toBe(500);
			await call(fake, 'POST', '/customers', { first_name: 'Not sent' });
			await fake.webhooks.flush();
			expect(received).toHaveLength(1);
			expect(await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' })).toBe(200);
			expect(received.map((entry) => entry.raw)).toEqual(['{"foo":"bar"}', '{"foo":"bar"}']);
			expect(received[1].headers['api-signature']).toBeUndefined();
			expect(received[1].headers['content-type']).toBe('application/json');
		});

		it('signs each delivery so node:crypto verifies it over the raw body', async () => {
			await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' });
			received = [];
			clock = START + 7_200_000;
			const created = await call(fake, 'POST', '/customers', { first_name: 'Hook' });
			await fake.webhooks.flush();
			expect(received).toHaveLength(1);
			const { headers, raw } = received[0];
			const timestamp = String(headers['api-timestamp']);
			expect(timestamp).toBe(String(Math.floor((START + 7_200_000) / 1000)));
			const expected = createHmac('sha256', 'shh').update(`${timestamp}.${raw}`).digest();
			const signature = String(headers['api-signature']);
			expect(signature).toMatch(/^[0-9a-f]{64}$/);
			expect(timingSafeEqual(Buffer.from(signature, 'hex'), expected)).toBe(true);
			expect(createHmac('sha256', 'other').update(`${timestamp}.${raw}`).digest('hex')).not.toBe(signature);
			const payload = JSON.parse(raw);
			expect(payload).toEqual({
				event: 'customer.created',
				event_occurred_at: '2026-03-01T14:00:00Z',
				company_id: fake.company.id,
				customer: created.json,
			});
		});

		it('retries a non-2xx answer and logs every attempt', async () => {
			await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' });
			fake.webhooks.deliveries.length = 0;
			answers = [500, 502];
			await call(fake, 'POST', '/customers', { first_name: 'Retry me' });
			await fake.webhooks.flush();
			const attempts = fake.webhooks.deliveries.filter((entry) => entry.kind === 'event');
			expect(attempts.map((entry) => [entry.attempt, entry.status])).toEqual([
				[1, 500],
				[2, 502],
				[3, 200],
			]);
			expect(new Set(attempts.map((entry) => entry.deliveryId)).size).toBe(1);
		});

		it('fires job.completed when the store changes work_status with event: true', async () => {
			await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' });
			received = [];
			const job = fake.store.list('job').find((candidate) => candidate.work_status === 'scheduled') as Record<string, unknown>;
			fake.store.update('job', String(job.id), { work_status: 'complete unrated' }, { event: true });
			fake.store.update('job', String(job.id), { description: 'no event' });
			await fake.webhooks.flush();
			expect(received).toHaveLength(1);
			const payload = JSON.parse(received[0].raw);
			expect(payload.event).toBe('job.completed');
			expect(payload.job.id).toBe(job.id);
			expect(payload.job.work_status).toBe('complete unrated');
			// Rating a finished job is an update, not a second completion.
			fake.store.update('job', String(job.id), { work_status: 'complete rated' }, { event: true });
			await fake.webhooks.flush();
			expect(JSON.parse(received[1].raw).event).toBe('job.updated');
		});

		it('sends estimate.option.approval_status_changed with the estimate under `estimate`', async () => {
			await fake.webhooks.configure({ url: receiverUrl, secret: 'shh' });
			received = [];
			const option = fake.store.list('estimateOption').find((candidate) => candidate.approval_status === null) as Record<string, unknown>;
			await call(fake, 'POST', '/estimates/options/approve', { option_ids: [option.id] });
			await fake.webhooks.flush();
			const payloads = received.map((entry) => JSON.parse(entry.raw));
			expect(payloads.map((payload) => payload.event)).toEqual(['estimate.option.approval_status_changed']);
			expect(payloads[0].estimate.id).toBe(option.estimate_id);
			expect(payloads[0].estimate.options.find((candidate: { id: string }) => candidate.id === option.id).approval_status).toBe('pro approved');
		});
	});
});

describe('fake HCP sandbox', () => {
	it('starts seeded on the given port and churns records with webhook events', async () => {
		const lines: string[] = [];
		const sandbox = await startSandbox({ port: 0, seed: 11, log: (line) => lines.push(line) });
		try {
			expect(sandbox.fake.apiKey).toBe('sandbox-key');
			expect(sandbox.fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const before = sandbox.fake.store.changes.length;
			const described = Array.from({ length: 12 }, () => sandbox.churnOnce());
			const changes = sandbox.fake.store.changes.slice(before);
			expect(changes.length).toBeGreaterThanOrEqual(12);
			const events = changes.map((change) => change.event).filter((event) => event !== undefined);
			expect(events.length).toBeGreaterThanOrEqual(12);
			// Each description names the event it fired.
			for (const line of described) expect(events.some((event) => line.startsWith(String(event)))).toBe(true);
		} finally {
			await sandbox.stop();
		}
	});
});

describe('fake HCP: every table operation', () => {
	let fake: FakeHcp;
	beforeAll(async () => {
		fake = await startFakeHcp({ seed: 21 });
	});
	afterAll(async () => {
		await fake.close();
	});

	/** Path values that hang together: the last parameter's record, and its parents through the links. */
	function pathFor(operation: Operation): string | undefined {
		const values: Record<string, string> = {};
		const params = operation.pathParams;
		for (let i = params.length - 1; i >= 0; i--) {
			const param = params[i];
			if (values[param.name] || !param.object) continue;
			const child = params.slice(i + 1).find((later) => later.object && PARENT_LINKS[later.object]?.some((link) => link.parent === param.object));
			if (child) {
				const record = fake.store.raw(child.object as ObjectName, values[child.name]) as Record<string, unknown>;
				const link = PARENT_LINKS[child.object as ObjectName]?.find((candidate) => candidate.parent === param.object);
				values[param.name] = String(record[link?.field as string]);
				continue;
			}
			// A record hanging under one of the earlier parameters' objects, when it has such a link.
			const parentObjects = new Set(params.slice(0, i).map((earlier) => earlier.object));
			const links = (PARENT_LINKS[param.object] ?? []).filter((link) => parentObjects.has(link.parent));
			const candidates = fake.store
				.list(param.object)
				.filter((record) => links.length === 0 || links.some((link) => record[link.field]))
				// Only open leads convert.
				.filter((record) => param.object !== 'lead' || record.status === 'open');
			if (candidates.length === 0) return undefined;
			values[param.name] = fake.store.idOf(param.object, candidates[0]);
		}
		return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
	}

	function sampleBody(operation: Operation): Record<string, unknown> {
		const customer = fake.store.list('customer')[0];
		const address = fake.store.list('address').find((candidate) => candidate.customer_id === customer.id) as Record<string, unknown>;
		const employee = fake.store.list('employee')[0];
		const known: Record<string, unknown> = {
			customer_id: customer.id,
			address_id: address.id,
			option_ids: [fake.store.list('estimateOption')[0].id],
			tag_id: fake.store.list('tag')[0].id,
			material_category_uuid: fake.store.list('materialCategory')[0].uuid,
			dispatched_employees: [{ employee_id: employee.id }],
			dispatched_employees_ids: [employee.id],
			type: 'estimate',
			statuses: ['scheduled', 'completed'],
			resource_type: 'lead',
			resource_id: fake.store.list('lead')[0].id,
			status_id: fake.store.list('pipelineStatus').find((status) => status.resource_type === 'lead')?.id,
			daily_schedule_windows: [{ day_name: 'monday', schedule_windows: [{ start_time: '08:00', end_time: '12:00' }] }],
			line_items: [{ name: 'Sample', unit_price: 1000, quantity: 2 }],
			job_input_materials: [{ name: 'Wire', unit_cost: 100, quantity: 1.5 }],
			options: [{ name: 'Sample option', line_items: [{ name: 'Sample', unit_price: 1000, quantity: 1 }] }],
		};
		const value = (field: BodyField): unknown => {
			if (field.name in known) return known[field.name];
			switch (field.type) {
				case 'number':
				case 'integer':
				case 'cents':
					return 1;
				case 'boolean':
					return true;
				case 'dateTime':
					return '2026-03-02T10:00:00Z';
				case 'date':
					return '2026-03-02';
				case 'stringArray':
					return ['a'];
				case 'object':
					return {};
				case 'objectArray':
					return [];
				default:
					return field.options ? field.options[0] : `sample ${field.name}`;
			}
		};
		const body: Record<string, unknown> = {};
		for (const field of operation.body?.fields ?? []) if (field.required || field.name in known) body[field.name] = value(field);
		if (operation.body?.requireOneOf && operation.body.requireOneOf.every((name) => body[name] === undefined)) {
			const first = operation.body.fields.find((field) => field.name === operation.body?.requireOneOf?.[0]) as BodyField;
			body[first.name] = value(first);
		}
		return body;
	}

	it('has a table operation for every special handler', () => {
		const keys = new Set(OPERATIONS.map((operation) => operation.key));
		expect(SPECIAL_OPERATION_KEYS.filter((key) => !keys.has(key))).toEqual([]);
		expect(SPECIAL_OPERATION_KEYS.length).toBeGreaterThan(30);
	});

	it.each(OPERATIONS.map((operation) => [operation.key, operation] as const))('%s answers with success', async (_key, operation) => {
		const path = pathFor(operation);
		expect(path).toBeDefined();
		const query = (operation.query ?? []).filter((param) => param.required).map((param) => `${param.name}=${encodeURIComponent(String(sampleBody({ ...operation, body: { contentType: 'json', fields: [{ name: param.name, type: 'string', required: true }] } })[param.name]))}`);
		const url = `${fake.url}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
		let response: Response;
		if (operation.body?.contentType === 'multipart') {
			const form = new FormData();
			form.append('file', new Blob(['x']), 'x.txt');
			response = await fetch(url, { method: operation.method, headers: { Authorization: `Token ${fake.apiKey}` }, body: form });
		} else {
			response = await fetch(url, {
				method: operation.method,
				headers: { Authorization: `Token ${fake.apiKey}`, 'Content-Type': 'application/json' },
				body: operation.body ? JSON.stringify(sampleBody(operation)) : undefined,
			});
		}
		const text = await response.text();
		// Status and the start of the body together, so a failure shows what the fake said.
		expect(`${response.status} ${text.slice(0, 200)}`).toMatch(/^(200|201|202|204) /);
		const expectsHtml = operation.responseFormat === 'html';
		if (response.status !== 204) expect(response.headers.get('content-type')).toMatch(expectsHtml ? /^text\/html/ : /^application\/json/);
	});
});
