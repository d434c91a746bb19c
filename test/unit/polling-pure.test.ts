import { CursorWindow, isNewSince, toSecond, BEFORE_EVERYTHING, type Cursor } from '../../nodes/HousecallProTrigger/cursor';
import { diffMembers, diffSnapshots } from '../../nodes/HousecallProTrigger/diff';
import { canonicalJson, fingerprint } from '../../nodes/HousecallProTrigger/fingerprint';
import { shortHash } from '../../nodes/HousecallProTrigger/hash';
import { packId, unpackId } from '../../nodes/HousecallProTrigger/ids';

const T = toSecond('2026-03-01T10:00:00Z')!;

/** Fingerprint of a record `id` whose content is `content`. */
function print(id: string, content = 'v1'): string {
	return shortHash(`${id}|${content}`);
}

function handled(ids: string[]): Map<string, string> {
	return new Map(ids.map((id) => [shortHash(id), print(id)]));
}

function cursor(second: number, ids: string[] = []): Cursor {
	return { second, handled: handled(ids) };
}

/** Runs rows (`[second, id, content]`, already newest first) through a window; returns verdicts and the next cursor. */
function walk(previous: Cursor | undefined, rows: [number, string, string?][]) {
	const window = new CursorWindow(previous);
	const verdicts: string[] = [];
	for (const [second, id, content] of rows) {
		const verdict = window.accept(second, shortHash(id), () => print(id, content));
		verdicts.push(`${id}:${verdict}`);
		if (verdict === 'stop') break;
	}
	return { verdicts, next: window.next(), from: window.previous };
}

describe('toSecond', () => {
	it('reads ISO times to the whole second and refuses the rest', () => {
		expect(toSecond('2026-03-01T10:00:00Z')).toBe(1772359200);
		expect(toSecond('2026-03-01T10:00:00.999Z')).toBe(1772359200);
		expect(toSecond('2026-03-01T12:00:00+02:00')).toBe(1772359200);
		expect(toSecond('yesterday')).toBeUndefined();
		expect(toSecond('')).toBeUndefined();
		expect(toSecond(1772359200)).toBeUndefined();
	});
});

describe('CursorWindow', () => {
	it('takes rows newer than the cursor, stops at the first older one and moves to the newest second', () => {
		const { verdicts, next } = walk(cursor(T, ['a']), [
			[T + 5, 'c'],
			[T + 2, 'b'],
			[T, 'a'],
			[T - 1, 'z'],
			[T - 2, 'never'],
		]);
		expect(verdicts).toEqual(['c:changed', 'b:changed', 'a:handled', 'z:stop']);
		expect(next).toEqual({ second: T + 5, handled: handled(['c']) });
	});

	it('at the cursor second takes only ids not handled then', () => {
		const { verdicts, next } = walk(cursor(T, ['a', 'b']), [
			[T, 'a'],
			[T, 'new1'],
			[T, 'b'],
			[T, 'new2'],
			[T - 1, 'old'],
		]);
		expect(verdicts).toEqual(['a:handled', 'new1:changed', 'b:handled', 'new2:changed', 'old:stop']);
		// Still the same second: every id handled at it is remembered, old and new.
		expect(next).toEqual({ second: T, handled: handled(['a', 'b', 'new1', 'new2']) });
	});

	it('at the cursor second takes a handled record again when its content changed within the second', () => {
		const { verdicts, next } = walk(cursor(T, ['a', 'b']), [
			[T, 'a', 'v2'],
			[T, 'b'],
			[T - 1, 'old'],
		]);
		expect(verdicts).toEqual(['a:changed', 'b:handled', 'old:stop']);
		expect(next.handled.get(shortHash('a'))).toBe(print('a', 'v2'));
	});

	it('keeps ids handled at the cursor second even when this read no longer lists them', () => {
		const { next } = walk(cursor(T, ['gone']), [
			[T, 'x'],
			[T - 1, 'old'],
		]);
		expect(next.handled).toEqual(handled(['gone', 'x']));
	});

	it('leaves the cursor as it was when nothing is newer', () => {
		const previous = cursor(T, ['a']);
		const { verdicts, next } = walk(previous, [[T - 3, 'old']]);
		expect(verdicts).toEqual(['old:stop']);
		expect(next).toBe(previous);
		expect(walk(previous, []).next).toBe(previous);
	});

	it('a baseline takes the newest second with all its ids and stops below it', () => {
		const { verdicts, next, from } = walk(undefined, [
			[T, 'a'],
			[T, 'b'],
			[T, 'c'],
			[T - 1, 'd'],
		]);
		expect(verdicts).toEqual(['a:changed', 'b:changed', 'c:changed', 'd:stop']);
		expect(from?.second).toBe(T);
		expect(next).toEqual({ second: T, handled: handled(['a', 'b', 'c']) });
	});

	it('a baseline of an empty list starts before everything', () => {
		expect(walk(undefined, []).next).toEqual(BEFORE_EVERYTHING);
	});

	it('a backfill takes every row', () => {
		const { verdicts } = walk(BEFORE_EVERYTHING, [
			[T, 'a'],
			[1, 'b'],
		]);
		expect(verdicts).toEqual(['a:changed', 'b:changed']);
	});
});

describe('isNewSince', () => {
	const previous = cursor(T, ['seen']);
	it('calls records created after the cursor new, and older ones updated', () => {
		expect(isNewSince(previous, '2026-03-01T10:00:01Z', shortHash('x'))).toBe(true);
		expect(isNewSince(previous, '2026-03-01T09:59:59Z', shortHash('x'))).toBe(false);
	});
	it('at the cursor second, new only if the id was not handled then', () => {
		expect(isNewSince(previous, '2026-03-01T10:00:00Z', shortHash('x'))).toBe(true);
		expect(isNewSince(previous, '2026-03-01T10:00:00Z', shortHash('seen'))).toBe(false);
	});
	it('without a readable created_at, an update', () => {
		expect(isNewSince(previous, undefined, shortHash('x'))).toBe(false);
		expect(isNewSince(previous, 'soon', shortHash('x'))).toBe(false);
	});
});

describe('canonicalJson', () => {
	it('sorts keys at every level and drops undefined', () => {
		expect(canonicalJson({ b: 1, a: [true, null, 'x', { d: 1, c: undefined }] })).toBe('{"a":[true,null,"x",{"d":1}],"b":1}');
		expect(canonicalJson({ a: 1, b: { c: 2 } })).toBe(canonicalJson({ b: { c: 2 }, a: 1 }));
	});
});

describe('fingerprint', () => {
	it('is the same for the same answer', () => {
		const answer = '{"id":"job_1","schedule":{"start":"2026-03-01T10:00:00Z"},"tags":["a"]}';
		expect(fingerprint(JSON.parse(answer))).toBe(fingerprint(JSON.parse(answer)));
	});
	it('changes with any value, nested or not, and with array order', () => {
		const base = { id: 'job_1', work_status: 'scheduled', schedule: { start: '2026-03-01T10:00:00Z' }, tags: ['a', 'b'] };
		const print = fingerprint(base);
		expect(fingerprint({ ...base, work_status: 'in progress' })).not.toBe(print);
		expect(fingerprint({ ...base, schedule: { start: '2026-03-01T11:00:00Z' } })).not.toBe(print);
		expect(fingerprint({ ...base, tags: ['b', 'a'] })).not.toBe(print);
		expect(fingerprint({ ...base, extra: null })).not.toBe(print);
		expect(fingerprint({ ...base, work_status: 1 })).not.toBe(fingerprint({ ...base, work_status: '1' }));
	});
	it('ignores the signature of presigned links, nested or not, but not the link itself', () => {
		const signed = (file: string, signature: number) => `https://files.example.com/${file}?X-Amz-Signature=${signature}&X-Amz-Expires=3600`;
		const record = (file: string, signature: number) => ({ id: 'job_1', avatar_url: signed(file, signature), attachments: [{ url: signed(file, signature), name: 'a' }] });
		expect(fingerprint(record('a.pdf', 1))).toBe(fingerprint(record('a.pdf', 2)));
		expect(fingerprint(record('a.pdf', 1))).not.toBe(fingerprint(record('b.pdf', 1)));
		expect(fingerprint({ note: 'see https://x.example/a?b=1' })).not.toBe(fingerprint({ note: 'see https://x.example/a?b=2' }));
	});
	it('is 8 url-safe characters', () => {
		expect(fingerprint({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{8}$/);
	});
});

describe('packId / unpackId', () => {
	const hex = '0123456789abcdef0123456789abcdef';
	it('packs prefix+hex and uuids into 23 characters and back', () => {
		expect(packId(`cus_${hex}`, 'cus_')).toHaveLength(23);
		expect(unpackId(packId(`cus_${hex}`, 'cus_'), 'cus_')).toBe(`cus_${hex}`);
		const uuid = '123e4567-e89b-42d3-a456-426614174000';
		expect(packId(uuid)).toHaveLength(23);
		expect(unpackId(packId(uuid))).toBe(uuid);
		expect(unpackId(packId(hex))).toBe(hex);
	});
	it('keeps other ids whole, without the state separators', () => {
		for (const id of ['42', 'job_XYZ', `job_${hex}`, 'a,b:c', 'ÄÖ', `JOB_${hex.toUpperCase()}`]) {
			const packed = packId(id, 'cus_');
			expect(packed).not.toMatch(/[,:]/);
			expect(unpackId(packed, 'cus_')).toBe(id);
		}
	});
	it('refuses what it did not pack', () => {
		expect(unpackId('x123')).toBeUndefined();
		expect(unpackId('hshort')).toBeUndefined();
		expect(unpackId('r%E0%A4%A')).toBeUndefined();
		expect(unpackId('')).toBeUndefined();
	});
});

describe('diffSnapshots', () => {
	const previous = new Map([
		['a', '1'],
		['b', '2'],
		['c', '3'],
	]);
	const current = new Map([
		['a', '1'],
		['b', '9'],
		['d', '4'],
	]);
	it('finds added, changed and removed records in a complete read', () => {
		const diff = diffSnapshots(previous, current, true);
		expect(diff).toMatchObject({ added: ['d'], changed: ['b'], removed: ['c'] });
		expect(diff.next).toEqual(current);
	});
	it('keeps unseen records and reports none removed after an incomplete read', () => {
		const diff = diffSnapshots(previous, current, false);
		expect(diff).toMatchObject({ added: ['d'], changed: ['b'], removed: [] });
		expect(diff.next).toEqual(new Map([...previous, ...current]));
	});
});

describe('diffMembers', () => {
	it('reports only members that entered', () => {
		const diff = diffMembers(new Set(['a', 'b']), new Set(['b', 'c']), true);
		expect(diff.entered).toEqual(['c']);
		expect(diff.next).toEqual(new Set(['b', 'c']));
	});
	it('keeps unseen members after an incomplete read, so they do not enter twice', () => {
		const diff = diffMembers(new Set(['a']), new Set(['c']), false);
		expect(diff.next).toEqual(new Set(['a', 'c']));
	});
});
