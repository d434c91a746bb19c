import { OBJECTS, WEBHOOK_EVENTS } from '../../nodes/shared/table';
import { ALL_EVENTS, EVENT_OPTIONS, eventLabel, eventTarget, isEventSelected } from '../../nodes/HousecallProWebhookTrigger';

describe('event options', () => {
	it('offer every event of the table once, plus All Events', () => {
		const values = EVENT_OPTIONS.map((option) => option.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values.filter((value) => value !== ALL_EVENTS).sort()).toEqual(WEBHOOK_EVENTS.map((e) => e.name).sort());
		expect(values[0]).toBe(ALL_EVENTS);
	});

	it('include the families the issue names', () => {
		const values = EVENT_OPTIONS.map((option) => option.value);
		expect(values).toEqual(
			expect.arrayContaining([
				'employee.created',
				'job.appointment.scheduled',
				'job.appointment.appointment_pros_assigned',
				'estimate.option.approval_status_changed',
				'invoice.payment.failed',
			]),
		);
	});

	it('follow an object added to the table (no second list)', () => {
		const objectsWithEvents = OBJECTS.filter((object) => object.events?.length).length;
		const groups = new Set(WEBHOOK_EVENTS.map((event) => event.object));
		expect(groups.size).toBe(objectsWithEvents);
		expect(EVENT_OPTIONS.length).toBe(WEBHOOK_EVENTS.length + 1);
	});

	it('are named for people, and keep each object together', () => {
		expect(eventLabel('job.completed')).toBe('Job Completed');
		expect(eventLabel('job.on_my_way')).toBe('Job On My Way');
		expect(eventLabel('job.appointment.appointment_pros_assigned')).toBe('Job Appointment Pros Assigned');
		expect(eventLabel('job.appointment.rescheduled')).toBe('Job Appointment Rescheduled');
		expect(eventLabel('estimate.option.approval_status_changed')).toBe('Estimate Option Approval Status Changed');
		expect(eventLabel('invoice.refund.succeeded')).toBe('Invoice Refund Succeeded');

		const names = EVENT_OPTIONS.slice(1).map((option) => option.name);
		const firstWordRuns = names.map((name) => name.split(' ')[0]).filter((word, i, all) => word !== all[i - 1]);
		expect(new Set(firstWordRuns).size).toBe(firstWordRuns.length);
	});

	it('say that employee.created is pro.created in Housecall Pro', () => {
		const option = EVENT_OPTIONS.find((o) => o.value === 'employee.created');
		expect(option?.name).toBe('Employee Created (pro.created in Housecall Pro)');
		expect(option?.description).toContain('pro.created');
	});
});

describe('isEventSelected', () => {
	it('matches exact names only', () => {
		expect(isEventSelected(['job.completed'], 'job.completed')).toBe(true);
		expect(isEventSelected(['job.completed'], 'job.created')).toBe(false);
		expect(isEventSelected(['job.appointment.scheduled'], 'job.scheduled')).toBe(false);
		expect(isEventSelected(['job.scheduled'], 'job.appointment.scheduled')).toBe(false);
		expect(isEventSelected([], 'job.completed')).toBe(false);
	});

	it('accepts everything, unknown events included, with *', () => {
		expect(isEventSelected([ALL_EVENTS], 'job.completed')).toBe(true);
		expect(isEventSelected(['customer.created', ALL_EVENTS], 'something.new')).toBe(true);
	});
});

describe('eventTarget', () => {
	it('reads object and payload key from the table', () => {
		expect(eventTarget('job.appointment.scheduled')).toEqual({ object: 'appointment', webhookKey: 'appointment' });
		expect(eventTarget('estimate.option.approval_status_changed')).toEqual({ object: 'estimate', webhookKey: 'estimate' });
		expect(eventTarget('employee.created')).toEqual({ object: 'employee', webhookKey: 'employee' });
		expect(eventTarget('invoice.payment.succeeded')).toEqual({ object: 'invoice', webhookKey: 'invoice' });
	});

	it('falls back to the first segment for events the table does not know', () => {
		expect(eventTarget('material.created')).toEqual({ object: 'material', webhookKey: 'material' });
	});
});
