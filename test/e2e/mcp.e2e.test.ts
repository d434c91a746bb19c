// Example 09 as shipped inside a real n8n 2.40.7: the MCP Server Trigger exposes a curated set of
// Housecall Pro tools, and a real MCP client (the official TypeScript SDK) lists and calls them over
// streamable HTTP with the example's bearer token, against the fake Housecall Pro.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { CREDENTIAL_TYPE, mcpServerPath, prepareWorkflow, readExample, type ExampleJson } from './example-workflows';
import { expectNothingMatched, toolsWithoutSpecificDescription } from './lib/agent-contract';
import { idsIn, toolName } from './lib/agent-workflows';
import { packRepoPackage } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const RESULTS_DIR = path.join(__dirname, 'results');

interface ListedTool {
	name: string;
	description?: string;
	inputSchema: { type: string; properties?: Record<string, { type?: string }>; required?: string[] };
}

function textOf(result: unknown): string {
	const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
	return content.map((part) => part.text ?? '').join('');
}

describeWithN8n(`Example 09: Housecall Pro tools behind n8n ${N8N_VERSION}'s MCP Server Trigger, called by the MCP SDK`, () => {
	let n8n: N8nInstance;
	let fake: FakeHcp;
	let workDir = '';
	let client: Client;
	let mcpUrl = '';
	let example: ExampleJson;
	const token = crypto.randomBytes(24).toString('hex');
	let tools: ListedTool[] = [];

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-mcp-'));
		const tarball = packRepoPackage(workDir);
		fake = await startFakeHcp({ seed: 3 });
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		process.stderr.write(`[n8n-e2e] mcp suite: n8n ready in ${(n8n.startupMs / 1000).toFixed(1)} s\n`);
		const hcp = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (fake)', { apiKey: fake.apiKey, baseUrl: fake.url });
		const bearer = await n8n.api.createCredential('httpBearerAuth', 'MCP clients', { token });
		example = readExample('09-').workflow;
		const prepared = prepareWorkflow(example, hcp, { uniqueWebhooks: true, bearerCredential: bearer });
		const { id } = await n8n.api.importWorkflow(prepared);
		await n8n.api.activate(id);
		mcpUrl = `${n8n.url}/mcp/${mcpServerPath(prepared)}`;
		client = new Client({ name: 'hcp-e2e', version: '1.0.0' });
		await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
		tools = (await client.listTools()).tools as ListedTool[];
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (tools.length) {
			fs.mkdirSync(RESULTS_DIR, { recursive: true });
			fs.writeFileSync(
				path.join(RESULTS_DIR, 'mcp-tools.json'),
				`${JSON.stringify({ n8n: N8N_VERSION, recordedAt: new Date().toISOString(), bytes: Buffer.byteLength(JSON.stringify(tools)), tools }, null, 2)}\n`,
			);
		}
		await client?.close().catch(() => undefined);
		await n8n?.stop();
		await fake?.close();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	test('lists one tool per Housecall Pro node of the example, each with an input schema of its $fromAI fields', () => {
		const toolNodes = example.nodes.filter((node) => node.type.endsWith('.housecallProTool'));
		expect(toolNodes.length).toBeGreaterThanOrEqual(4);
		expect(tools.map((tool) => tool.name).sort()).toEqual(toolNodes.map((node) => toolName(node.name)).sort());
		// Find Customer's schema is checked with the contract below (its fields exist once the operation does).
		for (const tool of tools.filter((candidate) => candidate.name !== 'Find_Customer')) {
			const node = toolNodes.find((candidate) => toolName(candidate.name) === tool.name)!;
			const keys = [...JSON.stringify(node.parameters).matchAll(/\$fromAI\('([^']+)'/g)].map((match) => match[1]);
			expect({ tool: tool.name, type: tool.inputSchema.type, properties: Object.keys(tool.inputSchema.properties ?? {}).sort() }).toEqual({
				tool: tool.name,
				type: 'object',
				properties: [...new Set(keys)].sort(),
			});
		}
	});

	test('refuses a client without the bearer token', async () => {
		const response = await fetch(mcpUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
		});
		expect([401, 403]).toContain(response.status);
	});

	// Contract (issue 14): specific descriptions, not "<action> in Housecall Pro".
	test('every tool has a description that says more than the operation label (contract: specific descriptions)', () => {
		expect(tools.every((tool) => (tool.description ?? '').length > 0)).toBe(true);
		expect(toolsWithoutSpecificDescription(tools)).toEqual([]);
	});

	test("Jobs of Customer answers with that customer's jobs, read with one filtered request", async () => {
		const customer = fake.store.list('customer').find((candidate) => fake.store.list('job').some((job) => job.customer_id === candidate.id))!;
		const tool = tools.find((candidate) => candidate.name === 'Jobs_of_Customer')!;
		const [key] = Object.keys(tool.inputSchema.properties ?? {});
		fake.clearRequests();
		const result = await client.callTool({ name: tool.name, arguments: { [key]: String(customer.id) } });
		expect(result.isError).toBeFalsy();
		const jobIds = idsIn(textOf(result), 'job_');
		const seeded = fake.store.list('job').filter((job) => job.customer_id === customer.id).map((job) => String(job.id));
		expect(jobIds.length).toBe(Math.min(10, seeded.length));
		expect(jobIds.every((id) => seeded.includes(id))).toBe(true);
		expect(fake.requests.map((request) => `${request.method} ${request.path} customer_id=${request.query.get('customer_id') ?? ''}`)).toEqual([
			`GET /jobs customer_id=${String(customer.id)}`,
		]);
	});

	test('Open Invoices lists the open invoices due by the given time, no others', async () => {
		const tool = tools.find((candidate) => candidate.name === 'Open_Invoices')!;
		const [key] = Object.keys(tool.inputSchema.properties ?? {});
		const now = new Date().toISOString();
		fake.clearRequests();
		const result = await client.callTool({ name: tool.name, arguments: { [key]: now } });
		expect(result.isError).toBeFalsy();
		const items = JSON.parse(textOf(result)) as Array<{ invoice_number: string; status: string }>;
		const overdue = fake.store.list('invoice').filter((invoice) => invoice.status === 'open' && Date.parse(String(invoice.due_at)) <= Date.parse(now));
		expect(items.map((item) => item.invoice_number).sort()).toEqual(overdue.map((invoice) => String(invoice.invoice_number)).sort().slice(0, 20));
		const [request] = fake.requests;
		expect([...request.query.getAll('status[]'), ...request.query.getAll('status')]).toEqual(['open']);
		expect(request.query.get('due_at_max')).toBeTruthy();
	});

	// Contract (issue 14): Customer > Find by a phone number in any format; "nothing matched" with a hint.
	test('Find Customer finds a customer by a formatted phone number and says so plainly when no one matches', async () => {
		const tool = tools.find((candidate) => candidate.name === 'Find_Customer')!;
		const keys = Object.keys(tool.inputSchema.properties ?? {});
		expect(keys.sort()).toEqual(['Email', 'Name', 'Phone']);
		const phoneKey = 'Phone';
		const blank = Object.fromEntries(keys.map((key) => [key, '']));
		const customer = fake.store.list('customer').find((candidate) => /^\d{10}$/.test(String(candidate.mobile_number)))!;
		const digits = String(customer.mobile_number);
		const spoken = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;

		const found = await client.callTool({ name: tool.name, arguments: { ...blank, [phoneKey]: spoken } });
		expect({ isError: found.isError ?? false, text: textOf(found).slice(0, 300) }).toMatchObject({ isError: false });
		expect(idsIn(textOf(found), 'cus_')[0]).toBe(String(customer.id));

		const taken = new Set(fake.store.list('customer').flatMap((candidate) => [candidate.mobile_number, candidate.home_number, candidate.work_number].map((value) => String(value ?? '').replace(/\D/g, ''))));
		let unknown = 5550000000;
		while (taken.has(String(unknown))) unknown++;
		const unknownSpoken = `(${String(unknown).slice(0, 3)}) ${String(unknown).slice(3, 6)}-${String(unknown).slice(6)}`;
		const none = await client.callTool({ name: tool.name, arguments: { ...blank, [phoneKey]: unknownSpoken } });
		expect(none.isError ?? false).toBe(false);
		const text = textOf(none);
		expectNothingMatched(JSON.parse(text), text.includes(unknownSpoken) ? unknownSpoken : String(unknown));
		expect(fake.requests.filter((request) => request.method !== 'GET')).toEqual([]);
	});

	test('n8n attempted no connection beyond 127.0.0.1', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
