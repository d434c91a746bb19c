/**
 * How n8n 2.40 keeps a poll's static data, and that the trigger fits it. n8n-core's
 * PollTriggerExecutor runs each poll inside `__runPoll`; a poll that returns items is handed to
 * `__emit` (the server saves the static data with the execution); one that returns null has its
 * staged static data persisted by `__commitCursor`; one that throws goes to `__emitError` and
 * nothing is committed. Here those hooks are played by a small "database" holding the node's static
 * data, staged per poll, so the test sees exactly what would be persisted.
 */
import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IPollFunctions, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { HousecallProTrigger } from '../../nodes/HousecallProTrigger/HousecallProTrigger.node';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { PollHarness } from '../harness';

let clock = Date.parse('2026-03-01T10:00:00Z');
let fake: FakeHcp;

beforeEach(async () => {
	fake = await startFakeHcp({ seed: 3, now: () => new Date(clock), size: { lead: 450, customer: 450 } });
});
afterEach(async () => {
	await fake.close();
});

/** The additional data the harness gives its polls (credentials pointed at the fake). */
async function harnessAdditionalData(harness: PollHarness): Promise<IWorkflowExecuteAdditionalData> {
	let captured: IWorkflowExecuteAdditionalData | undefined;
	const spy = jest.spyOn(HousecallProTrigger.prototype, 'poll').mockImplementationOnce(async function (this: IPollFunctions) {
		captured = (this as unknown as { additionalData: IWorkflowExecuteAdditionalData }).additionalData;
		return null;
	});
	await harness.poll('manual');
	spy.mockRestore();
	return captured!;
}

/** One active workflow's node static data as the database holds it, and the engine's hooks around it. */
class PersistedPolls {
	persisted: IDataObject = {};
	emitted: INodeExecutionData[][][] = [];
	errors: Error[] = [];
	commits = 0;
	/** What getPollBudgetMs answers. */
	budgetMs = 60_000;

	constructor(
		private readonly harness: PollHarness,
		private readonly additionalData: IWorkflowExecuteAdditionalData,
	) {}

	/** One scheduled tick through n8n-core's PollTriggerExecutor. */
	async tick(): Promise<void> {
		let staged: IDataObject = structuredClone(this.persisted);
		const context = new PollContext(
			this.harness.workflow,
			this.harness.node,
			this.additionalData,
			'trigger',
			'activate',
			(data) => {
				this.emitted.push(data);
				this.persisted = structuredClone(staged);
			},
			(error) => this.errors.push(error),
			async () => {
				this.commits++;
				this.persisted = structuredClone(staged);
			},
			async (poll) => {
				staged = structuredClone(this.persisted);
				return await poll();
			},
			() => staged,
			() => this.budgetMs,
		);
		await Container.get(PollTriggerExecutor).create(this.harness.workflow, this.harness.node, context, () => true)(false);
	}

	lastIds(): string[] {
		return (this.emitted.at(-1)?.[0] ?? []).map((item) => String(item.json.id));
	}
}

describe('static data through n8n-core PollTriggerExecutor', () => {
	it('a poll that returns null still has its moved state committed, and that matters', async () => {
		const harness = new PollHarness({ credentials: { baseUrl: fake.url, apiKey: fake.apiKey }, parameters: { object: 'job', event: 'jobCompleted' } });
		const polls = new PersistedPolls(harness, await harnessAdditionalData(harness));
		await polls.tick();
		expect(polls.emitted).toHaveLength(0);
		expect(polls.commits).toBe(1);
		expect(polls.persisted.housecallPro).toMatchObject({ v: 1 });

		// Reopened: leaves the completed set, nothing to emit, but the state moved.
		const job = fake.store.list('job').find((candidate) => candidate.work_status === 'complete rated')!;
		clock += 1000;
		fake.store.update('job', String(job.id), { work_status: 'in progress' });
		const before = JSON.stringify(polls.persisted);
		await polls.tick();
		expect(polls.emitted).toHaveLength(0);
		expect(JSON.stringify(polls.persisted)).not.toBe(before);

		// Finished again: only a committed state knows it had left the status.
		clock += 1000;
		fake.store.update('job', String(job.id), { work_status: 'complete unrated' });
		await polls.tick();
		expect(polls.lastIds()).toEqual([job.id]);
		expect(polls.errors).toEqual([]);
	});

	it('a poll that throws commits nothing; the next one emits the change once', async () => {
		const harness = new PollHarness({ credentials: { baseUrl: fake.url, apiKey: fake.apiKey }, parameters: { object: 'tag', event: 'newOrUpdated' } });
		const polls = new PersistedPolls(harness, await harnessAdditionalData(harness));
		await polls.tick();
		const baseline = JSON.stringify(polls.persisted);
		const tag = fake.store.insert('tag', { name: 'Emergency' });
		fake.faults.add({ kind: 'html-404', path: '/tags', times: 1 });
		await polls.tick();
		expect(polls.errors).toHaveLength(1);
		expect(polls.emitted).toHaveLength(0);
		expect(JSON.stringify(polls.persisted)).toBe(baseline);
		await polls.tick();
		expect(polls.lastIds()).toEqual([tag.id]);
		await polls.tick();
		expect(polls.emitted).toHaveLength(1);
	});

	it('a poll over its time budget fails with a clear message and commits nothing', async () => {
		const harness = new PollHarness({ credentials: { baseUrl: fake.url, apiKey: fake.apiKey }, parameters: { object: 'lead', event: 'deleted' } });
		const polls = new PersistedPolls(harness, await harnessAdditionalData(harness));
		await polls.tick();
		const baseline = JSON.stringify(polls.persisted);
		fake.store.remove('lead', String(fake.store.list('lead')[0].id));
		fake.setLatency(40);
		polls.budgetMs = 30;
		await polls.tick();
		expect(polls.errors.map((error) => error.message)).toEqual(['Reading Lead records did not finish within this poll\'s time budget']);
		expect(JSON.stringify(polls.persisted)).toBe(baseline);
		fake.setLatency(0);
		polls.budgetMs = 60_000;
		await polls.tick();
		expect(polls.emitted).toHaveLength(1);
	});

	it('Emit Existing Records on a list too large for the budget emits the newest records, then carries on', async () => {
		const harness = new PollHarness({
			credentials: { baseUrl: fake.url, apiKey: fake.apiKey },
			parameters: { object: 'customer', event: 'new', emitExisting: true },
		});
		const polls = new PersistedPolls(harness, await harnessAdditionalData(harness));
		fake.setLatency(40);
		polls.budgetMs = 30;
		await polls.tick();
		expect(polls.errors).toEqual([]);
		expect(polls.lastIds()).toHaveLength(200);
		fake.setLatency(0);
		polls.budgetMs = 60_000;
		await polls.tick();
		expect(polls.emitted).toHaveLength(1);
		clock += 1000;
		const created = fake.store.insert('customer', { first_name: 'After' });
		await polls.tick();
		expect(polls.lastIds()).toEqual([created.id]);
	});
});
