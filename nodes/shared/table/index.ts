import { OBJECTS } from './objects';
import { companyOperations } from './operations/company';
import { customerOperations } from './operations/customers';
import { estimateOperations } from './operations/estimates';
import { jobOperations } from './operations/jobs';
import { leadOperations } from './operations/leads';
import { applicationOperations } from './operations/application';
import { checklistOperations } from './operations/checklists';
import { employeeOperations } from './operations/employees';
import { eventOperations } from './operations/events';
import { invoiceOperations } from './operations/invoices';
import { jobTypeOperations } from './operations/jobTypes';
import { pipelineOperations } from './operations/pipeline';
import { routeAndServiceZoneOperations } from './operations/routes';
import { tagOperations } from './operations/tags';
import { webhookSubscriptionOperations } from './operations/webhookSubscription';
import { priceBookOperations } from './operations/priceBook';
import type { ObjectName, ObjectSpec, Operation } from './types';

export * from './types';
export { OBJECTS };

/** Every operation of housecall.v1.yaml, once each (held to the spec by table.contract.test.ts). */
export const OPERATIONS: readonly Operation[] = [
	...customerOperations,
	...jobOperations,
	...estimateOperations,
	...leadOperations,
	...priceBookOperations,
	...companyOperations,
	...applicationOperations,
	...checklistOperations,
	...employeeOperations,
	...eventOperations,
	...invoiceOperations,
	...jobTypeOperations,
	...tagOperations,
	...pipelineOperations,
	...routeAndServiceZoneOperations,
	...webhookSubscriptionOperations,
];

export interface WebhookEvent {
	/** As the payload's `event` says it, e.g. `job.appointment.scheduled`. */
	name: string;
	object: ObjectName;
	/** Key of the payload that holds the record, e.g. `appointment`. */
	webhookKey: string;
}

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = OBJECTS.flatMap((object) =>
	(object.events ?? []).map((name) => ({
		name,
		object: object.name,
		webhookKey: object.webhookKey ?? object.name,
	})),
);

export interface ResourceOption {
	value: string;
	displayName: string;
	description: string;
}

const RESOURCE_TEXT: Readonly<Record<string, { displayName: string; description: string }>> = {
	application: { displayName: 'Application', description: 'State of this partner app for the company (partner apps only)' },
	checklist: { displayName: 'Checklist', description: 'Checklists filled in on jobs and estimates (partner apps only)' },
	company: { displayName: 'Company', description: 'The company, its business hours and open booking windows' },
	customer: { displayName: 'Customer', description: 'People and businesses you work for (no delete in HCP)' },
	customerAddress: { displayName: 'Customer Address', description: 'Service and billing addresses of a customer' },
	employee: { displayName: 'Employee', description: 'Employees (pros) of the company' },
	estimate: { displayName: 'Estimate', description: 'Quotes with one or more options for the customer' },
	estimateOption: { displayName: 'Estimate Option', description: 'One alternative of an estimate: approve, decline, notes, schedule' },
	estimateOptionLineItem: { displayName: 'Estimate Option Line Item', description: 'Line items of an estimate option' },
	event: { displayName: 'Event', description: 'Calendar events that are not jobs' },
	invoice: { displayName: 'Invoice', description: 'Invoices of jobs (read only in the API)' },
	job: { displayName: 'Job', description: 'Work orders: create, notes, tags, schedule, dispatch, lock' },
	jobAppointment: { displayName: 'Job Appointment', description: 'Visits of a job (several for multi-day jobs)' },
	jobInputMaterial: { displayName: 'Job Input Material', description: 'Materials used on a job' },
	jobLineItem: { displayName: 'Job Line Item', description: 'Services and materials billed on a job' },
	jobType: { displayName: 'Job Type', description: 'Kinds of job the company does' },
	lead: { displayName: 'Lead', description: 'Potential work, convertible to a job or estimate' },
	leadLineItem: { displayName: 'Lead Line Item', description: 'Line items of a lead' },
	leadSource: { displayName: 'Lead Source', description: 'Where customers come from' },
	material: { displayName: 'Material', description: 'Price-book materials' },
	materialCategory: { displayName: 'Material Category', description: 'Folders of price-book materials' },
	pipelineStatus: { displayName: 'Pipeline Status', description: 'Sales pipeline stages of leads, jobs and estimates' },
	priceBookService: { displayName: 'Price Book Service', description: 'Price-book services (partner apps only)' },
	priceForm: { displayName: 'Price Form', description: 'Price-book forms that price a service from answers' },
	route: { displayName: 'Route', description: 'Daily routes of employees (partner apps only)' },
	serviceZone: { displayName: 'Service Zone', description: 'Areas the company serves (partner apps only)' },
	tag: { displayName: 'Tag', description: 'Labels for customers and jobs' },
	webhookSubscription: {
		displayName: 'Webhook Subscription',
		description: 'Webhooks of a partner app (company keys set webhooks up in Housecall Pro)',
	},
};

const operationsByKey = new Map(OPERATIONS.map((operation) => [operation.key, operation]));
const objectsByName = new Map(OBJECTS.map((object) => [object.name, object]));

/** Resources in the order n8n wants options: alphabetical by display name. */
export const RESOURCES: readonly ResourceOption[] = [...new Set(OPERATIONS.map((o) => o.resource))]
	.map((value) => {
		const text = RESOURCE_TEXT[value];
		if (!text) throw new Error(`Resource "${value}" has no display name in RESOURCE_TEXT`);
		return { value, ...text };
	})
	.sort((a, b) => a.displayName.localeCompare(b.displayName));

export function getOperation(key: string): Operation {
	const operation = operationsByKey.get(key);
	if (!operation) throw new Error(`Unknown Housecall Pro operation "${key}"`);
	return operation;
}

export function operationsOfResource(resource: string): readonly Operation[] {
	return OPERATIONS.filter((operation) => operation.resource === resource);
}

export function getObject(name: ObjectName | string): ObjectSpec {
	const object = objectsByName.get(name as ObjectName);
	if (!object) throw new Error(`Unknown Housecall Pro object "${name}"`);
	return object;
}
