import type { INodeProperties } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { CUSTOM_API_CALL_METHODS } from '../contract';
import { bodyFieldProperty, locatorProperty } from './properties';

/**
 * The fields of the operations with a hand-written execute (operations/): those the table does
 * not list (composite operations, the custom API call), and table operations whose fields the
 * table's body cannot describe (file upload, HTML answer). Execution reads these parameters by
 * the names given here.
 */

/** An operation the table does not list, as the description shows it. */
export interface ExtraOperationDescription {
	resource: string;
	operation: string;
	displayName: string;
	description: string;
	/** What an AI model is told about it as a tool: what it does, its field keys, what it answers. */
	toolDescription: string;
	/** Fields of the operation, without displayOptions for resource/operation (the builder adds them). */
	properties: INodeProperties[];
}

/** As an AI tool, a composite operation's record is compacted too, one switch away from in full. */
function toolSimplifyProperty(what: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return a compact version of the ${what} (IDs, names, contact, addresses, status, amounts in cents) instead of the full record`,
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** Fields Find or Create asks for itself; the rest of Customer > Create goes to Additional Fields. */
const FIND_OR_CREATE_OWN_FIELDS = new Set(['email', 'mobile_number']);

const findCustomer: ExtraOperationDescription = {
	resource: 'customer',
	operation: 'find',
	displayName: 'Find',
	description: 'Find customers by exact email, phone number in any format (or its last digits) or name; never creates one',
	toolDescription:
		'Look up Housecall Pro customers; never creates one. Use it first whenever a caller, email or name comes in. Fields: Phone (any format as the caller says it, e.g. (512) 555-0142; 4 to 7 digits match the end of a number), Email (exact), Name (every word must be in the first name, last name or company). Give at least one. Returns matching customers with id (cus_...), name, contact details and addresses (each with its adr_... id, needed to create a job or estimate), plus matched_by. When nobody matches it returns matched: false with a hint: then ask for another number or email, or create the customer.',
	properties: [
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '(512) 555-0142',
			description:
				"Any format. A full number matches the customer's mobile, home or work number digit for digit; 4 to 7 digits match the end of a number.",
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			description: 'Matched exactly, ignoring case',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'Maria Lopez',
			description: "Every word must be in the customer's first name, last name or company",
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				'Whether to return a compact version of each customer (ID, name, contact, address IDs and one-line addresses) instead of the full record',
		},
	],
};

const findOrCreateCustomer: ExtraOperationDescription = {
	resource: 'customer',
	operation: 'findOrCreate',
	displayName: 'Find or Create',
	description:
		'Find a customer by exact email or phone number, or create one when none matches. The output says which happened (outcome: found or created)',
	toolDescription:
		'Find a Housecall Pro customer by exact email or phone number (any format), or create one when none matches; use it when booking for someone who may be new. Fields: Email, Phone (at least one), and for a new customer First_Name, Last_Name, Company, Notes and the other Additional Fields. Returns outcome (found or created), matched_by and the customer (id cus_..., addresses with adr_... ids). To look someone up without creating, use Customer > Find instead.',
	properties: [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Matched exactly (ignoring case). Give Email, Phone or both.',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			description:
				"Matched by its digits against the customer's mobile, home and work numbers. Sent as the mobile number when a customer is created.",
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Used only when a new customer is created',
			options: getOperation('customer.create')
				.body!.fields.filter((field) => !FIND_OR_CREATE_OWN_FIELDS.has(field.name))
				.map((field) => bodyFieldProperty(field, 1, false))
				.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
		toolSimplifyProperty('customer'),
	],
};

const approveAndEnsureJob: ExtraOperationDescription = {
	resource: 'estimateOption',
	operation: 'approveAndEnsureJob',
	displayName: 'Approve and Ensure Job',
	description:
		'Approve estimate options and make sure the estimate has exactly one job: the one Housecall Pro copied, one made earlier, or else a new job from the estimate customer, address and the approved options line items. Safe to re-run: never creates a second job.',
	toolDescription:
		'Approve one or more options of a Housecall Pro estimate and make sure exactly one job exists for it (the job Housecall Pro copied, one made earlier, or a new one with the approved options\' line items); safe to call again, it never makes a second job. Fields: Estimate (the csr_... estimate id, from Estimate > Get Many or the estimate you created), Option_IDs (comma-separated est_... ids from the estimate\'s options). Returns the approval answer and the job (id job_..., outcome found or created). Money is in integer cents (12550 = $125.50).',
	properties: [
		locatorProperty('estimateId', 'Estimate', 'estimate', 'The estimate (`csr_...`) whose options to approve', true),
		{
			displayName: 'Option IDs',
			name: 'optionIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'est_123, est_456',
			description:
				'Estimate option IDs (`est_...`, as listed in the estimate\'s `options`) to approve, separated by commas. Their line items go on the job when one is created.',
		},
		toolSimplifyProperty('job'),
	],
};

const customApiCall: ExtraOperationDescription = {
	resource: 'customApiCall',
	operation: 'call',
	displayName: 'Make an API Call',
	description:
		'Send any request to the Housecall Pro API with this credential (auth, retries and error detail included): for endpoints or fields the other operations do not offer',
	toolDescription:
		'Send a request to any Housecall Pro API path with the account\'s credential, for what no other tool offers. Fields: Method (GET, POST, PUT, PATCH, DELETE), Path (e.g. /jobs/job_123/line_items; price-book and single-invoice paths start with /api), Query_Parameters (name/value pairs; list filters end in [] like work_status[]), JSON_Body (JSON, for writes). Returns Housecall Pro\'s answer as it is. Money is in integer cents (12550 = $125.50). Prefer the specific tools: they check fields before sending.',
	properties: [
		{
			displayName: 'Method',
			name: 'requestMethod',
			type: 'options',
			options: CUSTOM_API_CALL_METHODS.map((method) => ({ name: method, value: method })),
			default: 'GET',
		},
		{
			displayName: 'Path',
			name: 'requestPath',
			type: 'string',
			default: '',
			required: true,
			placeholder: '/customers',
			description:
				'Path under the credential base URL, e.g. /jobs/job_123/line_items. Price-book and single-invoice paths start with /api.',
		},
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Parameter',
			default: {},
			options: [
				{
					displayName: 'Parameter',
					name: 'parameter',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							description: 'For list filters end the name with [] and add it once per value, e.g. work_status[]',
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'JSON Body',
			name: 'requestBody',
			type: 'json',
			default: '',
			description: 'Request body as JSON; leave empty to send none. Money in integer cents.',
			displayOptions: { show: { requestMethod: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
		},
	],
};

/** Operations that are not in the table, in the order the builder adds their fields. */
export const EXTRA_OPERATIONS: readonly ExtraOperationDescription[] = [findCustomer, findOrCreateCustomer, approveAndEnsureJob, customApiCall];

const uploadBinaryProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file to upload',
	description: 'Binary field of the input item that holds the file (photo, PDF...)',
};

const invoicePreviewBinaryProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the HTML file in',
	description: 'Binary field the invoice HTML is written to',
};

/**
 * Table operations with a hand-written execute, by key: the fields added after the table's path
 * parameters (the table's body fields are not shown for them).
 */
export const SPECIAL_TABLE_OPERATIONS: ReadonlyMap<string, readonly INodeProperties[]> = new Map([
	['job.addAttachment', [uploadBinaryProperty]],
	['estimateOption.addAttachment', [uploadBinaryProperty]],
	['invoice.preview', [invoicePreviewBinaryProperty]],
]);
