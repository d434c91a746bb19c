/**
 * The fake's one door to THE table (nodes/shared/table): routes, envelopes, body fields, id fields and
 * webhook events all come from there, never from a list kept here.
 */
import { OBJECTS, OPERATIONS, WEBHOOK_EVENTS, getObject, type WebhookEvent } from '../../nodes/shared/table';
import type { ObjectName, ObjectSpec } from '../../nodes/shared/table/types';

export { OBJECTS, OPERATIONS, WEBHOOK_EVENTS };

export function getObjectSpec(name: ObjectName): ObjectSpec {
	return getObject(name);
}

const eventsByName = new Map<string, WebhookEvent>(WEBHOOK_EVENTS.map((event) => [event.name, event]));

/** The table's entry for an event name, or undefined when the table does not know it. */
export function webhookEvent(name: string): WebhookEvent | undefined {
	return eventsByName.get(name);
}
