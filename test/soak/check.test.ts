import { checkPolling, checkWebhooks, groupPolls, versionKey, type Change, type PollWindow } from './check';

const MARGIN = 1000;
const poll = (startMs: number, endMs = startMs + 100, succeeded = true): PollWindow => ({ startMs, endMs, succeeded, requests: 1, firstAtMs: startMs, lastAtMs: endMs });
const change = (id: string, marker: string, madeAtMs: number): Change => ({ id, marker, madeAtMs });

describe('groupPolls', () => {
	test('splits reads a minute apart and merges retries; a poll succeeded when its last read answered 200 and read data only then', () => {
		const polls = groupPolls(
			[
				{ atMs: 60_000, status: 200 },
				{ atMs: 0, status: 429 },
				{ atMs: 700, status: 200 },
				{ atMs: 120_000, status: 503 },
				{ atMs: 121_000, status: 0 },
			],
			25_000,
		);
		expect(polls).toEqual([
			{ startMs: 700, endMs: 700, succeeded: true, requests: 2, firstAtMs: 0, lastAtMs: 700 },
			{ startMs: 60_000, endMs: 60_000, succeeded: true, requests: 1, firstAtMs: 60_000, lastAtMs: 60_000 },
			{ startMs: 120_000, endMs: 121_000, succeeded: false, requests: 2, firstAtMs: 120_000, lastAtMs: 121_000 },
		]);
	});
});

describe('checkPolling', () => {
	const polls = [poll(0), poll(60_000), poll(120_000)];

	test('a version alive over a later poll is required; one replaced between polls is not', () => {
		const changes = [change('a', 'v1', 10_000), change('a', 'v2', 20_000), change('b', 'v1', 30_000)];
		const verdict = checkPolling({ changes, polls, emitted: [versionKey('a', 'v2'), versionKey('b', 'v1')], marginMs: MARGIN });
		expect(verdict).toMatchObject({ required: 2, optional: 0, lost: [], duplicated: [], unknown: [], versionsAfterBaseline: 3 });
	});

	test('a required version never emitted is lost; one emitted twice is duplicated', () => {
		const changes = [change('a', 'v1', 10_000), change('b', 'v1', 70_000)];
		const verdict = checkPolling({ changes, polls, emitted: [versionKey('a', 'v1'), versionKey('a', 'v1')], marginMs: MARGIN });
		expect(verdict.lost).toEqual([versionKey('b', 'v1')]);
		expect(verdict.duplicated).toEqual([versionKey('a', 'v1')]);
	});

	test('a version replaced while a poll read it is optional, never lost', () => {
		// v1 lives from 50 s to 60.05 s, i.e. into the poll at 60 s; it was the latest only for part of that read.
		const changes = [change('a', 'v1', 50_000), change('a', 'v2', 60_050)];
		const verdict = checkPolling({ changes, polls, emitted: [versionKey('a', 'v2')], marginMs: MARGIN });
		expect(verdict).toMatchObject({ required: 1, optional: 1, lost: [] });
	});

	test('failed polls require nothing; the first successful poll is the baseline', () => {
		const withFailure = [poll(0, 100, false), poll(10_000), poll(60_000, 60_100, false), poll(120_000)];
		const changes = [change('a', 'v1', 5_000), change('b', 'v1', 30_000), change('b', 'v2', 90_000)];
		const verdict = checkPolling({ changes, polls: withFailure, emitted: [versionKey('b', 'v2')], marginMs: MARGIN });
		// a@v1 predates the baseline at 10 s; b@v1 was replaced before the next successful poll.
		expect(verdict).toMatchObject({ baselineEndMs: 10_100, required: 1, lost: [], succeededPolls: 2, polls: 4 });
	});

	test('an emitted version the change log does not know after the baseline is unknown', () => {
		const changes = [change('a', 'v1', -30_000), change('b', 'v1', 10_000)];
		const verdict = checkPolling({ changes, polls, emitted: [versionKey('a', 'v1'), versionKey('b', 'v1'), versionKey('c', 'v9')], marginMs: MARGIN });
		expect(verdict.unknown).toEqual([versionKey('a', 'v1'), versionKey('c', 'v9')]);
	});
});

describe('checkWebhooks', () => {
	const attempt = (deliveryId: number, key: string, status: number, event = 'customer.updated') => ({ deliveryId, key, status, event });

	test('every delivery of a selected event needs exactly one execution, whatever its attempts went through', () => {
		const verdict = checkWebhooks({
			attempts: [
				attempt(1, 'k1', 200),
				attempt(2, 'k2', 0),
				attempt(2, 'k2', 404),
				attempt(2, 'k2', 200),
				attempt(3, 'k3', 0),
				attempt(3, 'k3', 0),
				attempt(4, 'k4', 200, 'job.updated'),
			],
			selectedEvents: ['customer.updated'],
			executed: ['k1', 'k2', 'k2', 'k9'],
		});
		expect(verdict).toMatchObject({
			deliveries: 4,
			expected: 3,
			attempts: 7,
			retried: 2,
			neverAccepted: 1,
			executions: 4,
			lost: ['k3'],
			duplicated: ['k2'],
			unknown: ['k9'],
			indistinct: [],
		});
	});

	test('two deliveries with one key are reported as indistinct, and two executions of them are not duplicates', () => {
		const verdict = checkWebhooks({ attempts: [attempt(1, 'k', 200), attempt(2, 'k', 200)], selectedEvents: ['customer.updated'], executed: ['k', 'k'] });
		expect(verdict).toMatchObject({ indistinct: ['k'], duplicated: [], lost: [] });
	});
});
