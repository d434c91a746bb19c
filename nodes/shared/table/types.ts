/**
 * The shape of the one table that describes Housecall Pro.
 *
 * Every reader (action node, polling trigger, webhook trigger, fake server, contract test) reads
 * these records; none of them keeps its own list of paths, parameters or fields.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a list answer is wrapped (FIELD-NOTES "Lists and pagination"):
 * - `paged`:     `{page, page_size, total_pages, total_items, <key>: [...]}`
 * - `priceBook`: `{object: "list", page, page_size, total_pages_count, total_count, data: [...]}`
 * - `dataList`:  `{object: "list", data: [...], url}` (job line items; no paging)
 * - `keyed`:     `{<key>: [...]}` (job appointments, job invoices, job input materials; no paging)
 */
export type Envelope = 'paged' | 'priceBook' | 'dataList' | 'keyed';

export type ScalarType = 'string' | 'number' | 'integer' | 'boolean' | 'dateTime' | 'date';

export interface QueryParam {
	/** Name as HCP spells it, without brackets; arrays get `[]` added by the transport. */
	name: string;
	type: ScalarType;
	/** Sent as `name[]=a&name[]=b`. */
	array?: boolean;
	/** Allowed values, in the words the filter takes (not the response words). */
	options?: readonly string[];
	/**
	 * Display name of the n8n parameter made from it (title-cased name when absent). Called `label`,
	 * not `displayName`, so that a record with a name, a type and a display name does not look like
	 * an n8n node parameter to n8n's lint rules (which would then ask it for a `default`).
	 */
	label?: string;
	description?: string;
	/** HCP refuses the request without it (e.g. `resource_type` on pipeline statuses). */
	required?: boolean;
	/**
	 * A text search that also finds phone numbers: a value that reads as one ("(512) 555-0199",
	 * "+1 512.555.0199") is sent as its 10 digits, the only form HCP stores numbers in.
	 */
	phoneDigits?: boolean;
}

export interface PathParam {
	/** Placeholder name in `path`, e.g. `customer_id`. */
	name: string;
	/** Display name of the n8n parameter made from it (see QueryParam.label). */
	label: string;
	/** Object whose id this is: lets the node offer a resource locator and the fake server resolve it. */
	object?: ObjectName;
	description?: string;
}

export type BodyFieldType =
	| ScalarType
	/** integer amount of money in cents */
	| 'cents'
	| 'stringArray'
	| 'object'
	| 'objectArray';

export interface BodyField {
	name: string;
	type: BodyFieldType;
	required?: boolean;
	options?: readonly string[];
	/** Display name of the n8n parameter made from it (see QueryParam.label). */
	label?: string;
	description?: string;
	/** The value a new entry starts with in the editor, where the type's own (0, '') would mislead. */
	initial?: number;
	/** A string HCP stores as given but that must have this form to be of use (checked before sending). */
	format?: 'email';
	/** Set on most entries of a list (a line item's price and quantity): offered beside the required fields. */
	prominent?: boolean;
	/** For `object` / `objectArray`: the fields of one element. */
	fields?: readonly BodyField[];
}

export interface ListSpec {
	envelope: Envelope;
	/** Key that holds the rows (`customers`, `jobs`, `data`, ...). */
	key: string;
	/**
	 * Other keys the rows have been seen under, read when `key` is absent (sources disagree on
	 * some lists: price-book services come as `data` live and as `services` in the spec).
	 */
	otherKeys?: readonly string[];
	/** Page-size parameter; absent where the endpoint does not page. */
	pageSizeParam?: 'page_size' | 'per_page';
	/** Largest page to ask for, where it is below the general 200 (routes: 100). */
	maxPageSize?: number;
	/** Fields `sort_by` accepts; absent where the endpoint cannot sort. */
	sortFields?: readonly string[];
}

export interface Operation {
	/** Stable key `<resource>.<operation>`, e.g. `customer.getMany`. */
	key: string;
	/** Node resource value (camelCase), e.g. `customer`, `jobLineItem`. */
	resource: string;
	/** Node operation value (camelCase), e.g. `getMany`, `create`, `bulkUpdate`. */
	operation: string;
	/** Operation label as the node shows it, e.g. `Get Many`. */
	displayName: string;
	/** What it does, written for a person and an AI agent. */
	description: string;
	method: HttpMethod;
	/** Path template exactly as HCP serves it, e.g. `/customers/{customer_id}`. */
	path: string;
	/** operationId in housecall.v1.yaml (absent where the spec has none). */
	specOperationId?: string;
	pathParams: readonly PathParam[];
	/** Present on list operations. */
	list?: ListSpec;
	/** Query parameters other than `page`, the page-size parameter, `sort_by` and `sort_direction`. */
	query?: readonly QueryParam[];
	body?: {
		contentType: 'json' | 'multipart';
		fields: readonly BodyField[];
		/** At least one of these must be set (e.g. customer create). */
		requireOneOf?: readonly string[];
	};
	/** The object the answer is (or the rows are). */
	object?: ObjectName;
	/** Spec marks it for application keys / OAuth only (FIELD-NOTES "Connection"). */
	partnerOnly?: boolean;
	/** The answer is not JSON: `html` (invoice preview) is returned as binary. */
	responseFormat?: 'json' | 'html';
	/** Where the table departs from housecall.v1.yaml, and why (checked by the contract test). */
	divergence?: string;
}

export type ObjectName =
	| 'application'
	| 'checklist'
	| 'customer'
	| 'address'
	| 'employee'
	| 'job'
	| 'jobLineItem'
	| 'appointment'
	| 'jobInputMaterial'
	| 'jobNote'
	| 'jobLink'
	| 'estimate'
	| 'estimateOption'
	| 'estimateOptionLineItem'
	| 'company'
	| 'scheduleAvailability'
	| 'bookingWindow'
	| 'event'
	| 'tag'
	| 'lead'
	| 'leadLineItem'
	| 'leadSource'
	| 'jobType'
	| 'invoice'
	| 'material'
	| 'materialCategory'
	| 'priceForm'
	| 'priceBookService'
	| 'serviceZone'
	| 'route'
	| 'pipelineStatus';

export interface ObjectSpec {
	name: ObjectName;
	displayName: string;
	/** `id` for most objects, `uuid` for price-book objects. */
	idField: 'id' | 'uuid';
	/** Id prefix HCP uses (`cus_`, `job_`...); absent for uuids. */
	idPrefix?: string;
	/** Records carry `updated_at` and the list can sort by it: incremental reads work. */
	updatedAt: boolean;
	/** Key of the operation that lists it (top-level lists only), e.g. `customer.getMany`. */
	listOperation?: string;
	/** Webhook events that concern it (FIELD-NOTES "Webhooks"). */
	events?: readonly string[];
	/** Key under which webhook payloads carry the record, where events exist. */
	webhookKey?: string;
}
