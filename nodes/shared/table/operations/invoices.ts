import type { Operation, PathParam } from '../types';
import { locationIdsQuery } from './fields';

const invoiceIdParam: PathParam = {
	name: 'uuid',
	label: 'Invoice ID',
	object: 'invoice',
	description: 'The invoice `id` (`invoice_...`), from Invoice > Get Many or Job > Get Invoices',
};

/** Invoices */
export const invoiceOperations: readonly Operation[] = [
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
				label: 'Status',
				description: 'Only invoices in any of these states',
			},
			{
				name: 'customer_uuid',
				type: 'string',
				array: true,
				label: 'Customer IDs',
				description: 'Only invoices of these customers (`cus_...`)',
			},
			{
				name: 'created_at_min',
				type: 'dateTime',
				label: 'Created From',
				description: 'Only invoices created at or after this time (inclusive)',
			},
			{
				name: 'created_at_max',
				type: 'dateTime',
				label: 'Created To',
				description: 'Only invoices created at or before this time (inclusive)',
			},
			{
				name: 'due_at_min',
				type: 'dateTime',
				label: 'Due From',
				description: 'Only invoices due at or after this time (inclusive)',
			},
			{
				name: 'due_at_max',
				type: 'dateTime',
				label: 'Due To',
				description: 'Only invoices due at or before this time (inclusive)',
			},
			{
				name: 'paid_at_min',
				type: 'dateTime',
				label: 'Paid From',
				description: 'Only invoices paid at or after this time (inclusive); pair with status paid',
			},
			{
				name: 'paid_at_max',
				type: 'dateTime',
				label: 'Paid To',
				description: 'Only invoices paid at or before this time (inclusive)',
			},
			{
				name: 'amount_due_min',
				type: 'integer',
				label: 'Amount Due Min (Cents)',
				description: 'Only invoices with at least this amount due, in cents',
			},
			{
				name: 'amount_due_max',
				type: 'integer',
				label: 'Amount Due Max (Cents)',
				description: 'Only invoices with at most this amount due, in cents',
			},
			{
				name: 'payment_method',
				type: 'string',
				array: true,
				options: ['consumer_financing', 'credit_card', 'ach', 'external', 'mobile_check_deposit'],
				label: 'Payment Method',
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
];
