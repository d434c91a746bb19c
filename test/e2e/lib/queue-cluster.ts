// n8n in queue mode on one machine, as a business runs it across several: a temporary Postgres and
// Redis, one main process (editor, REST API, triggers and pollers; production webhooks switched off),
// webhook processes behind a small round-robin proxy, and workers that run the executions. Every
// process has its own user folder with the packed package installed the way n8n installs community
// packages, and shares the database, the queue and N8N_ENCRYPTION_KEY. Everything listens on
// 127.0.0.1, on free ports, with its data in a temporary folder removed by stop().
//
//   const cluster = await startQueueCluster({ packageTarball });
//   await cluster.api.importWorkflow(...);            // the main's REST API, logged in as the owner
//   await cluster.workers[0].kill();                  // a crash; .start() brings it back
//   await cluster.stop();
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	assertN8nInstalled,
	freePort,
	N8nApi,
	n8nDir,
	n8nEnvironment,
	n8nProcess,
	ownerSession,
	readOutboundAttempts,
	type N8nCommand,
	type N8nProcess,
	type OutboundAttempt,
} from '../n8n-instance';
import { installCommunityPackage } from './community-package';

// Plain JS, shared with test/scripts/run-tests.js (its own timed stage) and the browser test.
const debian = require('../../scripts/debian-packages.js') as {
	REDIS_SERVER: string;
	ensureQueueModePackages(): number;
	postgresBinDir(): string | undefined;
};
const { REDIS_SERVER, postgresBinDir } = debian;
/** Debian's postgresql and redis-server, installed with apt-get when missing; milliseconds spent. */
export const ensureQueueModePackages = debian.ensureQueueModePackages;
// Postgres refuses to run as root (CI runs as root): then the Debian package's own user runs it.
const POSTGRES_OS_USER = 'postgres';
const DB_USER = 'n8n';
const DB_NAME = 'n8n';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server process in its own process group, ended with `signal` on stop. */
interface Daemon {
	stop(): Promise<void>;
	logs(): string;
}

function spawnDaemon(command: string, args: string[], stopSignal: NodeJS.Signals, logFile: string): Daemon {
	const proc: ChildProcess = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const onOutput = (chunk: Buffer) => {
		output += chunk.toString();
		fs.appendFileSync(logFile, chunk);
	};
	proc.stdout?.on('data', onOutput);
	proc.stderr?.on('data', onOutput);
	const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
	return {
		logs: () => output,
		stop: async () => {
			if (proc.exitCode !== null || proc.signalCode !== null) return;
			try {
				process.kill(-(proc.pid as number), stopSignal);
			} catch {
				return;
			}
			const ended = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
			if (!ended) {
				process.kill(-(proc.pid as number), 'SIGKILL');
				await exited;
			}
		},
	};
}

/** Runs as the Postgres OS user when we are root, as ourselves otherwise. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', POSTGRES_OS_USER, '--', command, ...args]] : [command, args];
}

export interface TemporaryPostgres {
	host: string;
	port: number;
	user: string;
	database: string;
	/** Runs SQL with psql against the database; returns psql's unaligned output. */
	query(sql: string): string;
	stop(): Promise<void>;
}

/** A Postgres with its data in `folder` (created; it must be reachable by the Postgres user). */
async function startPostgres(folder: string, logFile: string): Promise<TemporaryPostgres> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('no Postgres server under /usr/lib/postgresql');
	fs.mkdirSync(folder, { recursive: true });
	if (process.getuid?.() === 0) {
		const uid = Number(spawnSync('id', ['-u', POSTGRES_OS_USER], { encoding: 'utf8' }).stdout.trim());
		const gid = Number(spawnSync('id', ['-g', POSTGRES_OS_USER], { encoding: 'utf8' }).stdout.trim());
		fs.chownSync(folder, uid, gid);
	}
	const dataDir = path.join(folder, 'data');
	const [initCommand, initArgs] = asPostgresUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', DB_USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	const init = spawnSync(initCommand, initArgs, { encoding: 'utf8', timeout: 120_000 });
	if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}): ${`${init.stdout}${init.stderr}`.slice(-1500)}`);

	const port = await freePort();
	// A throwaway database: durability settings off, sockets in our folder, TCP on loopback only.
	const [command, args] = asPostgresUser(path.join(bin, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', folder,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	// SIGINT is Postgres' fast shutdown: open sessions are ended, not waited for.
	const daemon = spawnDaemon(command, args, 'SIGINT', logFile);
	const psql = path.join(bin, 'psql');
	const query = (sql: string, database = DB_NAME): string => {
		const result = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
			timeout: 60_000,
		});
		if (result.status !== 0) throw new Error(`psql failed (exit ${result.status}): ${result.stderr.slice(-800)}`);
		return result.stdout.trim();
	};
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			query('SELECT 1', 'postgres');
			break;
		} catch (error) {
			if (Date.now() > deadline) {
				await daemon.stop();
				throw new Error(`Postgres did not accept connections on 127.0.0.1:${port}: ${(error as Error).message}\n${daemon.logs().slice(-1500)}`);
			}
			await sleep(200);
		}
	}
	query(`CREATE DATABASE ${DB_NAME}`, 'postgres');
	return { host: '127.0.0.1', port, user: DB_USER, database: DB_NAME, query: (sql) => query(sql), stop: daemon.stop };
}

async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.setTimeout(1000);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

async function startRedis(folder: string): Promise<{ port: number; stop(): Promise<void> }> {
	fs.mkdirSync(folder, { recursive: true });
	const port = await freePort();
	// No persistence: the queue lives as long as the test.
	const daemon = spawnDaemon(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		'SIGTERM',
		path.join(path.dirname(folder), 'redis.log'),
	);
	const deadline = Date.now() + 30_000;
	while (!(await redisPing(port))) {
		if (Date.now() > deadline) {
			await daemon.stop();
			throw new Error(`redis-server did not answer on 127.0.0.1:${port}:\n${daemon.logs().slice(-1500)}`);
		}
		await sleep(100);
	}
	return { port, stop: daemon.stop };
}

export interface ProxiedRequest {
	backend: number;
	method: string;
	path: string;
	/** Status answered to the client; 502 when the backend could not be reached. */
	status: number;
	at: number;
}

/** A round-robin HTTP load balancer on 127.0.0.1 in front of the webhook processes. */
export interface RoundRobinProxy {
	url: string;
	requests: ProxiedRequest[];
	/**
	 * The next `count` requests are passed on at once but their answers held back `ms` ms, as a slow
	 * network between the load balancer and Housecall Pro would: the sender times out and retries.
	 */
	holdAnswers(count: number, ms: number): void;
	close(): Promise<void>;
}

async function startRoundRobinProxy(backendPorts: readonly number[]): Promise<RoundRobinProxy> {
	let next = 0;
	let held: { count: number; ms: number } = { count: 0, ms: 0 };
	const requests: ProxiedRequest[] = [];
	const server = http.createServer((request, response) => {
		const backend = next;
		next = (next + 1) % backendPorts.length;
		const holdMs = held.count > 0 ? (held.count--, held.ms) : 0;
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const record = (status: number) => requests.push({ backend, method: request.method ?? '', path: request.url ?? '', status, at: Date.now() });
			// No failover: a dead backend answers 502, and the sender's retry meets the next backend.
			const upstream = http.request(
				{ host: '127.0.0.1', port: backendPorts[backend], method: request.method, path: request.url, headers: { ...request.headers, 'x-forwarded-for': '127.0.0.1' }, agent: false },
				(answer) => {
					const body: Buffer[] = [];
					answer.on('data', (chunk: Buffer) => body.push(chunk));
					answer.on('end', () => {
						const status = answer.statusCode ?? 502;
						record(status);
						setTimeout(() => {
							if (response.destroyed) return;
							response.writeHead(status, answer.headers);
							response.end(Buffer.concat(body));
						}, holdMs);
					});
				},
			);
			upstream.on('error', () => {
				record(502);
				if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
				response.end('bad gateway');
			});
			upstream.end(Buffer.concat(chunks));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		holdAnswers: (count, ms) => {
			held = { count, ms };
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface ClusterProcess extends N8nProcess {
	/** `main`, `webhook-1`, `worker-2`, ... */
	name: string;
	command: N8nCommand;
	/** The port it serves on: the editor/API (main), webhooks (webhook) or its health server (worker). */
	port: number;
	userFolder: string;
	outboundAttempts(): OutboundAttempt[];
	/** Execution ids this worker logged as started ("Worker started execution N"), across its starts. */
	startedExecutions(): string[];
}

export interface QueueCluster {
	/** The main process's URL (editor and REST API; production webhooks are off there). */
	url: string;
	/** The proxy in front of the webhook processes: what Housecall Pro is given. */
	webhookUrl: string;
	api: N8nApi;
	postgres: TemporaryPostgres;
	redisPort: number;
	proxy: RoundRobinProxy;
	main: ClusterProcess;
	webhooks: ClusterProcess[];
	workers: ClusterProcess[];
	all(): ClusterProcess[];
	/** Milliseconds per start-up step (packages, postgres, redis, main, webhook and worker processes). */
	timings: Record<string, number>;
	/** Stops the main and starts it again (logged in again); milliseconds until ready. */
	restartMain(): Promise<number>;
	/** Which worker logged `executionId` as started, or undefined. */
	workerOf(executionId: string): string | undefined;
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	packageTarball: string;
	webhookProcesses?: number;
	workers?: number;
	/** Extra environment for every n8n process; wins over the defaults. */
	env?: Record<string, string>;
	/** Folder for everything (removed by stop() unless HCP_E2E_KEEP=1); a fresh temporary one by default. */
	folder?: string;
	echoLogs?: boolean;
	install?: boolean;
}

/** Worker-lock settings that notice a dead worker in seconds instead of n8n's 60 s lock + 30 s check. */
export const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const timings: Record<string, number> = {};
	const timed = async <T>(name: string, step: () => Promise<T> | T): Promise<T> => {
		const started = Date.now();
		const result = await step();
		timings[name] = Date.now() - started;
		return result;
	};
	assertN8nInstalled(options.install);
	const dir = n8nDir();
	timings.packages = ensureQueueModePackages();

	const folder = options.folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-queue-'));
	fs.mkdirSync(folder, { recursive: true });
	const stops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		stops.length = 0;
		if (!options.folder && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(folder, { recursive: true, force: true });
	};

	try {
		// Its own temporary folder: the Postgres user cannot enter ours (mkdtemp makes it 0700).
		const postgresFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-postgres-'));
		stops.push(async () => fs.rmSync(postgresFolder, { recursive: true, force: true }));
		const postgres = await timed('postgres', () => startPostgres(postgresFolder, path.join(folder, 'postgres.log')));
		stops.push(postgres.stop);
		const redis = await timed('redis', () => startRedis(path.join(folder, 'redis')));
		stops.push(redis.stop);

		const webhookPorts = await Promise.all(Array.from({ length: options.webhookProcesses ?? 2 }, () => freePort()));
		const proxy = await startRoundRobinProxy(webhookPorts);
		stops.push(proxy.close);

		const encryptionKey = crypto.randomBytes(24).toString('hex');
		const shared: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Production webhooks only on the webhook processes, behind the proxy.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_WEBHOOK_URL: `${proxy.url}/`,
			...options.env,
		};

		const makeProcess = async (name: string, command: N8nCommand, port: number): Promise<ClusterProcess> => {
			const userFolder = path.join(folder, name);
			fs.mkdirSync(userFolder, { recursive: true });
			installCommunityPackage(userFolder, options.packageTarball);
			const brokerPort = await freePort();
			const extra: Record<string, string> = { ...shared };
			if (command === 'worker') {
				// The worker's health server (its only listening port besides the task broker).
				Object.assign(extra, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
			}
			const { env, outboundLog } = n8nEnvironment({ userFolder, port, brokerPort, extra });
			if (command !== 'start') {
				// The editor URLs point at the main; webhook URLs at the proxy.
				env.N8N_EDITOR_BASE_URL = `http://127.0.0.1:${mainPort}`;
			}
			const proc = n8nProcess({
				command,
				args: command === 'worker' ? ['--concurrency=5'] : [],
				userFolder,
				env,
				readinessUrl: `http://127.0.0.1:${port}/healthz/readiness`,
				echoLogs: options.echoLogs,
				label: name,
			});
			return Object.assign(proc, {
				name,
				command,
				port,
				userFolder,
				outboundAttempts: () => readOutboundAttempts(outboundLog),
				startedExecutions: () => [...proc.logs().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]),
			});
		};

		const mainPort = await freePort();
		const main = await makeProcess('main', 'start', mainPort);
		const api = new N8nApi(`http://127.0.0.1:${mainPort}`, dir);
		stops.push(main.stop);
		// The main runs the database migrations; the others start after it.
		await timed('main', async () => {
			await main.start();
			await ownerSession(api, true);
		});
		const webhooks: ClusterProcess[] = [];
		for (const [index, port] of webhookPorts.entries()) webhooks.push(await makeProcess(`webhook-${index + 1}`, 'webhook', port));
		const workers: ClusterProcess[] = [];
		for (let index = 0; index < (options.workers ?? 2); index++) workers.push(await makeProcess(`worker-${index + 1}`, 'worker', await freePort()));
		for (const proc of [...webhooks, ...workers]) stops.push(proc.stop);
		await timed('webhooks and workers', () => Promise.all([...webhooks, ...workers].map((proc) => proc.start())));

		const cluster: QueueCluster = {
			url: `http://127.0.0.1:${mainPort}`,
			webhookUrl: proxy.url,
			api,
			postgres,
			redisPort: redis.port,
			proxy,
			main,
			webhooks,
			workers,
			all: () => [main, ...webhooks, ...workers],
			timings,
			restartMain: async () => {
				const started = Date.now();
				await main.stop();
				await main.start();
				await ownerSession(api, false);
				return Date.now() - started;
			},
			workerOf: (executionId) => workers.find((worker) => worker.startedExecutions().includes(executionId))?.name,
			stop: stopAll,
		};
		return cluster;
	} catch (error) {
		await stopAll();
		throw error;
	}
}
