// The n8n editor in a real browser (Debian's Chromium driven by playwright-core): sign in, add the
// Housecall Pro node from the node panel, run it against the sandbox, and check that its actions,
// resources, operations and icon render as n8n's REST API describes them. Takes the README's
// screenshots on the way (into .tmp/e2e-screenshots/; HCP_E2E_UPDATE_SCREENSHOTS=1 writes
// test/e2e/screenshots/, which the README shows).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { ACCOUNT_MAX_CONCURRENCY, INITIAL_WINDOW } from '../../nodes/shared/transport';
import { startSandbox, type Sandbox } from '../fake-hcp/sandbox';
import { CREDENTIAL_TYPE, NODE_TYPES, PACKAGE_NAME, prepareWorkflow, readExample } from './example-workflows';
import { packRepoPackage, REPO_ROOT } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const CHROMIUM = '/usr/bin/chromium';
const { aptAvailable, ensureDebianPackages } = require('../scripts/debian-packages.js') as {
	aptAvailable(): boolean;
	ensureDebianPackages(packages: readonly string[], present: () => boolean): number;
};
const CREDENTIAL_NAME = 'Housecall Pro (sandbox)';
const SCREENSHOTS =
	process.env.HCP_E2E_UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, 'screenshots') : path.join(REPO_ROOT, '.tmp', 'e2e-screenshots');

/** Debian's Chromium, installed with apt when missing. */
function installChromium(): void {
	ensureDebianPackages(['chromium'], () => fs.existsSync(CHROMIUM));
}

interface NodeDescription {
	name: string;
	properties: Array<{ name: string; options?: Array<{ name: string; value: unknown }>; displayOptions?: { show?: Record<string, unknown[]> } }>;
}

const chromiumMissing = !fs.existsSync(CHROMIUM);
const describeBrowser = chromiumMissing && !aptAvailable() ? describe.skip : describeWithN8n;
if (describeBrowser === describe.skip) {
	process.stderr.write(`[n8n-e2e] skipping the browser test: ${CHROMIUM} is missing and apt-get is not available to install it\n`);
}

describeBrowser(`the n8n ${N8N_VERSION} editor in Chromium with ${PACKAGE_NAME}`, () => {
	const owner = { email: 'browser@e2e.invalid', password: `Browser-${crypto.randomBytes(8).toString('hex')}-1` };
	let n8n: N8nInstance;
	let sandbox: Sandbox;
	let context: BrowserContext;
	let page: Page;
	let workDir = '';
	let actionNode: NodeDescription;
	const blockedRequests = new Set<string>();
	const timings: string[] = [];

	async function screenshot(name: string, target: Page | Locator = page): Promise<void> {
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		await target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
	}

	/** Texts of the options of the open dropdown (n8n's element-plus select), without descriptions. */
	async function openDropdownOptions(): Promise<string[]> {
		const options = page.locator('.el-select-dropdown__item:visible');
		await options.first().waitFor();
		return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	}

	async function closeDropdown(): Promise<void> {
		await page.keyboard.press('Escape');
		// The list fades out; the next dropdown's options must not be read together with these.
		await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'detached' });
	}

	/** A node's entry in the node panel, by its name there. */
	function panelEntry(name: string): Locator {
		return page
			.locator('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]')
			.filter({ has: page.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${name}\\s*$`) }) })
			.first();
	}

	/** Opens the trigger panel of a new, empty workflow and searches it. */
	async function openTriggerPanel(search: string): Promise<void> {
		const { id } = await n8n.api.importWorkflow({ name: 'Trigger panel', nodes: [], connections: {}, settings: { executionOrder: 'v1' } });
		await page.goto(`${n8n.url}/workflow/${id}`);
		await page.getByTestId('canvas-add-button').first().click();
		await page.getByTestId('node-creator-search-bar').fill(search);
	}

	function optionsOf(name: string, resource?: string): string[] {
		const property = actionNode.properties.find(
			(candidate) => candidate.name === name && (!resource || candidate.displayOptions?.show?.resource?.includes(resource)),
		);
		return (property?.options ?? []).map((option) => option.name);
	}

	beforeAll(async () => {
		let started = Date.now();
		if (chromiumMissing) {
			installChromium();
			timings.push(`chromium install ${((Date.now() - started) / 1000).toFixed(1)} s`);
		}
		started = Date.now();
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-browser-'));
		const tarball = packRepoPackage(workDir);
		sandbox = await startSandbox({ seed: 5, log: () => undefined });
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n'), owner });
		timings.push(`n8n start ${(n8n.startupMs / 1000).toFixed(1)} s`);
		await n8n.api.createCredential(CREDENTIAL_TYPE, CREDENTIAL_NAME, { apiKey: sandbox.fake.apiKey, baseUrl: sandbox.fake.url });
		[actionNode] = (await n8n.api.nodeDescriptions([{ name: NODE_TYPES.action, version: 1 }])) as unknown as NodeDescription[];

		selectors.setTestIdAttribute('data-test-id');
		context = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
			executablePath: CHROMIUM,
			headless: true,
			viewport: { width: 1440, height: 900 },
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		// The editor asks registry.npmjs.org about community packages; nothing leaves this machine.
		await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, async (route) => {
			blockedRequests.add(route.request().url());
			await route.abort();
		});
		page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(30_000);
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (timings.length) process.stderr.write(`[n8n-e2e] browser suite: ${timings.join(', ')}\n`);
		if (blockedRequests.size) process.stderr.write(`[n8n-e2e] the editor asked for (blocked): ${[...blockedRequests].join(', ')}\n`);
		await context?.close();
		await n8n?.stop();
		await sandbox?.stop();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	test('signs in with the owner account', async () => {
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(owner.email);
		await page.locator('input[name="password"]').fill(owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		expect(new URL(page.url()).pathname).not.toMatch(/signin/);
	});

	test('the node panel finds Housecall Pro and lists every action, grouped by resource, with its icon', async () => {
		const { id } = await n8n.api.importWorkflow({
			name: 'Browser test',
			nodes: [{ id: crypto.randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await page.goto(`${n8n.url}/workflow/${id}`);
		await page.getByTestId('canvas-handle-plus').first().click();
		await page.getByTestId('node-creator-search-bar').fill('Housecall Pro');
		// One entry for the action node and the polling trigger; n8n gives it the trigger's description.
		await expect(panelEntry('Housecall Pro').getByTestId('node-creator-item-description').innerText()).resolves.toMatch(
			/^Work with Housecall Pro customers, jobs, estimates/,
		);
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Housecall Pro$/ }).first().click();

		const operationCount = actionNode.properties
			.filter((property) => property.name === 'operation')
			.reduce((sum, property) => sum + (property.options?.length ?? 0), 0);
		await page.getByText(`Actions (${operationCount})`).waitFor();
		await page.getByText('Find or create a customer').waitFor();
		await screenshot('node-panel-actions');
	});

	test('the node opens with the credential picked, runs against the sandbox and shows its records', async () => {
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Get many customers$/ }).first().click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		await expect(page.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(CREDENTIAL_NAME);
		await expect(page.getByTestId('parameter-input-resource').locator('input').inputValue()).resolves.toBe('Customer');
		await expect(page.getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Get Many');

		const limit = page.getByTestId('parameter-input-limit').locator('input');
		await limit.fill('5');
		await limit.blur();
		await page.getByTestId('node-execute-button').click();
		await page.getByText('5 items').first().waitFor();
		const output = page.getByTestId('output-panel');
		await output.getByText('JSON', { exact: true }).click();
		// The first record shown is one of the sandbox's customers (ties in created_at make its order HCP's business).
		const firstId = ndv.getByText(/^"cus_[0-9a-f]+"$/).first();
		await firstId.waitFor();
		const shownId = JSON.parse(await firstId.innerText()) as string;
		expect(sandbox.fake.store.get('customer', shownId)).toBeDefined();
		// The "Node executed successfully" toast would cover the output in the screenshot.
		const toastClose = page.locator('.el-notification__closeBtn');
		if (await toastClose.count()) await toastClose.first().click();
		await page.locator('.el-notification').first().waitFor({ state: 'detached' });
		await screenshot('node-run-against-sandbox');
	});

	test('the Resource and Operation dropdowns show what n8n serves for the node', async () => {
		await page.getByTestId('parameter-input-resource').click();
		const resources = await openDropdownOptions();
		expect(resources).toEqual(optionsOf('resource'));
		expect(resources).toEqual(expect.arrayContaining(['Customer', 'Job', 'Estimate', 'Invoice', 'Lead', 'Custom API Call']));
		await page.waitForTimeout(500); // the list fades in
		await screenshot('node-resources');
		await closeDropdown();

		await page.getByTestId('parameter-input-operation').click();
		const operations = await openDropdownOptions();
		expect(operations).toEqual(optionsOf('operation', 'customer'));
		expect(operations).toContain('Find or Create');
		await closeDropdown();
	});

	test("the node's icon is served by n8n from the package and drawn in the editor", async () => {
		const icons = await page.$$eval('img', (images) =>
			images.map((image) => ({ src: image.src, width: image.naturalWidth })).filter((image) => image.src.includes('/icons/')),
		);
		const ours = icons.filter((icon) => icon.src.includes(`/icons/${PACKAGE_NAME}/`));
		expect(ours.length).toBeGreaterThan(0);
		expect(ours.filter((icon) => icon.width === 0)).toEqual([]);
		const response = await fetch(ours[0].src);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/svg/);
	});

	/**
	 * Saves a workflow of a manual trigger and one Housecall Pro action node with the sandbox's
	 * credential, opens it in the editor and the node's panel. Returns the workflow id and the panel.
	 */
	async function openActionNode(workflowName: string, nodeName: string, parameters: Record<string, unknown>): Promise<{ id: string; ndv: Locator }> {
		const credentials = await n8n.api.request<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
		const credential = credentials.find((candidate) => candidate.name === CREDENTIAL_NAME)!;
		const { id } = await n8n.api.importWorkflow({
			name: workflowName,
			nodes: [
				{ id: crypto.randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: crypto.randomUUID(),
					name: nodeName,
					type: NODE_TYPES.action,
					typeVersion: 1,
					position: [240, 0],
					credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
					parameters,
				},
			],
			connections: { Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await page.goto(`${n8n.url}/workflow/${id}`);
		await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		return { id, ndv };
	}

	test('a cents field keeps the decimal point a person types, and the run refuses it by name', async () => {
		const job = sandbox.fake.store.list('job')[0];
		const { id } = await openActionNode('Money in cents', 'Add Line Item', {
			resource: 'jobLineItem',
			operation: 'create',
			jobId: { __rl: true, mode: 'id', value: String(job.id) },
			name: 'Labor',
			additionalFields: { unitPrice: '' },
		});
		const savedUnitPrice = async () => {
			const answer = await n8n.api.request<{ data?: { nodes: Array<{ name: string; parameters: { additionalFields?: { unitPrice?: unknown } } }> }; nodes?: unknown }>('GET', `/rest/workflows/${id}`);
			const nodes = (answer.data ?? answer).nodes as Array<{ name: string; parameters: { additionalFields?: { unitPrice?: unknown } } }>;
			return nodes.find((node) => node.name === 'Add Line Item')!.parameters.additionalFields?.unitPrice;
		};
		const unitPrice = page.getByTestId('parameter-input-unitPrice').locator('input');
		// Key by key, as a person types it (the number input this field used to be dropped the point).
		await unitPrice.click();
		await page.keyboard.press('Control+a');
		await unitPrice.pressSequentially('125.5');
		await unitPrice.blur();
		expect(await unitPrice.inputValue()).toBe('125.5');
		await screenshot('cents-field');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Control+s');
		// Saving is asynchronous: read the stored workflow until the value lands (or 10 s pass).
		let saved: unknown;
		for (let waited = 0; waited < 10_000 && saved !== '125.5'; waited += 250) {
			saved = await savedUnitPrice();
			if (saved !== '125.5') await page.waitForTimeout(250);
		}
		expect(saved).toBe('125.5');

		const postsBefore = sandbox.fake.requests.filter((request) => request.method === 'POST').length;
		await page.getByTestId('canvas-node').filter({ hasText: 'Add Line Item' }).first().dblclick();
		await page.getByTestId('node-execute-button').click();
		await page.getByText('must be a whole number of cents').first().waitFor();
		expect(sandbox.fake.requests.filter((request) => request.method === 'POST').length).toBe(postsBefore);
		await page.keyboard.press('Escape');
	});

	/** Saves a workflow of one webhook trigger with these parameters and opens the trigger in the editor. */
	async function openWebhookTrigger(name: string, parameters: Record<string, unknown>): Promise<void> {
		const credentials = await n8n.api.request<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
		const credential = credentials.find((candidate) => candidate.name === CREDENTIAL_NAME)!;
		const { id } = await n8n.api.importWorkflow({
			name,
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Housecall Pro Webhook Trigger',
					type: NODE_TYPES.webhookTrigger,
					typeVersion: 1,
					position: [0, 0],
					webhookId: crypto.randomUUID(),
					credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
					parameters,
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await page.goto(`${n8n.url}/workflow/${id}`);
		await page.getByTestId('canvas-node').filter({ hasText: 'Housecall Pro Webhook Trigger' }).first().dblclick();
	}

	test("the webhook trigger's setup notice shows its steps as a list", async () => {
		await openWebhookTrigger('Webhook setup', { events: ['job.completed'] });
		const notice = page.getByTestId('ndv').locator('.notice, [class*="notice"]').filter({ hasText: 'connect it by hand' }).first();
		await notice.waitFor();
		const steps = notice.locator('li');
		expect(await steps.count()).toBe(5);
		expect((await steps.allInnerTexts())[1]).toMatch(/^2\. Copy the Production URL/);
		await screenshot('webhook-setup-notice', page.getByTestId('ndv'));
		await page.keyboard.press('Escape');
	});

	test("the webhook trigger's Options > Respond shows its choice, and its list offers both answers", async () => {
		await openWebhookTrigger('Webhook respond option', { events: ['job.completed'], options: { respond: 'whenWorkflowFinishes' } });
		const ndv = page.getByTestId('ndv');
		const respond = ndv.getByTestId('parameter-input-respond').locator('input').first();
		await respond.waitFor();
		expect(await respond.inputValue()).toBe('When the Workflow Finishes');
		await respond.click();
		const choices = page.locator('.el-select-dropdown__item:visible');
		await choices.first().waitFor();
		expect(await choices.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Immediately'), expect.stringContaining('When the Workflow Finishes')]));
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
	});

	test("Get Many's Options > Max Parallel Requests starts at the account ceiling, cannot go above it, and says where the node starts", async () => {
		const { ndv } = await openActionNode('Parallel requests', 'All Customers', { resource: 'customer', operation: 'getMany', returnAll: true });
		// Filters, then Options: the second "Add ..." select (its label is a placeholder, not text).
		await ndv.getByTestId('collection-parameter-add').last().click();
		await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Max Parallel Requests' }).first().click();
		const input = ndv.getByTestId('parameter-input-parallelRequests').locator('input');
		await input.waitFor();
		expect(await input.inputValue()).toBe(String(ACCOUNT_MAX_CONCURRENCY));
		await input.fill(String(ACCOUNT_MAX_CONCURRENCY * 3));
		await input.blur();
		expect(await input.inputValue()).toBe(String(ACCOUNT_MAX_CONCURRENCY));
		// The description is the tooltip of the label's help icon, which shows while the label is hovered.
		const label = ndv.locator('label[for="parallelRequests"]');
		await label.hover();
		await label.locator('[data-icon="circle-help"]').hover();
		const tooltip = page.getByText('Most pages to fetch at once');
		await tooltip.first().waitFor();
		expect(await tooltip.first().innerText()).toContain(`starts with ${INITIAL_WINDOW}`);
		await screenshot('max-parallel-requests', ndv);
		await page.keyboard.press('Escape');
	});

	test("Estimate > Create asks for customer, address and options up front, and a line item's name, price and quantity are two clicks away", async () => {
		const address = sandbox.fake.store.list('address')[0];
		const { ndv } = await openActionNode('Estimate form', 'Create Estimate', {
			resource: 'estimate',
			operation: 'create',
			customerId: { __rl: true, mode: 'id', value: String(address.customer_id) },
			addressId: String(address.id),
		});
		for (const name of ['customerId', 'addressId']) await ndv.getByTestId(`parameter-input-${name}`).waitFor();
		// Click 1: Add Option (at the top of the form, not under Additional Fields). Click 2: Add Line Item.
		await ndv.getByRole('button', { name: 'Add Option' }).click();
		await ndv.getByRole('button', { name: 'Add Line Item' }).click();
		// Quantities show as typed: a fraction is kept, a whole number is not padded ("2.0000" before).
		for (const [name, value] of [
			['unitPrice', '18500'],
			['quantity', '1.25'],
			['quantity', '2'],
		] as const) {
			const input = ndv.getByTestId(`parameter-input-${name}`).locator('input');
			await input.fill(value);
			await input.blur();
			expect(await input.inputValue()).toBe(value);
		}
		const names = ndv.getByTestId('parameter-input-name').locator('input');
		expect(await names.count()).toBe(2);
		await names.nth(0).fill('Repair');
		await names.nth(1).fill('Thermocouple replacement');
		await names.nth(1).blur();
		// Tall enough to show the whole option, down to the line item's Add Field.
		await page.setViewportSize({ width: 1440, height: 1250 });
		await page.waitForTimeout(300);
		await screenshot('estimate-create-form', ndv);
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.keyboard.press('Escape');
	});

	test("Job > Create's Address ID lists the chosen customer's addresses", async () => {
		const store = sandbox.fake.store;
		const customer = store.list('customer').find((candidate) => store.list('address').filter((address) => address.customer_id === candidate.id).length > 1)!;
		const theirs = store.list('address').filter((address) => address.customer_id === customer.id);
		const { ndv } = await openActionNode('Job address', 'Create Job', { resource: 'job', operation: 'create', customerId: { __rl: true, mode: 'list', value: String(customer.id) } });
		await ndv.getByTestId('parameter-input-addressId').getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		const shown = await items.allInnerTexts();
		expect(shown).toHaveLength(theirs.length);
		for (const address of theirs) expect(shown.some((text) => text.startsWith(`${String(address.street)}, ${String(address.city)}`))).toBe(true);
		await screenshot('job-address-list', ndv);
		await items.first().click();
		await page.keyboard.press('Escape');
	});

	test("the sandbox's demo page finishes a job when its button is clicked", async () => {
		const demo = await context.newPage();
		try {
			await demo.goto(`${sandbox.fake.url}/demo`);
			const button = demo.getByRole('button', { name: 'Finish a job' });
			await button.waitFor();
			expect(await demo.getByRole('button').allInnerTexts()).toEqual(['Finish a job', 'Pay an invoice', 'Approve an estimate option', 'Add a customer']);
			const changesBefore = sandbox.fake.store.changes.length;
			await button.click();
			const line = demo.locator('#log li').first();
			await line.waitFor();
			const text = await line.innerText();
			const jobId = /Job (job_[0-9a-f]+)/.exec(text)?.[1];
			expect(text).toContain('Event: job.completed.');
			expect(sandbox.fake.store.get('job', String(jobId))).toMatchObject({ work_status: 'complete unrated' });
			expect(sandbox.fake.store.changes.slice(changesBefore)).toEqual([expect.objectContaining({ object: 'job', id: jobId, event: 'job.completed' })]);
			await screenshot('demo-page', demo);
		} finally {
			await demo.close();
		}
	});

	test("the trigger panel lists the polling trigger's events, status events too, and an entry starts the trigger on that event", async () => {
		await openTriggerPanel('Housecall Pro');
		await panelEntry('Housecall Pro').click();
		const triggers = [
			'On new record',
			'On updated record',
			'On new or updated record',
			'On deleted record',
			'On job scheduled',
			'On job completed',
			'On job canceled',
			'On invoice paid',
			'On estimate option approved',
			'On estimate option declined',
			'On lead won',
			'On lead lost',
		];
		await page.getByText(`Triggers (${triggers.length})`).waitFor();
		const creator = page.getByTestId('node-creator');
		for (const name of triggers) await creator.getByText(name, { exact: true }).waitFor();
		await screenshot('node-panel-triggers');

		await creator.getByText('On invoice paid', { exact: true }).click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		await expect(ndv.getByTestId('parameter-input-event').locator('input').inputValue()).resolves.toBe('Invoice Paid');
		await expect(ndv.getByTestId('parameter-input-object').locator('input').inputValue()).resolves.toBe('Invoice');
		await page.keyboard.press('Escape');
	});

	test("the trigger panel lists the webhook trigger's events by name", async () => {
		await openTriggerPanel('Housecall Pro Webhook');
		await panelEntry('Housecall Pro Webhook').click();
		const creator = page.getByTestId('node-creator');
		for (const name of ['On any event', 'On job completed', 'On invoice paid', 'On employee created (pro.created in Housecall Pro)']) {
			await creator.getByText(name, { exact: true }).waitFor();
		}
		await page.keyboard.press('Escape');
	});

	test('canvas subtitles show what each node does in words, not raw values', async () => {
		const credentials = await n8n.api.request<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
		const credential = credentials.find((candidate) => candidate.name === CREDENTIAL_NAME)!;
		const credentialRef = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		const { id } = await n8n.api.importWorkflow({
			name: 'Subtitles',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Poll Jobs',
					type: NODE_TYPES.pollingTrigger,
					typeVersion: 1,
					position: [0, 0],
					credentials: credentialRef,
					parameters: { event: 'jobCompleted', object: 'job' },
				},
				{
					id: crypto.randomUUID(),
					name: 'Webhook',
					type: NODE_TYPES.webhookTrigger,
					typeVersion: 1,
					position: [0, 240],
					webhookId: crypto.randomUUID(),
					credentials: credentialRef,
					parameters: { events: ['job.completed', 'invoice.paid'] },
				},
				{
					id: crypto.randomUUID(),
					name: 'Lookup',
					type: NODE_TYPES.action,
					typeVersion: 1,
					position: [300, 0],
					credentials: credentialRef,
					parameters: { resource: 'customer', operation: 'findOrCreate' },
				},
			],
			connections: { 'Poll Jobs': { main: [[{ node: 'Lookup', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await page.goto(`${n8n.url}/workflow/${id}`);
		const subtitleOf = async (name: string) => {
			const subtitle = page.getByTestId('canvas-node').filter({ hasText: name }).first().locator('[class*="subtitle"]').first();
			await subtitle.waitFor();
			return (await subtitle.innerText()).trim();
		};
		expect(await subtitleOf('Lookup')).toBe('Find or create a customer');
		expect(await subtitleOf('Poll Jobs')).toBe('On job completed');
		expect(await subtitleOf('Webhook')).toBe('Job Completed, Invoice Paid');
		await page.getByTestId('zoom-to-fit').click();
		await page.waitForTimeout(300);
		await screenshot('canvas-subtitles');
	});

	test('an example workflow opens on the canvas with every node drawn', async () => {
		const credentials = await n8n.api.request<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
		const credential = credentials.find((candidate) => candidate.name === CREDENTIAL_NAME)!;
		const workflow = prepareWorkflow(readExample('02-').workflow, credential, { uniqueWebhooks: true });
		const { id } = await n8n.api.importWorkflow(workflow);
		await page.goto(`${n8n.url}/workflow/${id}`);
		const steps = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		for (const node of steps) await page.getByTestId('canvas-node').filter({ hasText: node.name }).first().waitFor();
		const hcpNodes = page.getByTestId('canvas-node').filter({ has: page.locator(`img[src*="/icons/${PACKAGE_NAME}/"]`) });
		expect(await hcpNodes.count()).toBe(steps.filter((node) => node.type === NODE_TYPES.action).length);
		await page.getByTestId('zoom-to-fit').click();
		await page.waitForTimeout(500);
		await screenshot('example-after-hours-booking');
	});
});
