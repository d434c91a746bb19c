import type { Operation, PathParam } from '../types';
import { locationIdsQuery } from './fields';

const PARTNER_NOTE =
	' Partner apps only (application key or OAuth): a company API key is refused with 401/403.';

const invoiceIdParam: PathParam = {
	name: 'uuid',
	displayName: 'Invoice ID',
	object: 'invoice',
	description: 'The invoice `id` (`invoice_...`), from Invoice > Get Many or Job > Get Invoices',
};

const PIPELINE_RESOURCE_TYPES = ['lead', 'job', 'estimate'] as const;

export const miscOperations: readonly Operation[] = [
	// ---- application (partner apps) ----
	{
		key: 'application.get',
		resource: 'application',
		operation: 'get',
		displayName: 'Get',
		description: 'Get the state of this partner application for the company (enabled or not).' + PARTNER_NOTE,
		method: 'GET',
		path: '/application',
		specOperationId: 'get-applications',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},
	{
		key: 'application.enable',
		resource: 'application',
		operation: 'enable',
		displayName: 'Enable',
		description: 'Enable this partner application for the company.' + PARTNER_NOTE,
		method: 'POST',
		path: '/application/enable',
		specOperationId: 'post-application-enable',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},
	{
		key: 'application.disable',
		resource: 'application',
		operation: 'disable',
		displayName: 'Disable',
		description: 'Disable this partner application for the company.' + PARTNER_NOTE,
		method: 'POST',
		path: '/application/disable',
		specOperationId: 'post-application-disable',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},

	// ---- checklists ----
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
				displayName: 'Job IDs',
				description: 'Jobs whose checklists to list (`job_...`)',
			},
			{
				name: 'estimate_uuids',
				type: 'string',
				array: true,
				displayName: 'Estimate IDs',
				description: 'Estimates whose checklists to list (`csr_...`)',
			},
		],
		object: 'checklist',
		partnerOnly: true,
		divergence:
			'The spec marks both job_uuids and estimate_uuids required while its description asks for at least one of them; the table requires neither. The spec answer shows only {checklists}; the table reads it as the paged envelope because the list pages with page/per_page (FIELD-NOTES).',
	},

	// ---- employees ----
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

	// ---- events ----
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
		pathParams: [{ name: 'event_id', displayName: 'Event ID', object: 'event', description: 'From Event > Get Many' }],
		object: 'event',
	},

	// ---- invoices ----
	{
		key: 'invoice.getMany',
		resource: 'invoice',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List invoices (amounts in cents), filtered by status, customer, dates, amount due or payment method. Invoices carry job_id but no customer object, and cannot be created, sent or paid through the API',
		method: 'GET',
		path: '/invoices',
		specOperationId: 'get-invoices',
		pathParams: [],
		list: {
			envelope: 'paged',
			key: 'invoices',
			pageSizeParam: 'page_size',
			sortFields: [
				'created_at',
				'updated_at',
				'amount',
				'due_amount',
				'due_at',
				'invoice_number',
				'paid_at',
				'sent_at',
				'status',
			],
		},
		query: [
			{
				name: 'status',
				type: 'string',
				array: true,
				options: ['open', 'pending_payment', 'paid', 'voided', 'uncollectible', 'canceled'],
				displayName: 'Status',
				description: 'Only invoices in any of these states',
			},
			{
				name: 'customer_uuid',
				type: 'string',
				array: true,
				displayName: 'Customer IDs',
				description: 'Only invoices of these customers (`cus_...`)',
			},
			{
				name: 'created_at_min',
				type: 'dateTime',
				displayName: 'Created From',
				description: 'Only invoices created at or after this time (inclusive)',
			},
			{
				name: 'created_at_max',
				type: 'dateTime',
				displayName: 'Created To',
				description: 'Only invoices created at or before this time (inclusive)',
			},
			{
				name: 'due_at_min',
				type: 'dateTime',
				displayName: 'Due From',
				description: 'Only invoices due at or after this time (inclusive)',
			},
			{
				name: 'due_at_max',
				type: 'dateTime',
				displayName: 'Due To',
				description: 'Only invoices due at or before this time (inclusive)',
			},
			{
				name: 'paid_at_min',
				type: 'dateTime',
				displayName: 'Paid From',
				description: 'Only invoices paid at or after this time (inclusive); pair with status paid',
			},
			{
				name: 'paid_at_max',
				type: 'dateTime',
				displayName: 'Paid To',
				description: 'Only invoices paid at or before this time (inclusive)',
			},
			{
				name: 'amount_due_min',
				type: 'integer',
				displayName: 'Amount Due Min (Cents)',
				description: 'Only invoices with at least this amount due, in cents',
			},
			{
				name: 'amount_due_max',
				type: 'integer',
				displayName: 'Amount Due Max (Cents)',
				description: 'Only invoices with at most this amount due, in cents',
			},
			{
				name: 'payment_method',
				type: 'string',
				array: true,
				options: ['consumer_financing', 'credit_card', 'ach', 'external', 'mobile_check_deposit'],
				displayName: 'Payment Method',
				description: 'Only invoices paid by any of these methods',
			},
			locationIdsQuery,
		],
		object: 'invoice',
	},
	{
		key: 'invoice.get',
		resource: 'invoice',
		operation: 'get',
		displayName: 'Get',
		description:
			'Get one invoice by its ID (`invoice_...`): status, amounts in cents, items, taxes, discounts, payments and job_id',
		method: 'GET',
		path: '/api/invoices/{uuid}',
		specOperationId: 'get-invoice-by-uuid',
		pathParams: [invoiceIdParam],
		object: 'invoice',
	},
	{
		key: 'invoice.preview',
		resource: 'invoice',
		operation: 'preview',
		displayName: 'Preview',
		description: 'Get the invoice as the customer sees it, as an HTML page (returned as a binary file)',
		method: 'GET',
		path: '/api/invoices/{uuid}/preview',
		specOperationId: 'get-invoice-preview-by-uuid',
		pathParams: [invoiceIdParam],
		object: 'invoice',
		responseFormat: 'html',
	},

	// ---- job types ----
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
		query: [{ name: 'name', type: 'string', displayName: 'Name', description: 'Only job types with this name' }],
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
			fields: [{ name: 'name', type: 'string', required: true, displayName: 'Name' }],
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
			{ name: 'job_type_id', displayName: 'Job Type ID', object: 'jobType', description: 'From Job Type > Get Many' },
		],
		body: {
			contentType: 'json',
			fields: [{ name: 'name', type: 'string', required: true, displayName: 'Name' }],
		},
		object: 'jobType',
	},

	// ---- tags ----
	{
		key: 'tag.getMany',
		resource: 'tag',
		operation: 'getMany',
		displayName: 'Get Many',
		description: 'List tags with their IDs; Job > Add Tag takes a tag ID, customers take tag names',
		method: 'GET',
		path: '/tags',
		specOperationId: 'get-tags',
		pathParams: [],
		list: { envelope: 'paged', key: 'tags', pageSizeParam: 'page_size', sortFields: ['created_at', 'name'] },
		object: 'tag',
	},
	{
		key: 'tag.create',
		resource: 'tag',
		operation: 'create',
		displayName: 'Create',
		description: 'Create a tag by name; returns its ID, which Job > Add Tag takes',
		method: 'POST',
		path: '/tags',
		specOperationId: 'post-tags',
		pathParams: [],
		body: { contentType: 'json', fields: [{ name: 'name', type: 'string', displayName: 'Name' }] },
		object: 'tag',
	},
	{
		key: 'tag.update',
		resource: 'tag',
		operation: 'update',
		displayName: 'Update',
		description: 'Rename a tag, by ID from Tag > Get Many',
		method: 'PUT',
		path: '/tags/{tag_id}',
		specOperationId: 'put-tags-tag_id',
		pathParams: [{ name: 'tag_id', displayName: 'Tag ID', object: 'tag', description: 'From Tag > Get Many' }],
		body: { contentType: 'json', fields: [{ name: 'name', type: 'string', displayName: 'Name' }] },
		object: 'tag',
	},

	// ---- pipeline ----
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
				displayName: 'Resource Type',
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
					displayName: 'Resource Type',
				},
				{
					name: 'resource_id',
					type: 'string',
					required: true,
					displayName: 'Resource ID',
					description: 'ID of the lead, job or estimate',
				},
				{
					name: 'status_id',
					type: 'string',
					required: true,
					displayName: 'Status ID',
					description: 'Pipeline status (`kcs_...`), from Pipeline Status > Get Many',
				},
			],
		},
		object: 'pipelineStatus',
	},

	// ---- routes and service zones (partner apps) ----
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
		list: { envelope: 'paged', key: 'routes', pageSizeParam: 'per_page' },
		query: [
			{ name: 'date', type: 'date', displayName: 'Date', description: 'Day of the routes, YYYY-MM-DD; default today' },
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
			{ name: 'zip_code', type: 'string', displayName: 'Zip Code', description: 'Only zones covering this zip code' },
			{ name: 'address', type: 'string', displayName: 'Address', description: 'Only zones covering this address' },
		],
		object: 'serviceZone',
		partnerOnly: true,
	},

	// ---- webhook subscription (partner apps) ----
	{
		key: 'webhookSubscription.create',
		resource: 'webhookSubscription',
		operation: 'create',
		displayName: 'Create',
		description:
			"Subscribe the company to this partner app's webhooks (the endpoint is the one registered for the app; no URL is sent). Partner apps only: with a company API key, paste the webhook URL in Housecall Pro under App Store > Webhooks instead",
		method: 'POST',
		path: '/webhooks/subscription',
		specOperationId: 'post-webhooks-subscribe',
		pathParams: [],
		partnerOnly: true,
		divergence:
			'partnerOnly although the spec lists no security for it: FIELD-NOTES say /webhooks/subscription exists for partner apps and takes no URL.',
	},
	{
		key: 'webhookSubscription.delete',
		resource: 'webhookSubscription',
		operation: 'delete',
		displayName: 'Delete',
		description:
			"Stop this partner app's webhooks for the company. Partner apps only: with a company API key, remove the webhook in Housecall Pro under App Store > Webhooks",
		method: 'DELETE',
		path: '/webhooks/subscription',
		specOperationId: 'delete-webhooks-subscribe',
		pathParams: [],
		partnerOnly: true,
		divergence:
			'partnerOnly although the spec lists no security for it: FIELD-NOTES say /webhooks/subscription exists for partner apps.',
	},
];
