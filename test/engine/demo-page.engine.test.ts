/**
 * The sandbox's demo page: each button is a POST its script makes; the change lands in the fake's
 * store, goes out as a signed webhook that the webhook trigger (through n8n-core) starts a workflow
 * with, and is what the polling trigger emits at its next poll.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { processReplayMemory } from '../../nodes/HousecallProWebhookTrigger';
import { startFakeHcp } from '../fake-hcp';
import { DEMO_ACTIONS } from '../fake-hcp/demo-page';
import { startSandbox, type Sandbox } from '../fake-hcp/sandbox';
import { callWebhook, PollHarness, type HarnessCredentials } from '../harness';

const SECRET = 'whsec-demo-page';

/** What n8n's webhook endpoint does with a delivery: the raw bytes to the trigger, its answer back. */
async function startWebhookEndpoint(credentials: HarnessCredentials) {
	const started: IDataObject[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			void callWebhook({ credentials, parameters: { events: ['*'] }, headers: request.headers as Record<string, string>, rawBody: Buffer.concat(chunks) })
				.then((result) => {
					started.push(...(result.workflowData?.[0] ?? []).map((item) => item.json));
					response.statusCode = result.sent?.status ?? 200;
					response.end();
				})
				.catch((error: Error) => {
					response.statusCode = 599;
					response.end(error.message);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/hcp`,
		started,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function ids(output: INodeExecutionData[][] | null, pick: (item: IDataObject) => unknown = (item) => item.id): string[] {
	return (output?.[0] ?? []).map((item) => String(pick(item.json)));
}

let sandbox: Sandbox;
let endpoint: Awaited<ReturnType<typeof startWebhookEndpoint>>;
// Real time, moved on by hand: the webhook trigger checks Api-Timestamp against n8n's (real) clock.
let clock = Math.floor(Date.now() / 1000) * 1000;

beforeEach(async () => {
	processReplayMemory.clear();
	clock = Math.floor(Date.now() / 1000) * 1000;
	sandbox = await startSandbox({ port: 0, seed: 9, now: () => new Date(clock), webhookTiming: { delayMs: 1, backoffMs: 10 }, log: () => undefined });
	endpoint = await startWebhookEndpoint({ baseUrl: sandbox.fake.url, apiKey: sandbox.fake.apiKey, webhookSecret: SECRET });
	expect(await sandbox.fake.webhooks.configure({ url: endpoint.url, secret: SECRET })).toBe(200);
});

afterEach(async () => {
	await sandbox?.stop();
	await endpoint?.close();
});

/** What a button's script does: POST /demo/actions/<name> with a JSON body. */
async function press(name: string, contentType = 'application/json'): Promise<{ status: number; answer: IDataObject }> {
	const response = await fetch(`${sandbox.fake.url}/demo/actions/${name}`, { method: 'POST', headers: { 'Content-Type': contentType }, body: '{}' });
	return { status: response.status, answer: (await response.json()) as IDataObject };
}

describe('the demo page', () => {
	it('is served at GET /demo, and its script asks /demo/state for the four buttons it draws', async () => {
		const page = await fetch(`${sandbox.fake.url}/demo`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		const html = await page.text();
		expect(html).toContain("fetch('/demo/state')");
		expect(html).toContain("fetch('/demo/actions/' + name, { method: 'POST', headers: { 'Content-Type': 'application/json' }");

		const state = (await (await fetch(`${sandbox.fake.url}/demo/state`)).json()) as { webhook_url: string; actions: Array<{ name: string; label: string }> };
		expect(state.webhook_url).toBe(endpoint.url);
		expect(state.actions.map((action) => action.name)).toEqual(['complete-job', 'pay-invoice', 'approve-option', 'add-customer']);
		expect(state.actions.map((action) => action.label)).toEqual(Object.values(DEMO_ACTIONS).map((action) => action.label));
	});

	it('each button changes the store, fires its signed webhook (the trigger starts it) and the polling trigger emits it', async () => {
		const credentials = { baseUrl: sandbox.fake.url, apiKey: sandbox.fake.apiKey };
		const polls = {
			job: new PollHarness({ credentials, parameters: { object: 'job', event: 'jobCompleted' } }),
			invoice: new PollHarness({ credentials, parameters: { object: 'invoice', event: 'invoicePaid' } }),
			option: new PollHarness({ credentials, parameters: { object: 'estimate', event: 'estimateOptionApproved' } }),
			customer: new PollHarness({ credentials, parameters: { object: 'customer', event: 'new' } }),
		};
		for (const harness of Object.values(polls)) expect(await harness.poll()).toBeNull();
		clock += 2000;
		const store = sandbox.fake.store;
		const customersBefore = store.count('customer');

		const job = await press('complete-job');
		const invoice = await press('pay-invoice');
		const option = await press('approve-option');
		const customer = await press('add-customer');
		for (const pressed of [job, invoice, option, customer]) expect(pressed.status).toBe(200);

		expect(store.get('job', String(job.answer.id))).toMatchObject({ work_status: 'complete unrated' });
		expect(store.get('invoice', String(invoice.answer.id))).toMatchObject({ status: 'paid', due_amount: 0, paid_at: new Date(clock).toISOString().replace('.000', '') });
		expect(store.get('estimateOption', String(option.answer.id))).toMatchObject({ approval_status: 'pro approved' });
		expect(store.count('customer')).toBe(customersBefore + 1);
		expect(store.get('customer', String(customer.answer.id))).toBeDefined();

		// Each answer names the event and the delivery n8n's endpoint answered 200.
		const expected = [
			[job, 'job.completed'],
			[invoice, 'invoice.paid'],
			[option, 'estimate.option.approval_status_changed'],
			[customer, 'customer.created'],
		] as const;
		for (const [pressed, event] of expected) {
			expect(pressed.answer).toMatchObject({ ok: true, event, webhook: 'sent' });
			expect(pressed.answer.deliveries).toEqual([expect.objectContaining({ event, status: 200, attempt: 1 })]);
		}
		const signed = sandbox.fake.webhooks.deliveries.filter((delivery) => delivery.kind === 'event');
		expect(signed).toHaveLength(4);
		for (const delivery of signed) expect(delivery.signature).toMatch(/^[0-9a-f]{64}$/);

		// The webhook trigger verified each signature and started a run with the record.
		const started = new Map(endpoint.started.map((item) => [String(item.event), item]));
		expect([...started.keys()].sort()).toEqual(expected.map(([, event]) => event).sort());
		expect(started.get('job.completed')).toMatchObject({ record: { id: job.answer.id, work_status: 'complete unrated' } });
		expect(started.get('invoice.paid')).toMatchObject({ record: { id: invoice.answer.id, status: 'paid' } });
		const approvedEstimate = started.get('estimate.option.approval_status_changed')!.record as { options: Array<{ id: string; approval_status: string }> };
		expect(approvedEstimate.options.find((candidate) => candidate.id === option.answer.id)?.approval_status).toBe('pro approved');
		expect(started.get('customer.created')).toMatchObject({ record: { id: customer.answer.id, addresses: [expect.objectContaining({ city: 'Austin' })] } });

		// The polling trigger sees the same four changes at its next poll, once.
		expect(ids(await polls.job.poll())).toEqual([job.answer.id]);
		expect(ids(await polls.invoice.poll())).toEqual([invoice.answer.id]);
		expect(ids(await polls.option.poll(), (item) => (item.option as IDataObject).id)).toEqual([option.answer.id]);
		expect(ids(await polls.customer.poll())).toEqual([customer.answer.id]);
		for (const harness of Object.values(polls)) expect(await harness.poll()).toBeNull();
	});

	it('a button with nothing left to change says so and changes nothing', async () => {
		const store = sandbox.fake.store;
		for (const open of store.list('invoice').filter((candidate) => candidate.status === 'open')) {
			store.update('invoice', String(open.id), { status: 'voided' });
		}
		const changes = store.changes.length;
		const deliveries = sandbox.fake.webhooks.deliveries.length;
		const refused = await press('pay-invoice');
		expect(refused).toEqual({ status: 409, answer: { ok: false, message: 'No open invoice is left to pay.' } });
		expect(store.changes.length).toBe(changes);
		expect(sandbox.fake.webhooks.deliveries.length).toBe(deliveries);
	});

	it('refuses a POST that is not JSON (what another site could send without a preflight) and unknown actions', async () => {
		const changes = sandbox.fake.store.changes.length;
		expect((await press('complete-job', 'text/plain')).status).toBe(415);
		expect((await press('finish-everything')).status).toBe(404);
		expect(sandbox.fake.store.changes.length).toBe(changes);
		// Not API traffic: the request log (what tests count) stays empty.
		expect(sandbox.fake.requests).toEqual([]);
	});

	it('exists only in the sandbox: a plain fake answers /demo with the HTML 404 live HCP gives unknown paths', async () => {
		const fake = await startFakeHcp({ seed: 9 });
		try {
			const response = await fetch(`${fake.url}/demo`);
			expect(response.status).toBe(404);
			expect(await response.text()).toContain("The page you were looking for doesn't exist.");
		} finally {
			await fake.close();
		}
	});
});
