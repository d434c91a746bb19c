/**
 * Soak: a real n8n 2.40.7 runs our triggers for several minutes against a fake Housecall Pro that
 * keeps changing records, fails on purpose, and sends signed webhooks; n8n is restarted once
 * mid-run. Afterwards every change the workflows had to see is looked up in n8n's execution records.
 *
 *   node -r ./test/scripts/register-ts.js test/soak/soak.ts --minutes 3 [--seed 1] [--rate 1.5] [--restarts 1] [--queue]   (Node 24)
 *
 * `--queue`: n8n in queue mode instead (test/e2e/lib/queue-cluster.ts: Postgres, Redis, a main, two
 * webhook processes behind a round-robin proxy, two workers); the restarts take turns, a worker
 * first (SIGTERM, as a deploy does), then the main (2 by default). Results go to the `soakQueue` section.
 *
 * Workflows (each the trigger alone, active):
 * - Housecall Pro Trigger, Customer, New or Updated (incremental: reads what changed since its cursor)
 * - Housecall Pro Trigger, Lead, New or Updated (full scan: compares every lead with the last poll)
 * - Housecall Pro Webhook Trigger on the events the churn fires
 * n8n polls once a minute at best, and the first poll after activation only remembers what is
 * there, so a run of N minutes holds about N polls per polling workflow, one of them at the restart.
 *
 * Faults: after each poll of a watched list, the next poll of it meets 1-3 injected failures in a
 * row (429 without and with Retry-After, 500/502/503, a 2.5 s slow answer, a dropped connection),
 * always fewer than the transport's attempts. The restart makes webhook deliveries fail until n8n
 * is back; the fake retries them with a backoff that outlasts it (8 retries, 1 s doubling), each
 * retry with its first attempt's Api-Timestamp and signature (retrySigning 'original', the harsher
 * of the two ways Housecall Pro might retry). While n8n is down the fake signs as if it were
 * SIMULATED_OUTAGE_MS earlier, so the retries accepted after the restart carry timestamps older
 * than the old 5-minute window: the outage is played as longer than that without waiting for it.
 *
 * The verdict (check.ts) counts changes lost and duplicated for each workflow; the script exits 1
 * when any is, or when the run could not finish. Writes the `soak` section of
 * test/bench/results/real-n8n.json. Every loop is bounded in count and time; everything is on 127.0.0.1.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getObject, getOperation } from '../../nodes/shared/table';
import { renderTable } from '../bench/lib/stats';
import {
	listAllExecutions,
	makeWorkDir,
	nodeItems,
	packFreshBuild,
	readExecutions,
	requireNode24,
	waitForSettled,
	writeRealN8nSection,
} from '../bench/real-n8n-lib';
import { startQueueCluster } from '../e2e/lib/queue-cluster';
import { type N8nApi, N8N_VERSION, startN8n } from '../e2e/n8n-instance';
import { startFakeHcp, type FakeHcp, type FaultRule } from '../fake-hcp';
import { FaultList } from '../fake-hcp/faults';
import {
	checkPolling,
	checkWebhooks,
	groupPolls,
	versionKey,
	type Change,
	type DeliveryAttempt,
	type PollingVerdict,
	type PollWindow,
	type WebhookVerdict,
} from './check';

const SCRIPT = 'test/soak/soak.ts';
const CUSTOMER_NODE = 'Customers';
const LEAD_NODE = 'Leads';
const WEBHOOK_NODE = 'Housecall Pro Webhook';
/** What the churn fires; the webhook trigger and the fake's subscription both take exactly these. */
const WEBHOOK_EVENTS = ['customer.created', 'customer.updated', 'job.updated', 'lead.created', 'lead.updated'];
/** The soak sets this lead field to a new value on every change: leads carry no updated_at. */
const LEAD_MARKER_FIELD = 'lead_source';
/** A record is changed at most this often, so no two of its versions share an updated_at second (polling's version key). */
const RECORD_COOLDOWN_MS = 2500;
const SLOW_FAULT_MS = 2500;
/** Poll windows are widened by this on both sides: times are taken on arrival, the answer is read a moment later. */
const WINDOW_MARGIN_MS = 1000;
/** Reads of one list closer than this belong to one poll (retries); polls are a minute apart. */
const POLL_GAP_MS = 25_000;
/** After the churn stops: the longest wait for a poll of each list that sees the last change. */
const FINAL_POLL_TIMEOUT_MS = 150_000;
/** The longest wait for the fake's webhook retries to finish. */
const WEBHOOK_FLUSH_TIMEOUT_MS = 300_000;
/** How much older than real time the fake signs while n8n is down: the outage played is this much longer. */
const SIMULATED_OUTAGE_MS = 10 * 60_000;
/** The receiver window this package used to have: retries accepted with older timestamps would have been lost. */
const OLD_WINDOW_S = 300;

/** Fault groups met by successive polls of a list, in turn; each shorter than the transport's 6 attempts. */
const FAULT_GROUPS: FaultRule[][] = [
	[{ kind: 'rate-limit' }],
	[{ kind: 'rate-limit-retry-after', retryAfterSeconds: 2 }, { kind: 'server-error', status: 503 }],
	[{ kind: 'drop' }],
	[{ kind: 'slow', delayMs: SLOW_FAULT_MS }, { kind: 'server-error', status: 500 }],
	[{ kind: 'rate-limit' }, { kind: 'drop' }, { kind: 'rate-limit-retry-after', retryAfterSeconds: 1 }],
	[{ kind: 'server-error', status: 502 }, { kind: 'slow', delayMs: SLOW_FAULT_MS }],
];

interface Options {
	minutes: number;
	seed: number;
	changesPerSecond: number;
	restarts: number;
	queue: boolean;
}

function parseOptions(argv: string[]): Options {
	const value = (name: string, fallback: number, min: number, max: number) => {
		const index = argv.indexOf(`--${name}`);
		if (index < 0) return fallback;
		const parsed = Number(argv[index + 1]);
		if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${argv[index + 1]}`);
		return parsed;
	};
	return {
		minutes: value('minutes', 3, 2, 60),
		seed: Math.trunc(value('seed', 1, 0, 2 ** 31)),
		changesPerSecond: value('rate', 1.5, 0.1, 20),
		restarts: Math.trunc(value('restarts', argv.includes('--queue') ? 2 : 1, 1, 20)),
		queue: argv.includes('--queue'),
	};
}

/** Small deterministic generator, so a seed replays the same choices. */
function rng(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 2 ** 32;
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listPath(object: 'customer' | 'lead'): string {
	return getOperation(getObject(object).listOperation!).path;
}

// ---- faults: every rule the fake takes is logged, by wrapping its FaultList ----

interface FiredFault {
	kind: string;
	status?: number;
	path: string;
	atMs: number;
}

const firedFaults: FiredFault[] = [];
const originalTake = FaultList.prototype.take;
FaultList.prototype.take = function takeAndLog(this: FaultList, method: string, pathname: string) {
	const rule = originalTake.call(this, method, pathname);
	if (rule) firedFaults.push({ kind: rule.kind, status: rule.status, path: pathname, atMs: Date.now() });
	return rule;
};

/** Arms the next fault group for a list once the previous one is used up and its poll has ended. */
class FaultScheduler {
	readonly injected: Array<FaultRule & { path: string }> = [];
	private readonly next = new Map<string, number>();
	private readonly armed = new Map<string, number>();

	constructor(
		private readonly hcp: FakeHcp,
		private readonly paths: string[],
	) {}

	tick(): void {
		const now = Date.now();
		for (const listPathname of this.paths) {
			const fired = firedFaults.filter((fault) => fault.path === listPathname).length;
			if (fired < (this.armed.get(listPathname) ?? 0)) continue;
			let lastAtMs = 0;
			for (let i = this.hcp.requests.length - 1; i >= 0; i--) {
				if (this.hcp.requests[i].path !== listPathname) continue;
				lastAtMs = Date.parse(this.hcp.requests[i].at);
				break;
			}
			if (now - lastAtMs < 5000) continue;
			const turn = this.next.get(listPathname) ?? this.paths.indexOf(listPathname);
			const group = FAULT_GROUPS[turn % FAULT_GROUPS.length];
			for (const rule of group) {
				const placed = { ...rule, method: 'GET', path: listPathname, times: 1 };
				this.hcp.faults.add(placed);
				this.injected.push({ ...placed, path: listPathname });
			}
			this.next.set(listPathname, turn + 1);
			this.armed.set(listPathname, (this.armed.get(listPathname) ?? 0) + group.length);
		}
	}
}

// ---- churn: changes like the Housecall Pro app would make, each logged with its wall-clock time ----

interface ChurnLog {
	customers: Change[];
	leads: Change[];
	jobs: number;
	total: number;
	byKind: Record<string, number>;
}

class Churn {
	readonly log: ChurnLog = { customers: [], leads: [], jobs: 0, total: 0, byKind: {} };
	private readonly lastTouched = new Map<string, number>();
	private readonly customers: string[];
	private readonly jobs: string[];
	private readonly leads: string[];
	private counter = 0;

	constructor(
		private readonly hcp: FakeHcp,
		private readonly random: () => number,
	) {
		this.customers = hcp.store.list('customer').map((record) => String(record.id));
		this.jobs = hcp.store
			.list('job')
			.slice(0, 40)
			.map((record) => String(record.id));
		this.leads = hcp.store.list('lead').map((record) => String(record.id));
	}

	/** One change; skipped (returns false) when every candidate was touched too recently. */
	step(): boolean {
		const roll = this.random();
		const kind = roll < 0.45 ? 'customer.update' : roll < 0.55 ? 'customer.create' : roll < 0.75 ? 'job.update' : roll < 0.93 ? 'lead.update' : 'lead.create';
		const now = Date.now();
		const n = ++this.counter;
		const pickFree = (ids: string[]): string | undefined => {
			for (let attempt = 0; attempt < 8; attempt++) {
				const id = ids[Math.floor(this.random() * ids.length)];
				if (now - (this.lastTouched.get(id) ?? 0) >= RECORD_COOLDOWN_MS) return id;
			}
			return undefined;
		};
		let id: string | undefined;
		switch (kind) {
			case 'customer.update': {
				id = pickFree(this.customers);
				if (!id) return false;
				const record = this.hcp.store.update('customer', id, { notes: `soak change ${n}` }, { event: true });
				this.log.customers.push({ id, marker: String(record.updated_at), madeAtMs: now });
				break;
			}
			case 'customer.create': {
				const record = this.hcp.store.insert(
					'customer',
					{ first_name: 'Soak', last_name: `Customer ${n}`, email: `soak.${n}@mail.example`, notes: `soak created ${n}` },
					{ event: true },
				);
				id = String(record.id);
				this.customers.push(id);
				this.log.customers.push({ id, marker: String(record.updated_at), madeAtMs: now });
				break;
			}
			case 'job.update':
				id = pickFree(this.jobs);
				if (!id) return false;
				this.hcp.store.update('job', id, { description: `soak change ${n}` }, { event: true });
				this.log.jobs++;
				break;
			case 'lead.update': {
				id = pickFree(this.leads);
				if (!id) return false;
				const marker = `soak-${n}`;
				this.hcp.store.update('lead', id, { [LEAD_MARKER_FIELD]: marker }, { event: true });
				this.log.leads.push({ id, marker, madeAtMs: now });
				break;
			}
			case 'lead.create': {
				const marker = `soak-${n}`;
				const record = this.hcp.store.insert('lead', { [LEAD_MARKER_FIELD]: marker, customer_id: this.customers[0] }, { event: true });
				id = String(record.id);
				this.leads.push(id);
				this.log.leads.push({ id, marker, madeAtMs: now });
				break;
			}
		}
		this.lastTouched.set(id, now);
		this.log.total++;
		this.log.byKind[kind] = (this.log.byKind[kind] ?? 0) + 1;
		return true;
	}
}

// ---- workflows ----

interface SoakWorkflows {
	customers: string;
	leads: string;
	webhook: string;
	webhookPath: string;
}

async function createWorkflows(api: N8nApi, hcp: FakeHcp, secret: string): Promise<SoakWorkflows> {
	const credential = await api.createCredential('housecallProApi', 'HCP soak', { apiKey: hcp.apiKey, baseUrl: hcp.url, webhookSecret: secret });
	const credentials = { housecallProApi: { id: credential.id, name: credential.name } };
	const pollingWorkflow = (name: string, object: string) => ({
		name: `soak: ${name}`,
		nodes: [
			{
				id: randomUUID(),
				name,
				type: 'n8n-nodes-housecall-pro.housecallProTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object, event: 'newOrUpdated', filters: {}, emitExisting: false },
				credentials,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const webhookId = randomUUID();
	const customers = await api.importWorkflow(pollingWorkflow(CUSTOMER_NODE, 'customer'));
	const leads = await api.importWorkflow(pollingWorkflow(LEAD_NODE, 'lead'));
	const webhook = await api.importWorkflow({
		name: 'soak: webhooks',
		nodes: [
			{
				id: randomUUID(),
				name: WEBHOOK_NODE,
				type: 'n8n-nodes-housecall-pro.housecallProWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: WEBHOOK_EVENTS, output: 'full', options: {} },
				credentials,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	return { customers: customers.id, leads: leads.id, webhook: webhook.id, webhookPath: `${webhookId}/webhook` };
}

/** The key the webhook check names a delivery by: the trigger's delivery_id, SHA-256 of the body the fake sent. */
function keyOfBody(body: string): string {
	return createHash('sha256').update(body).digest('hex');
}

/** Waits until a poll of the list arrived after `afterMs` and answered 200; false on timeout. */
async function waitForPollAfter(hcp: FakeHcp, listPathname: string, afterMs: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const seen = hcp.requests.some((request) => request.path === listPathname && request.method === 'GET' && request.status === 200 && Date.parse(request.at) > afterMs);
		if (seen) return true;
		await sleep(1000);
	}
	return false;
}

interface PollingReport {
	verdict: PollingVerdict;
	faultsFired: number;
	faultsSurvived: number;
	errorExecutions: number;
}

function pollingReport(hcp: FakeHcp, listPathname: string, changes: Change[], emitted: string[], errorExecutions: number): PollingReport {
	const reads = hcp.requests.filter((request) => request.path === listPathname && request.method === 'GET').map((request) => ({ atMs: Date.parse(request.at), status: request.status }));
	const fired = firedFaults.filter((fault) => fault.path === listPathname);
	// A slow answer is read SLOW_FAULT_MS after its request arrived: such a poll's window ends that much later.
	const hit = (poll: PollWindow, fault: FiredFault) => fault.atMs >= poll.firstAtMs - WINDOW_MARGIN_MS && fault.atMs <= poll.lastAtMs + WINDOW_MARGIN_MS;
	const polls = groupPolls(reads, POLL_GAP_MS).map((poll) =>
		fired.some((fault) => fault.kind === 'slow' && hit(poll, fault)) ? { ...poll, endMs: poll.endMs + SLOW_FAULT_MS, lastAtMs: poll.lastAtMs + SLOW_FAULT_MS } : poll,
	);
	const verdict = checkPolling({ changes, polls, emitted, marginMs: WINDOW_MARGIN_MS });
	// A fault is survived when the poll it hit still read its list (a later attempt answered 200).
	const survived = fired.filter((fault) => polls.some((poll) => poll.succeeded && hit(poll, fault)));
	return { verdict, faultsFired: fired.length, faultsSurvived: survived.length, errorExecutions };
}

/** What the soak runs against: one n8n, or n8n in queue mode. */
interface SoakTarget {
	api: N8nApi;
	/** Where Housecall Pro sends webhooks: n8n itself, or the proxy in front of the webhook processes. */
	webhookBase: string;
	readyMs: number;
	/** Restart number `index` (from 0); says what was restarted and how long its start-up took. */
	restart(index: number): Promise<{ what: string; startupMs: number }>;
	outboundAttempts(): number;
	stop(): Promise<void>;
}

async function startTarget(options: Options, tarball: string, workDir: string): Promise<SoakTarget> {
	const env = { EXECUTIONS_DATA_PRUNE: 'false' };
	if (!options.queue) {
		const n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n'), env });
		return {
			api: n8n.api,
			webhookBase: n8n.url,
			readyMs: n8n.startupMs,
			restart: async () => {
				await n8n.restart();
				return { what: 'n8n', startupMs: n8n.startupMs };
			},
			outboundAttempts: () => n8n.outboundAttempts().length,
			stop: n8n.stop,
		};
	}
	const started = Date.now();
	const cluster = await startQueueCluster({ packageTarball: tarball, folder: path.join(workDir, 'cluster'), env });
	return {
		api: cluster.api,
		webhookBase: cluster.webhookUrl,
		readyMs: Date.now() - started,
		restart: async (index) => {
			if (index % 2 === 1) return { what: 'main', startupMs: await cluster.restartMain() };
			const worker = cluster.workers[(index / 2) % cluster.workers.length];
			const restartStarted = Date.now();
			await worker.stop();
			await worker.start();
			return { what: worker.name, startupMs: Date.now() - restartStarted };
		},
		outboundAttempts: () => cluster.all().reduce((sum, proc) => sum + proc.outboundAttempts().length, 0),
		stop: cluster.stop,
	};
}

async function main(): Promise<void> {
	requireNode24(SCRIPT);
	const options = parseOptions(process.argv.slice(2));
	const random = rng(options.seed);
	const workDir = makeWorkDir('hcp-soak-');
	const log = (line: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
	const secret = `whsec-soak-${randomUUID()}`;
	const customersPath = listPath('customer');
	const leadsPath = listPath('lead');
	let n8n: SoakTarget | undefined;
	let hcp: FakeHcp | undefined;
	const ticker: { timer?: NodeJS.Timeout } = {};
	try {
		log('building and packing the package from the current sources');
		const tarball = packFreshBuild(workDir);
		hcp = await startFakeHcp({
			seed: options.seed,
			// Retries outlast a restart: 1, 2, 4 ... 128 s after the first failure (about 4 minutes in all),
			// each with its first attempt's Api-Timestamp and signature.
			webhookTiming: { delayMs: 300, retries: 8, backoffMs: 1000, timeoutMs: 10_000, retrySigning: 'original', signingClockOffsetMs: 0 },
		});
		n8n = await startTarget(options, tarball, workDir);
		log(`n8n ${N8N_VERSION}${options.queue ? ' in queue mode' : ''} ready in ${(n8n.readyMs / 1000).toFixed(1)} s; fake HCP on ${hcp.url}`);
		const workflows = await createWorkflows(n8n.api, hcp, secret);
		for (const id of [workflows.webhook, workflows.customers, workflows.leads]) await n8n.api.activate(id);
		// Saving the URL in HCP: the unsigned handshake must be answered 2xx by the active trigger.
		const handshake = await hcp.webhooks.configure({ url: `${n8n.webhookBase}/webhook/${workflows.webhookPath}`, secret, events: WEBHOOK_EVENTS });
		if (handshake < 200 || handshake >= 300) throw new Error(`the webhook handshake was answered ${handshake}`);
		log(`workflows active (each polling trigger read its list once at activation: its baseline); handshake answered ${handshake}`);

		const faults = new FaultScheduler(hcp, [customersPath, leadsPath]);
		const churn = new Churn(hcp, random);
		const startedAt = Date.now();
		const endsAt = startedAt + options.minutes * 60_000;
		// Restarts spread evenly over the run: one, by default, half-way.
		const restartAts = Array.from({ length: options.restarts }, (_, i) => startedAt + ((i + 1) * options.minutes * 60_000) / (options.restarts + 1));
		const interval = 1000 / options.changesPerSecond;
		ticker.timer = setInterval(() => faults.tick(), 1000);
		const restarts: Array<{ what: string; startedMs: number; readyMs: number; startupMs: number }> = [];
		let restarting: Promise<void> | undefined;
		let lastReport = startedAt;
		// The churn runs on its own clock, also while n8n restarts (HCP does not wait for n8n).
		const maxSteps = Math.ceil(options.minutes * 60 * options.changesPerSecond * 4) + 10;
		for (let step = 0; Date.now() < endsAt && step < maxSteps; step++) {
			churn.step();
			if (!restarting && restarts.length < restartAts.length && Date.now() >= restartAts[restarts.length]) {
				const restartStarted = Date.now();
				// In queue mode the webhook processes stay up through a main or worker restart: no outage to play.
				const outageMs = options.queue ? 0 : SIMULATED_OUTAGE_MS;
				log(`restart ${restarts.length + 1}${outageMs ? ` (first attempts signed ${outageMs / 60_000} min early meanwhile)` : ''}`);
				hcp.webhooks.setTiming({ signingClockOffsetMs: -outageMs });
				restarting = n8n.restart(restarts.length).then(({ what, startupMs }) => {
					hcp!.webhooks.setTiming({ signingClockOffsetMs: 0 });
					restarts.push({ what, startedMs: restartStarted, readyMs: Date.now(), startupMs });
					restarting = undefined;
					log(`${what} back after ${((Date.now() - restartStarted) / 1000).toFixed(1)} s`);
				});
			}
			if (Date.now() - lastReport >= 30_000) {
				lastReport = Date.now();
				log(`${churn.log.total} changes, ${faults.injected.length} faults armed, ${firedFaults.length} fired, ${hcp.webhooks.deliveries.length} delivery attempts`);
			}
			await sleep(interval * (0.5 + random()));
		}
		const churnEndedMs = Date.now();
		await restarting;
		clearInterval(ticker.timer);
		ticker.timer = undefined;
		if (restarts.length < options.restarts) throw new Error(`n8n was restarted ${restarts.length} time(s), not ${options.restarts}; make the run longer`);
		const lastChange = Math.max(...[...churn.log.customers, ...churn.log.leads].map((change) => change.madeAtMs), startedAt);
		log(`churn stopped after ${churn.log.total} changes; waiting for a poll of each list after the last change, and for webhook retries`);

		const [customersPolled, leadsPolled] = await Promise.all([
			waitForPollAfter(hcp, customersPath, lastChange + WINDOW_MARGIN_MS, FINAL_POLL_TIMEOUT_MS),
			waitForPollAfter(hcp, leadsPath, lastChange + WINDOW_MARGIN_MS, FINAL_POLL_TIMEOUT_MS),
		]);
		let flushed = false;
		let flushTimer: NodeJS.Timeout | undefined;
		await Promise.race([
			hcp.webhooks.flush().then(() => (flushed = true)),
			new Promise((resolve) => {
				flushTimer = setTimeout(resolve, WEBHOOK_FLUSH_TIMEOUT_MS);
			}),
		]);
		clearTimeout(flushTimer);
		// A poll that just read its list still has to start and store its execution.
		await sleep(5000);
		const accepted = new Set(hcp.webhooks.deliveries.filter((entry) => entry.kind === 'event' && entry.status >= 200 && entry.status < 300).map((entry) => entry.deliveryId)).size;
		const webhookSettled = await waitForSettled(n8n.api, workflows.webhook, accepted, 120_000);
		for (const id of [workflows.customers, workflows.leads]) await waitForSettled(n8n.api, id, 0, 60_000);
		log(`final polls seen: customers ${customersPolled}, leads ${leadsPolled}; webhook retries ${flushed ? 'finished' : 'STILL PENDING'}; reading executions back`);

		// ---- read back what the workflows saw ----
		const read = async (workflowId: string, nodeName: string) => {
			const summaries = await listAllExecutions(n8n!.api, workflowId);
			return await readExecutions(n8n!.api, summaries, (execution) => ({
				id: execution.id,
				status: execution.status,
				createdAt: (execution as { createdAt?: string }).createdAt,
				startedAt: execution.startedAt,
				items: nodeItems(execution, nodeName),
			}));
		};
		const customerRuns = await read(workflows.customers, CUSTOMER_NODE);
		const leadRuns = await read(workflows.leads, LEAD_NODE);
		const webhookRuns = await read(workflows.webhook, WEBHOOK_NODE);
		const customerEmitted = customerRuns.flatMap((run) => run.items.map((item) => versionKey(String(item.id), String(item.updated_at))));
		const leadEmitted = leadRuns.flatMap((run) => run.items.map((item) => versionKey(String(item.id), String(item[LEAD_MARKER_FIELD]))));
		const webhookExecuted = webhookRuns.flatMap((run) => run.items.map((item) => String(item.delivery_id)));

		const customers = pollingReport(hcp, customersPath, churn.log.customers, customerEmitted, customerRuns.filter((run) => run.status !== 'success').length);
		const leads = pollingReport(hcp, leadsPath, churn.log.leads, leadEmitted, leadRuns.filter((run) => run.status !== 'success').length);
		const attempts: DeliveryAttempt[] = hcp.webhooks.deliveries
			.filter((entry) => entry.kind === 'event')
			.map((entry) => ({ deliveryId: entry.deliveryId, event: entry.event ?? '', key: keyOfBody(entry.body), status: entry.status }));
		const webhooks: WebhookVerdict = checkWebhooks({ attempts, selectedEvents: WEBHOOK_EVENTS, executed: webhookExecuted });
		// Refused around a restart: from its start until n8n has published the trigger again.
		const aroundRestart = (atMs: number) => restarts.some((restart) => atMs >= restart.startedMs - 1000 && atMs <= restart.readyMs + 30_000);
		const failedDuringRestart = new Set(
			hcp.webhooks.deliveries
				.filter((entry) => entry.kind === 'event' && (entry.status < 200 || entry.status >= 300) && aroundRestart(Date.parse(entry.at)))
				.map((entry) => entry.deliveryId),
		).size;
		// Accepted with an Api-Timestamp older than the old window (a retry that kept its first one): each
		// of these would have been refused with 401 until the fake gave up, so lost, under the old rule.
		const acceptedAttempts = hcp.webhooks.deliveries.filter((entry) => entry.kind === 'event' && entry.status >= 200 && entry.status < 300);
		const acceptedAgesS = acceptedAttempts.map((entry) => Date.parse(entry.at) / 1000 - Number(entry.timestamp));
		const acceptedOlderThanOldWindow = acceptedAgesS.filter((age) => age > OLD_WINDOW_S).length;
		const oldestAcceptedS = Math.round(Math.max(0, ...acceptedAgesS));
		const retriedKeepingTimestamp = new Set(
			hcp.webhooks.deliveries
				.filter((entry) => entry.kind === 'event' && entry.attempt > 1)
				.filter((entry) => hcp!.webhooks.deliveries.some((first) => first.deliveryId === entry.deliveryId && first.attempt === 1 && first.timestamp === entry.timestamp))
				.map((entry) => entry.deliveryId),
		).size;

		// ---- report ----
		const injectedByKind = new Map<string, number>();
		for (const rule of faults.injected) {
			const name = rule.kind === 'server-error' ? `server-error ${rule.status}` : rule.kind;
			injectedByKind.set(name, (injectedByKind.get(name) ?? 0) + 1);
		}
		const firedTotal = customers.faultsFired + leads.faultsFired;
		const survivedTotal = customers.faultsSurvived + leads.faultsSurvived;
		const lost = customers.verdict.lost.length + leads.verdict.lost.length + webhooks.lost.length;
		const duplicated = customers.verdict.duplicated.length + leads.verdict.duplicated.length + webhooks.duplicated.length;
		const unknown = customers.verdict.unknown.length + leads.verdict.unknown.length + webhooks.unknown.length;
		const durationMs = Date.now() - startedAt;
		const rows = (style: 'markdown' | 'text') =>
			renderTable(
				['workflow', 'changes made', 'had to see', 'seen (items)', 'optional', 'polls ok/all', 'faults fired/survived', 'lost', 'duplicated', 'unknown'],
				[
					[
						'Customer, New or Updated (incremental)',
						String(customers.verdict.changes),
						String(customers.verdict.required),
						`${customers.verdict.emittedVersions} (${customers.verdict.emittedItems})`,
						String(customers.verdict.optional),
						`${customers.verdict.succeededPolls}/${customers.verdict.polls}`,
						`${customers.faultsFired}/${customers.faultsSurvived}`,
						String(customers.verdict.lost.length),
						String(customers.verdict.duplicated.length),
						String(customers.verdict.unknown.length),
					],
					[
						'Lead, New or Updated (full scan)',
						String(leads.verdict.changes),
						String(leads.verdict.required),
						`${leads.verdict.emittedVersions} (${leads.verdict.emittedItems})`,
						String(leads.verdict.optional),
						`${leads.verdict.succeededPolls}/${leads.verdict.polls}`,
						`${leads.faultsFired}/${leads.faultsSurvived}`,
						String(leads.verdict.lost.length),
						String(leads.verdict.duplicated.length),
						String(leads.verdict.unknown.length),
					],
					[
						'Webhook Trigger (5 events)',
						String(webhooks.deliveries),
						String(webhooks.expected),
						String(webhooks.executions),
						'',
						'',
						`restart: ${failedDuringRestart} deliveries refused, retried (${acceptedOlderThanOldWindow} accepted > 5 min old)`,
						String(webhooks.lost.length),
						String(webhooks.duplicated.length),
						String(webhooks.unknown.length),
					],
				],
				style,
			);
		const facts = [
			`Run: ${options.minutes} min of churn (${(durationMs / 60_000).toFixed(1)} min with the drain), seed ${options.seed}, ${churn.log.total} changes (${Object.entries(churn.log.byKind)
				.map(([kind, count]) => `${count} ${kind}`)
				.join(', ')}), each record changed at most every ${RECORD_COOLDOWN_MS / 1000} s.`,
			`Faults injected into the polled lists: ${faults.injected.length} (${[...injectedByKind].map(([kind, count]) => `${count} ${kind}`).join(', ')}); fired ${firedTotal}, survived ${survivedTotal} (the poll they hit still read its list); ` +
				`n8n errors recorded for polls: ${customers.errorExecutions + leads.errorExecutions}.`,
			`${restarts.map((restart) => `${restart.what} restarted at ${((restart.startedMs - startedAt) / 1000).toFixed(0)} s (back after ${((restart.readyMs - restart.startedMs) / 1000).toFixed(1)} s)`).join(', ')}; ` +
				`webhook deliveries: ${webhooks.deliveries} (${webhooks.attempts} attempts, ${webhooks.retried} retried, ${webhooks.neverAccepted} never accepted), retries ${flushed ? 'all finished' : 'NOT finished'}; ` +
				`webhook executions settled: ${webhookSettled.timedOut ? 'NO' : 'yes'}.`,
			(options.queue
				? `Webhooks went to the proxy in front of the two webhook processes, which stayed up through both restarts (so no outage was played; ${retriedKeepingTimestamp} deliveries retried). The other worker ran the executions while one restarted; the pollers paused while the main did. `
				: `Webhook retries kept their first Api-Timestamp and signature (the fake's retrySigning 'original'; ${retriedKeepingTimestamp} deliveries retried so). While n8n was down the fake signed ${SIMULATED_OUTAGE_MS / 60_000} min early, ` +
					`so the outage counts as ${SIMULATED_OUTAGE_MS / 60_000} min plus the real restart: ${acceptedOlderThanOldWindow} deliveries were accepted with an Api-Timestamp older than the old 5-minute window (oldest ${oldestAcceptedS} s; the trigger's Max Delivery Age is 72 h), all of them lost under the old rule. `) +
				'A delivery is named by delivery_id, the SHA-256 of its body.',
			`Final poll after the last change seen: customers ${customersPolled ? 'yes' : 'NO'}, leads ${leadsPolled ? 'yes' : 'NO'}. Outbound connection attempts beyond loopback: ${n8n.outboundAttempts()}.`,
			'had to see: versions made after the baseline poll that were the latest throughout some later successful poll (window widened by ' +
				`${WINDOW_MARGIN_MS / 1000} s each side); optional: versions replaced while a poll read them (emitting them or not is fine); for webhooks, every delivery of a selected event. ` +
				'lost: had to see, never emitted; duplicated: emitted by more than one execution; unknown: emitted but not a change made after the baseline. See test/soak/check.ts.',
		];
		const measuredAt = new Date().toISOString();
		const markdown = `${rows('markdown')}\n\n${facts.map((fact) => `- ${fact}`).join('\n')}\n`;
		const showKeys = (label: string, keys: string[]) => (keys.length ? `${label}: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ' ...' : ''}\n` : '');
		process.stdout.write(`\nSoak, real n8n ${N8N_VERSION}${options.queue ? ' in queue mode' : ''}\n\n${rows('text')}\n\n${facts.join('\n')}\n\n`);
		process.stdout.write(
			showKeys('customers lost', customers.verdict.lost) +
				showKeys('customers duplicated', customers.verdict.duplicated) +
				showKeys('customers unknown', customers.verdict.unknown) +
				showKeys('leads lost', leads.verdict.lost) +
				showKeys('leads duplicated', leads.verdict.duplicated) +
				showKeys('leads unknown', leads.verdict.unknown) +
				showKeys('webhooks lost', webhooks.lost) +
				showKeys('webhooks duplicated', webhooks.duplicated) +
				showKeys('webhooks unknown', webhooks.unknown) +
				showKeys('webhook keys shared by two deliveries', webhooks.indistinct),
		);
		// For each webhook duplicate: what the sender saw per attempt, and which executions n8n stored.
		const restartIso = restarts.map((restart) => `restart ${new Date(restart.startedMs).toISOString()} .. ready ${new Date(restart.readyMs).toISOString()}`).join(', ');
		for (const key of webhooks.duplicated.slice(0, 5)) {
			const tries = hcp.webhooks.deliveries.filter((entry) => entry.kind === 'event' && keyOfBody(entry.body) === key);
			const runs = webhookRuns.filter((run) => run.items.some((item) => String(item.delivery_id) === key));
			process.stdout.write(
				`webhook duplicate ${key} (${restartIso}):\n` +
					tries.map((entry) => `  attempt ${entry.attempt} at ${entry.at}: ${entry.status || 'no answer'}${entry.error ? ` (${entry.error})` : ''}\n`).join('') +
					runs.map((run) => `  execution ${run.id} ${run.status}, created ${run.createdAt}, started ${run.startedAt}\n`).join(''),
			);
		}
		process.stdout.write(
			`\nFaults injected ${faults.injected.length + restarts.length} (incl. ${restarts.length} restart(s)), survived ${survivedTotal + restarts.length}; changes lost ${lost}, duplicated ${duplicated}\n`,
		);
		const complete = customersPolled && leadsPolled && flushed && !webhookSettled.timedOut;
		writeRealN8nSection(N8N_VERSION, options.queue ? 'soakQueue' : 'soak', {
			measuredAt,
			script: `node -r ./test/scripts/register-ts.js ${SCRIPT} ${process.argv.slice(2).join(' ')}`.trim(),
			options,
			durationMs,
			churn: { total: churn.log.total, byKind: churn.log.byKind, endedAfterMs: churnEndedMs - startedAt },
			faults: {
				injected: faults.injected.length,
				byKind: Object.fromEntries(injectedByKind),
				fired: firedTotal,
				survived: survivedTotal,
				restarts: restarts.map((restart) => ({ what: restart.what, atMs: restart.startedMs - startedAt, downMs: restart.readyMs - restart.startedMs, startupMs: restart.startupMs })),
			},
			lost,
			duplicated,
			unknown,
			complete,
			customers: { ...customers, verdict: summarize(customers.verdict) },
			leads: { ...leads, verdict: summarize(leads.verdict) },
			webhooks: {
				...webhooks,
				retrySigning: 'original',
				simulatedOutageMs: options.queue ? 0 : SIMULATED_OUTAGE_MS,
				retriedKeepingTimestamp,
				acceptedOlderThanOldWindow,
				oldestAcceptedS,
				failedDuringRestart,
				lost: webhooks.lost.length,
				duplicated: webhooks.duplicated.length,
				unknown: webhooks.unknown.length,
				indistinct: webhooks.indistinct.length,
			},
			machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
			markdown,
		});
		process.stdout.write(`Written to test/bench/results/real-n8n.json (${options.queue ? 'soakQueue' : 'soak'}).\n`);
		if (lost > 0 || duplicated > 0 || !complete) {
			process.stdout.write(`FAILED: ${lost} lost, ${duplicated} duplicated${complete ? '' : ', and the run did not drain (see above)'}\n`);
			process.exitCode = 1;
		}
	} finally {
		if (ticker.timer) clearInterval(ticker.timer);
		await n8n?.stop();
		await hcp?.close();
		if (process.env.HCP_E2E_KEEP === '1') log(`kept ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

/** The verdict with its key lists cut to counts plus a few examples, for the results file. */
function summarize(verdict: PollingVerdict) {
	return {
		...verdict,
		lost: verdict.lost.length,
		duplicated: verdict.duplicated.length,
		unknown: verdict.unknown.length,
		examples: { lost: verdict.lost.slice(0, 5), duplicated: verdict.duplicated.slice(0, 5), unknown: verdict.unknown.slice(0, 5) },
	};
}

main().catch((error: Error) => {
	process.stderr.write(`${SCRIPT} failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
