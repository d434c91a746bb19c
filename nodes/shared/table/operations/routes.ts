import type { Operation } from '../types';
import { PARTNER_NOTE } from './fields';

/** Routes and service zones, for partner apps */
export const routeAndServiceZoneOperations: readonly Operation[] = [
	{
		key: 'route.getMany',
		resource: 'route',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the routes of a day: each groups employees with their job appointments, events and estimates.' +
			PARTNER_NOTE,
		method: 'GET',
		path: '/routes',
		specOperationId: 'get-routes',
		pathParams: [],
		// A production connector never asks more than 100 routes a page; above that is unknown (FIELD-NOTES).
		list: { envelope: 'paged', key: 'routes', pageSizeParam: 'per_page', maxPageSize: 100 },
		query: [
			{ name: 'date', type: 'date', label: 'Date', description: 'Day of the routes, YYYY-MM-DD; default today' },
		],
		object: 'route',
		partnerOnly: true,
	},
	{
		key: 'serviceZone.getMany',
		resource: 'serviceZone',
		operation: 'getMany',
		displayName: 'Get Many',
		description: 'List service zones, optionally only those covering a zip code or address.' + PARTNER_NOTE,
		method: 'GET',
		path: '/service_zones',
		specOperationId: 'get-service-zones',
		pathParams: [],
		list: { envelope: 'paged', key: 'service_zones', pageSizeParam: 'page_size' },
		query: [
			{ name: 'zip_code', type: 'string', label: 'Zip Code', description: 'Only zones covering this zip code' },
			{ name: 'address', type: 'string', label: 'Address', description: 'Only zones covering this address' },
		],
		object: 'serviceZone',
		partnerOnly: true,
	},
];
