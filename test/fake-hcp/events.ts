/**
 * Which webhook event a change fires, and which record its payload carries (FIELD-NOTES "Webhooks").
 */
import type { ObjectName } from '../../nodes/shared/table/types';
import { PARENT_LINKS, type ChangeLogEntry, type FakeRecord, type FakeStore } from './store';
import { getObjectSpec, webhookEvent } from './table';
import type { Json } from './util';

function has(object: ObjectName, event: string): boolean {
	return (getObjectSpec(object).events ?? []).includes(event);
}

/** The nearest record up the parent links (itself first) whose object has webhook events. */
function eventOwner(store: FakeStore, object: ObjectName, record: FakeRecord): { object: ObjectName; record: FakeRecord } | undefined {
	let current: { object: ObjectName; record: FakeRecord } | undefined = { object, record };
	for (let depth = 0; current && depth < 4; depth++) {
		if ((getObjectSpec(current.object).events ?? []).length > 0) return current;
		const from: { object: ObjectName; record: FakeRecord } = current;
		current = undefined;
		for (const link of PARENT_LINKS[from.object] ?? []) {
			const parentId = from.record[link.field];
			const parent = typeof parentId === 'string' ? store.raw(link.parent, parentId) : undefined;
			if (parent) {
				current = { object: link.parent, record: parent };
				break;
			}
		}
	}
	return undefined;
}

function changed(before: FakeRecord | undefined, record: FakeRecord, field: string): boolean {
	return before !== undefined && JSON.stringify(before[field]) !== JSON.stringify(record[field]);
}

/** Job and estimate work_status words -> the event a change into them fires. */
function statusEvent(prefix: 'job' | 'estimate', status: string): string | undefined {
	if (status === 'scheduled') return `${prefix}.scheduled`;
	if (status === 'in progress') return `${prefix}.started`;
	if (status.startsWith('complete')) return `${prefix}.completed`;
	if (status.endsWith('canceled')) return `${prefix}.canceled`;
	return undefined;
}

/** The event name a change fires when the writer asked the fake to choose (`event: true`). */
export function nameEvent(store: FakeStore, change: ChangeLogEntry, record: FakeRecord, before?: FakeRecord): string | undefined {
	const object = change.object;
	const owner = eventOwner(store, object, record);
	if (!owner) return undefined;
	// The candidate when the owner's object lists it, else the fallback when listed, else nothing.
	const pick = (candidate: string | undefined, fallback: string): string | undefined =>
		candidate && has(owner.object, candidate) ? candidate : has(owner.object, fallback) ? fallback : undefined;
	if (owner.object !== object) {
		// A sub-resource without events of its own: its owner changed.
		if (object === 'estimateOption') {
			if (change.kind === 'created') return pick('estimate.option.created', 'estimate.updated');
			if (changed(before, record, 'approval_status')) return 'estimate.option.approval_status_changed';
		}
		return pick(undefined, `${owner.object}.updated`);
	}
	const prefix = eventPrefix(object);
	if (change.kind === 'created') return pick(object === 'appointment' ? 'job.appointment.scheduled' : `${prefix}.created`, `${prefix}.updated`);
	if (change.kind === 'deleted') {
		return pick(object === 'appointment' ? 'job.appointment.appointment_discarded' : `${prefix}.deleted`, `${prefix}.updated`);
	}
	switch (object) {
		case 'job': {
			if (changed(before, record, 'work_status')) {
				// Rating a finished job (complete unrated -> complete rated) completes nothing new.
				const wasComplete = String(before?.work_status ?? '').startsWith('complete');
				const event = wasComplete && String(record.work_status).startsWith('complete') ? undefined : statusEvent('job', String(record.work_status));
				return pick(event, 'job.updated');
			}
			const stamps = (record.work_timestamps ?? {}) as Json;
			const stampsBefore = (before?.work_timestamps ?? {}) as Json;
			if (stamps.on_my_way_at && !stampsBefore.on_my_way_at) return 'job.on_my_way';
			return 'job.updated';
		}
		case 'estimate':
			if (changed(before, record, 'work_status')) return pick(statusEvent('estimate', String(record.work_status)), 'estimate.updated');
			return 'estimate.updated';
		case 'appointment': {
			if (changed(before, record, 'start_time') || changed(before, record, 'end_time')) return 'job.appointment.rescheduled';
			const now = new Set((record.dispatched_employees_ids as string[] | undefined) ?? []);
			const then = new Set((before?.dispatched_employees_ids as string[] | undefined) ?? []);
			if ([...then].some((id) => !now.has(id))) return 'job.appointment.appointment_pros_unassigned';
			return 'job.appointment.appointment_pros_assigned';
		}
		case 'invoice': {
			const status = String(record.status);
			if (changed(before, record, 'status')) {
				if (status === 'paid') return 'invoice.paid';
				if (status === 'voided') return 'invoice.voided';
				if (status === 'canceled') return 'invoice.canceled';
			}
			if (changed(before, record, 'sent_at')) return 'invoice.sent';
			if (changed(before, record, 'amount')) return 'invoice.amount_updated';
			return pick(undefined, 'invoice.amount_updated');
		}
		case 'lead':
			if (changed(before, record, 'status')) {
				if (record.status === 'lost') return 'lead.lost';
				if (record.status === 'won') return 'lead.converted';
			}
			return 'lead.updated';
		default:
			return pick(`${prefix}.updated`, `${prefix}.updated`);
	}
}

/** `job.appointment.*` events belong to `appointment`, the rest to their first segment. */
function eventPrefix(object: ObjectName): string {
	const events = getObjectSpec(object).events ?? [];
	const first = events[0] ?? object;
	return object === 'appointment' ? 'job.appointment' : first.split('.')[0];
}

/**
 * The payload's record key and record for an event: the table says which object and key an event
 * carries; the changed record or its nearest parent of that object is rendered.
 */
export function payloadSubject(
	store: FakeStore,
	eventName: string,
	object: ObjectName,
	record: FakeRecord,
): { key: string; object: ObjectName; record: FakeRecord } {
	const known = webhookEvent(eventName);
	if (!known) return { key: eventName.split('.')[0], object, record };
	let current: { object: ObjectName; record: FakeRecord } | undefined = { object, record };
	for (let depth = 0; current && current.object !== known.object && depth < 4; depth++) {
		const from: { object: ObjectName; record: FakeRecord } = current;
		current = undefined;
		for (const link of PARENT_LINKS[from.object] ?? []) {
			const parentId = from.record[link.field];
			const parent = typeof parentId === 'string' ? store.raw(link.parent, parentId) : undefined;
			if (parent) {
				current = { object: link.parent, record: parent };
				break;
			}
		}
	}
	return current && current.object === known.object
		? { key: known.webhookKey, object: current.object, record: current.record }
		: { key: known.webhookKey, object, record };
}
