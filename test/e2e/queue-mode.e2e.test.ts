// The packed package in n8n 2.40.7 queue mode (test/e2e/lib/queue-cluster.ts): Postgres, Redis, a
// main process, two webhook processes behind a round-robin proxy and two workers, each process with
// the package installed. The examples run with their executions done by the workers; then exactly
// once across processes, counted by effect: every delivery adds one note to a job in the fake
// (`delivery <delivery_id>`), every polled change is one trigger item. Example 10 answers Housecall
// Pro when the run has finished and claims each delivery in Postgres with a lease, so a run lost with
// its worker is sent again and taken over; where that is not enough (Remove Duplicates racing itself,
// a run that failed after its effect) the test measures what happens and says so. One cluster for
// the whole file.
import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { listAllExecutions, nodeItems, readExecutions } from '../bench/real-n8n-lib';
import { signWebhook, startFakeHcp, type DeliveryLogEntry, type FakeHcp } from '../fake-hcp';
import { CREDENTIAL_TYPE, NODE_TYPES, PACKAGE_NAME, nodeOfType, prepareWorkflow, readExample, webhookPath, type ExampleJson, type WorkflowNode } from './example-workflows';
import { packRepoPackage } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { FAST_STALL_DETECTION, startQueueCluster, type QueueCluster } from './lib/queue-cluster';
import { N8N_VERSION, type N8nExecution } from './n8n-instance';

const SECRET = `whsec-e2e-queue-${crypto.randomBytes(8).toString('hex')}`;
const EFFECT = 'Record Effect';
const FOLLOW_UP = 'Follow-up Note';

/** Example 10's lease, as written in its Claim Delivery query and its note's query of claims never done. */
const EXAMPLE_LEASE = "interval '5 minutes'";
/** The lease this file runs example 10 with, so a crash is taken over within a test's time. */
const LEASE_SECONDS = 12;
const withTestLease = (sql: string) => {
	if (!sql.includes(EXAMPLE_LEASE)) throw new Error(`no ${EXAMPLE_LEASE} in: ${sql}`);
	return sql.split(EXAMPLE_LEASE).join(`interval '${LEASE_SECONDS} seconds'`);
};

/** A SQL block of example 10's sticky note starting with `keyword`, as a user would copy it. */
function noteSql(keyword: 'CREATE TABLE' | 'SELECT'): string {
	const note = readExample('10-').workflow.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote');
	const sql = new RegExp(`\`\`\`\n(${keyword} [^\`]+?);?\n\`\`\``).exec(String(note?.parameters.content))?.[1];
	if (!sql) throw new Error(`example 10's sticky note has no ${keyword} block`);
	return keyword === 'SELECT' ? withTestLease(sql) : sql;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const log = (line: string) => process.stderr.write(`[n8n-e2e queue] ${line}\n`);
const UNFINISHED = ['new', 'running', 'waiting'];

interface Tally {
	lost: string[];
	duplicated: string[];
}

describeWithN8n(`${PACKAGE_NAME} in n8n ${N8N_VERSION} queue mode (main, 2 webhook processes, 2 workers)`, () => {
	let cluster: QueueCluster;
	let hcp: FakeHcp;
	let workDir = '';
	let credential: { id: string; name: string; type: string };
	let postgresCredential: { id: string; name: string; type: string };
	let jobCounter = 0;
	const suiteStarted = Date.now();

	/** Notes the effect node added for this delivery, over every job of the fake. */
	function effectsOf(deliveryId: string): number {
		return hcp.store.list('jobNote').filter((note) => note.content === `delivery ${deliveryId}`).length;
	}

	/** The execution id that holds the delivery's claim row, or undefined when it is not claimed. */
	function claimantOf(deliveryId: string): string | undefined {
		return cluster.postgres.query(`SELECT execution_id FROM hcp_webhook_deliveries WHERE delivery_id = '${deliveryId}'`) || undefined;
	}

	/**
	 * Retry as the Executions list does: `POST /rest/executions/:id/retry`, with `{ loadWorkflow: true }`
	 * for "Retry with currently saved workflow" and no body for "Retry with original workflow". n8n
	 * answers once the retry has finished; returns it with its data.
	 */
	async function retry(executionId: string, loadWorkflow: boolean): Promise<N8nExecution & { retryOf?: string }> {
		const started = await cluster.api.request<{ id: string; retryOf?: string }>('POST', `/rest/executions/${executionId}/retry`, loadWorkflow ? { loadWorkflow: true } : undefined);
		return { ...(await cluster.api.waitForExecution(started.id, 60_000)), retryOf: started.retryOf };
	}

	/** Status, and the error's node and message when it failed. */
	function outcome(execution: N8nExecution): string {
		const error = execution.data?.resultData.error as { message?: string; node?: { name?: string } } | undefined;
		if (!error) return execution.status;
		// n8n giving up on a job lost with its worker names no node: say so rather than "at undefined".
		const where = error.node?.name ?? execution.data?.resultData.lastNodeExecuted;
		return `${execution.status}${where ? ` at ${where}` : ', no node named'} (${error.message})`;
	}

	/** Nodes that ran in this execution itself (a retry's data also holds the runs it took over), and how often. */
	function nodesRunIn(execution: N8nExecution): Record<string, number> {
		const since = Date.parse(String(execution.startedAt));
		const counts: Record<string, number> = {};
		for (const [node, runs] of Object.entries(execution.data?.resultData.runData ?? {})) {
			const own = runs.filter((run) => Number((run as { startTime?: number }).startTime) >= since).length;
			if (own) counts[node] = own;
		}
		return counts;
	}

	function tally(deliveryIds: readonly string[]): Tally {
		return {
			lost: deliveryIds.filter((id) => effectsOf(id) === 0),
			duplicated: deliveryIds.filter((id) => effectsOf(id) > 1),
		};
	}

	/** A job.completed body for one of the fake's jobs; every call a different body (a new delivery). */
	function deliveryBody(): string {
		const jobs = hcp.store.list('job');
		const job = jobs[jobCounter++ % jobs.length];
		return JSON.stringify({
			event: 'job.completed',
			event_occurred_at: new Date().toISOString(),
			company_id: hcp.company.id,
			job: { id: hcp.store.idOf('job', job), work_status: 'complete unrated', description: `queue-mode delivery ${jobCounter}` },
		});
	}

	/** Posts a signed delivery to the proxy or straight to one webhook process; returns the status. */
	async function deliver(webhook: string, body: string, to: 'proxy' | number = 'proxy'): Promise<number> {
		const base = to === 'proxy' ? cluster.webhookUrl : `http://127.0.0.1:${cluster.webhooks[to].port}`;
		const timestamp = String(Math.floor(Date.now() / 1000));
		const response = await fetch(`${base}/webhook/${webhook}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'api-timestamp': timestamp, 'api-signature': signWebhook(SECRET, timestamp, body) },
			body,
		});
		await response.text();
		return response.status;
	}

	/** Housecall Pro > Job > Add Note with the fake's credential: the countable effect of a delivery. */
	function addJobNoteNode(name: string, x: number, jobId: string, content: string): WorkflowNode {
		return {
			id: crypto.randomUUID(),
			name,
			type: NODE_TYPES.action,
			typeVersion: 1,
			position: [x, 0],
			parameters: { resource: 'job', operation: 'addNote', jobId: { __rl: true, mode: 'id', value: jobId }, content },
			credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		};
	}

	/** A Wait of `seconds`, so a process can be killed in the middle of the execution. */
	function slowStepNode(seconds: number, x: number): WorkflowNode {
		return {
			id: crypto.randomUUID(),
			name: 'Slow Step',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [x, 0],
			parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
		};
	}

	/** Execution ids each worker has logged as started so far. */
	const startedSoFar = () => new Map(cluster.workers.map((worker) => [worker.name, new Set(worker.startedExecutions())]));

	/** Worker and execution id of the first execution a worker starts after `seen` was taken. */
	async function nextStarted(seen: Map<string, Set<string>>, timeoutMs = 30_000): Promise<{ worker: QueueCluster['workers'][number]; executionId: string }> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			for (const worker of cluster.workers) {
				const fresh = worker.startedExecutions().find((id) => !seen.get(worker.name)!.has(id));
				if (fresh) return { worker, executionId: fresh };
			}
			if (Date.now() > deadline) throw new Error(`no worker started an execution within ${timeoutMs / 1000} s`);
			await sleep(100);
		}
	}

	/**
	 * Example 08 or 10 with an effect after Handle Delivery (where the sticky note says your nodes
	 * go; in example 10 before its Mark Done): the action node adds `delivery <delivery_id>` as a note
	 * to the delivery's job. `waitSeconds` puts a Wait before it, so a worker can be killed in the
	 * middle. Example 10 runs with the file's short lease.
	 */
	function exactlyOnceWorkflow(prefix: '08-' | '10-', name: string, waitSeconds = 0, after?: WorkflowNode): ExampleJson {
		const workflow = prepareWorkflow(readExample(prefix).workflow, credential, { uniqueWebhooks: true, name });
		for (const node of workflow.nodes) {
			if (node.credentials?.postgres) node.credentials.postgres = { id: postgresCredential.id, name: postgresCredential.name };
			if (node.name === 'Claim Delivery') node.parameters.query = withTestLease(String(node.parameters.query));
		}
		const rest = workflow.connections['Handle Delivery'];
		const chain: WorkflowNode[] = [];
		if (waitSeconds > 0) chain.push(slowStepNode(waitSeconds, 1200));
		chain.push(addJobNoteNode(EFFECT, 1440, '={{ $json.record.id }}', "={{ 'delivery ' + $json.delivery_id }}"));
		if (after) chain.push(after);
		let last = 'Handle Delivery';
		for (const node of chain) {
			workflow.nodes.push(node);
			workflow.connections[last] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
			last = node.name;
		}
		if (rest) workflow.connections[last] = rest;
		return workflow;
	}

	async function activateExactlyOnce(prefix: '08-' | '10-', name: string, waitSeconds = 0, after?: WorkflowNode): Promise<{ id: string; webhook: string }> {
		const workflow = exactlyOnceWorkflow(prefix, name, waitSeconds, after);
		const { id } = await cluster.api.importWorkflow(workflow);
		await cluster.api.activate(id);
		return { id, webhook: webhookPath(nodeOfType(workflow, NODE_TYPES.webhookTrigger)) };
	}

	/** Waits until the workflow has `count` executions, none unfinished; returns them oldest first. */
	async function settled(workflowId: string, count: number, timeoutMs = 120_000): Promise<N8nExecution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await listAllExecutions(cluster.api, workflowId);
			if (executions.length >= count && executions.every((execution) => !UNFINISHED.includes(execution.status))) return executions;
			if (Date.now() > deadline) {
				throw new Error(`workflow ${workflowId}: ${executions.length} execution(s) (${executions.map((execution) => execution.status).join(', ')}), wanted ${count} settled`);
			}
			await sleep(250);
		}
	}

	/** Every execution was run by one of the workers (their logs name it), none by the main or a webhook process. */
	function expectRunByWorkers(executions: readonly N8nExecution[]): Record<string, number> {
		const byWorker: Record<string, number> = {};
		for (const execution of executions) {
			const worker = cluster.workerOf(execution.id) ?? 'no worker';
			byWorker[worker] = (byWorker[worker] ?? 0) + 1;
		}
		expect(byWorker['no worker']).toBeUndefined();
		for (const other of [cluster.main, ...cluster.webhooks]) expect(other.logs()).not.toMatch(/Worker started execution/);
		return byWorker;
	}

	/** Deliveries the fake made since `mark`, attempts grouped per delivery. */
	function fakeDeliveriesSince(mark: number): DeliveryLogEntry[][] {
		const byDelivery = new Map<number, DeliveryLogEntry[]>();
		for (const entry of hcp.webhooks.deliveries.slice(mark)) {
			if (entry.kind !== 'event') continue;
			byDelivery.set(entry.deliveryId, [...(byDelivery.get(entry.deliveryId) ?? []), entry]);
		}
		return [...byDelivery.values()];
	}

	function completeJobs(count: number): string[] {
		const jobs = hcp.store.list('job').filter((job) => ['scheduled', 'in progress', 'needs scheduling', 'unscheduled'].includes(String(job.work_status)));
		if (jobs.length < count) throw new Error(`the fake has ${jobs.length} open jobs, ${count} needed`);
		return jobs.slice(0, count).map((job) => {
			const id = hcp.store.idOf('job', job);
			hcp.store.update('job', id, { work_status: 'complete unrated' }, { event: 'job.completed' });
			return id;
		});
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-queue-mode-'));
		const tarball = packRepoPackage(workDir);
		hcp = await startFakeHcp({ seed: 11, webhookTiming: { delayMs: 30, retries: 8, backoffMs: 500, timeoutMs: 2_000 } });
		cluster = await startQueueCluster({ packageTarball: tarball, folder: path.join(workDir, 'cluster'), env: FAST_STALL_DETECTION });
		log(`cluster up: ${Object.entries(cluster.timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
		credential = await cluster.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (fake)', { apiKey: hcp.apiKey, baseUrl: hcp.url, webhookSecret: SECRET });
		// In n8n's own database, so the note's query of failed claims runs as written.
		cluster.postgres.query(noteSql('CREATE TABLE'));
		postgresCredential = await cluster.api.createCredential('postgres', 'Postgres (claims)', {
			host: cluster.postgres.host,
			port: cluster.postgres.port,
			database: cluster.postgres.database,
			user: cluster.postgres.user,
			password: '',
			ssl: 'disable',
		});
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await hcp?.close();
		await cluster?.stop();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
		log(`suite took ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`);
	}, 120_000);

	test('every process runs with the package: the main lists its nodes, both webhook processes and both workers are up', async () => {
		const { nodes, credentials } = await cluster.api.loadedNodeTypes();
		expect(nodes).toEqual(expect.arrayContaining([NODE_TYPES.action, NODE_TYPES.pollingTrigger, NODE_TYPES.webhookTrigger]));
		expect(credentials).toContain(CREDENTIAL_TYPE);
		for (const proc of cluster.all()) {
			expect({ name: proc.name, running: proc.running() }).toEqual({ name: proc.name, running: true });
			expect(fs.existsSync(path.join(proc.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'))).toBe(true);
		}
		// Production webhooks are off on the main: only the webhook processes serve them.
		expect((await fetch(`${cluster.url}/webhook/anything/webhook`, { method: 'POST' })).status).not.toBe(200);
	});

	test('example 06 (webhook trigger -> Create Lead, the action node): deliveries through the proxy reach both webhook processes, workers run them, one lead per job', async () => {
		const workflow = prepareWorkflow(readExample('06-').workflow, credential, { uniqueWebhooks: true });
		const { id } = await cluster.api.importWorkflow(workflow);
		await cluster.api.activate(id);
		try {
			const url = `${cluster.webhookUrl}/webhook/${webhookPath(nodeOfType(workflow, NODE_TYPES.webhookTrigger))}`;
			expect(await hcp.webhooks.configure({ url, secret: SECRET, events: ['job.completed'] })).toBe(200);
			const proxied = cluster.proxy.requests.length;
			const leadsBefore = hcp.store.count('lead');
			const jobIds = completeJobs(4);
			await hcp.webhooks.flush();
			const executions = await settled(id, 4);
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success', 'success', 'success']);
			const byWorker = expectRunByWorkers(executions);
			const backends = new Set(cluster.proxy.requests.slice(proxied).map((request) => request.backend));
			expect([...backends].sort()).toEqual([0, 1]);
			// One maintenance lead per completed job, made by the action node.
			expect(hcp.store.count('lead')).toBe(leadsBefore + 4);
			const leads = await readExecutions(cluster.api, executions, (execution) => nodeItems(execution, 'Create Maintenance Lead').map((item) => String(item.customer_id ?? (item.customer as { id?: string })?.id)));
			expect(leads.flat()).toHaveLength(4);
			log(`example 06: 4 deliveries over webhook processes ${[...backends].join(', ')}, executions by ${JSON.stringify(byWorker)}, jobs ${jobIds.length}`);
		} finally {
			await cluster.api.deactivate(id).catch(() => undefined);
			await hcp.webhooks.configure(undefined).catch(() => undefined);
		}
	}, 180_000);

	test('polling trigger, incremental (new customers) and full scan (new leads), and example 05 (job completed -> Add Note), with the main restarted between polls: each change once; webhooks run while the main is down', async () => {
		// One fixed second per minute (n8n refuses schedules more often than once a minute).
		const second = (new Date().getUTCSeconds() + 12) % 60;
		const pollTimes = { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] };
		const pollers = (['customer', 'lead'] as const).map((object) => {
			const workflow = prepareWorkflow(readExample('05-').workflow, credential, { name: `e2e queue: new ${object} (polling)` });
			const trigger = nodeOfType(workflow, NODE_TYPES.pollingTrigger);
			trigger.name = `New ${object}`;
			trigger.parameters = { pollTimes, object, event: 'new' };
			workflow.nodes = [trigger];
			workflow.connections = {};
			return { object, workflow, trigger: trigger.name, id: '' };
		});
		// Example 05 as shipped (the action node adds a follow-up note to each completed job), on the same schedule.
		const followUpWorkflow = prepareWorkflow(readExample('05-').workflow, credential, { name: 'e2e queue: example 05' });
		nodeOfType(followUpWorkflow, NODE_TYPES.pollingTrigger).parameters.pollTimes = pollTimes;
		const followUp = (await cluster.api.importWorkflow(followUpWorkflow)).id;
		const webhookFlow = await activateExactlyOnce('10-', 'e2e queue: webhooks while the main is down');
		for (const poller of pollers) {
			poller.id = (await cluster.api.importWorkflow(poller.workflow)).id;
			await cluster.api.activate(poller.id);
		}
		await cluster.api.activate(followUp);
		const created: Record<'customer' | 'lead' | 'job', string[]> = { customer: [], lead: [], job: [] };
		const followUpNotes = (jobId: string) =>
			hcp.store.list('jobNote').filter((note) => note.job_id === jobId && String(note.content).startsWith('Follow-up: call ')).length;
		const create = (tag: string) => {
			created.job.push(...completeJobs(1));
			const customer = hcp.store.insert('customer', { first_name: 'Queue', last_name: tag, email: `${tag.toLowerCase()}@queue.invalid` });
			created.customer.push(String(customer.id));
			const lead = hcp.store.insert('lead', { customer_id: customer.id, number: hcp.store.count('lead') + 500 });
			created.lead.push(String(lead.id));
		};
		const emitted = async (poller: (typeof pollers)[number]) => {
			const executions = await listAllExecutions(cluster.api, poller.id);
			const items = await readExecutions(cluster.api, executions, (execution) => nodeItems(execution, poller.trigger).map((item) => String(item.id)));
			return { executions, ids: items.flat() };
		};
		try {
			create('Before');
			for (const poller of pollers) await settled(poller.id, 1, 130_000);
			await settled(followUp, 1, 130_000);

			await cluster.main.stop();
			create('WhileMainDown');
			// The main is down: webhook processes and workers still take deliveries.
			const body = deliveryBody();
			expect(await deliver(webhookFlow.webhook, body)).toBe(200);
			const [duringOutage] = await (async () => {
				const deadline = Date.now() + 60_000;
				while (effectsOf(sha256(body)) === 0 && Date.now() < deadline) await sleep(250);
				return [effectsOf(sha256(body))];
			})();
			expect(duringOutage).toBe(1);
			const restartStarted = Date.now();
			await cluster.main.start();
			await cluster.api.login();
			log(`main restarted in ${((Date.now() - restartStarted) / 1000).toFixed(1)} s; a webhook delivery ran while it was down`);

			for (const poller of pollers) await settled(poller.id, 2, 130_000);
			const followUps = await settled(followUp, 2, 130_000);
			await sleep(1_000);
			expectRunByWorkers(followUps);
			expect(followUps.map((execution) => execution.status)).toEqual(['success', 'success']);
			const notesPerJob = created.job.map(followUpNotes);
			log(`example 05: ${followUps.length} executions, follow-up notes per completed job ${JSON.stringify(notesPerJob)}`);
			expect(notesPerJob).toEqual([1, 1]);
			for (const poller of pollers) {
				const { executions, ids } = await emitted(poller);
				expectRunByWorkers(executions);
				expect(executions.map((execution) => execution.status)).toEqual(executions.map(() => 'success'));
				const counts = created[poller.object].map((recordId) => ids.filter((id) => id === recordId).length);
				log(`polling ${poller.object}: ${executions.length} executions, items ${JSON.stringify(ids)}, per created record ${JSON.stringify(counts)}`);
				expect({ object: poller.object, counts, extra: ids.filter((id) => !created[poller.object].includes(id)) }).toEqual({
					object: poller.object,
					counts: [1, 1],
					extra: [],
				});
			}
		} finally {
			for (const poller of pollers) await cluster.api.deactivate(poller.id).catch(() => undefined);
			await cluster.api.deactivate(followUp).catch(() => undefined);
			await cluster.api.deactivate(webhookFlow.id).catch(() => undefined);
		}
	}, 420_000);

	describe('exactly once across processes with example 10 (delivery claimed in Postgres)', () => {
		let flow: { id: string; webhook: string };
		beforeAll(async () => {
			flow = await activateExactlyOnce('10-', 'e2e queue: example 10 + effect');
		}, 60_000);

		test('16 different deliveries at once through the proxy: both webhook processes, both workers, each effect once', async () => {
			const before = (await listAllExecutions(cluster.api, flow.id)).length;
			const proxied = cluster.proxy.requests.length;
			const bodies = Array.from({ length: 16 }, () => deliveryBody());
			const statuses = await Promise.all(bodies.map((body) => deliver(flow.webhook, body)));
			expect(statuses).toEqual(bodies.map(() => 200));
			const executions = (await settled(flow.id, before + 16)).slice(before);
			const byWorker = expectRunByWorkers(executions);
			expect(Object.keys(byWorker).sort()).toEqual(['worker-1', 'worker-2']);
			expect(new Set(cluster.proxy.requests.slice(proxied).map((request) => request.backend)).size).toBe(2);
			const result = tally(bodies.map(sha256));
			log(`16 spread deliveries: executions by ${JSON.stringify(byWorker)}; lost ${result.lost.length}, duplicated ${result.duplicated.length}`);
			expect(result).toEqual({ lost: [], duplicated: [] });
		}, 180_000);

		test('the same delivery sent to both webhook processes at the same moment, 8 times: each effect once', async () => {
			const before = (await listAllExecutions(cluster.api, flow.id)).length;
			const bodies = Array.from({ length: 8 }, () => deliveryBody());
			const pairs: number[][] = [];
			let resent = 0;
			for (const body of bodies) {
				const statuses = await Promise.all([deliver(flow.webhook, body, 0), deliver(flow.webhook, body, 1)]);
				pairs.push(statuses);
				// A copy that met the other one still running is answered 500; Housecall Pro sends it again.
				for (const status of statuses.filter((status) => status !== 200)) {
					expect(status).toBe(500);
					await sleep(500);
					expect(await deliver(flow.webhook, body)).toBe(200);
					resent++;
				}
			}
			// With Respond = When the Workflow Finishes the trigger does not filter repeats: every copy runs.
			const executions = (await settled(flow.id, before + 16 + resent)).slice(before);
			expect(executions).toHaveLength(16 + resent);
			const result = tally(bodies.map(sha256));
			const busy = pairs.filter((statuses) => statuses.includes(500)).length;
			log(`8 deliveries x 2 processes at once (claim): ${busy} pairs had a copy answered 500 while the other ran, resent; lost ${result.lost.length}, duplicated ${result.duplicated.length}`);
			expect(pairs.every((statuses) => statuses.includes(200))).toBe(true);
			expect(result).toEqual({ lost: [], duplicated: [] });
		}, 180_000);

		test('the same delivery to one webhook process and then the other: the second is dropped', async () => {
			const body = deliveryBody();
			const before = (await listAllExecutions(cluster.api, flow.id)).length;
			expect(await deliver(flow.webhook, body, 0)).toBe(200);
			await settled(flow.id, before + 1);
			expect(await deliver(flow.webhook, body, 1)).toBe(200);
			const executions = (await settled(flow.id, before + 2)).slice(before);
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
			expect(effectsOf(sha256(body))).toBe(1);
		}, 120_000);

		test("Housecall Pro's retries: a webhook process down behind the proxy (502) and an answer lost in transit (timeout): each delivery's effect once", async () => {
			const url = `${cluster.webhookUrl}/webhook/${flow.webhook}`;
			expect(await hcp.webhooks.configure({ url, secret: SECRET, events: ['job.completed'] })).toBe(200);
			try {
				await cluster.webhooks[1].stop();
				let mark = hcp.webhooks.deliveries.length;
				completeJobs(4);
				await hcp.webhooks.flush();
				const downRetries = fakeDeliveriesSince(mark);
				await cluster.webhooks[1].start();
				expect(downRetries).toHaveLength(4);
				expect(downRetries.map((tries) => tries[tries.length - 1].status)).toEqual([200, 200, 200, 200]);
				const retried = downRetries.filter((tries) => tries.some((attempt) => attempt.status === 502)).length;
				expect(retried).toBeGreaterThan(0);

				// The proxy passes the next delivery on but holds its answer past the sender's 2 s timeout.
				mark = hcp.webhooks.deliveries.length;
				cluster.proxy.holdAnswers(1, 3_000);
				completeJobs(1);
				await hcp.webhooks.flush();
				const [lostAnswer] = fakeDeliveriesSince(mark);
				expect(lostAnswer.length).toBeGreaterThan(1);
				expect(lostAnswer[0].status).toBe(0);

				const all = [...downRetries, lostAnswer];
				const ids = all.map((tries) => sha256(tries[0].body));
				const deadline = Date.now() + 60_000;
				while (tally(ids).lost.length && Date.now() < deadline) await sleep(250);
				await sleep(1_500);
				const result = tally(ids);
				log(
					`retries: ${retried} of 4 deliveries met the stopped webhook process (502) and were retried, ${all.reduce((sum, tries) => sum + tries.length, 0)} attempts; ` +
						`1 answer held past the timeout (${lostAnswer.length} attempts); lost ${result.lost.length}, duplicated ${result.duplicated.length}`,
				);
				expect(result).toEqual({ lost: [], duplicated: [] });
			} finally {
				await hcp.webhooks.configure(undefined).catch(() => undefined);
				if (!cluster.webhooks[1].running()) await cluster.webhooks[1].start();
			}
		}, 240_000);
	});

	describe('a worker stopped in the middle of an execution (Wait of 8 s before the effect)', () => {
		let flow: { id: string; webhook: string };
		beforeAll(async () => {
			flow = await activateExactlyOnce('10-', 'e2e queue: example 10 + slow effect', 8);
		}, 60_000);

		test('SIGTERM (a deploy): the worker finishes the execution before it exits, Housecall Pro gets its 200 then, the effect happens once', async () => {
			const body = deliveryBody();
			const seen = startedSoFar();
			// Answered when the run has finished, so not awaited here.
			const answered = deliver(flow.webhook, body);
			const { worker, executionId } = await nextStarted(seen);
			await sleep(1_000);
			await worker.stop();
			const execution = await cluster.api.waitForExecution(executionId, 60_000);
			const status = await answered;
			await worker.start();
			log(`graceful stop of ${worker.name} mid-execution: execution ${execution.status}, answer ${status}, effects ${effectsOf(sha256(body))}`);
			expect(execution.status).toBe('success');
			expect(status).toBe(200);
			expect(effectsOf(sha256(body))).toBe(1);
		}, 120_000);

		test('a webhook process killed while it waits for the run: the worker finishes it, the resends get 500 then 200, the effect once', async () => {
			const body = deliveryBody();
			const deliveryId = sha256(body);
			const seen = startedSoFar();
			const first = deliver(flow.webhook, body, 0).then(
				(status) => `answered ${status}`,
				(error: Error) => `failed (${(error.cause as { code?: string } | undefined)?.code ?? error.message})`,
			);
			const { executionId } = await nextStarted(seen);
			await sleep(1_000);
			await cluster.webhooks[0].kill();
			try {
				const firstOutcome = await first;
				// Housecall Pro resends after a failed attempt; through the proxy, so half meet the dead process (502).
				const statuses: number[] = [];
				const deadline = Date.now() + 60_000;
				while (statuses[statuses.length - 1] !== 200 && Date.now() < deadline) {
					await sleep(1_000);
					statuses.push(await deliver(flow.webhook, body));
				}
				const execution = await cluster.api.waitForExecution(executionId, 60_000);
				log(`webhook-1 killed while waiting: first attempt ${firstOutcome}; its execution ${outcome(execution)}; resends ${statuses.join(', ')}; effects ${effectsOf(deliveryId)}`);
				expect(firstOutcome).toMatch(/^failed/);
				expect(execution.status).toBe('success');
				expect(statuses[statuses.length - 1]).toBe(200);
				expect(statuses.every((status) => [200, 500, 502].includes(status))).toBe(true);
				expect(effectsOf(deliveryId)).toBe(1);
			} finally {
				await cluster.webhooks[0].start();
			}
		}, 180_000);

		test("SIGKILL (a crash) while Housecall Pro's sender retries: the crashed run's claim is taken over after the lease, the effect happens once, the last attempt gets 200", async () => {
			const url = `${cluster.webhookUrl}/webhook/${flow.webhook}`;
			expect(await hcp.webhooks.configure({ url, secret: SECRET, events: ['job.completed'] })).toBe(200);
			let killed: QueueCluster['workers'][number] | undefined;
			try {
				const mark = hcp.webhooks.deliveries.length;
				const seen = startedSoFar();
				completeJobs(1);
				const { worker, executionId } = await nextStarted(seen);
				// Killed after the claim, in the Wait before the effect.
				const claimedBy = () => cluster.postgres.query(`SELECT delivery_id FROM hcp_webhook_deliveries WHERE execution_id = '${executionId}'`);
				const claimDeadline = Date.now() + 10_000;
				while (!claimedBy() && Date.now() < claimDeadline) await sleep(100);
				const deliveryId = claimedBy();
				expect(deliveryId).toMatch(/^[0-9a-f]{64}$/);
				await sleep(1_000);
				const killedAt = Date.now();
				await worker.kill();
				killed = worker;
				await hcp.webhooks.flush();
				const recoveredS = (Date.now() - killedAt) / 1000;
				const [attempts] = fakeDeliveriesSince(mark);
				expect(sha256(attempts[0].body)).toBe(deliveryId);
				const crashed = await cluster.api.waitForExecution(executionId, 90_000);
				const executions = await settled(flow.id, 1, 90_000);
				const byStatus = executions.reduce<Record<string, number>>((counts, execution) => ({ ...counts, [execution.status]: (counts[execution.status] ?? 0) + 1 }), {});
				const takenOverBy = claimantOf(deliveryId);
				const neverDone = cluster.postgres.query(`SELECT count(*) FROM (${noteSql('SELECT')}) AS never_done WHERE delivery_id = '${deliveryId}'`);
				log(
					`SIGKILL of ${worker.name} mid-execution: execution ${outcome(crashed)}; the sender made ${attempts.length} attempts (${attempts.map((attempt) => attempt.status).join(', ')}), ` +
						`done ${recoveredS.toFixed(1)} s after the kill; executions ${JSON.stringify(byStatus)}; claim now held by ${takenOverBy}; effects ${effectsOf(deliveryId)}`,
				);
				expect(crashed.status).toBe('error');
				expect(crashed.data?.resultData.error?.message).toMatch(/failed to be processed too many times/);
				expect(attempts[attempts.length - 1].status).toBe(200);
				expect(takenOverBy).not.toBe(executionId);
				expect(effectsOf(deliveryId)).toBe(1);
				expect(neverDone).toBe('0');
				// A later replay of the same delivery is answered 200 and does nothing.
				expect(await deliver(flow.webhook, attempts[0].body)).toBe(200);
				expect(effectsOf(deliveryId)).toBe(1);
			} finally {
				await hcp.webhooks.configure(undefined).catch(() => undefined);
				if (killed && !killed.running()) await killed.start();
			}
		}, 300_000);
	});

	test("a claimant that failed after the effect (a later node errored): answered 500; the owner's Retry resumes at the failed node (effect once), while Housecall Pro's resend after the lease runs it all again (effect twice, measured)", async () => {
		// A note on another job, whose notes answer 404 until the retry: a passing outage at the later step.
		const followUpJob = hcp.store.idOf('job', hcp.store.list('job')[0]);
		const followUp = addJobNoteNode(FOLLOW_UP, 1680, followUpJob, "={{ 'follow-up ' + $('Take the Delivery Back').first().json.delivery_id }}");
		const flow = await activateExactlyOnce('10-', 'e2e queue: example 10 + effect + failing follow-up', 0, followUp);
		const followUps = (deliveryId: string) => hcp.store.list('jobNote').filter((note) => note.content === `follow-up ${deliveryId}`).length;
		try {
			let body = deliveryBody();
			if (body.includes(followUpJob)) body = deliveryBody();
			const deliveryId = sha256(body);
			hcp.faults.add({ method: 'POST', path: `/jobs/${followUpJob}/notes`, kind: 'html-404', times: Infinity });
			expect(await deliver(flow.webhook, body)).toBe(500);
			const [failed] = await settled(flow.id, 1);
			const failedRun = await cluster.api.getExecution(failed.id);
			expect({ status: failedRun.status, lastNode: failedRun.data?.resultData.lastNodeExecuted, effects: effectsOf(deliveryId) }).toEqual({
				status: 'error',
				lastNode: FOLLOW_UP,
				effects: 1,
			});
			// Housecall Pro's resend before the lease is over: still claimed, not done, so 500 again and no effect.
			expect(await deliver(flow.webhook, body)).toBe(500);
			expect(effectsOf(deliveryId)).toBe(1);
			hcp.faults.clear();
			const retried = await retry(failed.id, false);
			const afterRetry = { effects: effectsOf(deliveryId), followUps: followUps(deliveryId) };
			// Retrying the same failed execution again resumes at the same node once more.
			const again = await retry(failed.id, false);
			const afterAgain = { effects: effectsOf(deliveryId), followUps: followUps(deliveryId) };
			log(
				`failed after the effect (${outcome(failedRun)}): retry ${outcome(retried)}, ran ${JSON.stringify(nodesRunIn(retried))}, ${JSON.stringify(afterRetry)}; ` +
					`a second retry of the same failed execution ${outcome(again)}, ${JSON.stringify(afterAgain)}; claim held by ${claimantOf(deliveryId)} (first run ${failed.id})`,
			);
			expect(retried.status).toBe('success');
			expect(nodesRunIn(retried)).toEqual({ [FOLLOW_UP]: 1, 'Mark Done': 1 });
			expect(afterRetry).toEqual({ effects: 1, followUps: 1 });
			expect(claimantOf(deliveryId)).toBe(failed.id);
			// The note's query of failed claims no longer lists it.
			expect(cluster.postgres.query(`SELECT count(*) FROM (${noteSql('SELECT')}) AS failed WHERE delivery_id = '${deliveryId}'`)).toBe('0');
			// Measured: the claim guards only what runs from the claim on; nodes after the failure point run once per retry.
			expect(afterAgain).toEqual({ effects: 1, followUps: 2 });
			// Marked done by the retry: a resend is answered 200 and does nothing.
			expect(await deliver(flow.webhook, body)).toBe(200);
			expect(effectsOf(deliveryId)).toBe(1);

			// Without the owner's Retry: Housecall Pro's resend after the lease takes the claim over and runs
			// the delivery from the start, so the effect before the failed node happens twice.
			let other = deliveryBody();
			while (other.includes(followUpJob)) other = deliveryBody();
			const otherId = sha256(other);
			hcp.faults.add({ method: 'POST', path: `/jobs/${followUpJob}/notes`, kind: 'html-404', times: 1 });
			expect(await deliver(flow.webhook, other)).toBe(500);
			await sleep(LEASE_SECONDS * 1000 + 1_000);
			expect(await deliver(flow.webhook, other)).toBe(200);
			log(`failed after the effect, resent after the ${LEASE_SECONDS} s lease without a Retry: effects ${effectsOf(otherId)}, follow-ups ${followUps(otherId)}`);
			expect({ effects: effectsOf(otherId), followUps: followUps(otherId) }).toEqual({ effects: 2, followUps: 1 });
		} finally {
			hcp.faults.clear();
			await cluster.api.deactivate(flow.id).catch(() => undefined);
		}
	}, 180_000);

	describe('example 08 (Remove Duplicates) in queue mode, measured', () => {
		test('the same delivery to both webhook processes at once: Remove Duplicates reads then writes its history, so both copies can pass', async () => {
			const flow = await activateExactlyOnce('08-', 'e2e queue: example 08 + effect');
			try {
				const bodies = Array.from({ length: 8 }, () => deliveryBody());
				for (const body of bodies) expect(await Promise.all([deliver(flow.webhook, body, 0), deliver(flow.webhook, body, 1)])).toEqual([200, 200]);
				const executions = await settled(flow.id, 16);
				const statuses = executions.map((execution) => execution.status);
				const result = tally(bodies.map(sha256));
				log(`example 08, 8 deliveries x 2 processes at once: statuses ${JSON.stringify(statuses)}; lost ${result.lost.length}, duplicated ${result.duplicated.length}`);
				// Measured, not promised: in each of 3 runs 1 of 8 pairs ran the effect twice (the claim of
				// example 10 had 0 of 8 in the same test). Nothing is lost, and no copy runs it more than once.
				expect(result.lost).toEqual([]);
				expect(bodies.map((body) => effectsOf(sha256(body))).every((count) => count === 1 || count === 2)).toBe(true);
				// Sequential repeats are still dropped (the history is read after the first one wrote it).
				const body = deliveryBody();
				expect(await deliver(flow.webhook, body, 0)).toBe(200);
				await settled(flow.id, 17);
				expect(await deliver(flow.webhook, body, 1)).toBe(200);
				await settled(flow.id, 18);
				expect(effectsOf(sha256(body))).toBe(1);
			} finally {
				await cluster.api.deactivate(flow.id).catch(() => undefined);
			}
		}, 240_000);
	});

	test('a polling execution whose worker is killed (SIGKILL) in the middle: the next poll emits only what is newer (the change of the killed run is lost, measured)', async () => {
		const second = (new Date().getUTCSeconds() + 8) % 60;
		const workflow = prepareWorkflow(readExample('05-').workflow, credential, { name: 'e2e queue: polling, worker killed' });
		const trigger = nodeOfType(workflow, NODE_TYPES.pollingTrigger);
		trigger.name = 'New customer';
		trigger.parameters = { pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] }, object: 'customer', event: 'new' };
		const wait = slowStepNode(20, 240);
		workflow.nodes = [trigger, wait];
		workflow.connections = { [trigger.name]: { main: [[{ node: wait.name, type: 'main', index: 0 }]] } };
		const { id } = await cluster.api.importWorkflow(workflow);
		await cluster.api.activate(id);
		let killed: QueueCluster['workers'][number] | undefined;
		try {
			// The first poll only takes its cursor; the customer made after it is what the second poll emits.
			await sleep(((second - new Date().getUTCSeconds() + 60) % 60) * 1000 + 3_000);
			const customer = hcp.store.insert('customer', { first_name: 'Polled', last_name: 'Crash', email: 'polled.crash@queue.invalid' });
			// The poll that emits it comes within a minute.
			const started = await nextStarted(startedSoFar(), 75_000);
			await sleep(2_000);
			await started.worker.kill();
			killed = started.worker;
			const crashed = await cluster.api.waitForExecution(started.executionId, 90_000);
			await started.worker.start();
			killed = undefined;
			// A second customer shows that the next poll ran, and what it emitted.
			const next = hcp.store.insert('customer', { first_name: 'Polled', last_name: 'After', email: 'polled.after@queue.invalid' });
			const later = (await settled(id, 2, 90_000)).filter((execution) => Number(execution.id) > Number(started.executionId));
			const emittedLater = (await readExecutions(cluster.api, later, (execution) => nodeItems(execution, trigger.name).map((item) => String(item.id)))).flat();
			log(
				`polling execution ${started.executionId} killed on ${started.worker.name}: ${outcome(crashed)}; the next poll's ${later.length} execution(s) (${later.map((execution) => execution.status).join(', ')}) emitted ${JSON.stringify(emittedLater)}; ` +
					`the customer of the killed run emitted again ${emittedLater.filter((emittedId) => emittedId === String(customer.id)).length} time(s)`,
			);
			expect(crashed.status).toBe('error');
			// Measured with n8n 2.40.7: the main saved the trigger's cursor when the poll emitted, before a
			// worker ran the execution, so a run lost with its worker is not emitted again: 1 lost.
			expect(emittedLater).toEqual([String(next.id)]);
		} finally {
			await cluster.api.deactivate(id).catch(() => undefined);
			if (killed && !killed.running()) await killed.start();
		}
	}, 360_000);

	test('no n8n process attempted a connection beyond 127.0.0.1', () => {
		for (const proc of cluster.all()) expect({ name: proc.name, attempts: proc.outboundAttempts() }).toEqual({ name: proc.name, attempts: [] });
	});
});
