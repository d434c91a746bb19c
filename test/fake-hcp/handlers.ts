/**
 * What each operation does to the store. Reads and plain creates/updates/deletes are generic (driven
 * by the table's operation record); operations with their own rules have a handler keyed by the
 * table's operation key.
 */
import type { BodyField, ObjectName, Operation } from '../../nodes/shared/table/types';
import { envelope, isPaged, readListQuery, selectRows, WORK_STATUS_FILTER, type ErrorAnswer, type ListCache, type ServicesEnvelope } from './lists';
import { PARENT_LINKS, type FakeRecord, type FakeStore } from './store';
import { getObjectSpec } from './table';
import { isPlainObject, isoDate, isoSeconds, parseTime, type Json } from './util';
import type { MultipartBody } from './validate';
import { lineItemAmount, render, viewContext, type CompanyInfo } from './views';

export interface FakeState {
	store: FakeStore;
	company: CompanyInfo;
	cache: ListCache;
	/**
	 * Company setting: approving an option copies it to a new job. `'silent'`: copied, but the
	 * approve answer's `copied_on_approval_to_job_id` stays null.
	 */
	copyOnApproval: boolean | 'silent';
	/** Base URL of the fake, for links in answers. */
	baseUrl: string;
	/** Which of the recorded shapes `GET /api/price_book/services` answers in. */
	servicesEnvelope: ServicesEnvelope;
}

export interface RequestContext {
	operation: Operation;
	params: Record<string, string>;
	query: URLSearchParams;
	/** Parsed JSON, or the multipart parts. */
	body: unknown;
	pathname: string;
	/** Records named by the path parameters, by parameter name. */
	resolved: Record<string, FakeRecord>;
	state: FakeState;
}

export interface Answer {
	status: number;
	json?: unknown;
	html?: string;
}

type Handler = (ctx: RequestContext) => Answer;

export function notFound(what: string): Answer {
	return { status: 404, json: { error: { message: `${what} not found` } } };
}

function fromError(error: ErrorAnswer): Answer {
	return { status: error.status, json: error.body };
}

function invalid(field: string, problem: string): Answer {
	return { status: 422, json: { errors: { [field]: [problem] } } };
}

function expandOf(ctx: RequestContext): Set<string> {
	return new Set(ctx.query.getAll('expand[]'));
}

function view(ctx: RequestContext, object: ObjectName, record: FakeRecord): Json {
	return render(object, record, viewContext(ctx.state.store, ctx.state.company, expandOf(ctx)));
}

function body(ctx: RequestContext): Json {
	return isPlainObject(ctx.body) ? ctx.body : {};
}

/** Only the fields the table knows, like HCP's permitted parameters. */
function permitted(fields: readonly BodyField[] | undefined, input: Json): Json {
	const out: Json = {};
	for (const field of fields ?? []) if (input[field.name] !== undefined) out[field.name] = input[field.name];
	return out;
}

/** The record the operation is about: the last path parameter of the operation's object. */
function subject(ctx: RequestContext): FakeRecord | undefined {
	const params = ctx.operation.pathParams;
	for (let i = params.length - 1; i >= 0; i--) {
		if (params[i].object === ctx.operation.object) return ctx.resolved[params[i].name];
	}
	return undefined;
}

function byObject(ctx: RequestContext, object: ObjectName): FakeRecord {
	const param = ctx.operation.pathParams.find((candidate) => candidate.object === object);
	return ctx.resolved[param?.name ?? ''];
}

function idOf(ctx: RequestContext, object: ObjectName, record: FakeRecord): string {
	return ctx.state.store.idOf(object, record);
}

/** Link fields for a new sub-resource: the path parameters its object points at. */
function linksFromPath(ctx: RequestContext, object: ObjectName): Json {
	const links: Json = {};
	for (const link of PARENT_LINKS[object] ?? []) {
		const param = ctx.operation.pathParams.find((candidate) => candidate.object === link.parent);
		if (param) links[link.field] = ctx.params[param.name];
	}
	return links;
}

/** A change under a job shows in the job (totals, notes, tags): bump it and fire `job.updated`. */
function touch(ctx: RequestContext, object: ObjectName, id: string, event: string | boolean = true): void {
	ctx.state.store.update(object, id, {}, event === false ? {} : { event });
}

// ---- generic operations ----

function listOperation(ctx: RequestContext): Answer {
	const request = readListQuery(ctx.operation, ctx.query);
	if ('status' in request) return fromError(request);
	const object = ctx.operation.object as ObjectName;
	const rows = selectRows(ctx.operation, ctx.params, request, ctx.state.store, ctx.state.cache);
	const paged = isPaged(ctx.operation);
	const slice = paged ? rows.slice((request.page - 1) * request.pageSize, request.page * request.pageSize) : rows;
	const rendered = slice.map((record) => view(ctx, object, record));
	return { status: 200, json: envelope(ctx.operation, ctx.pathname, request, rendered, rows.length, ctx.state.servicesEnvelope) };
}

function getOperation(ctx: RequestContext): Answer {
	const object = ctx.operation.object as ObjectName;
	const record = subject(ctx) ?? (ctx.operation.pathParams.length === 0 ? singleton(ctx.state.store, object) : undefined);
	if (!record) return notFound(getObjectSpec(object).displayName.toLowerCase());
	return { status: 200, json: view(ctx, object, record) };
}

function singleton(store: FakeStore, object: ObjectName): FakeRecord | undefined {
	return store.table(object).values().next().value;
}

/** Creates answering 200 in housecall.v1.yaml (most answer 201). */
const CREATED_WITH_200 = new Set([
	'customerAddress.create',
	'estimate.create',
	'jobType.create',
	'material.create',
	'materialCategory.create',
	'priceForm.create',
]);

function createdStatus(ctx: RequestContext): number {
	return CREATED_WITH_200.has(ctx.operation.key) ? 200 : 201;
}

function createOperation(ctx: RequestContext): Answer {
	const object = ctx.operation.object as ObjectName;
	const fields = { ...permitted(ctx.operation.body?.fields, body(ctx)), ...linksFromPath(ctx, object) };
	const record = ctx.state.store.insert(object, fields, { event: true });
	return { status: createdStatus(ctx), json: view(ctx, object, ctx.state.store.raw(object, idOf(ctx, object, record)) as FakeRecord) };
}

function updateOperation(ctx: RequestContext): Answer {
	const object = ctx.operation.object as ObjectName;
	const record = subject(ctx) ?? singleton(ctx.state.store, object);
	if (!record) return notFound(object);
	const id = idOf(ctx, object, record);
	ctx.state.store.update(object, id, permitted(ctx.operation.body?.fields, body(ctx)), { event: true });
	return { status: 200, json: view(ctx, object, ctx.state.store.raw(object, id) as FakeRecord) };
}

function deleteOperation(ctx: RequestContext): Answer {
	const object = ctx.operation.object as ObjectName;
	const record = subject(ctx);
	if (!record) return notFound(object);
	ctx.state.store.remove(object, idOf(ctx, object, record), { event: true });
	return { status: 200, json: {} };
}

function generic(ctx: RequestContext): Answer {
	const { operation } = ctx;
	if (!operation.object) return { status: 200, json: {} };
	switch (operation.method) {
		case 'GET':
			return operation.list ? listOperation(ctx) : getOperation(ctx);
		case 'POST':
			return createOperation(ctx);
		case 'PUT':
		case 'PATCH':
			return updateOperation(ctx);
		case 'DELETE':
			return deleteOperation(ctx);
	}
}

// ---- shared pieces of the special operations ----

const LINE_ITEM_INPUT = ['name', 'description', 'unit_price', 'unit_cost', 'quantity', 'kind', 'taxable', 'service_item_id', 'service_item_type'];

/** Unit price of an item priced by a price form: chosen options' prices, or field price x value. */
function priceFromForm(store: FakeStore, pricingForm: unknown): number | undefined {
	if (!isPlainObject(pricingForm) || typeof pricingForm.id !== 'string') return undefined;
	const form = store.raw('priceForm', pricingForm.id);
	if (!form) return undefined;
	const formFields = ((form.fields as Json | undefined)?.data as Json[] | undefined) ?? [];
	let total = 0;
	for (const chosen of Array.isArray(pricingForm.fields) ? (pricingForm.fields as Json[]) : []) {
		const field = formFields.find((candidate) => candidate.id === chosen.id);
		if (!field) continue;
		const options = ((field.options as Json | undefined)?.data as Json[] | undefined) ?? [];
		const picked = Array.isArray(chosen.options) ? (chosen.options as Json[]) : [];
		if (picked.length > 0) {
			for (const choice of picked) total += Number(options.find((option) => option.id === choice.id)?.price ?? 0);
		} else {
			total += Number(field.price ?? 0) * Number(chosen.value ?? 1);
		}
	}
	return total;
}

/** Stored line-item fields from a request item; amount follows unit price and quantity. */
function lineItemFields(store: FakeStore, input: Json, previous?: FakeRecord): Json {
	const out: Json = {};
	for (const name of LINE_ITEM_INPUT) if (input[name] !== undefined) out[name] = input[name];
	if (out.unit_price === undefined && input.pricing_form !== undefined) {
		const price = priceFromForm(store, input.pricing_form);
		if (price !== undefined) out.unit_price = price;
	}
	if (typeof out.quantity === 'number') out.quantity = Math.round(out.quantity * 100) / 100;
	const unitPrice = out.unit_price ?? previous?.unit_price ?? 0;
	const quantity = out.quantity ?? previous?.quantity ?? 1;
	out.amount = lineItemAmount(unitPrice, quantity);
	return out;
}

function addLineItems(store: FakeStore, object: ObjectName, link: Json, items: unknown, start = 0): void {
	if (!Array.isArray(items)) return;
	items.forEach((item, index) => {
		if (isPlainObject(item)) store.insertRaw(object, { ...lineItemFields(store, item), ...link, order_index: start + index });
	});
}

/**
 * Bulk line-item update: items with `id` change, items without are added, and existing items not
 * listed are deleted unless `append` (FIELD-NOTES "Writes").
 */
function bulkLineItems(ctx: RequestContext, object: ObjectName, link: Json, parentId: string, items: Json[], append: boolean): Answer | undefined {
	const store = ctx.state.store;
	const existing = new Set(store.childIds(object, parentId));
	for (const [index, item] of items.entries()) {
		if (item.id !== undefined && (typeof item.id !== 'string' || !existing.has(item.id))) {
			return invalid(`line_items[${index}].id`, 'does not belong to this record');
		}
	}
	const kept = new Set<string>();
	const start = append ? existing.size : 0;
	items.forEach((item, index) => {
		const order = start + index;
		if (typeof item.id === 'string') {
			const previous = store.raw(object, item.id) as FakeRecord;
			store.update(object, item.id, { ...lineItemFields(store, item, previous), order_index: order });
			kept.add(item.id);
		} else {
			kept.add(String(store.insertRaw(object, { ...lineItemFields(store, item), ...link, order_index: order }).id));
		}
	});
	if (!append) for (const id of existing) if (!kept.has(id)) store.remove(object, id);
	return undefined;
}

function sortedChildren(store: FakeStore, object: ObjectName, parentId: string): FakeRecord[] {
	return store.children(object, parentId).sort((a, b) => Number(a.order_index ?? 0) - Number(b.order_index ?? 0));
}

function nextNumber(store: FakeStore, object: ObjectName, field: string, floor: number): number {
	let max = floor;
	for (const record of store.table(object).values()) {
		const n = Number(record[field]);
		if (Number.isFinite(n) && n > max) max = n;
	}
	return max + 1;
}

function employeesExist(store: FakeStore, ids: unknown): string | undefined {
	if (!Array.isArray(ids)) return undefined;
	return ids.find((id) => typeof id !== 'string' || !store.raw('employee', id)) as string | undefined;
}

function dispatchedIds(input: unknown): string[] {
	return Array.isArray(input) ? input.filter(isPlainObject).map((item) => String(item.employee_id)) : [];
}

function attachment(ctx: RequestContext): Json | undefined {
	const multipart = ctx.body as MultipartBody;
	const file = multipart.files.find((candidate) => candidate.field === 'file');
	if (!file) return undefined;
	const id = ctx.state.store.rng.uuid();
	const expires = Math.floor(ctx.state.store.nowMs() / 1000) + 3600;
	return {
		id,
		file_name: file.filename,
		// Presigned-looking, expiring in an hour like the live URLs.
		url: `${ctx.state.baseUrl}/attachments/${id}/${encodeURIComponent(file.filename)}?X-Amz-Expires=3600&Expires=${expires}`,
		file_type: file.contentType,
	};
}

/** A new job for a customer and address, with line items; fires `job.created`. */
function createJob(ctx: RequestContext, fields: Json, items: unknown): FakeRecord {
	const store = ctx.state.store;
	const job = store.insertRaw('job', {
		invoice_number: String(nextNumber(store, 'job', 'invoice_number', 1000)),
		...fields,
	});
	const jobId = String(job.id);
	addLineItems(store, 'jobLineItem', { job_id: jobId }, items);
	store.record({ object: 'job', id: jobId, kind: 'created' }, job, undefined, { event: 'job.created' });
	return job;
}

// ---- the special operations ----

const customerCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	const fields = permitted(ctx.operation.body?.fields, input);
	delete fields.addresses;
	const customer = store.insertRaw('customer', fields);
	const id = String(customer.id);
	for (const address of Array.isArray(input.addresses) ? input.addresses : []) {
		if (isPlainObject(address)) store.insertRaw('address', { ...address, id: undefined, customer_id: id });
	}
	store.record({ object: 'customer', id, kind: 'created' }, customer, undefined, { event: 'customer.created' });
	return { status: 201, json: view(ctx, 'customer', customer) };
};

const jobCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	const customer = store.raw('customer', String(input.customer_id));
	if (!customer) return notFound('customer');
	const address = store.raw('address', String(input.address_id));
	if (!address || address.customer_id !== customer.id) return invalid('address_id', 'is not an address of this customer');
	const badEmployee = employeesExist(store, input.assigned_employee_ids);
	if (badEmployee !== undefined) return invalid('assigned_employee_ids', `has an unknown employee: ${badEmployee}`);
	const jobFields = isPlainObject(input.job_fields) ? input.job_fields : {};
	if (jobFields.job_type_id !== undefined && !store.raw('jobType', String(jobFields.job_type_id))) {
		return invalid('job_fields.job_type_id', 'is not a job type');
	}
	const schedule = isPlainObject(input.schedule) ? input.schedule : {};
	const start = typeof schedule.scheduled_start === 'string' ? isoSeconds(parseTime(schedule.scheduled_start) as number) : null;
	const end =
		typeof schedule.scheduled_end === 'string'
			? isoSeconds(parseTime(schedule.scheduled_end) as number)
			: start
				? isoSeconds((parseTime(start) as number) + 3_600_000)
				: null;
	const assigned = Array.isArray(input.assigned_employee_ids) ? input.assigned_employee_ids : [];
	const job = createJob(
		ctx,
		{
			...(input.invoice_number !== undefined ? { invoice_number: String(input.invoice_number) } : {}),
			description: null,
			customer_id: customer.id,
			address_id: address.id,
			work_status: start ? 'scheduled' : 'needs scheduling',
			schedule: { scheduled_start: start, scheduled_end: end, arrival_window: Number(schedule.arrival_window ?? 0) },
			assigned_employee_ids: assigned,
			tags: Array.isArray(input.tags) ? input.tags : [],
			lead_source: input.lead_source ?? null,
			job_type_id: jobFields.job_type_id ?? null,
			business_unit_id: jobFields.business_unit_id ?? null,
		},
		input.line_items,
	);
	const jobId = String(job.id);
	if (start) {
		store.insertRaw('appointment', {
			job_id: jobId,
			start_time: start,
			end_time: end,
			anytime: Boolean(schedule.anytime),
			arrival_window_minutes: Number(schedule.arrival_window ?? 0),
			dispatched_employees_ids: assigned,
		});
	}
	if (typeof input.notes === 'string' && input.notes !== '') store.insertRaw('jobNote', { job_id: jobId, content: input.notes });
	return { status: 201, json: view(ctx, 'job', job) };
};

const jobAddAttachment: Handler = (ctx) => {
	const job = byObject(ctx, 'job');
	const file = attachment(ctx) as Json;
	ctx.state.store.update('job', String(job.id), { attachments: [...(job.attachments as Json[]), file] }, { event: true });
	return { status: 202, json: { job_url: `${ctx.state.baseUrl}/app/jobs/${String(job.id)}` } };
};

/** Notes and links under a job or an estimate option. */
function childCreate(object: ObjectName, answerFields: readonly string[]): Handler {
	return (ctx) => {
		const store = ctx.state.store;
		const record = store.insertRaw(object, { ...permitted(ctx.operation.body?.fields, body(ctx)), ...linksFromPath(ctx, object) });
		touchOwner(ctx);
		const out: Json = {};
		for (const field of answerFields) out[field] = record[field];
		return { status: 201, json: out };
	};
}

function childDelete(object: ObjectName): Handler {
	return (ctx) => {
		const record = subject(ctx) as FakeRecord;
		ctx.state.store.remove(object, idOf(ctx, object, record));
		touchOwner(ctx);
		return { status: 200, json: {} };
	};
}

/** After a change under a job (fires job.updated) or an estimate option (its own updated_at only). */
function touchOwner(ctx: RequestContext): void {
	const option = byObject(ctx, 'estimateOption');
	if (option) {
		touch(ctx, 'estimateOption', String(option.id), false);
		return;
	}
	const job = byObject(ctx, 'job');
	if (job) touch(ctx, 'job', String(job.id));
}

function jobTagsAnswer(store: FakeStore, job: FakeRecord): Json {
	const names = (job.tags as string[]) ?? [];
	const byName = new Map<string, FakeRecord>();
	for (const tag of store.table('tag').values()) byName.set(String(tag.name), tag);
	return { tags: names.map((name) => ({ id: byName.get(name)?.id ?? null, name })) };
}

const jobAddTag: Handler = (ctx) => {
	const store = ctx.state.store;
	const job = byObject(ctx, 'job');
	const tag = store.raw('tag', String(body(ctx).tag_id));
	if (!tag) return notFound('tag');
	const tags = (job.tags as string[]) ?? [];
	if (!tags.includes(String(tag.name))) store.update('job', String(job.id), { tags: [...tags, tag.name] }, { event: true });
	return { status: 201, json: jobTagsAnswer(store, store.raw('job', String(job.id)) as FakeRecord) };
};

const jobRemoveTag: Handler = (ctx) => {
	const store = ctx.state.store;
	const job = byObject(ctx, 'job');
	const tag = byObject(ctx, 'tag');
	const tags = (job.tags as string[]) ?? [];
	if (tags.includes(String(tag.name))) {
		store.update('job', String(job.id), { tags: tags.filter((name) => name !== tag.name) }, { event: true });
	}
	return { status: 200, json: jobTagsAnswer(store, store.raw('job', String(job.id)) as FakeRecord) };
};

function scheduleTimes(input: Json): { start: string; end: string; window: number } {
	const start = parseTime(input.start_time) as number;
	const end = parseTime(input.end_time) ?? start + 3_600_000;
	return { start: isoSeconds(start), end: isoSeconds(end), window: Number(input.arrival_window_in_minutes ?? 0) };
}

const jobUpdateSchedule: Handler = (ctx) => {
	const store = ctx.state.store;
	const job = byObject(ctx, 'job');
	const jobId = String(job.id);
	const input = body(ctx);
	const { start, end, window } = scheduleTimes(input);
	const dispatched = input.dispatched_employees !== undefined ? dispatchedIds(input.dispatched_employees) : (job.assigned_employee_ids as string[]);
	const bad = employeesExist(store, dispatched);
	if (bad !== undefined) return invalid('dispatched_employees', `has an unknown employee: ${bad}`);
	const appointments = store.children('appointment', jobId);
	if (appointments.length === 0) {
		store.insertRaw('appointment', { job_id: jobId, start_time: start, end_time: end, arrival_window_minutes: window, dispatched_employees_ids: dispatched });
	} else {
		store.update('appointment', String(appointments[0].id), { start_time: start, end_time: end, arrival_window_minutes: window, dispatched_employees_ids: dispatched });
	}
	const status = job.work_status === 'needs scheduling' ? 'scheduled' : job.work_status;
	store.update(
		'job',
		jobId,
		{ schedule: { scheduled_start: start, scheduled_end: end, arrival_window: window }, assigned_employee_ids: dispatched, work_status: status },
		{ event: 'job.scheduled' },
	);
	const updated = store.raw('job', jobId) as FakeRecord;
	const rendered = render('job', updated, viewContext(store, ctx.state.company, new Set(['appointments'])));
	return {
		status: 200,
		json: {
			start_time: start,
			end_time: end,
			arrival_window_minutes: window,
			assigned_employees: rendered.assigned_employees,
			appointments: (rendered.schedule as Json).appointments,
		},
	};
};

const jobDeleteSchedule: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	for (const id of store.childIds('appointment', jobId)) store.remove('appointment', id);
	store.update(
		'job',
		jobId,
		{ schedule: { scheduled_start: null, scheduled_end: null, arrival_window: 0 }, work_status: 'needs scheduling' },
		{ event: 'job.updated' },
	);
	return { status: 200, json: { object: 'schedule', deleted: true } };
};

const jobDispatch: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	const ids = dispatchedIds(body(ctx).dispatched_employees);
	const bad = employeesExist(store, ids);
	if (bad !== undefined) return invalid('dispatched_employees', `has an unknown employee: ${bad}`);
	for (const appointment of store.children('appointment', jobId)) {
		store.update('appointment', String(appointment.id), { dispatched_employees_ids: ids }, { event: true });
	}
	store.update('job', jobId, { assigned_employee_ids: ids }, { event: 'job.updated' });
	return { status: 200, json: { assigned_employees: view(ctx, 'job', store.raw('job', jobId) as FakeRecord).assigned_employees } };
};

const jobLock: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	store.update('job', jobId, { locked_at: store.nowIso() }, { event: 'job.updated' });
	return { status: 200, json: view(ctx, 'job', store.raw('job', jobId) as FakeRecord) };
};

const jobLockMany: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	const from = parseTime(input.starting_at) as number;
	const to = parseTime(input.ending_at) as number;
	const statuses = input.statuses as string[];
	const unknown = statuses.find((status) => !['scheduled', 'in_progress', 'completed'].includes(status));
	if (unknown !== undefined) return { status: 422, json: { error: `Unknown status: ${unknown}` } };
	const wanted = new Set(statuses.flatMap((status) => WORK_STATUS_FILTER[status] ?? []));
	const locked: Json[] = [];
	const now = store.nowIso();
	for (const job of [...store.table('job').values()]) {
		const start = parseTime((job.schedule as Json | undefined)?.scheduled_start);
		if (start === undefined || start < from || start > to || !wanted.has(String(job.work_status))) continue;
		store.update('job', String(job.id), { locked_at: now }, { event: 'job.updated' });
		locked.push({ id: job.id, locked_at: now });
	}
	return { status: 200, json: { jobs: locked } };
};

function appointmentFields(store: FakeStore, input: Json): Json | Answer {
	const bad = employeesExist(store, input.dispatched_employees_ids);
	if (bad !== undefined) return invalid('dispatched_employees_ids', `has an unknown employee: ${bad}`);
	return {
		start_time: isoSeconds(parseTime(input.start_time) as number),
		end_time: isoSeconds(parseTime(input.end_time) as number),
		arrival_window_minutes: Number(input.arrival_window_minutes ?? 0),
		dispatched_employees_ids: input.dispatched_employees_ids,
	};
}

const appointmentCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const job = byObject(ctx, 'job');
	const fields = appointmentFields(store, body(ctx));
	if ('status' in fields) return fields as Answer;
	const appointment = store.insert('appointment', { ...fields, job_id: job.id }, { event: 'job.appointment.scheduled' });
	if (job.work_status === 'needs scheduling') {
		store.update('job', String(job.id), {
			work_status: 'scheduled',
			schedule: { scheduled_start: fields.start_time, scheduled_end: fields.end_time, arrival_window: fields.arrival_window_minutes },
		});
	} else {
		store.update('job', String(job.id), {});
	}
	return { status: 201, json: render('appointment', appointment, viewContext(store, ctx.state.company)) };
};

const appointmentUpdate: Handler = (ctx) => {
	const store = ctx.state.store;
	const appointment = subject(ctx) as FakeRecord;
	const fields = appointmentFields(store, body(ctx));
	if ('status' in fields) return fields as Answer;
	const updated = store.update('appointment', String(appointment.id), fields as Json, { event: true });
	store.update('job', String(appointment.job_id), {});
	return { status: 200, json: render('appointment', updated, viewContext(store, ctx.state.company)) };
};

const appointmentDelete: Handler = (ctx) => {
	const store = ctx.state.store;
	const appointment = subject(ctx) as FakeRecord;
	store.remove('appointment', String(appointment.id), { event: 'job.appointment.appointment_discarded' });
	store.update('job', String(appointment.job_id), {});
	return { status: 200, json: {} };
};

const inputMaterialsBulk: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	const items = (body(ctx).job_input_materials as Json[] | undefined) ?? [];
	// Recorded: an empty bulk update is refused (the body of the refusal is a guess).
	if (items.length === 0) return { status: 400, json: { message: 'Job input materials must not be empty', job_input_materials: ["can't be blank"] } };
	const existing = new Set(store.childIds('jobInputMaterial', jobId));
	for (const [index, item] of items.entries()) {
		if (item.uuid !== undefined && !existing.has(String(item.uuid))) {
			return invalid(`job_input_materials[${index}].uuid`, 'does not belong to this job');
		}
	}
	for (const item of items) {
		const fields: Json = {};
		for (const name of ['name', 'description', 'part_number', 'unit_cost', 'quantity']) if (item[name] !== undefined) fields[name] = item[name];
		if (item.uuid !== undefined) store.update('jobInputMaterial', String(item.uuid), fields);
		else store.insertRaw('jobInputMaterial', { ...fields, job_id: jobId });
	}
	touch(ctx, 'job', jobId);
	const rows = store.children('jobInputMaterial', jobId).map((record) => render('jobInputMaterial', record, viewContext(store, ctx.state.company)));
	return { status: 200, json: { job_input_materials: rows } };
};

const lineItemCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	const item = store.insertRaw('jobLineItem', { ...lineItemFields(store, body(ctx)), job_id: jobId, order_index: store.childIds('jobLineItem', jobId).length });
	touch(ctx, 'job', jobId);
	return { status: 201, json: render('jobLineItem', item, viewContext(store, ctx.state.company)) };
};

const lineItemUpdate: Handler = (ctx) => {
	const store = ctx.state.store;
	const item = subject(ctx) as FakeRecord;
	const updated = store.update('jobLineItem', String(item.id), lineItemFields(store, body(ctx), item));
	touch(ctx, 'job', String(item.job_id));
	return { status: 200, json: render('jobLineItem', updated, viewContext(store, ctx.state.company)) };
};

const lineItemDelete: Handler = (ctx) => {
	const store = ctx.state.store;
	const item = subject(ctx) as FakeRecord;
	store.remove('jobLineItem', String(item.id));
	touch(ctx, 'job', String(item.job_id));
	return { status: 200, json: { id: item.id, deleted: true } };
};

const lineItemBulk: Handler = (ctx) => {
	const store = ctx.state.store;
	const jobId = String(byObject(ctx, 'job').id);
	const input = body(ctx);
	const error = bulkLineItems(ctx, 'jobLineItem', { job_id: jobId }, jobId, input.line_items as Json[], input.append_line_items === true);
	if (error) return error;
	touch(ctx, 'job', jobId);
	const rows = sortedChildren(store, 'jobLineItem', jobId).map((record) => render('jobLineItem', record, viewContext(store, ctx.state.company)));
	return { status: 200, json: { object: 'list', data: rows, url: `/jobs/${jobId}/line_items` } };
};

const estimateCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	// Missing customer_id, address_id or options are refused by the table's required fields; an empty list here.
	if ((input.options as Json[]).length === 0) return invalid('options', "can't be blank");
	const customer = store.raw('customer', String(input.customer_id));
	if (!customer) return notFound('customer');
	const customerId = String(customer.id);
	const address = store.raw('address', String(input.address_id));
	if (!address || address.customer_id !== customerId) return invalid('address_id', 'is not an address of this customer');
	const addressId = String(address.id);
	const badEmployee = employeesExist(store, input.assigned_employee_ids);
	if (badEmployee !== undefined) return invalid('assigned_employee_ids', `has an unknown employee: ${badEmployee}`);
	const schedule = isPlainObject(input.schedule) ? input.schedule : undefined;
	const times = schedule && schedule.start_time !== undefined ? scheduleTimes({ ...schedule, arrival_window_in_minutes: schedule.arrival_window_in_minutes }) : undefined;
	const fields = isPlainObject(input.estimate_fields) ? input.estimate_fields : {};
	const estimate = store.insertRaw('estimate', {
		estimate_number: String(input.estimate_number ?? nextNumber(store, 'estimate', 'estimate_number', 5000)),
		customer_id: customerId,
		address_id: addressId,
		lead_source: input.lead_source ?? null,
		assigned_employee_ids: Array.isArray(input.assigned_employee_ids) ? input.assigned_employee_ids : [],
		work_status: times ? 'scheduled' : 'needs scheduling',
		schedule: times ? { scheduled_start: times.start, scheduled_end: times.end, arrival_window: times.window } : undefined,
		estimate_fields: { job_type_id: fields.job_type_id ?? null, business_unit_id: fields.business_unit_id ?? null },
		message: input.message ?? null,
		note: input.note ?? null,
	});
	const estimateId = String(estimate.id);
	const taxRate = isPlainObject(input.tax) && typeof input.tax.tax_rate === 'number' ? input.tax.tax_rate : 0;
	(input.options as Json[]).forEach((option, index) => {
		const created = store.insertRaw('estimateOption', {
			estimate_id: estimateId,
			name: option.name ?? `Option #${index + 1}`,
			option_number: `${String(estimate.estimate_number)}-${index + 1}`,
			tags: Array.isArray(option.tags) ? option.tags : [],
			tax_rate: taxRate,
		});
		addLineItems(store, 'estimateOptionLineItem', { estimate_option_id: created.id }, option.line_items);
	});
	store.record({ object: 'estimate', id: estimateId, kind: 'created' }, estimate, undefined, { event: 'estimate.created' });
	return { status: createdStatus(ctx), json: view(ctx, 'estimate', estimate) };
};

const optionCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const estimate = byObject(ctx, 'estimate');
	const estimateId = String(estimate.id);
	const input = body(ctx);
	const count = store.childIds('estimateOption', estimateId).length;
	const option = store.insertRaw('estimateOption', {
		estimate_id: estimateId,
		name: input.name,
		option_number: `${String(estimate.estimate_number)}-${count + 1}`,
		tax_rate: isPlainObject(input.tax) && typeof input.tax.tax_rate === 'number' ? input.tax.tax_rate : 0,
	});
	addLineItems(store, 'estimateOptionLineItem', { estimate_option_id: option.id }, input.line_items);
	store.record({ object: 'estimateOption', id: String(option.id), kind: 'created' }, option, undefined, { event: 'estimate.option.created' });
	return { status: 201, json: view(ctx, 'estimateOption', option) };
};

/**
 * Approve or decline options by id. The option's approval_status and updated_at change; the
 * estimate's updated_at does NOT (FIELD-NOTES trap). A job is copied only with the company setting.
 */
function decide(decision: 'approved' | 'declined'): Handler {
	return (ctx) => {
		const store = ctx.state.store;
		const ids = body(ctx).option_ids as string[];
		const options = ids.map((id) => store.raw('estimateOption', id));
		const missing = ids.find((_, index) => !options[index]);
		if (missing !== undefined) return notFound(`estimate option ${missing}`);
		let copiedJobId: string | null = null;
		// Recorded: the approve answer says "pro approved"; the decline word is a guess.
		const status = decision === 'approved' ? 'pro approved' : 'pro declined';
		for (const option of options as FakeRecord[]) {
			store.update('estimateOption', String(option.id), { approval_status: status }, { event: 'estimate.option.approval_status_changed' });
			if (decision === 'approved' && ctx.state.copyOnApproval && copiedJobId === null) {
				copiedJobId = copyOptionToJob(ctx, option);
			}
		}
		const answer: Json = { status, last_updated_at: store.nowIso() };
		// 'silent': the copy happens, yet the answer names no job (as the live probe's answer read).
		if (decision === 'approved') answer.copied_on_approval_to_job_id = ctx.state.copyOnApproval === 'silent' ? null : copiedJobId;
		return { status: 200, json: answer };
	};
}

function copyOptionToJob(ctx: RequestContext, option: FakeRecord): string | null {
	const store = ctx.state.store;
	const estimate = store.raw('estimate', String(option.estimate_id));
	if (!estimate || !estimate.customer_id) return null;
	const items = sortedChildren(store, 'estimateOptionLineItem', String(option.id));
	const job = createJob(
		ctx,
		{
			customer_id: estimate.customer_id,
			address_id: estimate.address_id,
			assigned_employee_ids: estimate.assigned_employee_ids,
			// Live: the copied job names the approved option (est_...), not the estimate (csr_...).
			original_estimate_id: option.id,
			// What live puts here is unverified; empty, so nothing may rely on it.
			original_estimate_uuids: [],
			job_type_id: isPlainObject(estimate.estimate_fields) ? (estimate.estimate_fields.job_type_id ?? null) : null,
			lead_source: estimate.lead_source ?? null,
		},
		items,
	);
	store.record({ object: 'estimate', id: String(estimate.id), kind: 'updated' }, estimate, undefined, { event: 'estimate.copy_to_job' });
	return String(job.id);
}

const optionAddAttachment: Handler = (ctx) => {
	const option = byObject(ctx, 'estimateOption');
	const file = attachment(ctx) as Json;
	ctx.state.store.update('estimateOption', String(option.id), { attachments: [...(option.attachments as Json[]), file] });
	return { status: 202, json: { estimate_url: `${ctx.state.baseUrl}/app/estimates/${String(option.estimate_id)}` } };
};

const optionUpdateSchedule: Handler = (ctx) => {
	const store = ctx.state.store;
	const option = byObject(ctx, 'estimateOption');
	const estimate = byObject(ctx, 'estimate');
	const input = body(ctx);
	const { start, end, window } = scheduleTimes(input);
	const dispatched = input.dispatched_employees !== undefined ? dispatchedIds(input.dispatched_employees) : (estimate.assigned_employee_ids as string[]);
	const bad = employeesExist(store, dispatched);
	if (bad !== undefined) return invalid('dispatched_employees', `has an unknown employee: ${bad}`);
	store.update('estimateOption', String(option.id), {});
	store.update(
		'estimate',
		String(estimate.id),
		{
			schedule: { scheduled_start: start, scheduled_end: end, arrival_window: window },
			assigned_employee_ids: dispatched,
			work_status: estimate.work_status === 'needs scheduling' ? 'scheduled' : estimate.work_status,
		},
		{ event: 'estimate.scheduled' },
	);
	const rendered = view(ctx, 'estimate', store.raw('estimate', String(estimate.id)) as FakeRecord);
	return { status: 200, json: { start_time: start, end_time: end, arrival_window_minutes: window, assigned_employees: rendered.assigned_employees } };
};

const optionLineItemsBulk: Handler = (ctx) => {
	const store = ctx.state.store;
	const optionId = String(byObject(ctx, 'estimateOption').id);
	const items = (body(ctx).line_items as Json[] | undefined) ?? [];
	const error = bulkLineItems(ctx, 'estimateOptionLineItem', { estimate_option_id: optionId }, optionId, items, false);
	if (error) return error;
	store.update('estimateOption', optionId, {});
	const rows = sortedChildren(store, 'estimateOptionLineItem', optionId).map((record) =>
		render('estimateOptionLineItem', record, viewContext(store, ctx.state.company)),
	);
	return { status: 200, json: { line_items: rows } };
};

const leadCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	let customerId: string;
	if (input.customer_id !== undefined) {
		const customer = store.raw('customer', String(input.customer_id));
		if (!customer) return notFound('customer');
		customerId = String(customer.id);
	} else {
		const details = isPlainObject(input.customer) ? { ...input.customer } : {};
		const addresses = details.addresses;
		delete details.addresses;
		const customer = store.insertRaw('customer', details);
		customerId = String(customer.id);
		for (const address of Array.isArray(addresses) ? addresses : []) {
			if (isPlainObject(address)) store.insertRaw('address', { ...address, id: undefined, customer_id: customerId });
		}
		store.record({ object: 'customer', id: customerId, kind: 'created' }, customer, undefined, { event: 'customer.created' });
	}
	let addressId: string | null = store.childIds('address', customerId)[0] ?? null;
	if (input.address_id !== undefined) {
		const address = store.raw('address', String(input.address_id));
		if (!address || address.customer_id !== customerId) return invalid('address_id', 'is not an address of this customer');
		addressId = String(address.id);
	} else if (isPlainObject(input.address)) {
		addressId = String(store.insertRaw('address', { ...input.address, customer_id: customerId }).id);
	}
	if (input.assigned_employee_id !== undefined && !store.raw('employee', String(input.assigned_employee_id))) {
		return invalid('assigned_employee_id', 'is not an employee');
	}
	const lead = store.insertRaw('lead', {
		number: nextNumber(store, 'lead', 'number', 100),
		customer_id: customerId,
		address_id: addressId,
		lead_source: input.lead_source ?? null,
		tags: Array.isArray(input.tags) ? input.tags : [],
		assigned_employee_id: input.assigned_employee_id ?? null,
		note: input.note ?? null,
	});
	addLineItems(store, 'leadLineItem', { lead_id: lead.id }, input.line_items);
	store.record({ object: 'lead', id: String(lead.id), kind: 'created' }, lead, undefined, { event: 'lead.created' });
	return { status: 201, json: view(ctx, 'lead', lead) };
};

const leadConvert: Handler = (ctx) => {
	const store = ctx.state.store;
	const lead = byObject(ctx, 'lead');
	if (lead.status !== 'open') return { status: 422, json: { error: { message: `Lead is ${String(lead.status)} and cannot be converted` } } };
	const type = body(ctx).type;
	const items = sortedChildren(store, 'leadLineItem', String(lead.id));
	const addressId = lead.address_id ?? store.childIds('address', String(lead.customer_id))[0] ?? null;
	let jobId: string | null = null;
	let estimateId: string | null = null;
	if (type === 'job') {
		jobId = String(
			createJob(ctx, { customer_id: lead.customer_id, address_id: addressId, lead_source: lead.lead_source ?? null, tags: lead.tags ?? [] }, items).id,
		);
	} else {
		const estimate = store.insertRaw('estimate', {
			estimate_number: String(nextNumber(store, 'estimate', 'estimate_number', 5000)),
			customer_id: lead.customer_id,
			address_id: addressId,
			lead_source: lead.lead_source ?? null,
		});
		estimateId = String(estimate.id);
		const option = store.insertRaw('estimateOption', { estimate_id: estimateId, name: 'Option #1', option_number: `${String(estimate.estimate_number)}-1` });
		addLineItems(store, 'estimateOptionLineItem', { estimate_option_id: option.id }, items);
		store.record({ object: 'estimate', id: estimateId, kind: 'created' }, estimate, undefined, { event: 'estimate.created' });
	}
	// Recorded leads carry `conversions`; the entries' fields ({type, id}) are a guess.
	const conversion = type === 'job' ? { type: 'job', id: jobId } : { type: 'estimate', id: estimateId };
	const conversions = [...(Array.isArray(lead.conversions) ? lead.conversions : []), conversion];
	store.update('lead', String(lead.id), { status: 'won', conversions }, { event: 'lead.converted' });
	return { status: 201, json: { job_id: jobId, estimate_id: estimateId } };
};

const materialCreate: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	const categoryId = String(input.material_category_uuid ?? ctx.query.get('material_category_uuid'));
	if (!store.raw('materialCategory', categoryId)) return notFound('material category');
	const record = store.insert('material', { ...permitted(ctx.operation.body?.fields, input), material_category_uuid: categoryId }, { event: true });
	return { status: createdStatus(ctx), json: view(ctx, 'material', record) };
};

function priceFormFields(store: FakeStore, input: unknown): Json | undefined {
	if (!Array.isArray(input)) return undefined;
	return {
		data: input.filter(isPlainObject).map((field, index) => ({
			id: `pbpff_${store.rng.hex32()}`,
			name: field.name ?? `Field ${index + 1}`,
			price: field.price ?? 0,
			kind: field.kind ?? 'quantity',
			order_index: index,
			duration_in_minutes: field.duration_in_minutes ?? 0,
			options: {
				data: (Array.isArray(field.options_attributes) ? field.options_attributes : Array.isArray(field.options) ? field.options : [])
					.filter(isPlainObject)
					.map((option: Json) => ({
						id: `pbpffo_${store.rng.hex32()}`,
						name: option.name ?? '',
						price: option.price ?? 0,
						upper_bound: option.upper_bound ?? null,
						lower_bound: option.lower_bound ?? null,
						duration_in_minutes: option.duration_in_minutes ?? 0,
						uuid: store.rng.uuid(),
					})),
			},
			service_area_fields: { data: [] },
			assigned_pros: [],
			assigned_tags: [],
		})),
	};
}

function priceFormWrite(create: boolean): Handler {
	return (ctx) => {
		const store = ctx.state.store;
		const input = body(ctx);
		const fields = permitted(ctx.operation.body?.fields, input);
		delete fields.fields_attributes;
		delete fields.assigned;
		if (typeof fields.image === 'string') {
			fields.image_url = fields.image;
			delete fields.image;
		}
		const formFields = priceFormFields(store, input.fields_attributes);
		if (formFields) fields.fields = formFields;
		if (create) {
			const record = store.insert('priceForm', fields, { event: true });
			return { status: createdStatus(ctx), json: view(ctx, 'priceForm', record) };
		}
		const id = String((subject(ctx) as FakeRecord).id);
		return { status: 200, json: view(ctx, 'priceForm', store.update('priceForm', id, fields, { event: true })) };
	};
}

const priceFormDelete: Handler = (ctx) => {
	ctx.state.store.remove('priceForm', String((subject(ctx) as FakeRecord).id), { event: true });
	return { status: 204 };
};

const franchiseInfoUpdate: Handler = (ctx) => {
	const store = ctx.state.store;
	const company = singleton(store, 'company') as FakeRecord;
	const info = { ...(company.franchise_info as Json) };
	const metadata = { ...((info.metadata as Json) ?? {}), ...((body(ctx).metadata as Json) ?? {}) };
	store.update('company', String(company.id), { franchise_info: { ...info, metadata } }, { event: true });
	return { status: 200, json: view(ctx, 'company', store.raw('company', String(company.id)) as FakeRecord) };
};

const scheduleAvailabilityUpdate: Handler = (ctx) => {
	const store = ctx.state.store;
	const record = singleton(store, 'scheduleAvailability') as FakeRecord;
	const input = body(ctx);
	const updated = store.update('scheduleAvailability', String(record.id), {
		availability_buffer_in_days: input.availability_buffer_in_days,
		daily_availabilities: { data: input.daily_schedule_windows },
	});
	return { status: 200, json: view(ctx, 'scheduleAvailability', updated) };
};

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Open slots from the company's daily windows; a slot is unavailable when a job starts in it. */
const bookingWindows: Handler = (ctx) => {
	const store = ctx.state.store;
	const availability = singleton(store, 'scheduleAvailability') as FakeRecord;
	const days = Math.min(Math.max(Number(ctx.query.get('show_for_days') ?? 7) || 7, 1), 60);
	const startDate = ctx.query.get('start_date') ?? isoDate(store.nowMs());
	if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) return { status: 400, json: { message: 'Start date is invalid', start_date: ['is invalid'] } };
	const duration = Math.max(Number(ctx.query.get('service_duration') ?? 60) || 60, 15) * 60_000;
	const busy: number[] = [];
	for (const job of store.table('job').values()) {
		const start = parseTime((job.schedule as Json | undefined)?.scheduled_start);
		if (start !== undefined) busy.push(start);
	}
	const windows: Json[] = [];
	const daily = ((availability.daily_availabilities as Json | undefined)?.data as Json[] | undefined) ?? [];
	for (let d = 0; d < days; d++) {
		const day = Date.parse(`${startDate}T00:00:00Z`) + d * 86_400_000;
		const name = DAY_NAMES[new Date(day).getUTCDay()];
		for (const entry of daily.filter((candidate) => candidate.day_name === name)) {
			for (const window of (entry.schedule_windows as Json[]) ?? []) {
				const from = Date.parse(`${isoDate(day)}T${String(window.start_time)}:00Z`);
				const to = Date.parse(`${isoDate(day)}T${String(window.end_time)}:00Z`);
				for (let slot = from; slot + duration <= to; slot += duration) {
					windows.push({
						start_time: isoSeconds(slot),
						end_time: isoSeconds(slot + duration),
						available: !busy.some((at) => at >= slot && at < slot + duration),
					});
				}
			}
		}
	}
	return { status: 200, json: { booking_windows: windows, show_for_days: days, start_date: startDate } };
};

function applicationState(state: 'enabled' | 'disabled'): Handler {
	return (ctx) => {
		const store = ctx.state.store;
		const app = singleton(store, 'application') as FakeRecord;
		return { status: 200, json: view(ctx, 'application', store.update('application', String(app.id), { state })) };
	};
}

const invoicePreview: Handler = (ctx) => {
	const invoice = subject(ctx) as FakeRecord;
	const money = (cents: unknown): string => `$${(Number(cents ?? 0) / 100).toFixed(2)}`;
	const rows = ((invoice.items as Json[]) ?? [])
		.map((item) => `<tr><td>${escapeHtml(String(item.name))}</td><td>${Number(item.qty_in_hundredths) / 100}</td><td>${money(item.amount)}</td></tr>`)
		.join('');
	const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Invoice #${escapeHtml(String(invoice.invoice_number))}</title></head><body><h1>${escapeHtml(ctx.state.company.name)}</h1><h2>Invoice #${escapeHtml(String(invoice.invoice_number))}</h2><p>Status: ${escapeHtml(String(invoice.status))}</p><table>${rows}</table><p>Total: ${money(invoice.amount)}</p><p>Amount due: ${money(invoice.due_amount)}</p></body></html>`;
	return { status: 200, html };
};

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const pipelineStatusSet: Handler = (ctx) => {
	const store = ctx.state.store;
	const input = body(ctx);
	const resourceType = String(input.resource_type);
	const status = store.raw('pipelineStatus', String(input.status_id));
	if (!status || status.resource_type !== resourceType) return { status: 404, json: { error: 'Pipeline status not found' } };
	const object = resourceType as ObjectName;
	if (!['lead', 'job', 'estimate'].includes(resourceType) || !store.raw(object, String(input.resource_id))) {
		return { status: 404, json: { error: `${resourceType} not found` } };
	}
	store.update(object, String(input.resource_id), { pipeline_status: status.name }, { event: true });
	return { status: 200, json: { status_id: status.id, resource_id: input.resource_id, resource_type: resourceType, name: status.name } };
};

const HANDLERS: Readonly<Record<string, Handler>> = {
	'customer.create': customerCreate,
	'job.create': jobCreate,
	'job.addAttachment': jobAddAttachment,
	'job.addLink': childCreate('jobLink', ['id', 'title', 'url']),
	'job.addNote': childCreate('jobNote', ['id', 'content']),
	'job.deleteNote': childDelete('jobNote'),
	'job.addTag': jobAddTag,
	'job.removeTag': jobRemoveTag,
	'job.updateSchedule': jobUpdateSchedule,
	'job.deleteSchedule': jobDeleteSchedule,
	'job.dispatch': jobDispatch,
	'job.lock': jobLock,
	'job.lockMany': jobLockMany,
	'jobAppointment.create': appointmentCreate,
	'jobAppointment.update': appointmentUpdate,
	'jobAppointment.delete': appointmentDelete,
	'jobInputMaterial.bulkUpdate': inputMaterialsBulk,
	'jobLineItem.create': lineItemCreate,
	'jobLineItem.update': lineItemUpdate,
	'jobLineItem.delete': lineItemDelete,
	'jobLineItem.bulkUpdate': lineItemBulk,
	'estimate.create': estimateCreate,
	'estimateOption.create': optionCreate,
	'estimateOption.approve': decide('approved'),
	'estimateOption.decline': decide('declined'),
	'estimateOption.addAttachment': optionAddAttachment,
	'estimateOption.addLink': childCreate('jobLink', ['id', 'title', 'url']),
	'estimateOption.addNote': childCreate('jobNote', ['id', 'content']),
	'estimateOption.deleteNote': childDelete('jobNote'),
	'estimateOption.updateSchedule': optionUpdateSchedule,
	'estimateOptionLineItem.bulkUpdate': optionLineItemsBulk,
	'lead.create': leadCreate,
	'lead.convert': leadConvert,
	'material.create': materialCreate,
	'priceForm.create': priceFormWrite(true),
	'priceForm.update': priceFormWrite(false),
	'priceForm.delete': priceFormDelete,
	'company.updateFranchiseInfo': franchiseInfoUpdate,
	'company.updateScheduleAvailability': scheduleAvailabilityUpdate,
	'company.getBookingWindows': bookingWindows,
	'application.enable': applicationState('enabled'),
	'application.disable': applicationState('disabled'),
	'invoice.preview': invoicePreview,
	'pipelineStatus.set': pipelineStatusSet,
};

/** Keys with their own handler: each must stay a key of the table (a renamed key would fall back to generic). */
export const SPECIAL_OPERATION_KEYS: readonly string[] = Object.keys(HANDLERS);

/** Appointments of a canceled job answer 400 `Archived job`, reads included (recorded live). */
function archivedJobRefusal(ctx: RequestContext): Answer | undefined {
	if (ctx.operation.resource !== 'jobAppointment') return undefined;
	const job = byObject(ctx, 'job');
	if (job && WORK_STATUS_FILTER.canceled.includes(String(job.work_status))) return { status: 400, json: { message: 'Archived job' } };
	return undefined;
}

export function handle(ctx: RequestContext): Answer {
	const refusal = archivedJobRefusal(ctx);
	if (refusal) return refusal;
	const handler = HANDLERS[ctx.operation.key] ?? generic;
	return handler(ctx);
}

/**
 * Looks up the records the path names; a missing one, or one under another parent, answers 404
 * `{"error":{"message":"... not found"}}`.
 */
export function resolvePath(ctx: Pick<RequestContext, 'operation' | 'params' | 'state'>): Record<string, FakeRecord> | Answer {
	const resolved: Record<string, FakeRecord> = {};
	const byObjectName = new Map<ObjectName, string>();
	for (const param of ctx.operation.pathParams) {
		if (!param.object) continue;
		const record = ctx.state.store.raw(param.object, ctx.params[param.name]);
		if (!record) return notFound(getObjectSpec(param.object).displayName.toLowerCase());
		// A sub-resource must hang under the parent the path names (a note of another job is not found).
		const links = (PARENT_LINKS[param.object] ?? []).filter((link) => byObjectName.has(link.parent));
		if (links.length > 0 && !links.some((link) => record[link.field] === byObjectName.get(link.parent))) {
			return notFound(getObjectSpec(param.object).displayName.toLowerCase());
		}
		resolved[param.name] = record;
		byObjectName.set(param.object, ctx.params[param.name]);
	}
	return resolved;
}
