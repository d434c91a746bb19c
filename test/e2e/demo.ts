/**
 * `npm start`: a real n8n 2.40.7 on http://127.0.0.1:5678 with this package installed the way a
 * community package is, a seeded fake Housecall Pro (the sandbox) on http://127.0.0.1:7480, a
 * Housecall Pro API credential pointing at it, and the example workflows imported (those that start
 * by themselves activated). Writes through the sandbox reach the webhook-trigger example as signed
 * deliveries; the sandbox's demo page (http://127.0.0.1:7480/demo) has buttons that make such writes
 * (finish a job, pay an invoice, approve an option, add a customer). Ctrl+C stops n8n and the sandbox.
 *
 *   npm start                       fresh n8n user folder every run
 *   npm start -- --reuse            keep the user folder (owner, credential, workflows, executions)
 *   npm start -- --churn 20         the sandbox changes a record every 20 s, like office staff would
 *
 * Env: HCP_DEMO_PORT (n8n, 5678), HCP_SANDBOX_PORT (7480), HCP_CACHE_DIR (where n8n, Node 24 and the
 * demo's user folder live). Runs under Node 24 (test/scripts/with-node24.js starts it).
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

import { ALLOWED_DOMAINS_DEFAULT } from '../../credentials/HousecallProApi.credentials';
import { completeJob } from '../fake-hcp/demo-page';
import { startSandbox } from '../fake-hcp/sandbox';
import {
	CREDENTIAL_TYPE,
	MCP_BEARER_CREDENTIAL_TYPE,
	MCP_TRIGGER_TYPE,
	NODE_TYPES,
	isActivatable,
	mcpServerPath,
	nodeOfType,
	prepareWorkflow,
	readExamples,
	webhookPath,
	type ExampleJson,
} from './example-workflows';
import { packPackage, REPO_ROOT } from './lib/community-package';
import { N8N_VERSION, startN8n, type N8nInstance } from './n8n-instance';

interface DemoState {
	owner: { email: string; password: string };
	webhookSecret: string;
	credentialId?: string;
	/** Bearer token MCP clients send to the MCP server example (older state files lack it). */
	mcpToken?: string;
	mcpCredentialId?: string;
}

interface DemoOptions {
	reuse: boolean;
	churnSeconds: number;
	n8nPort: number;
	sandboxPort: number;
}

const CREDENTIAL_NAME = 'Housecall Pro (sandbox)';
const SANDBOX_API_KEY = 'sandbox-key';

function log(line: string): void {
	process.stdout.write(`[demo] ${line}\n`);
}

function cacheDir(): string {
	if (process.env.HCP_CACHE_DIR) return process.env.HCP_CACHE_DIR;
	return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-housecall-pro');
}

function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
	return port;
}

function parseArgs(argv: string[]): DemoOptions {
	const options: DemoOptions = {
		reuse: false,
		churnSeconds: 0,
		n8nPort: portFromEnv('HCP_DEMO_PORT', 5678),
		sandboxPort: portFromEnv('HCP_SANDBOX_PORT', 7480),
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--reuse') options.reuse = true;
		else if (arg === '--churn') {
			const seconds = Number(argv[++i]);
			if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--churn needs a number of seconds, e.g. --churn 20');
			options.churnSeconds = seconds;
		} else if (arg === '--help' || arg === '-h') {
			process.stdout.write(`${fs.readFileSync(__filename, 'utf8').split('*/')[0]}*/\n`);
			process.exit(0);
		} else throw new Error(`Unknown argument "${arg}". Use --reuse, --churn <seconds> or --help.`);
	}
	return options;
}

async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} for ${what} is in use (another demo still running?). Stop it or set ${variable}.`
						: `Cannot listen on 127.0.0.1:${port} for ${what}: ${error.message}`,
				),
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

async function timed<T>(what: string, step: () => Promise<T> | T): Promise<T> {
	const started = Date.now();
	log(`${what}...`);
	const result = await step();
	log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

/** n8n wants 8+ characters with a digit and an upper-case letter. */
function newPassword(): string {
	return `Hcp-demo-${crypto.randomBytes(6).toString('hex')}-7`;
}

function readState(file: string): DemoState | undefined {
	if (!fs.existsSync(file)) return undefined;
	return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
}

interface StoredWorkflow {
	id: string;
	name: string;
	active: boolean;
	nodes?: ExampleJson['nodes'];
}

async function importExamples(
	n8n: N8nInstance,
	credential: { id: string; name: string },
	bearerCredential: { id: string; name: string },
): Promise<StoredWorkflow[]> {
	const stored: StoredWorkflow[] = [];
	for (const { file, workflow } of readExamples()) {
		const prepared = prepareWorkflow(workflow, credential, { bearerCredential });
		const { id } = await n8n.api.importWorkflow(prepared);
		let active = false;
		if (isActivatable(prepared, [MCP_BEARER_CREDENTIAL_TYPE])) {
			try {
				await n8n.api.activate(id);
				active = true;
			} catch (error) {
				log(`could not activate ${file}: ${(error as Error).message}`);
			}
		}
		stored.push({ id, name: prepared.name, active, nodes: prepared.nodes });
	}
	return stored;
}

async function listWorkflows(n8n: N8nInstance): Promise<StoredWorkflow[]> {
	const summaries = await n8n.api.request<StoredWorkflow[]>('GET', '/rest/workflows');
	return await Promise.all(summaries.map(async (summary) => ({ ...summary, ...(await n8n.api.request<StoredWorkflow>('GET', `/rest/workflows/${summary.id}`)) })));
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const demoDir = path.join(cacheDir(), 'demo');
	const userFolder = path.join(demoDir, 'n8n');
	const stateFile = path.join(demoDir, 'demo-state.json');

	await assertPortFree(options.n8nPort, 'n8n', 'HCP_DEMO_PORT');
	await assertPortFree(options.sandboxPort, 'the fake Housecall Pro', 'HCP_SANDBOX_PORT');

	// Reuse needs both the owner's password (state file) and the n8n database (user folder).
	const previous = options.reuse && fs.existsSync(userFolder) ? readState(stateFile) : undefined;
	if (options.reuse && !previous) log('Nothing to reuse yet: starting with a fresh user folder.');
	if (!previous) fs.rmSync(demoDir, { recursive: true, force: true });
	fs.mkdirSync(demoDir, { recursive: true });
	const state: DemoState = previous ?? {
		owner: { email: 'demo@example.com', password: newPassword() },
		webhookSecret: crypto.randomBytes(24).toString('hex'),
	};
	state.mcpToken ??= crypto.randomBytes(24).toString('hex');

	const tarball = await timed('Building and packing the package (npm run build, npm pack)', () => {
		// What prepack does on publish, run by hand: packPackage cannot read npm's JSON answer when a
		// lifecycle script printed lines starting with "[" (gulp's timestamps) before it.
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		const packDir = path.join(demoDir, 'package');
		fs.rmSync(packDir, { recursive: true, force: true });
		return packPackage(REPO_ROOT, packDir, { ignoreScripts: true });
	});

	const sandbox = await timed(`Starting the fake Housecall Pro on port ${options.sandboxPort}`, () =>
		startSandbox({ port: options.sandboxPort, apiKey: SANDBOX_API_KEY, seed: 1, churnSeconds: options.churnSeconds, log }),
	);

	let n8n: N8nInstance | undefined;
	let n8nStarting: Promise<N8nInstance> | undefined;
	let stopping: Promise<void> | undefined;
	const stop = (code: number) => {
		stopping ??= (async () => {
			log('Stopping n8n and the sandbox...');
			// n8n runs in its own process group: one still starting is waited for, then stopped too.
			const running = n8n ?? (await n8nStarting?.catch(() => undefined));
			await running?.stop().catch((error: Error) => log(`n8n stop: ${error.message}`));
			await sandbox.stop().catch((error: Error) => log(`sandbox stop: ${error.message}`));
			log('Stopped.');
			process.exit(code);
		})();
		return stopping;
	};
	let interrupts = 0;
	process.on('SIGINT', () => {
		interrupts++;
		if (interrupts === 2) log('Stopping already; press Ctrl+C again to leave at once.');
		if (interrupts > 2) process.exit(130);
		void stop(0);
	});
	// The terminal closing (or the launcher going away) stops things the same way.
	for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

	try {
		n8n = await timed(`Starting n8n ${N8N_VERSION} on port ${options.n8nPort} (installs it into ${cacheDir()} on first run)`, () =>
			(n8nStarting = startN8n({
				userFolder,
				port: options.n8nPort,
				packageTarball: tarball,
				// The editor greets whoever signs in by this name.
				owner: { ...state.owner, firstName: 'Demo', lastName: 'Owner' },
				// The AI agent example calls the model provider the user picks: leave outbound connections alone.
				guardOutbound: false,
			})),
		);
		if (stopping) return;

		const credentialData = {
			apiKey: SANDBOX_API_KEY,
			baseUrl: sandbox.fake.url,
			webhookSecret: state.webhookSecret,
			// The sandbox host joins Housecall Pro's, so an HTTP Request node with this credential works here too.
			allowedHttpRequestDomains: 'domains',
			allowedDomains: `${ALLOWED_DOMAINS_DEFAULT}, ${new URL(sandbox.fake.url).hostname}`,
		};
		let credential: { id: string; name: string; type: string };
		if (state.credentialId) {
			credential = await n8n.api.request('PATCH', `/rest/credentials/${state.credentialId}`, {
				name: CREDENTIAL_NAME,
				type: CREDENTIAL_TYPE,
				data: credentialData,
			});
		} else {
			credential = await n8n.api.createCredential(CREDENTIAL_TYPE, CREDENTIAL_NAME, credentialData);
			state.credentialId = credential.id;
		}
		const credentialTest = await n8n.api.testCredential(credential, credentialData);
		// The MCP server example checks its clients' bearer token against this credential.
		const mcpCredentialData = { token: state.mcpToken };
		const mcpCredential: { id: string; name: string } = state.mcpCredentialId
			? await n8n.api.request('PATCH', `/rest/credentials/${state.mcpCredentialId}`, { name: 'MCP clients', type: MCP_BEARER_CREDENTIAL_TYPE, data: mcpCredentialData })
			: await n8n.api.createCredential(MCP_BEARER_CREDENTIAL_TYPE, 'MCP clients', mcpCredentialData);
		state.mcpCredentialId = mcpCredential.id;
		fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

		const workflows = previous
			? await listWorkflows(n8n)
			: await timed('Importing the example workflows', () => importExamples(n8n!, credential, mcpCredential));

		// Saving a webhook URL in Housecall Pro sends an unsigned test request; the trigger must answer it.
		const webhookWorkflow = workflows.find((workflow) => workflow.active && workflow.nodes?.some((node) => node.type === NODE_TYPES.webhookTrigger));
		let webhookLine = 'no active Housecall Pro Webhook Trigger workflow, so the sandbox sends no webhooks';
		if (webhookWorkflow?.nodes) {
			const trigger = nodeOfType({ name: webhookWorkflow.name, nodes: webhookWorkflow.nodes, connections: {} }, NODE_TYPES.webhookTrigger);
			const url = `${n8n.url}/webhook/${webhookPath(trigger)}`;
			const handshake = await sandbox.fake.webhooks.configure({ url, secret: state.webhookSecret });
			webhookLine =
				handshake >= 200 && handshake < 300
					? `signed deliveries of every event go to ${url} ("${webhookWorkflow.name}")`
					: `saving the webhook URL failed: the trigger answered the handshake with ${handshake}`;
		}

		const bookingWorkflow = workflows.find((workflow) => workflow.active && workflow.nodes?.some((node) => node.type === 'n8n-nodes-base.webhook'));
		const bookingNode = bookingWorkflow?.nodes?.find((node) => node.type === 'n8n-nodes-base.webhook');
		const lines = [
			'',
			`n8n ${N8N_VERSION} is running with ${n8n.communityPackage?.name}@${n8n.communityPackage?.version} installed as a community package.`,
			'',
			`  Open      ${n8n.url}`,
			`  Email     ${state.owner.email}`,
			`  Password  ${state.owner.password}`,
			'',
			`Fake Housecall Pro: ${sandbox.fake.url}  (API key ${SANDBOX_API_KEY}; ${sandbox.fake.store.count('customer')} customers, ${sandbox.fake.store.count('job')} jobs)`,
			`Demo page: ${sandbox.fake.url}/demo  (buttons: finish a job, pay an invoice, approve an estimate option, add a customer; each fires its webhook and the polling trigger sees it)`,
			`Credential "${credential.name}": test ${credentialTest.status}${credentialTest.status === 'OK' ? '' : ` (${credentialTest.message})`}`,
			`Webhooks: ${webhookLine}`,
			'',
			'Workflows:',
			...workflows.map((workflow) => `  ${workflow.active ? '[active]  ' : '[manual]  '}${workflow.name}\n            ${n8n!.url}/workflow/${workflow.id}`),
			'',
		];
		if (bookingNode) {
			lines.push(
				'Book a job as the website form would:',
				`  curl -s -X POST ${n8n.url}/webhook/${webhookPath(bookingNode)} -H 'content-type: application/json' \\`,
				`    -d '{"first_name":"Ana","last_name":"Ruiz","email":"ana@example.com","phone":"512-555-0199","street":"12 Elm St","city":"Austin","state":"TX","zip":"78701","service":"No hot water"}'`,
				'',
			);
		}
		const mcpWorkflow = workflows.find((workflow) => workflow.active && workflow.nodes?.some((node) => node.type === MCP_TRIGGER_TYPE));
		if (mcpWorkflow?.nodes) {
			const mcpPath = mcpServerPath({ name: mcpWorkflow.name, nodes: mcpWorkflow.nodes, connections: {} });
			lines.push(
				'Housecall Pro tools for MCP clients (streamable HTTP):',
				`  URL       ${n8n.url}/mcp/${mcpPath}`,
				`  Header    Authorization: Bearer ${state.mcpToken}`,
				'',
			);
		}
		if (process.stdin.isTTY) {
			lines.push('Press Enter to complete a job in the sandbox (as the demo page\'s first button does): job.completed goes to the webhook trigger now, the polling trigger sees it within a minute.');
		}
		if (options.churnSeconds) lines.push(`The sandbox changes a record every ${options.churnSeconds} s.`);
		lines.push(`n8n's log: ${path.join(userFolder, 'n8n.log')}`, 'Ctrl+C stops n8n and the sandbox.', '');
		process.stdout.write(lines.join('\n'));

		if (process.stdin.isTTY) {
			// As a terminal interface readline takes Ctrl+C as a key, so the signal does not also hit npm and
			// the launcher (which would end before n8n has stopped and hand the prompt back too early).
			const input = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
			input.on('line', () => {
				const change = completeJob(sandbox.fake.store);
				log(change.event ? `${change.message} (${change.event})` : change.message);
			});
			input.on('SIGINT', () => process.emit('SIGINT'));
		}
	} catch (error) {
		// A request cut short by Ctrl+C is no failure worth reporting.
		if (stopping) return;
		log(`failed: ${(error as Error).message}`);
		await stop(1);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`[demo] ${error.message}\n`);
	process.exit(1);
});
