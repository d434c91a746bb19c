import type { BodyField, Operation, QueryParam } from '../types';
import { customerIdParam, inlineAddressFields, leadSourceField, locationIdsQuery } from './fields';

const customerExpandQuery: QueryParam = {
	name: 'expand',
	type: 'string',
	array: true,
	options: ['attachments', 'do_not_service'],
	label: 'Expand',
	description: 'Extra parts to include in each customer: attachments, do-not-service flag',
};

/** Fields a customer create and update share; update takes no addresses. */
const customerFields: readonly BodyField[] = [
	{ name: 'first_name', type: 'string', label: 'First Name' },
	{ name: 'last_name', type: 'string', label: 'Last Name' },
	{ name: 'email', type: 'string', label: 'Email', format: 'email' },
	{ name: 'company', type: 'string', label: 'Company', description: 'Company name of the customer' },
	{
		name: 'notifications_enabled',
		type: 'boolean',
		label: 'Notifications Enabled',
		description: 'Whether the customer receives notifications (texts, emails) from Housecall Pro',
	},
	{ name: 'mobile_number', type: 'string', label: 'Mobile Number' },
	{ name: 'home_number', type: 'string', label: 'Home Number' },
	{ name: 'work_number', type: 'string', label: 'Work Number' },
	{
		name: 'tags',
		type: 'stringArray',
		label: 'Tags',
		description: 'Tag names (not tag IDs); on update the list replaces the existing tags',
	},
	leadSourceField,
	{ name: 'notes', type: 'string', label: 'Notes', description: 'Private notes about the customer' },
];

const addressFields: readonly BodyField[] = [
	...inlineAddressFields,
	{ name: 'country', type: 'string', label: 'Country' },
];

export const customerOperations: readonly Operation[] = [
	{
		key: 'customer.getMany',
		resource: 'customer',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List customers, newest first by default, optionally searched by name, email, phone or address. Each customer carries its addresses (with `adr_...` IDs needed to create jobs)',
		method: 'GET',
		path: '/customers',
		specOperationId: 'get-v1-customers',
		pathParams: [],
		list: {
			envelope: 'paged',
			key: 'customers',
			pageSizeParam: 'page_size',
			sortFields: ['created_at', 'updated_at'],
		},
		query: [
			{
				name: 'q',
				type: 'string',
				label: 'Search',
				description:
					'Text to find in customer name, email, mobile number or address. A phone number in any format is searched by its digits, as Housecall Pro stores them.',
				phoneDigits: true,
			},
			locationIdsQuery,
			customerExpandQuery,
		],
		object: 'customer',
	},
	{
		key: 'customer.get',
		resource: 'customer',
		operation: 'get',
		displayName: 'Get',
		description: 'Get one customer by ID (`cus_...`), with its addresses, tags and contact details',
		method: 'GET',
		path: '/customers/{customer_id}',
		specOperationId: 'get-customers-customerId',
		pathParams: [customerIdParam],
		query: [customerExpandQuery],
		object: 'customer',
	},
	{
		key: 'customer.create',
		resource: 'customer',
		operation: 'create',
		displayName: 'Create',
		description:
			'Create a customer. Needs at least one of first name, last name, email, mobile, home or work number. Addresses can be given here; later ones are added with Customer Address > Create',
		method: 'POST',
		path: '/customers',
		specOperationId: 'post-customers',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				...customerFields,
				{
					name: 'addresses',
					type: 'objectArray',
					label: 'Addresses',
					description: 'Service or billing addresses of the customer',
					fields: addressFields,
				},
			],
			requireOneOf: ['first_name', 'last_name', 'email', 'mobile_number', 'home_number', 'work_number'],
		},
		object: 'customer',
	},
	{
		key: 'customer.update',
		resource: 'customer',
		operation: 'update',
		displayName: 'Update',
		description:
			'Change fields of a customer; only the fields sent change. Addresses cannot be changed here (use Customer Address > Create). Housecall Pro has no customer delete',
		method: 'PUT',
		path: '/customers/{customer_id}',
		specOperationId: 'put-customers-customer_id',
		pathParams: [customerIdParam],
		body: { contentType: 'json', fields: customerFields },
		object: 'customer',
	},
	{
		key: 'customerAddress.getMany',
		resource: 'customerAddress',
		operation: 'getMany',
		displayName: 'Get Many',
		description: "List a customer's addresses (`adr_...`), which jobs and estimates need",
		method: 'GET',
		path: '/customers/{customer_id}/addresses',
		specOperationId: 'get-customer-customer_id-addresses',
		pathParams: [customerIdParam],
		list: {
			envelope: 'paged',
			key: 'addresses',
			pageSizeParam: 'page_size',
			sortFields: ['created_at', 'updated_at'],
		},
		object: 'address',
		divergence:
			'The spec puts the answer schema (page, page_size, total_pages, total_items, addresses) under requestBody of this GET; the table sends no body and reads it as the paged answer.',
	},
	{
		key: 'customerAddress.get',
		resource: 'customerAddress',
		operation: 'get',
		displayName: 'Get',
		description: 'Get one address of a customer by customer ID and address ID (`adr_...`)',
		method: 'GET',
		path: '/customers/{customer_id}/addresses/{address_id}',
		specOperationId: 'get-customers-customer_id-addresses-address_id',
		pathParams: [
			customerIdParam,
			{
				name: 'address_id',
				label: 'Address ID',
				object: 'address',
				description: 'ID of the address (`adr_...`), from the customer record or Customer Address > Get Many',
			},
		],
		object: 'address',
	},
	{
		key: 'customerAddress.create',
		resource: 'customerAddress',
		operation: 'create',
		displayName: 'Create',
		description:
			'Add an address to a customer. Returns the new address ID (`adr_...`), which Job > Create needs',
		method: 'POST',
		path: '/customers/{customer_id}/addresses',
		specOperationId: 'post-customer-customer_id-addresses',
		pathParams: [customerIdParam],
		body: {
			contentType: 'json',
			fields: [
				{ name: 'street', type: 'string', required: true, label: 'Street' },
				{ name: 'street_line_2', type: 'string', label: 'Street Line 2' },
				{ name: 'city', type: 'string', required: true, label: 'City' },
				{ name: 'state', type: 'string', required: true, label: 'State' },
				{ name: 'zip', type: 'string', required: true, label: 'Zip' },
				{ name: 'country', type: 'string', required: true, label: 'Country', description: 'Country, e.g. US' },
				{ name: 'latitude', type: 'number', label: 'Latitude' },
				{ name: 'longitude', type: 'number', label: 'Longitude' },
			],
		},
		object: 'address',
	},
];
