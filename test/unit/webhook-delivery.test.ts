import { createHmac } from 'node:crypto';

import {
	MISSING_SECRET_MESSAGE,
	ReplayMemory,
	handleDelivery,
	readPayload,
	type Delivery,
	type DeliverySettings,
} from '../../nodes/shared/webhook';

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
		toleranceSeconds: 300,
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

	it('starts a replay of one delivery once, within the tolerance window', () => {
		const memory = new ReplayMemory(100);
		const replay = { memory, scope: 'wf/node' };
		expect(handleDelivery(signed(appointmentEvent), settings({ replay })).kind).toBe('start');
		expect(handleDelivery(signed(appointmentEvent), settings({ replay }))).toMatchObject({ kind: 'ignore', reason: 'duplicate' });

		// The same record at another time, or another node, is a different delivery.
		const later = { ...appointmentEvent, event_occurred_at: '2026-07-24T05:38:15Z' };
		expect(handleDelivery(signed(later), settings({ replay })).kind).toBe('start');
		expect(handleDelivery(signed(appointmentEvent), settings({ replay: { memory, scope: 'wf/other' } })).kind).toBe('start');

		// After the window HCP's own retry with a fresh timestamp starts again.
		const afterWindowMs = NOW_MS + 301_000;
		const rawBody = Buffer.from(JSON.stringify(appointmentEvent));
		const timestamp = String(afterWindowMs / 1000);
		const fresh: Delivery = {
			headers: { 'api-timestamp': timestamp, 'api-signature': sign(rawBody, timestamp) },
			rawBody,
			body: appointmentEvent,
		};
		expect(handleDelivery(fresh, settings({ replay, nowMs: afterWindowMs })).kind).toBe('start');
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
