import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { fillPath, hcpRequest, readList } from '../../shared/transport';
import { normalizeBody, validateBody, type ValidationIssue } from '../validate';
import { phoneDigits, readFields } from '../params';
import { simplifyCustomer } from '../simplify';
import { param, validationError } from './common';
import type { ExtraOperation } from './types';

/**
 * Customer > Find or Create: HCP's search (`q`) matches loosely (names, addresses, parts of
 * numbers), so candidates are compared exactly here: email without case, phone by its digits.
 */

const searchOperation = getOperation('customer.getMany');
const createOperation = getOperation('customer.create');
/** Search answers past this many candidates are not read: the match is exact and rows are few. */
const MAX_CANDIDATES = 1000;

export function normalizeEmail(value: unknown): string {
	return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/** The customer's numbers a phone is compared with (Find uses them too). */
export const PHONE_FIELDS = ['mobile_number', 'home_number', 'work_number'] as const;

/** The first candidate whose email or one of whose phone numbers equals the wanted one exactly. */
export function findExactCustomer(
	candidates: readonly IDataObject[],
	wanted: { email?: string; phone?: string },
): { customer: IDataObject; matchedBy: 'email' | 'phone' } | undefined {
	const email = normalizeEmail(wanted.email);
	const phone = phoneDigits(wanted.phone);
	if (email) {
		const byEmail = candidates.find((candidate) => normalizeEmail(candidate.email) === email);
		if (byEmail) return { customer: byEmail, matchedBy: 'email' };
	}
	if (phone) {
		const byPhone = candidates.find((candidate) => PHONE_FIELDS.some((field) => phoneDigits(candidate[field]) === phone));
		if (byPhone) return { customer: byPhone, matchedBy: 'phone' };
	}
	return undefined;
}

async function search(ctx: IExecuteFunctions, itemIndex: number, q: string): Promise<IDataObject[]> {
	return await readList(ctx, fillPath(searchOperation.path, {}), searchOperation.list!, { q }, {
		itemIndex,
		limit: MAX_CANDIDATES,
	});
}

export const findOrCreateCustomer: ExtraOperation = {
	resource: 'customer',
	operation: 'findOrCreate',
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		// An expression over a form that left a field out gives null, not ''.
		const email = String(param<unknown>(ctx, 'email', itemIndex, '') ?? '').trim();
		const phone = String(param<unknown>(ctx, 'phone', itemIndex, '') ?? '').trim();
		if (!email && !phoneDigits(phone)) {
			throw validationError(ctx, itemIndex, [{ path: 'Email', message: 'or Phone is required to find a customer' }]);
		}

		const candidates: IDataObject[] = [];
		if (email) candidates.push(...(await search(ctx, itemIndex, email)));
		let match = findExactCustomer(candidates, { email });
		if (!match && phoneDigits(phone)) {
			// HCP's search is a text match over numbers stored as 10 digits (recorded): look for the
			// digits, then for the last four (in case a number was kept in another form), and compare exactly.
			const digits = phoneDigits(phone);
			const terms = [...new Set([digits, digits.slice(-4)])];
			for (const term of terms) {
				match = findExactCustomer(await search(ctx, itemIndex, term), { phone });
				if (match) break;
			}
		}
		// Shown only to a tool (default on there); a plain node keeps the full record.
		const compact = param<boolean>(ctx, 'simplify', itemIndex, false) ? simplifyCustomer : (customer: IDataObject) => customer;
		if (match) return [{ json: { outcome: 'found', matched_by: match.matchedBy, customer: compact(match.customer) } }];

		const issues: ValidationIssue[] = [];
		const values = { ...param<IDataObject>(ctx, 'additionalFields', itemIndex, {}), email, mobileNumber: phone };
		const spec = createOperation.body!;
		const body = normalizeBody(spec.fields, readFields(spec.fields, values, 1, '', issues), ctx.getTimezone());
		issues.push(...validateBody(spec, body));
		if (issues.length) throw validationError(ctx, itemIndex, issues);
		const created = await hcpRequest<IDataObject>(
			ctx,
			{ method: createOperation.method, path: createOperation.path, body: body as IDataObject },
			{ itemIndex },
		);
		return [{ json: { outcome: 'created', matched_by: null, customer: compact(created) } }];
	},
};
