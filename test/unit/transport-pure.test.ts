import { encodeQuery, fillPath, MissingPathParameterError } from '../../nodes/shared/transport/query';
import { decideRetry, parseRetryAfter } from '../../nodes/shared/transport/retry';
import { describeHcpError } from '../../nodes/shared/transport/errors';
import { parseListPage } from '../../nodes/shared/transport/paginate';

describe('encodeQuery', () => {
	it('sends arrays with brackets and leaves out empty values', () => {
		expect(encodeQuery({ work_status: ['scheduled', 'completed'], page: 2, q: '', x: undefined })).toBe(
			'work_status[]=scheduled&work_status[]=completed&page=2',
		);
	});
	it('encodes reserved characters', () => {
		expect(encodeQuery({ q: 'a&b=c', 'expand': ['a b'] })).toBe('q=a%26b%3Dc&expand[]=a%20b');
	});
});

describe('fillPath', () => {
	it('fills and encodes placeholders so an id cannot change the path', () => {
		expect(fillPath('/jobs/{job_id}/notes/{note_id}', { job_id: 'job_1', note_id: '../x' })).toBe('/jobs/job_1/notes/..%2Fx');
	});
	it('names the missing parameter', () => {
		expect(() => fillPath('/jobs/{job_id}', { job_id: ' ' })).toThrow(MissingPathParameterError);
		expect(() => fillPath('/jobs/{job_id}', {})).toThrow('job_id');
	});
});

describe('decideRetry', () => {
	const base = { attempt: 1, elapsedMs: 0, now: 0, random: 0.5 };
	it('retries reads on 429, 5xx and resets', () => {
		expect(decideRetry({ ...base, method: 'GET', failure: { status: 429 } }).retry).toBe(true);
		expect(decideRetry({ ...base, method: 'GET', failure: { status: 503 } }).retry).toBe(true);
		expect(decideRetry({ ...base, method: 'GET', failure: { networkCode: 'ECONNRESET' } }).retry).toBe(true);
	});
	it('never retries a write that HCP may have applied', () => {
		expect(decideRetry({ ...base, method: 'POST', failure: { status: 500 } }).retry).toBe(false);
		expect(decideRetry({ ...base, method: 'POST', failure: { networkCode: 'ETIMEDOUT' } }).retry).toBe(false);
		expect(decideRetry({ ...base, method: 'PUT', failure: { networkCode: 'ECONNRESET' } }).retry).toBe(false);
	});
	it('retries a write that surely did not arrive or was refused', () => {
		expect(decideRetry({ ...base, method: 'POST', failure: { status: 429 } }).retry).toBe(true);
		expect(decideRetry({ ...base, method: 'POST', failure: { networkCode: 'ECONNREFUSED' } }).retry).toBe(true);
	});
	it('does not retry client errors', () => {
		expect(decideRetry({ ...base, method: 'GET', failure: { status: 422 } }).retry).toBe(false);
	});
	it('honours Retry-After', () => {
		const decision = decideRetry({ ...base, method: 'GET', failure: { status: 429, retryAfter: '7' } });
		expect(decision.delayMs).toBeGreaterThanOrEqual(7000);
	});
	it('backs off exponentially with a cap and stops at the attempt limit and budget', () => {
		const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, maxTotalMs: 10_000 };
		const delays = [1, 2, 3].map(
			(attempt) => decideRetry({ ...base, random: 0.999, attempt, policy, method: 'GET', failure: { status: 503 } }).delayMs,
		);
		expect(delays[0]).toBeLessThan(delays[1]);
		expect(delays[2]).toBeLessThanOrEqual(300);
		expect(decideRetry({ ...base, attempt: 4, policy, method: 'GET', failure: { status: 503 } }).retry).toBe(false);
		expect(
			decideRetry({ ...base, elapsedMs: 9_990, policy, method: 'GET', failure: { status: 503 } }).retry,
		).toBe(false);
	});
	it('keeps retrying 429 past the attempt limit, until the time budget is spent', () => {
		const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300, maxTotalMs: 10_000 };
		const at = (attempt: number, elapsedMs: number) => decideRetry({ ...base, random: 0.999, attempt, elapsedMs, policy, method: 'POST', failure: { status: 429 } });
		expect(at(4, 0).retry).toBe(true);
		expect(at(20, 9_000)).toMatchObject({ retry: true, delayMs: 300 });
		expect(at(21, 9_800)).toMatchObject({ retry: false, reason: expect.stringMatching(/429.*10 s retry budget/) });
	});

	it('parses Retry-After as seconds or a date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
	});
});

describe('describeHcpError', () => {
	it('reads each of the error shapes', () => {
		expect(describeHcpError(400, { message: 'bad' }).message).toBe('bad');
		expect(describeHcpError(400, { error: { message: 'nested' } }).message).toBe('nested');
		expect(describeHcpError(404, { error: 'plain' }).message).toBe('plain');
		expect(describeHcpError(422, { errors: { status: ['must be an array'] } }).fieldErrors).toEqual([
			'status: must be an array',
		]);
		expect(describeHcpError(400, { message: 'Invalid', attr: ['name'] }).fieldErrors).toEqual(['fields: name']);
		expect(describeHcpError(404, '<!DOCTYPE html><html>nope</html>').message).toMatch(/Not found/);
	});
	it('explains 401 with the likely causes', () => {
		expect(describeHcpError(401, { message: 'Unauthorized' }).message).toMatch(/MAX/);
	});
});

describe('parseListPage', () => {
	it('reads the paged envelope', () => {
		const page = parseListPage({ envelope: 'paged', key: 'jobs', pageSizeParam: 'page_size' }, { page: 1, total_pages: 3, total_items: 25, jobs: [{ id: 'a' }] });
		expect(page).toEqual({ rows: [{ id: 'a' }], totalPages: 3, totalItems: 25 });
	});
	it('says when a paged answer names no page total, so the reader goes on until a short page', () => {
		const page = parseListPage({ envelope: 'paged', key: 'checklists', pageSizeParam: 'per_page' }, { checklists: [{ id: 'a' }] });
		expect(page).toEqual({ rows: [{ id: 'a' }], totalPages: 1, totalItems: undefined, totalKnown: false });
	});
	it('reads the price-book envelope, deriving pages from the count when absent', () => {
		const list = { envelope: 'priceBook', key: 'data', pageSizeParam: 'page_size' } as const;
		expect(parseListPage(list, { object: 'list', total_pages_count: 4, data: [] }).totalPages).toBe(4);
		expect(parseListPage(list, { object: 'list', page_size: 10, total_count: 31, data: [] }).totalPages).toBe(4);
	});
	it('reads unpaged envelopes as one page', () => {
		expect(parseListPage({ envelope: 'dataList', key: 'data' }, { object: 'list', data: [{ id: 1 }], url: '/x' }).totalPages).toBe(1);
		expect(parseListPage({ envelope: 'keyed', key: 'appointments' }, { appointments: [] }).rows).toEqual([]);
	});
	it('refuses a body that is not an envelope', () => {
		expect(() => parseListPage({ envelope: 'paged', key: 'jobs' }, [1])).toThrow('array');
	});
});
