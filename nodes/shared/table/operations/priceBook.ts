import type { BodyField, ListSpec, Operation, PathParam } from '../types';

const materialUuidParam: PathParam = {
	name: 'uuid',
	label: 'Material UUID',
	object: 'material',
	description: 'UUID of the price-book material, from Material > Get Many',
};

const materialCategoryUuidParam: PathParam = {
	name: 'uuid',
	label: 'Material Category UUID',
	object: 'materialCategory',
	description: 'UUID of the material category, from Material Category > Get Many',
};

const priceFormIdParam: PathParam = {
	name: 'uuid',
	label: 'Price Form ID',
	object: 'priceForm',
	description: 'ID of the price form (`pbpf_...`, the record `id`), from Price Form > Get Many',
};

/** Materials and material categories page and sort alike (FIELD-NOTES: the price-book envelope). */
const PRICE_BOOK_CATALOGUE_LIST: ListSpec = {
	envelope: 'priceBook',
	key: 'data',
	pageSizeParam: 'page_size',
	sortFields: ['name', 'updated_at', 'created_at'],
};

const nameField: BodyField = { name: 'name', type: 'string', label: 'Name' };
const priceCents: BodyField = { name: 'price', type: 'cents', label: 'Price (Cents)' };
const durationMinutes: BodyField = { name: 'duration_in_minutes', type: 'integer', label: 'Duration (Minutes)' };

const materialPrice: BodyField = {
	name: 'price',
	type: 'cents',
	label: 'Price (Cents)',
	description: 'Selling price in cents (10000 = $100.00)',
};
const materialCost: BodyField = {
	name: 'cost',
	type: 'cents',
	label: 'Cost (Cents)',
	description: 'Cost to the company in cents',
};

const materialOptionalFields: readonly BodyField[] = [
	{ name: 'description', type: 'string', label: 'Description' },
	{ name: 'unit_of_measure', type: 'string', label: 'Unit of Measure', description: 'e.g. each, ft, gal' },
	{ name: 'part_number', type: 'string', label: 'Part Number' },
	{ name: 'flat_rate_enabled', type: 'boolean', label: 'Flat Rate Enabled' },
	{ name: 'taxable', type: 'boolean', label: 'Taxable', description: 'Taxed on invoices' },
];

const priceFormScalarFields: readonly BodyField[] = [
	{ name: 'description', type: 'string', label: 'Description' },
	{
		name: 'automatically_add_to_new_job',
		type: 'boolean',
		label: 'Automatically Add to New Job',
	},
	{ name: 'taxable', type: 'boolean', label: 'Taxable' },
	{ name: 'olb_enabled', type: 'boolean', label: 'Online Booking Enabled' },
	durationMinutes,
	{
		name: 'image',
		type: 'string',
		label: 'Image',
		description: 'Leave empty in JSON requests; HCP takes an image only as a multipart upload',
	},
	{ name: 'dynamic_duration_enabled', type: 'boolean', label: 'Dynamic Duration Enabled' },
	{
		name: 'bookable_as',
		type: 'string',
		options: ['jobs', 'estimates'],
		label: 'Bookable As',
		description: 'What online booking creates from this form',
	},
	{ name: 'question_1', type: 'string', label: 'Question 1' },
	{ name: 'question_2', type: 'string', label: 'Question 2' },
	{ name: 'service_area_pricing_enabled', type: 'boolean', label: 'Service Area Pricing Enabled' },
	{
		name: 'default_service_zone_id',
		type: 'string',
		label: 'Default Service Zone ID',
		description: 'From Service Zone > Get Many',
	},
	{
		name: 'assigned',
		type: 'object',
		label: 'Assigned',
		description: 'Employees and tags the form is assigned to',
		fields: [
			{
				name: 'pros',
				type: 'objectArray',
				label: 'Employees',
				fields: [
					{ name: 'uuid', type: 'string', label: 'Employee ID', description: '`pro_...`' },
					{ name: 'full_name', type: 'string', label: 'Full Name' },
				],
			},
			{ name: 'tags', type: 'stringArray', label: 'Tags' },
		],
	},
];

const serviceAreaFieldsAttribute: BodyField = {
	name: 'service_area_fields_attributes',
	type: 'objectArray',
	label: 'Service Area Prices',
	description: 'Price of the field per service zone',
	fields: [
		{ name: 'service_zone_id', type: 'string', label: 'Service Zone ID' },
		priceCents,
		{
			name: 'service_area_field_options_attributes',
			type: 'objectArray',
			label: 'Option Prices',
			fields: [priceCents],
		},
	],
};

/** A field (question) of a price form as create and update take it; update adds `id` and `_destroy`. */
const priceFormFieldBasics: readonly BodyField[] = [
	nameField,
	{
		name: 'kind',
		type: 'string',
		label: 'Kind',
		description: 'single_select, multiple select, quantity_select or numerical_range',
	},
	priceCents,
	{ name: 'order_index', type: 'integer', label: 'Order Index' },
	durationMinutes,
];

export const priceBookOperations: readonly Operation[] = [
	// ---- materials ----
	{
		key: 'material.getMany',
		resource: 'material',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the price-book materials of one material category (UUID from Material Category > Get Many). Prices and costs in cents',
		method: 'GET',
		path: '/api/price_book/materials',
		specOperationId: 'index-materials',
		pathParams: [],
		list: PRICE_BOOK_CATALOGUE_LIST,
		query: [
			{
				name: 'material_category_uuid',
				type: 'string',
				required: true,
				label: 'Material Category UUID',
				description: 'Category whose materials to list, from Material Category > Get Many',
			},
		],
		object: 'material',
	},
	{
		key: 'material.create',
		resource: 'material',
		operation: 'create',
		displayName: 'Create',
		description:
			'Create a price-book material in a material category. Price and cost in cents (10000 = $100.00)',
		method: 'POST',
		path: '/api/price_book/materials',
		specOperationId: 'create-material',
		pathParams: [],
		query: [
			{
				name: 'material_category_uuid',
				type: 'string',
				required: true,
				label: 'Material Category UUID',
				description: 'Same value as the body field of that name: the spec asks for it in both places',
			},
		],
		body: {
			contentType: 'json',
			fields: [
				{
					name: 'material_category_uuid',
					type: 'string',
					required: true,
					label: 'Material Category UUID',
					description: 'Category to create the material in, from Material Category > Get Many',
				},
				{ ...nameField, required: true },
				{ ...materialPrice, required: true },
				{ ...materialCost, required: true },
				...materialOptionalFields,
			],
		},
		object: 'material',
	},
	{
		key: 'material.update',
		resource: 'material',
		operation: 'update',
		displayName: 'Update',
		description: 'Change a price-book material by UUID; only the fields sent change. Prices in cents',
		method: 'PUT',
		path: '/api/price_book/materials/{uuid}',
		specOperationId: 'update-material',
		pathParams: [materialUuidParam],
		body: {
			contentType: 'json',
			fields: [nameField, materialPrice, materialCost, ...materialOptionalFields],
		},
		object: 'material',
	},
	{
		key: 'material.delete',
		resource: 'material',
		operation: 'delete',
		displayName: 'Delete',
		description: 'Delete a price-book material by UUID (from Material > Get Many)',
		method: 'DELETE',
		path: '/api/price_book/materials/{uuid}',
		specOperationId: 'delete-material',
		pathParams: [materialUuidParam],
		object: 'material',
	},

	// ---- material categories ----
	{
		key: 'materialCategory.getMany',
		resource: 'materialCategory',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List price-book material categories: root categories, or the children of Parent UUID. Their UUIDs are what Material operations need',
		method: 'GET',
		path: '/api/price_book/material_categories',
		specOperationId: 'index-material-categories',
		pathParams: [],
		list: PRICE_BOOK_CATALOGUE_LIST,
		query: [
			{
				name: 'parent_uuid',
				type: 'string',
				label: 'Parent UUID',
				description: 'List the categories under this category; empty lists the root categories',
			},
		],
		object: 'materialCategory',
	},
	{
		key: 'materialCategory.create',
		resource: 'materialCategory',
		operation: 'create',
		displayName: 'Create',
		description: 'Create a material category, at the root or under Parent UUID',
		method: 'POST',
		path: '/api/price_book/material_categories',
		specOperationId: 'create-material-category',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				{ name: 'name', type: 'string', required: true, label: 'Name' },
				{
					name: 'parent_uuid',
					type: 'string',
					label: 'Parent UUID',
					description: 'Category to create it under; empty creates a root category',
				},
			],
		},
		object: 'materialCategory',
	},
	{
		key: 'materialCategory.update',
		resource: 'materialCategory',
		operation: 'update',
		displayName: 'Update',
		description: 'Rename a price-book material category, by UUID from Material Category > Get Many',
		method: 'PUT',
		path: '/api/price_book/material_categories/{uuid}',
		specOperationId: 'update-material-category',
		pathParams: [materialCategoryUuidParam],
		body: { contentType: 'json', fields: [nameField] },
		object: 'materialCategory',
	},
	{
		key: 'materialCategory.delete',
		resource: 'materialCategory',
		operation: 'delete',
		displayName: 'Delete',
		description: 'Delete a price-book material category by UUID (from Material Category > Get Many)',
		method: 'DELETE',
		path: '/api/price_book/material_categories/{uuid}',
		specOperationId: 'delete-material-category',
		pathParams: [materialCategoryUuidParam],
		object: 'materialCategory',
	},

	// ---- price forms ----
	{
		key: 'priceForm.getMany',
		resource: 'priceForm',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List the active price forms (priced service templates). Their IDs and field/option IDs are what job line items need to price through a form',
		method: 'GET',
		path: '/api/price_book/price_forms',
		specOperationId: 'get-api-price_book-price_forms-list',
		pathParams: [],
		// The spec documents no paging parameters for this list, so none are sent.
		list: { envelope: 'priceBook', key: 'data' },
		object: 'priceForm',
	},
	{
		key: 'priceForm.get',
		resource: 'priceForm',
		operation: 'get',
		displayName: 'Get',
		description: 'Get one price form (`pbpf_...`) with its fields (`pbpff_...`) and options (`pbpffo_...`)',
		method: 'GET',
		path: '/api/price_book/price_forms/{uuid}',
		specOperationId: 'get-api-price_book-price_forms-by-id',
		pathParams: [priceFormIdParam],
		object: 'priceForm',
	},
	{
		key: 'priceForm.create',
		resource: 'priceForm',
		operation: 'create',
		displayName: 'Create',
		description:
			'Create a price form: a service template whose fields and options set the price (in cents) and duration',
		method: 'POST',
		path: '/api/price_book/price_forms',
		specOperationId: 'post-api-price_book-price_forms',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				{ name: 'name', type: 'string', required: true, label: 'Name' },
				...priceFormScalarFields,
				{
					name: 'fields_attributes',
					type: 'objectArray',
					label: 'Fields',
					description: 'Questions of the form that set the price',
					fields: [
						...priceFormFieldBasics,
						{
							name: 'options_attributes',
							type: 'objectArray',
							label: 'Options',
							fields: [
								nameField,
								priceCents,
								{ name: 'lower_bound', type: 'integer', label: 'Lower Bound', description: 'For numerical_range fields' },
								{ name: 'upper_bound', type: 'integer', label: 'Upper Bound', description: 'For numerical_range fields' },
								durationMinutes,
							],
						},
						serviceAreaFieldsAttribute,
					],
				},
			],
		},
		object: 'priceForm',
	},
	{
		key: 'priceForm.update',
		resource: 'priceForm',
		operation: 'update',
		displayName: 'Update',
		description:
			'Change a price form; fields with an ID are updated, `_destroy: true` removes a field or option. Prices in cents',
		method: 'PUT',
		path: '/api/price_book/price_forms/{uuid}',
		specOperationId: 'put-api-price_book-price_forms-uuid',
		pathParams: [priceFormIdParam],
		body: {
			contentType: 'json',
			fields: [
				nameField,
				...priceFormScalarFields,
				{
					name: 'fields_attributes',
					type: 'objectArray',
					label: 'Fields',
					description: 'With an ID to change or remove a field, without to add one',
					fields: [
						{ name: 'id', type: 'string', label: 'Field ID', description: '`pbpff_...`' },
						...priceFormFieldBasics,
						{ name: '_destroy', type: 'boolean', label: 'Remove', description: 'True removes this field' },
						{
							name: 'options_attributes',
							type: 'objectArray',
							label: 'Options',
							fields: [
								nameField,
								priceCents,
								durationMinutes,
								{ name: '_destroy', type: 'boolean', label: 'Remove', description: 'True removes this option' },
							],
						},
						serviceAreaFieldsAttribute,
					],
				},
			],
		},
		object: 'priceForm',
	},
	{
		key: 'priceForm.delete',
		resource: 'priceForm',
		operation: 'delete',
		displayName: 'Delete',
		description: 'Delete a price form by ID (`pbpf_...`). HCP answers 204 with no body',
		method: 'DELETE',
		path: '/api/price_book/price_forms/{uuid}',
		specOperationId: 'delete-api-price_book-price_forms-price_form_id',
		pathParams: [priceFormIdParam],
		object: 'priceForm',
	},

	// ---- services ----
	{
		key: 'priceBookService.getMany',
		resource: 'priceBookService',
		operation: 'getMany',
		displayName: 'Get Many',
		description:
			'List price-book services (name, task number, price and cost in cents), optionally searched. Partner apps only (application key or OAuth): a company API key is refused with 401/403',
		method: 'GET',
		path: '/api/price_book/services',
		specOperationId: 'get-price-book-services',
		pathParams: [],
		list: { envelope: 'priceBook', key: 'data', otherKeys: ['services'], pageSizeParam: 'page_size', sortFields: ['created_at'] },
		query: [
			{
				name: 'q',
				type: 'string',
				label: 'Search',
				description: 'Text to find in service name, description or task number',
			},
			{
				name: 'expand',
				type: 'string',
				array: true,
				options: ['service_materials', 'service_labor_rates'],
				label: 'Expand',
				description: 'Fill the materials and labor rates of each service (empty lists otherwise)',
			},
		],
		object: 'priceBookService',
		partnerOnly: true,
		divergence:
			'The spec answers {services: [...]}; live integrations read the price-book envelope (data), with page totals as total_pages_count or total_pages (FIELD-NOTES): rows are read from whichever key is present. The deep-object `filters[][property|operator|value]` parameter is not offered: a query parameter here is a scalar or a list of scalars.',
	},
];
