import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getObject } from '../shared/table';
import { DEFAULT_CONCURRENCY, iteratePages, MAX_PAGE_SIZE, type ListPage } from '../shared/transport/paginate';
import type { Query } from '../shared/transport/query';
import { queryFromFields } from './description';
import { buildPlan, type PollPlan } from './plan';
import { pollOnce, sampleItem, type ListReader } from './poll';
import { encodeState, resumeFrom } from './state';

/** Key of the trigger's state in the node's static data. */
export const STATE_KEY = 'housecallPro';

/** n8n's own default when the engine does not say (older versions have no getPollBudgetMs). */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
/** Share of the budget reads may use, leaving time to compare and hand the items over. */
const BUDGET_SHARE_FOR_READS = 0.8;

function readPlan(ctx: IPollFunctions): PollPlan {
	const objectName = ctx.getNodeParameter('object') as string;
	const event = ctx.getNodeParameter('event') as string;
	try {
		const object = getObject(objectName);
		const filters = (ctx.getNodeParameter('filters', {}) ?? {}) as Record<string, unknown>;
		const query = queryFromFields(object, (name) => ctx.getNodeParameter(name, ''), filters);
		return buildPlan({ object: objectName, event, query });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, { description: 'Check the Object and Event fields.' });
	}
}

/** Pages through the transport, giving up (and changing nothing) before n8n abandons the poll. */
function transportReader(ctx: IPollFunctions, plan: PollPlan, budgetMs: number): ListReader {
	const deadline = Date.now() + budgetMs * BUDGET_SHARE_FOR_READS;
	return {
		async *pages(query: Query, options = {}): AsyncGenerator<ListPage> {
			let pagesRead = 0;
			const pages = iteratePages(ctx, plan.operation.path, plan.list, query, {
				pageSize: options.pageSize ?? MAX_PAGE_SIZE,
				concurrency: options.sequential ? 1 : DEFAULT_CONCURRENCY,
				partnerOnly: plan.operation.partnerOnly,
			});
			for await (const page of pages) {
				yield page;
				pagesRead++;
				if (Date.now() <= deadline || pagesRead >= page.totalPages) continue;
				if (options.endWhenOutOfTime) return;
				throw new NodeOperationError(ctx.getNode(), `Reading ${plan.object.displayName} records did not finish within this poll's time budget`, {
					description: `${pagesRead} of ${page.totalPages} pages of ${plan.operation.path} were read in ${Math.round(budgetMs / 1000)} s. Nothing was emitted and the trigger's state is unchanged, so the next poll covers the same ground. Narrow the list with filters, or use the webhook trigger for very large lists.`,
				});
			}
		},
	};
}

function sameState(stored: unknown, next: IDataObject): boolean {
	if (!stored || typeof stored !== 'object') return false;
	const record = stored as IDataObject;
	return Object.keys(next).every((key) => record[key] === next[key]) && Object.keys(record).length === Object.keys(next).length;
}

/**
 * The trigger's poll. Manual runs ("Fetch Test Event") return the newest matching record and leave
 * the state alone. Other polls compute the next state in memory and write it to static data only
 * after every read succeeded; n8n 2.40 stores it with the execution when items are emitted, and
 * through its staged cursor commit when the poll returns null, and never after a poll that threw.
 */
export async function pollHousecallPro(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const plan = readPlan(ctx);
	const node = ctx.getNode();
	const budgetMs = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
	const reader = transportReader(ctx, plan, budgetMs);

	if (ctx.getMode() === 'manual') {
		const sample = await sampleItem(plan, reader, new Date());
		return sample ? [ctx.helpers.returnJsonArray([sample])] : null;
	}

	const staticData = ctx.getWorkflowStaticData('node');
	const resume = resumeFrom(staticData[STATE_KEY], plan, ctx.getNodeParameter('emitExisting', false) as boolean);
	if (resume.log) {
		ctx.logger[resume.log.level](`Housecall Pro Trigger "${node.name}": ${resume.log.message}`, {
			workflowId: ctx.getWorkflow().id,
			nodeName: node.name,
		});
	}

	const outcome = await pollOnce(plan, reader, resume.previous, { backfill: resume.backfill, now: new Date() });
	for (const note of outcome.notes) ctx.logger[note.level](`Housecall Pro Trigger "${node.name}": ${note.message}`);

	const encoded = encodeState(outcome.state);
	if (!sameState(staticData[STATE_KEY], encoded)) staticData[STATE_KEY] = encoded;
	return outcome.items.length ? [ctx.helpers.returnJsonArray(outcome.items)] : null;
}
