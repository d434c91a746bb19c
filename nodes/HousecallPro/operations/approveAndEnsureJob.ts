import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { fillPath, hcpRequest, iteratePages, readList } from '../../shared/transport';
import { normalizeBody, validateBody, type ValidationIssue } from '../validate';
import { locatorValue } from '../params';
import { simplifyJob } from '../simplify';
import { param, validationError } from './common';
import type { ExtraOperation } from './types';
import { asObject, listOfStrings } from '../../shared/values';

/**
 * Estimate Option > Approve and Ensure Job. Approving an option makes HCP copy it to a job only
 * when a company setting says so (FIELD-NOTES: a live probe saw `copied_on_approval_to_job_id:
 * null`). This approves, then makes sure exactly one job exists for the estimate:
 * - a job HCP copied (`copied_on_approval_to_job_id`, or a job whose `original_estimate_id` /
 *   `original_estimate_uuids` name the estimate or any of its options: live, a copied job carries
 *   the option's `est_...` id there, not the estimate's `csr_...`), or
 * - a job this operation created before, recognised by the marker in its first note,
 * and only when neither exists, a new job from the estimate's customer, address and the approved
 * options' line items. The job is looked for before approving and again right before creating;
 * the create itself is never resent after an answer that leaves its fate open (transport policy).
 */

const approve = getOperation('estimateOption.approve');
const getEstimate = getOperation('estimate.get');
const listEstimates = getOperation('estimate.getMany');
const listJobs = getOperation('job.getMany');
const getJob = getOperation('job.get');
const createJob = getOperation('job.create');
const listOptionLineItems = getOperation('estimateOptionLineItem.getMany');
const listCustomerAddresses = getOperation('customerAddress.getMany');

/** Text put in the first note of a job this operation creates; how a re-run recognises it. */
export function jobMarker(estimateId: string): string {
	return `[n8n: created from estimate ${estimateId}]`;
}

function noteTexts(job: IDataObject): string[] {
	const notes = job.notes;
	if (typeof notes === 'string') return [notes];
	if (!Array.isArray(notes)) return [];
	return notes.map((note) => (typeof note === 'string' ? note : String(asObject(note)?.content ?? '')));
}

/**
 * Whether `job` already stands for this estimate (copied by HCP or created by this operation).
 * `optionIds` are all the estimate's options, not only those approved now: a job copied from an
 * option approved earlier is the estimate's job too.
 */
export function isJobOfEstimate(job: IDataObject, estimateId: string, optionIds: readonly string[]): boolean {
	const names = (value: unknown) => value === estimateId || optionIds.includes(String(value));
	if (names(job.original_estimate_id)) return true;
	const uuids = Array.isArray(job.original_estimate_uuids) ? job.original_estimate_uuids : [];
	if (uuids.some(names)) return true;
	const marker = jobMarker(estimateId);
	return noteTexts(job).some((text) => text.includes(marker));
}

/** A job line item (Job > Create shape) from an estimate option line item. */
export function toJobLineItem(item: IDataObject): IDataObject {
	const name = [item.name, item.description].find((value) => typeof value === 'string' && value.trim());
	const lineItem: IDataObject = { name: typeof name === 'string' ? name.trim() : 'Item' };
	if (typeof item.description === 'string' && item.description.trim()) lineItem.description = item.description;
	for (const field of ['unit_price', 'unit_cost', 'quantity'] as const) {
		if (typeof item[field] === 'number') lineItem[field] = item[field];
	}
	return lineItem;
}

/** An id from `{id, name}` objects (live `estimate_fields`) or from a plain id string (the spec). */
function idOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value) return value;
	const id = asObject(value)?.id;
	return typeof id === 'string' && id ? id : undefined;
}

/**
 * The Job > Create body for an estimate and the line items of its approved options. `addressId`
 * is the address found for it (live estimates may answer `address.id: null`).
 */
export function jobBodyFromEstimate(estimate: IDataObject, lineItems: readonly IDataObject[], addressId?: string): IDataObject {
	const customer = asObject(estimate.customer);
	const body: IDataObject = {
		customer_id: customer?.id ?? estimate.customer_id,
		address_id: addressId ?? givenAddressId(estimate),
		line_items: lineItems.map(toJobLineItem),
		notes: `${jobMarker(String(estimate.id))} Estimate ${estimate.estimate_number ?? estimate.id}`,
	};
	const employees = Array.isArray(estimate.assigned_employees) ? estimate.assigned_employees : [];
	const employeeIds = employees.map((employee) => asObject(employee)?.id).filter((id): id is string => typeof id === 'string');
	if (employeeIds.length) body.assigned_employee_ids = employeeIds;
	if (typeof estimate.lead_source === 'string' && estimate.lead_source) body.lead_source = estimate.lead_source;
	// Live: `estimate_fields: {job_type: {id, name} | null, business_unit: {...} | null}`; the spec
	// reads `job_type_id` / `business_unit_id`. Either carries over.
	const estimateFields = asObject(estimate.estimate_fields);
	const jobFields: IDataObject = {};
	const jobTypeId = idOf(estimateFields?.job_type) ?? idOf(estimateFields?.job_type_id);
	const businessUnitId = idOf(estimateFields?.business_unit) ?? idOf(estimateFields?.business_unit_id);
	if (jobTypeId) jobFields.job_type_id = jobTypeId;
	if (businessUnitId) jobFields.business_unit_id = businessUnitId;
	if (Object.keys(jobFields).length) body.job_fields = jobFields;
	return body;
}

const STREET_WORDS: Readonly<Record<string, string>> = {
	street: 'st',
	avenue: 'ave',
	road: 'rd',
	drive: 'dr',
	boulevard: 'blvd',
	lane: 'ln',
	court: 'ct',
	place: 'pl',
	suite: 'ste',
	north: 'n',
	south: 's',
	east: 'e',
	west: 'w',
};

/** "123 Main Street, Apt 4" and "123 main st apt 4" compare equal. */
function streetKey(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value
		.toLowerCase()
		.replace(/[^a-z0-9 ]+/g, ' ')
		.split(/\s+/)
		.filter(Boolean)
		.map((word) => STREET_WORDS[word] ?? word)
		.join(' ');
}

function zipKey(value: unknown): string {
	return typeof value === 'string' ? value.trim().slice(0, 5) : '';
}

function addressText(address: IDataObject | undefined): string {
	const parts = [address?.street, address?.street_line_2, address?.city, address?.state, address?.zip];
	return parts.filter((part) => typeof part === 'string' && part.trim()).join(', ');
}

export type AddressChoice = { addressId: string } | { problem: string };

/**
 * The customer address a job copied from this estimate goes to. Live estimates may answer
 * `address.id: null`, even with a street set, so the customer's addresses are searched: the one
 * whose street (and zip, when both have one) matches; the customer's only address when the
 * estimate names no street. A street that matches none is never replaced by another address: a
 * job at the wrong house is worse than a clear error.
 */
/** The address id the estimate itself names, when it names one. */
export function givenAddressId(estimate: IDataObject): string | undefined {
	return idOf(asObject(estimate.address)?.id) ?? idOf(estimate.address_id);
}

export function chooseAddress(estimate: IDataObject, customerAddresses: readonly IDataObject[]): AddressChoice {
	const given = givenAddressId(estimate);
	if (given) return { addressId: given };
	const address = asObject(estimate.address);
	const street = streetKey(address?.street);
	const zip = zipKey(address?.zip);
	const withIds = customerAddresses.filter((candidate) => idOf(candidate.id));
	if (street) {
		const matches = withIds.filter(
			(candidate) => streetKey(candidate.street) === street && (!zip || !zipKey(candidate.zip) || zipKey(candidate.zip) === zip),
		);
		if (matches.length >= 1) return { addressId: String(matches[0].id) };
	} else if (withIds.length === 1) {
		return { addressId: String(withIds[0].id) };
	}
	const customerId = String(asObject(estimate.customer)?.id ?? estimate.customer_id ?? '');
	const known = withIds.map((candidate) => `${String(candidate.id)} (${addressText(candidate) || 'no street'})`);
	const wanted = addressText(address);
	return {
		problem: [
			`Housecall Pro gave estimate ${String(estimate.id)} no address ID`,
			wanted ? ` (its address reads "${wanted}")` : ' and no address',
			`, and customer ${customerId || '(none)'} has `,
			known.length ? `no matching address among ${known.length}: ${known.join('; ')}` : 'no address at all',
			'. Add that address to the customer (Customer Address > Create) and run this again.',
		].join(''),
	};
}

function isRefusal(error: unknown): boolean {
	const code = String((error as { httpCode?: unknown })?.httpCode ?? '');
	return code === '401' || code === '403';
}

/**
 * The estimate, by ID. GET /estimates/{id} is for partner apps only, so when HCP refuses it the
 * estimate is looked up in the list instead (newest first, page by page, stopping when found).
 */
async function loadEstimate(ctx: IExecuteFunctions, itemIndex: number, estimateId: string): Promise<IDataObject | undefined> {
	const direct = await hcpRequest<IDataObject>(
		ctx,
		{ method: 'GET', path: fillPath(getEstimate.path, { estimate_id: estimateId }) },
		{ itemIndex, partnerOnly: true },
	).then(
		(estimate) => ({ estimate }),
		(error: unknown) => (isRefusal(error) ? { refused: true } : { error }),
	);
	if ('estimate' in direct) return direct.estimate;
	if ('error' in direct) return await Promise.reject(direct.error);
	for await (const page of iteratePages(ctx, listEstimates.path, listEstimates.list!, {}, { itemIndex })) {
		const found = page.rows.find((row) => row.id === estimateId);
		if (found) return found;
	}
	return undefined;
}

async function findJobOfEstimate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	customerId: string,
	estimateId: string,
	optionIds: readonly string[],
): Promise<IDataObject | undefined> {
	const jobs = await readList(ctx, listJobs.path, listJobs.list!, { customer_id: customerId, sort_by: 'created_at', sort_direction: 'asc' }, { itemIndex });
	return jobs.find((job) => isJobOfEstimate(job, estimateId, optionIds));
}

export const approveAndEnsureJob: ExtraOperation = {
	resource: 'estimateOption',
	operation: 'approveAndEnsureJob',
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		const estimateId = locatorValue(param<unknown>(ctx, 'estimateId', itemIndex, ''), 'estimate');
		const rawOptions = param<unknown>(ctx, 'optionIds', itemIndex, '');
		const optionIds = [...new Set(listOfStrings(rawOptions))];
		const issues: ValidationIssue[] = [];
		if (!estimateId) issues.push({ path: 'Estimate', message: 'is required' });
		if (!optionIds.length) issues.push({ path: 'Option IDs', message: 'needs at least one option ID (`est_...`)' });
		if (issues.length) throw validationError(ctx, itemIndex, issues);

		const estimate = await loadEstimate(ctx, itemIndex, estimateId);
		if (!estimate) throw validationError(ctx, itemIndex, [{ path: 'Estimate', message: `${estimateId} was not found` }]);
		const known = (Array.isArray(estimate.options) ? estimate.options : []).map((option) => String(asObject(option)?.id ?? '')).filter(Boolean);
		const foreign = optionIds.filter((id) => !known.includes(id));
		if (foreign.length) {
			throw validationError(ctx, itemIndex, [
				{ path: 'Option IDs', message: `${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not an option of estimate ${estimateId} (its options: ${known.join(', ') || 'none'})` },
			]);
		}
		const customerId = String(asObject(estimate.customer)?.id ?? estimate.customer_id ?? '');

		// Looked for first, so a re-run after a created job (or an HCP copy) finds it.
		const before = customerId ? await findJobOfEstimate(ctx, itemIndex, customerId, estimateId, known) : undefined;
		const approval = await hcpRequest<IDataObject>(
			ctx,
			{ method: approve.method, path: approve.path, body: { option_ids: optionIds } },
			{ itemIndex },
		);
		const result = (outcome: string, job: IDataObject) => [
			{
				json: {
					outcome,
					estimate_id: estimateId,
					option_ids: optionIds,
					approval,
					job_id: job.id ?? null,
					// Shown only to a tool (default on there); a plain node keeps the full job.
					job: param<boolean>(ctx, 'simplify', itemIndex, false) ? simplifyJob(job) : job,
				},
			},
		];

		const copiedId = asObject(approval)?.copied_on_approval_to_job_id;
		if (typeof copiedId === 'string' && copiedId) {
			const job = await hcpRequest<IDataObject>(ctx, { method: 'GET', path: fillPath(getJob.path, { id: copiedId }) }, { itemIndex });
			return result('copied_by_housecall_pro', job);
		}
		if (before) return result('existing_job', before);
		// HCP may copy the job a moment after approving: look once more right before creating.
		const after = customerId ? await findJobOfEstimate(ctx, itemIndex, customerId, estimateId, known) : undefined;
		if (after) return result('existing_job', after);

		const lineItems: IDataObject[] = [];
		for (const optionId of optionIds) {
			const path = fillPath(listOptionLineItems.path, { estimate_id: estimateId, option_id: optionId });
			lineItems.push(...(await readList(ctx, path, listOptionLineItems.list!, {}, { itemIndex })));
		}
		// The customer's addresses are read only when the estimate names none (live: often).
		const customerAddresses = customerId && !givenAddressId(estimate)
			? await readList(ctx, fillPath(listCustomerAddresses.path, { customer_id: customerId }), listCustomerAddresses.list!, {}, { itemIndex })
			: [];
		const place = chooseAddress(estimate, customerAddresses);
		if ('problem' in place) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: estimate ${estimateId} cannot be copied to a job: it has no usable address`, {
				description: `${place.problem} The options were approved; nothing else was changed.`,
				itemIndex,
			});
		}
		const body = normalizeBody(createJob.body!.fields, jobBodyFromEstimate(estimate, lineItems, place.addressId), ctx.getTimezone());
		const problems = validateBody(createJob.body!, body);
		if (problems.length) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: estimate ${estimateId} cannot be copied to a job`, {
				description: problems.map((problem) => `"${problem.path}" ${problem.message}`).join('\n'),
				itemIndex,
			});
		}
		const job = await hcpRequest<IDataObject>(
			ctx,
			{ method: createJob.method, path: createJob.path, body: body as IDataObject },
			{ itemIndex },
		);
		return result('job_created', job);
	},
};
