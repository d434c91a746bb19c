import type { Operation } from '../types';

const PIPELINE_RESOURCE_TYPES = ['lead', 'job', 'estimate'] as const;

/** Pipeline */
export const pipelineOperations: readonly Operation[] = [
	{
		key: 'pipelineStatus.getMany',
		resource: 'pipelineStatus',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the pipeline statuses (`kcs_...`) defined for leads, jobs or estimates; empty when the company has no pipeline',
		method: 'GET',
		path: '/pipeline/statuses',
		pathParams: [],
		list: { envelope: 'paged', key: 'statuses', pageSizeParam: 'page_size' },
		query: [
			{
				name: 'resource_type',
				type: 'string',
				required: true,
				options: PIPELINE_RESOURCE_TYPES,
				label: 'Resource Type',
				description: 'Whose pipeline to list',
			},
		],
		object: 'pipelineStatus',
	},
	{
		key: 'pipelineStatus.set',
		resource: 'pipelineStatus',
		operation: 'set',
		displayName: 'Set',
		description:
			'Move a lead, job or estimate to a pipeline status. Only forward moves (to a status of equal or higher order) are allowed',
		method: 'PUT',
		path: '/pipeline/statuses',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				{
					name: 'resource_type',
					type: 'string',
					required: true,
					options: PIPELINE_RESOURCE_TYPES,
					label: 'Resource Type',
				},
				{
					name: 'resource_id',
					type: 'string',
					required: true,
					label: 'Resource ID',
					description: 'ID of the lead, job or estimate',
				},
				{
					name: 'status_id',
					type: 'string',
					required: true,
					label: 'Status ID',
					description: 'Pipeline status (`kcs_...`), from Pipeline Status > Get Many',
				},
			],
		},
		object: 'pipelineStatus',
	},
];
