import { getOperation, OBJECTS, type ListSpec, type ObjectSpec, type Operation } from '../shared/table';
import type { Query } from '../shared/transport/query';
import { RECORD_EVENTS, STATUS_EVENTS, type RecordEvent, type StatusEvent } from './events';
import { canonicalJson } from './fingerprint';
import { shortHash } from './hash';
import type { StatePart } from './state';

/**
 * How a poll reads:
 * - `incremental`: changes since the cursor, newest first (objects with `updated_at`);
 * - `scan`: the whole list, compared with the previous fingerprints;
 * - `statusIncremental`: changes since the cursor, checked against the set of records in the status;
 * - `statusScan`: the whole (filtered) list, compared with the set of records in the status.
 */
export type Strategy = 'incremental' | 'scan' | 'statusIncremental' | 'statusScan';

export interface TriggerSettings {
	object: string;
	event: string;
	/** Query parameters from the node's fields (filters and required parameters). */
	query: Query;
}

export interface PollPlan {
	object: ObjectSpec;
	operation: Operation;
	list: ListSpec;
	strategy: Strategy;
	recordEvent?: RecordEvent;
	statusEvent?: StatusEvent;
	query: Query;
	/** Hash of the settings; state built for other settings is not reused. */
	config: string;
	parts: StatePart[];
}

/** Objects the trigger offers: every object the table lists with a top-level list operation. */
export function listableObjects(): ObjectSpec[] {
	return OBJECTS.filter((object) => object.listOperation !== undefined);
}

/** Incremental reads need records that carry `updated_at` and a list that sorts by it. */
export function readsIncrementally(object: ObjectSpec): boolean {
	if (!object.updatedAt || !object.listOperation) return false;
	return getOperation(object.listOperation).list?.sortFields?.includes('updated_at') ?? false;
}

const PARTS: Record<Strategy, StatePart[]> = {
	incremental: ['cursor'],
	scan: ['snapshot'],
	statusIncremental: ['cursor', 'members'],
	statusScan: ['members'],
};

export function buildPlan(settings: TriggerSettings): PollPlan {
	const object = listableObjects().find((candidate) => candidate.name === settings.object);
	if (!object?.listOperation) throw new Error(`The trigger cannot watch "${settings.object}": it is not a listable Housecall Pro object`);
	const operation = getOperation(object.listOperation);
	if (!operation.list) throw new Error(`The table gives no list shape for ${operation.key}`);
	const recordEvent = RECORD_EVENTS.find((event) => event.value === settings.event)?.value;
	const statusEvent = STATUS_EVENTS.find((event) => event.value === settings.event && event.object === object.name);
	if (!recordEvent && !statusEvent) {
		throw new Error(`The event "${settings.event}" does not exist for ${object.displayName} records`);
	}

	let strategy: Strategy;
	if (recordEvent) {
		strategy = recordEvent !== 'deleted' && readsIncrementally(object) ? 'incremental' : 'scan';
	} else {
		// An estimate option's approval leaves the estimate's updated_at as it was (FIELD-NOTES), so
		// watched elements always need the whole list.
		strategy = readsIncrementally(object) && !statusEvent!.within ? 'statusIncremental' : 'statusScan';
	}
	const query: Query = { ...settings.query };
	if (statusEvent?.filter) delete query[statusEvent.filter.param];
	const config = shortHash(canonicalJson({ object: object.name, event: settings.event, query }));
	return { object, operation, list: operation.list, strategy, recordEvent, statusEvent, query, config, parts: PARTS[strategy] };
}

/** The query narrowing a read to the records in the event's status, where the list can filter. */
export function statusQuery(plan: PollPlan): Query {
	const filter = plan.statusEvent?.filter;
	if (!filter) return plan.query;
	const param = plan.operation.query?.find((candidate) => candidate.name === filter.param);
	if (!param) return plan.query;
	return { ...plan.query, [filter.param]: param.array ? [...filter.values] : filter.values[0] };
}
