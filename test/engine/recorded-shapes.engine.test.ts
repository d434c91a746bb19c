/**
 * The recorded-shapes suite: the node's operations and both triggers through n8n-core, fed only
 * with the hand-written recorded fixtures (test/fixtures/recorded) cloned to several pages, in the
 * recorded envelopes, with the recorded page-size refusals. Every list read in full, every record
 * emitted once, composite operations correct against the fake HCP in the same shapes.
 */
import { createHash, createHmac } from 'node:crypto';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { getOperation } from '../../nodes/shared/table';
import {
	RECORDED_COMPANY_ID,
	recordedAppointment,
	recordedApprovedOption,
	recordedCopiedJob,
	recordedConvertedLead,
	recordedCustomer,
	recordedEmployee,
	recordedEstimate,
	recordedJobWithoutAddress,
	recordedLead,
	recordedMaterial,
	recordedOpenInvoice,
	recordedPaidInvoice,
	recordedPriceBookService,
	recordedRoute,
	type RecordedJson,
} from '../fixtures/recorded';
import { callWebhook, PollHarness, runNode, type HarnessCredentials } from '../harness';
import { pathParameters, run, withFake } from './node-helpers';
import { cloneRecords, startFixtureServer, type FixtureList, type FixtureServer } from './recorded-fixture-server';

const RECORDS = 450;
const ROUTES = 250;
const PAGE = { pageSizeParam: 'page_size' as const, maxPageSize: 200 };

function paged(key: string, rows: RecordedJson[], idField = 'id'): FixtureList {
	return { rows, idField, envelope: 'paged', key, ...PAGE };
}

function priceBook(rows: RecordedJson[], totalPagesKey: 'total_pages' | 'total_pages_count', key = 'data'): FixtureList {
	return { rows, idField: 'uuid', envelope: 'priceBook', key, totalPagesKey, ...PAGE };
}

/** Fresh clones of every fixture list, so tests can change rows without affecting each other. */
function fixtureLists(): Record<string, FixtureList> {
	return {
		'/customers': paged('customers', cloneRecords([recordedCustomer], RECORDS, 'id', 'cus_')),
		'/jobs': paged('jobs', cloneRecords([recordedJobWithoutAddress, recordedCopiedJob], RECORDS, 'id', 'job_')),
		'/estimates': paged('estimates', cloneRecords([recordedEstimate], RECORDS, 'id', 'csr_')),
		'/leads': paged('leads', cloneRecords([recordedLead, recordedConvertedLead], RECORDS, 'id', 'lea_')),
		'/invoices': { ...paged('invoices', cloneRecords([recordedOpenInvoice, recordedPaidInvoice], RECORDS, 'id', 'invoice_')), arrayFilters: ['status'] },
		'/employees': paged('employees', cloneRecords([recordedEmployee], RECORDS, 'id', 'pro_')),
		'/api/price_book/services': priceBook(cloneRecords([recordedPriceBookService], RECORDS, 'uuid', 'pbsvc_'), 'total_pages'),
		'/api/price_book/materials': priceBook(cloneRecords([recordedMaterial], RECORDS, 'uuid', 'pbmat_'), 'total_pages_count'),
		'/routes': { ...paged('routes', cloneRecords([recordedRoute], ROUTES, 'id', 'rte_')), pageSizeParam: 'per_page', maxPageSize: 100 },
	};
}

let server: FixtureServer;
let credentials: HarnessCredentials;

beforeEach(async () => {
	server = await startFixtureServer(fixtureLists());
	credentials = { baseUrl: server.url, apiKey: 'fixture-key' };
});

afterEach(async () => {
	await server.close();
});

function list(path: string): FixtureList {
	return server.lists.get(path)!;
}

function idsOf(path: string): string[] {
	const fixture = list(path);
	return fixture.rows.map((row) => String(row[fixture.idField]));
}

async function getAll(resource: string, extra: IDataObject = {}) {
	server.requests.length = 0;
	return await runNode({ credentials, parameters: { resource, operation: 'getMany', returnAll: true, ...extra } });
}

describe('the fixture server answers as recorded', () => {
	it('refuses page_size above 200 and per_page above 100 with the recorded 400', async () => {
		const headers = { Authorization: 'Token fixture-key' };
		const customers = await fetch(`${server.url}/customers?page_size=201`, { headers });
		expect(customers.status).toBe(400);
		expect(await customers.json()).toEqual({ error: { message: 'Size must be less than or equal to 200' } });
		expect((await fetch(`${server.url}/routes?per_page=101`, { headers })).status).toBe(400);
		expect((await fetch(`${server.url}/routes?per_page=100`, { headers })).status).toBe(200);
	});
});

describe('Get Many with Return All reads every recorded record exactly once', () => {
	// Every row has all three values: jest hands a test with more parameters than values a `done` callback.
	const cases: [string, string, IDataObject][] = [
		['customer', '/customers', {}],
		['job', '/jobs', {}],
		['estimate', '/estimates', {}],
		['lead', '/leads', {}],
		['invoice', '/invoices', {}],
		['employee', '/employees', {}],
		['priceBookService', '/api/price_book/services', {}],
		['material', '/api/price_book/materials', { materialCategoryUuid: String(recordedMaterial.material_category_uuid) }],
		['route', '/routes', {}],
	];

	it.each(cases)('%s (%s)', async (resource, path, extra) => {
		const { items, error } = await getAll(resource, extra);
		expect(error).toBeUndefined();
		const idField = list(path).idField;
		const ids = items.map((item) => String(item.json[idField]));
		expect(ids).toHaveLength(list(path).rows.length);
		expect(new Set(ids)).toEqual(new Set(idsOf(path)));
		const pageSize = list(path).pageSizeParam;
		const max = list(path).maxPageSize;
		expect(server.requests.length).toBe(Math.ceil(list(path).rows.length / max));
		expect(server.requests.every((request) => Number(request.query.get(pageSize)) === max)).toBe(true);
	});

	it.each([
		['data with total_pages_count', { key: 'data', totalPagesKey: 'total_pages_count' as const }],
		['services (the spec key) with total_pages', { key: 'services', totalPagesKey: 'total_pages' as const }],
		['services with total_pages_count', { key: 'services', totalPagesKey: 'total_pages_count' as const }],
	])('price-book services as %s', async (_name, variant) => {
		Object.assign(list('/api/price_book/services'), variant);
		const { items, error } = await getAll('priceBookService');
		expect(error).toBeUndefined();
		expect(new Set(items.map((item) => item.json.uuid))).toEqual(new Set(idsOf('/api/price_book/services')));
		expect(items).toHaveLength(RECORDS);
	});

	it('price-book services as the spec writes them, {services: [...]} with no page totals: every page still read', async () => {
		Object.assign(list('/api/price_book/services'), { envelope: 'servicesSpec', key: 'services' });
		const { items, error } = await getAll('priceBookService');
		expect(error).toBeUndefined();
		expect(new Set(items.map((item) => item.json.uuid))).toEqual(new Set(idsOf('/api/price_book/services')));
		expect(items).toHaveLength(RECORDS);
		// Pages 1-3 are full, full and short: the short one ends the read.
		expect(server.requests.map((request) => request.query.get('page'))).toEqual(['1', '2', '3']);
	});
});

describe('Get and Simplify on recorded records', () => {
	async function getOne(key: string, id: string, extra: IDataObject = {}) {
		const operation = getOperation(key);
		const values = { [operation.pathParams[0].name]: id };
		return await runNode({ credentials, parameters: { resource: operation.resource, operation: operation.operation, ...pathParameters(operation, values), ...extra } });
	}

	const first = (path: string) => list(path).rows[0];
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it('Get passes each record through unchanged', async () => {
		for (const [key, path] of [
			['customer.get', '/customers'],
			['job.get', '/jobs'],
			['estimate.get', '/estimates'],
			['lead.get', '/leads'],
			['invoice.get', '/invoices'],
		] as const) {
			const record = first(path);
			const { items, error } = await getOne(key, String(record.id), { simplify: false });
			expect(error).toBeUndefined();
			expect(json(items)).toEqual([record]);
		}
	});

	it('Simplify copes with the all-null address and object job_fields of a job', async () => {
		const job = first('/jobs');
		const { items, error } = await getOne('job.get', String(job.id), { simplify: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			id: job.id,
			customer_id: recordedCustomer.id,
			customer_name: 'Dana Okafor',
			address_id: null,
			address: null,
			scheduled_start: '2026-02-12T15:00:00Z',
			arrival_window: 60,
			assigned_employees: ['Marco Reyes'],
		});
		const copied = list('/jobs').rows[1];
		const simplifiedCopy = (await getOne('job.get', String(copied.id), { simplify: true })).items[0].json;
		expect(simplifiedCopy).toMatchObject({ original_estimate_id: 'est_9d0e1f2a3b4c5d6e', address: '4100 Guadalupe St, Austin, TX 78751' });
	});

	it('Simplify of an estimate whose address id is null keeps the street, and the options with approval_status null or pro approved', async () => {
		const estimate = first('/estimates');
		const { items, error } = await getOne('estimate.get', String(estimate.id), { simplify: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			address_id: null,
			address: '4100 Guadalupe St, Austin, TX 78751',
			options: [
				{ id: 'est_9d0e1f2a3b4c5d6e', approval_status: null, status: 'submitted for signoff' },
				{ id: recordedApprovedOption.id, approval_status: 'pro approved', status: 'needs scheduling' },
			],
		});
	});

	it('Simplify of a paid invoice with paid_at null keeps it paid, in cents', async () => {
		const paid = list('/invoices').rows[1];
		const { items } = await getOne('invoice.get', String(paid.id), { simplify: true });
		expect(items[0].json).toMatchObject({ id: paid.id, status: 'paid', paid_at: null, due_amount: 0, amount: 185000 });
	});
});

describe('polling trigger over recorded records', () => {
	function trigger(parameters: INodeParameters): PollHarness {
		return new PollHarness({ credentials, parameters });
	}

	const emitted = (output: INodeExecutionData[][] | null) => output?.[0].map((item) => item.json) ?? [];

	it('customers (incremental): baseline, each bumped record once, then nothing', async () => {
		const customers = trigger({ object: 'customer', event: 'newOrUpdated' });
		expect(await customers.poll()).toBeNull();
		const rows = list('/customers').rows;
		// Three records edited in one second, later than everything else (updated_at is what moves).
		for (const index of [7, 201, 449]) rows[index] = { ...rows[index], notes: 'called back', updated_at: '2026-03-01T09:00:00Z' };
		const first = emitted(await customers.poll());
		expect(first.map((row) => row.id).sort()).toEqual([rows[7].id, rows[201].id, rows[449].id].sort());
		expect(first.every((row) => row.notes === 'called back')).toBe(true);
		expect(await customers.poll()).toBeNull();
		// One more in the same second as the last ones: only it.
		rows[100] = { ...rows[100], kind: 'business', updated_at: '2026-03-01T09:00:00Z' };
		expect(emitted(await customers.poll()).map((row) => row.id)).toEqual([rows[100].id]);
		expect(await customers.poll()).toBeNull();
	});

	it('leads (full scan, no timestamps): changed fields and a new lead, each once', async () => {
		const leads = trigger({ object: 'lead', event: 'newOrUpdated' });
		expect(await leads.poll()).toBeNull();
		expect(new Set(server.requests.filter((request) => request.path === '/leads').map((request) => request.query.get('page'))).size).toBe(3);
		const rows = list('/leads').rows;
		rows[3] = { ...rows[3], status: 'lost', lost_at: '2026-03-01T09:00:00Z' };
		rows[300] = { ...rows[300], conversions: [{ type: 'estimate', id: 'csr_00000000000000000000000000000abc' }], total_amount: 9900 };
		const added = { ...structuredClone(recordedLead), id: 'lea_ffffffffffffffffffffffffffffffff' };
		rows.push(added);
		const changed = emitted(await leads.poll());
		expect(changed.map((row) => row.id).sort()).toEqual([rows[3].id, rows[300].id, added.id].sort());
		expect(await leads.poll()).toBeNull();
	});

	it('invoices: one marked paid with paid_at null is emitted once by Invoice Paid', async () => {
		const paid = trigger({ object: 'invoice', event: 'invoicePaid' });
		expect(await paid.poll()).toBeNull();
		const rows = list('/invoices').rows;
		const open = rows.findIndex((row) => row.status === 'open');
		rows[open] = { ...rows[open], status: 'paid', due_amount: 0, paid_at: null };
		expect(emitted(await paid.poll()).map((row) => row.id)).toEqual([rows[open].id]);
		expect(await paid.poll()).toBeNull();
	});
});

describe('webhook trigger with recorded payloads', () => {
	const SECRET = 'whsec-recorded-shapes';
	const webhookCredentials = { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused', webhookSecret: SECRET };

	async function deliver(payload: IDataObject, events: string[] = ['*']) {
		const rawBody = Buffer.from(JSON.stringify(payload), 'utf8');
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signature = createHmac('sha256', SECRET).update(`${timestamp}.`).update(rawBody).digest('hex');
		return await callWebhook({
			credentials: webhookCredentials,
			parameters: { events },
			headers: { 'Api-Timestamp': timestamp, 'Api-Signature': signature, 'Content-Type': 'application/json' },
			rawBody,
		});
	}

	const occurredAt = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

	const jobWebhook: RecordedJson = {
				...recordedJobWithoutAddress,
				attachments: [{ id: 'att_1', file_name: 'before.jpg', url: 'https://files.example/before.jpg' }],
				schedule: { ...(recordedJobWithoutAddress.schedule as RecordedJson), appointments: [recordedAppointment] },
	};

	it.each<[string, string, RecordedJson, string]>([
		['job.updated with attachments and schedule.appointments', 'job', jobWebhook, 'job.updated'],
		[
			'estimate.option.approval_status_changed with approval_status pro approved',
			'estimate',
			recordedEstimate,
			'estimate.option.approval_status_changed',
		],
		['customer.membership.renewed', 'customer', recordedCustomer, 'customer.membership.renewed'],
	])('%s starts the workflow with the record', async (_name, key, record, event) => {
		// Once subscribed to everything, once to the event by name; two records, so the second
		// delivery is not the first one replayed (replay memory outlives a single call).
		for (const [index, events] of [['*'], [event]].entries()) {
			const delivered = { ...record, id: `${String(record.id)}${index}` };
			const payload = { event, event_occurred_at: occurredAt(), company_id: RECORDED_COMPANY_ID, [key]: delivered };
			const result = await deliver(payload, events);
			expect(result.sent).toBeUndefined();
			expect(result.workflowData).toHaveLength(1);
			expect(result.workflowData![0]).toHaveLength(1);
			// delivery_id names the exact bytes delivered (sha256 of the raw body).
			const deliveryId = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
			expect(result.workflowData![0][0].json).toEqual({
				delivery_id: deliveryId,
				event,
				occurred_at: payload.event_occurred_at,
				company_id: RECORDED_COMPANY_ID,
				object: key,
				record: delivered,
			});
		}
	});
});

describe('Find or Create against the fake HCP in recorded shapes', () => {
	it.each(['(512) 555-0199', '+1 512.555.0199'])('finds the customer stored as 5125550199 given %s, and creates nothing', async (phone) => {
		await withFake({}, async (fake) => {
			const customer = fake.store.list('customer')[3];
			fake.store.update('customer', String(customer.id), { mobile_number: '512-555-0199' });
			expect(fake.store.get('customer', String(customer.id))!.mobile_number).toBe('5125550199');
			const before = fake.store.count('customer');
			fake.clearRequests();
			const { items, error } = await run(fake, { resource: 'customer', operation: 'findOrCreate', phone });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ outcome: 'found', matched_by: 'phone', customer: { id: customer.id, mobile_number: '5125550199' } });
			expect(fake.store.count('customer')).toBe(before);
			expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
		});
	});
});
