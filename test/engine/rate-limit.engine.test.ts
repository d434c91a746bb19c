/**
 * Many workflows, one account: concurrent executions in one process against the fake HCP with a
 * token-bucket limit (429s without headers, as live). Counts requests and records; asserts no time.
 */
import type { FakeHcp } from '../fake-hcp';
import { runNode } from '../harness';
import { credentialsOf, withFake } from './node-helpers';

const WORKFLOWS = 10;

function customerReads(fake: FakeHcp) {
	return fake.requests.filter((entry) => entry.method === 'GET' && entry.path === '/customers');
}

async function backfills(fake: FakeHcp, count: number) {
	return await Promise.all(
		Array.from({ length: count }, () =>
			runNode({ credentials: credentialsOf(fake), parameters: { resource: 'customer', operation: 'getMany', returnAll: true } }),
		),
	);
}

describe('many workflows, one rate-limited account', () => {
	it('ten backfills at once: every record read once by each, no failed item, every page answered 200 once', async () => {
		await withFake({ size: { customer: 1000 }, latencyMs: 5, rateLimit: { ratePerSecond: 40, burst: 5 } }, async (fake) => {
			fake.clearRequests();
			const results = await backfills(fake, WORKFLOWS);
			const expected = new Set(fake.store.list('customer').map((record) => record.id));
			for (const { items, error } of results) {
				expect(error).toBeUndefined();
				expect(items).toHaveLength(expected.size);
				expect(new Set(items.map((item) => item.json.id))).toEqual(expected);
			}
			const reads = customerReads(fake);
			// The limit was reached (otherwise this proves nothing) ...
			expect(reads.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
			// ... and each workflow's 5 pages were answered exactly once each.
			const answered = reads.filter((entry) => entry.status === 200).map((entry) => entry.query.get('page'));
			expect(answered).toHaveLength(WORKFLOWS * 5);
			for (const page of ['1', '2', '3', '4', '5']) expect(answered.filter((p) => p === page)).toHaveLength(WORKFLOWS);
			expect(reads.every((entry) => entry.status === 200 || entry.status === 429)).toBe(true);
		});
	}, 60_000);

	it('honours Retry-After when the fake sends it', async () => {
		await withFake({ size: { customer: 600 }, rateLimit: { ratePerSecond: 20, burst: 2, retryAfter: true } }, async (fake) => {
			fake.clearRequests();
			const results = await backfills(fake, 3);
			for (const { items, error } of results) {
				expect(error).toBeUndefined();
				expect(new Set(items.map((item) => item.json.id)).size).toBe(600);
			}
			const reads = customerReads(fake);
			const limited = reads.findIndex((entry) => entry.status === 429);
			expect(limited).toBeGreaterThanOrEqual(0);
			// After the first 429 (Retry-After: 1), only requests already on their way arrive (within a
			// few ms); the next one waits out the second. A lower bound: a slow machine only widens it.
			const firstLater = reads.slice(limited + 1).find((entry) => Date.parse(entry.at) > Date.parse(reads[limited].at) + 50);
			expect(firstLater).toBeDefined();
			const gap = Date.parse(firstLater!.at) - Date.parse(reads[limited].at);
			expect(gap).toBeGreaterThanOrEqual(900);
		});
	}, 60_000);

	it('creates under the limit: a refused POST is resent and applied once, never twice', async () => {
		await withFake({ rateLimit: { ratePerSecond: 10, burst: 2 } }, async (fake) => {
			const before = fake.store.list('customer').length;
			fake.clearRequests();
			const names = Array.from({ length: WORKFLOWS }, (_, workflow) => [0, 1].map((item) => ({ name: `Rate ${workflow}-${item}` })));
			const results = await Promise.all(
				names.map((input) =>
					runNode({
						credentials: credentialsOf(fake),
						parameters: { resource: 'customer', operation: 'create', additionalFields: { firstName: '={{ $json.name }}' } },
						input,
					}),
				),
			);
			for (const { error } of results) expect(error).toBeUndefined();
			const posts = fake.requests.filter((entry) => entry.method === 'POST' && entry.path === '/customers');
			expect(posts.some((entry) => entry.status === 429)).toBe(true);
			const created = fake.store.list('customer').slice(before).map((record) => record.first_name);
			expect(created.sort()).toEqual(names.flat().map((input) => input.name).sort());
		});
	}, 60_000);
});
