import type { Operation } from '../types';
import { locationIdsQuery } from './fields';

/** Employees */
export const employeeOperations: readonly Operation[] = [
	{
		key: 'employee.getMany',
		resource: 'employee',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the active employees (pros) with their IDs (`pro_...`), names, roles and contact details. Their IDs are what job assignment, dispatch and appointments take',
		method: 'GET',
		path: '/employees',
		specOperationId: 'get-employees',
		pathParams: [],
		list: { envelope: 'paged', key: 'employees', pageSizeParam: 'page_size', sortFields: ['created_at'] },
		query: [locationIdsQuery],
		object: 'employee',
	},
];
