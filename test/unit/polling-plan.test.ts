import { OBJECTS, getOperation } from '../../nodes/shared/table';
import { RECORD_EVENTS, STATUS_EVENTS } from '../../nodes/HousecallProTrigger/events';
import { buildPlan, listableObjects, statusQuery } from '../../nodes/HousecallProTrigger/plan';
import { queryFromFields, triggerProperties } from '../../nodes/HousecallProTrigger/description';
import { getObject } from '../../nodes/shared/table';

describe('what the trigger offers comes from the table', () => {
	const properties = triggerProperties();
	const objectOptions = (properties.find((p) => p.name === 'object')!.options ?? []) as { value: string }[];

	it('offers every object with a list operation, and nothing else', () => {
		const expected = OBJECTS.filter((object) => object.listOperation).map((object) => object.name).sort();
		expect(objectOptions.map((option) => option.value).sort()).toEqual(expected);
		expect(listableObjects().map((object) => object.name).sort()).toEqual(expected);
	});

	it('reads incrementally exactly the objects the table marks with updated_at', () => {
		for (const object of listableObjects()) {
			const plan = buildPlan({ object: object.name, event: 'newOrUpdated', query: {} });
			expect([object.name, plan.strategy]).toEqual([object.name, object.updatedAt ? 'incremental' : 'scan']);
		}
	});

	it('reads the whole list for Deleted, whatever the object', () => {
		for (const object of listableObjects()) expect(buildPlan({ object: object.name, event: 'deleted', query: {} }).strategy).toBe('scan');
	});

	it('status events use filters the table knows, with values it allows', () => {
		for (const event of STATUS_EVENTS) {
			const object = getObject(event.object);
			const operation = getOperation(object.listOperation!);
			if (event.filter) {
				const param = operation.query?.find((candidate) => candidate.name === event.filter!.param);
				expect([event.value, param?.name]).toEqual([event.value, event.filter.param]);
				for (const value of event.filter.values) expect(param!.options).toContain(value);
				if (!param!.array) expect(event.filter.values).toHaveLength(1);
			}
			if (event.within) expect(getObject(event.within.object).name).toBe(event.within.object);
			const plan = buildPlan({ object: event.object, event: event.value, query: {} });
			const expected = object.updatedAt && !event.within ? 'statusIncremental' : 'statusScan';
			expect([event.value, plan.strategy]).toEqual([event.value, expected]);
		}
	});

	it('offers the record events and every status event in one Event field (test/unit/node-panel.test.ts: which object each gets)', () => {
		const eventProps = properties.filter((p) => p.name === 'event');
		expect(eventProps).toHaveLength(1);
		expect(eventProps[0].displayOptions).toBeUndefined();
		const values = (eventProps[0].options as { value: string }[]).map((option) => option.value);
		expect(values).toEqual([...RECORD_EVENTS.map((e) => e.value), ...STATUS_EVENTS.map((e) => e.value)]);
	});

	it('shows the parameters a list requires as fields of their own', () => {
		for (const object of listableObjects()) {
			for (const param of getOperation(object.listOperation!).query ?? []) {
				if (!param.required) continue;
				const field = properties.find((p) => p.name === param.name && (p.displayOptions?.show?.object as string[]).includes(object.name));
				expect(field?.required).toBe(true);
			}
		}
	});
});

describe('buildPlan', () => {
	it('refuses an unknown object or an event of another object, naming them', () => {
		expect(() => buildPlan({ object: 'company', event: 'new', query: {} })).toThrow('"company"');
		expect(() => buildPlan({ object: 'customer', event: 'invoicePaid', query: {} })).toThrow('"invoicePaid"');
	});

	it('changes the settings hash with object, event or filters', () => {
		const base = buildPlan({ object: 'job', event: 'new', query: {} }).config;
		expect(buildPlan({ object: 'job', event: 'new', query: {} }).config).toBe(base);
		expect(buildPlan({ object: 'job', event: 'updated', query: {} }).config).not.toBe(base);
		expect(buildPlan({ object: 'customer', event: 'new', query: {} }).config).not.toBe(base);
		expect(buildPlan({ object: 'job', event: 'new', query: { work_status: ['scheduled'] } }).config).not.toBe(base);
	});

	it('lets the status event own its filter', () => {
		const plan = buildPlan({ object: 'job', event: 'jobCompleted', query: { work_status: ['scheduled'], customer_id: 'cus_1' } });
		expect(statusQuery(plan)).toEqual({ customer_id: 'cus_1', work_status: ['completed'] });
		const lead = buildPlan({ object: 'lead', event: 'leadWon', query: {} });
		expect(statusQuery(lead)).toEqual({ status: 'won' });
	});
});

describe('queryFromFields', () => {
	it('sends arrays as lists, splits comma text, drops empty values', () => {
		const job = getObject('job');
		const query = queryFromFields(job, () => undefined, {
			work_status: ['scheduled', 'completed'],
			employee_ids: ' pro_1, ,pro_2 ',
			customer_id: '',
			location_ids: '',
		});
		expect(query).toEqual({ work_status: ['scheduled', 'completed'], employee_ids: ['pro_1', 'pro_2'] });
	});
	it('reads required parameters from their own field and ignores unknown filters', () => {
		const material = getObject('material');
		expect(queryFromFields(material, (name) => (name === 'material_category_uuid' ? 'pbmcat_1' : undefined), { bogus: 1 })).toEqual({
			material_category_uuid: 'pbmcat_1',
		});
	});
});
