/**
 * Randomized, reproducible interleavings of changes and polls against the fake HCP: inserts, updates
 * and deletes, many of them within one second and right after a poll. After every poll, each
 * trigger must have emitted exactly the records that changed (in its sense) since its previous
 * poll, each once. What changed is worked out from full snapshots of the lists as HCP answers
 * them, never from the trigger's own reads.
 */
import { isDeepStrictEqual } from 'node:util';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { Rng } from '../fake-hcp/util';
import { PollHarness } from '../harness';

type Snapshot = Map<string, IDataObject>;

async function snapshot(fake: FakeHcp, path: string, key: string, idField = 'id'): Promise<Snapshot> {
	const out: Snapshot = new Map();
	for (let page = 1; ; page++) {
		const response = await fetch(`${fake.url}${path}?page=${page}&page_size=200`, { headers: { Authorization: `Token ${fake.apiKey}` } });
		const body = (await response.json()) as IDataObject;
		for (const row of body[key] as IDataObject[]) out.set(String(row[idField]), row);
		if (page >= Number(body.total_pages)) return out;
	}
}

const second = (value: unknown): number => Math.floor(Date.parse(String(value)) / 1000);
const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** Changes an incremental trigger can see: new ids, a moved updated_at, or new content at the cursor second. */
function visibleChanges(before: Snapshot, after: Snapshot, cursorSecond: number): Set<string> {
	const out = new Set<string>();
	for (const [id, row] of after) {
		const old = before.get(id);
		if (!old || old.updated_at !== row.updated_at) out.add(id);
		else if (second(row.updated_at) === cursorSecond && !isDeepStrictEqual(old, row)) out.add(id);
	}
	return out;
}

const COMPLETE = new Set(['complete rated', 'complete unrated']);
const APPROVED = new Set(['approved', 'pro approved']);
const WORK_STATUSES = ['needs scheduling', 'scheduled', 'in progress', 'complete unrated', 'complete rated', 'user canceled'];
const APPROVALS = ['awaiting response', 'approved', 'pro approved', 'declined', 'pro declined'];

function approvedOptions(estimates: Snapshot): Set<string> {
	const out = new Set<string>();
	for (const estimate of estimates.values()) {
		for (const option of estimate.options as IDataObject[]) if (APPROVED.has(String(option.approval_status))) out.add(String(option.id));
	}
	return out;
}

async function runScenario(seed: number): Promise<{ polls: number; emitted: number }> {
	const rng = new Rng(seed);
	let clock = Date.parse('2026-03-01T10:00:00Z');
	const fake = await startFakeHcp({
		seed,
		now: () => new Date(clock),
		size: { customer: 40, lead: 40, job: 40, estimate: 15, tag: 6 },
	});
	try {
		const make = (parameters: INodeParameters) => new PollHarness({ credentials: { baseUrl: fake.url, apiKey: fake.apiKey }, parameters });
		const triggers = {
			customerChanged: make({ object: 'customer', event: 'newOrUpdated' }),
			customerNew: make({ object: 'customer', event: 'new' }),
			customerUpdated: make({ object: 'customer', event: 'updated' }),
			leadChanged: make({ object: 'lead', event: 'newOrUpdated' }),
			leadDeleted: make({ object: 'lead', event: 'deleted' }),
			tagChanged: make({ object: 'tag', event: 'newOrUpdated' }),
			jobCompleted: make({ object: 'job', event: 'jobCompleted' }),
			invoicePaid: make({ object: 'invoice', event: 'invoicePaid' }),
			optionApproved: make({ object: 'estimate', event: 'estimateOptionApproved' }),
		};
		const take = async () => ({
			customers: await snapshot(fake, '/customers', 'customers'),
			leads: await snapshot(fake, '/leads', 'leads'),
			tags: await snapshot(fake, '/tags', 'tags'),
			jobs: await snapshot(fake, '/jobs', 'jobs'),
			invoices: await snapshot(fake, '/invoices', 'invoices'),
			estimates: await snapshot(fake, '/estimates', 'estimates'),
		});

		// Baselines.
		for (const harness of Object.values(triggers)) expect(await harness.poll()).toBeNull();
		let before = await take();
		let cursorSecond = Math.max(0, ...[...before.customers.values()].map((row) => second(row.updated_at)));
		let jobCursor = Math.max(0, ...[...before.jobs.values()].map((row) => second(row.updated_at)));
		const completedJobs = new Set([...before.jobs.values()].filter((job) => COMPLETE.has(String(job.work_status))).map((job) => String(job.id)));

		const pick = <T>(values: T[]): T | undefined => (values.length ? rng.pick(values) : undefined);
		/** Records already changed in the current second: changing them again leaves updated_at as it is. */
		const changedThisSecond = (object: 'customer' | 'job') =>
			fake.store.list(object).filter((row) => second(row.updated_at) === Math.floor(clock / 1000));
		const ops: Array<() => void> = [
			() => {
				const customer = pick(changedThisSecond('customer'));
				if (customer) fake.store.update('customer', String(customer.id), { notes: `again ${rng.int(0, 1e6)}` });
			},
			() => {
				const job = pick(changedThisSecond('job'));
				if (job) fake.store.update('job', String(job.id), { work_status: rng.pick(WORK_STATUSES) });
			},
			() => fake.store.insert('customer', { first_name: `R${rng.int(0, 1e6)}` }),
			() => {
				const customer = pick(fake.store.list('customer'));
				if (customer) fake.store.update('customer', String(customer.id), { notes: `n${rng.int(0, 1e6)}` });
			},
			() => {
				const customer = pick(fake.store.list('customer'));
				if (customer) fake.store.remove('customer', String(customer.id));
			},
			() => fake.store.insert('lead', { tags: [`t${rng.int(0, 9)}`] }),
			() => {
				const lead = pick(fake.store.list('lead'));
				if (lead) fake.store.update('lead', String(lead.id), { tags: [`t${rng.int(0, 3)}`] });
			},
			() => {
				const lead = pick(fake.store.list('lead'));
				if (lead) fake.store.remove('lead', String(lead.id));
			},
			() => fake.store.insert('tag', { name: `Tag ${rng.int(0, 1e6)}` }),
			() => {
				const tag = pick(fake.store.list('tag'));
				if (tag) fake.store.update('tag', String(tag.id), { name: `Tag ${rng.int(0, 3)}` });
			},
			() => {
				const tag = pick(fake.store.list('tag'));
				if (tag) fake.store.remove('tag', String(tag.id));
			},
			() => {
				const job = pick(fake.store.list('job'));
				if (job) fake.store.update('job', String(job.id), { work_status: rng.pick(WORK_STATUSES) });
			},
			() => {
				const invoice = pick(fake.store.list('invoice'));
				if (invoice) fake.store.update('invoice', String(invoice.id), { status: rng.pick(['open', 'paid', 'paid', 'voided']) });
			},
			() => {
				const option = pick(fake.store.list('estimateOption'));
				if (option) fake.store.update('estimateOption', String(option.id), { approval_status: rng.pick(APPROVALS) });
			},
		];

		let polls = 0;
		let emitted = 0;
		for (let step = 0; step < 30; step++) {
			// Bursts: several changes, often in the very second of the previous poll.
			const burst = rng.int(0, 6);
			for (let i = 0; i < burst; i++) {
				rng.pick(ops)();
				if (rng.chance(0.3)) clock += 1000;
			}
			if (rng.chance(0.5)) clock += rng.int(1, 3) * 1000;

			const after = await take();
			const label = `seed ${seed}, poll ${polls + 1}`;
			const got: Record<string, string[]> = {};
			for (const [name, harness] of Object.entries(triggers)) {
				const items = (await harness.poll())?.[0].map((item) => item.json) ?? [];
				got[name] = items.map((item) => String(name === 'optionApproved' ? (item.option as IDataObject).id : item.id));
				emitted += items.length;
			}
			polls++;

			const customerVisible = visibleChanges(before.customers, after.customers, cursorSecond);
			const customerNew = [...customerVisible].filter((id) => !before.customers.has(id));
			const leadChanged = [...after.leads].filter(([id, row]) => !isDeepStrictEqual(before.leads.get(id), row)).map(([id]) => id);
			const tagChanged = [...after.tags].filter(([id, row]) => !isDeepStrictEqual(before.tags.get(id), row)).map(([id]) => id);
			const jobVisible = visibleChanges(before.jobs, after.jobs, jobCursor);
			const jobsCompleted: string[] = [];
			for (const id of jobVisible) {
				const inStatus = COMPLETE.has(String(after.jobs.get(id)!.work_status));
				if (inStatus && !completedJobs.has(id)) jobsCompleted.push(id);
				if (inStatus) completedJobs.add(id);
				else completedJobs.delete(id);
			}
			const paidBefore = new Set([...before.invoices.values()].filter((row) => row.status === 'paid').map((row) => String(row.id)));
			const paidNow = [...after.invoices.values()].filter((row) => row.status === 'paid').map((row) => String(row.id));
			const approvedBefore = approvedOptions(before.estimates);

			const expected: Record<string, string[]> = {
				customerChanged: sorted(customerVisible),
				customerNew: sorted(customerNew),
				customerUpdated: sorted([...customerVisible].filter((id) => before.customers.has(id))),
				leadChanged: sorted(leadChanged),
				leadDeleted: sorted([...before.leads.keys()].filter((id) => !after.leads.has(id))),
				tagChanged: sorted(tagChanged),
				jobCompleted: sorted(jobsCompleted),
				invoicePaid: sorted(paidNow.filter((id) => !paidBefore.has(id))),
				optionApproved: sorted([...approvedOptions(after.estimates)].filter((id) => !approvedBefore.has(id))),
			};
			const actual = Object.fromEntries(Object.entries(got).map(([name, ids]) => [name, sorted(ids)]));
			expect({ label, ...actual }).toEqual({ label, ...expected });

			cursorSecond = Math.max(cursorSecond, ...[...after.customers.values()].map((row) => second(row.updated_at)));
			jobCursor = Math.max(jobCursor, ...[...after.jobs.values()].map((row) => second(row.updated_at)));
			before = after;
		}
		return { polls, emitted };
	} finally {
		await fake.close();
	}
}

describe('random interleavings of changes and polls', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('seed %i: every change is emitted exactly once, nothing else is', async (seed) => {
		const { polls, emitted } = await runScenario(seed);
		expect(polls).toBe(30);
		// The scenario did exercise the triggers.
		expect(emitted).toBeGreaterThan(20);
	});
});
