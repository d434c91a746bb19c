/**
 * The soak's verdict, as plain functions: what the workflows had to see, given what changed in the
 * fake HCP and when n8n read it, against what n8n's execution records show they saw.
 *
 * Polling ("New or Updated"). A version of a record is one state of it: (id, updated_at) for
 * incremental objects, (id, a field the soak sets to a new value on every change) for full-scan
 * ones. A version lives from the change that made it until the next change of that record.
 * - Required: made after the baseline poll (the first one only remembers what is there), and alive
 *   during the whole read window of at least one poll that succeeded, with a margin on both sides
 *   (request times are taken on arrival; a slow answer is read later). Such a version was the
 *   latest at that poll, so the trigger must emit it.
 * - Lost: a required version never emitted. Duplicated: a version emitted more than once.
 * - Unknown: an emitted version the change log has no record of after the baseline (a phantom, or
 *   a record that had not changed since the baseline emitted anyway).
 * A version alive only partly over a poll (changed while it was read) may or may not be emitted;
 * either is fine, so it is counted apart and never called lost.
 *
 * Webhooks. Each delivery (all attempts of one event) is named by its delivery_id, the SHA-256 of
 * its body, which every attempt resends unchanged and the trigger puts in each item (Housecall Pro
 * sends no event id, and event + record id + event_occurred_at is not one). Every delivery of a
 * selected event must start exactly one execution, whatever its attempts went through: lost when
 * none did, duplicated when more than one did.
 */

export interface Change {
	/** Record id. */
	id: string;
	/** What tells this version apart in an emitted item: updated_at, or the field the soak set. */
	marker: string;
	/** Wall-clock time the change was made. */
	madeAtMs: number;
}

export interface PollRead {
	/** Arrival time of the request. */
	atMs: number;
	/** Status answered; 0 when the connection was dropped. */
	status: number;
}

export interface PollWindow {
	/** When the poll read data: from its first to its last request answered 200 (all its requests when none was). */
	startMs: number;
	endMs: number;
	/** Its last request answered 200, so the poll read what it needed (retries included). */
	succeeded: boolean;
	requests: number;
	/** Arrival of its first and last request, refused ones included. */
	firstAtMs: number;
	lastAtMs: number;
}

/** The key of one version, as emitted items are keyed too. */
export function versionKey(id: string, marker: string): string {
	return `${id}@${marker}`;
}

/**
 * Groups a polled list's requests into polls: one poll's pages and retries come close together,
 * polls a minute apart. Two polls closer than `gapMs` merge into one longer window, which only
 * makes fewer versions required, never more.
 */
export function groupPolls(reads: readonly PollRead[], gapMs: number): PollWindow[] {
	const sorted = [...reads].sort((a, b) => a.atMs - b.atMs);
	const groups: PollRead[][] = [];
	for (const read of sorted) {
		const current = groups[groups.length - 1];
		if (current && read.atMs - current[current.length - 1].atMs <= gapMs) current.push(read);
		else groups.push([read]);
	}
	return groups.map((group) => {
		// A refused attempt read nothing: the data came from the attempts answered 200.
		const answered = group.filter((read) => read.status === 200);
		const span = answered.length ? answered : group;
		return {
			startMs: span[0].atMs,
			endMs: span[span.length - 1].atMs,
			succeeded: group[group.length - 1].status === 200,
			requests: group.length,
			firstAtMs: group[0].atMs,
			lastAtMs: group[group.length - 1].atMs,
		};
	});
}

export interface PollingVerdict {
	changes: number;
	/** Versions made after the baseline poll. */
	versionsAfterBaseline: number;
	required: number;
	/** Versions that changed while some poll read them: emitting them or not is fine. */
	optional: number;
	emittedItems: number;
	emittedVersions: number;
	lost: string[];
	duplicated: string[];
	unknown: string[];
	polls: number;
	succeededPolls: number;
	baselineEndMs: number | undefined;
}

export function checkPolling(input: {
	changes: readonly Change[];
	polls: readonly PollWindow[];
	/** Keys (versionKey) of every item the workflow's executions carry, repeats kept. */
	emitted: readonly string[];
	/** Widening of every poll window on both sides. */
	marginMs: number;
}): PollingVerdict {
	const succeeded = input.polls.filter((poll) => poll.succeeded);
	const baseline = succeeded[0];
	const byRecord = new Map<string, Change[]>();
	for (const change of input.changes) {
		const list = byRecord.get(change.id) ?? [];
		list.push(change);
		byRecord.set(change.id, list);
	}
	// Versions made before the baseline poll started were remembered by it: emitting one is not a change seen.
	const known = new Set(
		input.changes.filter((change) => baseline && change.madeAtMs >= baseline.startMs - input.marginMs).map((change) => versionKey(change.id, change.marker)),
	);
	const required = new Set<string>();
	const optional = new Set<string>();
	let afterBaseline = 0;
	for (const list of byRecord.values()) {
		list.sort((a, b) => a.madeAtMs - b.madeAtMs);
		list.forEach((change, index) => {
			if (!baseline || change.madeAtMs <= baseline.endMs + input.marginMs) return;
			afterBaseline++;
			const from = change.madeAtMs;
			const until = index + 1 < list.length ? list[index + 1].madeAtMs : Number.POSITIVE_INFINITY;
			const key = versionKey(change.id, change.marker);
			const whollySeen = succeeded.some((poll) => poll !== baseline && from < poll.startMs - input.marginMs && until > poll.endMs + input.marginMs);
			if (whollySeen) {
				required.add(key);
				return;
			}
			const partlySeen = succeeded.some((poll) => poll !== baseline && from <= poll.endMs + input.marginMs && until >= poll.startMs - input.marginMs);
			if (partlySeen) optional.add(key);
		});
	}
	const counts = new Map<string, number>();
	for (const key of input.emitted) counts.set(key, (counts.get(key) ?? 0) + 1);
	return {
		changes: input.changes.length,
		versionsAfterBaseline: afterBaseline,
		required: required.size,
		optional: optional.size,
		emittedItems: input.emitted.length,
		emittedVersions: counts.size,
		lost: [...required].filter((key) => !counts.has(key)),
		duplicated: [...counts].filter(([, count]) => count > 1).map(([key]) => key),
		unknown: [...counts.keys()].filter((key) => !known.has(key)),
		polls: input.polls.length,
		succeededPolls: succeeded.length,
		baselineEndMs: baseline?.endMs,
	};
}

export interface DeliveryAttempt {
	deliveryId: number;
	event: string;
	/** delivery_id of the delivery: SHA-256 (hex) of the body. */
	key: string;
	status: number;
}

export interface WebhookVerdict {
	deliveries: number;
	/** Deliveries of the events the trigger listens to. */
	expected: number;
	attempts: number;
	/** Deliveries that needed more than one attempt. */
	retried: number;
	/** Deliveries whose attempts all failed (the sender gave up). */
	neverAccepted: number;
	executions: number;
	lost: string[];
	duplicated: string[];
	unknown: string[];
	/** Two deliveries with the same key (byte-identical bodies): the check cannot tell them apart. */
	indistinct: string[];
}

export function checkWebhooks(input: {
	attempts: readonly DeliveryAttempt[];
	selectedEvents: readonly string[];
	/** Keys of the deliveries the workflow's executions carry, repeats kept. */
	executed: readonly string[];
}): WebhookVerdict {
	const deliveries = new Map<number, { key: string; event: string; attempts: number; accepted: boolean }>();
	for (const attempt of input.attempts) {
		const delivery = deliveries.get(attempt.deliveryId) ?? { key: attempt.key, event: attempt.event, attempts: 0, accepted: false };
		delivery.attempts++;
		if (attempt.status >= 200 && attempt.status < 300) delivery.accepted = true;
		deliveries.set(attempt.deliveryId, delivery);
	}
	const selected = new Set(input.selectedEvents);
	const expected = [...deliveries.values()].filter((delivery) => selected.has(delivery.event));
	const keyUses = new Map<string, number>();
	for (const delivery of expected) keyUses.set(delivery.key, (keyUses.get(delivery.key) ?? 0) + 1);
	const executed = new Map<string, number>();
	for (const key of input.executed) executed.set(key, (executed.get(key) ?? 0) + 1);
	const expectedKeys = new Set(expected.map((delivery) => delivery.key));
	return {
		deliveries: deliveries.size,
		expected: expected.length,
		attempts: input.attempts.length,
		retried: [...deliveries.values()].filter((delivery) => delivery.attempts > 1).length,
		neverAccepted: expected.filter((delivery) => !delivery.accepted).length,
		executions: input.executed.length,
		lost: [...expectedKeys].filter((key) => !executed.has(key)),
		duplicated: [...executed].filter(([key, count]) => count > (keyUses.get(key) ?? 1)).map(([key]) => key),
		unknown: [...executed.keys()].filter((key) => !expectedKeys.has(key)),
		indistinct: [...keyUses].filter(([, count]) => count > 1).map(([key]) => key),
	};
}
