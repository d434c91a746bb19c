/**
 * The runtime body validator (nodes/HousecallPro/validate.ts) and date-time handling
 * (nodes/HousecallPro/datetime.ts), cross-checked against a zod schema built independently from the table.
 */
import { z } from 'zod';

import { isIsoDate, isZonedDateTime, toHcpDate, toHcpDateTime, zoneOffsetMinutes } from '../../nodes/HousecallPro/datetime';
import { OPERATIONS, getOperation } from '../../nodes/shared/table';
import type { BodyField } from '../../nodes/shared/table/types';
import { formatIssue, normalizeBody, validateBody } from '../../nodes/HousecallPro/validate';
import { sampleBody } from './node-samples';

const jsonBodyOperations = OPERATIONS.filter((operation) => operation.body?.contentType === 'json' && operation.body.fields.length);

describe('validateBody', () => {
	it.each(jsonBodyOperations.map((operation) => [operation.key, operation]))('accepts a complete sample body of %s', (_key, operation) => {
		expect(validateBody(operation.body!, sampleBody(operation.body!.fields))).toEqual([]);
	});

	const jobCreate = getOperation('job.create').body!;
	const valid = () => ({
		customer_id: 'cus_1',
		address_id: 'adr_1',
		line_items: [
			{ name: 'Tune-up', unit_price: 12900, quantity: 1 },
			{ name: 'Filter', unit_price: 2500 },
		],
	});

	it('names the field path of a non-integer cents value inside a list', () => {
		const body = valid();
		(body.line_items[1] as Record<string, unknown>).unit_price = 25.5;
		const issues = validateBody(jobCreate, body);
		expect(issues).toEqual([{ path: 'line_items[1].unit_price', message: 'must be a whole number of cents, e.g. 12550 for $125.50' }]);
		expect(formatIssue(2, issues[0])).toBe('Item 2: "line_items[1].unit_price" must be a whole number of cents, e.g. 12550 for $125.50');
	});

	it('reports missing and empty required fields, unknown fields and every problem at once', () => {
		const issues = validateBody(jobCreate, { address_id: '', line_items: [{ unit_price: 1 }], colour: 'red' });
		expect(issues).toEqual(
			expect.arrayContaining([
				{ path: 'customer_id', message: 'is required' },
				{ path: 'address_id', message: 'is required and may not be empty' },
				{ path: 'line_items[0].name', message: 'is required' },
				expect.objectContaining({ path: 'colour', message: expect.stringMatching(/^is not a field Housecall Pro takes here \(known: customer_id, address_id/) }),
			]),
		);
		expect(issues).toHaveLength(4);
	});

	it('checks every scalar type with a message that says what is expected', () => {
		const fields: BodyField[] = [
			{ name: 's', type: 'string', options: ['a', 'b'] },
			{ name: 'n', type: 'number' },
			{ name: 'i', type: 'integer' },
			{ name: 'b', type: 'boolean' },
			{ name: 't', type: 'dateTime' },
			{ name: 'd', type: 'date' },
			{ name: 'l', type: 'stringArray', options: ['x'] },
			{ name: 'o', type: 'object', fields: [{ name: 'k', type: 'string' }] },
			{ name: 'a', type: 'objectArray', fields: [{ name: 'k', type: 'string' }] },
		];
		const bad = { s: 'c', n: Number.NaN, i: 1.5, b: 'yes', t: '2026-07-24T15:00:00', d: '2026-02-30', l: ['y'], o: [], a: [1] };
		expect(validateBody({ fields }, bad)).toEqual([
			{ path: 's', message: 'must be one of: a, b' },
			{ path: 'n', message: 'must be a number' },
			{ path: 'i', message: 'must be an integer' },
			{ path: 'b', message: 'must be true or false' },
			{ path: 't', message: 'must be an ISO-8601 date-time with Z or an offset, e.g. 2026-07-24T15:00:00Z' },
			{ path: 'd', message: 'must be a date YYYY-MM-DD' },
			{ path: 'l', message: 'must be a list of: x' },
			{ path: 'o', message: 'must be an object' },
			{ path: 'a[0]', message: 'must be an object' },
		]);
		const good = { s: 'a', n: 0.5, i: -3, b: false, t: '2026-07-24T15:00:00+02:00', d: '2026-02-28', l: ['x'], o: { k: 'v' }, a: [{ k: 'v' }] };
		expect(validateBody({ fields }, good)).toEqual([]);
	});

	it('lets null clear an optional field but not a required one', () => {
		const fields: BodyField[] = [
			{ name: 'keep', type: 'string', required: true },
			{ name: 'clear', type: 'string' },
		];
		expect(validateBody({ fields }, { keep: 'x', clear: null })).toEqual([]);
		expect(validateBody({ fields }, { keep: null })).toEqual([{ path: 'keep', message: 'is required' }]);
	});

	it('applies requireOneOf and refuses a body that is not an object', () => {
		const customerCreate = getOperation('customer.create').body!;
		expect(validateBody(customerCreate, { company: 'Acme' })).toEqual([
			{ path: '', message: 'needs at least one of: first_name, last_name, email, mobile_number, home_number, work_number' },
		]);
		expect(validateBody(customerCreate, { email: 'a@b.c' })).toEqual([]);
		expect(validateBody(customerCreate, [{ email: 'a@b.c' }])).toEqual([{ path: '', message: 'must be a JSON object' }]);
		expect(formatIssue(0, { path: '', message: 'must be a JSON object' })).toBe('Item 0: the body must be a JSON object');
	});

	it('accepts any keys in an object the table leaves open (franchise external metadata)', () => {
		const franchise = getOperation('company.updateFranchiseInfo').body!;
		expect(validateBody(franchise, { metadata: { external: { anything: [1, { deep: true }] } } })).toEqual([]);
	});
});

/** An independent reading of the table's types as zod schemas (strict: unknown keys rejected). */
function zodOf(fields: readonly BodyField[]): z.ZodTypeAny {
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const field of fields) {
		let schema: z.ZodTypeAny;
		switch (field.type) {
			case 'string':
				schema = field.options
					? z.enum(field.options as [string, ...string[]])
					: field.format === 'email'
						? z.string().email()
						: z.string();
				break;
			case 'number':
				schema = z.number().finite();
				break;
			case 'integer':
			case 'cents':
				schema = z.number().int();
				break;
			case 'boolean':
				schema = z.boolean();
				break;
			case 'dateTime':
				schema = z.string().datetime({ offset: true });
				break;
			case 'date':
				schema = z.string().date();
				break;
			case 'stringArray':
				schema = z.array(field.options ? z.enum(field.options as [string, ...string[]]) : z.string());
				break;
			case 'object':
				schema = field.fields?.length ? zodOf(field.fields) : z.record(z.unknown());
				break;
			case 'objectArray':
				schema = z.array(field.fields?.length ? zodOf(field.fields) : z.record(z.unknown()));
				break;
		}
		shape[field.name] = field.required ? schema : schema.nullable().optional();
	}
	return z.object(shape).strict();
}

/** Wrong values for a type: each must fail both validators. */
function wrongValuesFor(field: BodyField): unknown[] {
	switch (field.type) {
		case 'string':
			if (field.format === 'email') return ['not-an-email', 'two words@x.com', 3];
			return field.options ? ['not-an-option', 3] : [3, true, ['x']];
		case 'number':
			return ['1.5', true];
		case 'integer':
		case 'cents':
			return [1.5, '100'];
		case 'boolean':
			return ['true', 1];
		case 'dateTime':
			return ['2026-07-24 15:00', '2026-13-01T00:00:00Z', 1753369200];
		case 'date':
			return ['2026-07-24T00:00:00Z', '24/07/2026'];
		case 'stringArray':
			return ['a,b', [1]];
		case 'object':
			return ['x', [1]];
		case 'objectArray':
			return [{}, 'x', [3]];
	}
}

describe('validateBody agrees with a zod reading of the table', () => {
	it.each(jsonBodyOperations.map((operation) => [operation.key, operation]))('%s: the same mutations fail both', (_key, operation) => {
		const fields = operation.body!.fields;
		const schema = zodOf(fields);
		const sample = sampleBody(fields);
		expect(schema.safeParse(sample).success).toBe(true);
		for (const field of fields) {
			for (const wrong of wrongValuesFor(field)) {
				const body = { ...sample, [field.name]: wrong };
				const issues = validateBody(operation.body!, body);
				expect({ field: field.name, wrong, zod: schema.safeParse(body).success }).toEqual({ field: field.name, wrong, zod: false });
				expect(issues.map((issue) => issue.path.split(/[.[]/)[0])).toContain(field.name);
			}
			// Nested fields: one wrong leaf inside the first element names its full path.
			const children = field.fields ?? [];
			const leaf = children.find((child) => child.type === 'cents' || child.type === 'integer' || child.type === 'boolean');
			if (leaf && (field.type === 'object' || field.type === 'objectArray')) {
				const nested = structuredClone(sample) as Record<string, any>;
				const target = field.type === 'objectArray' ? nested[field.name][0] : nested[field.name];
				target[leaf.name] = 'wrong';
				const path = field.type === 'objectArray' ? `${field.name}[0].${leaf.name}` : `${field.name}.${leaf.name}`;
				expect(validateBody(operation.body!, nested).map((issue) => issue.path)).toEqual([path]);
				expect(schema.safeParse(nested).success).toBe(false);
			}
		}
	});
});

describe('date-times', () => {
	it('recognises zoned ISO-8601 and real calendar dates only', () => {
		expect(isZonedDateTime('2026-07-24T15:00:00Z')).toBe(true);
		expect(isZonedDateTime('2026-07-24T15:00:00.123-05:00')).toBe(true);
		expect(isZonedDateTime('2026-07-24T15:00:00+0530')).toBe(true);
		expect(isZonedDateTime('2026-07-24T15:00:00')).toBe(false);
		expect(isZonedDateTime('2026-02-30T15:00:00Z')).toBe(false);
		expect(isZonedDateTime('2026-07-24T24:00:00Z')).toBe(false);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
	});

	it('reads wall-clock text in the workflow time zone, across daylight saving', () => {
		expect(toHcpDateTime('2026-07-24T09:00:00', 'America/New_York')).toBe('2026-07-24T13:00:00Z');
		expect(toHcpDateTime('2026-01-24T09:00:00', 'America/New_York')).toBe('2026-01-24T14:00:00Z');
		expect(toHcpDateTime('2026-07-24 09:00', 'Europe/Berlin')).toBe('2026-07-24T07:00:00Z');
		expect(toHcpDateTime('2026-07-24', 'Asia/Kolkata')).toBe('2026-07-23T18:30:00Z');
		// 02:30 on the spring-forward night does not exist in New York; it lands an hour later.
		expect(toHcpDateTime('2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00Z');
		expect(toHcpDateTime('2026-03-29T02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00Z');
		// A wall time that occurs twice (fall back) is its first occurrence.
		expect(toHcpDateTime('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00Z');
		expect(toHcpDateTime('2026-10-25T02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00Z');
		expect(zoneOffsetMinutes(Date.parse('2026-07-24T12:00:00Z'), 'America/Los_Angeles')).toBe(-420);
	});

	it('keeps zoned text (as UTC, to the second), and takes Date and Luxon-like values', () => {
		expect(toHcpDateTime('2026-07-24T15:00:00.900+02:00', 'America/New_York')).toBe('2026-07-24T13:00:00Z');
		expect(toHcpDateTime(new Date('2026-07-24T15:00:00Z'), 'UTC')).toBe('2026-07-24T15:00:00Z');
		expect(toHcpDateTime({ toISO: () => '2026-07-24T10:00:00.000-05:00' }, 'UTC')).toBe('2026-07-24T15:00:00Z');
		expect(toHcpDateTime('tomorrow', 'UTC')).toBeUndefined();
		expect(toHcpDateTime('2026-02-30T10:00:00', 'UTC')).toBeUndefined();
	});

	it('cuts dates to the day the user picked', () => {
		expect(toHcpDate('2026-07-24T00:00:00', 'America/New_York')).toBe('2026-07-24');
		expect(toHcpDate('2026-07-24', 'UTC')).toBe('2026-07-24');
		// 02:00Z on the 25th is still the 24th in New York.
		expect(toHcpDate('2026-07-25T02:00:00Z', 'America/New_York')).toBe('2026-07-24');
		expect(toHcpDate('24.07.2026', 'UTC')).toBeUndefined();
	});

	it('normalizeBody converts date-times and dates wherever the table puts them, and nothing else', () => {
		const body = normalizeBody(
			getOperation('job.create').body!.fields,
			{
				customer_id: 'cus_1',
				schedule: { scheduled_start: '2026-07-24T09:00:00', anytime_start_date: '2026-07-24T00:00:00', arrival_window: 60 },
				notes: '2026-07-24T09:00:00',
			},
			'America/Chicago',
		);
		expect(body).toEqual({
			customer_id: 'cus_1',
			schedule: { scheduled_start: '2026-07-24T14:00:00Z', anytime_start_date: '2026-07-24', arrival_window: 60 },
			notes: '2026-07-24T09:00:00',
		});
	});
});
