import type { Operation } from '../types';
import { PARTNER_NOTE } from './fields';

/** Checklists */
export const checklistOperations: readonly Operation[] = [
	{
		key: 'checklist.getMany',
		resource: 'checklist',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the checklists (sections and items with answers) of some jobs or estimates; give at least one job or estimate ID.' +
			PARTNER_NOTE,
		method: 'GET',
		path: '/checklists',
		specOperationId: 'get-checklists',
		pathParams: [],
		list: { envelope: 'paged', key: 'checklists', pageSizeParam: 'per_page' },
		query: [
			{
				name: 'job_uuids',
				type: 'string',
				array: true,
				label: 'Job IDs',
				description: 'Jobs whose checklists to list (`job_...`)',
			},
			{
				name: 'estimate_uuids',
				type: 'string',
				array: true,
				label: 'Estimate IDs',
				description: 'Estimates whose checklists to list (`csr_...`)',
			},
		],
		object: 'checklist',
		partnerOnly: true,
		divergence:
			'The spec marks both job_uuids and estimate_uuids required while its description asks for at least one of them; the table requires neither. The spec answer shows only {checklists}; the table reads it as the paged envelope because the list pages with page/per_page (FIELD-NOTES).',
	},
];
