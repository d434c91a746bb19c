/**
 * The fake Housecall Pro delivers to a tiny HTTP server that hands each request to the trigger
 * through n8n-core (callWebhook), the way n8n's webhook endpoint would: raw bytes kept, JSON parsed
 * from them, headers lower-cased by Node. Its handshake and signed deliveries must be accepted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { processReplayMemory } from '../../nodes/HousecallProWebhookTrigger';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import { callWebhook, type HarnessCredentials } from '../harness';

const SECRET = 'whsec-fake-hcp-secret';

interface Received {
	status: number;
	started: IDataObject[];
}

/** An n8n-like endpoint: reads the raw body, answers what the trigger decided. */
async function startEndpoint(credentials: HarnessCredentials, parameters: INodeParameters) {
	const received: Received[] = [];
	// While `down`, every request is answered 503 before the trigger sees it, as a proxy in front of a stopped n8n would.
	const state = { down: false };
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (state.down) {
				response.statusCode = 503;
				response.end();
				return;
			}
			void (async () => {
				const result = await callWebhook({
					credentials,
					parameters,
					headers: request.headers as Record<string, string>,
					rawBody: Buffer.concat(chunks),
				});
				const status = result.sent?.status ?? 200;
				received.push({ status, started: (result.workflowData?.[0] ?? []).map((item) => item.json) });
				response.statusCode = status;
				response.end(JSON.stringify(result.sent?.body ?? result.response.webhookResponse ?? { message: 'Workflow was started' }));
			})().catch((error: Error) => {
				response.statusCode = 599;
				response.end(error.message);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/hcp`,
		received,
		state,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let hcp: FakeHcp;
let endpoint: Awaited<ReturnType<typeof startEndpoint>>;

beforeEach(() => processReplayMemory.clear());

afterEach(async () => {
	await hcp?.close();
	await endpoint?.close();
});

function anyId(object: 'job' | 'customer' | 'appointment' | 'estimate'): string {
	const record = hcp.store.list(object)[0];
	if (!record) throw new Error(`the fake has no ${object}`);
	return String(record.id);
}

describe('deliveries from the fake Housecall Pro', () => {
	it('are accepted: handshake answered, signed events start the workflow once each', async () => {
		hcp = await startFakeHcp({ webhookTiming: { delayMs: 1, backoffMs: 10 } });
		endpoint = await startEndpoint(
			{ baseUrl: hcp.url, apiKey: hcp.apiKey, webhookSecret: SECRET },
			{ events: ['job.completed', 'customer.updated', 'job.appointment.rescheduled'] },
		);

		expect(await hcp.webhooks.configure({ url: endpoint.url, secret: SECRET })).toBe(200);

		const jobId = anyId('job');
		const customerId = anyId('customer');
		const appointmentId = anyId('appointment');
		hcp.store.update('job', jobId, { work_status: 'complete unrated' }, { event: 'job.completed' });
		hcp.store.update('customer', customerId, { notifications_enabled: false }, { event: 'customer.updated' });
		hcp.store.update('appointment', appointmentId, { arrival_window_minutes: 60 }, { event: 'job.appointment.rescheduled' });
		// Sent by the fake, answered 200, but not selected in the node.
		hcp.store.update('job', jobId, { description: 'changed' }, { event: 'job.updated' });
		await hcp.webhooks.flush();

		const events = hcp.webhooks.deliveries.filter((delivery) => delivery.kind === 'event');
		expect(events).toHaveLength(4);
		for (const delivery of hcp.webhooks.deliveries) {
			expect(delivery.status).toBe(200);
			expect(delivery.attempt).toBe(1);
		}

		const started = endpoint.received.flatMap((entry) => entry.started);
		expect(started.map((item) => item.event).sort()).toEqual([
			'customer.updated',
			'job.appointment.rescheduled',
			'job.completed',
		]);
		const byEvent = new Map(started.map((item) => [item.event, item]));
		expect(byEvent.get('job.completed')).toMatchObject({ object: 'job', record: { id: jobId }, company_id: hcp.company.id });
		expect(byEvent.get('customer.updated')).toMatchObject({ object: 'customer', record: { id: customerId } });
		expect(byEvent.get('job.appointment.rescheduled')).toMatchObject({
			object: 'appointment',
			record: { id: appointmentId },
		});
	});

	it('signed with another secret are refused with 401, retried by the sender, and start nothing', async () => {
		hcp = await startFakeHcp({ webhookTiming: { delayMs: 1, backoffMs: 5, retries: 2 } });
		endpoint = await startEndpoint(
			{ baseUrl: hcp.url, apiKey: hcp.apiKey, webhookSecret: SECRET },
			{ events: ['*'] },
		);
		expect(await hcp.webhooks.configure({ url: endpoint.url, secret: 'a-secret-n8n-does-not-know' })).toBe(200);

		hcp.store.update('job', anyId('job'), { work_status: 'complete unrated' }, { event: 'job.completed' });
		await hcp.webhooks.flush();

		const attempts = hcp.webhooks.deliveries.filter((delivery) => delivery.kind === 'event');
		expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401]);
		expect(endpoint.received.flatMap((entry) => entry.started)).toEqual([]);
	});

	describe.each(['original', 'fresh'] as const)("retried with retrySigning '%s' after an outage longer than 5 minutes", (retrySigning) => {
		it('all run once: two changes of one job in the same second both, nothing lost, nothing twice', async () => {
			// First attempts signed as if 10 minutes ago; retries keep that timestamp ('original') or are
			// signed then, as 10 minutes old too ('fresh', same offset): older than the old 5-minute window either way.
			hcp = await startFakeHcp({
				webhookTiming: { delayMs: 1, backoffMs: 20, retries: 6, retrySigning, signingClockOffsetMs: -10 * 60_000 },
			});
			endpoint = await startEndpoint({ baseUrl: hcp.url, apiKey: hcp.apiKey, webhookSecret: SECRET }, { events: ['*'] });
			expect(await hcp.webhooks.configure({ url: endpoint.url, secret: SECRET })).toBe(200);

			// One clock second for both changes, as two quick edits in the app would share it.
			const second = new Date(Math.floor(Date.now() / 1000) * 1000);
			hcp.setNow(() => second);
			endpoint.state.down = true;
			const jobId = anyId('job');
			hcp.store.update('job', jobId, { description: 'Gate code 4411' }, { event: 'job.updated' });
			hcp.store.update('job', jobId, { description: 'Gate code 4411; thermocouple replaced' }, { event: 'job.updated' });
			const customerId = anyId('customer');
			hcp.store.update('customer', customerId, { notifications_enabled: false }, { event: 'customer.updated' });
			// Up again only once each of the three has been refused: a fixed pause let a first attempt
			// that ran late on a busy CI machine meet an endpoint already up (one try, no retry to test).
			const refusedDeliveries = () =>
				new Set(hcp.webhooks.deliveries.filter((delivery) => delivery.kind === 'event' && delivery.status === 503).map((delivery) => delivery.deliveryId)).size;
			for (const deadline = Date.now() + 5_000; refusedDeliveries() < 3 && Date.now() < deadline; ) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			endpoint.state.down = false;
			await hcp.webhooks.flush();

			const attempts = hcp.webhooks.deliveries.filter((delivery) => delivery.kind === 'event');
			const byDelivery = new Map<number, typeof attempts>();
			for (const attempt of attempts) byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
			expect(byDelivery.size).toBe(3);
			for (const tries of byDelivery.values()) {
				expect(tries.length).toBeGreaterThan(1);
				expect(tries[0].status).toBe(503);
				expect(tries[tries.length - 1].status).toBe(200);
				const age = Date.now() / 1000 - Number(tries[tries.length - 1].timestamp);
				expect(age).toBeGreaterThan(5 * 60);
				if (retrySigning === 'original') expect(new Set(tries.map((attempt) => attempt.timestamp)).size).toBe(1);
			}

			const started = endpoint.received.flatMap((entry) => entry.started);
			expect(started).toHaveLength(3);
			const jobRuns = started.filter((item) => item.event === 'job.updated');
			expect(jobRuns.map((item) => String((item.record as IDataObject).description)).sort()).toEqual(['Gate code 4411', 'Gate code 4411; thermocouple replaced']);
			expect(new Set(jobRuns.map((item) => item.occurred_at)).size).toBe(1);
			expect(new Set(started.map((item) => item.delivery_id)).size).toBe(3);
		});
	});
});
