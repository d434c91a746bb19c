import { createHash } from 'node:crypto';

import { ReplayMemory, REPLAY_MEMORY_ENTRIES, deliveryId, processReplayMemory, replayKey } from '../../nodes/HousecallProWebhookTrigger';

describe('ReplayMemory', () => {
	it('reports a key seen within the window, and forgets it after', () => {
		const memory = new ReplayMemory(10);
		expect(memory.seenBefore('a', 1_000, 300_000)).toBe(false);
		expect(memory.seenBefore('a', 1_001, 300_000)).toBe(true);
		expect(memory.seenBefore('a', 300_999, 300_000)).toBe(true);
		expect(memory.seenBefore('a', 301_000, 300_000)).toBe(false);
		// Remembered again from the new acceptance.
		expect(memory.seenBefore('a', 301_001, 300_000)).toBe(true);
	});

	it('keeps keys apart', () => {
		const memory = new ReplayMemory(10);
		expect(memory.seenBefore('a', 0, 1000)).toBe(false);
		expect(memory.seenBefore('b', 0, 1000)).toBe(false);
		expect(memory.seenBefore('a', 1, 1000)).toBe(true);
		expect(memory.seenBefore('b', 1, 1000)).toBe(true);
	});

	it('never holds more than its bound, dropping the oldest first', () => {
		const memory = new ReplayMemory(3);
		for (const key of ['k1', 'k2', 'k3', 'k4']) memory.seenBefore(key, 0, 60_000);
		expect(memory.size).toBe(3);
		expect(memory.seenBefore('k4', 1, 60_000)).toBe(true);
		expect(memory.seenBefore('k3', 1, 60_000)).toBe(true);
		// k1 was evicted, so it counts as new (and in turn evicts k2).
		expect(memory.seenBefore('k1', 1, 60_000)).toBe(false);
		expect(memory.size).toBe(3);
		expect(memory.seenBefore('k2', 1, 60_000)).toBe(false);
	});

	it('stays at its bound under a flood of distinct keys', () => {
		const memory = new ReplayMemory(1000);
		for (let i = 0; i < 50_000; i++) memory.seenBefore(`key-${i}`, i, 3_600_000);
		expect(memory.size).toBe(1000);
		expect(memory.seenBefore('key-49999', 50_000, 3_600_000)).toBe(true);
		expect(memory.seenBefore('key-0', 50_000, 3_600_000)).toBe(false);
	});

	it('drops expired entries as time passes', () => {
		const memory = new ReplayMemory(100);
		for (let i = 0; i < 50; i++) memory.seenBefore(`old-${i}`, 0, 1000);
		expect(memory.size).toBe(50);
		memory.seenBefore('new', 5000, 1000);
		expect(memory.size).toBe(1);
	});

	it('keeps a key registered again when its older registration is dropped', () => {
		const memory = new ReplayMemory(3);
		memory.seenBefore('x', 0, 100_000); // long window: stays at the head
		memory.seenBefore('a', 0, 1_000); // expires behind x
		expect(memory.seenBefore('a', 2_000, 1_000)).toBe(false); // expired, so new again (until 3000)
		memory.seenBefore('c', 2_000, 100_000); // full: drops x
		memory.seenBefore('d', 2_000, 100_000); // full: drops a's first registration only
		expect(memory.seenBefore('a', 2_500, 1_000)).toBe(true);
		expect(memory.size).toBeLessThanOrEqual(3);
	});

	it('refuses a bound that is not a positive whole number', () => {
		expect(() => new ReplayMemory(0)).toThrow(/positive whole number/);
		expect(() => new ReplayMemory(1.5)).toThrow(/positive whole number/);
	});

	it('is bounded for the whole process', () => {
		expect(processReplayMemory.maxEntries).toBe(REPLAY_MEMORY_ENTRIES);
		expect(REPLAY_MEMORY_ENTRIES).toBeLessThanOrEqual(100_000);
	});
});

describe('deliveryId and replayKey', () => {
	const body = (payload: unknown) => Buffer.from(JSON.stringify(payload));
	const noteAdded = { event: 'job.updated', event_occurred_at: '2026-07-24T05:38:14Z', job: { id: 'job_1', notes: [{ id: 'n1' }] } };
	const lineItemAdded = { ...noteAdded, job: { ...noteAdded.job, line_items: [{ id: 'li1' }] } };

	it('is the lowercase hex SHA-256 of the raw bytes', () => {
		const raw = body(noteAdded);
		expect(deliveryId(raw)).toBe(createHash('sha256').update(raw).digest('hex'));
		expect(deliveryId(raw)).toMatch(/^[0-9a-f]{64}$/);
		expect(deliveryId(Buffer.from(raw))).toBe(deliveryId(raw));
	});

	it('tells apart two changes of one job in the same second, and the same JSON sent as other bytes', () => {
		expect(deliveryId(body(noteAdded))).not.toBe(deliveryId(body(lineItemAdded)));
		expect(deliveryId(Buffer.from(JSON.stringify(noteAdded, null, 1)))).not.toBe(deliveryId(body(noteAdded)));
	});

	it('keys one delivery per trigger node, and cannot be forged by separators inside the parts', () => {
		const id = deliveryId(body(noteAdded));
		expect(replayKey('wf/node', id)).toBe(replayKey('wf/node', id));
		expect(replayKey('wf/node', id)).not.toBe(replayKey('wf/other', id));
		expect(replayKey('a","b', 'c')).not.toBe(replayKey('a', 'b","c'));
	});
});
