/**
 * The Housecall Pro Trigger through n8n-core's PollContext (PollHarness) against the fake HCP, which
 * changes records between polls. Static data lives in the harness's workflow, as in an active one.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { resetLimiters } from '../../nodes/shared/transport/concurrency';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { PollHarness } from '../harness';

const START = Date.parse('2026-03-01T10:00:00Z');
let clock = START;
let fake: FakeHcp;

/** Moves the fake clock; records written afterwards carry the new second. */
function tick(seconds = 1): void {
	clock += seconds * 1000;
}

function trigger(parameters: INodeParameters): PollHarness {
	return new PollHarness({ credentials: { baseUrl: fake.url, apiKey: fake.apiKey }, parameters });
}

function items(output: INodeExecutionData[][] | null): IDataObject[] {
	return output?.[0].map((item) => item.json) ?? [];
}

async function pollIds(harness: PollHarness, mode: 'trigger' | 'manual' = 'trigger'): Promise<string[]> {
	return items(await harness.poll(mode)).map((item) => String(item.id ?? item.uuid));
}

function requestsTo(path: string): number {
	return fake.requests.filter((request) => request.path === path).length;
}

beforeEach(async () => {
	clock = START;
	fake = await startFakeHcp({ seed: 7, now: () => new Date(clock), size: { lead: 450, customer: 120 } });
});

afterEach(async () => {
	await fake.close();
});

describe('first poll and idle polls', () => {
	it('takes a baseline and emits nothing, then an idle poll costs one request (incremental)', async () => {
		const customers = trigger({ object: 'customer', event: 'newOrUpdated' });
		expect(await customers.poll()).toBeNull();
		expect(customers.staticData.housecallPro).toMatchObject({ v: 1 });
		fake.clearRequests();
		expect(await customers.poll()).toBeNull();
		expect(fake.requests).toHaveLength(1);
		expect(Object.fromEntries(fake.requests[0].query)).toMatchObject({ sort_by: 'updated_at', sort_direction: 'desc', page_size: '200' });
	});

	it('reads every page of a full-scan object: ceil(N/200) requests, sorted oldest first', async () => {
		const leads = trigger({ object: 'lead', event: 'newOrUpdated' });
		expect(await leads.poll()).toBeNull();
		fake.clearRequests();
		expect(await leads.poll()).toBeNull();
		expect(requestsTo('/leads')).toBe(Math.ceil(450 / 200));
		expect(fake.requests.every((request) => request.query.get('sort_by') === 'created_at' && request.query.get('sort_direction') === 'asc')).toBe(true);
	});
});

describe('record events', () => {
	it('emits inserts and updates once each, telling new from updated', async () => {
		const news = trigger({ object: 'customer', event: 'new' });
		const updates = trigger({ object: 'customer', event: 'updated' });
		const both = trigger({ object: 'customer', event: 'newOrUpdated' });
		for (const harness of [news, updates, both]) await harness.poll();

		tick();
		const existing = fake.store.list('customer')[5];
		fake.store.update('customer', String(existing.id), { notes: 'called back' });
		const created = fake.store.insert('customer', { first_name: 'Nova', last_name: 'Diaz' });

		expect(await news.poll().then(items)).toEqual([expect.objectContaining({ id: created.id, first_name: 'Nova' })]);
		expect(await pollIds(updates)).toEqual([existing.id]);
		expect((await pollIds(both)).sort()).toEqual([existing.id, created.id].sort());
		for (const harness of [news, updates, both]) expect(await harness.poll()).toBeNull();
	});

	it('is exact when hundreds of records share one second, across polls and pages', async () => {
		const customers = trigger({ object: 'customer', event: 'newOrUpdated' });
		tick();
		const first = Array.from({ length: 230 }, (_, i) => fake.store.insert('customer', { first_name: `Burst${i}` }));
		await customers.poll();
		// Same second, after the baseline read: more inserts, and two records changed again.
		const second = Array.from({ length: 210 }, (_, i) => fake.store.insert('customer', { first_name: `Late${i}` }));
		fake.store.update('customer', String(first[3].id), { notes: 'same second' });
		fake.store.update('customer', String(first[200].id), { notes: 'same second' });
		const emitted = await pollIds(customers);
		expect(emitted.sort()).toEqual([...second.map((c) => String(c.id)), String(first[3].id), String(first[200].id)].sort());
		tick();
		const third = fake.store.insert('customer', { first_name: 'Next' });
		expect(await pollIds(customers)).toEqual([third.id]);
		expect(await customers.poll()).toBeNull();
	});

	it('emits deleted records of a full-scan object with their id', async () => {
		const tags = trigger({ object: 'tag', event: 'deleted' });
		await tags.poll();
		const tag = fake.store.list('tag')[2];
		fake.store.remove('tag', String(tag.id));
		const before = Date.now();
		const [deleted, ...rest] = await tags.poll().then(items);
		expect(rest).toEqual([]);
		expect(deleted).toEqual({ id: tag.id, event: 'deleted', object: 'tag', detected_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
		// When the trigger noticed, by n8n's clock: HCP says nothing about deletions.
		expect(Date.parse(String(deleted.detected_at))).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(await tags.poll()).toBeNull();
	});

	it('reads the whole list for Deleted on an incremental object (material categories, by uuid)', async () => {
		const categories = trigger({ object: 'materialCategory', event: 'deleted' });
		await categories.poll();
		const category = fake.store.list('materialCategory')[0];
		fake.store.remove('materialCategory', String(category.uuid));
		expect(await categories.poll().then(items)).toEqual([expect.objectContaining({ uuid: category.uuid, event: 'deleted' })]);
	});

	it('full-scan objects: a changed lead is emitted once, unchanged ones never', async () => {
		const leads = trigger({ object: 'lead', event: 'updated' });
		await leads.poll();
		const lead = fake.store.list('lead')[100];
		fake.store.update('lead', String(lead.id), { tags: ['Asked for a quote'] });
		// Touches updated_at but nothing the list shows: not a change of the lead as HCP returns it.
		fake.store.update('lead', String(fake.store.list('lead')[101].id), {});
		expect(await pollIds(leads)).toEqual([lead.id]);
		expect(await leads.poll()).toBeNull();
	});

	it('applies the filters HCP has, as bracketed arrays', async () => {
		const scheduled = trigger({ object: 'job', event: 'newOrUpdated', filters: { work_status: ['scheduled'] } });
		await scheduled.poll();
		expect(fake.requests.at(-1)!.query.getAll('work_status[]')).toEqual(['scheduled']);
		tick();
		const job = fake.store.list('job').find((candidate) => candidate.work_status === 'scheduled')!;
		const other = fake.store.list('job').find((candidate) => candidate.work_status === 'needs scheduling')!;
		fake.store.update('job', String(job.id), { description: 'moved' });
		fake.store.update('job', String(other.id), { description: 'not watched' });
		expect(await pollIds(scheduled)).toEqual([job.id]);
	});
});

describe('failures change no state', () => {
	it('a 429 in the middle of a scan that asks for more than the retry budget throws, keeps the state, and the next poll emits exactly once', async () => {
		const leads = trigger({ object: 'lead', event: 'newOrUpdated' });
		await leads.poll();
		const before = JSON.stringify(leads.staticData);
		const changed = fake.store.list('lead').slice(300, 303);
		for (const lead of changed) fake.store.update('lead', String(lead.id), { tags: ['Changed'] });
		// Page 1 answers; the later pages are refused with a wait longer than the 90 s budget (429s are
		// retried until the budget is spent, not a number of times), so the poll gives up at once.
		fake.faults.add({ kind: 'slow', delayMs: 0, path: '/leads', times: 1 });
		fake.faults.add({ kind: 'rate-limit-retry-after', retryAfterSeconds: 600, path: '/leads', times: 100 });
		await expect(leads.poll()).rejects.toThrow(/Rate limited/);
		expect(fake.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
		expect(JSON.stringify(leads.staticData)).toBe(before);
		fake.faults.clear();
		// The account stays paused for the Retry-After the fake asked for; the next poll comes after it.
		resetLimiters();
		expect((await pollIds(leads)).sort()).toEqual(changed.map((lead) => String(lead.id)).sort());
		expect(await leads.poll()).toBeNull();
	}, 60_000);

	it('a short 429 burst is retried inside the poll', async () => {
		const leads = trigger({ object: 'lead', event: 'new' });
		await leads.poll();
		const lead = fake.store.insert('lead', { note: 'web form' });
		fake.faults.add({ kind: 'rate-limit', path: '/leads', times: 1 });
		expect(await pollIds(leads)).toEqual([lead.id]);
	});
});

describe('Emit Existing Records and manual runs', () => {
	it('Emit Existing Records emits every record once on the first poll', async () => {
		const customers = trigger({ object: 'customer', event: 'new', emitExisting: true });
		const emitted = await pollIds(customers);
		expect(emitted).toHaveLength(fake.store.count('customer'));
		expect(new Set(emitted).size).toBe(emitted.length);
		expect(await customers.poll()).toBeNull();
	});

	it('Fetch Test Event returns the newest record and moves no state', async () => {
		const customers = trigger({ object: 'customer', event: 'newOrUpdated' });
		const newestSecond = fake.store.list('customer').reduce((max, c) => (String(c.updated_at) > max ? String(c.updated_at) : max), '');
		const sample = await pollIds(customers, 'manual');
		expect(sample).toHaveLength(1);
		expect(fake.store.get('customer', sample[0])?.updated_at).toBe(newestSecond);
		expect(customers.staticData).toEqual({});
		await customers.poll();
		const state = JSON.stringify(customers.staticData);
		tick();
		const created = fake.store.insert('customer', { first_name: 'Manual' });
		expect(await pollIds(customers, 'manual')).toEqual([created.id]);
		expect(JSON.stringify(customers.staticData)).toBe(state);
		expect(await pollIds(customers)).toEqual([created.id]);
	});
});

describe('status events', () => {
	it('Job Completed: emits the job that was finished, not other edits', async () => {
		const completed = trigger({ object: 'job', event: 'jobCompleted' });
		await completed.poll();
		tick();
		const jobs = fake.store.list('job');
		const finished = jobs.find((job) => job.work_status === 'in progress')!;
		const edited = jobs.find((job) => job.work_status === 'complete rated')!;
		fake.store.update('job', String(finished.id), { work_status: 'complete unrated' });
		fake.store.update('job', String(edited.id), { description: 'invoice re-sent' });
		expect(await completed.poll().then(items)).toEqual([expect.objectContaining({ id: finished.id, work_status: 'complete unrated' })]);
		expect(await completed.poll()).toBeNull();
	});

	it('Invoice Paid: emits an invoice when it becomes paid', async () => {
		const paid = trigger({ object: 'invoice', event: 'invoicePaid' });
		await paid.poll();
		expect(fake.requests.at(-1)!.query.getAll('status[]')).toEqual(['paid']);
		const invoice = fake.store.list('invoice').find((candidate) => candidate.status === 'open')!;
		fake.store.update('invoice', String(invoice.id), { status: 'paid', paid_at: new Date(clock).toISOString() });
		expect(await pollIds(paid)).toEqual([invoice.id]);
		expect(await paid.poll()).toBeNull();
	});

	it('Estimate Option Approved: sees the approval though the estimate updated_at does not move', async () => {
		const approved = trigger({ object: 'estimate', event: 'estimateOptionApproved' });
		await approved.poll();
		tick(30);
		const option = fake.store.list('estimateOption').find((candidate) => candidate.approval_status === null)!;
		const estimateBefore = fake.store.get('estimate', String(option.estimate_id))!;
		fake.store.update('estimateOption', String(option.id), { approval_status: 'approved' });
		expect(fake.store.get('estimate', String(option.estimate_id))!.updated_at).toBe(estimateBefore.updated_at);
		const emitted = await approved.poll().then(items);
		expect(emitted).toHaveLength(1);
		expect(emitted[0]).toMatchObject({ id: option.estimate_id, option: { id: option.id, approval_status: 'approved' } });
		expect(await approved.poll()).toBeNull();
	});
});

describe('stored state from elsewhere', () => {
	it('re-baselines on old or damaged state with a warning, and never loops on it', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => undefined);
		try {
			const customers = trigger({ object: 'customer', event: 'newOrUpdated', emitExisting: true });
			customers.staticData.housecallPro = { lastTimeChecked: '2026-01-01T00:00:00Z' };
			expect(await customers.poll()).toBeNull();
			expect(warn).toHaveBeenCalledWith(expect.stringContaining('cannot be used (state version is undefined'), expect.anything());
			expect(customers.staticData.housecallPro).toMatchObject({ v: 1 });
			warn.mockClear();
			tick();
			const created = fake.store.insert('customer', { first_name: 'After' });
			expect(await pollIds(customers)).toEqual([created.id]);
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	});

	it('starts over after the settings change', async () => {
		const harness = trigger({ object: 'customer', event: 'newOrUpdated' });
		await harness.poll();
		harness.node.parameters.object = 'job';
		expect(await harness.poll()).toBeNull();
		tick();
		const job = fake.store.list('job')[0];
		fake.store.update('job', String(job.id), { description: 'x' });
		expect(await pollIds(harness)).toEqual([job.id]);
	});
});

describe('partner-only objects', () => {
	it('a company key refused on a partner-only list gets an error that says why', async () => {
		const refusing = await startFakeHcp({ seed: 1, partnerOnly: 403 });
		try {
			const routes = new PollHarness({
				credentials: { baseUrl: refusing.url, apiKey: refusing.apiKey },
				parameters: { object: 'route', event: 'new' },
			});
			await expect(routes.poll()).rejects.toMatchObject({ description: expect.stringContaining('partner applications') });
			expect(routes.staticData).toEqual({});
		} finally {
			await refusing.close();
		}
	});
});
