/**
 * Webhook throughput in a real n8n 2.40.7: our Housecall Pro Webhook Trigger next to n8n's own
 * Webhook node (plain, and with Header Auth), each the only node of an active workflow, fed the
 * same signed Housecall Pro deliveries (job.updated carrying a job as GET /jobs/{id} answers it,
 * about 2.6 KB).
 *
 *   node -r ./test/scripts/register-ts.js test/bench/real-n8n-webhooks.ts [--requests 1000] [--concurrency 8,16] [--rounds 1] [--warmup 200] [--engines default,legacy] [--wait-quiet MINUTES]
 *   (Node 24: PATH=$HCP_NODE24_BIN:$PATH)
 *
 * Per cell (workflow x concurrency): a fixed number of requests from undici at a fixed number of
 * requests in flight, all bodies and signatures made before the clock starts. Measured:
 * - acknowledged/s: 2xx answers / (last answer - first send). All answer on receipt.
 * - completed/s: requests / (last execution's stoppedAt - first send): what n8n sustains when every
 *   delivery must also become a stored execution. The next cell starts only once this one drained.
 * - p50/p99 of the time to the answer.
 * - none lost: after the drain every execution is read back and matched to its delivery by the job
 *   id it carries; a 2xx delivery with no execution is lost, one with two is duplicated.
 * `--engines default,legacy` repeats everything in a second n8n with N8N_EXPRESSION_ENGINE=legacy,
 * which shows how much of the difference is n8n's expression isolate rather than the trigger.
 * `--wait-quiet MINUTES` first waits (that long at most) for the 1-minute load average to drop below 1.
 * Writes the `webhooks` section of test/bench/results/real-n8n.json and prints a table. Asserts
 * nothing; exits 1 only when a delivery was lost or duplicated, or the run could not finish.
 */
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Pool } from 'undici';

import { type N8nInstance, N8N_VERSION, startN8n } from '../e2e/n8n-instance';
import { startFakeHcp } from '../fake-hcp';
import { formatRatio, renderTable } from './lib/stats';
import {
	listAllExecutions,
	makeWorkDir,
	nodeItems,
	packFreshBuild,
	percentile,
	readExecutions,
	requireNode24,
	waitForQuietMachine,
	waitForSettled,
	writeRealN8nSection,
} from './real-n8n-lib';

const SCRIPT = 'test/bench/real-n8n-webhooks.ts';
const SECRET = `whsec-bench-${randomUUID()}`;
/** Every request carries it; only the Header Auth workflow checks it. */
const BENCH_TOKEN = `token-${randomUUID()}`;
const OUR_NODE = 'Housecall Pro Webhook Trigger';
const GENERIC_NODE = 'Webhook';
/** Longest a cell's requests may take before the run is called off (bounded in time as in count). */
const CELL_TIMEOUT_MS = 5 * 60_000;
const DRAIN_TIMEOUT_MS = 3 * 60_000;

/** n8n settings to run under: its defaults, and optionally the legacy expression engine for contrast. */
type Engine = 'default' | 'legacy';

interface Options {
	requests: number;
	concurrency: number[];
	rounds: number;
	warmup: number;
	engines: Engine[];
	waitQuietMinutes: number;
}

function parseOptions(argv: string[]): Options {
	const value = (name: string) => {
		const index = argv.indexOf(`--${name}`);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const positive = (name: string, fallback: number, max: number) => {
		const raw = value(name);
		const parsed = raw === undefined ? fallback : Number(raw);
		if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) throw new Error(`--${name} must be a whole number from 0 to ${max}, got ${raw}`);
		return parsed;
	};
	const concurrency = (value('concurrency') ?? '8,16').split(',').map(Number);
	if (concurrency.some((c) => !Number.isInteger(c) || c < 1 || c > 256)) throw new Error('--concurrency takes whole numbers from 1 to 256, comma separated');
	const engines = (value('engines') ?? 'default').split(',') as Engine[];
	if (engines.some((engine) => engine !== 'default' && engine !== 'legacy')) throw new Error('--engines takes default and/or legacy, comma separated');
	return {
		engines,
		requests: Math.max(1, positive('requests', 1000, 20_000)),
		concurrency,
		rounds: Math.max(1, positive('rounds', 1, 10)),
		warmup: positive('warmup', 200, 5000),
		waitQuietMinutes: positive('wait-quiet', 0, 120),
	};
}

/**
 * ours: the Housecall Pro Webhook Trigger (checks the signature with the secret from its credential).
 * generic: n8n's Webhook node, no authentication (the baseline the brief asks for).
 * headerAuth: n8n's Webhook node with Header Auth, i.e. n8n's own way to check a shared secret,
 * which also reads a credential per request: the like-for-like baseline.
 */
type Target = 'ours' | 'generic' | 'headerAuth';
const TARGETS: readonly Target[] = ['ours', 'generic', 'headerAuth'];
const TARGET_LABEL: Record<Target, string> = {
	ours: 'Housecall Pro Webhook Trigger',
	generic: 'n8n Webhook node',
	headerAuth: 'n8n Webhook node + Header Auth',
};
const BENCH_TOKEN_HEADER = 'x-bench-token';

type Workflows = Record<Target, { id: string; path: string }>;

interface CellResult {
	target: Target;
	concurrency: number;
	round: number;
	requests: number;
	acknowledged: number;
	refused: number;
	failed: number;
	firstError?: string;
	sendMs: number;
	drainMs: number;
	ackPerSecond: number;
	completedPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	executions: number;
	lost: number;
	duplicated: number;
	notSuccess: number;
	rssMbAfter: number;
}

interface PreparedRequest {
	jobId: string;
	body: string;
	headers: Record<string, string>;
}

/** A realistic job as the fake HCP's GET /jobs/{id} answers it: the largest of the first page. */
async function sampleJob(): Promise<{ job: Record<string, unknown>; companyId: string }> {
	const hcp = await startFakeHcp({ seed: 7 });
	try {
		const headers = { Authorization: `Token ${hcp.apiKey}` };
		const page = (await (await fetch(`${hcp.url}/jobs?page_size=10`, { headers })).json()) as { jobs: Array<{ id: string }> };
		let best: Record<string, unknown> | undefined;
		let bestSize = 0;
		for (const { id } of page.jobs) {
			const text = await (await fetch(`${hcp.url}/jobs/${id}`, { headers })).text();
			if (text.length > bestSize) {
				bestSize = text.length;
				best = JSON.parse(text) as Record<string, unknown>;
			}
		}
		if (!best) throw new Error('the fake HCP answered no jobs');
		return { job: best, companyId: hcp.company.id };
	} finally {
		await hcp.close();
	}
}

/** Signed deliveries, made before timing starts; each carries its own job id so it can be found again. */
function prepare(cellKey: string, count: number, job: Record<string, unknown>, companyId: string): PreparedRequest[] {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const occurredAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	const out: PreparedRequest[] = [];
	for (let i = 0; i < count; i++) {
		const jobId = `job_${cellKey}${i.toString(16).padStart(8, '0')}`;
		const body = JSON.stringify({
			event: 'job.updated',
			event_occurred_at: occurredAt,
			company_id: companyId,
			job: { ...job, id: jobId, updated_at: occurredAt },
		});
		const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
		out.push({
			jobId,
			body,
			headers: {
				'content-type': 'application/json',
				'user-agent': 'Housecall Pro Webhooks (bench)',
				'api-timestamp': timestamp,
				'api-signature': signature,
				[BENCH_TOKEN_HEADER]: BENCH_TOKEN,
			},
		});
	}
	return out;
}

interface SendOutcome {
	firstSendAt: number;
	statuses: number[];
	latenciesMs: number[];
	firstError?: string;
	sendMs: number;
}

/** Sends every request with exactly `concurrency` in flight (one connection each), bounded in time. */
async function send(origin: string, webhookPath: string, requests: PreparedRequest[], concurrency: number): Promise<SendOutcome> {
	const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
	const statuses = new Array<number>(requests.length).fill(0);
	const latenciesMs: number[] = [];
	let firstError: string | undefined;
	let next = 0;
	const deadline = Date.now() + CELL_TIMEOUT_MS;
	const firstSendAt = Date.now();
	const started = performance.now();
	const worker = async () => {
		while (next < requests.length && Date.now() < deadline) {
			const index = next++;
			const request = requests[index];
			const sentAt = performance.now();
			try {
				const response = await pool.request({ path: `/webhook/${webhookPath}`, method: 'POST', headers: request.headers, body: request.body });
				await response.body.dump();
				statuses[index] = response.statusCode;
				if ((response.statusCode < 200 || response.statusCode >= 300) && !firstError) firstError = `HTTP ${response.statusCode}`;
			} catch (error) {
				firstError ??= (error as Error).message;
			}
			latenciesMs.push(performance.now() - sentAt);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const sendMs = performance.now() - started;
	await pool.close();
	return { firstSendAt, statuses, latenciesMs, firstError, sendMs };
}

async function createWorkflows(n8n: N8nInstance): Promise<Workflows> {
	const credential = await n8n.api.createCredential('housecallProApi', 'HCP bench', {
		// The trigger never calls the API; only the secret matters. Port 9 (discard) on loopback.
		apiKey: 'bench-key-not-used',
		baseUrl: 'http://127.0.0.1:9',
		webhookSecret: SECRET,
	});
	const ourWebhookId = randomUUID();
	const ours = await n8n.api.importWorkflow({
		name: 'bench: Housecall Pro Webhook Trigger',
		nodes: [
			{
				id: randomUUID(),
				name: OUR_NODE,
				type: 'n8n-nodes-housecall-pro.housecallProWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: ourWebhookId,
				parameters: { events: ['job.updated'], output: 'full', options: {} },
				credentials: { housecallProApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const headerCredential = await n8n.api.createCredential('httpHeaderAuth', 'bench header', { name: BENCH_TOKEN_HEADER, value: BENCH_TOKEN });
	const webhookWorkflow = async (name: string, webhookPath: string, auth?: { id: string; name: string }) =>
		await n8n.api.importWorkflow({
			name,
			nodes: [
				{
					id: randomUUID(),
					name: GENERIC_NODE,
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', ...(auth ? { authentication: 'headerAuth' } : {}), options: {} },
					...(auth ? { credentials: { httpHeaderAuth: auth } } : {}),
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
	const genericPath = `bench-${randomUUID()}`;
	const headerPath = `bench-auth-${randomUUID()}`;
	const generic = await webhookWorkflow('bench: n8n Webhook', genericPath);
	const headerAuth = await webhookWorkflow('bench: n8n Webhook + Header Auth', headerPath, { id: headerCredential.id, name: headerCredential.name });
	for (const id of [ours.id, generic.id, headerAuth.id]) await n8n.api.activate(id);
	return {
		ours: { id: ours.id, path: `${ourWebhookId}/webhook` },
		generic: { id: generic.id, path: genericPath },
		headerAuth: { id: headerAuth.id, path: headerPath },
	};
}

/** The job id an execution was started by, read from what each trigger outputs. */
function jobIdOf(target: Target, items: Array<Record<string, unknown>>): string | undefined {
	const item = items[0];
	if (!item) return undefined;
	if (target === 'ours') return (item.record as { id?: string } | null)?.id;
	return ((item.body as { job?: { id?: string } } | undefined)?.job ?? {}).id;
}

interface Readback {
	jobId?: string;
	status: string;
	stoppedAtMs: number;
}

async function readBack(n8n: N8nInstance, target: Target, workflowId: string): Promise<Readback[]> {
	const summaries = await listAllExecutions(n8n.api, workflowId);
	const node = target === 'ours' ? OUR_NODE : GENERIC_NODE;
	return await readExecutions(n8n.api, summaries, (execution) => ({
		jobId: jobIdOf(target, nodeItems(execution, node)),
		status: execution.status,
		stoppedAtMs: execution.stoppedAt ? Date.parse(execution.stoppedAt) : Number.NaN,
	}));
}

function fmt(value: number, digits = 0): string {
	return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function tables(cells: CellResult[], options: Options, style: 'markdown' | 'text'): string {
	const byCell = (target: Target, concurrency: number) => cells.filter((cell) => cell.target === target && cell.concurrency === concurrency && cell.round > 0);
	const rows: string[][] = [];
	const m = (list: CellResult[], pick: (cell: CellResult) => number) => median(list.map(pick));
	const ratioRow = (concurrency: number, label: string, ours: CellResult[], other: CellResult[]) => [
		String(concurrency),
		label,
		'',
		formatRatio(m(ours, (cell) => cell.ackPerSecond) / m(other, (cell) => cell.ackPerSecond)),
		formatRatio(m(ours, (cell) => cell.completedPerSecond) / m(other, (cell) => cell.completedPerSecond)),
		formatRatio(m(ours, (cell) => cell.p50Ms) / m(other, (cell) => cell.p50Ms)),
		formatRatio(m(ours, (cell) => cell.p99Ms) / m(other, (cell) => cell.p99Ms)),
		'',
		'',
	];
	for (const concurrency of options.concurrency) {
		const ours = byCell('ours', concurrency);
		const line = (label: string, list: CellResult[]) => [
			String(concurrency),
			label,
			`${list.reduce((sum, cell) => sum + cell.acknowledged, 0)}/${list.reduce((sum, cell) => sum + cell.requests, 0)}`,
			fmt(m(list, (cell) => cell.ackPerSecond)),
			fmt(m(list, (cell) => cell.completedPerSecond)),
			fmt(m(list, (cell) => cell.p50Ms), 1),
			fmt(m(list, (cell) => cell.p99Ms), 1),
			String(list.reduce((sum, cell) => sum + cell.lost, 0)),
			String(list.reduce((sum, cell) => sum + cell.duplicated, 0)),
		];
		for (const target of TARGETS) rows.push(line(TARGET_LABEL[target], byCell(target, concurrency)));
		rows.push(ratioRow(concurrency, 'ratio ours / n8n Webhook', ours, byCell('generic', concurrency)));
		rows.push(ratioRow(concurrency, 'ratio ours / Webhook + Header Auth', ours, byCell('headerAuth', concurrency)));
	}
	return renderTable(
		['in flight', 'workflow', '2xx / sent', 'acknowledged/s', 'completed/s', 'p50 ms', 'p99 ms', 'lost', 'duplicated'],
		rows,
		style,
	);
}

interface ConfigResult {
	engine: Engine;
	env: Record<string, string>;
	startupMs: number;
	cells: CellResult[];
	outboundAttempts: number;
	rssMbAfter: number;
	rssMbAtStart: number;
}

/** One n8n with both workflows, every cell of the plan, then the read-back. */
async function runConfig(engine: Engine, tarball: string, workDir: string, sample: { job: Record<string, unknown>; companyId: string }, options: Options, log: (line: string) => void): Promise<ConfigResult> {
	// Keep every execution for the read-back; warn-level logs keep n8n's own output off the path.
	const env: Record<string, string> = { EXECUTIONS_DATA_PRUNE: 'false', N8N_LOG_LEVEL: 'warn', ...(engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}) };
	const n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, `n8n-${engine}`), env });
	try {
		log(`[${engine}] n8n ${N8N_VERSION} ready in ${(n8n.startupMs / 1000).toFixed(1)} s on ${n8n.url}`);
		const workflows = await createWorkflows(n8n);
		const rssMbAtStart = n8n.memoryRssMb();
		const cells: CellResult[] = [];
		const expected: Record<Target, number> = { ours: 0, generic: 0, headerAuth: 0 };
		const plan: Array<{ target: Target; concurrency: number; round: number; requests: number }> = [];
		// Round 0 warms both up (JIT, SQLite pages, connection set-up); it is checked but not reported.
		if (options.warmup > 0) for (const target of TARGETS) plan.push({ target, concurrency: 4, round: 0, requests: options.warmup });
		for (let round = 1; round <= options.rounds; round++) {
			for (const concurrency of options.concurrency) {
				// Rotate who goes first, so none always runs on a machine another just heated.
				const shift = (round + options.concurrency.indexOf(concurrency)) % TARGETS.length;
				const order: Target[] = [...TARGETS.slice(shift), ...TARGETS.slice(0, shift)];
				for (const target of order) plan.push({ target, concurrency, round, requests: options.requests });
			}
		}
		const sent = new Map<string, { cell: number; status: number }>();
		const firstSend: number[] = [];
		for (const [index, step] of plan.entries()) {
			const cellKey = `${engine === 'legacy' ? 'l' : 'v'}${index.toString(16).padStart(2, '0')}${TARGETS.indexOf(step.target)}`;
			const requests = prepare(cellKey, step.requests, sample.job, sample.companyId);
			const outcome = await send(n8n.url, workflows[step.target].path, requests, step.concurrency);
			const acknowledged = outcome.statuses.filter((status) => status >= 200 && status < 300).length;
			requests.forEach((request, i) => sent.set(request.jobId, { cell: index, status: outcome.statuses[i] }));
			expected[step.target] += acknowledged;
			const settled = await waitForSettled(n8n.api, workflows[step.target].id, expected[step.target], DRAIN_TIMEOUT_MS);
			firstSend.push(outcome.firstSendAt);
			const latencies = [...outcome.latenciesMs].sort((a, b) => a - b);
			cells.push({
				target: step.target,
				concurrency: step.concurrency,
				round: step.round,
				requests: step.requests,
				acknowledged,
				refused: outcome.statuses.filter((status) => status >= 300).length,
				failed: outcome.statuses.filter((status) => status === 0).length,
				firstError: outcome.firstError,
				sendMs: outcome.sendMs,
				drainMs: settled.waitedMs,
				ackPerSecond: acknowledged / (outcome.sendMs / 1000),
				completedPerSecond: Number.NaN,
				p50Ms: percentile(latencies, 50),
				p99Ms: percentile(latencies, 99),
				maxMs: latencies[latencies.length - 1] ?? Number.NaN,
				executions: 0,
				lost: 0,
				duplicated: 0,
				notSuccess: 0,
				rssMbAfter: n8n.memoryRssMb(),
			});
			log(
				`[${engine}] cell ${index + 1}/${plan.length} ${step.target} x${step.concurrency}${step.round ? '' : ' (warm-up)'}: ${acknowledged}/${step.requests} 2xx in ${(outcome.sendMs / 1000).toFixed(2)} s, ` +
					`drained ${settled.waitedMs} ms later${settled.timedOut ? ` (TIMED OUT with ${settled.total} executions, ${settled.unfinished} unfinished)` : ''}` +
					(outcome.firstError ? `; first error: ${outcome.firstError}` : ''),
			);
		}

		log(`[${engine}] reading every execution back`);
		const readStarted = Date.now();
		const seen = new Map<string, number>();
		const lastStoppedAt = cells.map(() => Number.NEGATIVE_INFINITY);
		for (const target of TARGETS) {
			const executions = await readBack(n8n, target, workflows[target].id);
			for (const execution of executions) {
				const origin = execution.jobId ? sent.get(execution.jobId) : undefined;
				if (!execution.jobId || !origin) {
					log(`[${engine}] execution without a known job id in ${target} (status ${execution.status})`);
					continue;
				}
				seen.set(execution.jobId, (seen.get(execution.jobId) ?? 0) + 1);
				const cell = cells[origin.cell];
				cell.executions++;
				if (execution.status !== 'success') cell.notSuccess++;
				if (execution.stoppedAtMs > lastStoppedAt[origin.cell]) lastStoppedAt[origin.cell] = execution.stoppedAtMs;
			}
		}
		for (const [jobId, { cell, status }] of sent) {
			const count = seen.get(jobId) ?? 0;
			if (status >= 200 && status < 300 && count === 0) cells[cell].lost++;
			if (count > 1) cells[cell].duplicated++;
		}
		// completed/s: from the first send to the last execution of the cell's deliveries stopping.
		cells.forEach((cell, index) => {
			cell.completedPerSecond = cell.executions / ((lastStoppedAt[index] - firstSend[index]) / 1000);
		});
		log(`[${engine}] read ${[...seen.values()].reduce((a, b) => a + b, 0)} executions in ${((Date.now() - readStarted) / 1000).toFixed(1)} s`);
		return { engine, env, startupMs: n8n.startupMs, cells, outboundAttempts: n8n.outboundAttempts().length, rssMbAtStart, rssMbAfter: n8n.memoryRssMb() };
	} finally {
		await n8n.stop();
	}
}

const ENGINE_LABEL: Record<Engine, string> = {
	default: "n8n's defaults (expression engine `vm`: isolated-vm, pool of 1)",
	legacy: '`N8N_EXPRESSION_ENGINE=legacy` (expressions evaluated in the main process)',
};

async function main(): Promise<void> {
	requireNode24(SCRIPT);
	const options = parseOptions(process.argv.slice(2));
	const workDir = makeWorkDir('hcp-real-n8n-webhooks-');
	const log = (line: string) => process.stderr.write(`[real-n8n-webhooks] ${line}\n`);
	try {
		log('building and packing the package from the current sources');
		const tarball = packFreshBuild(workDir);
		const sample = await sampleJob();
		const bodyBytes = Buffer.byteLength(prepare('probe', 1, sample.job, sample.companyId)[0].body);
		log(`delivery body ${bodyBytes} bytes; ${options.requests} requests per cell at ${options.concurrency.join(', ')} in flight, ${options.rounds} round(s), n8n settings: ${options.engines.join(', ')}`);
		if (options.waitQuietMinutes > 0) await waitForQuietMachine(options.waitQuietMinutes, log);
		const loadBefore = os.loadavg();
		const configs: ConfigResult[] = [];
		for (const engine of options.engines) configs.push(await runConfig(engine, tarball, workDir, sample, options, log));
		const loadAfter = os.loadavg();

		const all = configs.flatMap((config) => config.cells);
		const lost = all.reduce((sum, cell) => sum + cell.lost, 0);
		const duplicated = all.reduce((sum, cell) => sum + cell.duplicated, 0);
		const notAcknowledged = all.reduce((sum, cell) => sum + cell.requests - cell.acknowledged, 0);
		const outbound = configs.reduce((sum, config) => sum + config.outboundAttempts, 0);
		const cpus = os.cpus();
		const notes = [
			`Each workflow is its trigger alone, all active in one n8n (SQLite, regular mode), on ${cpus.length} vCPUs (${cpus[0]?.model.trim()}) shared with the client ` +
				`(load average ${loadBefore.map((v) => v.toFixed(2)).join(' / ')} before, ${loadAfter.map((v) => v.toFixed(2)).join(' / ')} after: other work shares the machine). ` +
				`Body: job.updated with a job as the fake HCP's GET /jobs/{id} answers it, ${bodyBytes} bytes, signed (HMAC-SHA256); all three get the same bytes and headers. ` +
				'The plain Webhook node checks nothing; with Header Auth it compares one header with a credential, which like our trigger reads a credential per request. ' +
				`${options.requests} requests per cell${options.rounds > 1 ? `, ${options.rounds} rounds (medians shown)` : ''}, undici with one connection per request in flight, after ${options.warmup} warm-up requests per workflow.`,
			'acknowledged/s: 2xx answers over the time from the first send to the last answer (all answer on receipt, before the execution runs). ' +
				'completed/s: executions over the time from the first send to the last execution of that cell stopping (every delivery stored as an execution); the next cell waits for the drain. ' +
				'p50/p99: time to the answer. lost: a 2xx delivery with no execution; duplicated: one with more than one (matched by the job id each delivery carries).',
			'Where a gap under the defaults comes from (read in n8n 2.40.7\'s source, live-webhooks.js and webhook-helpers.js): expressions run in an isolated-vm isolate from a pool of one (N8N_EXPRESSION_ENGINE_POOL_SIZE=1). ' +
				'Only for its own Webhook node (version > 1, static parameters) does n8n skip taking that isolate while it answers the request; for any other webhook trigger it takes it for the webhook phase and again to decrypt the credential, ' +
				'on top of the one the execution takes, so concurrent deliveries queue on it; a version-1 trigger also gets `$parameter.options.binaryData` evaluated per request. ' +
				'The legacy-engine table, when present, runs the same traffic without the isolate.',
			`Not acknowledged: ${notAcknowledged}. Executions not "success": ${all.reduce((sum, cell) => sum + cell.notSuccess, 0)}. Outbound connection attempts beyond loopback: ${outbound}. ` +
				`n8n RSS (with its task runner) with the workflows active, then after the read-back: ${configs.map((config) => `${config.rssMbAtStart} -> ${config.rssMbAfter} MiB (${config.engine})`).join(', ')}.`,
		];
		const measuredAt = new Date().toISOString();
		const sections = (style: 'markdown' | 'text') =>
			configs
				.map((config) => `${style === 'markdown' ? '**' : ''}${ENGINE_LABEL[config.engine]}${style === 'markdown' ? '**' : ''}\n\n${tables(config.cells, options, style)}`)
				.join('\n\n');
		const markdown = `${sections('markdown')}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`;
		writeRealN8nSection(N8N_VERSION, 'webhooks', {
			measuredAt,
			script: `node -r ./test/scripts/register-ts.js ${SCRIPT} ${process.argv.slice(2).join(' ')}`.trim(),
			options,
			bodyBytes,
			machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), node: process.versions.node, loadBefore, loadAfter },
			lost,
			duplicated,
			notAcknowledged,
			outboundAttempts: outbound,
			configs,
			markdown,
		});
		process.stdout.write(`\nWebhook throughput, real n8n ${N8N_VERSION} (${bodyBytes}-byte signed job.updated)\n\n${sections('text')}\n\n`);
		process.stdout.write(`${notes.join('\n')}\n\nWritten to test/bench/results/real-n8n.json (webhooks).\n`);
		if (lost > 0 || duplicated > 0) {
			process.stdout.write(`FAILED: ${lost} lost, ${duplicated} duplicated\n`);
			process.exitCode = 1;
		}
	} finally {
		if (process.env.HCP_E2E_KEEP === '1') log(`kept ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${SCRIPT} failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
