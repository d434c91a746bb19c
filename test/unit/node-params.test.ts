/**
 * Parameters -> request pieces, and the pure helpers of the special operations. The body round trip
 * builds parameters by walking the node's own properties (node-samples.ts), so it fails when the
 * description offers something the reader does not understand, or the other way round.
 */
import { ENTRY_MORE, paramName, requiredBodyParamName } from '../../nodes/HousecallPro/contract';
import { checkCustomPath, pairsToQuery } from '../../nodes/HousecallPro/operations/customApiCall';
import { findExactCustomer } from '../../nodes/HousecallPro/operations/findOrCreateCustomer';
import { isJobOfEstimate, jobBodyFromEstimate, jobMarker, toJobLineItem } from '../../nodes/HousecallPro/operations/approveAndEnsureJob';
import { answerToRecords } from '../../nodes/HousecallPro/operations/common';
import { locatorValue, parseJsonValue, phoneDigits, readFields, readQuery } from '../../nodes/HousecallPro/params';
import { oneLineAddress, personName, simplifyEstimate, simplifyInvoice, simplifyJob } from '../../nodes/HousecallPro/simplify';
import { OPERATIONS, getOperation } from '../../nodes/shared/table';
import type { ValidationIssue } from '../../nodes/HousecallPro/validate';
import { normalizeBody, validateBody } from '../../nodes/HousecallPro/validate';
import { paramsFromBody, sampleBody, shownProperties } from './node-samples';

const jsonBodyOperations = OPERATIONS.filter((operation) => operation.body?.contentType === 'json' && operation.body.fields.length);

describe('body parameters round trip through the node description', () => {
	it.each(jsonBodyOperations.map((operation) => [operation.key, operation]))('%s: every field set in the editor comes back as sent', (_key, operation) => {
		const fields = operation.body!.fields;
		const body = sampleBody(fields);
		const params = paramsFromBody(shownProperties(operation.resource, operation.operation, { sendBodyAs: 'fields' }), fields, body, operation.resource);
		// The generic operation reads required fields at the top level and the rest from Additional Fields.
		const { [ENTRY_MORE]: more, ...top } = params as Record<string, unknown>;
		const values: Record<string, unknown> = { ...(more as object), ...top };
		for (const field of fields.filter((candidate) => candidate.required)) values[paramName(field.name)] = top[requiredBodyParamName(field.name, operation.resource)];
		const issues: ValidationIssue[] = [];
		const read = readFields(fields, values, 1, '', issues);
		expect(issues).toEqual([]);
		expect(read).toEqual(body);
		expect(validateBody(operation.body!, normalizeBody(fields, read, 'UTC'))).toEqual([]);
	});

	it('leaves out what the user left empty, and splits comma lists', () => {
		const fields = getOperation('customer.create').body!.fields;
		const issues: ValidationIssue[] = [];
		expect(readFields(fields, { firstName: 'Ada', lastName: '', email: undefined, tags: ' vip, , new ' }, 1, '', issues)).toEqual({
			first_name: 'Ada',
			tags: ['vip', 'new'],
		});
		expect(issues).toEqual([]);
	});

	it('reads fixedCollection entries with their nested Additional Fields, numbers typed as text, and reports bad JSON by path', () => {
		const fields = getOperation('job.create').body!.fields;
		const issues: ValidationIssue[] = [];
		const body = readFields(
			fields,
			{
				customerId: { __rl: true, mode: 'url', value: 'https://pro.housecallpro.com/app/customers/cus_abc123/edit' },
				lineItems: {
					values: [
						{ name: 'Tune-up', [ENTRY_MORE]: { unitPrice: '12900', quantity: 2 } },
						{ name: 'Part', [ENTRY_MORE]: { pricingForm: { values: { id: 'pbpf_1', [ENTRY_MORE]: { fields: '[{"id": "pbpff_1",' } } } } },
					],
				},
			},
			1,
			'',
			issues,
		);
		expect(body).toEqual({
			customer_id: 'cus_abc123',
			line_items: [{ name: 'Tune-up', unit_price: 12900, quantity: 2 }, { name: 'Part', pricing_form: { id: 'pbpf_1' } }],
		});
		expect(issues).toEqual([{ path: 'line_items[1].pricing_form.fields', message: expect.stringMatching(/^is not valid JSON/) }]);
	});
});

describe('readQuery', () => {
	const jobs = getOperation('job.getMany').query!;

	it('converts filters to what HCP reads: arrays, zoned date-times, locator ids', () => {
		const issues: ValidationIssue[] = [];
		const query = readQuery(
			jobs,
			{
				workStatus: ['scheduled', 'completed'],
				employeeIds: 'pro_1, pro_2',
				scheduledStartMin: '2026-07-01T00:00:00',
				customerId: { __rl: true, mode: 'id', value: ' cus_9 ' },
				locationIds: '',
			},
			'America/Denver',
			issues,
		);
		expect(issues).toEqual([]);
		expect(query).toEqual({
			work_status: ['scheduled', 'completed'],
			employee_ids: ['pro_1', 'pro_2'],
			scheduled_start_min: '2026-07-01T06:00:00Z',
			customer_id: 'cus_9',
		});
	});

	it('names the filter that has a wrong value', () => {
		const issues: ValidationIssue[] = [];
		readQuery(jobs, { workStatus: ['complete rated'], scheduledEndMax: 'next week' }, 'UTC', issues);
		expect(issues).toHaveLength(2);
		expect(issues).toEqual(
			expect.arrayContaining([
				{ path: 'scheduled_end_max', message: 'must be a date-time, e.g. 2026-07-24T15:00:00Z' },
				{ path: 'work_status', message: 'must be any of: unscheduled, scheduled, in_progress, completed, canceled' },
			]),
		);
		const invoiceIssues: ValidationIssue[] = [];
		expect(readQuery(getOperation('invoice.getMany').query!, { amountDueMin: 10.5 }, 'UTC', invoiceIssues)).toEqual({});
		expect(invoiceIssues).toEqual([{ path: 'amount_due_min', message: 'must be an integer' }]);
		const routeIssues: ValidationIssue[] = [];
		expect(readQuery(getOperation('route.getMany').query!, { date: '2026-07-24T00:00:00' }, 'UTC', routeIssues)).toEqual({ date: '2026-07-24' });
	});
});

describe('resource locator values', () => {
	it.each([
		['customer', 'https://pro.housecallpro.com/app/customers/cus_1a2B3c', 'cus_1a2B3c'],
		['job', 'https://pro.housecallpro.com/app/jobs/job_77?tab=notes', 'job_77'],
		['estimate', 'https://pro.housecallpro.com/app/estimates/csr_5', 'csr_5'],
		['invoice', 'https://pro.housecallpro.com/app/invoices/invoice_42/preview', 'invoice_42'],
		['lead', 'https://pro.housecallpro.com/app/leads/7f3e-22/edit', '7f3e-22'],
	] as const)('takes the %s id out of a URL', (object, url, id) => {
		expect(locatorValue({ __rl: true, mode: 'url', value: url }, object)).toBe(id);
	});

	it('takes ids from list and id modes and plain strings, and nothing from a foreign URL', () => {
		expect(locatorValue({ __rl: true, mode: 'list', value: 'cus_1', cachedResultName: 'Ada' }, 'customer')).toBe('cus_1');
		expect(locatorValue(' job_2 ', 'job')).toBe('job_2');
		expect(locatorValue({ __rl: true, mode: 'url', value: 'https://example.com/x' }, 'job')).toBe('');
		expect(locatorValue(undefined, 'job')).toBe('');
	});
});

describe('small pure pieces', () => {
	it('parseJsonValue parses text, passes objects through, explains broken JSON', () => {
		expect(parseJsonValue('{"a":1}')).toEqual({ value: { a: 1 } });
		expect(parseJsonValue({ a: 1 })).toEqual({ value: { a: 1 } });
		expect(parseJsonValue('  ')).toEqual({ value: undefined });
		expect(parseJsonValue('{a:1}').error).toMatch(/^is not valid JSON \(/);
	});

	it('answerToRecords: lists split into items, empty answers become success', () => {
		expect(answerToRecords([{ id: 1 }, 'x'])).toEqual([{ id: 1 }, { value: 'x' }]);
		expect(answerToRecords({})).toEqual([{ success: true }]);
		expect(answerToRecords('')).toEqual([{ success: true }]);
		expect(answerToRecords({ id: 'a' })).toEqual([{ id: 'a' }]);
	});

	it('custom API paths stay under the base URL', () => {
		expect(checkCustomPath('/jobs/job_1/line_items')).toBeUndefined();
		expect(checkCustomPath('')).toBe('is required');
		expect(checkCustomPath('jobs')).toMatch(/start with a single "\/"/);
		expect(checkCustomPath('//evil.example/x')).toMatch(/start with a single "\/"/);
		expect(checkCustomPath('/https://evil.example')).toMatch(/not a full URL/);
		expect(checkCustomPath('/jobs?page=2')).toMatch(/Query Parameters/);
		expect(checkCustomPath('/api/../admin')).toMatch(/\.\./);
	});

	it('custom query pairs: name[] collects a list, a plain name may appear once', () => {
		const issues: ValidationIssue[] = [];
		expect(pairsToQuery([{ name: 'work_status[]', value: 'scheduled' }, { name: 'work_status[]', value: 'completed' }, { name: 'page', value: 2 }, { name: '' }], issues)).toEqual({
			work_status: ['scheduled', 'completed'],
			page: '2',
		});
		expect(issues).toEqual([]);
		pairsToQuery([{ name: 'q', value: 'a' }, { name: 'q', value: 'b' }], issues);
		expect(issues).toEqual([{ path: 'q', message: 'is given more than once; name it "q[]" to send a list' }]);
	});

	it('find-or-create compares email without case and phones by digits', () => {
		const candidates = [
			{ id: 'cus_1', email: 'ada@example.com', mobile_number: '555-0100' },
			{ id: 'cus_2', email: 'Grace@Example.com', mobile_number: null, work_number: '+1 (555) 010-9999' },
		];
		expect(findExactCustomer(candidates, { email: ' grace@example.COM ' })).toEqual({ customer: candidates[1], matchedBy: 'email' });
		expect(findExactCustomer(candidates, { email: 'grace@example.co' })).toBeUndefined();
		expect(findExactCustomer(candidates, { phone: '5550109999' })).toEqual({ customer: candidates[1], matchedBy: 'phone' });
		expect(findExactCustomer(candidates, { phone: '555010999' })).toBeUndefined();
		expect(phoneDigits('+1 (555) 010-9999')).toBe('5550109999');
		expect(phoneDigits('44 20 7946 0958')).toBe('442079460958');
	});

	it('approve-and-ensure-job recognises a job of the estimate and builds one from it', () => {
		expect(isJobOfEstimate({ original_estimate_id: 'csr_1' }, 'csr_1', [])).toBe(true);
		expect(isJobOfEstimate({ original_estimate_uuids: ['est_9'] }, 'csr_1', ['est_9'])).toBe(true);
		expect(isJobOfEstimate({ notes: [{ id: 'nte_1', content: `${jobMarker('csr_1')} Estimate 12` }] }, 'csr_1', [])).toBe(true);
		expect(isJobOfEstimate({ notes: [{ content: jobMarker('csr_10') }] }, 'csr_1', [])).toBe(false);
		expect(isJobOfEstimate({ original_estimate_id: null, notes: [] }, 'csr_1', ['est_1'])).toBe(false);

		expect(toJobLineItem({ id: 'x', name: '', description: 'Filter', unit_price: 2500, quantity: 2, kind: 'materials' })).toEqual({
			name: 'Filter',
			description: 'Filter',
			unit_price: 2500,
			quantity: 2,
		});
		const body = jobBodyFromEstimate(
			{
				id: 'csr_1',
				estimate_number: '12',
				customer: { id: 'cus_1' },
				address: { id: 'adr_1' },
				assigned_employees: [{ id: 'pro_1' }],
				lead_source: 'Google',
				estimate_fields: { job_type_id: 'jt_1', business_unit_id: null },
			},
			[{ name: 'Tune-up', unit_price: 100, unit_cost: 40, quantity: 1 }],
		);
		expect(body).toEqual({
			customer_id: 'cus_1',
			address_id: 'adr_1',
			line_items: [{ name: 'Tune-up', unit_price: 100, unit_cost: 40, quantity: 1 }],
			notes: `${jobMarker('csr_1')} Estimate 12`,
			assigned_employee_ids: ['pro_1'],
			lead_source: 'Google',
			job_fields: { job_type_id: 'jt_1' },
		});
		expect(validateBody(getOperation('job.create').body!, body)).toEqual([]);
	});
});

describe('simplify', () => {
	const job = {
		id: 'job_1',
		invoice_number: '1001',
		description: 'AC repair',
		work_status: 'scheduled',
		customer: { id: 'cus_1', first_name: 'Ada', last_name: 'Lovelace', email: 'a@x' },
		address: { id: 'adr_1', street: '1 Main St', street_line_2: null, city: 'Tampa', state: 'FL', zip: '33602' },
		schedule: { scheduled_start: '2026-07-24T15:00:00Z', scheduled_end: '2026-07-24T17:00:00Z', arrival_window: 60 },
		assigned_employees: [{ id: 'pro_1', first_name: 'Hugo', last_name: 'Fischer' }],
		total_amount: 12900,
		outstanding_balance: 2900,
		tags: ['vip'],
		lead_source: null,
		notes: [{ id: 'nte_1', content: 'long' }],
		line_items: [{}],
		created_at: '2026-07-01T00:00:00Z',
		updated_at: '2026-07-02T00:00:00Z',
	};

	it('keeps the fields a person acts on, flat, money in cents', () => {
		expect(simplifyJob(job)).toEqual({
			id: 'job_1',
			invoice_number: '1001',
			description: 'AC repair',
			work_status: 'scheduled',
			customer_id: 'cus_1',
			customer_name: 'Ada Lovelace',
			address_id: 'adr_1',
			address: '1 Main St, Tampa, FL 33602',
			scheduled_start: '2026-07-24T15:00:00Z',
			scheduled_end: '2026-07-24T17:00:00Z',
			arrival_window: 60,
			assigned_employees: ['Hugo Fischer'],
			total_amount: 12900,
			outstanding_balance: 2900,
			tags: ['vip'],
			lead_source: null,
			original_estimate_id: null,
			created_at: '2026-07-01T00:00:00Z',
			updated_at: '2026-07-02T00:00:00Z',
		});
		const estimate = simplifyEstimate({ ...job, estimate_number: '7', options: [{ id: 'est_1', name: 'Good', option_number: '7-1', total_amount: 500, approval_status: 'approved', status: 'open', line_items: [] }] });
		expect(estimate.options).toEqual([{ id: 'est_1', name: 'Good', option_number: '7-1', total_amount: 500, approval_status: 'approved', status: 'open' }]);
		expect(estimate.customer_name).toBe('Ada Lovelace');
		expect(simplifyInvoice({ id: 'invoice_1', job_id: 'job_1', amount: 100, due_amount: 50, items: [{}] })).toMatchObject({ id: 'invoice_1', job_id: 'job_1', amount: 100, due_amount: 50, status: null });
		expect(oneLineAddress({ street: '', city: 'Tampa' })).toBe('Tampa');
		expect(simplifyJob({ id: 'job_2', customer: { company: 'Acme' } }).customer_name).toBe('Acme');
	});

	it('joins only the name and address parts that have text, trimmed, with one separator each', () => {
		expect(oneLineAddress({ street: ' 1 Main St ', street_line_2: 'Apt 2', city: 'Tampa', state: 'FL', zip: '33602' })).toBe('1 Main St, Apt 2, Tampa, FL 33602');
		expect(oneLineAddress({ street_line_2: 'Apt 2', state: 'FL' })).toBe('Apt 2, FL');
		expect(oneLineAddress({ street: '1 Main St', zip: '33602' })).toBe('1 Main St, 33602');
		expect(oneLineAddress({ street: '  ', city: null, state: 5, zip: '' })).toBeNull();
		expect(personName({ first_name: ' Ada ', last_name: 'Lovelace' })).toBe('Ada Lovelace');
		expect(personName({ last_name: 'Lovelace', company: 'Acme' })).toBe('Lovelace');
		expect(personName({ first_name: ' ', company: ' ', email: 'ada@example.com' })).toBe('ada@example.com');
		expect(personName({ first_name: '' })).toBeNull();
	});
});
