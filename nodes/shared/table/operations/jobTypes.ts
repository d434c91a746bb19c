import type { Operation } from '../types';

/** Job types */
export const jobTypeOperations: readonly Operation[] = [
	{
		key: 'jobType.getMany',
		resource: 'jobType',
		operation: 'getMany',
		displayName: 'Get Many',
		description: 'List job types; their IDs go into job_fields.job_type_id of Job > Create and Estimate > Create',
		method: 'GET',
		path: '/job_fields/job_types',
		specOperationId: 'get-job_fields-job_types',
		pathParams: [],
		// The spec documents no paging parameters for this list, so none are sent.
		list: { envelope: 'paged', key: 'job_types' },
		query: [{ name: 'name', type: 'string', label: 'Name', description: 'Only job types with this name' }],
		object: 'jobType',
	},
	{
		key: 'jobType.create',
		resource: 'jobType',
		operation: 'create',
		displayName: 'Create',
		description: 'Create a job type by name; returns its ID for job_fields.job_type_id',
		method: 'POST',
		path: '/job_fields/job_types',
		specOperationId: 'post-job_fields-job_types',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [{ name: 'name', type: 'string', required: true, label: 'Name' }],
		},
		object: 'jobType',
	},
	{
		key: 'jobType.update',
		resource: 'jobType',
		operation: 'update',
		displayName: 'Update',
		description: 'Rename a job type, by ID from Job Type > Get Many',
		method: 'PUT',
		path: '/job_fields/job_types/{job_type_id}',
		specOperationId: 'put-job_fields-job_types',
		pathParams: [
			{ name: 'job_type_id', label: 'Job Type ID', object: 'jobType', description: 'From Job Type > Get Many' },
		],
		body: {
			contentType: 'json',
			fields: [{ name: 'name', type: 'string', required: true, label: 'Name' }],
		},
		object: 'jobType',
	},
];
