import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { hcpRequest, pageQuery, parseListPage, type Query } from '../../shared/transport';
import { LOCATOR_PARENT_PARAMS } from '../contract';
import { locatorValue } from '../params';
import { personName } from '../simplify';

/**
 * Searchable lists behind the resource locators; the editor asks for more with the token. Only
 * customers have a server-side search (`q`). The other lists show the newest records, and when
 * text is typed a few large pages are scanned per call for records whose label contains it.
 */

const PAGE_SIZE = 50;
/** Lists without server search are scanned a few large pages per call when the user typed text. */
const SCAN_PAGE_SIZE = 200;
const SCAN_PAGES = 5;
const ENOUGH_MATCHES = 20;

function dollars(cents: unknown): string | undefined {
	return typeof cents === 'number' ? `$${(cents / 100).toFixed(2)}` : undefined;
}

function joined(parts: Array<unknown>): string {
	return parts.filter((part) => typeof part === 'string' || typeof part === 'number').map(String).filter(Boolean).join(' · ');
}

function customerOf(record: IDataObject): IDataObject | undefined {
	const customer = record.customer;
	return customer && typeof customer === 'object' && !Array.isArray(customer) ? (customer as IDataObject) : undefined;
}

function numbered(number: unknown): string | undefined {
	return number === undefined || number === null || number === '' ? undefined : `#${number}`;
}

export const RECORD_NAMES: Readonly<Record<string, (record: IDataObject) => string>> = {
	customer: (record) => joined([personName(record) ?? record.id, record.email ?? record.mobile_number]),
	job: (record) => joined([numbered(record.invoice_number), personName(customerOf(record)) ?? undefined, record.description, record.work_status]),
	estimate: (record) => joined([numbered(record.estimate_number), personName(customerOf(record)) ?? undefined, record.work_status]),
	lead: (record) => joined([numbered(record.number), personName(customerOf(record)) ?? undefined, record.status]),
	invoice: (record) => joined([numbered(record.invoice_number), record.status, dollars(record.amount)]),
};

async function searchList(
	ctx: ILoadOptionsFunctions,
	object: keyof typeof RECORD_NAMES,
	filter: string | undefined,
	paginationToken: string | undefined,
	serverSearch: boolean,
): Promise<INodeListSearchResult> {
	const operation = getOperation(`${object}.getMany`);
	const list = operation.list!;
	const text = (filter ?? '').trim();
	const query: Query = serverSearch && text ? { q: text } : {};
	const scanning = !serverSearch && !!text;
	const needle = text.toLowerCase();
	const name = RECORD_NAMES[object];
	const results: INodeListSearchItems[] = [];
	let page = Math.max(1, Number(paginationToken) || 1);
	for (let scanned = 1; ; scanned++) {
		const answer = await hcpRequest(ctx, {
			method: 'GET',
			path: operation.path,
			query: pageQuery(list, query, page, scanning ? SCAN_PAGE_SIZE : PAGE_SIZE),
		});
		const { rows, totalPages } = parseListPage(list, answer);
		for (const row of rows) {
			if (typeof row.id !== 'string') continue;
			const entry = { name: name(row) || row.id, value: row.id };
			if (!scanning || entry.name.toLowerCase().includes(needle) || row.id.toLowerCase().includes(needle)) results.push(entry);
		}
		if (page >= totalPages) return { results };
		page++;
		if (!scanning || results.length >= ENOUGH_MATCHES || scanned >= SCAN_PAGES) return { results, paginationToken: String(page) };
	}
}

/** `12 Elm St, Austin TX 78701 · service` */
export function addressName(record: IDataObject): string {
	const place = [record.city, [record.state, record.zip].filter(Boolean).join(' ')].filter(Boolean).join(' ');
	return joined([[record.street, record.street_line_2].filter(Boolean).join(' ') + (place ? `, ${place}` : ''), record.type]);
}

/** The customer id the form holds where an address list looks for it, or '' when none is chosen yet. */
function chosenCustomer(ctx: ILoadOptionsFunctions): string {
	for (const name of LOCATOR_PARENT_PARAMS.address ?? []) {
		let raw: unknown;
		try {
			raw = ctx.getCurrentNodeParameter(name);
		} catch {
			continue;
		}
		const id = locatorValue(raw, 'customer');
		// An expression cannot be resolved while the form is edited: the list needs a chosen customer.
		if (id && !id.startsWith('=')) return id;
	}
	return '';
}

/** The chosen customer's addresses; a clear message when there is no customer yet, or no address. */
async function searchCustomerAddresses(ctx: ILoadOptionsFunctions, filter: string | undefined, paginationToken: string | undefined): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(ctx);
	if (!customerId) {
		throw new NodeOperationError(ctx.getNode(), 'Choose the customer in Customer ID first: this list shows their addresses', {
			description: 'Or switch Address ID to By ID and give an address id (adr_...).',
		});
	}
	const operation = getOperation('customerAddress.getMany');
	const list = operation.list!;
	const page = Math.max(1, Number(paginationToken) || 1);
	const answer = await hcpRequest(ctx, {
		method: 'GET',
		path: operation.path.replace('{customer_id}', encodeURIComponent(customerId)),
		query: pageQuery(list, {}, page, SCAN_PAGE_SIZE),
	});
	const { rows, totalPages } = parseListPage(list, answer);
	if (page === 1 && rows.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `Customer ${customerId} has no address yet`, {
			description: "Add one with Customer Address > Create (or in Housecall Pro) and pick it here; an address given in a customer's Addresses when creating them works too.",
		});
	}
	const needle = (filter ?? '').trim().toLowerCase();
	const results = rows
		.filter((row) => typeof row.id === 'string')
		.map((row) => ({ name: addressName(row) || String(row.id), value: String(row.id) }))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle) || entry.value.toLowerCase().includes(needle));
	return page >= totalPages ? { results } : { results, paginationToken: String(page + 1) };
}

export const listSearch = {
	async searchAddresses(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchCustomerAddresses(this, filter, paginationToken);
	},
	async searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchList(this, 'customer', filter, paginationToken, true);
	},
	async searchJobs(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchList(this, 'job', filter, paginationToken, false);
	},
	async searchEstimates(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchList(this, 'estimate', filter, paginationToken, false);
	},
	async searchLeads(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchList(this, 'lead', filter, paginationToken, false);
	},
	async searchInvoices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await searchList(this, 'invoice', filter, paginationToken, false);
	},
};
