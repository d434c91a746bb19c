/**
 * The webhook trigger through n8n-core's WebhookContext (test/harness callWebhook): what n8n would
 * answer and whether it would start a workflow, for every kind of request Housecall Pro or anyone
 * else can send to the URL.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { processReplayMemory } from '../../nodes/HousecallProWebhookTrigger';
import { callWebhook, type HarnessCredentials, type WebhookCallResult } from '../harness';

const SECRET = 'whsec-engine-test-secret';
const credentials: HarnessCredentials = {
	baseUrl: 'http://127.0.0.1:9',
	apiKey: 'unused-by-the-webhook-trigger',
	webhookSecret: SECRET,
};
const allEvents: INodeParameters = { events: ['*'] };

function nowSeconds(offset = 0): string {
	return String(Math.floor(Date.now() / 1000) + offset);
}

function sign(rawBody: Buffer, timestamp: string, secret = SECRET): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function jobEvent(event = 'job.completed', extra: Record<string, unknown> = {}) {
	return {
		event,
		event_occurred_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		company_id: '3f0c1a8e-0000-4000-8000-000000000001',
		job: { id: `job_${randomUUID()}`, work_status: 'complete unrated', total_amount: 12500, ...extra },
	};
}

async function deliver(
	payload: unknown,
	options: {
		parameters?: INodeParameters;
		secret?: string;
		timestamp?: string;
		signature?: (rawBody: Buffer, timestamp: string) => string;
		rawBody?: Buffer;
		headers?: Record<string, string>;
		credentials?: HarnessCredentials;
	} = {},
): Promise<WebhookCallResult> {
	const rawBody = options.rawBody ?? Buffer.from(JSON.stringify(payload), 'utf8');
	const timestamp = options.timestamp ?? nowSeconds();
	const signature = options.signature
		? options.signature(rawBody, timestamp)
		: sign(rawBody, timestamp, options.secret ?? SECRET);
	return await callWebhook({
		credentials: options.credentials ?? credentials,
		parameters: options.parameters ?? allEvents,
		headers: options.headers ?? { 'Api-Timestamp': timestamp, 'Api-Signature': signature, 'Content-Type': 'application/json' },
		rawBody,
	});
}

function expectStarted(result: WebhookCallResult) {
	expect(result.sent).toBeUndefined();
	expect(result.workflowData).toHaveLength(1);
	expect(result.workflowData![0]).toHaveLength(1);
	return result.workflowData![0][0].json;
}

function expectRefused(result: WebhookCallResult, status: number, message: RegExp) {
	expect(result.workflowData).toBeUndefined();
	expect(result.response.noWebhookResponse).toBe(true);
	expect(result.sent?.status).toBe(status);
	expect((result.sent?.body as { message: string }).message).toMatch(message);
	expect(JSON.stringify(result.sent?.body)).not.toContain(SECRET);
}

function expectIgnored(result: WebhookCallResult, reason: string) {
	expect(result.workflowData).toBeUndefined();
	expect(result.sent).toBeUndefined();
	expect(result.response.webhookResponse).toEqual({ received: true, started: false, reason });
}

beforeEach(() => processReplayMemory.clear());

describe('Housecall Pro Webhook Trigger through n8n-core', () => {
	it('starts the workflow for a valid signed delivery, with the record under `record`', async () => {
		const payload = jobEvent();
		const item = expectStarted(await deliver(payload));
		expect(item).toEqual({
			delivery_id: createHash('sha256').update(JSON.stringify(payload)).digest('hex'),
			event: 'job.completed',
			occurred_at: payload.event_occurred_at,
			company_id: payload.company_id,
			object: 'job',
			record: payload.job,
		});
	});

	it('outputs only the record when Output is Record Only', async () => {
		const payload = {
			event: 'job.appointment.rescheduled',
			event_occurred_at: '2026-07-24T05:38:14Z',
			company_id: 'c',
			appointment: { id: `appt_${randomUUID()}`, start_time: '2026-07-25T09:00:00Z' },
		};
		const item = expectStarted(await deliver(payload, { parameters: { events: ['*'], output: 'record' } }));
		expect(item).toEqual(payload.appointment);
	});

	it('accepts a sha256= prefixed signature', async () => {
		const result = await deliver(jobEvent(), { signature: (raw, ts) => `sha256=${sign(raw, ts)}` });
		expectStarted(result);
	});

	it('refuses a tampered body with 401', async () => {
		const rawBody = Buffer.from(JSON.stringify(jobEvent()));
		const timestamp = nowSeconds();
		const signature = sign(rawBody, timestamp);
		const tampered = Buffer.from(rawBody.toString().replace('12500', '99999'));
		const result = await deliver(undefined, { rawBody: tampered, signature: () => signature, timestamp });
		expectRefused(result, 401, /does not match/);
	});

	it('refuses a signature made with another secret', async () => {
		expectRefused(await deliver(jobEvent(), { secret: 'someone-elses-secret' }), 401, /does not match/);
	});

	it('refuses timestamps older than the max age (72 h by default) or more than 5 minutes ahead, with 401', async () => {
		expectRefused(await deliver(jobEvent(), { timestamp: nowSeconds(-72 * 3600 - 5) }), 401, /Api-Timestamp is older than the Max Delivery Age/);
		expectRefused(await deliver(jobEvent(), { timestamp: nowSeconds(301 + 5) }), 401, /Api-Timestamp lies more than 5 minutes ahead/);
		expectStarted(await deliver(jobEvent(), { timestamp: nowSeconds(240) }));
	});

	it('honours a configured Max Delivery Age', async () => {
		const parameters = { events: ['*'], options: { maxAgeHours: 720 } };
		expectStarted(await deliver(jobEvent(), { parameters, timestamp: nowSeconds(-500 * 3600) }));
		const strict = { events: ['*'], options: { maxAgeHours: 1 } };
		expectRefused(await deliver(jobEvent(), { parameters: strict, timestamp: nowSeconds(-3600 - 60) }), 401, /older than/);
		expectStarted(await deliver(jobEvent(), { parameters: strict, timestamp: nowSeconds(-3000) }));
	});

	it('refuses deliveries without the signature headers', async () => {
		const rawBody = Buffer.from(JSON.stringify(jobEvent()));
		const timestamp = nowSeconds();
		const signature = sign(rawBody, timestamp);
		expectRefused(await deliver(undefined, { rawBody, headers: {} }), 401, /Api-Timestamp header is missing/);
		expectRefused(
			await deliver(undefined, { rawBody, headers: { 'api-timestamp': timestamp } }),
			401,
			/Api-Signature header is missing/,
		);
		expectRefused(
			await deliver(undefined, { rawBody, headers: { 'api-signature': signature } }),
			401,
			/Api-Timestamp header is missing/,
		);
	});

	it('refuses a signature that is not hex, or not 32 bytes', async () => {
		expectRefused(await deliver(jobEvent(), { signature: (raw, ts) => sign(raw, ts).replace(/.$/, 'z') }), 401, /not a hex/);
		expectRefused(await deliver(jobEvent(), { signature: (raw, ts) => sign(raw, ts).slice(2) }), 401, /not a hex/);
	});

	it("answers Housecall Pro's unsigned handshake with 200 and starts nothing", async () => {
		const result = await callWebhook({
			credentials,
			parameters: allEvents,
			headers: { 'content-type': 'application/json' },
			rawBody: '{"foo":"bar"}',
		});
		expectIgnored(result, 'handshake');
	});

	it('answers the handshake even before the secret is in the credential', async () => {
		const result = await callWebhook({
			credentials: { ...credentials, webhookSecret: '' },
			parameters: allEvents,
			headers: {},
			rawBody: '{"foo":"bar"}',
		});
		expectIgnored(result, 'handshake');
	});

	it('answers 200 and starts nothing for an event the user did not select', async () => {
		const result = await deliver(jobEvent('job.created'), { parameters: { events: ['job.completed', 'invoice.paid'] } });
		expectIgnored(result, 'unselectedEvent');
		expectStarted(await deliver(jobEvent('job.completed'), { parameters: { events: ['job.completed', 'invoice.paid'] } }));
	});

	it('takes the events from an expression that gives a comma-separated string', async () => {
		const parameters = { events: 'invoice.paid, job.completed' };
		expectStarted(await deliver(jobEvent('job.completed'), { parameters }));
		expectIgnored(await deliver(jobEvent('job.created'), { parameters }), 'unselectedEvent');
	});

	describe('replays and retries (a delivery is its raw body)', () => {
		const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

		it('starts two different deliveries of one job in the same second: a note added, then a line item', async () => {
			const job = { id: `job_${randomUUID()}`, work_status: 'in progress', notes: [] as unknown[], line_items: [] as unknown[] };
			const at = '2026-07-24T05:38:14Z';
			const noteAdded = { event: 'job.updated', event_occurred_at: at, company_id: 'c', job: { ...job, notes: [{ id: 'nte_1', content: 'Gate code 4411' }] } };
			const lineItemAdded = { ...noteAdded, job: { ...noteAdded.job, line_items: [{ id: 'li_1', name: 'Thermocouple', unit_price: 18500 }] } };
			const timestamp = nowSeconds();
			const first = expectStarted(await deliver(noteAdded, { timestamp }));
			const second = expectStarted(await deliver(lineItemAdded, { timestamp }));
			expect([first.event, first.occurred_at, (first.record as { id: string }).id]).toEqual([second.event, second.occurred_at, (second.record as { id: string }).id]);
			expect(first.delivery_id).not.toBe(second.delivery_id);
		});

		it('starts the same delivery repeated with the same signature once', async () => {
			const rawBody = Buffer.from(JSON.stringify(jobEvent('job.paid')));
			const timestamp = nowSeconds();
			expectStarted(await deliver(undefined, { rawBody, timestamp }));
			expectIgnored(await deliver(undefined, { rawBody, timestamp }), 'duplicate');
			expectIgnored(await deliver(undefined, { rawBody, timestamp }), 'duplicate');
		});

		it('starts the same body re-signed with a fresh timestamp once (a retry of a delivery that already ran)', async () => {
			const rawBody = Buffer.from(JSON.stringify(jobEvent('job.paid')));
			expectStarted(await deliver(undefined, { rawBody, timestamp: nowSeconds(-120) }));
			expectIgnored(await deliver(undefined, { rawBody, timestamp: nowSeconds() }), 'duplicate');
		});

		it('accepts a retry whose original Api-Timestamp is 10 minutes old (an outage longer than the old 5-minute window)', async () => {
			const item = expectStarted(await deliver(jobEvent(), { timestamp: nowSeconds(-10 * 60) }));
			expect(item.event).toBe('job.completed');
		});

		it('refuses a delivery older than the max age, and does not remember it', async () => {
			const rawBody = Buffer.from(JSON.stringify(jobEvent()));
			const parameters = { events: ['*'], options: { maxAgeHours: 2 } };
			expectRefused(await deliver(undefined, { rawBody, parameters, timestamp: nowSeconds(-2 * 3600 - 30) }), 401, /Max Delivery Age/);
			// Refused, so not remembered: the same bytes signed within the age still start.
			expectStarted(await deliver(undefined, { rawBody, parameters, timestamp: nowSeconds(-3600) }));
		});

		it('gives delivery_id = sha256 of the raw body, the same for every attempt however it is signed', async () => {
			const payload = jobEvent('job.scheduled');
			// Key order and spacing as a sender may write them: the id is of the bytes, not of the JSON.
			const rawBody = Buffer.from(`{ "event": "job.scheduled", "event_occurred_at": "${payload.event_occurred_at}", "company_id": "c", "job": ${JSON.stringify(payload.job)} }`);
			const parameters = { events: ['*'], options: { maxAgeHours: 72 } };
			const first = expectStarted(await deliver(undefined, { rawBody, parameters, timestamp: nowSeconds(-900) }));
			expect(first.delivery_id).toBe(sha256(rawBody));
			expectIgnored(await deliver(undefined, { rawBody, parameters, timestamp: nowSeconds() }), 'duplicate');
			// n8n restarted: the memory is gone, the retry starts again and carries the same id, which
			// is what Remove Duplicates after the trigger keys on.
			processReplayMemory.clear();
			const retry = expectStarted(await deliver(undefined, { rawBody, parameters, timestamp: nowSeconds() }));
			expect(retry.delivery_id).toBe(first.delivery_id);
		});

		it('still tells a later change of the same job apart from a repeat', async () => {
			const payload = jobEvent('job.paid');
			expectStarted(await deliver(payload));
			expectIgnored(await deliver(payload, { timestamp: nowSeconds(3) }), 'duplicate');
			expectStarted(await deliver({ ...payload, event_occurred_at: '2099-01-01T00:00:00Z' }));
		});
	});

	describe('Options > Respond', () => {
		const whenFinished: INodeParameters = { events: ['*'], options: { respond: 'whenWorkflowFinishes' } };

		it('answers on receipt, with the first item, when the option is absent (workflows saved before it existed)', async () => {
			const result = await deliver(jobEvent());
			expectStarted(result);
			expect([result.responseMode, result.responseData]).toEqual(['onReceived', 'firstEntryJson']);
			const chosen = await deliver(jobEvent(), { parameters: { events: ['*'], options: { respond: 'immediately' } } });
			expect([chosen.responseMode, chosen.responseData]).toEqual(['onReceived', 'firstEntryJson']);
		});

		it('answers after the last node with no body when the workflow finishes is chosen', async () => {
			const result = await deliver(jobEvent(), { parameters: whenFinished });
			expectStarted(result);
			expect([result.responseMode, result.responseData]).toEqual(['lastNode', 'noData']);
		});

		it('starts every copy of one delivery then, so a retry after a failed run runs again', async () => {
			const rawBody = Buffer.from(JSON.stringify(jobEvent('job.paid')));
			const first = expectStarted(await deliver(undefined, { rawBody, parameters: whenFinished }));
			const retry = expectStarted(await deliver(undefined, { rawBody, timestamp: nowSeconds(30), parameters: whenFinished }));
			expect(retry.delivery_id).toBe(first.delivery_id);
			// Nor does it leave anything in the memory that would swallow the copy once the option is switched back.
			expectStarted(await deliver(undefined, { rawBody }));
		});

		it('still refuses a bad signature and answers the handshake itself, starting nothing', async () => {
			expectRefused(await deliver(jobEvent(), { parameters: whenFinished, secret: 'another-secret' }), 401, /signature/i);
			const handshake = await callWebhook({ credentials, parameters: whenFinished, headers: { 'Content-Type': 'application/json' }, rawBody: '{"foo":"bar"}' });
			expectIgnored(handshake, 'handshake');
		});
	});

	it('refuses a signed body that is not JSON with 400, and an unsigned one with 401', async () => {
		const rawBody = Buffer.from('event=job.completed&job=1');
		const timestamp = nowSeconds();
		const signed = await callWebhook({
			credentials,
			parameters: allEvents,
			headers: { 'api-timestamp': timestamp, 'api-signature': sign(rawBody, timestamp) },
			rawBody,
			body: {},
		});
		expectRefused(signed, 400, /not a JSON object/);
		const unsigned = await callWebhook({ credentials, parameters: allEvents, headers: {}, rawBody, body: {} });
		expectRefused(unsigned, 401, /missing/);
	});

	it('verifies a 5 MB body over its bytes', async () => {
		const payload = jobEvent('job.updated', { notes: 'x'.repeat(5 * 1024 * 1024) });
		const rawBody = Buffer.from(JSON.stringify(payload));
		expect(rawBody.length).toBeGreaterThan(5 * 1024 * 1024);
		const item = expectStarted(await deliver(undefined, { rawBody }));
		expect((item.record as { notes: string }).notes).toHaveLength(5 * 1024 * 1024);

		const timestamp = nowSeconds();
		const signature = sign(rawBody, timestamp);
		const tampered = Buffer.from(rawBody);
		tampered[rawBody.length - 10] = 'y'.charCodeAt(0);
		expectRefused(await deliver(undefined, { rawBody: tampered, timestamp, signature: () => signature }), 401, /does not match/);
	});

	it('refuses signed deliveries with 500 and a clear message while the credential has no secret', async () => {
		const result = await deliver(jobEvent(), { credentials: { ...credentials, webhookSecret: '' } });
		expectRefused(result, 500, /no Webhook Signing Secret/);
		const blank = await deliver(jobEvent(), { credentials: { ...credentials, webhookSecret: '   ' } });
		expectRefused(blank, 500, /no Webhook Signing Secret/);
	});

	it('shows the missing secret as a node error while listening for a test event', async () => {
		const rawBody = Buffer.from(JSON.stringify(jobEvent()));
		const timestamp = nowSeconds();
		const call = callWebhook({
			credentials: { ...credentials, webhookSecret: '' },
			parameters: allEvents,
			headers: { 'api-timestamp': timestamp, 'api-signature': sign(rawBody, timestamp) },
			rawBody,
			mode: 'manual',
		});
		await expect(call).rejects.toThrow(/no Webhook Signing Secret/);
	});
});
