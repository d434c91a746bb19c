/**
 * Estimate > Create as the form now builds it: customer, address and options at the top (required),
 * each option's line items with name, unit price and quantity in the entry itself. An estimate
 * cannot be changed afterwards, so the node refuses one without them before sending, and the fake
 * refuses what reaches it without them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeHcp } from '../fake-hcp';
import { run, withFake } from './node-helpers';

function customerWithAddress(fake: FakeHcp): { customerId: string; addressId: string } {
	const address = fake.store.list('address')[0];
	return { customerId: String(address.customer_id), addressId: String(address.id) };
}

/** What a person fills in: Add Option (name), Add Line Item (name, unit price, quantity). */
function formParameters(customerId: string, addressId: string, estimateOptions: IDataObject = {}): INodeParameters {
	return {
		resource: 'estimate',
		operation: 'create',
		customerId: { __rl: true, mode: 'list', value: customerId },
		addressId,
		estimateOptions,
		additionalFields: { message: 'Two ways to fix it' },
	} as INodeParameters;
}

const TWO_OPTIONS: IDataObject = {
	values: [
		{
			name: 'Repair',
			lineItems: {
				values: [
					{ name: 'Diagnostic visit', unitPrice: '8900', quantity: 1 },
					{ name: 'Thermocouple', description: 'Part and labor', unitPrice: '18500', quantity: 2, additionalFields: { unitCost: '4200' } },
				],
			},
		},
		{ name: 'Replace', lineItems: { values: [{ name: '50 gal water heater', unitPrice: '145000', quantity: 1 }] } },
	],
};

async function post(fake: FakeHcp, body: unknown): Promise<{ status: number; json: IDataObject }> {
	const response = await fetch(`${fake.url}/estimates`, {
		method: 'POST',
		headers: { Authorization: `Token ${fake.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as IDataObject };
}

describe('Estimate > Create', () => {
	it('sends customer, address and the options with their line items as the form holds them', async () => {
		await withFake({}, async (fake) => {
			const { customerId, addressId } = customerWithAddress(fake);
			const { items, error } = await run(fake, formParameters(customerId, addressId, TWO_OPTIONS));
			expect(error).toBeUndefined();
			const sent = fake.requests.filter((request) => request.method === 'POST' && request.path === '/estimates');
			expect(sent).toHaveLength(1);
			expect(sent[0].body).toEqual({
				customer_id: customerId,
				address_id: addressId,
				message: 'Two ways to fix it',
				options: [
					{
						name: 'Repair',
						line_items: [
							{ name: 'Diagnostic visit', unit_price: 8900, quantity: 1 },
							{ name: 'Thermocouple', description: 'Part and labor', unit_price: 18500, quantity: 2, unit_cost: 4200 },
						],
					},
					{ name: 'Replace', line_items: [{ name: '50 gal water heater', unit_price: 145000, quantity: 1 }] },
				],
			});
			const estimate = items[0].json as { id: string; customer: { id: string }; options: Array<{ name: string }> };
			expect(estimate.customer.id).toBe(customerId);
			expect(estimate.options.map((option) => option.name)).toEqual(['Repair', 'Replace']);
			const stored = fake.store.get('estimate', estimate.id)!;
			expect(stored).toMatchObject({ customer_id: customerId, address_id: addressId });
		});
	});

	it('refuses, before sending, an estimate without options, customer or address, naming each', async () => {
		await withFake({}, async (fake) => {
			const { customerId, addressId } = customerWithAddress(fake);
			// An empty required text or locator is refused by n8n itself, by its label; empty options by the node.
			const cases: Array<[INodeParameters, string]> = [
				[formParameters(customerId, addressId), 'Item 0: "options" is required'],
				[formParameters(customerId, addressId, { values: [] }), 'Item 0: "options" is required'],
				[formParameters('', addressId, TWO_OPTIONS), 'Parameter "Customer ID" is required.'],
				[formParameters(customerId, '', TWO_OPTIONS), 'Parameter "Address ID" is required.'],
			];
			for (const [parameters, message] of cases) {
				// n8n stops a workflow whose node has issues before it runs; the node's own refusals come as its error.
				const outcome = await run(fake, parameters).then(
					(result) => result.error?.message,
					(error: Error) => error.message,
				);
				expect(outcome).toContain(message);
			}
			expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
		});
	});
});

describe("the fake's POST /estimates", () => {
	it('refuses an estimate with no customer, no address or no option: 422 with each field blank', async () => {
		await withFake({}, async (fake) => {
			const { customerId, addressId } = customerWithAddress(fake);
			const option = { name: 'Repair', line_items: [{ name: 'Visit', unit_price: 8900, quantity: 1 }] };
			const before = fake.store.count('estimate');
			expect(await post(fake, {})).toEqual({
				status: 422,
				json: { errors: { customer_id: ["can't be blank"], address_id: ["can't be blank"], options: ["can't be blank"] } },
			});
			expect(await post(fake, { customer_id: customerId, address_id: addressId, options: [] })).toEqual({
				status: 422,
				json: { errors: { options: ["can't be blank"] } },
			});
			expect(await post(fake, { address_id: addressId, options: [option] })).toEqual({ status: 422, json: { errors: { customer_id: ["can't be blank"] } } });
			expect(await post(fake, { customer_id: customerId, options: [option] })).toEqual({ status: 422, json: { errors: { address_id: ["can't be blank"] } } });
			// Another customer's address is refused too, naming the field.
			const stranger = fake.store.list('address').find((address) => address.customer_id !== customerId)!;
			const foreign = await post(fake, { customer_id: customerId, address_id: stranger.id, options: [option] });
			expect(foreign).toEqual({ status: 422, json: { errors: { address_id: ['is not an address of this customer'] } } });
			expect(fake.store.count('estimate')).toBe(before);

			const made = await post(fake, { customer_id: customerId, address_id: addressId, options: [option] });
			expect(made.status).toBe(200);
			expect(fake.store.count('estimate')).toBe(before + 1);
		});
	});
});
