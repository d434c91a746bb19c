import type { INodeProperties } from 'n8n-workflow';

import { getObject } from '../../shared/table';
import type { BodyField, Operation } from '../../shared/table/types';
import { idSource, objectOfIdLabel } from '../ids';
import { simplifierFor } from '../simplify';

/**
 * What a model is told about each operation when the node runs as an AI tool. n8n's fallback is
 * "<action> in Housecall Pro"; this says what the tool does, which fields it reads under which
 * $fromAI keys, where their ids come from, what it answers and that money is in cents.
 *
 * The editor's "let the model define this parameter" button writes `$fromAI('<key>', '', ...)`
 * with an empty description and the parameter's label as key (n8n 2.40.7: non-alphanumerics
 * become `_`), so the field descriptions can only reach the model through this text.
 */

/** Objects whose records carry money. */
const MONEY_OBJECTS = new Set([
	'job',
	'jobLineItem',
	'jobInputMaterial',
	'estimate',
	'estimateOption',
	'estimateOptionLineItem',
	'invoice',
	'lead',
	'leadLineItem',
	'material',
	'priceBookService',
	'serviceZone',
]);

/**
 * Parameters that shape the node or the reading, not the request: a model has no use for them.
 * The JSON body is left out too: Send Body As is a dropdown, which the editor never hands to the
 * model, and the body's fields are named one by one.
 */
const NOT_FIELDS = new Set([
	'resource',
	'operation',
	'returnAll',
	'limit',
	'simplify',
	'sendBodyAs',
	'jsonBody',
	'toolDescription',
]);


/** The key n8n's editor gives a parameter it hands to the model. */
export function fromAiKey(label: string): string {
	return label.replace(/[^a-zA-Z0-9-]/g, '_').slice(0, 63);
}

/** Table descriptions mark ids with backticks for people reading the source; models need none. */
export function plainText(text: string): string {
	const plain = text.replace(/`/g, '').trim();
	return /[.!?]$/.test(plain) ? plain : `${plain}.`;
}

function hasCents(fields: readonly BodyField[] | undefined): boolean {
	return !!fields?.some((field) => field.type === 'cents' || hasCents(field.fields));
}

export function involvesMoney(operation: Operation): boolean {
	return (!!operation.object && MONEY_OBJECTS.has(operation.object)) || hasCents(operation.body?.fields);
}

/** "Customer_ID (cus_... from Customer > Find)" for an id field, the bare key otherwise. */
function describeField(property: INodeProperties): string {
	const key = fromAiKey(property.displayName);
	const object = objectOfIdLabel(property.displayName);
	if (!object) return property.type === 'json' ? `${key} (JSON)` : key;
	const prefix = getObject(object).idPrefix;
	return `${key} (${prefix ? `${prefix}... ` : ''}from ${idSource(object)})`;
}


/**
 * The fields part: the top-level ones, which every request of the operation needs. Optional
 * fields (collections) are left out: a tool offers the model only those its builder handed over,
 * and those keys arrive in the tool's schema by name; listing the rest would invite the model to
 * send what the tool cannot take, and costs bytes on every call.
 */
export function describeFields(properties: readonly INodeProperties[]): string {
	const topLevel = properties
		.filter((property) => !NOT_FIELDS.has(property.name) && property.type !== 'notice' && property.type !== 'collection')
		.map(describeField);
	return topLevel.length ? `Fields: ${[...new Set(topLevel)].join(', ')}.` : '';
}

function describeAnswer(operation: Operation): string {
	const object = operation.object ? getObject(operation.object) : undefined;
	const name = object?.displayName.toLowerCase() ?? 'record';
	const compact = simplifierFor(operation.object) ? ' (compact unless Simplify is off)' : '';
	if (operation.list) {
		return `Returns a list of ${name} records${compact}; when none match it returns matched: false with a hint instead of an empty list.`;
	}
	if (operation.method === 'DELETE') return 'Returns success: true once deleted.';
	return object ? `Returns the ${name}${compact}.` : '';
}

/** The tool description of one table operation, from its record and the fields built for it. */
export function tableToolDescription(operation: Operation, properties: readonly INodeProperties[]): string {
	const summary = plainText(operation.description);
	const parts = [summary, describeFields(properties), describeAnswer(operation)];
	if (involvesMoney(operation) && operation.method !== 'DELETE') parts.push('Money is in integer cents (12550 = $125.50).');
	if (operation.partnerOnly && !/partner apps only/i.test(summary)) {
		parts.push('Partner applications only: a company API key is likely refused.');
	}
	return parts.filter(Boolean).join(' ');
}

/** The property that carries it: n8n adds its own generic one only when a node has none. */
export function toolDescriptionProperty(description: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		default: description,
		description:
			'What the AI model is told about this tool. Written for the operation chosen above, with the keys of the fields the model may fill; edit it to narrow what the tool is for.',
	};
}
