// The webhook trigger in a real n8n 2.40.7, through restarts: what Housecall Pro sends while n8n is
// down arrives as retries after it is back, and example 08 (trigger -> Remove Duplicates on
// delivery_id) runs each delivery's downstream node exactly once, also when one is replayed after a
// restart made the trigger's memory forget it.
//
// The fake retries both ways Housecall Pro might (unknown live): with the first attempt's
// Api-Timestamp and signature ('original') or signed afresh ('fresh'). An outage longer than the
// old 5-minute window is played without waiting: while n8n is down the fake signs as if it were 10
// minutes earlier (signingClockOffsetMs), so in 'original' mode every retry accepted after the
// restart carries a timestamp 10 minutes old. The restart itself takes as long as n8n needs.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { listAllExecutions, nodeItems, packFreshBuild, readExecutions } from '../bench/real-n8n-lib';
import { signWebhook, startFakeHcp, type DeliveryLogEntry, type FakeHcp } from '../fake-hcp';
import { CREDENTIAL_TYPE, NODE_TYPES, nodeOfType, prepareWorkflow, readExample, webhookPath, type ExampleJson } from './example-workflows';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const SECRET = `whsec-e2e-restart-${Date.now()}`;
const HANDLER = 'Handle Delivery';
const CLEAR = 'History Full: Clear It';
const OUTAGE_OFFSET_MS = -10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const log = (line: string) => process.stderr.write(`[n8n-e2e webhook-restart] ${line}\n`);

interface Run {
	id: string;
	status: string;
	handled: string[];
	cleared: boolean;
}

describeWithN8n(`Webhook trigger across n8n restarts, in a real n8n ${N8N_VERSION}`, () => {
	let n8n: N8nInstance;
	let hcp: FakeHcp;
	let workDir = '';
	let workflowId = '';
	let url = '';
	let credential: { id: string; name: string; type: string };

	/** Every execution of `id`, with the delivery ids its handler node received. */
	async function runs(id: string): Promise<Run[]> {
		return await readExecutions(n8n.api, await listAllExecutions(n8n.api, id), (execution) => ({
			id: execution.id,
			status: execution.status,
			handled: nodeItems(execution, HANDLER).map((item) => String(item.delivery_id)),
			cleared: Boolean(execution.data?.resultData.runData[CLEAR]),
		}));
	}

	/** Waits until the workflow has `count` executions, all finished. */
	async function settle(id: string, count: number, timeoutMs = 120_000): Promise<Run[]> {
		await n8n.api.waitForExecutions(id, count, timeoutMs);
		return await runs(id);
	}

	/** Attempts per delivery of the fake, in the order the deliveries were made. */
	function deliveriesSince(firstLogIndex: number): Map<number, DeliveryLogEntry[]> {
		const byDelivery = new Map<number, DeliveryLogEntry[]>();
		for (const entry of hcp.webhooks.deliveries.slice(firstLogIndex)) {
			if (entry.kind !== 'event') continue;
			byDelivery.set(entry.deliveryId, [...(byDelivery.get(entry.deliveryId) ?? []), entry]);
		}
		return byDelivery;
	}

	function completeAJob(): string {
		const job = hcp.store.list('job').find((record) => ['scheduled', 'in progress'].includes(String(record.work_status)));
		if (!job) throw new Error('the fake has no scheduled job left to complete');
		const id = hcp.store.idOf('job', job);
		hcp.store.update('job', id, { work_status: 'complete unrated' }, { event: 'job.completed' });
		return id;
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-webhook-restart-'));
		// Built from the sources as they are now, whatever state dist/ is in.
		const tarball = packFreshBuild(workDir);
		hcp = await startFakeHcp({ seed: 5, webhookTiming: { delayMs: 50, retries: 9, backoffMs: 1000, timeoutMs: 10_000 } });
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		log(`n8n ready in ${(n8n.startupMs / 1000).toFixed(1)} s`);
		credential = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (fake)', { apiKey: hcp.apiKey, baseUrl: hcp.url, webhookSecret: SECRET });
		const workflow = prepareWorkflow(readExample('08-').workflow, credential, { uniqueWebhooks: true });
		workflowId = (await n8n.api.importWorkflow(workflow)).id;
		await n8n.api.activate(workflowId);
		url = `${n8n.url}/webhook/${webhookPath(nodeOfType(workflow, NODE_TYPES.webhookTrigger))}`;
		const events08 = nodeOfType(workflow, NODE_TYPES.webhookTrigger).parameters.events as string[];
		expect(await hcp.webhooks.configure({ url, secret: SECRET, events: events08 })).toBe(200);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await hcp?.close();
		await n8n?.stop();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	let beforeAnyRestart: DeliveryLogEntry | undefined;

	test('before any restart: a job completed runs the handler once, with delivery_id = sha256 of the body', async () => {
		const mark = hcp.webhooks.deliveries.length;
		completeAJob();
		await hcp.webhooks.flush();
		const [delivered] = [...deliveriesSince(mark).values()].map((tries) => tries[tries.length - 1]);
		expect(delivered.status).toBe(200);
		const [run] = await settle(workflowId, 1);
		expect(run.status).toBe('success');
		expect(run.handled).toEqual([sha256(delivered.body)]);
		beforeAnyRestart = delivered;
	}, 120_000);

	describe.each(['original', 'fresh'] as const)("the fake retrying with retrySigning '%s'", (retrySigning) => {
		test('everything sent while n8n was down runs once after it is back, two changes of one job in one second included', async () => {
			const executionsBefore = (await runs(workflowId)).length;
			hcp.webhooks.setTiming({ retrySigning, signingClockOffsetMs: OUTAGE_OFFSET_MS });
			const mark = hcp.webhooks.deliveries.length;

			const stoppedAt = Date.now();
			await n8n.stop();
			// While n8n is down: a note, then a line item on one job in the same clock second (two
			// deliveries sharing event, job id and event_occurred_at), and a job completed.
			const second = new Date(Math.floor(Date.now() / 1000) * 1000);
			hcp.setNow(() => second);
			const job = hcp.store.list('job').find((record) => String(record.work_status) === 'scheduled');
			if (!job) throw new Error('the fake has no scheduled job left');
			const jobId = hcp.store.idOf('job', job);
			hcp.store.update('job', jobId, { description: `${retrySigning}: gate code 4411` }, { event: 'job.updated' });
			hcp.store.update('job', jobId, { description: `${retrySigning}: gate code 4411; thermocouple replaced` }, { event: 'job.updated' });
			hcp.setNow(() => new Date());
			completeAJob();
			// Let every first attempt fail against the stopped n8n.
			const deadline = Date.now() + 20_000;
			while (deliveriesSince(mark).size < 3 && Date.now() < deadline) await sleep(100);
			await n8n.restart();
			const downMs = Date.now() - stoppedAt;
			// Back up: from now on the fake's clock is right again ('original' retries keep the old timestamp anyway).
			hcp.webhooks.setTiming({ signingClockOffsetMs: 0 });
			await hcp.webhooks.flush();

			const deliveries = deliveriesSince(mark);
			expect(deliveries.size).toBe(3);
			const summary = [...deliveries.values()].map((tries) => {
				const last = tries[tries.length - 1];
				return { first: tries[0].status, last: last.status, attempts: tries.length, ageAtAcceptS: Math.round(Date.parse(last.at) / 1000 - Number(last.timestamp)), id: sha256(last.body) };
			});
			for (const delivery of summary) {
				expect(delivery.first).toBe(0); // no answer: n8n was down
				expect(delivery.last).toBe(200);
				expect(delivery.attempts).toBeGreaterThan(1);
			}
			if (retrySigning === 'original') {
				for (const tries of deliveries.values()) expect(new Set(tries.map((attempt) => attempt.timestamp)).size).toBe(1);
				// Older than the old 5-minute window when accepted: that window would have lost all three.
				for (const delivery of summary) expect(delivery.ageAtAcceptS).toBeGreaterThan(5 * 60);
			}

			const after = await settle(workflowId, executionsBefore + 3);
			const handled = after.slice(executionsBefore).flatMap((run) => run.handled);
			const expected = summary.map((delivery) => delivery.id);
			const lost = expected.filter((id) => !handled.includes(id));
			const duplicated = expected.filter((id) => handled.filter((other) => other === id).length > 1);
			log(
				`${retrySigning}: n8n down ${(downMs / 1000).toFixed(1)} s (first attempts signed ${-OUTAGE_OFFSET_MS / 60_000} min early); ` +
					`${deliveries.size} deliveries, ${summary.reduce((sum, delivery) => sum + delivery.attempts, 0)} attempts, ` +
					`Api-Timestamp age when accepted ${summary.map((delivery) => `${delivery.ageAtAcceptS} s`).join(', ')}; lost ${lost.length}, duplicated ${duplicated.length}`,
			);
			expect({ lost, duplicated }).toEqual({ lost: [], duplicated: [] });
			expect(after.slice(executionsBefore).map((run) => run.status)).toEqual(['success', 'success', 'success']);
			expect(new Set(handled).size).toBe(3);
		}, 600_000);
	});

	test("a delivery replayed after the restarts (the trigger's memory forgot it) runs the handler once: Remove Duplicates drops it", async () => {
		expect(beforeAnyRestart).toBeDefined();
		const replayed = beforeAnyRestart!;
		const id = sha256(replayed.body);
		const before = await runs(workflowId);
		expect(before.flatMap((run) => run.handled).filter((handled) => handled === id)).toHaveLength(1);

		const send = async () =>
			(
				await n8n.api.callWebhook(url.split('/webhook/')[1], {
					body: replayed.body,
					headers: { 'content-type': 'application/json', 'api-timestamp': replayed.timestamp!, 'api-signature': replayed.signature! },
				})
			).status;
		// Byte for byte what n8n accepted before the first restart, same signature.
		expect(await send()).toBe(200);
		const after = await settle(workflowId, before.length + 1);
		const replayRun = after[after.length - 1];
		expect(replayRun.status).toBe('success');
		expect(replayRun.handled).toEqual([]);
		// Again: now the trigger's memory has it, so no execution starts at all.
		expect(await send()).toBe(200);
		await sleep(2_000);
		const final = await runs(workflowId);
		expect(final).toHaveLength(after.length);
		expect(final.flatMap((run) => run.handled).filter((handled) => handled === id)).toHaveLength(1);
		// Every delivery the fake made so far reached the handler exactly once.
		const everyId = [...deliveriesSince(0).values()].map((tries) => sha256(tries[0].body));
		const counts = everyId.map((deliveryId) => final.flatMap((run) => run.handled).filter((handled) => handled === deliveryId).length);
		expect(counts).toEqual(everyId.map(() => 1));
		log(`replay after restart: trigger started ${after.length - before.length} execution, handler ran 0 more times; all ${everyId.length} deliveries handled once`);
	}, 120_000);

	test("keeps running when Remove Duplicates' history is full (n8n 2.40.7 fails then): example 08 clears it and goes on", async () => {
		const small = JSON.parse(JSON.stringify(readExample('08-').workflow)) as ExampleJson;
		for (const node of small.nodes) {
			if (node.type === 'n8n-nodes-base.removeDuplicates' && node.parameters.operation === 'removeItemsSeenInPreviousExecutions') {
				(node.parameters.options as { historySize: number }).historySize = 2;
			}
		}
		const workflow = prepareWorkflow(small, credential, { uniqueWebhooks: true, name: 'e2e: example 08 with History Size 2' });
		const id = (await n8n.api.importWorkflow(workflow)).id;
		await n8n.api.activate(id);
		const pathOf = webhookPath(nodeOfType(workflow, NODE_TYPES.webhookTrigger));
		try {
			const sent: string[] = [];
			for (let i = 1; i <= 4; i++) {
				const body = JSON.stringify({ event: 'job.updated', event_occurred_at: '2026-07-24T05:38:14Z', company_id: hcp.company.id, job: { id: 'job_history', notes: [{ id: `nte_${i}` }] } });
				const timestamp = String(Math.floor(Date.now() / 1000));
				const response = await n8n.api.callWebhook(pathOf, { body, headers: { 'content-type': 'application/json', 'api-timestamp': timestamp, 'api-signature': signWebhook(SECRET, timestamp, body) } });
				expect(response.status).toBe(200);
				sent.push(sha256(body));
				await settle(id, i);
			}
			const all = await runs(id);
			expect(all.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success']);
			expect(all.map((run) => run.handled)).toEqual(sent.map((deliveryId) => [deliveryId]));
			// The third found the history full (2 of 2): its error output cleared it and checked again.
			expect(all.map((run) => run.cleared)).toEqual([false, false, true, false]);
			// What the handler got on that branch is the delivery as the trigger gave it, not the error.
			const third = await n8n.api.getExecution(all[2].id);
			expect(nodeItems(third, HANDLER)).toEqual(nodeItems(third, 'Housecall Pro Webhook Trigger'));
		} finally {
			await n8n.api.deactivate(id).catch(() => undefined);
		}
	}, 180_000);

	test('n8n attempted no connection beyond 127.0.0.1', () => {
		expect(n8n.outboundAttempts()).toEqual([]);
	});

	test('the fake made no delivery that is still being retried', async () => {
		await hcp.webhooks.flush();
		const lastAttempts = [...deliveriesSince(0).values()].map((tries) => tries[tries.length - 1]);
		expect(lastAttempts.filter((attempt) => attempt.status !== 200).map((attempt) => `${attempt.event} ${attempt.status}`)).toEqual([]);
	});
});
