/**
 * The hand-written parts through the engine: custom API call, resource locators by URL, searchable
 * lists and dropdowns, Find or Create, Approve and Ensure Job (never a second job).
 */
import type { IDataObject, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { jobMarker } from '../../nodes/HousecallPro/operations/approveAndEnsureJob';
import { callLoadOptions } from '../harness';
import type { FakeHcp } from '../fake-hcp';
import { credentialsOf, queryPairs, run, withFake } from './node-helpers';

const id = (value: unknown) => ({ __rl: true, mode: 'id', value: String(value) });

describe('Custom API Call', () => {
	it('sends any method, path, bracketed list query and JSON body through the credential', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.list('customer')[0];
			fake.clearRequests();
			const read = await run(fake, {
				resource: 'customApiCall',
				operation: 'call',
				requestMethod: 'GET',
				requestPath: '/jobs',
				queryParameters: {
					parameter: [
						{ name: 'work_status[]', value: 'scheduled' },
						{ name: 'work_status[]', value: 'completed' },
						{ name: 'page_size', value: '2' },
					],
				},
			});
			expect(read.error).toBeUndefined();
			expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/jobs', hadAuth: true, status: 200 });
			expect(queryPairs(fake.requests[0])).toEqual(['page_size=2', 'work_status[]=completed', 'work_status[]=scheduled']);
			expect(read.items).toHaveLength(1);
			expect((read.items[0].json.jobs as unknown[]).length).toBe(2);

			fake.clearRequests();
			const write = await run(fake, {
				resource: 'customApiCall',
				operation: 'call',
				requestMethod: 'PUT',
				requestPath: `/customers/${customer.id}`,
				requestBody: '{"company": "Renamed Co"}',
			});
			expect(write.error).toBeUndefined();
			expect(fake.requests[0]).toMatchObject({ method: 'PUT', path: `/customers/${customer.id}`, body: { company: 'Renamed Co' }, status: 200 });
			expect(write.items[0].json.company).toBe('Renamed Co');
			expect(write.items[0].pairedItem).toEqual({ item: 0 });
		});
	});

	it('refuses a path that would leave the base URL, and shows HCP errors like any operation', async () => {
		await withFake({}, async (fake) => {
			fake.clearRequests();
			const outside = await run(fake, { resource: 'customApiCall', operation: 'call', requestMethod: 'GET', requestPath: 'https://evil.example/x' });
			expect(outside.error?.message).toBe('Item 0: "Path" must start with a single "/", e.g. /customers');
			expect(fake.requests).toHaveLength(0);
			const rejected = await run(fake, { resource: 'customApiCall', operation: 'call', requestMethod: 'POST', requestPath: '/jobs', requestBody: '{}' });
			expect((rejected.error as unknown as { description: string }).description).toMatch(/customer_id: can't be blank/);
		});
	});
});

describe('resource locators', () => {
	it('take the id out of a Housecall Pro URL', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.list('customer')[0];
			fake.clearRequests();
			const { items, error } = await run(fake, {
				resource: 'customer',
				operation: 'get',
				customerId: { __rl: true, mode: 'url', value: `https://pro.housecallpro.com/app/customers/${customer.id}?tab=jobs` },
			});
			expect(error).toBeUndefined();
			expect(fake.requests.map((request) => request.path)).toEqual([`/customers/${customer.id}`]);
			expect(items[0].json.id).toBe(customer.id);
		});
	});

	it('list search: customers searched by HCP, jobs narrowed by the typed text, paged by token', async () => {
		await withFake({ size: { customer: 120 } }, async (fake) => {
			const credentials = credentialsOf(fake);
			const target = fake.store.list('customer')[5];
			fake.clearRequests();
			const found = (await callLoadOptions({ credentials, kind: 'listSearch', method: 'searchCustomers', filter: String(target.email) })) as INodeListSearchResult;
			expect(queryPairs(fake.requests[0])).toEqual(['page=1', 'page_size=50', `q=${target.email}`]);
			expect(found.results.map((result) => result.value)).toContain(target.id);
			expect(found.results.find((result) => result.value === target.id)!.name).toContain(String(target.email));

			const firstPage = (await callLoadOptions({ credentials, kind: 'listSearch', method: 'searchCustomers' })) as INodeListSearchResult;
			expect(firstPage.results).toHaveLength(50);
			expect(firstPage.paginationToken).toBe('2');
			const thirdPage = (await callLoadOptions({ credentials, kind: 'listSearch', method: 'searchCustomers', paginationToken: '3' })) as INodeListSearchResult;
			expect(thirdPage.results).toHaveLength(20);
			expect(thirdPage.paginationToken).toBeUndefined();

			const job = fake.store.list('job')[0];
			const jobs = (await callLoadOptions({ credentials, kind: 'listSearch', method: 'searchJobs', filter: String(job.invoice_number) })) as INodeListSearchResult;
			expect(jobs.results.length).toBeGreaterThan(0);
			expect(jobs.results.every((result) => result.name.includes(String(job.invoice_number)) || String(result.value).includes(String(job.invoice_number)))).toBe(true);

			for (const method of ['searchEstimates', 'searchLeads', 'searchInvoices']) {
				const result = (await callLoadOptions({ credentials, kind: 'listSearch', method })) as INodeListSearchResult;
				expect(result.results.length).toBeGreaterThan(0);
				expect(result.results.every((entry) => typeof entry.value === 'string' && entry.name.length > 0)).toBe(true);
			}
		});
	});

	it("address list: the chosen customer's addresses (top level or under Additional Fields), and what to do without a customer or an address", async () => {
		await withFake({}, async (fake) => {
			const credentials = credentialsOf(fake);
			const store = fake.store;
			const customer = store.list('customer').find((candidate) => store.list('address').filter((address) => address.customer_id === candidate.id).length > 1)!;
			const theirs = store.list('address').filter((address) => address.customer_id === customer.id);
			const search = (parameters: IDataObject, filter?: string) =>
				callLoadOptions({ credentials, kind: 'listSearch', method: 'searchAddresses', parameters: { resource: 'job', operation: 'create', ...parameters } as never, filter }) as Promise<INodeListSearchResult>;

			fake.clearRequests();
			const listed = await search({ customerId: { __rl: true, mode: 'list', value: customer.id } });
			expect(fake.requests.map((request) => request.path)).toEqual([`/customers/${String(customer.id)}/addresses`]);
			expect(listed.results.map((result) => result.value).sort()).toEqual(theirs.map((address) => address.id).sort());
			const first = theirs[0];
			expect(listed.results.find((result) => result.value === first.id)!.name).toBe(`${String(first.street)}, ${String(first.city)} ${String(first.state)} ${String(first.zip)} · ${String(first.type)}`);
			// Typed text narrows the list; a customer chosen among the Additional Fields (lead create) counts too.
			const narrowed = await search({ resource: 'lead', additionalFields: { customerId: { __rl: true, mode: 'id', value: customer.id } } }, String(first.street));
			expect(narrowed.results.map((result) => result.value)).toEqual([first.id]);

			await expect(search({})).rejects.toThrow('Choose the customer in Customer ID first: this list shows their addresses');
			const bare = store.insert('customer', { first_name: 'No', last_name: 'Address' });
			await expect(search({ customerId: { __rl: true, mode: 'id', value: bare.id } })).rejects.toThrow(`Customer ${String(bare.id)} has no address yet`);
		});
	});

	it('dropdowns list the account: employees, job types, tag IDs, lead source names, pipeline statuses of the chosen type', async () => {
		await withFake({}, async (fake) => {
			const credentials = credentialsOf(fake);
			const options = async (method: string, parameters = {}) =>
				(await callLoadOptions({ credentials, kind: 'loadOptions', method, parameters })) as INodePropertyOptions[];
			const values = (list: INodePropertyOptions[]) => list.map((option) => option.value).sort();
			const ids = (object: Parameters<FakeHcp['store']['list']>[0]) => fake.store.list(object).map((record) => String(record.id)).sort();

			expect(values(await options('getEmployees'))).toEqual(ids('employee'));
			expect(values(await options('getJobTypes'))).toEqual(ids('jobType'));
			expect(values(await options('getTags'))).toEqual(ids('tag'));
			expect(values(await options('getLeadSources'))).toEqual([...new Set(fake.store.list('leadSource').map((source) => String(source.name)))].sort());
			const jobStatuses = await options('getPipelineStatuses', { resourceType: 'job' });
			const expected = fake.store.list('pipelineStatus').filter((status) => status.resource_type === 'job');
			expect(values(jobStatuses)).toEqual(expected.map((status) => String(status.id)).sort());
			expect(await options('getPipelineStatuses', {})).toEqual([]);
		});
	});
});

describe('Customer > Find or Create', () => {
	it('finds by email without case, by phone digits in any format, or creates and says so', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.list('customer').find((candidate) => candidate.email && candidate.mobile_number)!;
			const findOrCreate = { resource: 'customer', operation: 'findOrCreate' };

			const byEmail = await run(fake, { ...findOrCreate, email: String(customer.email).toUpperCase() });
			expect(byEmail.items[0].json).toMatchObject({ outcome: 'found', matched_by: 'email', customer: { id: customer.id } });

			const digits = String(customer.mobile_number).replace(/\D/g, '');
			const formatted = `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
			fake.clearRequests();
			const byPhone = await run(fake, { ...findOrCreate, email: 'nobody@example.invalid', phone: formatted });
			expect(byPhone.items[0].json).toMatchObject({ outcome: 'found', matched_by: 'phone', customer: { id: customer.id } });
			expect(fake.requests.every((request) => request.method === 'GET')).toBe(true);

			const before = fake.store.count('customer');
			fake.clearRequests();
			const created = await run(fake, {
				...findOrCreate,
				email: 'new.person@example.com',
				phone: '813-555-0000',
				additionalFields: { firstName: 'New', lastName: 'Person', tags: 'lead, web' },
			});
			expect(created.error).toBeUndefined();
			expect(created.items[0].json).toMatchObject({ outcome: 'created', matched_by: null, customer: { email: 'new.person@example.com', first_name: 'New' } });
			expect(fake.store.count('customer')).toBe(before + 1);
			const post = fake.requests.filter((request) => request.method === 'POST');
			expect(post).toHaveLength(1);
			expect(post[0].body).toEqual({ email: 'new.person@example.com', mobile_number: '813-555-0000', first_name: 'New', last_name: 'Person', tags: ['lead', 'web'] });

			// Running it again finds the one it made.
			const again = await run(fake, { ...findOrCreate, email: 'new.person@example.com' });
			expect(again.items[0].json).toMatchObject({ outcome: 'found', customer: { id: (created.items[0].json.customer as IDataObject).id } });
			expect(fake.store.count('customer')).toBe(before + 1);
		});
	});

	it('a form without an email (the expression gives null) is matched by a formatted phone number', async () => {
		await withFake({}, async (fake) => {
			const customer = fake.store.insert('customer', { first_name: 'Ana', last_name: 'Ruiz', mobile_number: '512-555-0199' });
			const before = fake.store.count('customer');
			const { items, error } = await run(fake, {
				resource: 'customer',
				operation: 'findOrCreate',
				email: '={{ $json.email }}',
				phone: '={{ $json.phone }}',
			}, [{ email: null, phone: '(512) 555-0199' }]);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ outcome: 'found', matched_by: 'phone', customer: { id: customer.id } });
			expect(fake.store.count('customer')).toBe(before);
		});
	});

	it('asks for an email or a phone', async () => {
		await withFake({}, async (fake) => {
			const { error } = await run(fake, { resource: 'customer', operation: 'findOrCreate', email: '={{ "" }}' });
			expect(error?.message).toBe('Item 0: "Email" or Phone is required to find a customer');
		});
	});
});

describe('Estimate Option > Approve and Ensure Job', () => {
	/**
	 * An estimate with an address and a job type whose options are not approved yet, and nothing
	 * copied from it (neither from the estimate nor from one of its options).
	 */
	function freshEstimate(fake: FakeHcp) {
		const jobsFrom = new Set(fake.store.list('job').map((job) => job.original_estimate_id));
		const estimate = fake.store.list('estimate').find((candidate) => {
			const options = fake.store.list('estimateOption').filter((option) => option.estimate_id === candidate.id);
			return (
				candidate.address_id &&
				candidate.customer_id &&
				(candidate.estimate_fields as IDataObject | undefined)?.job_type_id &&
				!jobsFrom.has(candidate.id) &&
				options.length > 0 &&
				options.every((option) => !jobsFrom.has(option.id) && option.approval_status === null)
			);
		})!;
		const options = fake.store.list('estimateOption').filter((option) => option.estimate_id === estimate.id);
		return { estimate, option: options[0], options };
	}

	const jobPosts = (fake: FakeHcp) => fake.requests.filter((request) => request.method === 'POST' && request.path === '/jobs');

	const params = (estimateId: unknown, optionIds: string) => ({
		resource: 'estimateOption',
		operation: 'approveAndEnsureJob',
		estimateId: id(estimateId),
		optionIds,
	});

	it('creates the job from the estimate when HCP does not copy it, and never a second one', async () => {
		await withFake({ copyOnApproval: false }, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			const optionItems = fake.store.list('estimateOptionLineItem').filter((item) => item.estimate_option_id === option.id);
			const jobsBefore = fake.store.count('job');
			fake.clearRequests();
			const first = await run(fake, params(estimate.id, String(option.id)));
			expect(first.error).toBeUndefined();
			const result = first.items[0].json;
			expect(result).toMatchObject({ outcome: 'job_created', estimate_id: estimate.id, option_ids: [option.id], approval: { status: 'pro approved', copied_on_approval_to_job_id: null } });
			expect(fake.store.count('job')).toBe(jobsBefore + 1);
			expect(fake.store.get('estimateOption', String(option.id))!.approval_status).toBe('pro approved');

			const posts = fake.requests.filter((request) => request.method === 'POST');
			expect(posts.map((request) => request.path)).toEqual(['/estimates/options/approve', '/jobs']);
			const jobBody = posts[1].body as IDataObject;
			// The estimate answered address.id null (as recorded live): the address was found among the
			// customer's by its street, and the job type came from the estimate_fields.job_type object.
			expect(fake.requests.find((request) => request.path === `/estimates/${String(estimate.id)}`)).toBeDefined();
			expect(jobBody).toMatchObject({
				customer_id: estimate.customer_id,
				address_id: estimate.address_id,
				job_fields: { job_type_id: (estimate.estimate_fields as IDataObject).job_type_id },
			});
			expect(fake.store.get('job', String(result.job_id))!.job_type_id).toBe((estimate.estimate_fields as IDataObject).job_type_id);
			expect(jobBody.line_items).toEqual(
				optionItems.map((item) => expect.objectContaining({ name: item.name || item.description || 'Item', unit_price: item.unit_price, quantity: item.quantity })),
			);
			expect(String(jobBody.notes)).toContain(jobMarker(String(estimate.id)));
			const job = result.job as IDataObject;
			expect(job.id).toBe(result.job_id);
			expect((job.notes as Array<{ content: string }>).some((note) => note.content.includes(jobMarker(String(estimate.id))))).toBe(true);

			// A re-run (or an approval of another option of the same estimate) finds that job.
			fake.clearRequests();
			const second = await run(fake, params(estimate.id, String(option.id)));
			expect(second.items[0].json).toMatchObject({ outcome: 'existing_job', job_id: result.job_id });
			expect(fake.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual(['/estimates/options/approve']);
			expect(fake.store.count('job')).toBe(jobsBefore + 1);
		});
	});

	it('returns the job HCP copied on approval without creating one', async () => {
		await withFake({ copyOnApproval: true }, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			const jobsBefore = fake.store.count('job');
			fake.clearRequests();
			const { items, error } = await run(fake, params(estimate.id, String(option.id)));
			expect(error).toBeUndefined();
			const copiedId = (items[0].json.approval as IDataObject).copied_on_approval_to_job_id;
			expect(copiedId).toMatch(/^job_/);
			expect(items[0].json).toMatchObject({ outcome: 'copied_by_housecall_pro', job_id: copiedId, job: { id: copiedId, original_estimate_id: option.id } });
			expect(fake.store.count('job')).toBe(jobsBefore + 1);
			expect(fake.requests.some((request) => request.method === 'POST' && request.path === '/jobs')).toBe(false);
		});
	});

	it('recognises the job HCP copied when the approve answer names none (option id in original_estimate_id)', async () => {
		await withFake({ copyOnApproval: 'silent' }, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			const jobsBefore = fake.store.count('job');
			fake.clearRequests();
			const { items, error } = await run(fake, params(estimate.id, String(option.id)));
			expect(error).toBeUndefined();
			expect((items[0].json.approval as IDataObject).copied_on_approval_to_job_id).toBeNull();
			const copied = fake.store.list('job').find((job) => job.original_estimate_id === option.id)!;
			expect(items[0].json).toMatchObject({ outcome: 'existing_job', job_id: copied.id });
			expect(jobPosts(fake)).toHaveLength(0);
			expect(fake.store.count('job')).toBe(jobsBefore + 1);
		});
	});

	it('recognises a job copied earlier from another option of the same estimate', async () => {
		await withFake({ copyOnApproval: false }, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			const other = fake.store.insertRaw('estimateOption', { estimate_id: estimate.id, name: 'Better' });
			const earlier = fake.store.insertRaw('job', { customer_id: estimate.customer_id, address_id: estimate.address_id, original_estimate_id: other.id });
			fake.clearRequests();
			const { items, error } = await run(fake, params(estimate.id, String(option.id)));
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ outcome: 'existing_job', job_id: earlier.id });
			expect(jobPosts(fake)).toHaveLength(0);
		});
	});

	describe('an estimate answered with address.id null', () => {
		it('uses the customer address whose street matches, written differently, among several', async () => {
			await withFake({}, async (fake) => {
				const { estimate, option } = freshEstimate(fake);
				const customerId = String(estimate.customer_id);
				fake.store.insertRaw('address', { customer_id: customerId, street: '1 Decoy Road', city: 'Austin', zip: '78701' });
				const target = fake.store.insertRaw('address', { customer_id: customerId, street: '742 Evergreen Terrace', city: 'Austin', zip: '78702' });
				// The estimate's own copy of the address (HCP keeps no id on it) reads a little differently.
				const shown = fake.store.insertRaw('address', { customer_id: 'cus_elsewhere', street: '742 EVERGREEN TERRACE.', city: 'Austin', zip: '78702-1234' });
				fake.store.update('estimate', String(estimate.id), { address_id: shown.id }, { touch: false });
				fake.clearRequests();
				const { error } = await run(fake, params(estimate.id, String(option.id)));
				expect(error).toBeUndefined();
				expect(jobPosts(fake)[0].body).toMatchObject({ address_id: target.id });
			});
		});

		it('uses the customer only address when the estimate has no address at all', async () => {
			await withFake({}, async (fake) => {
				const { estimate, option } = freshEstimate(fake);
				const customer = fake.store.insertRaw('customer', { first_name: 'Only', last_name: 'Address' });
				const only = fake.store.insertRaw('address', { customer_id: customer.id, street: '9 Single St', city: 'Austin', zip: '78703' });
				fake.store.update('estimate', String(estimate.id), { customer_id: customer.id, address_id: null }, { touch: false });
				const { error } = await run(fake, params(estimate.id, String(option.id)));
				expect(error).toBeUndefined();
				expect(jobPosts(fake)[0].body).toMatchObject({ customer_id: customer.id, address_id: only.id });
			});
		});

		it('gives up with the missing address and the next step when no customer address matches', async () => {
			await withFake({}, async (fake) => {
				const { estimate, option } = freshEstimate(fake);
				const customer = fake.store.insertRaw('customer', { first_name: 'Wrong', last_name: 'House' });
				const own = fake.store.insertRaw('address', { customer_id: customer.id, street: '5 Other Ave', city: 'Austin', zip: '78704' });
				const shown = fake.store.insertRaw('address', { customer_id: 'cus_elsewhere', street: '77 Sunset Blvd', city: 'Austin', zip: '78705' });
				fake.store.update('estimate', String(estimate.id), { customer_id: customer.id, address_id: shown.id }, { touch: false });
				fake.clearRequests();
				const { error } = await run(fake, params(estimate.id, String(option.id)));
				expect(error?.message).toBe(`Item 0: estimate ${String(estimate.id)} cannot be copied to a job: it has no usable address`);
				const description = String((error as { description?: string }).description);
				expect(description).toContain('"77 Sunset Blvd, Austin, 78705"');
				expect(description).toContain(`${String(own.id)} (5 Other Ave, Austin, 78704)`);
				expect(description).toContain('Customer Address > Create');
				expect(jobPosts(fake)).toHaveLength(0);
			});
		});
	});

	it('finds the estimate in the list when GET /estimates/{id} is refused to a company key', async () => {
		await withFake({ partnerOnly: 403, size: { estimate: 450 } }, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			fake.clearRequests();
			const { items, error } = await run(fake, params(estimate.id, String(option.id)));
			expect(error).toBeUndefined();
			expect(items[0].json.outcome).toBe('job_created');
			expect(fake.requests[0]).toMatchObject({ method: 'GET', path: `/estimates/${estimate.id}`, status: 403 });
			expect(fake.requests.filter((request) => request.path === '/estimates').length).toBeGreaterThan(0);
		});
	});

	it('refuses option IDs that are not options of the estimate, before approving anything', async () => {
		await withFake({}, async (fake) => {
			const { estimate } = freshEstimate(fake);
			const foreign = fake.store.list('estimateOption').find((option) => option.estimate_id !== estimate.id)!;
			fake.clearRequests();
			const { error } = await run(fake, params(estimate.id, `${foreign.id}`));
			expect(error?.message).toMatch(new RegExp(`^Item 0: "Option IDs" ${foreign.id} is not an option of estimate ${estimate.id}`));
			expect(fake.requests.some((request) => request.method === 'POST')).toBe(false);
		});
	});

	it('does not create a job when the create request failed in a way that may have applied it (no resend)', async () => {
		await withFake({}, async (fake) => {
			const { estimate, option } = freshEstimate(fake);
			fake.faults.add({ method: 'POST', path: '/jobs', kind: 'server-error', status: 502 });
			const jobsBefore = fake.store.count('job');
			fake.clearRequests();
			const { error } = await run(fake, params(estimate.id, String(option.id)));
			expect(error).toBeDefined();
			expect(fake.requests.filter((request) => request.method === 'POST' && request.path === '/jobs')).toHaveLength(1);
			expect(fake.store.count('job')).toBe(jobsBefore);
		});
	});
});

describe('Simplify', () => {
	it('off returns the full record, on the compact one', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			const full = await run(fake, { resource: 'job', operation: 'get', jobId: id(job.id), simplify: false });
			const compact = await run(fake, { resource: 'job', operation: 'get', jobId: id(job.id) });
			expect(full.items[0].json).toHaveProperty('work_timestamps');
			expect(full.items[0].json).toHaveProperty('customer.id', job.customer_id);
			expect(compact.items[0].json).not.toHaveProperty('work_timestamps');
			expect(compact.items[0].json).toMatchObject({ id: job.id, customer_id: job.customer_id });
		});
	});
});
