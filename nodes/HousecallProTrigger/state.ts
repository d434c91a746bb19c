import type { IDataObject } from 'n8n-workflow';

import type { Cursor } from './cursor';
import { SHORT_HASH_LENGTH, SHORT_HASH_PATTERN } from './hash';

/**
 * The trigger's memory between polls, as kept in the workflow's static data. Written only after a
 * whole poll succeeded, so a failed poll leaves the previous state in place.
 *
 * Encoded compactly because n8n stores it with the workflow: hashed ids (8 characters each) are
 * concatenated without separators, as are the cursor's id-and-fingerprint pairs (16 characters);
 * a snapshot is `packedId:fingerprint` pairs joined by commas.
 */
export const STATE_VERSION = 1;

export interface TriggerState {
	/** Hash of the settings the state was built for; other settings mean a new baseline. */
	config: string;
	/** Incremental reads: where the previous poll stopped. */
	cursor?: Cursor;
	/** Full reads: packed id -> fingerprint of every record seen. */
	snapshot?: Map<string, string>;
	/** Status events: hashed ids of the records (or estimate options) in the status. */
	members?: Set<string>;
}

export type StatePart = 'cursor' | 'snapshot' | 'members';

function joinHashes(hashes: Iterable<string>): string {
	let out = '';
	for (const hash of hashes) out += hash;
	return out;
}

/** Hashes laid end to end, in order; undefined when the text is not made of them. */
function splitHashes(text: string): string[] | undefined {
	if (text.length % SHORT_HASH_LENGTH !== 0) return undefined;
	const out: string[] = [];
	for (let i = 0; i < text.length; i += SHORT_HASH_LENGTH) {
		const hash = text.slice(i, i + SHORT_HASH_LENGTH);
		if (!SHORT_HASH_PATTERN.test(hash)) return undefined;
		out.push(hash);
	}
	return out;
}

function joinPairs(pairs: ReadonlyMap<string, string>): string {
	let out = '';
	for (const [id, print] of pairs) out += id + print;
	return out;
}

function splitPairs(text: string): Map<string, string> | undefined {
	const hashes = splitHashes(text);
	if (!hashes || hashes.length % 2 !== 0) return undefined;
	const out = new Map<string, string>();
	for (let i = 0; i < hashes.length; i += 2) out.set(hashes[i], hashes[i + 1]);
	return out;
}

export function encodeSnapshot(snapshot: ReadonlyMap<string, string>): string {
	const pairs: string[] = [];
	for (const [key, print] of snapshot) pairs.push(`${key}:${print}`);
	return pairs.join(',');
}

const SNAPSHOT_PAIR = /^[hur][^,:]+:[A-Za-z0-9_-]{8}$/;

export function decodeSnapshot(text: string): Map<string, string> | undefined {
	const out = new Map<string, string>();
	if (text === '') return out;
	for (const pair of text.split(',')) {
		if (!SNAPSHOT_PAIR.test(pair)) return undefined;
		const colon = pair.indexOf(':');
		out.set(pair.slice(0, colon), pair.slice(colon + 1));
	}
	return out;
}

export function encodeState(state: TriggerState): IDataObject {
	const out: IDataObject = { v: STATE_VERSION, cfg: state.config };
	if (state.cursor) {
		out.t = state.cursor.second;
		out.b = joinPairs(state.cursor.handled);
	}
	if (state.snapshot) out.f = encodeSnapshot(state.snapshot);
	if (state.members) out.m = joinHashes(state.members);
	return out;
}

export type DecodeResult =
	| { ok: true; state: TriggerState }
	/** `settings`: built for other settings (expected after an edit); `invalid`: old or damaged. */
	| { ok: false; kind: 'missing' | 'settings' | 'invalid'; reason: string };

/**
 * Reads a stored state back, checking its version, its settings hash and the shape of every part
 * the current settings need. Never throws: whatever is wrong is said in `reason`.
 */
export function decodeState(raw: unknown, expected: { config: string; parts: readonly StatePart[] }): DecodeResult {
	if (raw === undefined || raw === null) return { ok: false, kind: 'missing', reason: 'no state yet' };
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		return { ok: false, kind: 'invalid', reason: `state is ${Array.isArray(raw) ? 'an array' : typeof raw}, not an object` };
	}
	const record = raw as IDataObject;
	if (record.v !== STATE_VERSION) {
		return { ok: false, kind: 'invalid', reason: `state version is ${JSON.stringify(record.v)}, this node writes ${STATE_VERSION}` };
	}
	if (typeof record.cfg !== 'string') return { ok: false, kind: 'invalid', reason: 'state has no settings hash' };
	if (record.cfg !== expected.config) {
		return { ok: false, kind: 'settings', reason: 'the trigger settings changed since the state was written' };
	}
	const state: TriggerState = { config: record.cfg };
	for (const part of expected.parts) {
		if (part === 'cursor') {
			const handled = typeof record.b === 'string' ? splitPairs(record.b) : undefined;
			if (typeof record.t !== 'number' || !Number.isInteger(record.t) || record.t < 0 || !handled) {
				return { ok: false, kind: 'invalid', reason: 'the cursor (t, b) is missing or malformed' };
			}
			state.cursor = { second: record.t, handled };
		} else if (part === 'snapshot') {
			const snapshot = typeof record.f === 'string' ? decodeSnapshot(record.f) : undefined;
			if (!snapshot) return { ok: false, kind: 'invalid', reason: 'the record fingerprints (f) are missing or malformed' };
			state.snapshot = snapshot;
		} else {
			const members = typeof record.m === 'string' ? splitHashes(record.m) : undefined;
			if (!members) return { ok: false, kind: 'invalid', reason: 'the status members (m) are missing or malformed' };
			state.members = new Set(members);
		}
	}
	return { ok: true, state };
}

export interface Resume {
	/** The state to continue from; undefined means a new baseline. */
	previous?: TriggerState;
	/** Emit what is there on this baseline ("Emit Existing Records"). */
	backfill: boolean;
	/** Why a stored state is not used, for the log. */
	log?: { level: 'warn' | 'info'; message: string };
}

/**
 * Where a poll starts. No state: a first baseline, a backfill if asked. State for other settings:
 * the same, after an edit. Old or damaged state: a new baseline without backfill (re-emitting
 * everything after a glitch would flood the workflow), said loudly in the log.
 */
export function resumeFrom(stored: unknown, expected: { config: string; parts: readonly StatePart[] }, emitExisting: boolean): Resume {
	const decoded = decodeState(stored, expected);
	if (decoded.ok) return { previous: decoded.state, backfill: false };
	if (decoded.kind === 'invalid') {
		return {
			backfill: false,
			log: {
				level: 'warn',
				message: `the stored state cannot be used (${decoded.reason}); taking a new baseline, so changes since the last good poll are not emitted`,
			},
		};
	}
	if (decoded.kind === 'settings') return { backfill: emitExisting, log: { level: 'info', message: `${decoded.reason}; taking a new baseline` } };
	return { backfill: emitExisting };
}
