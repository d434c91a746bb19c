import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPERATIONS, RESOURCES } from '../../shared/table';
import { actionLabel } from './actionLabel';
import { EXTRA_OPERATIONS, SPECIAL_TABLE_OPERATIONS } from './extraOperations';
import { showFor, tableOperationProperties } from './operation';
import { plainText, tableToolDescription, toolDescriptionProperty } from './toolDescription';

/**
 * The node's properties, built from the table: one resource option per table resource (plus the
 * custom API call), one operation option per table operation (plus the composite ones), and each
 * operation's fields.
 */

export const CUSTOM_API_CALL_RESOURCE = {
	value: 'customApiCall',
	displayName: 'Custom API Call',
	description: 'Any request to the Housecall Pro API with this credential',
};

/**
 * Where users look for operations HCP does not have, the node says what to use instead: on the
 * operations where the missing one would have been (OPERATIONS_NOTED), not on every operation.
 */
const MISSING_OPERATION_NOTES: Readonly<Record<string, string>> = {
	customer:
		'Housecall Pro cannot delete customers through its API. To retire one, use Update (e.g. add a tag or a note).',
	job: 'Housecall Pro has no generic job update and no status actions (on my way, start, finish, cancel) in its API. Change a job through Job Line Item, Job Appointment, Update Schedule, Dispatch, notes and tags.',
	estimate:
		'Estimates cannot be updated after they are created: add options with Estimate Option > Create and change line items with Estimate Option Line Item > Bulk Update.',
	lead: 'Leads cannot be updated through the API: use Lead > Convert to make a job or estimate, or Pipeline Status > Set to move it along the pipeline.',
	invoice:
		'Invoices are read only in the API: they cannot be created, sent or paid. They come from jobs (see Job > Get Invoices).',
};

/** The operations of each resource that show its note: where a person looks for the missing one. */
const OPERATIONS_NOTED: Readonly<Record<string, readonly string[]>> = {
	customer: ['update', 'get'],
	job: ['get', 'updateSchedule'],
	estimate: ['create', 'get'],
	lead: ['get', 'convert'],
	invoice: ['get', 'getMany'],
};

const PARTNER_LABEL = ' (Partner Apps Only)';

/** Operation options describe in plain words; the table's backticks are for its readers. */
function optionDescription(text: string): string {
	return plainText(text).replace(/\.$/, '');
}

/** Every action label by `<resource>.<operation>`, for the canvas subtitle. */
export function actionLabels(): Record<string, string> {
	const names = new Map([...RESOURCES, CUSTOM_API_CALL_RESOURCE].map((resource) => [resource.value, resource.displayName]));
	const labels: Record<string, string> = {};
	for (const choice of allChoices()) {
		const label = actionLabel(choice.resource, names.get(choice.resource) ?? choice.resource, choice.operation, choice.displayName);
		labels[`${choice.resource}.${choice.operation}`] = `${label}${choice.partnerOnly ? PARTNER_LABEL : ''}`;
	}
	return labels;
}

interface OperationChoice {
	resource: string;
	operation: string;
	displayName: string;
	description: string;
	partnerOnly?: boolean;
}

function allChoices(): OperationChoice[] {
	return [...OPERATIONS, ...EXTRA_OPERATIONS];
}

function resourceProperty(): INodeProperties {
	const options: INodePropertyOptions[] = [...RESOURCES, CUSTOM_API_CALL_RESOURCE].map((resource) => ({
		name: resource.displayName,
		value: resource.value,
		description: resource.description,
	}));
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'customer',
	};
}

function operationProperty(resource: string, labels: Readonly<Record<string, string>>): INodeProperties {
	const choices = allChoices().filter((choice) => choice.resource === resource);
	const options: INodePropertyOptions[] = choices
		.map((choice) => ({
			name: `${choice.displayName}${choice.partnerOnly ? PARTNER_LABEL : ''}`,
			value: choice.operation,
			description: optionDescription(choice.description),
			action: labels[`${resource}.${choice.operation}`],
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	const values = choices.map((choice) => choice.operation);
	const defaultOperation = values.includes('getMany') ? 'getMany' : (options[0].value as string);
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/** Shown only when the node runs as an AI tool (n8n's `@tool` display condition). */
function forTool(operation: { resource: string; operation: string }, description: string): INodeProperties {
	return { ...toolDescriptionProperty(description), displayOptions: showFor(operation, { '@tool': [true] }) };
}

export function buildProperties(): INodeProperties[] {
	const labels = actionLabels();
	const properties: INodeProperties[] = [resourceProperty()];
	for (const resource of [...RESOURCES, CUSTOM_API_CALL_RESOURCE]) {
		properties.push(operationProperty(resource.value, labels));
		const note = MISSING_OPERATION_NOTES[resource.value];
		if (note) {
			properties.push({
				displayName: note,
				name: `${resource.value}Notice`,
				type: 'notice',
				default: '',
				displayOptions: { show: { resource: [resource.value], operation: [...(OPERATIONS_NOTED[resource.value] ?? [])] } },
			});
		}
	}
	for (const operation of OPERATIONS) {
		const special = SPECIAL_TABLE_OPERATIONS.get(operation.key);
		const fields = tableOperationProperties(operation, special ?? [], !special);
		properties.push(forTool(operation, tableToolDescription(operation, fields)), ...fields);
	}
	for (const extra of EXTRA_OPERATIONS) {
		properties.push(forTool(extra, extra.toolDescription), ...updateDisplayOptions(showFor(extra), extra.properties));
	}
	return properties;
}
