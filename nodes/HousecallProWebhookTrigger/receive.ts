import { NodeOperationError, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import {
	DEFAULT_MAX_AGE_HOURS,
	MAX_MAX_AGE_HOURS,
	MIN_MAX_AGE_HOURS,
	handleDelivery,
	processReplayMemory,
	RESPOND_WHEN_FINISHED,
	type DeliveryOutcome,
	type OutputMode,
} from './index';
import { listOfStrings } from '../shared/values';

/**
 * The bytes as received. n8n 2.x reads every non-multipart webhook body into `req.rawBody` (a
 * Buffer, after gunzip/inflate) before calling webhook(); `readRawBody()` is asked only if a server
 * has not done so yet.
 */
async function receivedBytes(this: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = this.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch (error) {
			this.logger.warn(`Housecall Pro webhook: could not read the raw body (${(error as Error).message})`);
		}
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

function answer(this: IWebhookFunctions, status: number, body: object): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** The Max Delivery Age option in seconds; an expression giving nonsense falls back to the default. */
function maxAgeSeconds(value: unknown): number {
	const hours = Number(value);
	if (!Number.isFinite(hours) || value === '' || value === null || value === undefined) return DEFAULT_MAX_AGE_HOURS * 3600;
	return Math.min(MAX_MAX_AGE_HOURS, Math.max(MIN_MAX_AGE_HOURS, hours)) * 3600;
}

/** Runs on every request to the webhook URL: verifies, filters, and starts the workflow or not. */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('housecallProApi');
	const options = this.getNodeParameter('options', {}) as { maxAgeHours?: unknown; respond?: unknown };
	// Answering when the workflow finishes exists so that a failed run (a worker killed in queue mode)
	// gets a 500 and Housecall Pro sends it again. The replay memory would answer that retry "duplicate"
	// with 200 and lose it, so in that mode every verified copy starts, and the workflow's claim on
	// delivery_id (example 10) decides which one acts.
	const filterRepeats = options.respond !== RESPOND_WHEN_FINISHED;
	const request = this.getRequestObject();

	const outcome: DeliveryOutcome = handleDelivery(
		{ headers: this.getHeaderData(), rawBody: await receivedBytes.call(this), body: request.body },
		{
			secret: String(credentials.webhookSecret ?? '').trim(),
			selectedEvents: listOfStrings(this.getNodeParameter('events', [])),
			maxAgeSeconds: maxAgeSeconds(options.maxAgeHours),
			output: this.getNodeParameter('output', 'full') as OutputMode,
			nowMs: Date.now(),
			replay: filterRepeats
				? { memory: processReplayMemory, scope: `${this.getWorkflow().id ?? ''}/${this.getNode().name}` }
				: undefined,
		},
	);

	switch (outcome.kind) {
		case 'start':
			return { workflowData: [this.helpers.returnJsonArray([outcome.item])] };
		case 'ignore':
			return { webhookResponse: { received: true, started: false, reason: outcome.reason } };
		case 'reject':
			this.logger.warn(`Housecall Pro webhook refused (${outcome.status}): ${outcome.message}`);
			return answer.call(this, outcome.status, { message: outcome.message });
		case 'misconfigured':
			// While the user listens for a test event, an error is what the editor shows on the node.
			if (this.getMode() === 'manual') throw new NodeOperationError(this.getNode(), outcome.message);
			this.logger.error(`Housecall Pro webhook: ${outcome.message}`);
			return answer.call(this, 500, { message: outcome.message });
	}
}
