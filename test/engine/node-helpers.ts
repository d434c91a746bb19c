/**
 * Helpers for the action node's engine tests: a fake HCP per test, path values that hang together
 * in its store, request bodies with real ids, and a start node that hands over binary data.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { pathParamName } from '../../nodes/HousecallPro/contract';
import type { BodyField, ObjectName, Operation } from '../../nodes/shared/table/types';
import { startFakeHcp, type FakeHcp, type FakeHcpOptions, type RequestLogEntry } from '../fake-hcp';
import { PARENT_LINKS } from '../fake-hcp/store';
import { registerNodeType, runNode, runWorkflow } from '../harness';
import { paramsFromBody, sampleBody, shownProperties } from '../unit/node-samples';

export const START = Date.parse('2026-03-01T12:00:00Z');

export async function withFake<T>(options: FakeHcpOptions, body: (fake: FakeHcp) => Promise<T>): Promise<T> {
	const fake = await startFakeHcp({ seed: 7, now: () => new Date(START), ...options });
	try {
		return await body(fake);
	} finally {
		await fake.close();
	}
}

export function credentialsOf(fake: FakeHcp) {
	return { baseUrl: fake.url, apiKey: fake.apiKey };
}

export async function run(fake: FakeHcp, parameters: INodeParameters, input?: IDataObject[], continueOnFail = false) {
	return await runNode({ credentials: credentialsOf(fake), parameters, input, continueOnFail });
}

/** The query of a logged request as sorted `name=value` pairs (names keep their brackets). */
export function queryPairs(entry: RequestLogEntry): string[] {
	return [...entry.query.entries()].map(([name, value]) => `${name}=${value}`).sort();
}

/** Records that answer the operation's path parameters and belong together (option of that estimate...). */
export function pathValues(fake: FakeHcp, operation: Operation): Record<string, string> {
	const values: Record<string, string> = {};
	const params = operation.pathParams;
	for (let i = params.length - 1; i >= 0; i--) {
		const param = params[i];
		const object = param.object as ObjectName;
		if (values[param.name]) continue;
		// A later parameter's record names this one as its parent.
		const child = params.slice(i + 1).find((later) => PARENT_LINKS[later.object as ObjectName]?.some((link) => link.parent === object));
		if (child) {
			const record = fake.store.get(child.object as ObjectName, values[child.name])!;
			const link = PARENT_LINKS[child.object as ObjectName]!.find((candidate) => candidate.parent === object)!;
			values[param.name] = String(record[link.field]);
			continue;
		}
		const earlier = new Set(params.slice(0, i).map((p) => p.object));
		const links = (PARENT_LINKS[object] ?? []).filter((link) => earlier.has(link.parent));
		const candidates = fake.store
			.list(object)
			.filter((record) => links.length === 0 || links.some((link) => record[link.field]))
			.filter((record) => object !== 'lead' || record.status === 'open')
			.filter((record) => object !== 'leadSource' || record.editable === true)
			// A list under a parent reads a parent that has rows, so the output has something to compare.
			.filter((record) => !operation.list || i !== params.length - 1 || !operation.object || fake.store.childIds(operation.object, fake.store.idOf(object, record)).length > 0);
		if (!candidates.length) throw new Error(`no ${object} in the fake for ${operation.key}`);
		values[param.name] = fake.store.idOf(object, candidates[0]);
	}
	return values;
}

/** Lists under a parent that the seed leaves empty (job input materials) get one row to read. */
export function ensureRows(fake: FakeHcp, operation: Operation): void {
	const object = operation.object as ObjectName | undefined;
	const link = object ? PARENT_LINKS[object]?.[0] : undefined;
	if (!operation.list || !object || !link || fake.store.count(object) > 0) return;
	const parent = fake.store.list(link.parent)[0];
	fake.store.insert(object, { [link.field]: fake.store.idOf(link.parent, parent), name: 'Seeded row' });
}

/** Path parameters as the node takes them (locators in ID mode). */
export function pathParameters(operation: Operation, values: Record<string, string>): INodeParameters {
	const parameters: INodeParameters = {};
	for (const param of operation.pathParams) {
		const locator = ['customer', 'job', 'estimate', 'lead', 'invoice'].includes(param.object ?? '');
		parameters[pathParamName(param)] = locator ? { __rl: true, mode: 'id', value: values[param.name] } : values[param.name];
	}
	return parameters;
}

/** Values the fake can resolve, by body field name; everything else gets a typed sample. */
export function knownValues(fake: FakeHcp): Record<string, unknown> {
	const store = fake.store;
	const address = store.list('address').find((candidate) => candidate.customer_id)!;
	const employee = store.list('employee')[0];
	const lead = store.list('lead')[0];
	return {
		customer_id: address.customer_id,
		address_id: address.id,
		option_ids: [store.list('estimateOption')[0].id],
		tag_id: store.list('tag')[0].id,
		material_category_uuid: store.list('materialCategory')[0].uuid,
		dispatched_employees: [{ employee_id: employee.id }],
		dispatched_employees_ids: [employee.id],
		type: 'estimate',
		statuses: ['scheduled', 'completed'],
		resource_type: 'lead',
		resource_id: lead.id,
		status_id: store.list('pipelineStatus').find((status) => status.resource_type === 'lead')?.id,
		daily_schedule_windows: [{ day_name: 'monday', schedule_windows: [{ start_time: '08:00', end_time: '12:00' }] }],
		line_items: [{ name: 'Sample', unit_price: 1000, quantity: 2 }],
		job_input_materials: [{ name: 'Wire', unit_cost: 100, quantity: 1.5 }],
		name: 'Sample name',
		start_time: '2026-03-02T10:00:00Z',
		end_time: '2026-03-02T12:00:00Z',
	};
}

/** A body the fake accepts: required fields, requireOneOf, and the known fields the operation has. */
export function minimalBody(fake: FakeHcp, operation: Operation): Record<string, unknown> {
	const known = knownValues(fake);
	const fields = operation.body?.fields ?? [];
	const body: Record<string, unknown> = {};
	const fill = (field: BodyField) => {
		body[field.name] = field.name in known ? known[field.name] : sampleBody([field])[field.name];
	};
	for (const field of fields) if (field.required || field.name in known) fill(field);
	const oneOf = operation.body?.requireOneOf;
	if (oneOf && oneOf.every((name) => body[name] === undefined)) fill(fields.find((field) => field.name === oneOf[0])!);
	// An update needs something to change.
	if (fields.length && !Object.keys(body).length) fill(fields[0]);
	return body;
}

/** Node parameters for a body in Fields mode, built from the node's own properties. */
export function bodyParameters(operation: Operation, body: Record<string, unknown>): INodeParameters {
	return paramsFromBody(shownProperties(operation.resource, operation.operation, { sendBodyAs: 'fields' }), operation.body?.fields ?? [], body, operation.resource);
}

export const BINARY_SOURCE = 'test.binarySource';

/** Emits one item per input with a small binary file, like a Read File node would. */
class BinarySource implements INodeType {
	description = {
		displayName: 'Binary Source',
		name: 'binarySource',
		group: ['transform'],
		version: 1,
		description: 'Adds a binary file to each item',
		defaults: { name: 'Binary Source' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Text', name: 'text', type: 'string', default: 'hello' },
			{ displayName: 'Field', name: 'field', type: 'string', default: 'data' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const text = this.getNodeParameter('text', i) as string;
			const field = this.getNodeParameter('field', i) as string;
			const binary = await this.helpers.prepareBinaryData(Buffer.from(text, 'utf8'), `photo-${i}.jpg`, 'image/jpeg');
			out.push({ json: items[i].json, binary: { [field]: binary }, pairedItem: { item: i } });
		}
		return [out];
	}
}
registerNodeType(BINARY_SOURCE, new BinarySource());

/** Start -> Binary Source -> Housecall Pro. */
export async function runWithBinary(fake: FakeHcp, parameters: INodeParameters, input: IDataObject[] = [{}], source: INodeParameters = {}) {
	const result = await runWorkflow({
		credentials: credentialsOf(fake),
		input,
		nodes: [
			{ name: 'Binary Source', type: BINARY_SOURCE, parameters: source },
			{ name: 'Housecall Pro', type: 'housecallPro', parameters },
		],
	});
	const error = result.error('Housecall Pro');
	return { items: error ? [] : result.output('Housecall Pro'), error };
}

/** GETs the same URL the node asked, as a second opinion on what HCP answered. */
export async function replay(fake: FakeHcp, entry: RequestLogEntry): Promise<unknown> {
	const query = entry.query.toString();
	const response = await fetch(`${fake.url}${entry.path}${query ? `?${query}` : ''}`, {
		headers: { Authorization: `Token ${fake.apiKey}` },
	});
	const text = await response.text();
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
