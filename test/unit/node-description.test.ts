/**
 * The action node's description is the table made visible: every operation reachable, every field
 * typed, nothing invented. These tests read the built properties, not the builder's code.
 */
import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ENTRY, ENTRY_MORE, paramName, pathParamName, requiredBodyParamName, RESERVED_PARAMS } from '../../nodes/HousecallPro/contract';
import { EXTRA_OPERATIONS } from '../../nodes/HousecallPro/description/extraOperations';
import { OPERATIONS, RESOURCES, getOperation } from '../../nodes/shared/table';
import type { BodyField, Operation } from '../../nodes/shared/table/types';
import { node, properties, shownProperties } from './node-samples';

const description = node.description;

function operationOptions(resource: string): INodePropertyOptions[] {
	const property = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource);
	return (property?.options ?? []) as INodePropertyOptions[];
}

function shown(operation: { resource: string; operation: string }, extra: Record<string, unknown> = {}) {
	return shownProperties(operation.resource, operation.operation, extra);
}

function named(list: readonly INodeProperties[], name: string): INodeProperties | undefined {
	return list.find((property) => property.name === name);
}

/** Every property nested anywhere below `list` (collection options, fixedCollection values). */
function walk(list: readonly INodeProperties[], visit: (property: INodeProperties, siblings: readonly INodeProperties[]) => void): void {
	for (const property of list) {
		visit(property, list);
		if (property.type === 'collection') walk(property.options as INodeProperties[], visit);
		if (property.type === 'fixedCollection') {
			for (const option of property.options as Array<{ values: INodeProperties[] }>) walk(option.values, visit);
		}
	}
}

describe('the node', () => {
	it('is named and wired as the issue asks', () => {
		expect(description).toMatchObject({
			name: 'housecallPro',
			displayName: 'Housecall Pro',
			usableAsTool: true,
			icon: { light: 'file:../../icons/housecallpro.svg', dark: 'file:../../icons/housecallpro.dark.svg' },
			credentials: [{ name: 'housecallProApi', required: true }],
			inputs: ['main'],
			outputs: ['main'],
		});
	});

	it("shows the chosen action's label as the canvas subtitle, not the raw values", () => {
		const expression = String(description.subtitle);
		expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
		// The expression is plain JavaScript over $parameter, as n8n evaluates it.
		const subtitleOf = new Function('$parameter', `return ${expression.slice(3, -2)}`) as (parameter: object) => string;
		expect(subtitleOf({ resource: 'customer', operation: 'findOrCreate' })).toBe('Find or create a customer');
		expect(subtitleOf({ resource: 'job', operation: 'getMany' })).toBe('Get many jobs');
		expect(subtitleOf({ resource: 'jobLineItem', operation: 'bulkUpdate' })).toBe('Bulk update job line items');
		expect(subtitleOf({ resource: 'job', operation: 'updateSchedule' })).toBe("Update a job's schedule (Partner Apps Only)");
		for (const resource of [...RESOURCES.map((r) => r.value), 'customApiCall']) {
			for (const option of operationOptions(resource)) {
				expect(subtitleOf({ resource, operation: option.value })).toBe(option.action);
			}
		}
	});

	it("writes actions as n8n does ('Create a customer'), with the partner-only label", () => {
		const actions = Object.fromEntries(
			[...RESOURCES.map((r) => r.value), 'customApiCall'].flatMap((resource) =>
				operationOptions(resource).map((option) => [`${resource}.${String(option.value)}`, option.action ?? '']),
			),
		);
		expect(actions).toMatchObject({
			'customer.create': 'Create a customer',
			'customer.find': 'Find customers',
			'customer.get': 'Get a customer',
			'estimate.create': 'Create an estimate',
			'job.addNote': 'Add a note to a job',
			'job.removeTag': 'Remove a tag from a job',
			'job.getInvoices': "Get a job's invoices",
			'company.get': 'Get the company',
			'application.enable': 'Enable the application (Partner Apps Only)',
			'customApiCall.call': 'Make an API call',
		});
		// Sentence case, no "Resource: Operation" form: capitals only at the start, in "API" and the label.
		for (const action of Object.values(actions)) {
			expect(action.replace(' (Partner Apps Only)', '').replace('API', 'api').slice(1)).toBe(
				action.replace(' (Partner Apps Only)', '').replace('API', 'api').slice(1).toLowerCase(),
			);
		}
	});

	it('offers the table resources in the table order, then Custom API Call', () => {
		const resource = named(properties, 'resource')!;
		const values = (resource.options as INodePropertyOptions[]).map((option) => option.value);
		expect(values).toEqual([...RESOURCES.map((r) => r.value), 'customApiCall']);
	});

	it('reaches every table operation as resource + operation, with the table description', () => {
		for (const operation of OPERATIONS) {
			const option = operationOptions(operation.resource).find((o) => o.value === operation.operation);
			// The table's backticks mark ids for its readers; the editor would show them literally.
			const plain = operation.description.replace(/`/g, '').replace(/\.$/, '');
			expect({ key: operation.key, description: option?.description }).toEqual({ key: operation.key, description: plain });
		}
		const total = RESOURCES.reduce((sum, resource) => sum + operationOptions(resource.value).length, 0);
		expect(total).toBe(OPERATIONS.length + EXTRA_OPERATIONS.filter((extra) => extra.resource !== 'customApiCall').length);
		expect(OPERATIONS).toHaveLength(95);
	});

	it('labels partner-only operations, and only those', () => {
		for (const operation of OPERATIONS) {
			const option = operationOptions(operation.resource).find((o) => o.value === operation.operation)!;
			expect({ key: operation.key, labelled: option.name.endsWith('(Partner Apps Only)') }).toEqual({
				key: operation.key,
				labelled: !!operation.partnerOnly,
			});
		}
	});

	it("n8n's own parameter resolution gives every operation its defaults (required fields present, nothing foreign)", () => {
		const stub = { id: '1', name: 'Housecall Pro', type: 'housecallPro', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		for (const operation of OPERATIONS) {
			const resolved = NodeHelpers.getNodeParameters(properties, { resource: operation.resource, operation: operation.operation }, true, false, stub, description)!;
			const expected = shown(operation, { sendBodyAs: 'fields', returnAll: false }).map((p) => p.name);
			expect({ key: operation.key, names: Object.keys(resolved).filter((name) => name !== 'resource' && name !== 'operation').sort() }).toEqual({
				key: operation.key,
				names: expected.sort(),
			});
		}
	});

	it('offers the composite operations and the custom API call', () => {
		expect(operationOptions('customer').map((o) => o.value)).toContain('findOrCreate');
		expect(operationOptions('estimateOption').map((o) => o.value)).toContain('approveAndEnsureJob');
		expect(operationOptions('customApiCall').map((o) => o.value)).toEqual(['call']);
		const custom = shown({ resource: 'customApiCall', operation: 'call' });
		expect(custom.map((p) => p.name)).toEqual(['requestMethod', 'requestPath', 'queryParameters']);
		expect(named(custom, 'requestMethod')!.options!.map((o) => (o as INodePropertyOptions).value)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
	});

	it('says what to use instead where users look for operations HCP does not have', () => {
		const notice = (resource: string) =>
			properties.find((p) => p.type === 'notice' && p.displayOptions?.show?.resource?.[0] === resource)?.displayName ?? '';
		expect(notice('customer')).toMatch(/cannot delete customers.*use Update/);
		expect(notice('job')).toMatch(/no generic job update.*Job Line Item.*Update Schedule/);
		expect(notice('invoice')).toMatch(/read only.*cannot be created, sent or paid.*Job > Get Invoices/);
		expect(notice('estimate')).toMatch(/cannot be updated.*Estimate Option > Create/);
		expect(notice('lead')).toMatch(/Lead > Convert/);
		// Nothing invented: no operation the table lacks, e.g. no customer delete or job update.
		expect(operationOptions('customer').map((o) => o.value)).not.toContain('delete');
		expect(operationOptions('job').map((o) => o.value)).not.toContain('update');
		expect(operationOptions('invoice').map((o) => o.value).sort()).toEqual(['get', 'getMany', 'preview']);
	});
});

describe.each(OPERATIONS.map((operation) => [operation.key, operation] as const))('%s fields', (_key, operation: Operation) => {
	const fieldsMode = shown(operation, { sendBodyAs: 'fields', returnAll: false });
	const jsonMode = shown(operation, { sendBodyAs: 'json', returnAll: false });

	it('has one parameter per path placeholder, a resource locator for customers, jobs, estimates, leads, invoices and addresses', () => {
		for (const param of operation.pathParams) {
			const property = named(fieldsMode, pathParamName(param));
			expect(property).toBeDefined();
			expect(property!.required).toBe(true);
			const locator = ['customer', 'job', 'estimate', 'lead', 'invoice', 'address'].includes(param.object ?? '');
			expect({ name: property!.name, type: property!.type }).toEqual({ name: property!.name, type: locator ? 'resourceLocator' : expect.not.stringMatching(/^resourceLocator$/) });
			// Addresses have no page in Housecall Pro to take a URL from.
			if (locator) expect((property!.modes ?? []).map((mode) => mode.name)).toEqual(param.object === 'address' ? ['list', 'id'] : ['list', 'id', 'url']);
		}
	});

	it('shows no parameter name twice, and no table field takes a name the node reserves', () => {
		for (const list of [fieldsMode, jsonMode]) {
			const names = list.map((p) => p.name);
			expect(names.length).toBe(new Set(names).size);
		}
		const tableNames = [
			...operation.pathParams.map(pathParamName),
			...(operation.query ?? []).filter((q) => q.required).map((q) => paramName(q.name)),
			...(operation.body?.fields ?? []).filter((f) => f.required).map((f) => requiredBodyParamName(f.name, operation.resource)),
		];
		for (const name of tableNames) expect(RESERVED_PARAMS as readonly string[]).not.toContain(name);
	});

	it('keeps names unique at every nesting level', () => {
		walk(fieldsMode, (_property, siblings) => {
			const names = siblings.map((p) => p.name);
			expect(names.length).toBe(new Set(names).size);
		});
	});

	if (operation.body?.contentType === 'json' && operation.body.fields.length) {
		const body = operation.body;
		it('has required body fields at the top level, the rest in Additional/Update Fields, and a validated JSON mode', () => {
			const sharedWithQuery = new Set((operation.query ?? []).filter((q) => q.required).map((q) => q.name));
			for (const field of body.fields.filter((f) => f.required)) {
				const name = requiredBodyParamName(field.name, operation.resource);
				expect({ field: field.name, property: named(fieldsMode, name)?.required }).toEqual({ field: field.name, property: true });
				if (!sharedWithQuery.has(field.name)) expect(named(jsonMode, name)).toBeUndefined();
			}
			const optional = body.fields.filter((f) => !f.required).map((f) => paramName(f.name));
			const collection = named(fieldsMode, 'additionalFields');
			if (optional.length) {
				expect(collection?.displayName).toBe(operation.operation === 'update' ? 'Update Fields' : 'Additional Fields');
				expect((collection!.options as INodeProperties[]).map((p) => p.name).sort()).toEqual(optional.sort());
			} else {
				expect(collection).toBeUndefined();
			}
			expect(named(jsonMode, 'jsonBody')?.type).toBe('json');
			expect(named(jsonMode, 'additionalFields')).toBeUndefined();
		});
	}

	it('says "in cents" on every money field', () => {
		const moneyNames = new Set<string>();
		const collect = (fields: readonly BodyField[]) =>
			fields.forEach((f) => {
				if (f.type === 'cents') moneyNames.add(paramName(f.name));
				collect(f.fields ?? []);
			});
		collect(operation.body?.fields ?? []);
		walk(fieldsMode, (property) => {
			if (moneyNames.has(property.name) && property.type === 'number') expect(`${property.name}: ${property.description}`).toMatch(/cents/i);
		});
	});

	if (operation.list) {
		const list = operation.list;
		it('offers Return All / Limit (50), every filter typed, sort and parallel requests where they apply', () => {
			expect(named(fieldsMode, 'returnAll')?.default).toBe(false);
			expect(named(fieldsMode, 'limit')?.default).toBe(50);
			expect(named(shown(operation, { returnAll: true }), 'limit')).toBeUndefined();
			const filters = (named(fieldsMode, 'filters')?.options ?? []) as INodeProperties[];
			const options = (named(fieldsMode, 'options')?.options ?? []) as INodeProperties[];
			for (const param of (operation.query ?? []).filter((q) => !q.required)) {
				const property = [...filters, ...options].find((p) => p.name === paramName(param.name));
				expect(property).toBeDefined();
				if (param.type === 'dateTime') expect(property!.type).toBe('dateTime');
				if (param.options) {
					expect(property!.type).toBe(param.array ? 'multiOptions' : 'options');
					expect((property!.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([...param.options]);
				}
			}
			const sortBy = options.find((p) => p.name === 'sortBy');
			if (list.sortFields?.length) {
				const sortOptions = sortBy!.options as INodePropertyOptions[];
				expect(sortOptions.map((o) => o.value).sort()).toEqual([...list.sortFields].sort());
				// Labels a person reads ("Created At", "Invoice Number"), in the alphabetical order n8n's own lists use.
				for (const option of sortOptions) expect([option.value, option.name]).toEqual([option.value, expect.stringMatching(/^[A-Z][A-Za-z0-9]*( [A-Z0-9][A-Za-z0-9]*)*$/)]);
				expect(sortOptions.map((o) => o.name)).toEqual(sortOptions.map((o) => o.name).sort((a, b) => a.localeCompare(b)));
				expect(sortBy!.default).toBe(list.sortFields[0]);
				expect(options.find((p) => p.name === 'sortDirection')).toBeDefined();
			} else {
				expect(sortBy).toBeUndefined();
			}
			const parallel = options.find((p) => p.name === 'parallelRequests');
			if (list.pageSizeParam) expect(parallel).toMatchObject({ displayName: 'Max Parallel Requests', default: 12, typeOptions: { minValue: 1, maxValue: 12 } });
			else expect(parallel).toBeUndefined();
		});
	}

	it('offers Simplify (on by default) exactly on reads of customers, employees, jobs, estimates, invoices and leads', () => {
		const large =
			['customer', 'employee', 'job', 'estimate', 'invoice', 'lead'].includes(operation.object ?? '') &&
			(operation.operation === 'get' || !!operation.list);
		const simplify = named(fieldsMode, 'simplify');
		expect({ key: operation.key, simplify: simplify?.default }).toEqual({ key: operation.key, simplify: large ? true : undefined });
	});
});

describe('nested bodies', () => {
	const fieldsOf = (key: string) => shown(getOperation(key), { sendBodyAs: 'fields' });
	const additional = (key: string) => (named(fieldsOf(key), 'additionalFields')!.options ?? []) as INodeProperties[];
	const entryValues = (property: INodeProperties) => (property.options as Array<{ name: string; values: INodeProperties[] }>)[0];

	it('edits line items, addresses, options, dispatched employees and daily windows as fixedCollections', () => {
		const lineItems = named(additional('job.create'), 'lineItems')!;
		expect(lineItems).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true } });
		expect(entryValues(lineItems).name).toBe(ENTRY);
		// Name, price and quantity in the entry itself; what most line items leave alone behind Additional Fields.
		expect(entryValues(lineItems).values.map((p) => p.name)).toEqual(['name', 'description', 'unitPrice', 'quantity', ENTRY_MORE]);
		expect(named(entryValues(lineItems).values, 'unitPrice')!.description).toMatch(/cents/);
		expect(named(entryValues(lineItems).values, 'quantity')!.default).toBe(1);
		const more = named(entryValues(lineItems).values, ENTRY_MORE)!.options as INodeProperties[];
		expect(more.map((p) => p.name).sort()).toEqual(['pricingForm', 'unitCost']);
		// Three levels down (line item > pricing form > its fields) is edited as JSON.
		const pricingForm = named(more, 'pricingForm')!;
		expect(pricingForm.type).toBe('fixedCollection');
		expect(named(entryValues(pricingForm).values, ENTRY_MORE)!.options!.map((p) => (p as INodeProperties).type)).toEqual(['json']);

		expect(named(additional('customer.create'), 'addresses')).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true } });
		// Estimate create: Add Option, then Add Line Item, and a line item's name, price and quantity are there.
		const estimateOptions = named(fieldsOf('estimate.create'), 'estimateOptions')!;
		expect(estimateOptions).toMatchObject({ type: 'fixedCollection', required: true, typeOptions: { multipleValues: true } });
		expect(entryValues(estimateOptions).values.map((p) => p.name)).toEqual(['name', 'tags', 'lineItems']);
		const optionLineItems = named(entryValues(estimateOptions).values, 'lineItems')!;
		expect(optionLineItems.type).toBe('fixedCollection');
		expect(entryValues(optionLineItems).values.map((p) => [p.name, p.required])).toEqual([
			['name', true],
			['description', false],
			['unitPrice', false],
			['quantity', false],
			[ENTRY_MORE, undefined],
		]);

		const dispatch = named(fieldsOf('job.dispatch'), 'dispatchedEmployees')!;
		expect(dispatch).toMatchObject({ type: 'fixedCollection', required: true });
		expect(named(entryValues(dispatch).values, 'employeeId')).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getEmployees' } });

		const windows = named(fieldsOf('company.updateScheduleAvailability'), 'dailyScheduleWindows')!;
		expect(windows.type).toBe('fixedCollection');
		expect(named(entryValues(windows).values, 'scheduleWindows')!.type).toBe('fixedCollection');
	});

	it('edits an object whose fields are all optional as a collection (only what is set is sent)', () => {
		const schedule = named(additional('job.create'), 'schedule')!;
		expect(schedule.type).toBe('collection');
		expect((schedule.options as INodeProperties[]).map((p) => [p.name, p.type])).toEqual(
			expect.arrayContaining([
				['scheduledStart', 'dateTime'],
				['anytimeStartDate', 'dateTime'],
				['arrivalWindow', 'number'],
				['anytime', 'boolean'],
			]),
		);
	});

	it('fills dropdowns from the account: employees, job types, tag IDs, lead sources, pipeline statuses by resource type', () => {
		const methodOf = (property?: INodeProperties) => property?.typeOptions?.loadOptionsMethod;
		expect(methodOf(named(additional('job.create'), 'assignedEmployeeIds'))).toBe('getEmployees');
		expect(methodOf(named(additional('job.create'), 'leadSource'))).toBe('getLeadSources');
		const jobFields = named(additional('job.create'), 'jobFields')!.options as INodeProperties[];
		expect(methodOf(named(jobFields, 'jobTypeId'))).toBe('getJobTypes');
		expect(methodOf(named(fieldsOf('job.addTag'), 'tagId'))).toBe('getTags');
		const status = named(fieldsOf('pipelineStatus.set'), 'statusId')!;
		expect(status.typeOptions).toEqual({ loadOptionsMethod: 'getPipelineStatuses', loadOptionsDependsOn: ['resourceType'] });
		const leadFilters = named(shown(getOperation('lead.getMany')), 'filters')!.options as INodeProperties[];
		expect(named(leadFilters, 'tagIds')).toMatchObject({ type: 'multiOptions', typeOptions: { loadOptionsMethod: 'getTags' } });
	});

	it("offers an address locator (the chosen customer's addresses, or by ID) wherever an address id is taken", () => {
		for (const [key, inAdditional] of [
			['job.create', false],
			['estimate.create', false],
			['lead.create', true],
		] as const) {
			const property = named(inAdditional ? additional(key) : fieldsOf(key), 'addressId')!;
			expect({ key, type: property.type, modes: (property.modes ?? []).map((mode) => mode.name) }).toEqual({ key, type: 'resourceLocator', modes: ['list', 'id'] });
			expect(property.modes![0].typeOptions?.searchListMethod).toBe('searchAddresses');
			expect(property.hint).toMatch(/Customer Address > Create/);
		}
		expect(named(fieldsOf('customerAddress.get'), 'addressId')!.type).toBe('resourceLocator');
	});

	it('uses a customer resource locator for customer IDs in bodies and filters', () => {
		expect(named(fieldsOf('job.create'), 'customerId')!.type).toBe('resourceLocator');
		expect(named(fieldsOf('estimate.create'), 'customerId')).toMatchObject({ type: 'resourceLocator', required: true });
		const jobFilters = named(shown(getOperation('job.getMany')), 'filters')!.options as INodeProperties[];
		expect(named(jobFilters, 'customerId')!.type).toBe('resourceLocator');
	});

	it('references only list-search and load-options methods the node has', () => {
		const methods = node.methods as { listSearch: Record<string, unknown>; loadOptions: Record<string, unknown> };
		walk(properties, (property) => {
			const loader = property.typeOptions?.loadOptionsMethod;
			if (loader) expect(Object.keys(methods.loadOptions)).toContain(loader);
			for (const mode of property.modes ?? []) {
				const search = mode.typeOptions?.searchListMethod;
				if (search) expect(Object.keys(methods.listSearch)).toContain(search);
			}
		});
	});
});

describe('money and quantities in the editor', () => {
	const all: INodeProperties[] = [];
	walk(properties, (property) => all.push(property));

	it('cents fields are text the editor cannot round (its number input turned "125.5" into 1255), and each says so', () => {
		const bodyCents = all.filter((property) => /\(Cents\)/.test(property.displayName) && property.description?.includes('Whole cents only'));
		expect(bodyCents.length).toBeGreaterThan(10);
		for (const property of bodyCents) expect([property.displayName, property.type, property.default]).toEqual([property.displayName, 'string', '']);
		const cents = all.filter((property) => /\(Cents\)/.test(property.displayName));
		expect(cents.length).toBeGreaterThan(10);
		for (const property of cents) expect([property.displayName, property.description]).toEqual([property.displayName, expect.stringMatching(/cents/i)]);
		expect(cents.filter((property) => property.description?.includes('Whole cents only')).length).toBeGreaterThan(10);
	});

	it('fractional numbers (quantities, coordinates, rates) show as typed: no numberPrecision to pad 2 to "2.0000" or round a latitude', () => {
		const numberTypes = new Set<string>();
		for (const operation of OPERATIONS) {
			const visit = (fields: readonly BodyField[]) => {
				for (const field of fields) {
					if (field.type === 'number') numberTypes.add(field.name);
					if (field.fields) visit(field.fields);
				}
			};
			visit(operation.body?.fields ?? []);
		}
		expect([...numberTypes]).toEqual(expect.arrayContaining(['quantity', 'latitude', 'longitude']));
		const fractional = all.filter((property) => property.type === 'number' && numberTypes.has(property.name.replace(/([A-Z])/g, '_$1').toLowerCase()));
		expect(fractional.length).toBeGreaterThan(5);
		for (const property of fractional) expect([property.name, property.typeOptions?.numberPrecision]).toEqual([property.name, undefined]);
	});

	it('a new line item starts at quantity 1', () => {
		const quantities = all.filter((property) => property.name === 'quantity' && property.type === 'number');
		expect(quantities.length).toBeGreaterThan(3);
		expect(new Set(quantities.map((property) => property.default))).toEqual(new Set([1]));
	});
});
