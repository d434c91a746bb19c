import type { ObjectName } from '../shared/table/types';

/** Events about records of any listable object. */
export type RecordEvent = 'new' | 'updated' | 'newOrUpdated' | 'deleted';

/** Names end in "Record": they sit in one list with the status events ("Job Completed"). */
export const RECORD_EVENTS: readonly { value: RecordEvent; name: string; description: string }[] = [
	{ value: 'new', name: 'New Record', description: 'A record of the chosen object was created' },
	{ value: 'updated', name: 'Updated Record', description: 'An existing record of the chosen object changed' },
	{ value: 'newOrUpdated', name: 'New or Updated Record', description: 'A record of the chosen object was created or changed' },
	{
		value: 'deleted',
		name: 'Deleted Record',
		description: 'A record of the chosen object disappeared from its list. Reads the whole list on every poll.',
	},
];

/**
 * A record (or an estimate option) entering a status: the changes HCP announces only by webhook.
 * `field`/`values` are the words records answer with; `filter` narrows the read with the words the
 * list filter takes (FIELD-NOTES "Values": they differ for jobs).
 */
export interface StatusEvent {
	value: string;
	name: string;
	description: string;
	object: ObjectName;
	field: string;
	values: readonly string[];
	/** List query parameter (a name from the table) and the values that select the status. */
	filter?: { param: string; values: readonly string[] };
	/** Watch the elements of this array field instead of the record (estimate options). */
	within?: { field: string; object: ObjectName };
	/** Key of the watched element in the emitted item (with `within`). */
	itemKey?: string;
}

export const STATUS_EVENTS: readonly StatusEvent[] = [
	{
		value: 'jobScheduled',
		name: 'Job Scheduled',
		description: 'A job moved to the scheduled status',
		object: 'job',
		field: 'work_status',
		values: ['scheduled'],
		filter: { param: 'work_status', values: ['scheduled'] },
	},
	{
		value: 'jobCompleted',
		name: 'Job Completed',
		description: 'A job was finished (complete, rated or not)',
		object: 'job',
		field: 'work_status',
		values: ['complete unrated', 'complete rated'],
		filter: { param: 'work_status', values: ['completed'] },
	},
	{
		value: 'jobCanceled',
		name: 'Job Canceled',
		description: 'A job was canceled by the customer or the pro',
		object: 'job',
		field: 'work_status',
		values: ['user canceled', 'pro canceled'],
		filter: { param: 'work_status', values: ['canceled'] },
	},
	{
		value: 'invoicePaid',
		name: 'Invoice Paid',
		description: 'An invoice became paid',
		object: 'invoice',
		field: 'status',
		values: ['paid'],
		filter: { param: 'status', values: ['paid'] },
	},
	{
		value: 'estimateOptionApproved',
		name: 'Estimate Option Approved',
		description: 'The customer or the pro approved an option of an estimate. Reads all estimates on every poll.',
		object: 'estimate',
		field: 'approval_status',
		values: ['approved', 'pro approved'],
		within: { field: 'options', object: 'estimateOption' },
		itemKey: 'option',
	},
	{
		value: 'estimateOptionDeclined',
		name: 'Estimate Option Declined',
		description: 'The customer or the pro declined an option of an estimate. Reads all estimates on every poll.',
		object: 'estimate',
		field: 'approval_status',
		values: ['declined', 'pro declined'],
		within: { field: 'options', object: 'estimateOption' },
		itemKey: 'option',
	},
	{
		value: 'leadWon',
		name: 'Lead Won',
		description: 'A lead was marked won',
		object: 'lead',
		field: 'status',
		values: ['won'],
		filter: { param: 'status', values: ['won'] },
	},
	{
		value: 'leadLost',
		name: 'Lead Lost',
		description: 'A lead was marked lost',
		object: 'lead',
		field: 'status',
		values: ['lost'],
		filter: { param: 'status', values: ['lost'] },
	},
];

export function isInStatus(event: StatusEvent, record: Record<string, unknown>): boolean {
	const value = record[event.field];
	return typeof value === 'string' && event.values.includes(value);
}
