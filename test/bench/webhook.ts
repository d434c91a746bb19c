/**
 * Cost of the webhook trigger per delivery, next to a bare HMAC-SHA256 of the same bytes.
 *
 *   node -r ./test/scripts/register-ts.js test/bench/webhook.ts      (Node 24)
 *
 * Rows, for each body size:
 * - bare HMAC:       createHmac over "<ts>." + body, hex digest (the floor: any check must do this)
 * - verifySignature: header checks, HMAC, constant-time compare
 * - handleDelivery:  the whole pure decision (payload read, verify, event filter, replay memory, item)
 * - node webhook():  the node through n8n-core's WebhookContext via the test harness, which also
 *                    builds a Workflow and JSON-parses the body per call, as n8n does per request
 * - JSON.parse:      parsing the body once, which n8n does before webhook() runs (and the harness too)
 * - harness floor:   the same call for the 13-byte handshake, i.e. the fixed cost of n8n-core and the
 *                    harness that is not the trigger's (subtract it from the row above)
 * The ratio column divides each row's time by the bare HMAC's. Prints numbers; asserts nothing.
 */
import { createHmac } from 'node:crypto';

import {
	ReplayMemory,
	handleDelivery,
	processReplayMemory,
	verifySignature,
	type DeliverySettings,
} from '../../nodes/HousecallProWebhookTrigger';
import { callWebhook } from '../harness';

const SECRET = 'whsec-benchmark-secret-0123456789';
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 700);

function payloadOfSize(bytes: number) {
	const payload = {
		event: 'job.completed',
		event_occurred_at: '2026-07-24T05:38:14Z',
		company_id: '3f0c1a8e-0000-4000-8000-000000000001',
		job: { id: 'job_0123456789abcdef', work_status: 'complete unrated', total_amount: 12500, notes: '' },
	};
	const base = Buffer.byteLength(JSON.stringify(payload));
	payload.job.notes = 'n'.repeat(Math.max(0, bytes - base));
	return payload;
}

interface Row {
	name: string;
	usPerOp: number;
}

let calls = 0;

/** `run` gets a number never passed before, for work that must differ per call. */
async function measure(name: string, run: (call: number) => unknown): Promise<Row> {
	for (let i = 0; i < 3; i++) await run(calls++); // warm-up
	let ops = 0;
	const started = performance.now();
	let elapsed = 0;
	while (elapsed < MIN_MS || ops < 5) {
		await run(calls++);
		ops++;
		elapsed = performance.now() - started;
	}
	return { name, usPerOp: (elapsed * 1000) / ops };
}

function format(rows: Row[], baseline: Row): string {
	return rows
		.map((row) => {
			const opsPerSecond = 1e6 / row.usPerOp;
			return `  ${row.name.padEnd(18)} ${opsPerSecond.toFixed(0).padStart(10)} ops/s ${row.usPerOp
				.toFixed(1)
				.padStart(12)} µs/event   x${(row.usPerOp / baseline.usPerOp).toFixed(2)}`;
		})
		.join('\n');
}

async function benchSize(label: string, bytes: number): Promise<void> {
	const payload = payloadOfSize(bytes);
	const rawBody = Buffer.from(JSON.stringify(payload));
	const body = JSON.parse(rawBody.toString('utf8')) as unknown;
	// One timestamp for the whole run: well inside the default Max Delivery Age (72 h).
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', SECRET).update(`${timestamp}.`).update(rawBody).digest('hex');
	const headers = { 'api-timestamp': timestamp, 'api-signature': signature };
	const maxAgeHours = 72;

	const bare = await measure('bare HMAC', () =>
		createHmac('sha256', SECRET).update(`${timestamp}.`).update(rawBody).digest('hex'),
	);
	const verify = await measure('verifySignature', () => {
		const result = verifySignature({ secret: SECRET, timestamp, signature, rawBody, nowMs: Date.now(), maxAgeSeconds: maxAgeHours * 3600 });
		if (!result.valid) throw new Error(`benchmark delivery refused: ${result.failure}`);
	});
	const memory = new ReplayMemory(20_000);
	const settings: Omit<DeliverySettings, 'nowMs' | 'replay'> = {
		secret: SECRET,
		selectedEvents: ['job.completed'],
		maxAgeSeconds: maxAgeHours * 3600,
		output: 'full',
	};
	const dispatch = await measure('handleDelivery', (i) => {
		// A new scope per call keeps every delivery new, so each one is remembered and started.
		const outcome = handleDelivery(
			{ headers, rawBody, body },
			{ ...settings, nowMs: Date.now(), replay: { memory, scope: `bench/${i}` } },
		);
		if (outcome.kind !== 'start') throw new Error(`benchmark delivery not started: ${outcome.kind}`);
	});
	const node = await measure('node webhook()', async () => {
		processReplayMemory.clear();
		const result = await callWebhook({
			credentials: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused', webhookSecret: SECRET },
			parameters: { events: ['job.completed'], options: { maxAgeHours } },
			headers,
			rawBody,
		});
		if (!result.workflowData) throw new Error('benchmark delivery did not start the workflow');
	});

	const parse = await measure('JSON.parse', () => JSON.parse(rawBody.toString('utf8')));
	const floor = await measure('harness floor', async () => {
		const result = await callWebhook({
			credentials: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused', webhookSecret: SECRET },
			parameters: { events: ['job.completed'], options: { maxAgeHours } },
			headers: {},
			rawBody: '{"foo":"bar"}',
		});
		if (result.workflowData) throw new Error('the handshake started the workflow');
	});

	console.log(`\n${label}: body ${(rawBody.length / 1024).toFixed(1)} KB`);
	console.log(format([bare, verify, dispatch, node, parse, floor], bare));
}

async function main(): Promise<void> {
	console.log(`Webhook trigger benchmark (Node ${process.versions.node}, >= ${MIN_MS} ms per row)`);
	await benchSize('small', 2 * 1024);
	await benchSize('medium', 64 * 1024);
	await benchSize('large', 1024 * 1024);
	await benchSize('very large', 5 * 1024 * 1024);
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
