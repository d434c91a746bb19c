// Proves the real-n8n harness with a tiny fixture community package: n8n 2.40.7 loads it from the
// user folder, runs its credential test and its node (by webhook and by manual run), keeps it
// after a restart, and never reaches beyond 127.0.0.1.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { packPackage } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'n8n-nodes-hcp-e2e-fixture');
const NODE_TYPE = 'n8n-nodes-hcp-e2e-fixture.e2eFixture';
const CREDENTIAL_TYPE = 'e2eFixtureApi';

/** A stand-in API: GET /ping answers only when the Authorization header carries the key. */
function startFixtureApi(apiKey: string) {
	const seenAuthorized: string[] = [];
	const server = http.createServer((request, response) => {
		const authorized = request.headers.authorization === `Token ${apiKey}`;
		if (request.url === '/ping' && authorized) {
			seenAuthorized.push(request.url);
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ pong: true }));
			return;
		}
		response.writeHead(authorized ? 404 : 401, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ error: authorized ? 'not found' : 'unauthorized' }));
	});
	return {
		seenAuthorized,
		listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function nodeOutput(execution: Awaited<ReturnType<N8nInstance['api']['getExecution']>>, nodeName: string) {
	const runs = execution.data?.resultData.runData[nodeName];
	return runs?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];
}

describeWithN8n(`real n8n ${N8N_VERSION} with a community package`, () => {
	const apiKey = crypto.randomBytes(16).toString('hex');
	const fixtureApi = startFixtureApi(apiKey);
	let apiUrl = '';
	let n8n: N8nInstance;
	let workDir = '';

	beforeAll(async () => {
		apiUrl = await fixtureApi.listen();
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-smoke-'));
		const tarball = packPackage(FIXTURE_DIR, workDir);
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		process.stderr.write(
			`[n8n-e2e] n8n ${N8N_VERSION} ready in ${(n8n.startupMs / 1000).toFixed(1)} s on ${n8n.url}, ` +
				`RSS ${n8n.memoryRssMb()} MiB (n8n + task runner)\n`,
		);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await fixtureApi.close();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	test('loads the package from <user folder>/.n8n/nodes like an installed community package', async () => {
		expect(n8n.communityPackage?.directory).toBe(
			path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-hcp-e2e-fixture'),
		);
		const { nodes, credentials } = await n8n.api.loadedNodeTypes();
		expect(nodes).toContain(NODE_TYPE);
		expect(credentials).toContain(CREDENTIAL_TYPE);
		// A built-in node, to show the lists are the real ones and not just ours.
		expect(nodes).toContain('n8n-nodes-base.webhook');
		const [description] = await n8n.api.nodeDescriptions([{ name: NODE_TYPE, version: 1 }]);
		// n8n answers with the package-local name; the package prefix lives in the type list above.
		expect(description).toMatchObject({ name: 'e2eFixture', displayName: 'E2E Fixture', version: 1 });
	});

	test("runs the credential's own test against the local API, passing with the key and failing without", async () => {
		const good = await n8n.api.createCredential(CREDENTIAL_TYPE, 'fixture good', { baseUrl: apiUrl, apiKey });
		const bad = await n8n.api.createCredential(CREDENTIAL_TYPE, 'fixture bad', { baseUrl: apiUrl, apiKey: 'wrong' });
		const before = fixtureApi.seenAuthorized.length;
		await expect(n8n.api.testCredential(good, { baseUrl: apiUrl, apiKey })).resolves.toMatchObject({ status: 'OK' });
		expect(fixtureApi.seenAuthorized.length).toBe(before + 1);
		await expect(n8n.api.testCredential(bad, { baseUrl: apiUrl, apiKey: 'wrong' })).resolves.toMatchObject({
			status: 'Error',
		});
	});

	describe('workflows using the package node', () => {
		let credential: { id: string; name: string; type: string };
		const webhookPath = `e2e-${crypto.randomUUID()}`;
		let webhookWorkflowId = '';

		beforeAll(async () => {
			credential = await n8n.api.createCredential(CREDENTIAL_TYPE, 'fixture for workflows', { baseUrl: apiUrl, apiKey });
		});

		const fixtureNode = (marker: string) => ({
			id: crypto.randomUUID(),
			name: 'E2E Fixture',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters: { marker, callApi: true },
			credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		});

		test('an active webhook workflow runs the node, which calls the API through its credential', async () => {
			const { id } = await n8n.api.importWorkflow({
				name: 'e2e webhook',
				nodes: [
					{
						id: crypto.randomUUID(),
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: crypto.randomUUID(),
						parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
					},
					fixtureNode('from-webhook'),
				],
				connections: { Webhook: { main: [[{ node: 'E2E Fixture', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			webhookWorkflowId = id;
			const activationStarted = Date.now();
			await n8n.api.activate(id);
			process.stderr.write(`[n8n-e2e] webhook workflow published in ${Date.now() - activationStarted} ms\n`);

			const response = await n8n.api.callWebhook(webhookPath, { body: { hello: 'world' } });
			expect(response.status).toBe(200);
			const body = (await response.json()) as Record<string, unknown>;
			expect(body).toMatchObject({ marker: 'from-webhook', api: { pong: true }, body: { hello: 'world' } });

			const executions = await n8n.api.waitForExecutions(id, 1);
			expect(executions).toHaveLength(1);
			const execution = await n8n.api.waitForExecution(executions[0].id);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'E2E Fixture')).toEqual([expect.objectContaining({ marker: 'from-webhook' })]);
		});

		test('a manual run executes the node and its result is stored', async () => {
			const { id } = await n8n.api.importWorkflow({
				name: 'e2e manual',
				nodes: [
					{
						id: crypto.randomUUID(),
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					fixtureNode('from-manual'),
				],
				connections: { Start: { main: [[{ node: 'E2E Fixture', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			const executionId = await n8n.api.runManually(id, 'Start');
			const execution = await n8n.api.waitForExecution(executionId);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'E2E Fixture')).toEqual([
				expect.objectContaining({ marker: 'from-manual', api: { pong: true } }),
			]);
		});

		test('after a restart the package is still loaded and the webhook still answers', async () => {
			await n8n.restart();
			process.stderr.write(`[n8n-e2e] restart ready in ${(n8n.startupMs / 1000).toFixed(1)} s\n`);
			const { nodes } = await n8n.api.loadedNodeTypes();
			expect(nodes).toContain(NODE_TYPE);
			const response = await n8n.api.callWebhook(webhookPath, { body: { again: true } });
			expect(response.status).toBe(200);
			expect(await response.json()).toMatchObject({ marker: 'from-webhook', api: { pong: true } });
			expect(await n8n.api.waitForExecutions(webhookWorkflowId, 2)).toHaveLength(2);
		}, 120_000);
	});

	test('n8n attempted no connection beyond 127.0.0.1 during all of the above', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
