/**
 * Holds THE table (nodes/shared/table) against Housecall Pro's OpenAPI file and FIELD-NOTES.
 *
 * `findDepartures` lists every way one table operation differs from its spec operation. Each
 * operation must show exactly the departures listed in EXPECTED_DEPARTURES below, and an operation
 * has a `divergence` note exactly when it has listed departures. So a new difference (a typo in a
 * path, a parameter the spec does not know, a forgotten required field) fails, and so does a
 * deliberate one whose note is missing or whose note outlived the difference.
 */
import {
	getObject,
	getOperation,
	OBJECTS,
	OPERATIONS,
	operationsOfResource,
	RESOURCES,
	WEBHOOK_EVENTS,
} from '../../nodes/shared/table';
import type { BodyField, BodyFieldType, Operation, QueryParam } from '../../nodes/shared/table/types';
import { resolve, SPEC_OPERATIONS, type Schema, type SpecOperation } from './spec';

const specKey = (method: string, path: string) => `${method} ${path}`;
const SPEC_BY_KEY = new Map(SPEC_OPERATIONS.map((op) => [specKey(op.method, op.path), op]));

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

/** Handled by ListSpec (`pageSizeParam`, `sortFields`) rather than by `query`. */
const PAGING_AND_SORT = new Set(['page', 'page_size', 'per_page', 'sort_by', 'sort_direction']);

/** Table types a spec schema may be described with. Untyped spec schemas accept anything. */
function compatibleTypes(schema: Schema): BodyFieldType[] | 'any' {
	if (Array.isArray(schema.oneOf)) {
		const all = schema.oneOf.map((part: Schema) => compatibleTypes(resolve(part)));
		if (all.includes('any')) return 'any';
		return [...new Set(all.flat() as BodyFieldType[])];
	}
	switch (schema.type) {
		case 'string':
			return ['string', 'dateTime', 'date'];
		case 'number':
		case 'integer':
			return ['number', 'integer', 'cents'];
		case 'boolean':
			return ['boolean'];
		case 'object':
			return ['object'];
		case 'array': {
			const items = resolve(schema.items);
			if (items.type === 'object' || items.properties) return ['objectArray'];
			return ['stringArray'];
		}
		case undefined:
			return schema.properties ? ['object'] : 'any';
		default:
			return [];
	}
}

function enumOf(schema: Schema): unknown[] | undefined {
	if (Array.isArray(schema.enum)) return schema.enum;
	if (schema.type === 'array') return resolve(schema.items).enum;
	return undefined;
}

function compareBodyFields(
	tableFields: readonly BodyField[],
	specSchema: Schema,
	prefix: string,
	departures: string[],
): void {
	const properties: Record<string, Schema> = specSchema.properties ?? {};
	const required = new Set<string>(specSchema.required ?? []);
	const tableByName = new Map(tableFields.map((field) => [field.name, field]));

	for (const name of Object.keys(properties)) {
		if (!tableByName.has(name)) departures.push(`body-missing:${prefix}${name}`);
	}
	for (const field of tableFields) {
		const path = `${prefix}${field.name}`;
		if (!(field.name in properties)) {
			departures.push(`body-unknown:${path}`);
			continue;
		}
		const specField = resolve(properties[field.name]);
		if (required.has(field.name) && !field.required) departures.push(`body-required:${path}`);
		if (!required.has(field.name) && field.required) departures.push(`body-required-extra:${path}`);
		const types = compatibleTypes(specField);
		if (types !== 'any' && !types.includes(field.type)) departures.push(`body-type:${path}`);
		const allowed = enumOf(specField);
		if (field.options && allowed && field.options.some((option) => !allowed.includes(option))) {
			departures.push(`body-options:${path}`);
		}
		if (field.type === 'object' || field.type === 'objectArray') {
			const inner = field.type === 'object' ? specField : resolve(specField.items);
			compareBodyFields(field.fields ?? [], inner, `${path}${field.type === 'objectArray' ? '[]' : ''}.`, departures);
		}
	}
}

function compareQuery(op: Operation, specOp: SpecOperation, departures: string[]): void {
	const specQuery = new Map(
		specOp.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p] as const),
	);
	const tableQuery = new Map<string, QueryParam>((op.query ?? []).map((q) => [q.name, q]));

	for (const name of specQuery.keys()) {
		if (!PAGING_AND_SORT.has(name) && !tableQuery.has(name)) departures.push(`query-missing:${name}`);
		if (PAGING_AND_SORT.has(name) && tableQuery.has(name)) departures.push(`query-paging-in-query:${name}`);
	}
	for (const param of op.query ?? []) {
		const specParam = specQuery.get(param.name);
		if (!specParam) {
			departures.push(`query-unknown:${param.name}`);
			continue;
		}
		const specIsArray = specParam.schema.type === 'array';
		if (specIsArray !== (param.array === true)) departures.push(`query-array:${param.name}`);
		const scalarSchema = specIsArray ? resolve(specParam.schema.items) : specParam.schema;
		const types = compatibleTypes(scalarSchema);
		const tableType = param.type === 'integer' || param.type === 'number' ? 'number' : param.type;
		if (types !== 'any' && !types.includes(tableType as BodyFieldType)) {
			departures.push(`query-type:${param.name}`);
		}
		if (specParam.required !== (param.required === true)) departures.push(`query-required:${param.name}`);
		const allowed = enumOf(specParam.schema);
		if (param.options && allowed && param.options.some((option) => !allowed.includes(option))) {
			departures.push(`query-options:${param.name}`);
		}
	}

	// Paging and sorting, as ListSpec says them.
	const pagingNames = ['page_size', 'per_page'].filter((name) => specQuery.has(name));
	const list = op.list;
	if (list?.pageSizeParam && !specQuery.has(list.pageSizeParam)) {
		departures.push(`paging-param:${list.pageSizeParam}`);
	}
	if (list?.pageSizeParam && !specQuery.has('page')) departures.push('paging-no-page');
	if (pagingNames.length > 0 && !pagingNames.includes(list?.pageSizeParam ?? '')) {
		departures.push(`paging-missing:${pagingNames.join('|')}`);
	}
	const sortBy = specQuery.get('sort_by');
	if (list?.sortFields) {
		if (!sortBy) departures.push('sort-unknown');
		if (!specQuery.has('sort_direction')) departures.push('sort-direction-unknown');
		const allowed = sortBy ? enumOf(sortBy.schema) : undefined;
		for (const field of list.sortFields) {
			if (allowed && !allowed.includes(field)) departures.push(`sort-field:${field}`);
		}
	} else if (sortBy) {
		departures.push('sort-missing');
	}
}

function compareList(op: Operation, specOp: SpecOperation, departures: string[]): void {
	if (!op.list) return;
	const properties: Record<string, Schema> = specOp.response200?.schema?.properties ?? {};
	if (!(op.list.key in properties)) departures.push(`list-key:${op.list.key}`);
	const has = (name: string) => name in properties;
	const envelopeFits = {
		paged: has('total_pages') || has('total_items'),
		priceBook: has('total_count') || has('total_pages_count'),
		dataList: has('data') && !has('total_pages') && !has('total_count'),
		keyed: !has('total_pages') && !has('total_count') && !has('page'),
	}[op.list.envelope];
	if (!envelopeFits) departures.push(`list-envelope:${op.list.envelope}`);
}

/** Every difference between one table operation and its spec operation, as short codes. */
function findDepartures(op: Operation, specOp: SpecOperation): string[] {
	const departures: string[] = [];

	if (op.specOperationId !== specOp.operationId) departures.push('operation-id');

	const placeholders = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
	const tablePath = op.pathParams.map((p) => p.name).sort();
	const specPath = specOp.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort();
	if (tablePath.join() !== specPath.join()) departures.push('path-params');
	if (placeholders.join() !== tablePath.join()) departures.push('path-placeholders');

	compareQuery(op, specOp, departures);
	compareList(op, specOp, departures);

	const specBodySchema = specOp.body?.schema ?? {};
	if (op.body) {
		const specType = specOp.body?.contentType;
		const expectedType = op.body.contentType === 'json' ? 'application/json' : 'multipart/form-data';
		if (specType !== expectedType) departures.push(`body-content-type:${specType ?? 'none'}`);
	}
	compareBodyFields(op.body?.fields ?? [], specBodySchema, '', departures);

	const specPartnerOnly =
		specOp.security.length > 0 && !specOp.security.includes('Company API Key');
	if (specPartnerOnly !== (op.partnerOnly === true)) departures.push('partner-only');

	const specIsHtml =
		specOp.response200?.contentTypes.includes('text/html') === true &&
		!specOp.response200.contentTypes.includes('application/json');
	if (specIsHtml !== (op.responseFormat === 'html')) departures.push('response-format');

	return departures;
}

function departuresOf(op: Operation): string[] {
	const specOp = SPEC_BY_KEY.get(specKey(op.method, op.path));
	if (!specOp) return ['not-in-spec'];
	return findDepartures(op, specOp);
}

// ---------------------------------------------------------------------------------------------
// The deliberate departures, each explained by the operation's `divergence`
// ---------------------------------------------------------------------------------------------

const EXPECTED_DEPARTURES: Readonly<Record<string, readonly string[]>> = {
	// The spec put the answer schema under requestBody of a GET, and gives no 200 schema.
	'customerAddress.getMany': [
		'list-key:addresses',
		'list-envelope:paged',
		'body-missing:page',
		'body-missing:page_size',
		'body-missing:total_pages',
		'body-missing:total_items',
		'body-missing:addresses',
	],
	// Sending no items with append_line_items false would delete every line item.
	'jobLineItem.bulkUpdate': ['body-required-extra:line_items'],
	'jobInputMaterial.bulkUpdate': ['body-required-extra:job_input_materials'],
	'lead.convert': ['body-required-extra:type'],
	// An estimate cannot be updated: without a customer, an address and an option it is useless.
	'estimate.create': ['body-missing:address', 'body-required-extra:customer_id', 'body-required-extra:address_id', 'body-required-extra:options'],
	// FIELD-NOTES: price-book envelope; the deep-object filters cannot be a scalar query parameter.
	'priceBookService.getMany': ['query-missing:filters', 'list-key:data', 'list-envelope:priceBook'],
	// "at least one of" in the description; pages with per_page (FIELD-NOTES).
	'checklist.getMany': [
		'query-required:job_uuids',
		'query-required:estimate_uuids',
		'list-envelope:paged',
	],
	// FIELD-NOTES: partner apps only, though the spec names no security.
	'webhookSubscription.create': ['partner-only'],
	'webhookSubscription.delete': ['partner-only'],
};

// ---------------------------------------------------------------------------------------------
// Tests: the checker itself can fail
// ---------------------------------------------------------------------------------------------

function specFor(key: string): SpecOperation {
	const op = getOperation(key);
	const specOp = SPEC_BY_KEY.get(specKey(op.method, op.path));
	if (!specOp) throw new Error(`no spec operation for ${key}`);
	return specOp;
}

function withBodyField(op: Operation, name: string, change: Partial<BodyField> | null): Operation {
	if (!op.body) throw new Error(`${op.key} has no body`);
	const fields = op.body.fields
		.filter((field) => change !== null || field.name !== name)
		.map((field) => (field.name === name && change ? { ...field, ...change } : field));
	return { ...op, body: { ...op.body, fields } };
}

describe('findDepartures catches a broken copy of an operation', () => {
	const jobs = getOperation('job.getMany');
	const jobsSpec = specFor('job.getMany');

	it('finds nothing on the real operation', () => {
		expect(findDepartures(jobs, jobsSpec)).toEqual([]);
	});

	it('a query parameter the spec does not know (a typo), and the one it replaced', () => {
		const broken = {
			...jobs,
			query: jobs.query!.map((q) => (q.name === 'work_status' ? { ...q, name: 'work_statuses' } : q)),
		};
		expect(findDepartures(broken, jobsSpec)).toEqual(['query-missing:work_status', 'query-unknown:work_statuses']);
	});

	it('an array parameter sent as a scalar', () => {
		const broken = {
			...jobs,
			query: jobs.query!.map((q) => (q.name === 'employee_ids' ? { ...q, array: false } : q)),
		};
		expect(findDepartures(broken, jobsSpec)).toEqual(['query-array:employee_ids']);
	});

	it('filter options the spec does not allow (response words instead of filter words)', () => {
		const broken = {
			...jobs,
			query: jobs.query!.map((q) => (q.name === 'work_status' ? { ...q, options: ['needs scheduling'] } : q)),
		};
		expect(findDepartures(broken, jobsSpec)).toEqual(['query-options:work_status']);
	});

	it('the wrong page-size parameter, an unknown sort field, and no sorting at all', () => {
		expect(findDepartures({ ...jobs, list: { ...jobs.list!, pageSizeParam: 'per_page' } }, jobsSpec)).toEqual([
			'paging-param:per_page',
			'paging-missing:page_size',
		]);
		expect(findDepartures({ ...jobs, list: { ...jobs.list!, sortFields: ['scheduled_start'] } }, jobsSpec)).toEqual(
			['sort-field:scheduled_start'],
		);
		expect(findDepartures({ ...jobs, list: { ...jobs.list!, sortFields: undefined } }, jobsSpec)).toEqual([
			'sort-missing',
		]);
	});

	it('a list key or envelope the answer does not have', () => {
		expect(findDepartures({ ...jobs, list: { ...jobs.list!, key: 'data' } }, jobsSpec)).toEqual(['list-key:data']);
		expect(findDepartures({ ...jobs, list: { ...jobs.list!, envelope: 'priceBook' } }, jobsSpec)).toEqual([
			'list-envelope:priceBook',
		]);
	});

	it('path parameters that differ from the spec or from the path', () => {
		const job = getOperation('job.get');
		expect(findDepartures({ ...job, pathParams: [{ ...job.pathParams[0], name: 'job_id' }] }, specFor('job.get'))).toEqual([
			'path-params',
			'path-placeholders',
		]);
	});

	it('a wrong operationId, partner flag or response format', () => {
		expect(findDepartures({ ...jobs, specOperationId: 'get-job' }, jobsSpec)).toEqual(['operation-id']);
		expect(findDepartures({ ...jobs, partnerOnly: true }, jobsSpec)).toEqual(['partner-only']);
		expect(findDepartures({ ...jobs, responseFormat: 'html' }, jobsSpec)).toEqual(['response-format']);
	});

	const create = getOperation('job.create');
	const createSpec = specFor('job.create');

	it('finds nothing on the real job create', () => {
		expect(findDepartures(create, createSpec)).toEqual([]);
	});

	it('a required body field left out, or not marked required', () => {
		expect(findDepartures(withBodyField(create, 'address_id', null), createSpec)).toEqual(['body-missing:address_id']);
		expect(findDepartures(withBodyField(create, 'address_id', { required: false }), createSpec)).toEqual([
			'body-required:address_id',
		]);
	});

	it('a body field the spec does not know, or of the wrong type', () => {
		expect(findDepartures(withBodyField(create, 'notes', { name: 'note' }), createSpec)).toEqual([
			'body-missing:notes',
			'body-unknown:note',
		]);
		expect(findDepartures(withBodyField(create, 'tags', { type: 'string' }), createSpec)).toEqual(['body-type:tags']);
	});

	it('a nested required field (line item name inside line_items[])', () => {
		const lineItems = create.body!.fields.find((f) => f.name === 'line_items')!;
		const withoutName = withBodyField(create, 'line_items', {
			fields: lineItems.fields!.filter((f) => f.name !== 'name'),
		});
		expect(findDepartures(withoutName, createSpec)).toEqual(['body-missing:line_items[].name']);
		const optionalName = withBodyField(create, 'line_items', {
			fields: lineItems.fields!.map((f) => (f.name === 'name' ? { ...f, required: false } : f)),
		});
		expect(findDepartures(optionalName, createSpec)).toEqual(['body-required:line_items[].name']);
	});

	it('body options the spec does not allow, and a wrong content type', () => {
		const lineItem = getOperation('jobLineItem.create');
		const lineItemSpec = specFor('jobLineItem.create');
		expect(findDepartures(lineItem, lineItemSpec)).toEqual([]);
		expect(findDepartures(withBodyField(lineItem, 'kind', { options: ['material'] }), lineItemSpec)).toEqual([
			'body-options:kind',
		]);
		expect(findDepartures({ ...lineItem, body: { ...lineItem.body!, contentType: 'multipart' } }, lineItemSpec)).toEqual([
			'body-content-type:application/json',
		]);
	});

	it('a required query parameter not marked required', () => {
		const statuses = getOperation('pipelineStatus.getMany');
		const broken = { ...statuses, query: statuses.query!.map((q) => ({ ...q, required: false })) };
		expect(findDepartures(broken, specFor('pipelineStatus.getMany'))).toEqual(['query-required:resource_type']);
	});

	it('an operation the spec does not have', () => {
		expect(departuresOf({ ...getOperation('customer.get'), method: 'DELETE' })).toEqual(['not-in-spec']);
	});
});

// ---------------------------------------------------------------------------------------------
// Tests: the table against the spec
// ---------------------------------------------------------------------------------------------

describe('THE table against housecall.v1.yaml', () => {
	it('the spec has the 95 operations we know of', () => {
		expect(SPEC_OPERATIONS).toHaveLength(95);
	});

	it('every spec operation appears exactly once in the table, and nothing else does', () => {
		const tableKeys = OPERATIONS.map((op) => specKey(op.method, op.path)).sort();
		const specKeys = SPEC_OPERATIONS.map((op) => specKey(op.method, op.path)).sort();
		expect(tableKeys).toEqual(specKeys);
		expect(new Set(tableKeys).size).toBe(tableKeys.length);
	});

	it.each(OPERATIONS.map((op) => [op.key, op] as const))('%s departs only as listed', (_key, op) => {
		expect(departuresOf(op)).toEqual(EXPECTED_DEPARTURES[op.key] ?? []);
	});

	it('an operation has a divergence note exactly when it has listed departures', () => {
		const withNote = OPERATIONS.filter((op) => op.divergence?.trim()).map((op) => op.key).sort();
		expect(withNote).toEqual(Object.keys(EXPECTED_DEPARTURES).sort());
	});
});

// ---------------------------------------------------------------------------------------------
// Tests: the table's own rules (FIELD-NOTES and the team's naming)
// ---------------------------------------------------------------------------------------------

/** FIELD-NOTES "Webhooks", in its order. */
const NOTED_EVENTS = [
	'customer.created', 'customer.updated', 'customer.deleted',
	'job.created', 'job.updated', 'job.scheduled', 'job.on_my_way', 'job.started', 'job.completed', 'job.paid',
	'job.canceled', 'job.deleted',
	'job.appointment.scheduled', 'job.appointment.rescheduled', 'job.appointment.appointment_discarded',
	'job.appointment.appointment_pros_assigned', 'job.appointment.appointment_pros_unassigned',
	'estimate.created', 'estimate.updated', 'estimate.scheduled', 'estimate.on_my_way', 'estimate.sent',
	'estimate.completed', 'estimate.copy_to_job', 'estimate.option.created', 'estimate.option.approval_status_changed',
	'invoice.created', 'invoice.sent', 'invoice.paid', 'invoice.amount_updated', 'invoice.voided', 'invoice.canceled',
	'invoice.payment.succeeded', 'invoice.payment.failed', 'invoice.refund.succeeded',
	'lead.created', 'lead.updated', 'lead.converted', 'lead.lost', 'lead.deleted',
	'employee.created',
	// "Shapes seen in recorded live payloads": seen in samples beyond the Webhooks list.
	'customer.membership.renewed',
];

/** FIELD-NOTES "Connection": the 14 partner-only operations, plus the webhook subscription pair. */
const PARTNER_ONLY = [
	'GET /application', 'POST /application/enable', 'POST /application/disable', 'GET /checklists',
	'GET /estimates/{estimate_id}', 'GET /api/price_book/services', 'GET /service_zones', 'GET /routes',
	'PUT /jobs/{job_id}/schedule', 'DELETE /jobs/{job_id}/schedule', 'PUT /jobs/{job_id}/dispatch',
	'POST /jobs/{job_id}/links', 'POST /jobs/{job_id}/lock', 'POST /jobs/lock',
	'POST /webhooks/subscription', 'DELETE /webhooks/subscription',
];

const MONEY_FIELDS = new Set(['unit_price', 'unit_cost', 'price', 'cost', 'amount']);

function allBodyFields(fields: readonly BodyField[] | undefined, prefix = ''): Array<[string, BodyField]> {
	return (fields ?? []).flatMap((field) => [
		[`${prefix}${field.name}`, field] as [string, BodyField],
		...allBodyFields(field.fields, `${prefix}${field.name}.`),
	]);
}

describe('THE table keeps its own rules', () => {
	it('keys are unique and spell resource.operation', () => {
		const keys = OPERATIONS.map((op) => op.key);
		expect(new Set(keys).size).toBe(keys.length);
		for (const op of OPERATIONS) expect(op.key).toBe(`${op.resource}.${op.operation}`);
	});

	it('list operations say their envelope and key; getMany always lists', () => {
		for (const op of OPERATIONS) {
			if (op.operation === 'getMany') expect(op.list).toBeDefined();
			if (op.list) {
				expect(['paged', 'priceBook', 'dataList', 'keyed']).toContain(op.list.envelope);
				expect(op.list.key).toMatch(/^[a-z_]+$/);
				expect(op.method).toBe('GET');
			}
			if (op.list?.envelope === 'dataList' || op.list?.envelope === 'keyed') {
				expect(op.list.pageSizeParam).toBeUndefined();
			}
		}
	});

	it('per_page is the page-size parameter of exactly /routes and /checklists', () => {
		const perPage = OPERATIONS.filter((op) => op.list?.pageSizeParam === 'per_page').map((op) => op.path).sort();
		expect(perPage).toEqual(['/checklists', '/routes']);
	});

	it('the lists FIELD-NOTES describe use the envelopes it describes', () => {
		const envelopeOf = (key: string) => getOperation(key).list && [getOperation(key).list!.envelope, getOperation(key).list!.key];
		expect(envelopeOf('jobLineItem.getMany')).toEqual(['dataList', 'data']);
		expect(envelopeOf('jobAppointment.getMany')).toEqual(['keyed', 'appointments']);
		expect(envelopeOf('job.getInvoices')).toEqual(['keyed', 'invoices']);
		expect(envelopeOf('jobInputMaterial.getMany')).toEqual(['keyed', 'job_input_materials']);
		for (const key of ['material.getMany', 'materialCategory.getMany', 'priceForm.getMany', 'priceBookService.getMany']) {
			expect(envelopeOf(key)).toEqual(['priceBook', 'data']);
		}
	});

	it('partner-only operations are exactly the ones FIELD-NOTES name, and say so', () => {
		const partner = OPERATIONS.filter((op) => op.partnerOnly);
		expect(partner.map((op) => specKey(op.method, op.path)).sort()).toEqual([...PARTNER_ONLY].sort());
		for (const op of partner) expect(op.description).toMatch(/partner app/i);
	});

	it('money fields are typed cents wherever they appear in a body', () => {
		const wrong = OPERATIONS.flatMap((op) =>
			allBodyFields(op.body?.fields)
				.filter(([, field]) => MONEY_FIELDS.has(field.name) && field.type !== 'cents')
				.map(([path]) => `${op.key}: ${path}`),
		);
		expect(wrong).toEqual([]);
	});

	it('object and objectArray fields describe their elements; scalars do not', () => {
		for (const op of OPERATIONS) {
			for (const [path, field] of allBodyFields(op.body?.fields)) {
				const nested = field.type === 'object' || field.type === 'objectArray';
				// `external` franchise metadata is free key/value pairs, so it has no fixed fields.
				if (nested && path !== 'metadata.external') expect([op.key, path, field.fields?.length ?? 0]).not.toContainEqual(0);
				if (!nested) expect([op.key, path, field.fields]).toEqual([op.key, path, undefined]);
			}
		}
	});

	it('every parameter and body field has a label (the display name of its n8n parameter), and requireOneOf names real fields', () => {
		const unnamed = OPERATIONS.flatMap((op) => [
			...(op.query ?? []).filter((q) => !q.label).map((q) => `${op.key}: query ${q.name}`),
			...allBodyFields(op.body?.fields)
				.filter(([, field]) => !field.label)
				.map(([path]) => `${op.key}: body ${path}`),
		]);
		expect(unnamed).toEqual([]);
		for (const op of OPERATIONS.filter((o) => o.body?.requireOneOf)) {
			const names = op.body!.fields.map((f) => f.name);
			for (const name of op.body!.requireOneOf!) expect([op.key, names]).toEqual([op.key, expect.arrayContaining([name])]);
		}
	});

	it('multipart is used exactly by the two attachment uploads, with field `file`', () => {
		const multipart = OPERATIONS.filter((op) => op.body?.contentType === 'multipart');
		expect(multipart.map((op) => op.key).sort()).toEqual(['estimateOption.addAttachment', 'job.addAttachment']);
		for (const op of multipart) expect(op.body!.fields.map((f) => f.name)).toEqual(['file']);
	});

	it('the job work_status filter takes the filter words, not the response words', () => {
		for (const key of ['job.getMany', 'estimate.getMany']) {
			const workStatus = getOperation(key).query!.find((q) => q.name === 'work_status')!;
			expect(workStatus.options).toEqual(['unscheduled', 'scheduled', 'in_progress', 'completed', 'canceled']);
			expect(workStatus.array).toBe(true);
		}
	});

	it('every operation has a description an agent can act on', () => {
		for (const op of OPERATIONS) {
			expect([op.key, op.description.length >= 20]).toEqual([op.key, true]);
			expect(op.displayName).toMatch(/^[A-Z]/);
		}
		expect(getOperation('customer.update').description).toMatch(/no customer delete/i);
		expect(getOperation('job.create').description).toMatch(/no generic job update/i);
		expect(getOperation('invoice.getMany').description).toMatch(/cannot be created/i);
		expect(getOperation('jobLineItem.bulkUpdate').description).toMatch(/append/i);
	});

	it('standard operations carry the standard display names', () => {
		const standard: Record<string, string> = {
			getMany: 'Get Many',
			get: 'Get',
			create: 'Create',
			update: 'Update',
			delete: 'Delete',
		};
		for (const op of OPERATIONS) {
			if (standard[op.operation]) expect([op.key, op.displayName]).toEqual([op.key, standard[op.operation]]);
		}
	});
});

describe('THE objects', () => {
	it('every object is described once', () => {
		const names = OBJECTS.map((o) => o.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toHaveLength(31);
	});

	it('incremental reads exactly for customer, job, estimate, event and material category', () => {
		expect(OBJECTS.filter((o) => o.updatedAt).map((o) => o.name).sort()).toEqual(
			['customer', 'estimate', 'event', 'job', 'materialCategory'].sort(),
		);
		for (const object of OBJECTS.filter((o) => o.updatedAt)) {
			expect(getOperation(object.listOperation!).list!.sortFields).toContain('updated_at');
		}
	});

	it('price-book materials and categories are addressed by uuid', () => {
		expect(getObject('material').idField).toBe('uuid');
		expect(getObject('materialCategory').idField).toBe('uuid');
		expect(getObject('invoice').idField).toBe('id');
	});

	it('a list operation lists that object, at the top level', () => {
		for (const object of OBJECTS.filter((o) => o.listOperation)) {
			const op = getOperation(object.listOperation!);
			expect([object.name, op.object, op.pathParams.length, Boolean(op.list)]).toEqual([object.name, object.name, 0, true]);
		}
	});

	it('every top-level list operation is some object\'s listOperation', () => {
		const listed = new Set(OBJECTS.map((o) => o.listOperation));
		const topLevel = OPERATIONS.filter((op) => op.list && op.pathParams.length === 0).map((op) => op.key);
		expect(topLevel.filter((key) => !listed.has(key))).toEqual([]);
	});

	it('every event FIELD-NOTES names appears exactly once, with the right payload key', () => {
		expect(WEBHOOK_EVENTS.map((e) => e.name).sort()).toEqual([...NOTED_EVENTS].sort());
		for (const event of WEBHOOK_EVENTS) {
			const expectedKey = event.name.startsWith('job.appointment.') ? 'appointment' : event.name.split('.')[0];
			expect([event.name, event.webhookKey]).toEqual([event.name, expectedKey]);
			expect(getObject(event.object).events).toContain(event.name);
		}
		expect(WEBHOOK_EVENTS.find((e) => e.name === 'job.appointment.rescheduled')!.object).toBe('appointment');
		expect(WEBHOOK_EVENTS.find((e) => e.name === 'estimate.option.created')!.object).toBe('estimate');
	});
});

describe('the lookups', () => {
	it('getOperation finds by key and throws on an unknown one', () => {
		expect(getOperation('job.getInvoices').path).toBe('/jobs/{job_id}/invoices');
		expect(() => getOperation('job.update')).toThrow('job.update');
	});

	it('getObject finds by name and throws on an unknown one', () => {
		expect(getObject('appointment').webhookKey).toBe('appointment');
		expect(() => getObject('payment')).toThrow('payment');
	});

	it('operationsOfResource returns the resource operations in table order', () => {
		expect(operationsOfResource('lead').map((op) => op.operation)).toEqual(['getMany', 'get', 'create', 'convert']);
		expect(operationsOfResource('nothing')).toEqual([]);
	});

	it('RESOURCES lists every resource once, sorted by display name, with text', () => {
		const fromOperations = [...new Set(OPERATIONS.map((op) => op.resource))].sort();
		expect(RESOURCES.map((r) => r.value).sort()).toEqual(fromOperations);
		const names = RESOURCES.map((r) => r.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		for (const resource of RESOURCES) expect(resource.description.length).toBeGreaterThan(10);
	});
});
