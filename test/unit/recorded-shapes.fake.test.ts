/**
 * Keeps the fake HCP honest against the recorded shapes: for every fixture in
 * test/fixtures/recorded, a record of that kind fetched from the fake over HTTP has every key the
 * fixture has, with the same JSON type (recursively, into objects and the first array element),
 * and lacks the keys the recorded shape leaves out.
 */
import {
	RECORDED_ABSENT_KEYS,
	recordedAnytimeAppointment,
	recordedAppointment,
	recordedApprovedOption,
	recordedCompany,
	recordedConvertedLead,
	recordedCopiedJob,
	recordedCustomer,
	recordedEmployee,
	recordedEstimate,
	recordedJobLineItem,
	recordedJobWithoutAddress,
	recordedLead,
	recordedMaterial,
	recordedMaterialCategory,
	recordedNewOption,
	recordedNullAddress,
	recordedOpenInvoice,
	recordedPaidInvoice,
	recordedPriceBookService,
	recordedRoute,
	recordedAddress,
	type RecordedJson,
	type RecordedValue,
} from '../fixtures/recorded';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';

type Json = { [key: string]: unknown };

function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * Where `actual` differs in shape from `expected`: a missing key, or a different JSON type. A null
 * in the fixture says nothing about the type, so anything may stand there.
 */
export function shapeMismatches(expected: RecordedValue, actual: unknown, path = '$'): string[] {
	if (expected === null) return [];
	if (jsonType(expected) !== jsonType(actual)) return [`${path}: expected ${jsonType(expected)}, got ${jsonType(actual)}`];
	if (Array.isArray(expected)) {
		const list = actual as unknown[];
		if (expected.length === 0) return [];
		if (list.length === 0) return [`${path}: expected at least one element, got an empty list`];
		return shapeMismatches(expected[0], list[0], `${path}[0]`);
	}
	if (typeof expected !== 'object') return [];
	const record = actual as Json;
	const out: string[] = [];
	for (const [key, value] of Object.entries(expected)) {
		if (!(key in record)) out.push(`${path}.${key}: missing`);
		else out.push(...shapeMismatches(value, record[key], `${path}.${key}`));
	}
	return out;
}

function presentKeys(record: Json, keys: readonly string[]): string[] {
	return keys.filter((key) => key in record);
}

let fake: FakeHcp;

async function get(path: string, init: RequestInit = {}): Promise<Json> {
	const response = await fetch(`${fake.url}${path}`, {
		...init,
		headers: { Authorization: `Token ${fake.apiKey}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
	});
	const body = (await response.json()) as Json;
	if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
	return body;
}

const post = (path: string, body: unknown) => get(path, { method: 'POST', body: JSON.stringify(body) });

function firstRow(body: Json, key: string): Json {
	const rows = body[key] as Json[];
	expect(Array.isArray(rows) && rows.length > 0).toBe(true);
	return rows[0];
}

function expectShape(fixture: RecordedJson, actual: Json, absent: readonly string[] = []) {
	expect(shapeMismatches(fixture, actual)).toEqual([]);
	expect(presentKeys(actual, absent)).toEqual([]);
}

beforeAll(async () => {
	fake = await startFakeHcp({ seed: 11, now: () => new Date('2026-03-01T12:00:00Z'), copyOnApproval: 'silent' });
});

afterAll(async () => {
	await fake.close();
});

/** A customer with an address, as the fake stores it. */
function customerWithAddress(): { customerId: string; addressId: string } {
	const address = fake.store.list('address').find((candidate) => candidate.customer_id)!;
	return { customerId: String(address.customer_id), addressId: String(address.id) };
}

describe('the fake answers in the recorded shapes', () => {
	it('shape comparison: finds missing keys and type changes, recursively', () => {
		expect(shapeMismatches({ a: 1, b: { c: 'x' }, d: [{ e: true }], f: null }, { a: 1, b: { c: 2 }, d: [{}], f: 'any' })).toEqual([
			'$.b.c: expected string, got number',
			'$.d[0].e: missing',
		]);
		expect(shapeMismatches({ a: 'x' }, { a: null })).toEqual(['$.a: expected string, got null']);
	});

	it('customer: kind, 10-digit phones, addresses without timestamps', async () => {
		const { customerId } = customerWithAddress();
		await get(`/customers/${customerId}`, { method: 'PUT', body: JSON.stringify({ mobile_number: '(512) 555-0199', work_number: '+1 512.555.0142' }) });
		const customer = await get(`/customers/${customerId}`);
		expectShape(recordedCustomer, customer);
		expect(customer.mobile_number).toBe('5125550199');
		expect(customer.work_number).toBe('5125550142');
		for (const address of customer.addresses as Json[]) expect(presentKeys(address, RECORDED_ABSENT_KEYS.address)).toEqual([]);
	});

	it('address: latitude/longitude, no timestamps, alone and in the list', async () => {
		const { customerId, addressId } = customerWithAddress();
		expectShape(recordedAddress, await get(`/customers/${customerId}/addresses/${addressId}`), RECORDED_ABSENT_KEYS.address);
		expectShape(recordedAddress, firstRow(await get(`/customers/${customerId}/addresses`), 'addresses'), RECORDED_ABSENT_KEYS.address);
	});

	it('employee: created_at only, 10-digit phone', async () => {
		const employee = firstRow(await get('/employees?page_size=5'), 'employees');
		expectShape(recordedEmployee, employee, RECORDED_ABSENT_KEYS.employee);
		expect(String(employee.mobile_number)).toMatch(/^\d{10}$/);
	});

	it('job without an address: the all-null address object; schedule zone and local times; job_fields objects', async () => {
		const { customerId } = customerWithAddress();
		const jobType = fake.store.list('jobType')[0];
		// Made in the HCP app: the API refuses a job without address_id, live jobs still lack one.
		const created = fake.store.insert('job', {
			customer_id: customerId,
			address_id: null,
			invoice_number: '10231',
			description: 'Replace water heater',
			tags: ['install'],
			lead_source: 'Google',
			schedule: { scheduled_start: '2026-03-02T15:00:00Z', scheduled_end: '2026-03-02T17:00:00Z', arrival_window: 60 },
			assigned_employee_ids: [String(fake.store.list('employee')[0].id)],
			job_type_id: jobType.id,
		});
		await post(`/jobs/${String(created.id)}/notes`, { content: 'Gate code 4412' });
		const job = await get(`/jobs/${String(created.id)}`);
		expectShape(recordedJobWithoutAddress, job);
		expect(job.address).toEqual(recordedNullAddress);
		expect(job.job_fields).toEqual({ job_type: { id: jobType.id, name: jobType.name }, business_unit: null });
	});

	it('estimate: address id null with a street, estimate_fields objects, new and approved options; the copied job holds the option id', async () => {
		const estimateRecord = fake.store.list('estimate').find((candidate) => {
			const options = fake.store.list('estimateOption').filter((option) => option.estimate_id === candidate.id);
			return candidate.address_id && options.length >= 2 && options.every((option) => option.approval_status === null);
		})!;
		const before = await get(`/estimates/${String(estimateRecord.id)}`);
		const options = before.options as Json[];
		expect(options.every((option) => option.approval_status === null)).toBe(true);
		expectShape(recordedNewOption, options[0]);

		await post('/estimates/options/approve', { option_ids: [options[1].id] });
		const estimate = await get(`/estimates/${String(estimateRecord.id)}`);
		// The fixture lists the new option first and the approved second, like this estimate.
		expectShape(recordedEstimate, estimate);
		const approved = (estimate.options as Json[]).find((option) => option.id === options[1].id)!;
		expectShape(recordedApprovedOption, approved);
		expect(approved.approval_status).toBe('pro approved');
		const address = estimate.address as Json;
		expect(address.id).toBeNull();
		expect(typeof address.street).toBe('string');

		const copied = fake.store.list('job').find((job) => job.original_estimate_id === options[1].id);
		expect(copied).toBeDefined();
		const job = await get(`/jobs/${String(copied!.id)}`);
		expectShape(recordedCopiedJob, job);
		expect(String(job.original_estimate_id)).toMatch(/^est_/);
	});

	it('job line item: object, url, duration_in_minutes', async () => {
		const item = fake.store.list('jobLineItem')[0];
		const body = await get(`/jobs/${String(item.job_id)}/line_items`);
		expect(body).toMatchObject({ object: 'list' });
		expectShape(recordedJobLineItem, firstRow(body, 'data'));
	});

	it('appointments: start_date null unless anytime', async () => {
		const job = fake.store.list('job').find((candidate) => !String(candidate.work_status).includes('canceled'))!;
		const timed = fake.store.insert('appointment', { job_id: job.id, start_time: '2026-03-03T15:00:00Z', end_time: '2026-03-03T17:00:00Z', anytime: false, dispatched_employees_ids: [fake.store.list('employee')[0].id] });
		const anytime = fake.store.insert('appointment', { job_id: job.id, start_time: '2026-03-04T15:00:00Z', end_time: '2026-03-04T23:00:00Z', anytime: true, dispatched_employees_ids: [fake.store.list('employee')[0].id] });
		const rows = (await get(`/jobs/${String(job.id)}/appointments`)).appointments as Json[];
		const timedRow = rows.find((row) => row.id === timed.id)!;
		const anytimeRow = rows.find((row) => row.id === anytime.id)!;
		expectShape(recordedAppointment, timedRow);
		expect(timedRow.start_date).toBeNull();
		expectShape(recordedAnytimeAppointment, anytimeRow);
		expect(anytimeRow.start_date).toBe('2026-03-04');
	});

	it('lead: lea_ id, conversions, job_fields, total_amount, no timestamps; converted lead', async () => {
		const leadRecord = fake.store.list('lead').find((candidate) => candidate.status === 'open' && candidate.customer_id && candidate.address_id)!;
		const lead = await get(`/leads/${String(leadRecord.id)}`);
		expectShape(recordedLead, lead, RECORDED_ABSENT_KEYS.lead);
		expect(String(lead.id)).toMatch(/^lea_/);
		expectShape(recordedLead, firstRow(await get('/leads?page_size=3'), 'leads'), RECORDED_ABSENT_KEYS.lead);

		// The job type set in the HCP app; converting records the job made.
		fake.store.update('lead', String(leadRecord.id), { job_type_id: fake.store.list('jobType')[0].id });
		const answer = await post(`/leads/${String(leadRecord.id)}/convert`, { type: 'job' });
		const converted = await get(`/leads/${String(leadRecord.id)}`);
		expectShape(recordedConvertedLead, converted, RECORDED_ABSENT_KEYS.lead);
		expect(converted.conversions).toEqual([{ type: 'job', id: answer.job_id }]);
	});

	it('invoices: no timestamps, due_concept upon receipt, a paid one with paid_at null', async () => {
		const open = ((await get('/invoices?status[]=open&page_size=200')).invoices as Json[]).find((invoice) => invoice.due_concept === 'upon receipt');
		expect(open).toBeDefined();
		expectShape(recordedOpenInvoice, open!, RECORDED_ABSENT_KEYS.invoice);
		const paid = ((await get('/invoices?status[]=paid&page_size=200')).invoices as Json[]).find((invoice) => invoice.paid_at === null);
		expect(paid).toBeDefined();
		expectShape(recordedPaidInvoice, paid!, RECORDED_ABSENT_KEYS.invoice);
	});

	it('company: formatted phone, integer arrival window, latitude/longitude strings', async () => {
		const company = await get('/company');
		expectShape(recordedCompany, company);
		expect(company.phone_number).toMatch(/^\(\d{3}\) \d{3}-\d{4}$/);
		expect(company.default_arrival_window).toBe(0);
	});

	it('price book: services in the priceBook envelope, materials and categories', async () => {
		const services = await get('/api/price_book/services?page_size=3');
		expect(services).toMatchObject({ object: 'list', page: 1, page_size: 3 });
		expect(typeof (services.total_pages ?? services.total_pages_count)).toBe('number');
		expectShape(recordedPriceBookService, firstRow(services, 'data'));
		const categories = await get('/api/price_book/material_categories?page_size=3');
		const category = firstRow(categories, 'data');
		expectShape(recordedMaterialCategory, category);
		const materials = await get(`/api/price_book/materials?material_category_uuid=${String(category.uuid)}&page_size=3`);
		expect(materials).toMatchObject({ object: 'list', total_pages_count: expect.any(Number), total_count: expect.any(Number) });
		expectShape(recordedMaterial, firstRow(materials, 'data'));
	});

	it('price-book services under the spec key when the fake is told so', async () => {
		const spec = await startFakeHcp({ seed: 11, servicesEnvelope: { rowsKey: 'services', totalPagesKey: 'total_pages_count' } });
		try {
			const response = await fetch(`${spec.url}/api/price_book/services?page_size=3`, { headers: { Authorization: `Token ${spec.apiKey}` } });
			const body = (await response.json()) as Json;
			expect(body.data).toBeUndefined();
			expect(typeof body.total_pages_count).toBe('number');
			expectShape(recordedPriceBookService, firstRow(body, 'services'));
		} finally {
			await spec.close();
		}
	});

	it('routes: per_page up to 100', async () => {
		expectShape(recordedRoute, firstRow(await get('/routes?per_page=100'), 'routes'));
	});
});
