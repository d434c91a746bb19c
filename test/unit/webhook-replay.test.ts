import { ReplayMemory, REPLAY_MEMORY_ENTRIES, deliveryKey, processReplayMemory } from '../../nodes/shared/webhook';

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

describe('deliveryKey', () => {
	it('names a delivery by scope, event, record id and occurred_at', () => {
		const key = deliveryKey('wf/node', 'job.completed', 'job_1', '2026-07-24T05:38:14Z');
		expect(key).toBe(deliveryKey('wf/node', 'job.completed', 'job_1', '2026-07-24T05:38:14Z'));
		expect(key).not.toBe(deliveryKey('wf/other', 'job.completed', 'job_1', '2026-07-24T05:38:14Z'));
		expect(key).not.toBe(deliveryKey('wf/node', 'job.paid', 'job_1', '2026-07-24T05:38:14Z'));
		expect(key).not.toBe(deliveryKey('wf/node', 'job.completed', 'job_2', '2026-07-24T05:38:14Z'));
		expect(key).not.toBe(deliveryKey('wf/node', 'job.completed', 'job_1', '2026-07-24T05:38:15Z'));
	});

	it('cannot be forged by separators inside the parts', () => {
		expect(deliveryKey('a|b', 'c', 'd', 'e')).not.toBe(deliveryKey('a', 'b|c', 'd', 'e'));
	});

	it('is undefined when the payload lacks the id or the time', () => {
		expect(deliveryKey('s', 'job.completed', undefined, '2026-07-24T05:38:14Z')).toBeUndefined();
		expect(deliveryKey('s', 'job.completed', '', '2026-07-24T05:38:14Z')).toBeUndefined();
		expect(deliveryKey('s', 'job.completed', 'job_1', undefined)).toBeUndefined();
		expect(deliveryKey('s', 'job.completed', { id: 1 }, '2026-07-24T05:38:14Z')).toBeUndefined();
	});
});
