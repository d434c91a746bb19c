/**
 * Stored form -> the JSON HCP answers with, per object (shapes from housecall.v1.yaml, corrected by
 * FIELD-NOTES), and the defaults a new record of each kind starts with.
 */
import { zoneOffsetMinutes } from '../../nodes/HousecallPro/datetime';
import type { ObjectName } from '../../nodes/shared/table/types';
import type { FakeRecord, FakeStore } from './store';
import { clone, isoDate, type Json } from './util';

export interface CompanyInfo {
	id: string;
	name: string;
}

export interface ViewContext {
	store: FakeStore;
	company: CompanyInfo;
	/** Values of `expand[]` on the request (`attachments`, `appointments`, `do_not_service`). */
	expand: ReadonlySet<string>;
}

/** The company's zone; schedules carry it and their times in it (recorded `*_local` fields). */
const COMPANY_TIME_ZONE = 'America/Los_Angeles';

function localTime(iso: unknown, timeZone: string): string | null {
	if (typeof iso !== 'string') return null;
	const instant = Date.parse(iso);
	// Wall-clock time in the zone, without an offset, as the recorded *_local fields read.
	return new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 19);
}

function scheduleWithZone(schedule: unknown): Json {
	const stored = (schedule && typeof schedule === 'object' ? schedule : {}) as Json;
	return {
		...clone(stored),
		time_zone: COMPANY_TIME_ZONE,
		scheduled_start_local: localTime(stored.scheduled_start, COMPANY_TIME_ZONE),
		scheduled_end_local: localTime(stored.scheduled_end, COMPANY_TIME_ZONE),
	};
}

const NO_EXPAND: ReadonlySet<string> = new Set();
/** Job webhooks carry attachments and schedule.appointments without asking (recorded). */
export const WEBHOOK_EXPAND: ReadonlySet<string> = new Set(['attachments', 'appointments']);

const PHONE_FIELDS = ['mobile_number', 'home_number', 'work_number'] as const;

/**
 * Customer and employee phone numbers come back as 10-digit strings however they were typed
 * (recorded), so that is how they are stored, and what the search `q` sees.
 */
export function tenDigits(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const digits = value.replace(/\D/g, '');
	if (digits === '') return value.trim() === '' ? value : null;
	return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

export function normalizeWrite(object: ObjectName, fields: FakeRecord): FakeRecord {
	if (object !== 'customer' && object !== 'employee') return fields;
	for (const field of PHONE_FIELDS) if (field in fields) fields[field] = tenDigits(fields[field]);
	return fields;
}

export function viewContext(store: FakeStore, company: CompanyInfo, expand: ReadonlySet<string> = NO_EXPAND): ViewContext {
	return { store, company, expand };
}

// ---- defaults ----

const EMPLOYEE_PERMISSIONS = {
	can_add_and_edit_job: true,
	can_be_booked_online: true,
	can_call_and_text_with_customers: true,
	can_chat_with_customers: true,
	can_delete_and_cancel_job: false,
	can_edit_message_on_invoice: false,
	can_see_street_view_data: true,
	can_share_job: true,
	can_take_payment_see_prices: true,
	can_see_customers: true,
	can_see_full_schedule: false,
	can_see_future_jobs: true,
	can_see_marketing_campaigns: false,
	can_see_reporting: false,
	can_edit_settings: false,
	is_point_of_contact: false,
	is_admin: false,
};

const LINE_ITEM_DEFAULTS = {
	name: '',
	description: null,
	unit_price: 0,
	unit_cost: 0,
	unit_of_measure: 'each',
	quantity: 1,
	kind: 'labor',
	taxable: false,
	order_index: 0,
	service_item_id: null,
	service_item_type: null,
	duration_in_minutes: null,
};

/** Fields every new record of a kind gets when the writer leaves them out. */
const DEFAULTS: Partial<Record<ObjectName, Json>> = {
	customer: {
		first_name: null,
		last_name: null,
		email: null,
		mobile_number: null,
		home_number: null,
		work_number: null,
		company: null,
		notifications_enabled: true,
		lead_source: null,
		notes: null,
		tags: [],
		do_not_service: false,
		attachments: [],
		kind: 'homeowner',
	},
	address: {
		type: 'service',
		street: null,
		street_line_2: null,
		city: null,
		state: null,
		zip: null,
		country: 'US',
		latitude: null,
		longitude: null,
	},
	employee: {
		first_name: '',
		last_name: '',
		email: null,
		mobile_number: null,
		color_hex: '3f51b5',
		avatar_url: null,
		role: 'field tech',
		tags: [],
		permissions: EMPLOYEE_PERMISSIONS,
	},
	job: {
		invoice_number: null,
		description: null,
		customer_id: null,
		address_id: null,
		work_status: 'needs scheduling',
		work_timestamps: { on_my_way_at: null, started_at: null, completed_at: null },
		schedule: { scheduled_start: null, scheduled_end: null, arrival_window: 0 },
		assigned_employee_ids: [],
		tags: [],
		assigned_route_template_id: null,
		recurrence_status: null,
		recurrence_id: null,
		original_estimate_id: null,
		original_estimate_uuids: [],
		lead_source: null,
		job_type_id: null,
		business_unit_id: null,
		attachments: [],
		locked_at: null,
		canceled_at: null,
		deleted_at: null,
		recurrence_number: null,
		recurrence_rule: null,
	},
	jobLineItem: LINE_ITEM_DEFAULTS,
	estimateOptionLineItem: LINE_ITEM_DEFAULTS,
	leadLineItem: LINE_ITEM_DEFAULTS,
	appointment: {
		start_time: null,
		end_time: null,
		anytime: false,
		arrival_window_minutes: 0,
		dispatched_employees_ids: [],
	},
	jobInputMaterial: { name: '', description: null, part_number: null, unit_cost: 0, quantity: 1 },
	jobNote: { content: '' },
	jobLink: { title: '', url: '' },
	estimate: {
		estimate_number: null,
		work_status: 'needs scheduling',
		lead_source: null,
		customer_id: null,
		address_id: null,
		work_timestamps: { on_my_way_at: null, started_at: null, completed_at: null },
		schedule: { scheduled_start: null, scheduled_end: null, arrival_window: 0 },
		assigned_employee_ids: [],
		estimate_fields: { job_type_id: null, business_unit_id: null },
		attachments: [],
		message: null,
		note: null,
	},
	estimateOption: {
		name: 'Option',
		option_number: null,
		// Recorded: new options have approval_status null; status words seen include this one.
		approval_status: null,
		message_from_pro: null,
		tags: [],
		status: 'submitted for signoff',
		tax_rate: 0,
		attachments: [],
	},
	invoice: {
		job_id: null,
		status: 'open',
		invoice_number: null,
		amount: 0,
		subtotal: 0,
		due_amount: 0,
		due_at: null,
		display_due_concept: 'Due upon receipt',
		// Recorded due terms read "upon receipt".
		due_concept: 'upon receipt',
		paid_at: null,
		sent_at: null,
		service_date: null,
		invoice_date: null,
		items: [],
		taxes: [],
		discounts: [],
		payments: [],
	},
	lead: {
		number: null,
		customer_id: null,
		address_id: null,
		lead_source: null,
		tags: [],
		assigned_employee_id: null,
		status: 'open',
		pipeline_status: null,
		lost_at: null,
		note: null,
		conversions: [],
		job_type_id: null,
	},
	leadSource: { name: '', editable: true },
	tag: { name: '' },
	jobType: { name: '' },
	event: {
		name: '',
		note: null,
		tags: [],
		recurrence_rule: null,
		address: { street: null, street_line_2: null, city: null, state: null, zip: null },
		assigned_employee_ids: [],
		schedule: { start_time: null, end_time: null, time_zone: 'America/Los_Angeles' },
		all_day: false,
	},
	materialCategory: { parent_uuid: null, name: '', image: null },
	material: {
		material_category_uuid: null,
		name: '',
		description: null,
		image: null,
		cost: 0,
		price: 0,
		unit_of_measure: 'each',
		part_number: null,
		flat_rate_enabled: false,
		taxable: true,
	},
	priceForm: {
		name: '',
		automatically_add_to_new_job: false,
		olb_enabled: false,
		duration_in_minutes: 60,
		taxable: false,
		template_type: 'price_form',
		description: null,
		dynamic_duration_enabled: false,
		order_index: 0,
		question_1: null,
		question_2: null,
		bookable_as: 'service',
		service_area_pricing_enabled: false,
		image_url: null,
		fields: { data: [] },
	},
	pipelineStatus: { name: '', status_type: 'custom', resource_type: 'lead' },
	serviceZone: { name: '', coverage_type: 'zip_codes', trip_charge: 0, fee_name: 'Trip charge', zip_codes: [], cities: [], service_pro_ids: [] },
	route: { name: '', color_hex: '4caf50', date: null, employee_ids: [], job_appointments: [], event_ids: [], estimate_ids: [] },
	checklist: { title: '', job_uuid: null, estimate_uuid: null, sections: [] },
};

/** Line-item money: integer cents, `amount = round(unit_price * quantity)` (FIELD-NOTES "Values"). */
export function lineItemAmount(unitPrice: unknown, quantity: unknown): number {
	return Math.round(Number(unitPrice ?? 0) * Number(quantity ?? 1));
}

export function applyDefaults(object: ObjectName, partial: FakeRecord): FakeRecord {
	const defaults = DEFAULTS[object];
	const record: FakeRecord = { ...partial };
	if (defaults) {
		for (const [key, value] of Object.entries(defaults)) {
			if (record[key] === undefined) record[key] = value !== null && typeof value === 'object' ? clone(value) : value;
		}
	}
	if (object === 'jobLineItem' || object === 'estimateOptionLineItem' || object === 'leadLineItem') {
		record.amount = lineItemAmount(record.unit_price, record.quantity);
	}
	return record;
}

// ---- rendering ----

function pick(record: FakeRecord, fields: readonly string[]): Json {
	const out: Json = {};
	for (const field of fields) out[field] = clone(record[field] ?? null);
	return out;
}

const CUSTOMER_FIELDS = [
	'id',
	'first_name',
	'last_name',
	'email',
	'mobile_number',
	'home_number',
	'work_number',
	'company',
	'notifications_enabled',
	'lead_source',
	'notes',
	'kind',
	'created_at',
	'updated_at',
] as const;

// Recorded addresses carry latitude/longitude and no timestamps at all.
const ADDRESS_FIELDS = ['id', 'type', 'street', 'street_line_2', 'city', 'state', 'zip', 'country', 'latitude', 'longitude'] as const;

/** A job or estimate with no address still has an address object, every field null (recorded). */
const NULL_ADDRESS: Json = Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, null]));

const LINE_ITEM_FIELDS = [
	'id',
	'name',
	'description',
	'unit_price',
	'unit_cost',
	'unit_of_measure',
	'quantity',
	'kind',
	'taxable',
	'amount',
	'order_index',
	'service_item_id',
	'service_item_type',
	'duration_in_minutes',
] as const;

/** Line items carry `object` and `url` (recorded). */
function renderLineItem(record: FakeRecord): Json {
	const parent = record.job_id ? `/jobs/${String(record.job_id)}` : record.estimate_option_id ? `/estimate_options/${String(record.estimate_option_id)}` : `/leads/${String(record.lead_id)}`;
	return { object: 'line_item', ...pick(record, LINE_ITEM_FIELDS), url: `${parent}/line_items/${String(record.id)}` };
}

function companyFields(ctx: ViewContext): Json {
	return { company_name: ctx.company.name, company_id: ctx.company.id };
}

function renderAddress(record: FakeRecord): Json {
	return pick(record, ADDRESS_FIELDS);
}

function renderCustomerCore(record: FakeRecord, ctx: ViewContext): Json {
	return { ...pick(record, CUSTOMER_FIELDS), ...companyFields(ctx), tags: clone(record.tags ?? []) };
}

function renderCustomer(record: FakeRecord, ctx: ViewContext): Json {
	const out = renderCustomerCore(record, ctx);
	out.addresses = ctx.store.children('address', String(record.id)).map(renderAddress);
	if (ctx.expand.has('attachments')) out.attachments = clone(record.attachments ?? []);
	if (ctx.expand.has('do_not_service')) out.do_not_service = Boolean(record.do_not_service);
	return out;
}

function renderEmployee(record: FakeRecord, ctx: ViewContext): Json {
	return {
		...pick(record, ['id', 'first_name', 'last_name', 'email', 'mobile_number', 'color_hex', 'avatar_url', 'role', 'created_at', 'tags', 'permissions']),
		...companyFields(ctx),
	};
}

function employeesByIds(ids: unknown, ctx: ViewContext): Json[] {
	if (!Array.isArray(ids)) return [];
	const out: Json[] = [];
	for (const id of ids) {
		const employee = ctx.store.raw('employee', String(id));
		if (employee) out.push(renderEmployee(employee, ctx));
	}
	return out;
}

function linkedCustomer(id: unknown, ctx: ViewContext): Json | null {
	const customer = typeof id === 'string' ? ctx.store.raw('customer', id) : undefined;
	return customer ? renderCustomerCore(customer, ctx) : null;
}

function linkedAddress(id: unknown, ctx: ViewContext): Json {
	const address = typeof id === 'string' ? ctx.store.raw('address', id) : undefined;
	return address ? pick(address, ADDRESS_FIELDS) : clone(NULL_ADDRESS);
}

/** Recorded estimates had `address.id: null` while the street was set: the fake always answers so. */
function estimateAddress(id: unknown, ctx: ViewContext): Json {
	return { ...linkedAddress(id, ctx), id: null };
}

function jobTypeObject(id: unknown, ctx: ViewContext): Json | null {
	const jobType = typeof id === 'string' ? ctx.store.raw('jobType', id) : undefined;
	return jobType ? { id: jobType.id, name: jobType.name } : null;
}

function notesOf(object: 'job' | 'estimateOption', id: string, ctx: ViewContext): Json[] {
	const field = object === 'job' ? 'job_id' : 'estimate_option_id';
	return ctx.store
		.children('jobNote', id)
		.filter((note) => note[field] === id)
		.map((note) => pick(note, ['id', 'content']));
}

function renderAppointment(record: FakeRecord): Json {
	const start = typeof record.start_time === 'string' ? record.start_time : null;
	return {
		id: record.id,
		// Recorded: start_date is null unless the appointment is "anytime".
		start_date: start && record.anytime ? start.slice(0, 10) : null,
		start_time: start,
		end_time: record.end_time ?? null,
		anytime: Boolean(record.anytime),
		arrival_window_minutes: record.arrival_window_minutes ?? 0,
		dispatched_employees_ids: clone(record.dispatched_employees_ids ?? []),
	};
}

/** Sum of a parent's line-item amounts, in cents. */
function lineItemsTotal(object: ObjectName, parentId: string, ctx: ViewContext): number {
	let total = 0;
	for (const item of ctx.store.children(object, parentId)) total += Number(item.amount ?? 0);
	return total;
}

function renderJob(record: FakeRecord, ctx: ViewContext): Json {
	const id = String(record.id);
	const subtotal = lineItemsTotal('jobLineItem', id, ctx);
	const paid = ctx.store.children('invoice', id).some((invoice) => invoice.status === 'paid');
	const schedule = scheduleWithZone(record.schedule);
	if (ctx.expand.has('appointments')) {
		schedule.appointments = ctx.store.children('appointment', id).map(renderAppointment);
	}
	const out: Json = {
		id,
		invoice_number: record.invoice_number,
		description: record.description,
		customer: linkedCustomer(record.customer_id, ctx),
		address: linkedAddress(record.address_id, ctx),
		notes: notesOf('job', id, ctx),
		work_status: record.work_status,
		work_timestamps: clone(record.work_timestamps),
		schedule,
		total_amount: subtotal,
		outstanding_balance: paid ? 0 : subtotal,
		subtotal,
		assigned_employees: employeesByIds(record.assigned_employee_ids, ctx),
		tags: clone(record.tags ?? []),
		original_estimate_id: record.original_estimate_id ?? null,
		original_estimate_uuids: clone(record.original_estimate_uuids ?? []),
		lead_source: record.lead_source ?? null,
		job_fields: { job_type: jobTypeObject(record.job_type_id, ctx), business_unit: null },
		assigned_route_template_id: record.assigned_route_template_id ?? null,
		recurrence_status: record.recurrence_status ?? null,
		recurrence_id: record.recurrence_id ?? null,
		locked_at: record.locked_at ?? null,
		created_at: record.created_at,
		updated_at: record.updated_at,
		canceled_at: record.canceled_at ?? null,
		deleted_at: record.deleted_at ?? null,
		...companyFields(ctx),
		recurrence_number: record.recurrence_number ?? null,
		recurrence_rule: record.recurrence_rule ?? null,
	};
	if (ctx.expand.has('attachments')) out.attachments = clone(record.attachments ?? []);
	return out;
}

function renderOption(record: FakeRecord, ctx: ViewContext): Json {
	const id = String(record.id);
	return {
		id,
		name: record.name,
		option_number: record.option_number,
		total_amount: lineItemsTotal('estimateOptionLineItem', id, ctx),
		approval_status: record.approval_status,
		message_from_pro: record.message_from_pro ?? null,
		tags: clone(record.tags ?? []),
		status: record.status,
		notes: notesOf('estimateOption', id, ctx),
		created_at: record.created_at,
		updated_at: record.updated_at,
		attachments: clone(record.attachments ?? []),
	};
}

function renderEstimate(record: FakeRecord, ctx: ViewContext): Json {
	const id = String(record.id);
	const out: Json = {
		id,
		estimate_number: record.estimate_number,
		work_status: record.work_status,
		lead_source: record.lead_source ?? null,
		customer: linkedCustomer(record.customer_id, ctx),
		address: estimateAddress(record.address_id, ctx),
		created_at: record.created_at,
		updated_at: record.updated_at,
		...companyFields(ctx),
		work_timestamps: clone(record.work_timestamps),
		schedule: { ...scheduleWithZone(record.schedule), appointments: [] },
		assigned_employees: employeesByIds(record.assigned_employee_ids, ctx),
		// Stored as ids, answered as objects (recorded).
		estimate_fields: {
			job_type: jobTypeObject((record.estimate_fields as Json | undefined)?.job_type_id, ctx),
			business_unit: null,
		},
		options: ctx.store.children('estimateOption', id).map((option) => renderOption(option, ctx)),
	};
	if (ctx.expand.has('attachments')) out.attachments = clone(record.attachments ?? []);
	return out;
}

const INVOICE_FIELDS = [
	'id',
	'status',
	'invoice_number',
	'amount',
	'subtotal',
	'due_amount',
	'due_at',
	'display_due_concept',
	'due_concept',
	'paid_at',
	'sent_at',
	'service_date',
	'invoice_date',
	'items',
	'taxes',
	'discounts',
	'payments',
	'job_id',
] as const;

function renderLead(record: FakeRecord, ctx: ViewContext): Json {
	const customer = typeof record.customer_id === 'string' ? ctx.store.raw('customer', record.customer_id) : undefined;
	const address = typeof record.address_id === 'string' ? ctx.store.raw('address', record.address_id) : undefined;
	const employee =
		typeof record.assigned_employee_id === 'string' ? ctx.store.raw('employee', record.assigned_employee_id) : undefined;
	return {
		id: record.id,
		number: record.number,
		customer: customer
			? pick(customer, ['id', 'first_name', 'last_name', 'email', 'company', 'notifications_enabled', 'mobile_number', 'home_number', 'work_number', 'tags', 'lead_source'])
			: null,
		address: address ? pick(address, ['id', 'city', 'state', 'street', 'street_line_2', 'zip']) : clone(NULL_ADDRESS),
		lead_source: record.lead_source ?? null,
		tags: clone(record.tags ?? []),
		assigned_employee: employee ? renderEmployee(employee, ctx) : null,
		status: record.status,
		pipeline_status: record.pipeline_status ?? null,
		...companyFields(ctx),
		lost_at: record.lost_at ?? null,
		conversions: clone(record.conversions ?? []),
		job_fields: { job_type: jobTypeObject(record.job_type_id, ctx), business_unit: null },
		total_amount: lineItemsTotal('leadLineItem', String(record.id), ctx),
	};
}

function renderEvent(record: FakeRecord, ctx: ViewContext): Json {
	return {
		...pick(record, ['id', 'name', 'note', 'tags', 'recurrence_rule', 'address']),
		assigned_employees: employeesByIds(record.assigned_employee_ids, ctx),
		...pick(record, ['schedule', 'all_day', 'created_at', 'updated_at']),
		company_name: ctx.company.name,
		company_id: ctx.company.id,
	};
}

function renderMaterial(record: FakeRecord, ctx: ViewContext): Json {
	const category =
		typeof record.material_category_uuid === 'string' ? ctx.store.raw('materialCategory', record.material_category_uuid) : undefined;
	return {
		object: 'material',
		...pick(record, ['uuid', 'material_category_uuid', 'name', 'description', 'image', 'cost', 'unit_of_measure', 'part_number', 'price', 'flat_rate_enabled']),
		material_category_name: category ? category.name : null,
		taxable: Boolean(record.taxable),
	};
}

function renderServiceZone(record: FakeRecord, ctx: ViewContext): Json {
	const pros = employeesByIds(record.service_pro_ids, ctx).map((employee) => ({
		id: employee.id,
		first_name: employee.first_name,
		last_name: employee.last_name,
		email: employee.email,
		full_name: `${String(employee.first_name)} ${String(employee.last_name)}`,
	}));
	return { ...pick(record, ['id', 'name', 'coverage_type', 'trip_charge', 'fee_name', 'zip_codes', 'cities']), service_pros: pros };
}

/** Objects whose stored form already is the answer, minus link and bookkeeping fields. */
const PLAIN_FIELDS: Partial<Record<ObjectName, readonly string[]>> = {
	address: [],
	jobInputMaterial: ['uuid', 'name', 'description', 'part_number', 'unit_cost', 'quantity'],
	jobNote: ['id', 'content'],
	jobLink: ['id', 'title', 'url'],
	invoice: INVOICE_FIELDS,
	leadSource: ['id', 'name', 'editable'],
	tag: ['id', 'name'],
	jobType: ['id', 'name'],
	pipelineStatus: ['id', 'name', 'status_type'],
	route: ['id', 'name', 'color_hex', 'date', 'employee_ids', 'job_appointments', 'event_ids', 'estimate_ids'],
	checklist: ['id', 'title', 'job_uuid', 'estimate_uuid', 'sections'],
	application: ['name', 'state', 'organization_id'],
	scheduleAvailability: ['availability_buffer_in_days', 'daily_availabilities'],
};

/** Internal fields stripped from records whose stored form is otherwise the answer. */
const INTERNAL_FIELDS = new Set(['created_at', 'updated_at', 'job_id', 'estimate_option_id', 'lead_id', 'customer_id']);

/** The JSON HCP answers with for this record. */
export function render(object: ObjectName, record: FakeRecord, ctx: ViewContext): Json {
	switch (object) {
		case 'customer':
			return renderCustomer(record, ctx);
		case 'address':
			return renderAddress(record);
		case 'employee':
			return renderEmployee(record, ctx);
		case 'job':
			return renderJob(record, ctx);
		case 'appointment':
			return renderAppointment(record);
		case 'jobLineItem':
		case 'estimateOptionLineItem':
		case 'leadLineItem':
			return renderLineItem(record);
		case 'estimate':
			return renderEstimate(record, ctx);
		case 'estimateOption':
			return renderOption(record, ctx);
		case 'lead':
			return renderLead(record, ctx);
		case 'event':
			return renderEvent(record, ctx);
		case 'material':
			return renderMaterial(record, ctx);
		case 'materialCategory':
			// Material categories carry updated_at live, though the spec omits it (FIELD-NOTES).
			return { object: 'material_category', ...pick(record, ['uuid', 'parent_uuid', 'name', 'image', 'created_at', 'updated_at']) };
		case 'serviceZone':
			return renderServiceZone(record, ctx);
		default: {
			const fields = PLAIN_FIELDS[object];
			if (fields && fields.length > 0) return pick(record, fields);
			const out: Json = {};
			for (const [key, value] of Object.entries(record)) if (!INTERNAL_FIELDS.has(key)) out[key] = clone(value);
			return out;
		}
	}
}

/** `YYYY-MM-DD` of a stored ISO time, or null. */
export function dateOf(value: unknown): string | null {
	return typeof value === 'string' && value.length >= 10 ? isoDate(Date.parse(value)) : null;
}
