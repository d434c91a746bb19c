/**
 * Errors through the engine: HCP's field detail kept, the item named and paired, continueOnFail
 * turning an error into an item, and bad input stopped before anything is sent.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FakeHcp } from '../fake-hcp';
import { run, withFake } from './node-helpers';

interface ErrorShape {
	message: string;
	description?: string;
	httpCode?: string;
	context?: { itemIndex?: number };
}

/** Two customers, each with an address: job creates for the first customer at either address. */
function twoCustomers(fake: FakeHcp) {
	const addresses = fake.store.list('address');
	const first = addresses[0];
	const other = addresses.find((address) => address.customer_id !== first.customer_id)!;
	return { customerId: String(first.customer_id), ownAddress: String(first.id), foreignAddress: String(other.id) };
}

const jobCreateByExpression: INodeParameters = {
	resource: 'job',
	operation: 'create',
	customerId: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
	addressId: '={{ $json.address }}',
};

describe('errors', () => {
	it('continueOnFail: a 422 becomes an error item with the field detail, paired with its input', async () => {
		await withFake({}, async (fake) => {
			const { customerId, ownAddress, foreignAddress } = twoCustomers(fake);
			fake.clearRequests();
			const { items, error } = await run(
				fake,
				jobCreateByExpression,
				[
					{ customer: customerId, address: ownAddress },
					{ customer: customerId, address: foreignAddress },
					{ customer: customerId, address: ownAddress },
				],
				true,
			);
			expect(error).toBeUndefined();
			expect(fake.requests.map((request) => request.status)).toEqual([201, 422, 201]);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json.id).toMatch(/^job_/);
			expect(items[2].json.id).toMatch(/^job_/);
			expect(items[1].json).toEqual({
				error: 'Housecall Pro rejected the request',
				details: 'address_id: is not an address of this customer\nRequest: POST /jobs',
				httpCode: '422',
				itemIndex: 1,
			});
		});
	});

	it('without continueOnFail the run stops at the failing item with HCP field detail and the item index', async () => {
		await withFake({}, async (fake) => {
			const { customerId, ownAddress, foreignAddress } = twoCustomers(fake);
			fake.clearRequests();
			const { error } = await run(fake, jobCreateByExpression, [
				{ customer: customerId, address: ownAddress },
				{ customer: customerId, address: foreignAddress },
				{ customer: customerId, address: ownAddress },
			]);
			const failure = error as unknown as ErrorShape;
			expect(failure.message).toBe('Housecall Pro rejected the request');
			expect(failure.description).toContain('address_id: is not an address of this customer');
			expect(failure.httpCode).toBe('422');
			expect(failure.context?.itemIndex).toBe(1);
			// The third item is never sent.
			expect(fake.requests).toHaveLength(2);
		});
	});

	it('a JSON body that breaks the table types names the item and the field path, and is not sent', async () => {
		await withFake({}, async (fake) => {
			const { customerId, ownAddress } = twoCustomers(fake);
			const parameters: INodeParameters = {
				resource: 'job',
				operation: 'create',
				sendBodyAs: 'json',
				jsonBody: '={{ JSON.stringify({ customer_id: $json.customer, address_id: $json.address, line_items: [{ name: "Labor", unit_price: $json.price }] }) }}',
			};
			const input = [12900, 5000, 25.5].map((price) => ({ customer: customerId, address: ownAddress, price }));
			fake.clearRequests();
			const { error } = await run(fake, parameters, input);
			expect(error?.message).toBe('Item 2: "line_items[0].unit_price" must be a whole number of cents, e.g. 12550 for $125.50');
			expect((error as unknown as ErrorShape).context?.itemIndex).toBe(2);
			expect(fake.requests.map((request) => request.status)).toEqual([201, 201]);
			expect(fake.requests.map((request) => (request.body as { line_items: unknown }).line_items)).toEqual([
				[{ name: 'Labor', unit_price: 12900 }],
				[{ name: 'Labor', unit_price: 5000 }],
			]);

			fake.clearRequests();
			const tolerant = await run(fake, parameters, input, true);
			expect(tolerant.items[2].json).toMatchObject({ error: 'Item 2: "line_items[0].unit_price" must be a whole number of cents, e.g. 12550 for $125.50', itemIndex: 2 });
			expect(tolerant.items[2].pairedItem).toEqual({ item: 2 });
			expect(fake.requests).toHaveLength(2);
		});
	});

	it('JSON that does not parse, unknown fields and missing required fields are all named', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const broken = await run(fake, { resource: 'tag', operation: 'create', sendBodyAs: 'json', jsonBody: '{"name": "VIP",}' });
			expect(broken.error?.message).toMatch(/^Item 0: the body given in JSON Body is not valid JSON \(/);

			const unknown = await run(fake, { resource: 'job', operation: 'addNote', jobId: 'job_x', sendBodyAs: 'json', jsonBody: '{"content": "hi", "body": "hi"}' });
			expect(unknown.error?.message).toBe('Item 0: "body" is not a field Housecall Pro takes here (known: content)');

			// n8n itself refuses a required field left empty in the editor; an expression can still yield nothing.
			const missing = await run(fake, { resource: 'job', operation: 'create', customerId: { __rl: true, mode: 'id', value: 'cus_1' }, addressId: '={{ $json.none }}' });
			expect(missing.error?.message).toBe('Item 0: "address_id" is required');

			const empty = await run(fake, { resource: 'customer', operation: 'update', customerId: { __rl: true, mode: 'id', value: 'cus_1' } });
			expect(empty.error?.message).toBe('Item 0: the body has no field to change: set at least one field');

			const noPath = await run(fake, { resource: 'job', operation: 'get', jobId: { __rl: true, mode: 'id', value: ' ' } });
			expect(noPath.error?.message).toBe('Item 0: "Job ID" is required');

			const badFilter = await run(fake, { resource: 'invoice', operation: 'getMany', filters: { createdAtMin: 'yesterday' } });
			expect(badFilter.error?.message).toBe('Item 0: "created_at_min" must be a date-time, e.g. 2026-07-24T15:00:00Z');
			expect(fake.requests).toHaveLength(0);
		});
	});

	it('a partner-only operation refused to a company key says why', async () => {
		await withFake({ partnerOnly: 403 }, async (fake) => {
			const job = fake.store.list('job')[0];
			const { error } = await run(fake, { resource: 'job', operation: 'lock', jobId: { __rl: true, mode: 'id', value: String(job.id) } });
			const failure = error as unknown as ErrorShape;
			expect(failure.httpCode).toBe('403');
			expect(failure.description).toMatch(/partner applications \(application key or OAuth\) only/);
		});
	});

	it('a record HCP does not have is a 404 naming it, and never carries the key', async () => {
		await withFake({}, async (fake) => {
			const { error } = await run(fake, { resource: 'customer', operation: 'get', customerId: { __rl: true, mode: 'id', value: 'cus_missing' } });
			const failure = error as unknown as ErrorShape;
			expect(failure.httpCode).toBe('404');
			// The id that was not found, and where a right one comes from.
			expect(failure.message).toBe(
				'Not found in Housecall Pro: Customer ID "cus_missing": find it with Customer > Find (by phone, email or name) or Customer > Get Many',
			);
			expect(JSON.stringify(error)).not.toContain(fake.apiKey);
		});
	});
});

describe('checked before sending', () => {
	it('an email without a mailbox form is refused, naming the field and the value', async () => {
		await withFake({}, async (fake) => {
			const count = fake.store.list('customer').length;
			fake.clearRequests();
			const { error } = await run(fake, { resource: 'customer', operation: 'create', additionalFields: { firstName: 'Ana', email: 'ana at example' } });
			expect(error?.message).toBe('Item 0: "email" must be an email address like name@example.com, got "ana at example"');
			expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
			expect(fake.store.list('customer')).toHaveLength(count);
		});
	});

	it('an id without its prefix never reaches Housecall Pro', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const { error } = await run(fake, { resource: 'customerAddress', operation: 'getMany', customerId: { __rl: true, mode: 'id', value: '12345' } });
			expect(error?.message).toMatch(/^Item 0: "Customer ID" must be a Housecall Pro customer ID starting with cus_, got "12345"/);
			expect(fake.requests).toHaveLength(0);
		});
	});
});

describe('refusals recorded live', () => {
	it('an empty input-materials bulk update is refused before it is sent, naming the field', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			fake.clearRequests();
			const { error } = await run(fake, {
				resource: 'jobInputMaterial',
				operation: 'bulkUpdate',
				jobId: { __rl: true, mode: 'id', value: String(job.id) },
			});
			expect(error?.message).toMatch(/^Item 0: "(job_input_materials|Input Materials)" is required/);
			expect(fake.requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
		});
	});

	it('appointments of a canceled job: HCP answers 400 Archived job, the node says what it means', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			fake.store.update('job', String(job.id), { work_status: 'pro canceled' });
			const { error } = await run(fake, { resource: 'jobAppointment', operation: 'getMany', jobId: { __rl: true, mode: 'id', value: String(job.id) } });
			expect(error?.message).toContain('Archived job: the job is canceled');
		});
	});
});

describe('money typed with a decimal point', () => {
	it('a cents field given 125.5 is refused by item and field, and nothing is sent; 12550 goes as typed', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			const parameters = (unitPrice: string): INodeParameters => ({
				resource: 'jobLineItem',
				operation: 'create',
				jobId: { __rl: true, mode: 'id', value: String(job.id) },
				name: 'Labor',
				additionalFields: { unitPrice },
			});
			fake.clearRequests();
			const refused = await run(fake, parameters('125.5'));
			expect(refused.error?.message).toBe('Item 0: "unit_price" must be a whole number of cents, e.g. 12550 for $125.50');
			expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);

			const sent = await run(fake, parameters('12550'));
			expect(sent.error).toBeUndefined();
			expect(fake.requests.find((request) => request.method === 'POST')?.body).toEqual({ name: 'Labor', unit_price: 12550 });
		});
	});
});
