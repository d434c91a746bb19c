import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { filtersCollection, queryProperty, titleCase } from '../shared/queryProperty';
import { getOperation, type ObjectSpec, type QueryParam } from '../shared/table';
import type { Query } from '../shared/transport/query';
import { RECORD_EVENTS, STATUS_EVENTS } from './events';
import { listableObjects, readsIncrementally } from './plan';
import { listOfStrings } from '../shared/values';

/**
 * The trigger's fields, built from the table: its objects, whether each reads incrementally, and the
 * list filters HCP offers. Date-range filters are left out: a trigger watches what changes, a fixed
 * date window would quietly stop it.
 */

function filterParams(object: ObjectSpec): QueryParam[] {
	const query = getOperation(object.listOperation!).query ?? [];
	return query.filter((param) => param.type !== 'dateTime' && param.type !== 'date');
}

function objectDescription(object: ObjectSpec): string {
	const operation = getOperation(object.listOperation!);
	const how = readsIncrementally(object)
		? 'Reads only what changed since the last poll'
		: 'Reads the whole list on every poll (one request per 200 records)';
	return operation.partnerOnly ? `${how}. Partner applications only.` : how;
}

/** As the action node labels partner-only operations. */
function objectLabel(object: ObjectSpec): string {
	return getOperation(object.listOperation!).partnerOnly ? `${object.displayName} (Partner Apps Only)` : object.displayName;
}

function objectOption(object: ObjectSpec): INodePropertyOptions {
	return { name: objectLabel(object), value: object.name, description: objectDescription(object) };
}

/** Filters keep HCP's own parameter names: queryFromFields reads them back by those names. */
function paramProperty(param: QueryParam, object: ObjectSpec, inCollection: boolean): INodeProperties {
	return queryProperty(param, {
		displayName: param.label ?? titleCase(param.name),
		name: param.name,
		description: param.description,
		...(inCollection ? {} : { displayOptions: { show: { object: [object.name] } }, required: param.required ?? false }),
	});
}

/**
 * Event comes first and lists every event, record and status alike: n8n 2.40.7's node panel makes
 * one entry ("On job completed") per option of a trigger's first property called Event, so a
 * status event must be an option there to be seen while browsing. Object follows: any object for
 * a record event, only its own object for a status event (with that as the default, which is what
 * a panel entry gets). The values are the ones saved workflows hold.
 */
function eventProperty(): INodeProperties {
	const options: INodePropertyOptions[] = [...RECORD_EVENTS, ...STATUS_EVENTS].map((event) => ({
		name: event.name,
		value: event.value,
		description: event.description,
		action: `On ${event.name.toLowerCase()}`,
	}));
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'newOrUpdated',
	};
}

function objectProperty(objects: readonly ObjectSpec[], events: readonly string[], description?: string): INodeProperties {
	// A status event's own object is its default: it is what a node added from the panel entry gets.
	const defaultObject = objects.length === 1 ? objects[0].name : 'job';
	return {
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { event: [...events] } },
		options: objects.map(objectOption),
		default: defaultObject,
		...(description ? { description } : {}),
	};
}

function objectProperties(objects: readonly ObjectSpec[]): INodeProperties[] {
	const properties = [objectProperty(objects, RECORD_EVENTS.map((event) => event.value))];
	for (const object of objects) {
		const events = STATUS_EVENTS.filter((event) => event.object === object.name);
		if (!events.length) continue;
		const about = events.length > 1 ? 'these events are' : 'this event is';
		properties.push(objectProperty([object], events.map((event) => event.value), `The records ${about} about`));
	}
	return properties;
}

/** Canvas subtitle labels by `<object>.<event>`: "On new customer", "On job completed". */
export function triggerSubtitles(): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const object of listableObjects()) {
		for (const event of RECORD_EVENTS) {
			labels[`${object.name}.${event.value}`] = `On ${event.name.replace(/ Record$/, '').toLowerCase()} ${object.displayName.toLowerCase()}`;
		}
	}
	for (const event of STATUS_EVENTS) labels[`${event.object}.${event.value}`] = `On ${event.name.toLowerCase()}`;
	return labels;
}

export function triggerProperties(): INodeProperties[] {
	const objects = [...listableObjects()].sort((a, b) => a.displayName.localeCompare(b.displayName));
	const properties: INodeProperties[] = [
		{
			displayName:
				'Each item is a record as Housecall Pro returns it. A deletion gives only the record\'s ID, the event, the object and detected_at; estimate option events give the estimate with the option under "option". The first poll only remembers what is there.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		eventProperty(),
		...objectProperties(objects),
	];
	for (const object of objects) {
		const params = filterParams(object);
		for (const param of params.filter((candidate) => candidate.required)) properties.push(paramProperty(param, object, false));
		const optional = params.filter((candidate) => !candidate.required);
		if (!optional.length) continue;
		properties.push(
			filtersCollection(
				{ show: { object: [object.name] } },
				optional.map((param) => paramProperty(param, object, true)),
			),
		);
	}
	properties.push({
		displayName: 'Emit Existing Records',
		name: 'emitExisting',
		type: 'boolean',
		default: false,
		description:
			'Whether the first poll after activation emits the records already there (for New Record, New or Updated Record and status events: the records already in the status) instead of only remembering them',
	});
	return properties;
}

/** The query the node's fields ask for: required parameters and the filters that were added. */
export function queryFromFields(object: ObjectSpec, read: (name: string) => unknown, filters: Record<string, unknown>): Query {
	const query: Query = {};
	for (const param of filterParams(object)) {
		const value = param.required ? read(param.name) : filters[param.name];
		if (value === undefined || value === null || value === '') continue;
		if (param.array) {
			const kept = listOfStrings(value);
			if (kept.length) query[param.name] = kept;
		} else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
			query[param.name] = value;
		}
	}
	return query;
}
