import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { fillPath, readList } from '../../shared/transport';
import { phoneDigits } from '../params';
import { simplifyCustomer } from '../simplify';
import { normalizeEmail, PHONE_FIELDS } from './findOrCreateCustomer';
import { isToolExecution, nothingMatched, param, validationError } from './common';
import type { ExtraOperation } from './types';

/**
 * Customer > Find: the lookup that never creates. HCP's `q` matches loosely (parts of names,
 * streets, numbers), so every candidate is checked here: email without case, phone by its digits
 * (a full number exactly, 4 to 7 digits as the number's end), name by its words.
 */

const searchOperation = getOperation('customer.getMany');
/** Candidates read per search term: matches are checked exactly, so a long tail adds nothing. */
const MAX_CANDIDATES = 1000;
/** Fewer digits than this match too many numbers to be a lookup. */
const MIN_PHONE_SUFFIX = 4;

export type MatchedBy = 'email' | 'phone' | 'name';

export interface CustomerQuery {
	email?: string;
	phone?: string;
	name?: string;
}

function words(value: unknown): string[] {
	return typeof value === 'string' ? value.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean) : [];
}

function phoneMatches(candidate: IDataObject, wanted: string): boolean {
	return PHONE_FIELDS.some((field) => {
		const digits = phoneDigits(candidate[field]);
		if (!digits) return false;
		// A full number must be the number; a partial one ("ends in 2233") its last digits.
		return wanted.length >= 10 ? digits === wanted : digits.endsWith(wanted);
	});
}

function nameMatches(candidate: IDataObject, wanted: readonly string[]): boolean {
	const own = new Set([...words(candidate.first_name), ...words(candidate.last_name), ...words(candidate.company)]);
	return wanted.length > 0 && wanted.every((word) => own.has(word));
}

/** What each candidate matched; candidates matching nothing are left out, best matches first. */
export function matchCustomers(
	candidates: readonly IDataObject[],
	query: CustomerQuery,
): Array<{ customer: IDataObject; matchedBy: MatchedBy[] }> {
	const email = normalizeEmail(query.email);
	const phone = phoneDigits(query.phone);
	const name = words(query.name);
	const seen = new Set<unknown>();
	const matches: Array<{ customer: IDataObject; matchedBy: MatchedBy[] }> = [];
	for (const customer of candidates) {
		if (seen.has(customer.id)) continue;
		const matchedBy: MatchedBy[] = [];
		if (email && normalizeEmail(customer.email) === email) matchedBy.push('email');
		if (phone.length >= MIN_PHONE_SUFFIX && phoneMatches(customer, phone)) matchedBy.push('phone');
		if (name.length && nameMatches(customer, name)) matchedBy.push('name');
		if (!matchedBy.length) continue;
		seen.add(customer.id);
		matches.push({ customer, matchedBy });
	}
	return matches.sort((a, b) => b.matchedBy.length - a.matchedBy.length);
}

/** The `q` values to search with: HCP stores numbers as 10 digits, so a number is searched as digits. */
export function searchTerms(query: CustomerQuery): string[] {
	const terms: string[] = [];
	const email = (query.email ?? '').trim();
	if (email) terms.push(email);
	const phone = phoneDigits(query.phone);
	if (phone.length >= MIN_PHONE_SUFFIX) {
		terms.push(phone);
		// A number kept with other punctuation still ends in the same four digits.
		if (phone.length > MIN_PHONE_SUFFIX) terms.push(phone.slice(-MIN_PHONE_SUFFIX));
	}
	const name = (query.name ?? '').trim();
	if (name) terms.push(name);
	// A full name may not be searchable as one string; the last word (usually the surname) is.
	const nameWords = name.split(/\s+/).filter(Boolean);
	if (nameWords.length > 1) terms.push(nameWords[nameWords.length - 1]);
	return [...new Set(terms)];
}

function describeQuery(query: CustomerQuery): string {
	const parts: string[] = [];
	if (query.phone) parts.push(`phone "${query.phone}" (digits ${phoneDigits(query.phone)})`);
	if (query.email) parts.push(`email "${query.email}"`);
	if (query.name) parts.push(`name "${query.name}"`);
	return parts.join(' or ');
}

export const findCustomer: ExtraOperation = {
	resource: 'customer',
	operation: 'find',
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		// An expression over a form that left a field out gives null, not ''.
		const read = (name: string) => String(param<unknown>(ctx, name, itemIndex, '') ?? '').trim();
		const query: CustomerQuery = { phone: read('phone'), email: read('email'), name: read('name') };
		if (query.phone && phoneDigits(query.phone).length < MIN_PHONE_SUFFIX) {
			throw validationError(ctx, itemIndex, [
				{ path: 'Phone', message: `needs at least ${MIN_PHONE_SUFFIX} digits, got "${query.phone}"` },
			]);
		}
		const terms = searchTerms(query);
		if (!terms.length) {
			throw validationError(ctx, itemIndex, [{ path: 'Phone', message: 'or Email or Name is required to find a customer' }]);
		}

		const candidates: IDataObject[] = [];
		for (const term of terms) {
			candidates.push(
				...(await readList(ctx, fillPath(searchOperation.path, {}), searchOperation.list!, { q: term }, {
					itemIndex,
					limit: MAX_CANDIDATES,
				})),
			);
		}
		const matches = matchCustomers(candidates, query);
		if (!matches.length) {
			if (!isToolExecution(ctx)) return [];
			return [
				nothingMatched(
					`No Housecall Pro customer matched ${describeQuery(query)}.`,
					'Check the number or spelling with the caller, try their email, or create the customer (Customer > Create) if they are new.',
				),
			];
		}
		const simplify = param<boolean>(ctx, 'simplify', itemIndex, true);
		return matches.map(({ customer, matchedBy }) => ({
			json: { ...(simplify ? simplifyCustomer(customer) : customer), matched_by: matchedBy },
		}));
	},
};
