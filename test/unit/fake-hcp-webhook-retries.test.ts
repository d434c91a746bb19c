/**
 * The fake's webhook retries can be signed both ways Housecall Pro might sign them (unknown live):
 * with the first attempt's Api-Timestamp and signature, or afresh; and a signing clock offset makes
 * a first attempt look old without waiting.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookSender, type WebhookTiming } from '../fake-hcp/webhooks';

const SECRET = 'whsec-retry-test';
const START = Date.parse('2026-03-01T12:00:00Z');

let receiver: http.Server;
let url = '';
let answers: number[] = [];
let received: Array<{ timestamp: string; signature: string; body: string }> = [];
let nowMs = START;
let sender: WebhookSender | undefined;

beforeAll(async () => {
	receiver = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				timestamp: String(request.headers['api-timestamp']),
				signature: String(request.headers['api-signature']),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			// The fake clock moves on between attempts, as real time would.
			nowMs += 90_000;
			response.writeHead(answers.shift() ?? 200);
			response.end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	receiver.closeAllConnections();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(() => {
	answers = [];
	received = [];
	nowMs = START;
});

afterEach(async () => {
	await sender?.close();
	sender = undefined;
});

async function deliverOnce(timing: WebhookTiming, failures: number) {
	sender = new WebhookSender({ now: () => new Date(nowMs) }, 'company-1', { delayMs: 1, backoffMs: 5, ...timing });
	sender.set({ url, secret: SECRET });
	answers = Array.from({ length: failures }, () => 503);
	sender.enqueue('job.updated', '2026-03-01T12:00:00Z', 'job', { id: 'job_1' });
	await sender.flush();
	return sender.deliveries;
}

const hmac = (timestamp: string, body: string) => createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');

describe('webhook retries of the fake', () => {
	it("resend the first attempt's Api-Timestamp and signature by default ('original')", async () => {
		const log = await deliverOnce({}, 2);
		expect(log.map((entry) => [entry.attempt, entry.status])).toEqual([
			[1, 503],
			[2, 503],
			[3, 200],
		]);
		const first = String(Math.floor(START / 1000));
		expect(received.map((entry) => entry.timestamp)).toEqual([first, first, first]);
		expect(new Set(received.map((entry) => entry.signature)).size).toBe(1);
		expect(received[2].signature).toBe(hmac(first, received[2].body));
		expect(new Set(received.map((entry) => entry.body)).size).toBe(1);
	});

	it("sign each attempt with the time it is sent in 'fresh' mode, over the same bytes", async () => {
		await deliverOnce({ retrySigning: 'fresh' }, 2);
		const expected = [0, 90_000, 180_000].map((offset) => String(Math.floor((START + offset) / 1000)));
		expect(received.map((entry) => entry.timestamp)).toEqual(expected);
		for (const entry of received) expect(entry.signature).toBe(hmac(entry.timestamp, entry.body));
		expect(new Set(received.map((entry) => entry.body)).size).toBe(1);
	});

	it('shift only the Api-Timestamp by the signing clock offset, not the event time in the body', async () => {
		await deliverOnce({ signingClockOffsetMs: -10 * 60_000 }, 1);
		const tenMinutesBefore = String(Math.floor((START - 600_000) / 1000));
		expect(received.map((entry) => entry.timestamp)).toEqual([tenMinutesBefore, tenMinutesBefore]);
		expect(JSON.parse(received[0].body).event_occurred_at).toBe('2026-03-01T12:00:00Z');
	});
});
