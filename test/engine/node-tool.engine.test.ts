/**
 * The action node as n8n runs it for an AI agent: under its `...Tool` type (n8n's copy of the
 * description with `Tool` appended to the name, which turns on the `@tool` display conditions).
 * What the model gets back: compact records, "nothing matched" instead of [], errors that name
 * the id and the next step.
 */
import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { fullTypeName, registerNodeType, runNode } from '../harness';
import type { FakeHcp } from '../fake-hcp';
import { credentialsOf, queryPairs, withFake } from './node-helpers';

const TOOL_TYPE = 'housecallProTool';

/** What n8n 2.40.7's convertNodeToAiTool makes of our node (it adds no description field: we have one). */
class HousecallProTool implements INodeType {
	private readonly base = new HousecallPro();

	description: INodeTypeDescription = {
		...this.base.description,
		name: TOOL_TYPE,
		displayName: 'Housecall Pro Tool',
		inputs: [],
		outputs: ['ai_tool'],
	};

	methods = this.base.methods;

	async execute(this: IExecuteFunctions) {
		return await HousecallPro.prototype.execute.call(this);
	}
}
registerNodeType(fullTypeName(TOOL_TYPE), new HousecallProTool());

async function runTool(fake: FakeHcp, parameters: Record<string, unknown>) {
	return await runNode({ credentials: credentialsOf(fake), parameters: parameters as never, type: TOOL_TYPE });
}

function formatted(digits: string): string {
	return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function seededCustomer(fake: FakeHcp) {
	const customer = fake.store.list('customer').find((record) => typeof record.mobile_number === 'string' && record.mobile_number.length === 10);
	if (!customer) throw new Error('seed has no customer with a mobile number');
	return customer;
}

describe('the tool description n8n hands to the model', () => {
	const toolDescription = new HousecallProTool().description;
	const node = (parameters: Record<string, unknown>) => ({
		id: 'tool',
		name: 'Housecall Pro',
		type: `n8n-nodes-housecall-pro.${TOOL_TYPE}`,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: parameters as never,
	});

	it('is written for the chosen operation, with the editor defaults', () => {
		const resolve = (parameters: Record<string, unknown>) =>
			NodeHelpers.getNodeParameters(toolDescription.properties, parameters as never, true, false, node(parameters), toolDescription)!;
		const find = String(resolve({ resource: 'customer', operation: 'find' }).toolDescription);
		const create = String(resolve({ resource: 'job', operation: 'create' }).toolDescription);
		expect(find).toMatch(/never creates/);
		expect(find).toMatch(/matched: false/);
		expect(create).toContain('Customer_ID (cus_... from Customer > Find)');
		expect(create).toContain("Address_ID (adr_... from the customer's addresses)");
		expect(create).toMatch(/integer cents/);
		// n8n's own fallback would be the action label plus " in Housecall Pro".
		expect(create).not.toMatch(/in Housecall Pro$/);
	});

	it('is not a parameter of the plain node', () => {
		const plain = new HousecallPro().description;
		const parameters = { resource: 'customer', operation: 'find' };
		const resolved = NodeHelpers.getNodeParameters(plain.properties, parameters as never, true, false, node(parameters), plain)!;
		expect(resolved.toolDescription).toBeUndefined();
	});
});

describe('Customer > Find', () => {
	it('finds a caller by a formatted phone number, searching HCP by its digits, and answers compact', async () => {
		await withFake({}, async (fake) => {
			const customer = seededCustomer(fake);
			fake.clearRequests();
			const { items, error } = await runTool(fake, { resource: 'customer', operation: 'find', phone: formatted(String(customer.mobile_number)) });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.id)).toContain(customer.id);
			const found = items.find((item) => item.json.id === customer.id)!.json;
			expect(found.matched_by).toEqual(['phone']);
			expect(found).not.toHaveProperty('company_id');
			expect(Array.isArray(found.addresses)).toBe(true);
			expect(fake.requests.map((request) => queryPairs(request).find((pair) => pair.startsWith('q=')))).toContain(`q=${String(customer.mobile_number)}`);
			expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);
		});
	});

	it('finds by the last four digits and by name words', async () => {
		await withFake({}, async (fake) => {
			const customer = seededCustomer(fake);
			const byEnd = await runTool(fake, { resource: 'customer', operation: 'find', phone: String(customer.mobile_number).slice(-4) });
			expect(byEnd.items.map((item) => item.json.id)).toContain(customer.id);
			const byName = await runTool(fake, { resource: 'customer', operation: 'find', name: `${String(customer.last_name)} ${String(customer.first_name)}` });
			expect(byName.items.map((item) => item.json.id)).toContain(customer.id);
		});
	});

	it('tells a tool that nobody matched, and what to do, instead of answering []', async () => {
		await withFake({}, async (fake) => {
			const count = fake.store.list('customer').length;
			const { items, error } = await runTool(fake, { resource: 'customer', operation: 'find', phone: '(555) 000-0000' });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ matched: false });
			expect(String(items[0].json.message)).toContain('5550000000');
			expect(String(items[0].json.hint)).toMatch(/Customer > Create/);
			expect(fake.store.list('customer')).toHaveLength(count);
		});
	});

	it('gives a plain node no item when nobody matched (n8n\'s "Always Output Data" decides)', async () => {
		await withFake({}, async (fake) => {
			const { items, error } = await runNode({
				credentials: credentialsOf(fake),
				parameters: { resource: 'customer', operation: 'find', email: 'nobody@nowhere.example' },
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(0);
		});
	});

	it('refuses a phone with too few digits and an empty query, naming the field', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const short = await runTool(fake, { resource: 'customer', operation: 'find', phone: '12' });
			expect(short.error?.message).toBe('"Phone" needs at least 4 digits, got "12"');
			const empty = await runTool(fake, { resource: 'customer', operation: 'find' });
			expect(empty.error?.message).toMatch(/^"Phone" or Email or Name is required/);
			expect(fake.requests).toHaveLength(0);
		});
	});
});

describe('lists as a tool', () => {
	it('a customer with no jobs gets "No jobs matched", an unknown customer id an error naming it', async () => {
		await withFake({}, async (fake) => {
			const jobless = fake.store.list('customer').find((customer) => !fake.store.list('job').some((job) => job.customer_id === customer.id));
			expect(jobless).toBeDefined();
			const none = await runTool(fake, { resource: 'job', operation: 'getMany', filters: { customerId: String(jobless!.id) } });
			expect(none.error).toBeUndefined();
			expect(none.items.map((item) => item.json)).toEqual([
				{ matched: false, message: `No jobs matched (customer_id=${String(jobless!.id)}).`, hint: 'Widen or remove a filter and try again.' },
			]);

			const unknown = await runTool(fake, { resource: 'job', operation: 'getMany', filters: { customerId: 'cus_doesnotexist' } });
			expect(unknown.error?.message).toBe(
				'Housecall Pro has no customer with ID "cus_doesnotexist", so there are no jobs to list for it: find it with Customer > Find (by phone, email or name) or Customer > Get Many',
			);
		});
	});

	it('a plain node still answers an empty list with no items', async () => {
		await withFake({}, async (fake) => {
			const { items } = await runNode({
				credentials: credentialsOf(fake),
				parameters: { resource: 'job', operation: 'getMany', filters: { customerId: 'cus_doesnotexist' } },
			});
			expect(items).toHaveLength(0);
		});
	});

	it('employees come without their permission flags', async () => {
		await withFake({}, async (fake) => {
			const { items } = await runTool(fake, { resource: 'employee', operation: 'getMany', limit: 3 });
			expect(items).toHaveLength(3);
			for (const item of items) {
				expect(Object.keys(item.json).sort()).toEqual(['email', 'id', 'mobile_number', 'name', 'role', 'tags']);
			}
		});
	});
});

describe('errors as a tool', () => {
	it('an id in the wrong form is refused before sending, with where to get a right one, and no "Item 0:"', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const { error } = await runTool(fake, { resource: 'customer', operation: 'get', customerId: { __rl: true, mode: 'id', value: '12345' } });
			expect(error?.message).toBe(
				'"Customer ID" must be a Housecall Pro customer ID starting with cus_, got "12345": find it with Customer > Find (by phone, email or name) or Customer > Get Many',
			);
			expect(fake.requests).toHaveLength(0);
		});
	});

	it('a plain node keeps the item number in the same error', async () => {
		await withFake({}, async (fake) => {
			const { error } = await runNode({
				credentials: credentialsOf(fake),
				parameters: { resource: 'job', operation: 'get', jobId: { __rl: true, mode: 'id', value: 'JOB-77' } },
			});
			expect(error?.message).toMatch(/^Item 0: "Job ID" must be a Housecall Pro job ID starting with job_, got "JOB-77"/);
		});
	});
});

describe('writes as a tool', () => {
	it('a created job comes back compact to a tool and in full to a plain node', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.list('customer')[0];
			const address = fake.store.children('address', String(customer.id))[0];
			const parameters = {
				resource: 'job',
				operation: 'create',
				customerId: { __rl: true, mode: 'id', value: String(customer.id) },
				addressId: String(address.id),
			};
			const tool = await runTool(fake, parameters);
			expect(tool.error).toBeUndefined();
			expect(tool.items[0].json).toMatchObject({ customer_id: customer.id, address_id: address.id });
			expect(tool.items[0].json).not.toHaveProperty('customer');
			const plain = await runNode({ credentials: credentialsOf(fake), parameters });
			expect(plain.items[0].json).toHaveProperty('customer');
		});
	});
});
