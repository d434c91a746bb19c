/**
 * The adaptive limiter (nodes/shared/transport/concurrency.ts) on a manual clock: which requests
 * it lets go, and how the window and pace move on fast answers, slow answers and 429s. No wall clock.
 */
import { AdaptiveLimiter, accountKeyOf, INITIAL_WINDOW, pathKind, type Clock, type Outcome, type Ticket } from '../../nodes/shared/transport/concurrency';
import { TokenBuckets } from '../fake-hcp/rate-limit';

class ManualClock implements Clock {
	time = 0;
	private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
	now = () => this.time;
	setTimer = (fn: () => void, ms: number) => {
		const timer = { at: this.time + ms, fn, live: true };
		this.timers.push(timer);
		return () => {
			timer.live = false;
		};
	};
	/** Moves time on, firing due timers in order. */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const due = this.timers.filter((timer) => timer.live && timer.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.time = due.at;
			due.live = false;
			due.fn();
		}
		this.timers = this.timers.filter((timer) => timer.live);
		this.time = end;
	}
}

/** Lets promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Queues `count` acquires and returns the tickets granted so far (in order) as they come. */
function request(limiter: AdaptiveLimiter, count: number, path = '/customers') {
	const granted: Ticket[] = [];
	for (let i = 0; i < count; i++) void limiter.acquire(path).then((ticket) => granted.push(ticket));
	return granted;
}

/** Answers, with `outcome`, every ticket granted since its last call; `answered` counts them all. */
function responder(limiter: AdaptiveLimiter, granted: Ticket[]) {
	let answered = 0;
	return {
		get answered() {
			return answered;
		},
		/** The tickets granted since the last answer, not answered. */
		waiting: () => granted.slice(answered),
		answerAll(outcome: Outcome = 'ok'): Ticket[] {
			const round = granted.slice(answered);
			for (const ticket of round) limiter.release(ticket, outcome);
			answered += round.length;
			return round;
		},
	};
}

describe('AdaptiveLimiter', () => {
	it('starts with INITIAL_WINDOW at once and grows while answers are fast, up to the ceiling', async () => {
		const clock = new ManualClock();
		const limiter = new AdaptiveLimiter(clock, 8);
		const granted = request(limiter, 100);
		await settle();
		expect(granted).toHaveLength(INITIAL_WINDOW);
		const answers = responder(limiter, granted);
		const windows: number[] = [];
		// Each round: 25 ms later, every granted request is answered.
		for (let round = 0; round < 6; round++) {
			clock.advance(25);
			answers.answerAll();
			await settle();
			windows.push(limiter.snapshot().inFlight);
		}
		expect(windows[0]).toBeGreaterThan(INITIAL_WINDOW);
		expect(windows).toEqual([...windows].sort((a, b) => a - b));
		expect(Math.max(...windows)).toBe(8);
		expect(limiter.snapshot().window).toBe(8);
	});

	it('halves the window on an answer much slower than usual, once per round', async () => {
		const clock = new ManualClock();
		const limiter = new AdaptiveLimiter(clock, 8);
		const granted = request(limiter, 200);
		await settle();
		const answers = responder(limiter, granted);
		for (let round = 0; round < 5; round++) {
			clock.advance(20);
			answers.answerAll();
			await settle();
		}
		expect(limiter.snapshot().window).toBe(8);
		// The next round answers after 2 s: every one of the 8 is slow, yet the window halves once.
		clock.advance(2000);
		expect(answers.answerAll()).toHaveLength(8);
		await settle();
		expect(limiter.snapshot().window).toBe(4);
		expect(limiter.counters.windowCuts).toBe(1);
		expect(limiter.snapshot().inFlight).toBe(4);
	});

	it('on a 429 paces requests below the rate that was being accepted, then grows again while requests wait', async () => {
		const clock = new ManualClock();
		const limiter = new AdaptiveLimiter(clock, 8, () => 1);
		const granted = request(limiter, 1000);
		await settle();
		const answers = responder(limiter, granted);
		// 400 ms of fast answers at 10 ms each: the window reaches 8, 80 requests a second and more.
		for (let round = 0; round < 40; round++) {
			clock.advance(10);
			answers.answerAll();
			await settle();
		}
		const acceptedPerSecond = (answers.answered * 1000) / 400;
		clock.advance(10);
		// Every request of the round gets a 429; it counts as one back-off.
		answers.answerAll('rateLimited');
		const pace = limiter.snapshot().pace!;
		expect(pace).toBeDefined();
		expect(pace).toBeLessThan(acceptedPerSecond);
		expect(limiter.counters.paceCuts).toBe(1);
		await settle();
		// The account pauses for 250 ms after the 429: nothing starts.
		clock.advance(249);
		await settle();
		expect(answers.waiting()).toHaveLength(0);
		clock.advance(1);
		await settle();
		// Paced: over one second, about `pace` requests start, not the window's 8 per 10 ms.
		const before = granted.length;
		for (let step = 0; step < 100; step++) {
			clock.advance(10);
			await settle();
			answers.answerAll();
			await settle();
		}
		const started = granted.length - before;
		expect(started).toBeLessThanOrEqual(Math.ceil(pace * 1.2) + 1);
		expect(started).toBeGreaterThanOrEqual(Math.floor(pace * 0.9));
		// Requests kept waiting, so the pace grew.
		expect(limiter.snapshot().pace!).toBeGreaterThan(pace);
	});

	it('pauses the account after a 429, twice as long while 429s follow one another, until an answer comes through', async () => {
		const clock = new ManualClock();
		// random 1: the pause without its jitter (which takes up to half of it off).
		const limiter = new AdaptiveLimiter(clock, 8, () => 1);
		const granted = request(limiter, 100);
		await settle();
		const pauses: number[] = [];
		/** Refuses the newest request (the others fail otherwise) and measures how long until another one is let go. */
		const refuseAndMeasure = async () => {
			const ticket = granted[granted.length - 1];
			const count = granted.length;
			limiter.release(ticket, 'rateLimited');
			for (const other of granted) limiter.release(other, 'failed');
			const refusedAt = clock.time;
			while (granted.length === count && clock.time - refusedAt < 60_000) {
				clock.advance(1);
				await settle();
			}
			pauses.push(clock.time - refusedAt);
		};
		for (let i = 0; i < 3; i++) await refuseAndMeasure();
		expect(pauses).toEqual([250, 500, 1000]);
		// An accepted answer ends the run of refusals: the next pause is short again.
		limiter.release(granted[granted.length - 1], 'ok');
		await settle();
		await refuseAndMeasure();
		expect(pauses[3]).toBe(250);
	});

	it('answers to requests sent before a back-off do not cut again', async () => {
		const clock = new ManualClock();
		const limiter = new AdaptiveLimiter(clock, 8);
		const granted = request(limiter, 2);
		await settle();
		clock.advance(10);
		limiter.release(granted[0], 'rateLimited');
		const afterFirst = limiter.snapshot().window;
		limiter.release(granted[1], 'rateLimited');
		expect(limiter.snapshot().window).toBe(afterFirst);
		expect(afterFirst).toBe(INITIAL_WINDOW / 2);
		expect(limiter.counters.rateLimited).toBe(2);
	});

	it("pauses every request of the account for a Retry-After", async () => {
		const clock = new ManualClock();
		const limiter = new AdaptiveLimiter(clock, 8);
		const first = request(limiter, 1);
		await settle();
		limiter.release(first[0], 'rateLimited', 3000);
		const later = request(limiter, 2);
		await settle();
		expect(later).toHaveLength(0);
		clock.advance(2999);
		await settle();
		expect(later).toHaveLength(0);
		clock.advance(1);
		await settle();
		expect(later.length).toBeGreaterThan(0);
	});

	it('keys accounts on a hash and groups paths by kind', () => {
		const key = accountKeyOf('https://api.housecallpro.com', 'secret-key-123');
		expect(key).not.toContain('secret');
		expect(key).toBe(accountKeyOf('https://api.housecallpro.com', 'secret-key-123'));
		expect(key).not.toBe(accountKeyOf('https://api.housecallpro.com', 'secret-key-124'));
		expect(pathKind('/customers/cus_1a2/addresses')).toBe(pathKind('/customers/cus_9/addresses'));
		expect(pathKind('/customers')).not.toBe(pathKind('/jobs'));
	});
});

describe('fake HCP token bucket', () => {
	it('lets a burst through, then the rate, per key; a refusal costs a token unless told otherwise', () => {
		let now = 0;
		const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 3 }, () => now);
		const takes = (key: string, n: number) => Array.from({ length: n }, () => buckets.take(key).allowed);
		expect(takes('a', 4)).toEqual([true, true, true, false]);
		expect(takes('b', 1)).toEqual([true]);
		// The refusal left the bucket at -1: 100 ms brings it to 0, 200 ms to one token.
		now = 100;
		expect(buckets.take('a').allowed).toBe(false);
		now = 300;
		expect(buckets.take('a')).toEqual({ allowed: true });
		expect(buckets.counts).toEqual({ allowed: 5, refused: 2 });

		const kind = new TokenBuckets({ ratePerSecond: 10, burst: 1, refusedCostsToken: false }, () => now);
		now = 0;
		expect([kind.take('a').allowed, kind.take('a').allowed]).toEqual([true, false]);
		now = 100;
		expect(kind.take('a').allowed).toBe(true);
	});

	it('says when a token is back, in whole seconds and at least one', () => {
		const buckets = new TokenBuckets({ ratePerSecond: 0.25, burst: 1 }, () => 0);
		buckets.take('a');
		expect(buckets.take('a').retryAfterSeconds).toBe(8);
		const fast = new TokenBuckets({ ratePerSecond: 100, burst: 1 }, () => 0);
		fast.take('a');
		expect(fast.take('a').retryAfterSeconds).toBe(1);
	});
});
