// Our own package, packed as it would be published and installed into a real n8n 2.40.7 as a
// community package: the three nodes, the AI-tool variant of the action node and the credential
// must all be registered, and n8n must log no loading failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packRepoPackage } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const PACKAGE = 'n8n-nodes-housecall-pro';
const NODES = ['housecallPro', 'housecallProTrigger', 'housecallProWebhookTrigger'];

describeWithN8n(`${PACKAGE} inside a real n8n ${N8N_VERSION}`, () => {
	let n8n: N8nInstance;
	let workDir = '';

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-package-'));
		const tarball = packRepoPackage(workDir);
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		process.stderr.write(`[n8n-e2e] n8n with ${PACKAGE} ready in ${(n8n.startupMs / 1000).toFixed(1)} s\n`);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	test('registers the three nodes, the action node as an AI tool, and the credential', async () => {
		const { nodes, credentials } = await n8n.api.loadedNodeTypes();
		for (const node of NODES) expect(nodes).toContain(`${PACKAGE}.${node}`);
		// usableAsTool: n8n derives a "<name>Tool" type that AI agents can call.
		expect(nodes).toContain(`${PACKAGE}.housecallProTool`);
		expect(credentials).toContain('housecallProApi');
	});

	test('serves a full description of each node to the editor', async () => {
		const descriptions = await n8n.api.nodeDescriptions(NODES.map((name) => ({ name: `${PACKAGE}.${name}`, version: 1 })));
		expect(descriptions.map((description) => description.name).sort()).toEqual([...NODES].sort());
		for (const description of descriptions) {
			expect(Array.isArray(description.properties) && description.properties.length).toBeTruthy();
		}
	});

	test('n8n logged no failure loading the package', () => {
		expect(n8n.logs()).not.toMatch(/Failed to load package|Skipping package|Unrecognized node type/i);
	});

	test('loading the package made n8n reach for nothing beyond 127.0.0.1', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
