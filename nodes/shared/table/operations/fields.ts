import type { BodyField, PathParam, QueryParam } from '../types';

/**
 * Pieces several operations share (path parameters, line items, schedules), so one wording and one
 * set of types serves every operation that uses them.
 */

export const LINE_ITEM_KINDS = [
	'materials',
	'labor',
	'fixed gratuity',
	'fixed discount',
	'percent discount',
] as const;

export const SERVICE_ITEM_TYPES = ['market_place', 'organizational', 'pricebook_material'] as const;

/** Appended to the description of operations HCP serves to partner apps only (FIELD-NOTES "Connection"). */
export const PARTNER_NOTE =
	' Partner apps only (application key or OAuth): a company API key is refused with 401/403.';

// ---- path parameters ----

export const jobIdParam: PathParam = {
	name: 'job_id',
	label: 'Job ID',
	object: 'job',
	description: 'ID of the job (`job_...`), from Job > Get Many or a job webhook',
};

export const customerIdParam: PathParam = {
	name: 'customer_id',
	label: 'Customer ID',
	object: 'customer',
	description: 'ID of the customer (`cus_...`), from Customer > Get Many',
};

export const estimateIdParam: PathParam = {
	name: 'estimate_id',
	label: 'Estimate ID',
	object: 'estimate',
	description: 'ID of the estimate (`csr_...`), from Estimate > Get Many',
};

export const optionIdParam: PathParam = {
	name: 'option_id',
	label: 'Estimate Option ID',
	object: 'estimateOption',
	description:
		'ID of the estimate option (`est_...`): each estimate lists its options in `options[].id`',
};


// ---- query parameters ----

export const locationIdsQuery: QueryParam = {
	name: 'location_ids',
	type: 'string',
	array: true,
	label: 'Location IDs',
	description:
		'Only records of these locations (multi-location companies). Ignored when the credential sets a Company ID header',
};

export const employeeIdsQuery: QueryParam = {
	name: 'employee_ids',
	type: 'string',
	array: true,
	label: 'Employee IDs',
	description: 'Only records assigned to any of these employees (`pro_...`, from Employee > Get Many)',
};

export const customerIdQuery: QueryParam = {
	name: 'customer_id',
	type: 'string',
	label: 'Customer ID',
	description: 'Only records of this one customer (`cus_...`, from Customer > Get Many)',
};

/** Both ends inclusive (FIELD-NOTES "Lists and pagination"). */
export const scheduledRangeQuery: readonly QueryParam[] = [
	{
		name: 'scheduled_start_min',
		type: 'dateTime',
		label: 'Scheduled Start From',
		description: 'Only records whose scheduled start is at or after this time (inclusive, ISO-8601)',
	},
	{
		name: 'scheduled_start_max',
		type: 'dateTime',
		label: 'Scheduled Start To',
		description: 'Only records whose scheduled start is at or before this time (inclusive, ISO-8601)',
	},
	{
		name: 'scheduled_end_min',
		type: 'dateTime',
		label: 'Scheduled End From',
		description: 'Only records whose scheduled end is at or after this time (inclusive, ISO-8601)',
	},
	{
		name: 'scheduled_end_max',
		type: 'dateTime',
		label: 'Scheduled End To',
		description: 'Only records whose scheduled end is at or before this time (inclusive, ISO-8601)',
	},
];

/** The filter words differ from the response words (`needs scheduling`, `complete rated`...). */
export const workStatusQuery: QueryParam = {
	name: 'work_status',
	type: 'string',
	array: true,
	options: ['unscheduled', 'scheduled', 'in_progress', 'completed', 'canceled'],
	label: 'Work Status',
	description:
		'Only records in any of these states. These are the filter words; records answer with other words (`needs scheduling`, `in progress`, `complete rated`, `user canceled`...): mixing them finds nothing',
};

// ---- body fields ----

const pricingFormField: BodyField = {
	name: 'pricing_form',
	type: 'object',
	label: 'Pricing Form',
	description:
		'Price the item with a price form instead of unit_price: the price form ID and its field/option IDs come from Price Form > Get; HCP computes unit_price',
	fields: [
		{ name: 'id', type: 'string', required: true, label: 'Price Form ID', description: '`pbpf_...`' },
		{
			name: 'fields',
			type: 'objectArray',
			label: 'Fields',
			description: 'Values for the price form fields',
			fields: [
				{ name: 'id', type: 'string', required: true, label: 'Field ID', description: '`pbpff_...`' },
				{ name: 'value', type: 'number', label: 'Value', description: 'Numeric value (quantity or range fields)' },
				{
					name: 'options',
					type: 'objectArray',
					label: 'Options',
					description: 'Chosen options of a select field',
					fields: [
						{ name: 'id', type: 'string', required: true, label: 'Option ID', description: '`pbpffo_...`' },
					],
				},
			],
		},
	],
};

const unitPrice: BodyField = {
	name: 'unit_price',
	type: 'cents',
	label: 'Unit Price (Cents)',
	description: 'Selling price of one unit in cents (10000 = $100.00)',
	prominent: true,
};

const unitCost: BodyField = {
	name: 'unit_cost',
	type: 'cents',
	label: 'Unit Cost (Cents)',
	description: 'Cost of one unit to the company in cents, used for job costing',
};

const quantity: BodyField = {
	name: 'quantity',
	type: 'number',
	label: 'Quantity',
	description: 'Number of units, up to two decimals',
	// A new line item is one of something; 0 would price it at nothing.
	initial: 1,
	prominent: true,
};

/** A line item on job create or estimate create (no kind/taxable in the spec there). */
export const newLineItemFields: readonly BodyField[] = [
	{ name: 'name', type: 'string', required: true, label: 'Name' },
	{ name: 'description', type: 'string', label: 'Description' },
	unitPrice,
	quantity,
	unitCost,
	pricingFormField,
];

/** A line item on the single and bulk line-item endpoints. */
export const lineItemFields: readonly BodyField[] = [
	{ name: 'name', type: 'string', required: true, label: 'Name' },
	{ name: 'description', type: 'string', label: 'Description' },
	unitPrice,
	unitCost,
	quantity,
	{
		name: 'kind',
		type: 'string',
		options: LINE_ITEM_KINDS,
		label: 'Kind',
		description: 'What the line is: materials, labor, or a gratuity/discount',
	},
	{ name: 'taxable', type: 'boolean', label: 'Taxable' },
	{
		name: 'service_item_id',
		type: 'string',
		label: 'Service Item ID',
		description: 'ID of the price-book item this line is based on, if any',
	},
	{
		name: 'service_item_type',
		type: 'string',
		options: SERVICE_ITEM_TYPES,
		label: 'Service Item Type',
		description: 'Kind of the price-book item in Service Item ID',
	},
];

/** Bulk updates: an item with `id` is updated, one without is added. */
export const bulkLineItemFields: readonly BodyField[] = [
	{
		name: 'id',
		type: 'string',
		label: 'Line Item ID',
		description: 'ID of an existing line item to update; leave empty to add a new item',
	},
	...lineItemFields,
];

const dispatchedEmployeesField: BodyField = {
	name: 'dispatched_employees',
	type: 'objectArray',
	label: 'Dispatched Employees',
	description: 'Employees to assign; each needs an employee ID (`pro_...`, from Employee > Get Many)',
	fields: [
		{ name: 'employee_id', type: 'string', label: 'Employee ID', description: '`pro_...`' },
	],
};

export const dispatchFields: readonly BodyField[] = [{ ...dispatchedEmployeesField, required: true }];

/** Job schedule and estimate option schedule take the same body. */
export const scheduleUpdateFields: readonly BodyField[] = [
	{
		name: 'start_time',
		type: 'dateTime',
		required: true,
		label: 'Start Time',
		description: 'Start, ISO-8601 with Z or an offset',
	},
	{ name: 'end_time', type: 'dateTime', label: 'End Time', description: 'End, ISO-8601' },
	{
		name: 'arrival_window_in_minutes',
		type: 'integer',
		label: 'Arrival Window (Minutes)',
		description: 'Length of the arrival window the customer is told, in minutes',
	},
	{ name: 'notify', type: 'boolean', label: 'Notify Customer', description: 'Tell the customer about the new schedule' },
	{ name: 'notify_pro', type: 'boolean', label: 'Notify Employee', description: 'Tell the assigned employees about the new schedule' },
	{
		name: 'expand',
		type: 'stringArray',
		label: 'Expand',
		description: 'Extra parts to include in the answer',
	},
	dispatchedEmployeesField,
];

export const linkFields: readonly BodyField[] = [
	{ name: 'title', type: 'string', required: true, label: 'Title', description: 'Text shown for the link' },
	{ name: 'url', type: 'string', required: true, label: 'URL', description: 'Full URL including https://' },
];

export const noteFields: readonly BodyField[] = [
	{ name: 'content', type: 'string', required: true, label: 'Content', description: 'Text of the note' },
];

export const fileField: readonly BodyField[] = [
	{
		name: 'file',
		type: 'string',
		required: true,
		label: 'File',
		description: 'The file, sent as multipart form field `file` (binary property of the input item)',
	},
];

/** Street address without country, as used inline on estimates and leads (customers add country). */
export const inlineAddressFields: readonly BodyField[] = [
	{ name: 'street', type: 'string', label: 'Street' },
	{ name: 'street_line_2', type: 'string', label: 'Street Line 2' },
	{ name: 'city', type: 'string', label: 'City' },
	{ name: 'state', type: 'string', label: 'State' },
	{ name: 'zip', type: 'string', label: 'Zip' },
];

/** Job type and business unit: jobs send them as `job_fields`, estimates as `estimate_fields`. */
export const jobTypeAndBusinessUnitFields: readonly BodyField[] = [
	{
		name: 'job_type_id',
		type: 'string',
		label: 'Job Type ID',
		description: 'From Job Type > Get Many',
	},
	{ name: 'business_unit_id', type: 'string', label: 'Business Unit ID' },
];

export const jobFieldsField: BodyField = {
	name: 'job_fields',
	type: 'object',
	label: 'Job Fields',
	description: 'Job type and business unit',
	fields: jobTypeAndBusinessUnitFields,
};

/** Lead sources are named, not numbered: customers, jobs, estimates and leads all send the name. */
export const leadSourceField: BodyField = {
	name: 'lead_source',
	type: 'string',
	label: 'Lead Source',
	description: 'Lead source name, from Lead Source > Get Many',
};

/** Tags by name, as job, estimate option and lead creates take them (Job > Add Tag takes a tag ID). */
export const tagNamesField: BodyField = { name: 'tags', type: 'stringArray', label: 'Tags', description: 'Tag names' };
