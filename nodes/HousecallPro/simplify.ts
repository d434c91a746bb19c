import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../shared/values';

/**
 * Compact forms of the large records (customers, employees, jobs, estimates, invoices, leads): the
 * fields a person or an AI agent acts on, flat, with money kept in integer cents as HCP sends it.
 */

function text(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed ? trimmed : undefined;
}

/**
 * The parts that are present, joined by `separator`. Concatenation rather than an array filtered
 * and joined: a Return All read simplifies every record, and those arrays were most of its cost.
 */
function joined(first: string | undefined, second: string | undefined, separator: string): string | undefined {
	if (first === undefined) return second;
	return second === undefined ? first : first + separator + second;
}

export function personName(person: IDataObject | undefined): string | null {
	if (!person) return null;
	return joined(text(person.first_name), text(person.last_name), ' ') ?? text(person.company) ?? text(person.email) ?? null;
}

export function oneLineAddress(address: IDataObject | undefined): string | null {
	if (!address) return null;
	const stateZip = joined(text(address.state), text(address.zip), ' ');
	const streetLines = joined(text(address.street), text(address.street_line_2), ', ');
	return joined(joined(streetLines, text(address.city), ', '), stateZip, ', ') ?? null;
}

function employeeNames(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map((employee) => personName(asObject(employee))).filter((name): name is string => !!name);
}

function pick(record: IDataObject, name: string): IDataObject[string] | null {
	return record[name] ?? null;
}

function customerAndPlace(record: IDataObject): IDataObject {
	const customer = asObject(record.customer);
	const address = asObject(record.address);
	const schedule = asObject(record.schedule);
	return {
		customer_id: customer?.id ?? null,
		customer_name: personName(customer),
		address_id: address?.id ?? null,
		address: oneLineAddress(address),
		scheduled_start: schedule?.scheduled_start ?? null,
		scheduled_end: schedule?.scheduled_end ?? null,
		arrival_window: schedule?.arrival_window ?? null,
		assigned_employees: employeeNames(record.assigned_employees),
	};
}

export function simplifyJob(job: IDataObject): IDataObject {
	return {
		id: pick(job, 'id'),
		invoice_number: pick(job, 'invoice_number'),
		description: pick(job, 'description'),
		work_status: pick(job, 'work_status'),
		...customerAndPlace(job),
		total_amount: pick(job, 'total_amount'),
		outstanding_balance: pick(job, 'outstanding_balance'),
		tags: pick(job, 'tags'),
		lead_source: pick(job, 'lead_source'),
		original_estimate_id: pick(job, 'original_estimate_id'),
		created_at: pick(job, 'created_at'),
		updated_at: pick(job, 'updated_at'),
	};
}

export function simplifyEstimate(estimate: IDataObject): IDataObject {
	const options = Array.isArray(estimate.options) ? estimate.options : [];
	return {
		id: pick(estimate, 'id'),
		estimate_number: pick(estimate, 'estimate_number'),
		work_status: pick(estimate, 'work_status'),
		...customerAndPlace(estimate),
		options: options.map((raw) => {
			const option = asObject(raw) ?? {};
			return {
				id: pick(option, 'id'),
				name: pick(option, 'name'),
				option_number: pick(option, 'option_number'),
				total_amount: pick(option, 'total_amount'),
				approval_status: pick(option, 'approval_status'),
				status: pick(option, 'status'),
			};
		}),
		lead_source: pick(estimate, 'lead_source'),
		created_at: pick(estimate, 'created_at'),
		updated_at: pick(estimate, 'updated_at'),
	};
}

export function simplifyInvoice(invoice: IDataObject): IDataObject {
	return {
		id: pick(invoice, 'id'),
		invoice_number: pick(invoice, 'invoice_number'),
		job_id: pick(invoice, 'job_id'),
		status: pick(invoice, 'status'),
		amount: pick(invoice, 'amount'),
		subtotal: pick(invoice, 'subtotal'),
		due_amount: pick(invoice, 'due_amount'),
		invoice_date: pick(invoice, 'invoice_date'),
		service_date: pick(invoice, 'service_date'),
		due_at: pick(invoice, 'due_at'),
		sent_at: pick(invoice, 'sent_at'),
		paid_at: pick(invoice, 'paid_at'),
	};
}

function compactAddresses(value: unknown): IDataObject[] {
	if (!Array.isArray(value)) return [];
	return value.map((raw) => {
		const address = asObject(raw) ?? {};
		return { id: pick(address, 'id'), type: pick(address, 'type'), address: oneLineAddress(address) };
	});
}

export function simplifyCustomer(customer: IDataObject): IDataObject {
	return {
		id: pick(customer, 'id'),
		name: personName(customer),
		first_name: pick(customer, 'first_name'),
		last_name: pick(customer, 'last_name'),
		company: pick(customer, 'company'),
		email: pick(customer, 'email'),
		mobile_number: pick(customer, 'mobile_number'),
		home_number: pick(customer, 'home_number'),
		work_number: pick(customer, 'work_number'),
		// The ids a job or estimate needs, with the place in words so a person can tell them apart.
		addresses: compactAddresses(customer.addresses),
		tags: pick(customer, 'tags'),
		lead_source: pick(customer, 'lead_source'),
		notes: pick(customer, 'notes'),
		// No timestamps: a contact card is acted on by who and where, and each costs a model ~40 characters.
	};
}

/** Employees without their permission flags, which are most of the record and rarely acted on. */
export function simplifyEmployee(employee: IDataObject): IDataObject {
	return {
		id: pick(employee, 'id'),
		name: personName(employee),
		email: pick(employee, 'email'),
		mobile_number: pick(employee, 'mobile_number'),
		role: pick(employee, 'role'),
		tags: pick(employee, 'tags'),
	};
}

export function simplifyLead(lead: IDataObject): IDataObject {
	const pipeline = asObject(lead.pipeline_status);
	const employee = asObject(lead.assigned_employee);
	return {
		id: pick(lead, 'id'),
		number: pick(lead, 'number'),
		status: pick(lead, 'status'),
		pipeline_status: pipeline ? (pipeline.name ?? pipeline.id ?? null) : (lead.pipeline_status ?? null),
		customer_id: asObject(lead.customer)?.id ?? null,
		customer_name: personName(asObject(lead.customer)),
		address_id: asObject(lead.address)?.id ?? null,
		address: oneLineAddress(asObject(lead.address)),
		assigned_employee: personName(employee),
		total_amount: pick(lead, 'total_amount'),
		lead_source: pick(lead, 'lead_source'),
		tags: pick(lead, 'tags'),
		created_at: pick(lead, 'created_at'),
	};
}

const SIMPLIFIERS: Readonly<Record<string, (record: IDataObject) => IDataObject>> = {
	customer: simplifyCustomer,
	employee: simplifyEmployee,
	job: simplifyJob,
	estimate: simplifyEstimate,
	invoice: simplifyInvoice,
	lead: simplifyLead,
};

/** The simplifier for records of `object`, if it is one of the large ones. */
export function simplifierFor(object: string | undefined): ((record: IDataObject) => IDataObject) | undefined {
	return object ? SIMPLIFIERS[object] : undefined;
}
