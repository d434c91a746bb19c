/**
 * What n8n 2.40.7's node panel and canvas make of the three descriptions. The panel's rules are
 * restated here from the editor bundle (n8n-editor-ui, workflows.store: generateMergedNodesAndActions
 * and the trigger-actions rule; useActions: getActionData; setLastNodeParameters), and the
 * parameters a panel entry gives are resolved with n8n-workflow's own getNodeParameters, as the
 * editor does. The browser test checks the same entries in the real panel.
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { HousecallProTrigger } from '../../nodes/HousecallProTrigger/HousecallProTrigger.node';
import { buildPlan, listableObjects, RECORD_EVENTS, STATUS_EVENTS } from '../../nodes/HousecallProTrigger';
import { HousecallProWebhookTrigger } from '../../nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node';
import { WEBHOOK_EVENTS } from '../../nodes/shared/table';

const action = new HousecallPro().description;
const polling = new HousecallProTrigger().description;
const webhook = new HousecallProWebhookTrigger().description;

interface PanelEntry {
	displayName: string;
	values: INodeParameters;
}

/**
 * n8n's trigger entries: the options of the first property whose display name is Event, Events or
 * Trigger On (names "*", "" and " " left out), each worded by its `action`, each giving that value
 * plus the first value of every show condition of the property.
 */
function triggerEntries(description: INodeTypeDescription): PanelEntry[] {
	const property = description.properties.find((candidate) => ['event', 'events', 'trigger on'].includes(candidate.displayName.toLowerCase()));
	const shown = Object.fromEntries(Object.entries(property?.displayOptions?.show ?? {}).map(([name, values]) => [name, (values as unknown[])[0]]));
	return ((property?.options ?? []) as INodePropertyOptions[])
		.filter((option) => !['*', '', ' '].includes(option.name))
		.map((option) => ({
			// n8n words an option without `action` itself ("On " + lodash lowerCase of the name).
			displayName: option.action ?? `(no action: ${option.name})`,
			values: { [property!.name]: property!.type === 'multiOptions' ? [option.value] : option.value, ...shown } as INodeParameters,
		}));
}

/** The parameters a node added from an entry starts with (setLastNodeParameters). */
function parametersOf(description: INodeTypeDescription, values: INodeParameters): INodeParameters {
	const stub = { id: '1', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, stub, description)!;
}

function displayed(description: INodeTypeDescription, parameters: INodeParameters, name: string): INodeProperties[] {
	const stub = { id: '1', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters } as INode;
	return description.properties.filter(
		(property) => property.name === name && NodeHelpers.displayParameter(parameters, property, stub, description, parameters),
	);
}

function subtitle(description: INodeTypeDescription): (parameter: object) => string {
	const expression = String(description.subtitle);
	expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
	return new Function('$parameter', `return ${expression.slice(3, -2)}`) as (parameter: object) => string;
}

describe('the node panel', () => {
	it("shows one Housecall Pro entry for the action node and the polling trigger, with the trigger's description, which leads with what the actions do", () => {
		// The editor merges a trigger into the node whose name is the trigger's less "Trigger" and gives the entry the trigger's description.
		expect(polling.name.replace('Trigger', '')).toBe(action.name);
		expect(webhook.name.replace('Trigger', '')).not.toBe(action.name);
		const actionsSentence = String(action.description).split('.')[0];
		expect(actionsSentence).toMatch(/^Work with Housecall Pro customers, jobs/);
		expect(polling.description.startsWith(actionsSentence)).toBe(true);
		expect(polling.description).toMatch(/start a workflow when records are created, updated or deleted, or change status/);
	});

	it('lists every polling event as its own entry, status events included, each starting a valid trigger', () => {
		const entries = triggerEntries(polling);
		expect(entries.map((entry) => entry.displayName)).toEqual([
			'On new record',
			'On updated record',
			'On new or updated record',
			'On deleted record',
			...STATUS_EVENTS.map((event) => `On ${event.name.toLowerCase()}`),
		]);
		expect(entries.map((entry) => entry.displayName)).toEqual(expect.arrayContaining(['On job completed', 'On invoice paid', 'On lead won']));
		for (const entry of entries) {
			const parameters = parametersOf(polling, entry.values);
			const status = STATUS_EVENTS.find((event) => event.value === entry.values.event);
			// A status entry picks its own object; a record entry the default object.
			expect([entry.displayName, parameters.object]).toEqual([entry.displayName, status ? status.object : 'job']);
			expect(() => buildPlan({ object: String(parameters.object), event: String(parameters.event), query: {} })).not.toThrow();
		}
	});

	it('lists every webhook event as its own entry, keeping what Housecall Pro calls employee.created', () => {
		const entries = triggerEntries(webhook);
		expect(entries).toHaveLength(WEBHOOK_EVENTS.length + 1);
		const names = entries.map((entry) => entry.displayName);
		expect(names).toEqual(expect.arrayContaining(['On any event', 'On job completed', 'On invoice paid', 'On employee created (pro.created in Housecall Pro)']));
		expect(names.filter((name) => name.startsWith('(no action'))).toEqual([]);
		const paid = entries.find((entry) => entry.displayName === 'On invoice paid')!;
		expect(parametersOf(webhook, paid.values).events).toEqual(['invoice.paid']);
	});
});

describe('the polling trigger keeps the workflows saved before Event came first', () => {
	const saved: Array<{ object: string; event: string }> = [
		...listableObjects().flatMap((object) => RECORD_EVENTS.map((event) => ({ object: object.name, event: event.value }))),
		...STATUS_EVENTS.map((event) => ({ object: event.object, event: event.value })),
	];

	it.each(saved)('$object / $event: both values resolve as saved, and Object offers the saved object', (values) => {
		const parameters = parametersOf(polling, values);
		expect({ object: parameters.object, event: parameters.event }).toEqual(values);
		const objectFields = displayed(polling, parameters, 'object');
		expect(objectFields).toHaveLength(1);
		expect((objectFields[0].options as INodePropertyOptions[]).map((option) => option.value)).toContain(values.object);
		const eventFields = displayed(polling, parameters, 'event');
		expect((eventFields[0].options as INodePropertyOptions[]).map((option) => option.value)).toContain(values.event);
	});

	it("keeps the object's filters in view for status events", () => {
		const parameters = parametersOf(polling, { event: 'jobCompleted' });
		const filters = displayed(polling, parameters, 'filters');
		expect(filters).toHaveLength(1);
		expect((filters[0].options as INodeProperties[]).map((option) => option.name)).toContain('customer_id');
	});

	it('offers a status event only its own object', () => {
		for (const event of STATUS_EVENTS) {
			const [objectField] = displayed(polling, parametersOf(polling, { event: event.value }), 'object');
			expect([event.value, (objectField.options as INodePropertyOptions[]).map((option) => option.value)]).toEqual([event.value, [event.object]]);
		}
	});
});

describe('canvas subtitles', () => {
	it('the polling trigger shows the event in words, not "job: jobCompleted"', () => {
		const of = subtitle(polling);
		expect(of({ object: 'job', event: 'jobCompleted' })).toBe('On job completed');
		expect(of({ object: 'invoice', event: 'invoicePaid' })).toBe('On invoice paid');
		expect(of({ object: 'customer', event: 'newOrUpdated' })).toBe('On new or updated customer');
		expect(of({ object: 'jobType', event: 'deleted' })).toBe('On deleted job type');
		for (const values of [
			...listableObjects().flatMap((object) => RECORD_EVENTS.map((event) => ({ object: object.name, event: event.value }))),
			...STATUS_EVENTS.map((event) => ({ object: event.object, event: event.value })),
		]) {
			expect(of(values)).toMatch(/^On [a-z]/);
		}
	});

	it('the webhook trigger shows the chosen events by label, and an unknown value as saved', () => {
		const of = subtitle(webhook);
		expect(of({ events: ['job.completed', 'invoice.paid'] })).toBe('Job Completed, Invoice Paid');
		expect(of({ events: ['*'] })).toBe('All Events');
		expect(of({ events: ['job.teleported'] })).toBe('job.teleported');
		expect(of({})).toBe('');
	});
});

describe('labels a person reads', () => {
	/** Every option of every parameter, nested ones included, with where it sits. */
	function allOptions(list: readonly INodeProperties[], where: string, found: Array<{ where: string; option: INodePropertyOptions }>): void {
		for (const property of list) {
			for (const option of property.options ?? []) {
				if ('values' in option) allOptions(option.values, `${where} > ${property.name}`, found);
				else if ('displayName' in option) allOptions([option], `${where} > ${property.name}`, found);
				else found.push({ where: `${where} > ${property.name}`, option });
			}
		}
	}

	it.each([action, polling, webhook].map((description) => [description.name, description] as const))(
		'%s: no option is named by a raw API value (created_at) or shows backticks',
		(_name, description) => {
			const found: Array<{ where: string; option: INodePropertyOptions }> = [];
			allOptions(description.properties, description.name, found);
			expect(found.length).toBeGreaterThan(10);
			const raw = found.filter(({ option }) => /_|`/.test(option.name) || /`/.test(option.description ?? '') || !/^[A-Z0-9]/.test(option.name));
			expect(raw.map(({ where, option }) => `${where}: ${option.name}`)).toEqual([]);
		},
	);

	it('partner-only objects of the polling trigger say so in their name, as the action node does', () => {
		const objectOptions = polling.properties.find((property) => property.name === 'object')!.options as INodePropertyOptions[];
		const partner = objectOptions.filter((option) => option.description?.includes('Partner applications only'));
		expect(partner.length).toBeGreaterThan(0);
		for (const option of objectOptions) {
			expect([option.value, option.name.endsWith(' (Partner Apps Only)')]).toEqual([option.value, partner.includes(option)]);
		}
	});
});
