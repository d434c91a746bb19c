import type { INodePropertyOptions } from 'n8n-workflow';

import { WEBHOOK_EVENTS, type WebhookEvent } from '../shared/table';
import { titleCase } from '../shared/queryProperty';

/** Selecting this value accepts every event, including ones Housecall Pro adds later. */
export const ALL_EVENTS = '*';

const eventsByName = new Map<string, WebhookEvent>(WEBHOOK_EVENTS.map((event) => [event.name, event]));

const UI_NAMES: Readonly<Record<string, string>> = {
	// FIELD-NOTES "Webhooks": the payload says employee.created, Housecall Pro's screen says pro.created.
	'employee.created': 'pro.created',
};

/**
 * "job.appointment.appointment_pros_assigned" -> "Job Appointment Pros Assigned": the object words,
 * then the action without repeating the object's last word (HCP's names sometimes do).
 */
function eventWords(name: string): string {
	const segments = name.split('.');
	const objectWords = segments.slice(0, -1).flatMap((segment) => segment.split('_'));
	let actionWords = segments[segments.length - 1].split('_');
	const lastObjectWord = objectWords[objectWords.length - 1];
	if (actionWords.length > 1 && actionWords[0] === lastObjectWord) actionWords = actionWords.slice(1);
	return titleCase([...objectWords, ...actionWords].join(' '));
}

/** " (pro.created in Housecall Pro)" where Housecall Pro's screens name the event otherwise. */
function uiNameSuffix(name: string): string {
	const uiName = UI_NAMES[name];
	return uiName ? ` (${uiName} in Housecall Pro)` : '';
}

export function eventLabel(name: string): string {
	return `${eventWords(name)}${uiNameSuffix(name)}`;
}

/** "On job completed", "On employee created (pro.created in Housecall Pro)". */
function eventAction(name: string): string {
	return `On ${eventWords(name).toLowerCase()}${uiNameSuffix(name)}`;
}

// Facts a user needs when choosing, from FIELD-NOTES "Webhooks".
const HINTS: Readonly<Record<string, string>> = {
	'estimate.option.created': 'the record is the whole estimate',
	'estimate.option.approval_status_changed':
		'the record is the whole estimate; the approval is in options[].approval_status',
	'lead.deleted': 'Housecall Pro does not send it reliably',
};

function eventDescription(event: WebhookEvent): string {
	const uiName = UI_NAMES[event.name];
	const parts = [HINTS[event.name] ?? `the record is the ${event.webhookKey}`];
	if (uiName) parts.push(`Housecall Pro's webhook settings call it "${uiName}"`);
	return `Event "${event.name}": ${parts.join('; ')}`;
}

/**
 * Options for the Events field, straight from the table. Sorted by label, which keeps each object's
 * events together ("Estimate Option ..." sits among "Estimate ...").
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: ALL_EVENTS,
		description: 'Every event Housecall Pro sends, including ones added later',
		action: 'On any event',
	},
	...WEBHOOK_EVENTS.map((event) => ({
		name: eventLabel(event.name),
		value: event.name,
		description: eventDescription(event),
		// The node panel's entry; n8n's own wording would drop the parentheses of "(pro.created in Housecall Pro)".
		action: eventAction(event.name),
	})).sort((a, b) => a.name.localeCompare(b.name)),
];

/** Canvas subtitle words by event value: the label without the Housecall Pro screen name. */
export const EVENT_SUBTITLES: Readonly<Record<string, string>> = Object.fromEntries([
	[ALL_EVENTS, 'All Events'],
	...WEBHOOK_EVENTS.map((event) => [event.name, eventWords(event.name)]),
]);

export function isEventSelected(selected: readonly string[], event: string): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(event);
}

export interface EventTarget {
	/** Object name from the table (`appointment`, `estimate`...). */
	object: string;
	/** Payload key that holds the record. */
	webhookKey: string;
}

/**
 * Where the record sits in a payload. Events the table does not know (HCP may add some) fall back
 * to the rule FIELD-NOTES gives: the key is the event's first segment.
 */
export function eventTarget(event: string): EventTarget {
	const known = eventsByName.get(event);
	if (known) return { object: known.object, webhookKey: known.webhookKey };
	const firstSegment = event.split('.')[0];
	return { object: firstSegment, webhookKey: firstSegment };
}
