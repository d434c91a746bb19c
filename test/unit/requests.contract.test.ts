/**
 * Every request the action node can produce, one per table operation with every field and filter
 * set to a sample value, run through n8n-core against a server that only records, must match an
 * operation of test/fixtures/housecall.v1.yaml: the path template, the method, query names the spec
 * knows (brackets exactly where the spec says array), required body fields present, and no body
 * field the spec does not describe.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';

import { pathParamName, paramName } from '../../nodes/HousecallPro/contract';
import { optionalQueryGroups } from '../../nodes/HousecallPro/description/operation';
import { OPERATIONS } from '../../nodes/shared/table';
import type { Operation } from '../../nodes/shared/table/types';
import { BINARY_SOURCE } from '../engine/node-helpers';
import { runWorkflow } from '../harness';
import { paramsFromBody, sampleBody, sampleQueryValue, samplePathValues, shownProperties } from './node-samples';
import { resolve, SPEC_OPERATIONS, type Schema } from './spec';

/** The spec operation a sent request matches, with what the checks below need of it. */
interface SpecMatch {
	template: string;
	method: string;
	query: Map<string, { array: boolean }>;
	body?: { contentType: string; schema: Schema };
}

function findSpecOperation(method: string, path: string): SpecMatch | undefined {
	const [operation] = SPEC_OPERATIONS.filter(
		(candidate) =>
			candidate.method === method.toUpperCase() &&
			new RegExp(`^${candidate.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
	)
		// Literal segments win over placeholders (/jobs/lock before /jobs/{id}).
		.sort((a, b) => (b.path.match(/\{/g)?.length ? -1 : 0) - (a.path.match(/\{/g)?.length ? -1 : 0));
	if (!operation) return undefined;
	const query = new Map(
		operation.parameters.filter((param) => param.in === 'query').map((param) => [param.name, { array: param.schema.type === 'array' }]),
	);
	return { template: operation.path, method, query, body: operation.body };
}

/** Problems of a sent JSON value against a spec schema: unknown keys, missing required keys. */
function bodyProblems(value: unknown, schema: Schema, path: string, problems: string[]): void {
	schema = resolve(schema);
	if (Array.isArray(value)) {
		if (schema.items) value.forEach((element, index) => bodyProblems(element, schema.items, `${path}[${index}]`, problems));
		return;
	}
	if (!value || typeof value !== 'object' || !schema.properties || !Object.keys(schema.properties).length) return;
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		if (!(key in schema.properties)) problems.push(`${path}${key} is not in the spec`);
		else bodyProblems(record[key], schema.properties[key], `${path}${key}.`, problems);
	}
	for (const required of schema.required ?? []) {
		if (record[required] === undefined) problems.push(`${path}${required} is required by the spec but not sent`);
	}
}

interface Captured {
	method: string;
	url: URL;
	contentType: string;
	body: string;
}

let server: Server;
let baseUrl: string;
const captured: Captured[] = [];

/** Any list key an envelope may use, empty, so every list parses; other answers are just `{ok}`. */
const ANSWER = JSON.stringify({
	ok: true,
	page: 1,
	page_size: 1,
	total_pages: 1,
	total_items: 0,
	total_pages_count: 1,
	total_count: 0,
	data: [],
	...Object.fromEntries(OPERATIONS.filter((operation) => operation.list).map((operation) => [operation.list!.key, []])),
});

beforeAll(async () => {
	server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			captured.push({
				method: request.method!,
				url: new URL(request.url!, 'http://capture'),
				contentType: String(request.headers['content-type'] ?? ''),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(ANSWER);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));

/** Parameters setting every path value, filter, option and body field of the operation. */
function everythingSet(operation: Operation): INodeParameters {
	const path = samplePathValues(operation);
	const parameters: INodeParameters = { resource: operation.resource, operation: operation.operation };
	for (const param of operation.pathParams) {
		const locator = ['customer', 'job', 'estimate', 'lead', 'invoice'].includes(param.object ?? '');
		parameters[pathParamName(param)] = locator ? { __rl: true, mode: 'id', value: path[param.name] } : path[param.name];
	}
	for (const param of (operation.query ?? []).filter((q) => q.required)) parameters[paramName(param.name)] = sampleQueryValue(param) as string;
	const groups = optionalQueryGroups(operation);
	const toValues = (params: typeof groups.filters) =>
		Object.fromEntries(params.map((param) => [paramName(param.name), param.name === 'customer_id' ? { __rl: true, mode: 'id', value: 'cus_1' } : sampleQueryValue(param)]));
	if (groups.filters.length) parameters.filters = toValues(groups.filters) as never;
	const options: Record<string, unknown> = toValues(groups.options);
	if (operation.list?.sortFields?.length) Object.assign(options, { sortBy: operation.list.sortFields.at(-1), sortDirection: 'desc' });
	if (Object.keys(options).length) parameters.options = options as never;
	if (operation.list) Object.assign(parameters, { returnAll: false, limit: 5 });
	if (operation.body?.contentType === 'json' && operation.body.fields.length) {
		const fields = shownProperties(operation.resource, operation.operation, { sendBodyAs: 'fields' });
		Object.assign(parameters, paramsFromBody(fields, operation.body.fields, sampleBody(operation.body.fields), operation.resource));
	}
	return parameters;
}

async function capture(operation: Operation): Promise<Captured[]> {
	captured.length = 0;
	const multipart = operation.body?.contentType === 'multipart';
	const result = await runWorkflow({
		credentials: { baseUrl, apiKey: 'contract-key' },
		nodes: [
			...(multipart ? [{ name: 'Binary Source', type: BINARY_SOURCE, parameters: {} }] : []),
			{ name: 'Housecall Pro', type: 'housecallPro', parameters: everythingSet(operation) },
		],
	});
	expect(result.error('Housecall Pro')).toBeUndefined();
	return [...captured];
}

describe('every request the node produces matches housecall.v1.yaml', () => {
	it.each(OPERATIONS.map((operation) => [operation.key, operation] as const))('%s', async (_key, operation) => {
		const requests = await capture(operation);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		const specOperation = findSpecOperation(request.method, request.url.pathname);
		expect(specOperation).toBeDefined();
		expect({ template: specOperation!.template, method: request.method }).toEqual({ template: operation.path, method: operation.method });

		const problems: string[] = [];
		for (const name of new Set(request.url.searchParams.keys())) {
			const array = name.endsWith('[]');
			const known = specOperation!.query.get(array ? name.slice(0, -2) : name);
			if (!known) problems.push(`query ${name} is not in the spec`);
			else if (known.array !== array) problems.push(`query ${name} ${known.array ? 'needs' : 'must not have'} brackets`);
		}
		const specBody = specOperation!.body;
		if (operation.body?.contentType === 'multipart') {
			expect(request.contentType).toMatch(/^multipart\/form-data; boundary=/);
			const part = /name="([^"]+)"; filename=/.exec(request.body)?.[1];
			expect(specBody?.contentType).toBe('multipart/form-data');
			expect(Object.keys(specBody!.schema.properties ?? {})).toContain(part);
		} else if (request.body) {
			const sent = JSON.parse(request.body);
			expect(specBody?.contentType).toBe('application/json');
			bodyProblems(sent, specBody!.schema, '', problems);
			// Every field the table knows was set, so every one should have been sent.
			expect(Object.keys(sent).sort()).toEqual(operation.body!.fields.map((field) => field.name).sort());
		} else {
			expect(operation.body?.fields.length ?? 0).toBe(0);
		}
		expect(problems).toEqual([]);
	});
});

