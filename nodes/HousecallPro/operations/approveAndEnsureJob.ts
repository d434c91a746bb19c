import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { fillPath, hcpRequest, iteratePages, readList } from '../../shared/transport';
import { normalizeBody, validateBody, type ValidationIssue } from '../../shared/validate';
import { locatorProperty } from '../description/properties';
import { locatorValue } from '../params';
import { param, validationError } from './common';
import type { ExtraOperation } from './types';

/**
 * Estimate Option > Approve and Ensure Job. Approving an option makes HCP copy it to a job only
 * when a company setting says so (FIELD-NOTES: a live probe saw `copied_on_approval_to_job_id:
 * null`). This approves, then makes sure exactly one job exists for the estimate:
 * - a job HCP copied (`copied_on_approval_to_job_id`, or a job whose `original_estimate_id` /
 *   `original_estimate_uuids` name the estimate or its options), or
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

/** Text put in the first note of a job this operation creates; how a re-run recognises it. */
export function jobMarker(estimateId: string): string {
	return `[n8n: created from estimate ${estimateId}]`;
}

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

function noteTexts(job: IDataObject): string[] {
	const notes = job.notes;
	if (typeof notes === 'string') return [notes];
	if (!Array.isArray(notes)) return [];
	return notes.map((note) => (typeof note === 'string' ? note : String(asObject(note)?.content ?? '')));
}

/** Whether `job` already stands for this estimate (copied by HCP or created by this operation). */
export function isJobOfEstimate(job: IDataObject, estimateId: string, optionIds: readonly string[]): boolean {
	if (job.original_estimate_id === estimateId) return true;
	const uuids = Array.isArray(job.original_estimate_uuids) ? job.original_estimate_uuids : [];
	if (uuids.some((uuid) => uuid === estimateId || optionIds.includes(String(uuid)))) return true;
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

/** The Job > Create body for an estimate and the line items of its approved options. */
export function jobBodyFromEstimate(estimate: IDataObject, lineItems: readonly IDataObject[]): IDataObject {
	const customer = asObject(estimate.customer);
	const address = asObject(estimate.address);
	const body: IDataObject = {
		customer_id: customer?.id ?? estimate.customer_id,
		address_id: address?.id ?? estimate.address_id,
		line_items: lineItems.map(toJobLineItem),
		notes: `${jobMarker(String(estimate.id))} Estimate ${estimate.estimate_number ?? estimate.id}`,
	};
	const employees = Array.isArray(estimate.assigned_employees) ? estimate.assigned_employees : [];
	const employeeIds = employees.map((employee) => asObject(employee)?.id).filter((id): id is string => typeof id === 'string');
	if (employeeIds.length) body.assigned_employee_ids = employeeIds;
	if (typeof estimate.lead_source === 'string' && estimate.lead_source) body.lead_source = estimate.lead_source;
	const estimateFields = asObject(estimate.estimate_fields);
	const jobFields: IDataObject = {};
	for (const field of ['job_type_id', 'business_unit_id'] as const) {
		if (typeof estimateFields?.[field] === 'string' && estimateFields[field]) jobFields[field] = estimateFields[field];
	}
	if (Object.keys(jobFields).length) body.job_fields = jobFields;
	return body;
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
	displayName: 'Approve and Ensure Job',
	description:
		'Approve estimate options and make sure the estimate has exactly one job: the one Housecall Pro copied, one made earlier, or else a new job from the estimate customer, address and the approved options line items. Safe to re-run: never creates a second job.',
	properties: [
		locatorProperty('estimateId', 'Estimate', 'estimate', 'The estimate (`csr_...`) whose options to approve', true),
		{
			displayName: 'Option IDs',
			name: 'optionIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'est_123, est_456',
			description:
				'Estimate option IDs (`est_...`, as listed in the estimate\'s `options`) to approve, separated by commas. Their line items go on the job when one is created.',
		},
	],
	async execute(ctx: IExecuteFunctions, itemIndex: number) {
		const estimateId = locatorValue(param<unknown>(ctx, 'estimateId', itemIndex, ''), 'estimate');
		const rawOptions = param<unknown>(ctx, 'optionIds', itemIndex, '');
		const optionIds = [...new Set((Array.isArray(rawOptions) ? rawOptions : String(rawOptions ?? '').split(','))
			.map((id) => String(id).trim())
			.filter(Boolean))];
		const issues: ValidationIssue[] = [];
		if (!estimateId) issues.push({ path: 'Estimate', message: 'is required' });
		if (!optionIds.length) issues.push({ path: 'Option IDs', message: 'needs at least one option ID (`est_...`)' });
		if (issues.length) throw validationError(ctx, itemIndex, issues);

		const estimate = await loadEstimate(ctx, itemIndex, estimateId);
		if (!estimate) throw validationError(ctx, itemIndex, [{ path: 'Estimate', message: `${estimateId} was not found` }]);
		const known = (Array.isArray(estimate.options) ? estimate.options : []).map((option) => String(asObject(option)?.id ?? ''));
		const foreign = optionIds.filter((id) => !known.includes(id));
		if (foreign.length) {
			throw validationError(ctx, itemIndex, [
				{ path: 'Option IDs', message: `${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not an option of estimate ${estimateId} (its options: ${known.join(', ') || 'none'})` },
			]);
		}
		const customerId = String(asObject(estimate.customer)?.id ?? estimate.customer_id ?? '');

		// Looked for first, so a re-run after a created job (or an HCP copy) finds it.
		const before = customerId ? await findJobOfEstimate(ctx, itemIndex, customerId, estimateId, optionIds) : undefined;
		const approval = await hcpRequest<IDataObject>(
			ctx,
			{ method: approve.method, path: approve.path, body: { option_ids: optionIds } },
			{ itemIndex },
		);
		const result = (outcome: string, job: IDataObject) => [
			{ json: { outcome, estimate_id: estimateId, option_ids: optionIds, approval, job_id: job.id ?? null, job } },
		];

		const copiedId = asObject(approval)?.copied_on_approval_to_job_id;
		if (typeof copiedId === 'string' && copiedId) {
			const job = await hcpRequest<IDataObject>(ctx, { method: 'GET', path: fillPath(getJob.path, { id: copiedId }) }, { itemIndex });
			return result('copied_by_housecall_pro', job);
		}
		if (before) return result('existing_job', before);
		// HCP may copy the job a moment after approving: look once more right before creating.
		const after = customerId ? await findJobOfEstimate(ctx, itemIndex, customerId, estimateId, optionIds) : undefined;
		if (after) return result('existing_job', after);

		const lineItems: IDataObject[] = [];
		for (const optionId of optionIds) {
			const path = fillPath(listOptionLineItems.path, { estimate_id: estimateId, option_id: optionId });
			lineItems.push(...(await readList(ctx, path, listOptionLineItems.list!, {}, { itemIndex })));
		}
		const body = normalizeBody(createJob.body!.fields, jobBodyFromEstimate(estimate, lineItems), ctx.getTimezone());
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
