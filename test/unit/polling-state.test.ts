import { shortHash } from '../../nodes/HousecallProTrigger/hash';
import { packId } from '../../nodes/HousecallProTrigger/ids';
import { decodeState, encodeState, STATE_VERSION, type TriggerState } from '../../nodes/HousecallProTrigger/state';

const full: TriggerState = {
	config: shortHash('settings'),
	cursor: {
		second: 1772359200,
		handled: new Map([
			[shortHash('job_1'), shortHash('v1')],
			[shortHash('job_2'), shortHash('v2')],
		]),
	},
	snapshot: new Map([
		[packId('cus_0123456789abcdef0123456789abcdef', 'cus_'), shortHash('v1')],
		[packId('odd,id'), shortHash('v2')],
	]),
	members: new Set([shortHash('a'), shortHash('b'), shortHash('c')]),
};
const allParts = { config: full.config, parts: ['cursor', 'snapshot', 'members'] as const };

describe('state codec', () => {
	it('round-trips every part through JSON, as n8n stores it', () => {
		const stored = JSON.parse(JSON.stringify(encodeState(full)));
		const decoded = decodeState(stored, allParts);
		expect(decoded).toEqual({ ok: true, state: full });
	});

	it('round-trips empty parts', () => {
		const empty: TriggerState = { config: 'c', cursor: { second: 0, handled: new Map() }, snapshot: new Map(), members: new Set() };
		expect(decodeState(encodeState(empty), { config: 'c', parts: ['cursor', 'snapshot', 'members'] })).toEqual({ ok: true, state: empty });
	});

	it('keeps hashed ids at 8 bytes and a snapshot entry of a prefixed id at 33 bytes', () => {
		const members = new Set(Array.from({ length: 100 }, (_, i) => shortHash(`job_${i}`)));
		expect(String(encodeState({ config: 'c', members }).m)).toHaveLength(800);
		const snapshot = new Map(
			Array.from({ length: 100 }, (_, i) => [packId(`cus_${i.toString(16).padStart(32, '0')}`, 'cus_'), shortHash(`v${i}`)] as const),
		);
		// 23 (packed id) + 1 (:) + 8 (fingerprint) + 1 (,) per record, less the last comma.
		expect(String(encodeState({ config: 'c', snapshot }).f)).toHaveLength(100 * 33 - 1);
	});

	it('says when there is no state, and when it was built for other settings', () => {
		expect(decodeState(undefined, allParts)).toMatchObject({ ok: false, kind: 'missing' });
		expect(decodeState(encodeState(full), { ...allParts, config: 'other' })).toMatchObject({ ok: false, kind: 'settings' });
	});

	it.each([
		['a string', 'cursor=5'],
		['an array', [1, 2]],
		['another version', { ...encodeState(full), v: STATE_VERSION + 1 }],
		['no version (an older layout)', { cursor: '2026-03-01T10:00:00Z', ids: ['job_1'] }],
		['no settings hash', { ...encodeState(full), cfg: undefined }],
		['a fractional cursor', { ...encodeState(full), t: 1.5 }],
		['a negative cursor', { ...encodeState(full), t: -1 }],
		['a cursor as text', { ...encodeState(full), t: '1772359200' }],
		['cursor pairs of the wrong length', { ...encodeState(full), b: 'abc' }],
		['a cursor id without fingerprint', { ...encodeState(full), b: 'abcdefgh' }],
		['cursor pairs with foreign characters', { ...encodeState(full), b: 'abcdefg!abcdefgh' }],
		['a snapshot pair without fingerprint', { ...encodeState(full), f: 'habc:' }],
		['a snapshot with an unknown id tag', { ...encodeState(full), f: `x12:${shortHash('v')}` }],
		['a snapshot that is a list', { ...encodeState(full), f: ['a'] }],
		['members cut short', { ...encodeState(full), m: 'abcdefgh123' }],
		['missing members', { ...encodeState(full), m: undefined }],
	])('calls state with %s invalid, naming the problem', (_label, raw) => {
		const decoded = decodeState(raw, allParts);
		expect(decoded.ok).toBe(false);
		if (!decoded.ok) {
			expect(decoded.kind).toBe('invalid');
			expect(decoded.reason.length).toBeGreaterThan(10);
		}
	});

	it('checks only the parts the settings need', () => {
		const onlyCursor = { v: STATE_VERSION, cfg: 'c', t: 5, b: '' };
		expect(decodeState(onlyCursor, { config: 'c', parts: ['cursor'] }).ok).toBe(true);
		expect(decodeState(onlyCursor, { config: 'c', parts: ['snapshot'] }).ok).toBe(false);
	});
});
