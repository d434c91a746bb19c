import type { IDataObject } from 'n8n-workflow';

import { eventTarget, isEventSelected } from './events';
import { deliveryId, replayKey, type ReplayMemory } from './replay';
import {
	MAX_FUTURE_SKEW_SECONDS,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	describeSignatureFailure,
	verifySignature,
	type SignatureFailure,
} from './signature';
import { isPlainObject } from '../shared/values';

export type OutputMode = 'full' | 'record';

export interface Delivery {
	/** Lower-cased, as Node's HTTP server gives them. */
	headers: Record<string, string | string[] | undefined>;
	/** Exactly the bytes received; undefined when the server did not keep them. */
	rawBody: Buffer | undefined;
	/** The body n8n parsed from those bytes (an object for JSON, a string for text, else empty). */
	body: unknown;
}

/** Options > Respond: when n8n answers Housecall Pro. A saved workflow without the option answers immediately. */
export const RESPOND_IMMEDIATELY = 'immediately';
export const RESPOND_WHEN_FINISHED = 'whenWorkflowFinishes';

export interface DeliverySettings {
	secret: string;
	selectedEvents: readonly string[];
	/** Oldest Api-Timestamp accepted; also how long a started delivery is remembered. */
	maxAgeSeconds: number;
	output: OutputMode;
	nowMs: number;
	/** Absent: repeats are not filtered here (Respond = When the Workflow Finishes; see receive.ts). */
	replay?: { memory: ReplayMemory; scope: string };
}

export type DeliveryOutcome =
	| { kind: 'start'; item: IDataObject; event: string }
	| { kind: 'ignore'; reason: 'handshake' | 'unselectedEvent' | 'duplicate'; event?: string }
	| { kind: 'reject'; status: 400 | 401; reason: SignatureFailure | 'noRawBody' | 'notJson' | 'badEvent'; message: string }
	| { kind: 'misconfigured'; message: string };

export const MISSING_SECRET_MESSAGE =
	'The Housecall Pro API credential has no Webhook Signing Secret, so deliveries cannot be verified and none starts the workflow. Copy the signing secret from Housecall Pro (App Store > Webhooks) into the credential.';

/**
 * The payload as an object, or undefined when the bytes are not a JSON object. n8n's parse is used
 * when it produced something; the raw bytes are parsed only when it did not (a non-JSON content
 * type, or an empty object that may stand for "could not parse").
 */
export function readPayload(body: unknown, rawBody: Buffer | undefined): Record<string, unknown> | undefined {
	if (isPlainObject(body) && Object.keys(body).length > 0) return body;
	if (!rawBody?.length) return isPlainObject(body) ? body : undefined;
	try {
		const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
		return isPlainObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

function header(headers: Delivery['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Decides what one request to the webhook URL does. Pure: the node feeds it the request, settings
 * and a clock, and maps the outcome to an HTTP answer.
 *
 * Order matters:
 * 1. A JSON object without `event` is the handshake Housecall Pro sends, unsigned, when the URL is
 *    saved; it must get a 2xx and can start nothing, so it needs no secret (the secret is only shown
 *    after this save succeeds).
 * 2. Everything else must be verified before anything about it is trusted.
 * 3. Verified deliveries are filtered by event, then by the replay memory (keyed on the body).
 */
export function handleDelivery(delivery: Delivery, settings: DeliverySettings): DeliveryOutcome {
	const payload = readPayload(delivery.body, delivery.rawBody);
	if (payload && payload.event === undefined) return { kind: 'ignore', reason: 'handshake' };

	if (!settings.secret) return { kind: 'misconfigured', message: MISSING_SECRET_MESSAGE };
	if (!delivery.rawBody) {
		return {
			kind: 'reject',
			status: 401,
			reason: 'noRawBody',
			message: 'The raw request body is not available, so the signature cannot be checked.',
		};
	}

	const verdict = verifySignature({
		secret: settings.secret,
		timestamp: header(delivery.headers, TIMESTAMP_HEADER),
		signature: header(delivery.headers, SIGNATURE_HEADER),
		rawBody: delivery.rawBody,
		nowMs: settings.nowMs,
		maxAgeSeconds: settings.maxAgeSeconds,
	});
	if (!verdict.valid) {
		return {
			kind: 'reject',
			status: 401,
			reason: verdict.failure,
			message: `Rejected: ${describeSignatureFailure(verdict.failure)}.`,
		};
	}

	if (!payload) {
		return { kind: 'reject', status: 400, reason: 'notJson', message: 'The signed body is not a JSON object.' };
	}
	const event = payload.event;
	if (typeof event !== 'string' || event.trim() === '') {
		return { kind: 'reject', status: 400, reason: 'badEvent', message: 'The field "event" of the body is not a non-empty string.' };
	}
	if (!isEventSelected(settings.selectedEvents, event)) return { kind: 'ignore', reason: 'unselectedEvent', event };

	const target = eventTarget(event);
	const record = payload[target.webhookKey];
	const id = deliveryId(delivery.rawBody);
	// Remembered past the last moment its Api-Timestamp can pass (it may lie up to the skew ahead; one
	// second more because the age check accepts its boundary), so no replay falls between the two.
	const rememberMs = (settings.maxAgeSeconds + MAX_FUTURE_SKEW_SECONDS + 1) * 1000;
	if (settings.replay?.memory.seenBefore(replayKey(settings.replay.scope, id), settings.nowMs, rememberMs)) {
		return { kind: 'ignore', reason: 'duplicate', event };
	}

	return { kind: 'start', event, item: toItem(payload, event, target.object, record, id, settings.output) };
}

/** One stable shape for every event family: the record always under `record`. */
function toItem(
	payload: Record<string, unknown>,
	event: string,
	object: string,
	record: unknown,
	id: string,
	output: OutputMode,
): IDataObject {
	// The record stays as Housecall Pro sent it: no field of ours mixed in.
	if (output === 'record' && isPlainObject(record)) return record as IDataObject;
	return {
		delivery_id: id,
		event,
		occurred_at: (payload.event_occurred_at as string | undefined) ?? null,
		company_id: (payload.company_id as string | undefined) ?? null,
		object,
		record: (record as IDataObject | undefined) ?? null,
	};
}
