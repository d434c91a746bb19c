// Starts a real n8n 2.40.7 (installed by test/scripts/n8n-install.js into a cache outside the repo)
// on 127.0.0.1 with a fresh user folder, optionally with a packed community package installed, and
// hands back a small REST client logged in as the instance owner.
//
//   const n8n = await startN8n({ packageTarball });
//   await n8n.api.loadedNodeTypes();
//   await n8n.stop();
import { type ChildProcess, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { installCommunityPackage, type InstalledCommunityPackage } from './lib/community-package';

// Plain JS so that it runs on a bare machine before anything is installed.
const installer = require('../scripts/n8n-install.js') as {
	N8N_VERSION: string;
	isInstalled(dir?: string): boolean;
	n8nInstallDir(): string;
	node24BinDir(): string;
	ensureN8nInstalled(options?: { log?: (line: string) => void }): { dir: string; n8nMain: string };
};

export const N8N_VERSION = installer.N8N_VERSION;
const OUTBOUND_GUARD = path.join(__dirname, 'lib', 'outbound-guard.js');

export interface StartN8nOptions {
	/** Folder used as N8N_USER_FOLDER; a fresh temporary one when omitted. */
	userFolder?: string;
	/** Port for the editor, REST API and webhooks; a free one when omitted. */
	port?: number;
	/** Extra environment for n8n; wins over the harness defaults. */
	env?: Record<string, string>;
	/** A packed community package (.tgz) installed into the user folder before n8n starts. */
	packageTarball?: string;
	/**
	 * The owner account created on first start (and logged in with on later ones). Defaults to a
	 * throwaway address and a random password; a demo that lets a person log in sets its own.
	 */
	/** The n8n owner account; the name is what the editor shows (default E2E Owner). */
	owner?: { email: string; password: string; firstName?: string; lastName?: string };
	/** Install n8n into the cache when missing (default true); false throws instead. */
	install?: boolean;
	/** Refuse and record every connection n8n attempts beyond loopback (default true). */
	guardOutbound?: boolean;
	/** Copy n8n's output to this process's stderr as it comes (default: env HCP_E2E_N8N_LOGS=1). */
	echoLogs?: boolean;
	startupTimeoutMs?: number;
}

export interface OutboundAttempt {
	kind: 'connect' | 'dns';
	target: string;
	pid: number;
	at: string;
}

export interface N8nInstance {
	url: string;
	port: number;
	userFolder: string;
	/** The community package installed from `packageTarball`, if any. */
	communityPackage?: InstalledCommunityPackage;
	/** Milliseconds from spawning n8n until it answered ready and the owner was logged in. */
	startupMs: number;
	api: N8nApi;
	/** Everything n8n printed so far (also written to <userFolder>/n8n.log). */
	logs(): string;
	/** Connections and lookups beyond loopback that the guard refused. */
	outboundAttempts(): OutboundAttempt[];
	/** Resident memory of n8n and its task runner, in MiB. */
	memoryRssMb(): number;
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export interface N8nExecution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
	/** The execution's run data (resultData.runData per node), parsed. */
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
			error?: { message?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface WorkflowJson {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	staticData?: unknown;
	[key: string]: unknown;
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

/** A minimal REST client for n8n's internal API (/rest), authenticated by the owner's cookie. */
export class N8nApi {
	private cookie = '';
	private parseFlatted: ((text: string) => unknown) | undefined;
	private readonly owner: { email: string; password: string; firstName?: string; lastName?: string };

	constructor(
		readonly baseUrl: string,
		private readonly n8nDir: string,
		owner?: { email: string; password: string; firstName?: string; lastName?: string },
	) {
		// n8n requires 8+ characters with a digit and an upper-case letter.
		this.owner = owner ?? { email: 'owner@e2e.invalid', password: `E2e-${crypto.randomBytes(12).toString('hex')}` };
	}

	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`n8n ${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
		}
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async setupOwner(): Promise<void> {
		await this.request('POST', '/rest/owner/setup', { firstName: 'E2E', lastName: 'Owner', ...this.owner });
	}

	async login(): Promise<void> {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: this.owner.email, password: this.owner.password });
	}

	/** Names of every node type and credential type n8n has loaded, community packages included. */
	async loadedNodeTypes(): Promise<{ nodes: string[]; credentials: string[] }> {
		const nodes = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		const credentials = await this.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		return {
			nodes: [...new Set(nodes.map((node) => node.name))],
			credentials: credentials.map((credential) => credential.name),
		};
	}

	/** Full descriptions of the given node types (what the editor receives). */
	async nodeDescriptions(nodeInfos: Array<{ name: string; version: number }>): Promise<Array<Record<string, unknown>>> {
		return await this.request('POST', '/rest/node-types', { nodeInfos });
	}

	async createCredential(type: string, name: string, data: Record<string, unknown>): Promise<{ id: string; name: string; type: string }> {
		return await this.request('POST', '/rest/credentials', { type, name, data });
	}

	/** Runs the credential type's own `test` against the stored credential. */
	async testCredential(credential: { id: string; name: string; type: string }, data: Record<string, unknown>): Promise<{ status: 'OK' | 'Error'; message: string }> {
		return await this.request('POST', '/rest/credentials/test', { credentials: { ...credential, data } });
	}

	/** Stores a workflow (inactive); returns its id and versionId. */
	async importWorkflow(workflow: WorkflowJson): Promise<{ id: string; versionId: string }> {
		const { id: _id, active: _active, versionId: _versionId, ...payload } = workflow;
		return await this.request('POST', '/rest/workflows', payload);
	}

	async getWorkflow(id: string): Promise<{ id: string; versionId: string; active: boolean; activeVersionId?: string | null }> {
		return await this.request('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Publishes the workflow's current version and waits until n8n has started its triggers
	 * (2.x publishes through an outbox, so webhooks answer only some time after the activate call).
	 * Throws with n8n's per-trigger messages when a trigger failed to start.
	 */
	async activate(id: string, timeoutMs = 30_000): Promise<PublicationStatus> {
		const { versionId } = await this.getWorkflow(id);
		await this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
		const status = await this.waitForPublication(id, (current) => current.status !== 'in_progress' && current.status !== 'not_published', timeoutMs);
		if (status.status !== 'published') {
			const reasons = status.triggers.map((trigger) => `${trigger.nodeId}: ${trigger.status} ${trigger.errorMessage ?? ''}`.trim());
			throw new Error(`Workflow ${id} did not publish (${status.status}): ${reasons.join('; ')}`);
		}
		return status;
	}

	async deactivate(id: string, timeoutMs = 30_000): Promise<void> {
		await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
		await this.waitForPublication(id, (current) => current.status === 'not_published', timeoutMs);
	}

	async publicationStatus(id: string): Promise<PublicationStatus> {
		return await this.request('GET', `/rest/workflows/${id}/publication-status`);
	}

	private async waitForPublication(id: string, done: (status: PublicationStatus) => boolean, timeoutMs: number): Promise<PublicationStatus> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.publicationStatus(id);
			if (done(status)) return status;
			if (Date.now() > deadline) throw new Error(`Workflow ${id} publication still ${status.status} after ${timeoutMs} ms`);
			await sleep(100);
		}
	}

	/** Starts a manual run from the named trigger node; returns the execution id. */
	async runManually(workflowId: string, triggerNodeName: string): Promise<string> {
		const result = await this.request<{ executionId?: string }>('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerNodeName },
		});
		if (!result.executionId) throw new Error(`Manual run of workflow ${workflowId} started no execution: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	async listExecutions(workflowId: string): Promise<N8nExecution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.request<{ results: N8nExecution[] }>('GET', `/rest/executions?filter=${filter}&limit=250`);
		return page.results;
	}

	/** Polls until the workflow has at least `count` executions, none of them still running. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<N8nExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.listExecutions(workflowId);
			const settled = executions.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			if (executions.length >= count && settled) return executions;
			if (Date.now() > deadline) {
				throw new Error(`Workflow ${workflowId} has ${executions.length} execution(s), not ${count}, after ${timeoutMs} ms`);
			}
			await sleep(200);
		}
	}

	async getExecution(id: string): Promise<N8nExecution> {
		const execution = await this.request<Omit<N8nExecution, 'data'> & { data: string }>('GET', `/rest/executions/${id}`);
		// n8n sends run data in `flatted` form (it can hold cycles); read it with n8n's own copy.
		this.parseFlatted ??= (createRequire(path.join(this.n8nDir, 'node_modules', 'n8n', 'package.json'))('flatted') as {
			parse(text: string): unknown;
		}).parse;
		return { ...execution, data: this.parseFlatted(execution.data) as N8nExecution['data'] };
	}

	/** Polls until the execution has stopped running; returns it with its data. */
	async waitForExecution(id: string, timeoutMs = 30_000): Promise<N8nExecution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(id);
			if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
			if (Date.now() > deadline) throw new Error(`Execution ${id} still ${execution.status} after ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	/** Calls a production webhook of an active workflow. */
	async callWebhook(webhookPath: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
		const isJson = init.body !== undefined && typeof init.body !== 'string';
		return await fetch(`${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`, {
			method: init.method ?? 'POST',
			headers: { ...(isJson ? { 'content-type': 'application/json' } : {}), ...init.headers },
			body: init.body === undefined ? undefined : isJson ? JSON.stringify(init.body) : (init.body as string),
		});
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function tryListen(port: number): Promise<number | undefined> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.on('error', () => resolve(undefined));
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address() as net.AddressInfo;
			server.close(() => resolve(bound));
		});
	});
}

/**
 * A port free now, below Linux's ephemeral range (32768-60999). A port the OS hands out for port 0
 * lies inside that range, where any outbound connection (the queue cluster's Postgres and Redis
 * clients, for one) may take it before n8n binds it: seen as "Task Broker's port ... is already in
 * use" when suites ran side by side.
 */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await tryListen(20_000 + Math.floor(Math.random() * 12_000));
		if (port !== undefined) return port;
	}
	const fallback = await tryListen(0);
	if (fallback === undefined) throw new Error('no free port on 127.0.0.1');
	return fallback;
}

/**
 * Environment that keeps n8n on loopback and silent towards n8n's servers. Each line was checked
 * against n8n 2.40.7's config classes; the outbound guard's log shows nothing else is attempted.
 */
function harnessEnv(userFolder: string, port: number, brokerPort: number, nodeBinDir: string): Record<string, string> {
	const url = `http://127.0.0.1:${port}`;
	return {
		PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
		HOME: userFolder,
		TMPDIR: os.tmpdir(),
		LANG: 'C.UTF-8',
		// Never inherit jest's NODE_ENV=test: n8n refuses to load nodes when it thinks it is under test.
		NODE_ENV: 'production',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_SECURE_COOKIE: 'false',
		// Task runners are always on in 2.x; their broker needs its own port, on loopback too.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// No telemetry, version checks, templates, banners, surveys or verified-package lists.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// The MCP server catalogue refreshes itself from api.n8n.io at start-up; we do not use it.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Community packages on, from the user folder only, never reinstalled from a registry.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
	};
}

function processGroupRssMb(groupId: number): number {
	let totalKb = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// Field 5 of /proc/<pid>/stat is the process group; the name in field 2 may hold spaces.
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== groupId) continue;
			const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
			if (rss) totalKb += Number(rss[1]);
		} catch {
			// The process ended while we looked.
		}
	}
	return Math.round(totalKb / 1024);
}

export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface N8nProcessOptions {
	/** `n8n start` (main), `n8n worker` or `n8n webhook`. */
	command: N8nCommand;
	args?: string[];
	userFolder: string;
	env: Record<string, string>;
	/** Answers 200 once the process is ready (n8n's /healthz/readiness waits for the database). */
	readinessUrl: string;
	startupTimeoutMs?: number;
	echoLogs?: boolean;
	/** Prefix of each echoed line, to tell several processes apart. */
	label?: string;
}

/** One n8n process that can be started, stopped and killed again and again (same folder, same env). */
export interface N8nProcess {
	readonly options: N8nProcessOptions;
	/** Starts it and waits until ready; returns the milliseconds that took. */
	start(): Promise<number>;
	/** SIGTERM to its process group (n8n and its task runner), SIGKILL after 15 s. */
	stop(): Promise<void>;
	/** SIGKILL to the whole group at once: a crash, nothing drains. */
	kill(): Promise<void>;
	running(): boolean;
	pid(): number | undefined;
	/** Everything it printed so far, across starts (also in <userFolder>/n8n.log). */
	logs(): string;
	/** Resident memory of the process group, in MiB. */
	memoryRssMb(): number;
}

export function n8nProcess(options: N8nProcessOptions): N8nProcess {
	const { n8nMain } = installer.ensureN8nInstalled({ log: (line) => process.stderr.write(`[n8n-e2e] ${line}\n`) });
	const nodeBinDir = installer.node24BinDir();
	const logFile = path.join(options.userFolder, 'n8n.log');
	const echoLogs = options.echoLogs ?? process.env.HCP_E2E_N8N_LOGS === '1';
	let output = '';
	let child: ChildProcess | undefined;
	let exited: Promise<void> = Promise.resolve();

	const isRunning = () => Boolean(child && child.exitCode === null && child.signalCode === null);

	const signalGroup = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
		const proc = child;
		if (!proc || !isRunning()) return;
		const group = -(proc.pid as number);
		try {
			process.kill(group, signal);
		} catch {
			return;
		}
		let timer: NodeJS.Timeout | undefined;
		const ended = await Promise.race([
			exited.then(() => true),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), graceMs);
			}),
		]);
		clearTimeout(timer);
		if (!ended) {
			process.kill(group, 'SIGKILL');
			await exited;
		}
		// The task runner is in the same group and may outlive n8n by a moment.
		try {
			process.kill(group, 'SIGKILL');
		} catch {
			// Already gone.
		}
	};

	const start = async (): Promise<number> => {
		const started = Date.now();
		const proc = spawn(path.join(nodeBinDir, 'node'), [n8nMain, options.command, ...(options.args ?? [])], {
			cwd: options.userFolder,
			env: options.env,
			// Own process group, so stop() also ends the task runner n8n starts.
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child = proc;
		let exitInfo: string | undefined;
		exited = new Promise((resolve) =>
			proc.once('exit', (code, signal) => {
				exitInfo = `exit code ${code ?? ''}${signal ?? ''}`;
				resolve();
			}),
		);
		const onOutput = (chunk: Buffer) => {
			const text = chunk.toString();
			output += text;
			fs.appendFileSync(logFile, text);
			if (echoLogs) process.stderr.write(options.label ? text.replace(/^(?=.)/gm, `[${options.label}] `) : text);
		};
		proc.stdout?.on('data', onOutput);
		proc.stderr?.on('data', onOutput);

		const deadline = started + (options.startupTimeoutMs ?? 180_000);
		for (;;) {
			if (exitInfo) throw new Error(`n8n ${options.command} stopped during start-up (${exitInfo}). Last output:\n${output.slice(-3000)}`);
			try {
				const response = await fetch(options.readinessUrl);
				if (response.ok) break;
			} catch {
				// Not listening yet.
			}
			if (Date.now() > deadline) {
				await signalGroup('SIGTERM', 15_000);
				throw new Error(`n8n ${options.command} not ready on ${options.readinessUrl} after ${Date.now() - started} ms. Last output:\n${output.slice(-3000)}`);
			}
			await sleep(250);
		}
		return Date.now() - started;
	};

	return {
		options,
		start,
		stop: () => signalGroup('SIGTERM', 15_000),
		kill: () => signalGroup('SIGKILL', 15_000),
		running: isRunning,
		pid: () => (isRunning() ? child?.pid : undefined),
		logs: () => output,
		memoryRssMb: () => (isRunning() && child?.pid ? processGroupRssMb(child.pid) : 0),
	};
}

/**
 * The environment of one n8n process on 127.0.0.1: the harness defaults, the outbound guard (its
 * log in the user folder) unless switched off, then `extra`, which wins.
 */
export function n8nEnvironment(options: {
	userFolder: string;
	port: number;
	brokerPort: number;
	guardOutbound?: boolean;
	extra?: Record<string, string>;
}): { env: Record<string, string>; outboundLog: string } {
	const outboundLog = path.join(options.userFolder, 'outbound.jsonl');
	const env: Record<string, string> = harnessEnv(options.userFolder, options.port, options.brokerPort, installer.node24BinDir());
	if (options.guardOutbound ?? true) {
		env.HCP_OUTBOUND_LOG = outboundLog;
		env.NODE_OPTIONS = `--require ${OUTBOUND_GUARD}`;
	}
	return { env: { ...env, ...options.extra }, outboundLog };
}

/** What the outbound guard refused, from its log. */
export function readOutboundAttempts(outboundLog: string): OutboundAttempt[] {
	return fs.existsSync(outboundLog)
		? fs
				.readFileSync(outboundLog, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as OutboundAttempt)
		: [];
}

/** Sets the owner up on a fresh database, or logs in on one that has it. */
export async function ownerSession(api: N8nApi, firstStart: boolean): Promise<void> {
	const settings = await api.request<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
	if (firstStart && settings.userManagement?.showSetupOnFirstLoad !== false) {
		await api.setupOwner();
	} else {
		await api.login();
	}
}

export function n8nDir(): string {
	return installer.ensureN8nInstalled({ log: (line) => process.stderr.write(`[n8n-e2e] ${line}\n`) }).dir;
}

export function assertN8nInstalled(install: boolean | undefined): void {
	if (install === false && !installer.isInstalled()) {
		throw new Error(`n8n ${N8N_VERSION} is not installed in ${installer.n8nInstallDir()}; run node test/scripts/n8n-install.js`);
	}
}

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nInstance> {
	assertN8nInstalled(options.install);
	const dir = n8nDir();

	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-n8n-e2e-'));
	fs.mkdirSync(userFolder, { recursive: true });
	const communityPackage = options.packageTarball ? installCommunityPackage(userFolder, options.packageTarball) : undefined;

	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const { env, outboundLog } = n8nEnvironment({ userFolder, port, brokerPort, guardOutbound: options.guardOutbound, extra: options.env });

	const url = `http://127.0.0.1:${port}`;
	const api = new N8nApi(url, dir, options.owner);
	const main = n8nProcess({
		command: 'start',
		userFolder,
		env,
		readinessUrl: `${url}/healthz/readiness`,
		startupTimeoutMs: options.startupTimeoutMs,
		echoLogs: options.echoLogs,
	});
	let ownerReady = false;
	const launch = async (): Promise<number> => {
		const started = Date.now();
		await main.start();
		// A reused user folder already has its owner; then only logging in is left.
		await ownerSession(api, !ownerReady);
		ownerReady = true;
		return Date.now() - started;
	};

	const startupMs = await launch();
	const instance: N8nInstance = {
		url,
		port,
		userFolder,
		communityPackage,
		startupMs,
		api,
		logs: main.logs,
		outboundAttempts: () => readOutboundAttempts(outboundLog),
		memoryRssMb: main.memoryRssMb,
		restart: async () => {
			await main.stop();
			instance.startupMs = await launch();
		},
		stop: main.stop,
	};
	return instance;
}
