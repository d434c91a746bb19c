import type { Operation } from '../types';
import { locationIdsQuery } from './fields';

/** Events */
export const eventOperations: readonly Operation[] = [
	{
		key: 'event.getMany',
		resource: 'event',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List calendar events (non-job time such as meetings or time off) with their schedule, address and assigned employees',
		method: 'GET',
		path: '/events',
		specOperationId: 'get-events',
		pathParams: [],
		list: {
			envelope: 'paged',
			key: 'events',
			pageSizeParam: 'page_size',
			sortFields: ['created_at', 'updated_at', 'name', 'note', 'street', 'street_line_2', 'city', 'state', 'zip'],
		},
		query: [locationIdsQuery],
		object: 'event',
	},
	{
		key: 'event.get',
		resource: 'event',
		operation: 'get',
		displayName: 'Get',
		description: 'Get one calendar event by ID, with schedule, address, recurrence and assigned employees',
		method: 'GET',
		path: '/events/{event_id}',
		specOperationId: 'get-events-event_id',
		pathParams: [{ name: 'event_id', label: 'Event ID', object: 'event', description: 'From Event > Get Many' }],
		object: 'event',
	},
];
