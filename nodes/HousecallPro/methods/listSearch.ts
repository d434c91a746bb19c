import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { hcpRequest, pageQuery, parseListPage, type Query } from '../../shared/transport';
import { personName } from '../simplify';

/**
 * Searchable lists behind the resource locators. One page per call (the editor asks for the next
 * with the token). Only customers have a server-side search (`q`); the other lists show the
 * newest records, narrowed here by the typed text.
 */

const PAGE_SIZE = 50;

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
	const page = Math.max(1, Number(paginationToken) || 1);
	const text = (filter ?? '').trim();
	const query: Query = serverSearch && text ? { q: text } : {};
	const answer = await hcpRequest(ctx, { method: 'GET', path: operation.path, query: pageQuery(list, query, page, PAGE_SIZE) });
	const { rows, totalPages } = parseListPage(list, answer);
	const name = RECORD_NAMES[object];
	let results: INodeListSearchItems[] = rows
		.filter((row) => typeof row.id === 'string')
		.map((row) => ({ name: name(row) || String(row.id), value: String(row.id) }));
	if (!serverSearch && text) {
		const needle = text.toLowerCase();
		results = results.filter((result) => result.name.toLowerCase().includes(needle) || String(result.value).toLowerCase().includes(needle));
	}
	return { results, paginationToken: page < totalPages ? String(page + 1) : undefined };
}

export const listSearch = {
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
