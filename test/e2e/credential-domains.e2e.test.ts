// The Housecall Pro API key stays with Housecall Pro inside a real n8n 2.40.7: n8n's HTTP Request
// node given our credential (predefined credential type) reaches the hosts the credential allows and
// is refused, before anything is sent, for any other host. `127.0.0.1` (the fake Housecall Pro) and
// `localhost` (another server, also on loopback) are two host names to n8n's check, which compares
// host names (n8n-workflow's credential-domain-restrictions), not addresses.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { CREDENTIAL_TYPE } from './example-workflows';
import { packRepoPackage } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nExecution, type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const TRIGGER = 'Run';

/** Manual trigger -> HTTP Request (GET `url`) authenticated with the Housecall Pro credential. */
function httpRequestWorkflow(name: string, url: string, credential: { id: string; name: string }) {
	return {
		name,
		nodes: [
			{ id: crypto.randomUUID(), name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: crypto.randomUUID(),
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: { url, authentication: 'predefinedCredentialType', nodeCredentialType: CREDENTIAL_TYPE, options: {} },
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function errorOf(execution: N8nExecution): string {
	const run = execution.data?.resultData.runData['HTTP Request']?.[0] as { error?: { message?: string } } | undefined;
	return run?.error?.message ?? execution.data?.resultData.error?.message ?? '';
}

describeWithN8n(`Housecall Pro credential in n8n ${N8N_VERSION}'s HTTP Request node: allowed domains`, () => {
	let n8n: N8nInstance;
	let fake: FakeHcp;
	let other: http.Server;
	let otherRequests: Array<{ url: string; authorization: boolean }> = [];
	let otherPort = 0;
	let workDir = '';

	async function run(workflow: ReturnType<typeof httpRequestWorkflow>): Promise<N8nExecution> {
		const { id } = await n8n.api.importWorkflow(workflow);
		return await n8n.api.waitForExecution(await n8n.api.runManually(id, TRIGGER), 60_000);
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-domains-'));
		const tarball = packRepoPackage(workDir);
		fake = await startFakeHcp({ seed: 3 });
		other = http.createServer((request, response) => {
			otherRequests.push({ url: request.url ?? '', authorization: request.headers.authorization !== undefined });
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"captured":true}');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		otherPort = (other.address() as AddressInfo).port;
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		process.stderr.write(`[n8n-e2e] credential-domains suite: n8n ready in ${(n8n.startupMs / 1000).toFixed(1)} s\n`);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
		await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	beforeEach(() => {
		otherRequests = [];
		fake.clearRequests();
	});

	describe('a credential restricted to Housecall Pro and the fake (127.0.0.1)', () => {
		let credential: { id: string; name: string };

		beforeAll(async () => {
			credential = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (fake, restricted)', {
				apiKey: fake.apiKey,
				baseUrl: fake.url,
				allowedHttpRequestDomains: 'domains',
				allowedDomains: 'api.housecallpro.com, 127.0.0.1',
			});
		});

		test('reaches the fake Housecall Pro with the key', async () => {
			const execution = await run(httpRequestWorkflow('e2e: HTTP Request to the fake', `${fake.url}/company`, credential));
			expect({ status: execution.status, error: errorOf(execution) }).toEqual({ status: 'success', error: '' });
			expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status} auth=${request.hadAuth}`)).toEqual(['GET /company 200 auth=true']);
		});

		test('is refused for another host, and that host receives nothing', async () => {
			const execution = await run(httpRequestWorkflow('e2e: HTTP Request elsewhere', `http://localhost:${otherPort}/collect`, credential));
			expect(execution.status).toBe('error');
			expect(errorOf(execution)).toBe(
				`Domain not allowed: This credential is restricted from accessing localhost:${otherPort}. Only the following domains are allowed: api.housecallpro.com, 127.0.0.1`,
			);
			expect(otherRequests).toEqual([]);
			expect(fake.requests).toEqual([]);
		});
	});

	// Contract (issue 14): the credential defaults to Housecall Pro's API host, so a credential saved
	// with only a key (the form's defaults) never sends the key to another host.
	describe('a credential saved with the defaults (contract: restricted by default)', () => {
		test('n8n refuses another host and that host receives nothing', async () => {
			const credential = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (defaults)', { apiKey: fake.apiKey, baseUrl: fake.url });
			const execution = await run(httpRequestWorkflow('e2e: HTTP Request elsewhere, default credential', `http://localhost:${otherPort}/collect`, credential));
			expect(otherRequests).toEqual([]);
			expect(execution.status).toBe('error');
			expect(errorOf(execution)).toMatch(new RegExp(`^Domain not allowed: This credential is restricted from accessing localhost:${otherPort}\\. Only the following domains are allowed: .*api\\.housecallpro\\.com`));
		});
	});

	test('n8n attempted no connection beyond 127.0.0.1', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
