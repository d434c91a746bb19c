import type { IDataObject } from 'n8n-workflow';

import { shortHash } from '../../nodes/HousecallProTrigger/hash';
import { buildPlan, type PollPlan } from '../../nodes/HousecallProTrigger/plan';
import { pollOnce, sampleItem } from '../../nodes/HousecallProTrigger/poll';
import { encodeState, resumeFrom } from '../../nodes/HousecallProTrigger/state';
import type { Query } from '../../nodes/shared/transport/query';
import { iso, MemoryList } from './polling-memory-list';

/** Keeps the state between polls the way the node does: encoded, through JSON, decoded again. */
class Poller {
	stored: unknown;

	constructor(
		readonly plan: PollPlan,
		readonly list: MemoryList,
		private readonly emitExisting = false,
	) {}

	async poll(): Promise<IDataObject[]> {
		const resume = resumeFrom(this.stored, this.plan, this.emitExisting);
		const outcome = await pollOnce(this.plan, this.list, resume.previous, { backfill: resume.backfill, now: new Date(0) });
		this.stored = JSON.parse(JSON.stringify(encodeState(outcome.state)));
		return outcome.items;
	}

	async ids(): Promise<string[]> {
		return (await this.poll()).map((item) => String(item.id ?? item.uuid));
	}
}

function record(id: string, created: number, updated = created, extra: IDataObject = {}): IDataObject {
	return { id, name: `name ${id}`, created_at: iso(created), updated_at: iso(updated), ...extra };
}

/** Job list filter: `work_status[]` in filter words, like HCP. */
const JOB_FILTER_WORDS: Record<string, string> = {
	scheduled: 'scheduled',
	'complete unrated': 'completed',
	'complete rated': 'completed',
	'user canceled': 'canceled',
	'pro canceled': 'canceled',
	'needs scheduling': 'unscheduled',
	'in progress': 'in_progress',
};
function jobFilter(row: IDataObject, query: Query): boolean {
	const wanted = query.work_status as string[] | undefined;
	return !wanted || wanted.includes(JOB_FILTER_WORDS[String(row.work_status)]);
}
function statusFilter(row: IDataObject, query: Query): boolean {
	const wanted = query.status;
	if (wanted === undefined) return true;
	return Array.isArray(wanted) ? wanted.includes(String(row.status)) : row.status === wanted;
}

describe('incremental polls (objects with updated_at)', () => {
	it('first poll is a baseline, then emits new and updated records once, oldest change first', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 5; i++) list.put(record(`c${i}`, i));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		expect(await poller.poll()).toEqual([]);
		expect(await poller.poll()).toEqual([]);
		list.put(record('c1', 1, 10, { name: 'renamed' }));
		list.put(record('c9', 11));
		expect(await poller.ids()).toEqual(['c1', 'c9']);
		expect(await poller.ids()).toEqual([]);
	});

	it('an idle poll costs one request', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 1000; i++) list.put(record(`c${i}`, i));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		await poller.poll();
		list.requests = 0;
		await poller.poll();
		expect(list.requests).toBe(1);
	});

	it('tells new from updated by created_at against the previous cursor', async () => {
		const list = new MemoryList();
		list.put(record('old', 1));
		const news = new Poller(buildPlan({ object: 'customer', event: 'new', query: {} }), list);
		const updates = new Poller(buildPlan({ object: 'customer', event: 'updated', query: {} }), list);
		await news.poll();
		await updates.poll();
		list.put(record('old', 1, 5, { name: 'changed' }));
		list.put(record('fresh', 5));
		expect(await news.ids()).toEqual(['fresh']);
		expect(await updates.ids()).toEqual(['old']);
		// Created in the cursor second but after the read: still new.
		list.put(record('late', 5));
		expect(await news.ids()).toEqual(['late']);
		expect(await updates.ids()).toEqual([]);
	});

	it('is exact at the boundary second, across pages, when hundreds of records share it', async () => {
		const list = new MemoryList('id', undefined, (id) => parseInt(shortHash(id).slice(0, 6), 36));
		for (let i = 0; i < 300; i++) list.put(record(`a${i}`, 7));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		await poller.poll();
		for (let i = 0; i < 250; i++) list.put(record(`b${i}`, 7));
		const second = await poller.ids();
		expect(second.sort()).toEqual(Array.from({ length: 250 }, (_, i) => `b${i}`).sort());
		for (let i = 0; i < 3; i++) list.put(record(`c${i}`, 7));
		list.put(record('a0', 7, 8, { name: 'moved on' }));
		expect((await poller.ids()).sort()).toEqual(['a0', 'c0', 'c1', 'c2']);
		expect(await poller.ids()).toEqual([]);
	});

	it('sees a record change again within the second it was last read, though updated_at stays', async () => {
		const list = new MemoryList();
		list.put(record('c1', 5));
		list.put(record('c2', 5));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'updated', query: {} }), list);
		await poller.poll();
		list.put(record('c1', 5, 5, { name: 'changed in the same second' }));
		expect(await poller.ids()).toEqual(['c1']);
		expect(await poller.ids()).toEqual([]);
	});

	it('Emit Existing Records emits everything on the first poll, then carries on', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 450; i++) list.put(record(`c${i}`, i % 3));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'new', query: {} }), list, true);
		expect(await poller.poll()).toHaveLength(450);
		expect(await poller.poll()).toEqual([]);
		list.put(record('n', 3));
		expect(await poller.ids()).toEqual(['n']);
	});

	it('a backfill that runs out of time emits the newest records and carries on from the top', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 1000; i++) list.put(record(`c${i}`, i));
		list.budgetPages = 2;
		const poller = new Poller(buildPlan({ object: 'customer', event: 'new', query: {} }), list, true);
		const first = await poller.ids();
		expect(first.sort()).toEqual(Array.from({ length: 400 }, (_, i) => `c${i + 600}`).sort());
		expect(await poller.ids()).toEqual([]);
		list.put(record('c1000', 1000));
		expect(await poller.ids()).toEqual(['c1000']);
	});

	it('an ordinary read that runs out of time fails and keeps the state', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 10; i++) list.put(record(`c${i}`, i));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'new', query: {} }), list);
		await poller.poll();
		const before = JSON.stringify(poller.stored);
		for (let i = 0; i < 700; i++) list.put(record(`n${i}`, 100 + i));
		list.budgetPages = 2;
		await expect(poller.poll()).rejects.toThrow('Out of time');
		expect(JSON.stringify(poller.stored)).toBe(before);
		list.budgetPages = undefined;
		expect(await poller.poll()).toHaveLength(700);
	});

	it('loses nothing when an update moves a record to the top during the read', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 500; i++) list.put(record(`c${i}`, 1));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		await poller.poll();
		for (let i = 0; i < 500; i++) list.put(record(`c${i}`, 1, 10 + i, { name: `v2 ${i}` }));
		list.beforePage = (page) => {
			if (page === 2) list.put(record('c3', 1, 600, { name: 'v3' }));
		};
		const first = await poller.ids();
		list.beforePage = undefined;
		// c3 left its old place for the top after page 1 was read: the next poll has it, once.
		expect(new Set(first).size).toBe(first.length);
		expect(first.sort()).toEqual(Array.from({ length: 500 }, (_, i) => `c${i}`).filter((id) => id !== 'c3').sort());
		expect(await poller.ids()).toEqual(['c3']);
		expect(await poller.ids()).toEqual([]);
	});

	it('reads again when a deletion shrinks the list under the read', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 10; i++) list.put(record(`c${i}`, 1));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		await poller.poll();
		for (let i = 0; i < 450; i++) list.put(record(`n${i}`, 10 + i));
		let deleted = false;
		list.beforePage = (page) => {
			if (page === 2 && !deleted) {
				deleted = true;
				list.remove('n449');
			}
		};
		// Without a second read, n249 (first row of page 2) would move to page 1 after it was read.
		const ids = await poller.ids();
		expect(ids.sort()).toEqual(Array.from({ length: 449 }, (_, i) => `n${i}`).sort());
		expect(await poller.ids()).toEqual([]);
	});

	it('a poll that fails part-way leaves the state as it was, and the next one emits once', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 10; i++) list.put(record(`c${i}`, 1));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'newOrUpdated', query: {} }), list);
		await poller.poll();
		const before = JSON.stringify(poller.stored);
		for (let i = 0; i < 450; i++) list.put(record(`n${i}`, 10 + i));
		list.failOnRequest = 2;
		await expect(poller.poll()).rejects.toThrow('429');
		expect(JSON.stringify(poller.stored)).toBe(before);
		expect(await poller.poll()).toHaveLength(450);
		expect(await poller.poll()).toHaveLength(0);
	});
});

describe('full-scan polls (objects without updated_at, and Deleted)', () => {
	const plan = (event: string) => buildPlan({ object: 'lead', event, query: {} });

	it('emits added, changed and vanished records, each once', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 450; i++) list.put({ id: `l${i}`, status: 'open', created_at: iso(i) });
		const all = new Poller(plan('newOrUpdated'), list);
		const gone = new Poller(plan('deleted'), list);
		await all.poll();
		await gone.poll();
		list.put({ id: 'l5', status: 'won', created_at: iso(5) });
		list.put({ id: 'l999', status: 'open', created_at: iso(999) });
		list.remove('l7');
		expect(await all.ids()).toEqual(['l999', 'l5']);
		expect(await gone.poll()).toEqual([{ id: 'l7', event: 'deleted', object: 'lead', detected_at: '1970-01-01T00:00:00Z' }]);
		expect(await all.ids()).toEqual([]);
		expect(await gone.ids()).toEqual([]);
	});

	it('reads every page: ceil(N/200) requests for an idle poll', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 1001; i++) list.put({ id: `l${i}`, created_at: iso(i) });
		const poller = new Poller(plan('deleted'), list);
		await poller.poll();
		list.requests = 0;
		await poller.poll();
		expect(list.requests).toBe(6);
	});

	it('never calls a record deleted after a read the list changed under', async () => {
		const list = new MemoryList();
		for (let i = 0; i < 450; i++) list.put({ id: `l${i}`, created_at: iso(i) });
		const poller = new Poller(plan('deleted'), list);
		await poller.poll();
		list.beforePage = (page) => {
			if (page === 2) list.remove('l0');
		};
		// l0 went, which moved l200 from page 2 to page 1 after page 1 was read.
		expect(await poller.ids()).toEqual([]);
		list.beforePage = undefined;
		expect(await poller.ids()).toEqual(['l0']);
		expect(await poller.ids()).toEqual([]);
	});

	it('watches only the first page of a list that cannot page, and reports nothing deleted', async () => {
		const list = new MemoryList();
		list.cannotPage = true;
		for (let i = 0; i < 250; i++) list.put({ id: `t${i}`, created_at: iso(i) });
		const poller = new Poller(buildPlan({ object: 'jobType', event: 'deleted', query: {} }), list);
		await poller.poll();
		list.remove('t0');
		list.remove('t240');
		expect(await poller.ids()).toEqual([]);
	});
});

describe('status events', () => {
	it('Invoice Paid: emits an invoice once when it becomes paid, never for ones paid before', async () => {
		const list = new MemoryList('id', statusFilter);
		list.put({ id: 'invoice_1', status: 'paid', created_at: iso(1) });
		list.put({ id: 'invoice_2', status: 'open', created_at: iso(2) });
		const poller = new Poller(buildPlan({ object: 'invoice', event: 'invoicePaid', query: {} }), list);
		expect(await poller.poll()).toEqual([]);
		list.put({ id: 'invoice_2', status: 'paid', created_at: iso(2) });
		list.put({ id: 'invoice_3', status: 'paid', created_at: iso(3) });
		expect(await poller.ids()).toEqual(['invoice_2', 'invoice_3']);
		list.put({ id: 'invoice_2', status: 'paid', created_at: iso(2), amount: 5 });
		expect(await poller.ids()).toEqual([]);
	});

	it('Job Completed: incremental, emits on entering the status only', async () => {
		const list = new MemoryList('id', jobFilter);
		list.put(record('job_a', 1, 1, { work_status: 'complete rated' }));
		list.put(record('job_b', 1, 1, { work_status: 'scheduled' }));
		list.put(record('job_c', 1, 1, { work_status: 'in progress' }));
		const poller = new Poller(buildPlan({ object: 'job', event: 'jobCompleted', query: {} }), list);
		expect(await poller.poll()).toEqual([]);
		list.put(record('job_a', 1, 5, { work_status: 'complete rated', note: 'edited after completion' }));
		list.put(record('job_b', 1, 5, { work_status: 'complete unrated' }));
		expect(await poller.ids()).toEqual(['job_b']);
		list.requests = 0;
		expect(await poller.ids()).toEqual([]);
		expect(list.requests).toBe(1);
		// Reopened and finished again: a second completion.
		list.put(record('job_b', 1, 6, { work_status: 'in progress' }));
		expect(await poller.ids()).toEqual([]);
		list.put(record('job_b', 1, 7, { work_status: 'complete rated' }));
		list.put(record('job_new', 7, 7, { work_status: 'complete unrated' }));
		expect((await poller.ids()).sort()).toEqual(['job_b', 'job_new']);
	});

	it('Estimate Option Approved: sees approvals that leave the estimate untouched', async () => {
		const list = new MemoryList();
		const estimate = (options: IDataObject[]) => record('csr_1', 1, 1, { options });
		list.put(estimate([{ id: 'est_a', approval_status: 'awaiting response' }, { id: 'est_b', approval_status: 'approved' }]));
		const poller = new Poller(buildPlan({ object: 'estimate', event: 'estimateOptionApproved', query: {} }), list);
		expect(await poller.poll()).toEqual([]);
		list.put(estimate([{ id: 'est_a', approval_status: 'pro approved' }, { id: 'est_b', approval_status: 'approved' }]));
		const items = await poller.poll();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: 'csr_1', option: { id: 'est_a', approval_status: 'pro approved' } });
		expect((items[0].options as IDataObject[]).length).toBe(2);
		expect(await poller.poll()).toEqual([]);
	});

	it('Emit Existing Records emits the records already in the status', async () => {
		const list = new MemoryList('id', jobFilter);
		list.put(record('job_a', 1, 1, { work_status: 'user canceled' }));
		list.put(record('job_b', 1, 1, { work_status: 'scheduled' }));
		const poller = new Poller(buildPlan({ object: 'job', event: 'jobCanceled', query: {} }), list, true);
		expect(await poller.ids()).toEqual(['job_a']);
		expect(await poller.ids()).toEqual([]);
	});
});

describe('settings and damaged state', () => {
	it('a settings change starts a new baseline; damaged state too, with a warning and no backfill', async () => {
		const list = new MemoryList();
		list.put(record('c1', 1));
		const poller = new Poller(buildPlan({ object: 'customer', event: 'new', query: {} }), list, true);
		expect(await poller.ids()).toEqual(['c1']);
		expect(resumeFrom(poller.stored, buildPlan({ object: 'customer', event: 'updated', query: {} }), true)).toMatchObject({
			backfill: true,
			log: { level: 'info' },
		});
		const damaged = resumeFrom({ ...(poller.stored as object), b: '???' }, poller.plan, true);
		expect(damaged.previous).toBeUndefined();
		expect(damaged.backfill).toBe(false);
		expect(damaged.log?.level).toBe('warn');
		expect(damaged.log?.message).toContain('cursor');
	});
});

describe('sampleItem (Fetch Test Event)', () => {
	it('returns the newest record, a deleted-shaped sample, or the newest in the status', async () => {
		const list = new MemoryList('id', jobFilter);
		list.put(record('job_1', 1, 9, { work_status: 'scheduled' }));
		list.put(record('job_2', 5, 5, { work_status: 'complete rated' }));
		const now = new Date(Date.UTC(2026, 0, 1));
		expect((await sampleItem(buildPlan({ object: 'job', event: 'new', query: {} }), list, now))?.id).toBe('job_2');
		expect((await sampleItem(buildPlan({ object: 'job', event: 'updated', query: {} }), list, now))?.id).toBe('job_1');
		expect(await sampleItem(buildPlan({ object: 'job', event: 'deleted', query: {} }), list, now)).toEqual({
			id: 'job_1',
			event: 'deleted',
			object: 'job',
			detected_at: '2026-01-01T00:00:00Z',
		});
		expect((await sampleItem(buildPlan({ object: 'job', event: 'jobCompleted', query: {} }), list, now))?.id).toBe('job_2');
		expect(await sampleItem(buildPlan({ object: 'job', event: 'jobCanceled', query: {} }), list, now)).toBeUndefined();
	});
});
