import { createHash, createHmac } from 'node:crypto';

import {
	MISSING_SECRET_MESSAGE,
	ReplayMemory,
	handleDelivery,
	readPayload,
	type Delivery,
	type DeliverySettings,
} from '../../nodes/HousecallProWebhookTrigger';

const SECRET = 'whsec-delivery-test';
const NOW_MS = 1_785_000_000_000;

function sign(body: Buffer, timestamp = String(NOW_MS / 1000), secret = SECRET) {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

function signed(payload: unknown): Delivery {
	const rawBody = Buffer.from(JSON.stringify(payload));
	return {
		headers: { 'api-timestamp': String(NOW_MS / 1000), 'api-signature': sign(rawBody) },
		rawBody,
		body: JSON.parse(rawBody.toString()),
	};
}

function settings(overrides: Partial<DeliverySettings> = {}): DeliverySettings {
	return {
		secret: SECRET,
		selectedEvents: ['*'],
		maxAgeSeconds: 72 * 3600,
		output: 'full',
		nowMs: NOW_MS,
		replay: { memory: new ReplayMemory(100), scope: 'wf/node' },
		...overrides,
	};
}

const appointmentEvent = {
	event: 'job.appointment.scheduled',
	event_occurred_at: '2026-07-24T05:38:14Z',
	company_id: '3f0c1a8e-0000-4000-8000-000000000001',
	appointment: { id: 'appt_1', start_time: '2026-07-25T09:00:00Z' },
};

describe('handleDelivery', () => {
	it('starts with one stable item shape whatever the family', () => {
		const outcome = handleDelivery(signed(appointmentEvent), settings());
		expect(outcome).toEqual({
			kind: 'start',
			event: 'job.appointment.scheduled',
			item: {
				delivery_id: createHash('sha256').update(JSON.stringify(appointmentEvent)).digest('hex'),
				event: 'job.appointment.scheduled',
				occurred_at: '2026-07-24T05:38:14Z',
				company_id: appointmentEvent.company_id,
				object: 'appointment',
				record: appointmentEvent.appointment,
			},
		});

		const estimate = { id: 'csr_1', options: [{ id: 'est_1', approval_status: 'approved' }] };
		const option = handleDelivery(
			signed({ event: 'estimate.option.approval_status_changed', event_occurred_at: 'x', company_id: 'c', estimate }),
			settings(),
		);
		expect(option).toMatchObject({ kind: 'start', item: { object: 'estimate', record: estimate } });
	});

	it('outputs the record alone when asked, and the full event when there is no record', () => {
		const recordOnly = handleDelivery(signed(appointmentEvent), settings({ output: 'record' }));
		expect(recordOnly).toMatchObject({ kind: 'start', item: appointmentEvent.appointment });

		const noRecord = handleDelivery(
			signed({ event: 'job.completed', event_occurred_at: 't', company_id: 'c' }),
			settings({ output: 'record' }),
		);
		expect(noRecord).toMatchObject({ kind: 'start', item: { event: 'job.completed', record: null, object: 'job' } });
	});

	it('answers the unsigned handshake without a secret and starts nothing', () => {
		const handshake: Delivery = { headers: {}, rawBody: Buffer.from('{"foo":"bar"}'), body: { foo: 'bar' } };
		expect(handleDelivery(handshake, settings())).toEqual({ kind: 'ignore', reason: 'handshake' });
		expect(handleDelivery(handshake, settings({ secret: '' }))).toEqual({ kind: 'ignore', reason: 'handshake' });
	});

	it('treats a missing secret as a configuration error, not an accept', () => {
		expect(handleDelivery(signed(appointmentEvent), settings({ secret: '' }))).toEqual({
			kind: 'misconfigured',
			message: MISSING_SECRET_MESSAGE,
		});
	});

	it('refuses what fails verification with 401, before reading the event', () => {
		const delivery = signed(appointmentEvent);
		const tampered = { ...delivery, rawBody: Buffer.from(delivery.rawBody!.toString().replace('appt_1', 'appt_2')) };
		expect(handleDelivery(tampered, settings())).toMatchObject({ kind: 'reject', status: 401, reason: 'mismatch' });
		expect(handleDelivery({ ...delivery, headers: {} }, settings())).toMatchObject({
			kind: 'reject',
			status: 401,
			reason: 'missingTimestamp',
		});
		// Even for an event the user did not select: nothing unverified is answered 200.
		expect(handleDelivery(tampered, settings({ selectedEvents: ['job.completed'] }))).toMatchObject({
			kind: 'reject',
			status: 401,
		});
	});

	it('refuses a delivery whose raw bytes are unknown', () => {
		const delivery = signed(appointmentEvent);
		expect(handleDelivery({ ...delivery, rawBody: undefined }, settings())).toMatchObject({
			kind: 'reject',
			status: 401,
			reason: 'noRawBody',
		});
	});

	it('refuses a signed body that is not a JSON object, or has a bad event', () => {
		const rawBody = Buffer.from('event=job.completed');
		const notJson: Delivery = {
			headers: { 'api-timestamp': String(NOW_MS / 1000), 'api-signature': sign(rawBody) },
			rawBody,
			body: {},
		};
		expect(handleDelivery(notJson, settings())).toMatchObject({ kind: 'reject', status: 400, reason: 'notJson' });
		expect(handleDelivery({ ...notJson, headers: {} }, settings())).toMatchObject({ kind: 'reject', status: 401 });
		expect(handleDelivery(signed({ event: 42 }), settings())).toMatchObject({ kind: 'reject', status: 400, reason: 'badEvent' });
	});

	it('ignores events the user did not select', () => {
		expect(handleDelivery(signed(appointmentEvent), settings({ selectedEvents: ['job.scheduled'] }))).toEqual({
			kind: 'ignore',
			reason: 'unselectedEvent',
			event: 'job.appointment.scheduled',
		});
	});

	/** The bytes signed at `atMs`, as a delivery (attempt) made then. */
	function signedAt(rawBody: Buffer, atMs: number): Delivery {
		const timestamp = String(Math.floor(atMs / 1000));
		return { headers: { 'api-timestamp': timestamp, 'api-signature': sign(rawBody, timestamp) }, rawBody, body: JSON.parse(rawBody.toString()) };
	}

	it('starts a delivery once, whether it comes again with the same signature or re-signed', () => {
		const memory = new ReplayMemory(100);
		const replay = { memory, scope: 'wf/node' };
		const rawBody = Buffer.from(JSON.stringify(appointmentEvent));
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ replay })).kind).toBe('start');
		// Byte-identical replay, then a retry signed afresh a minute later.
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ replay }))).toMatchObject({ kind: 'ignore', reason: 'duplicate' });
		expect(handleDelivery(signedAt(rawBody, NOW_MS + 60_000), settings({ replay, nowMs: NOW_MS + 60_000 }))).toMatchObject({
			kind: 'ignore',
			reason: 'duplicate',
		});
		// The same delivery to another trigger node is that node's own.
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ replay: { memory, scope: 'wf/other' } })).kind).toBe('start');
	});

	it('starts two different deliveries that share event, record id and event_occurred_at', () => {
		const replay = { memory: new ReplayMemory(100), scope: 'wf/node' };
		const noteAdded = { ...appointmentEvent, appointment: { ...appointmentEvent.appointment, notes: 'gate code 4411' } };
		const pros = { ...appointmentEvent, appointment: { ...appointmentEvent.appointment, dispatched_employees: [{ id: 'pro_1' }] } };
		const first = handleDelivery(signed(noteAdded), settings({ replay }));
		const second = handleDelivery(signed(pros), settings({ replay }));
		expect([first.kind, second.kind]).toEqual(['start', 'start']);
		const ids = [first, second].map((outcome) => (outcome.kind === 'start' ? outcome.item.delivery_id : undefined));
		expect(new Set(ids).size).toBe(2);
	});

	it('remembers a delivery for the whole max age: a replay just inside it is a duplicate, nothing past it runs', () => {
		const replay = { memory: new ReplayMemory(100), scope: 'wf/node' };
		const maxAgeSeconds = 3600;
		const rawBody = Buffer.from(JSON.stringify(appointmentEvent));
		// Accepted with a timestamp 5 minutes ahead (skew): remembered until that timestamp passes the age.
		const original = signedAt(rawBody, NOW_MS + 300_000);
		expect(handleDelivery(original, settings({ replay, maxAgeSeconds })).kind).toBe('start');
		const lastSecond = NOW_MS + 300_000 + 3600_000;
		expect(handleDelivery(original, settings({ replay, maxAgeSeconds, nowMs: lastSecond }))).toMatchObject({ reason: 'duplicate' });
		expect(handleDelivery(original, settings({ replay, maxAgeSeconds, nowMs: lastSecond + 1000 }))).toMatchObject({
			kind: 'reject',
			reason: 'staleTimestamp',
		});
		// Housecall Pro re-signing it after the age has passed starts it again: the memory is not forever.
		expect(handleDelivery(signedAt(rawBody, lastSecond + 2000), settings({ replay, maxAgeSeconds, nowMs: lastSecond + 2000 })).kind).toBe('start');
	});

	it('accepts a retry that kept its first Api-Timestamp long after an outage', () => {
		const rawBody = Buffer.from(JSON.stringify(appointmentEvent));
		const tenMinutesLater = NOW_MS + 10 * 60_000;
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ nowMs: tenMinutesLater })).kind).toBe('start');
		const weekendLater = NOW_MS + 62 * 3600_000;
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ nowMs: weekendLater })).kind).toBe('start');
		expect(handleDelivery(signedAt(rawBody, NOW_MS), settings({ nowMs: NOW_MS + 73 * 3600_000 }))).toMatchObject({
			kind: 'reject',
			status: 401,
			reason: 'staleTimestamp',
		});
	});

	it('leaves the record untouched in Record Only, and remembers the delivery all the same', () => {
		const replay = { memory: new ReplayMemory(100), scope: 'wf/node' };
		const outcome = handleDelivery(signed(appointmentEvent), settings({ replay, output: 'record' }));
		expect(outcome).toEqual({ kind: 'start', event: appointmentEvent.event, item: appointmentEvent.appointment });
		expect(handleDelivery(signed(appointmentEvent), settings({ replay, output: 'record' }))).toMatchObject({ reason: 'duplicate' });
	});

	it('does not remember refused or ignored deliveries', () => {
		const memory = new ReplayMemory(100);
		const replay = { memory, scope: 'wf/node' };
		handleDelivery(signed(appointmentEvent), settings({ replay, selectedEvents: ['job.completed'] }));
		expect(memory.size).toBe(0);
		expect(handleDelivery(signed(appointmentEvent), settings({ replay })).kind).toBe('start');
	});
});

describe('readPayload', () => {
	it('uses the body n8n parsed, and parses the raw bytes only when it gave nothing', () => {
		const parsed = { event: 'job.completed' };
		expect(readPayload(parsed, Buffer.from('ignored'))).toBe(parsed);
		expect(readPayload({}, Buffer.from('{"event":"x"}'))).toEqual({ event: 'x' });
		expect(readPayload('{"event":"x"}', Buffer.from('{"event":"x"}'))).toEqual({ event: 'x' });
		expect(readPayload({}, Buffer.from('not json'))).toBeUndefined();
		expect(readPayload({}, Buffer.from('[1,2]'))).toBeUndefined();
		expect(readPayload({}, Buffer.alloc(0))).toEqual({});
		expect(readPayload(undefined, undefined)).toBeUndefined();
	});
});
