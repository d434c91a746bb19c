// The packed package inside a real n8n 2.40.7, against the fake Housecall Pro run as a sandbox:
// the credential test, the polling trigger on a real schedule, the webhook trigger on signed (and
// forged, stale, replayed, handshake) deliveries, and the example workflows users import, all
// checked through n8n's own execution records. One n8n serves every describe block below.
import { builtinModules } from 'node:module';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { signWebhook } from '../fake-hcp';
import { startSandbox, type Sandbox } from '../fake-hcp/sandbox';
import { KNOWN_CALLER_NUMBER } from '../fake-hcp/seed';
import type { FakeRecord } from '../fake-hcp/store';
import {
	CREDENTIAL_TYPE,
	NODE_TYPES,
	PACKAGE_NAME,
	nodeOfType,
	prepareWorkflow,
	readExample,
	readExamples,
	webhookPath,
	type ExampleJson,
} from './example-workflows';
import { packRepoPackage, REPO_ROOT } from './lib/community-package';
import { describeWithN8n, E2E_SETUP_TIMEOUT_MS } from './lib/e2e-env';
import { type N8nExecution, type N8nInstance, N8N_VERSION, startN8n } from './n8n-instance';

const WEBHOOK_SECRET = crypto.randomBytes(24).toString('hex');

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function nodeItems(execution: N8nExecution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	return runs?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];
}

/** The node that failed and why, for a readable assertion message. */
function failureOf(execution: N8nExecution): string {
	const runData = execution.data?.resultData.runData ?? {};
	const failed = Object.entries(runData).find(([, runs]) => runs.some((run) => run.error));
	return `${execution.status}: ${execution.data?.resultData.error?.message ?? ''} ${failed ? `in "${failed[0]}" ${JSON.stringify(failed[1][0].error).slice(0, 400)}` : ''}`.trim();
}

function expectSuccess(execution: N8nExecution): void {
	expect({ status: execution.status, failure: execution.status === 'success' ? '' : failureOf(execution) }).toEqual({ status: 'success', failure: '' });
}

/** Every `require("...")` target in the .js files under `dir`. */
function requiredModules(dir: string): Map<string, string[]> {
	const found = new Map<string, string[]>();
	const walk = (current: string) => {
		for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.js')) {
				const text = fs.readFileSync(full, 'utf8');
				for (const match of text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
					const name = match[1] ?? match[2] ?? match[3];
					found.set(name, [...(found.get(name) ?? []), path.relative(dir, full)]);
				}
			}
		}
	};
	walk(dir);
	return found;
}

describeWithN8n(`${PACKAGE_NAME} in a real n8n ${N8N_VERSION} against the sandbox`, () => {
	let n8n: N8nInstance;
	let sandbox: Sandbox;
	let workDir = '';
	let credential: { id: string; name: string; type: string };
	const credentialData = () => ({ apiKey: sandbox.fake.apiKey, baseUrl: sandbox.fake.url, webhookSecret: WEBHOOK_SECRET });

	async function importExample(workflow: ExampleJson): Promise<string> {
		const { id } = await n8n.api.importWorkflow(prepareWorkflow(workflow, credential, { uniqueWebhooks: true }));
		return id;
	}

	async function runToEnd(workflowId: string, triggerName: string): Promise<N8nExecution> {
		const executionId = await n8n.api.runManually(workflowId, triggerName);
		return await n8n.api.waitForExecution(executionId, 60_000);
	}

	/** A request to the sandbox with its key, as any API client would send it. */
	async function hcp<T>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${sandbox.fake.url}${route}`, {
			method,
			headers: { Authorization: `Token ${sandbox.fake.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${route} answered ${response.status}`);
		return (await response.json()) as T;
	}

	/** A scheduled or in-progress job moved to complete, as a technician finishing in the app would. */
	function completeAJob(skip: readonly string[] = []): FakeRecord {
		const store = sandbox.fake.store;
		const job = store
			.list('job')
			.find((record) => ['scheduled', 'in progress'].includes(String(record.work_status)) && !skip.includes(store.idOf('job', record)));
		if (!job) throw new Error('the sandbox has no scheduled job left to complete');
		return store.update('job', store.idOf('job', job), { work_status: 'complete unrated' }, { event: true });
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-e2e-workflows-'));
		const tarball = packRepoPackage(workDir);
		sandbox = await startSandbox({ seed: 3, log: () => undefined });
		n8n = await startN8n({ packageTarball: tarball, userFolder: path.join(workDir, 'n8n') });
		process.stderr.write(`[n8n-e2e] workflows suite: n8n ready in ${(n8n.startupMs / 1000).toFixed(1)} s\n`);
		credential = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (sandbox)', credentialData());
	}, E2E_SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		if (workDir && process.env.HCP_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
	}, 60_000);

	describe('the installed package', () => {
		test('registers both triggers, the action node and the credential', async () => {
			const { nodes, credentials } = await n8n.api.loadedNodeTypes();
			expect(nodes).toEqual(expect.arrayContaining([NODE_TYPES.action, NODE_TYPES.pollingTrigger, NODE_TYPES.webhookTrigger, NODE_TYPES.tool]));
			expect(credentials).toContain(CREDENTIAL_TYPE);
		});

		test("n8n's credential test passes against the sandbox with its key and explains a refused key", async () => {
			sandbox.fake.clearRequests();
			await expect(n8n.api.testCredential(credential, credentialData())).resolves.toEqual({ status: 'OK', message: expect.any(String) });
			expect(sandbox.fake.requests.map((request) => `${request.method} ${request.path} ${request.status} auth=${request.hadAuth}`)).toEqual([
				'GET /company 200 auth=true',
			]);

			const wrong = { ...credentialData(), apiKey: 'not-the-key' };
			const refused = await n8n.api.createCredential(CREDENTIAL_TYPE, 'Housecall Pro (wrong key)', wrong);
			const result = await n8n.api.testCredential(refused, wrong);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/MAX/);
		});

		test('the code n8n loads requires nothing but n8n-workflow and Node built-ins (no zod)', () => {
			const installed = n8n.communityPackage!.directory;
			const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
			for (const dir of [path.join(installed, 'dist'), path.join(REPO_ROOT, 'dist')]) {
				const modules = requiredModules(dir);
				expect(modules.size).toBeGreaterThan(0);
				expect(modules.get('zod')).toBeUndefined();
				const foreign = [...modules.keys()].filter((name) => !name.startsWith('.') && name !== 'n8n-workflow' && !builtins.has(name));
				expect(foreign.map((name) => `${name} in ${modules.get(name)!.join(', ')}`)).toEqual([]);
			}
		});
	});

	describe('Housecall Pro Trigger (polling) on a real schedule', () => {
		// n8n 2.40.7 refuses schedules more often than once a minute (a seconds field other than one
		// number). A custom cron with one fixed second is allowed: the test picks a second a few
		// moments ahead, so the first scheduled poll comes in seconds instead of up to a minute.
		test('a job completed in the sandbox starts one execution; a trigger whose records did not change starts none', async () => {
			const second = (new Date().getUTCSeconds() + 10) % 60;
			const schedule = { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] };

			const example = readExample('05-');
			const followUp = prepareWorkflow(example.workflow, credential, { name: 'e2e: job completed (polling)' });
			const trigger = nodeOfType(followUp, NODE_TYPES.pollingTrigger);
			trigger.parameters.pollTimes = schedule;
			const followUpId = (await n8n.api.importWorkflow(followUp)).id;

			const quiet = prepareWorkflow(example.workflow, credential, { name: 'e2e: invoice paid (polling, nothing changes)' });
			const quietTrigger = nodeOfType(quiet, NODE_TYPES.pollingTrigger);
			quietTrigger.parameters = { pollTimes: schedule, object: 'invoice', event: 'invoicePaid' };
			quiet.nodes = [quietTrigger];
			quiet.connections = {};
			const quietId = (await n8n.api.importWorkflow(quiet)).id;

			try {
				await n8n.api.activate(followUpId);
				await n8n.api.activate(quietId);
				// Activation polled once (the baseline); everything from here on is the schedule's.
				const afterActivation = sandbox.fake.requests.length;
				const completed = completeAJob();
				const jobId = String(completed.id);

				const [execution] = await n8n.api.waitForExecutions(followUpId, 1, 150_000);
				const full = await n8n.api.waitForExecution(execution.id);
				expectSuccess(full);
				expect(full.mode).toBe('trigger');
				expect(nodeItems(full, trigger.name).map((item) => item.id)).toEqual([jobId]);
				const [noted] = nodeItems(full, 'Add Follow-up Note');
				expect(String(noted.content)).toMatch(/^Follow-up: call /);
				const job = await hcp<{ notes: Array<{ content: string }> }>('GET', `/jobs/${jobId}`);
				expect(job.notes.map((note) => note.content)).toContain(noted.content);

				// The quiet trigger polled on the same schedule (its request reached the sandbox) and
				// recorded nothing, since no invoice was paid.
				const polledInvoices = () => sandbox.fake.requests.slice(afterActivation).some((request) => request.path === '/invoices');
				const deadline = Date.now() + 70_000;
				while (!polledInvoices() && Date.now() < deadline) await sleep(250);
				expect(polledInvoices()).toBe(true);
				await sleep(2_000);
				expect(await n8n.api.listExecutions(quietId)).toEqual([]);
				expect(await n8n.api.listExecutions(followUpId)).toHaveLength(1);
			} finally {
				await n8n.api.deactivate(followUpId).catch(() => undefined);
				await n8n.api.deactivate(quietId).catch(() => undefined);
			}
		}, 240_000);
	});

	describe('Housecall Pro Webhook Trigger on deliveries from the sandbox', () => {
		let workflowId = '';
		let url = '';

		beforeAll(async () => {
			const example = readExample('06-');
			const workflow = prepareWorkflow(example.workflow, credential, { uniqueWebhooks: true });
			workflowId = (await n8n.api.importWorkflow(workflow)).id;
			await n8n.api.activate(workflowId);
			url = `${n8n.url}/webhook/${webhookPath(nodeOfType(workflow, NODE_TYPES.webhookTrigger))}`;
		});

		afterAll(async () => {
			await sandbox.fake.webhooks.configure(undefined);
		});

		test('runs once per signed job.completed; handshake, other events, forged, expired, future and replayed requests record nothing', async () => {
			// Saving the URL in Housecall Pro: an unsigned {"foo":"bar"} that must be answered 2xx.
			expect(await sandbox.fake.webhooks.configure({ url, secret: WEBHOOK_SECRET, events: undefined })).toBe(200);

			// A write through the API fires an event the trigger does not listen to.
			const customer = sandbox.fake.store.list('customer')[0];
			await hcp('PUT', `/customers/${sandbox.fake.store.idOf('customer', customer)}`, { notes: 'Gate code 4411' });
			await sandbox.fake.webhooks.flush();
			const updated = sandbox.fake.webhooks.deliveries.find((delivery) => delivery.event === 'customer.updated');
			expect(updated).toMatchObject({ status: 200, kind: 'event' });

			// Requests that do not come from Housecall Pro.
			const now = Math.floor(Date.now() / 1000);
			const body = JSON.stringify({ event: 'job.completed', event_occurred_at: new Date().toISOString(), company_id: sandbox.fake.company.id, job: { id: 'job_forged' } });
			const send = async (timestamp: number, signature: string | undefined) =>
				(
					await n8n.api.callWebhook(url.split('/webhook/')[1], {
						body,
						headers: {
							'content-type': 'application/json',
							'api-timestamp': String(timestamp),
							...(signature === undefined ? {} : { 'api-signature': signature }),
						},
					})
				).status;
			expect(await send(now, signWebhook('not-the-secret', String(now), body))).toBe(401);
			expect(await send(now, undefined)).toBe(401);
			// Older than the Max Delivery Age (72 h), or further ahead than 5 minutes of clock skew.
			const expired = now - 73 * 3600;
			expect(await send(expired, signWebhook(WEBHOOK_SECRET, String(expired), body))).toBe(401);
			expect(await send(now + 600, signWebhook(WEBHOOK_SECRET, String(now + 600), body))).toBe(401);

			// The real thing: a technician completes a job; HCP signs and sends job.completed.
			const leadsBefore = sandbox.fake.store.count('lead');
			const job = completeAJob();
			const [execution] = await n8n.api.waitForExecutions(workflowId, 1);
			const full = await n8n.api.waitForExecution(execution.id);
			expectSuccess(full);
			expect(full.mode).toBe('webhook');
			const [record] = nodeItems(full, 'Job Completed Webhook');
			expect(record).toMatchObject({ id: job.id, work_status: 'complete unrated' });
			const [lead] = nodeItems(full, 'Create Maintenance Lead');
			expect(sandbox.fake.store.count('lead')).toBe(leadsBefore + 1);
			expect(sandbox.fake.store.get('lead', String(lead.id))).toMatchObject({ customer_id: job.customer_id });

			// The same delivery again, as a retry after a lost answer would send it: answered, not run.
			await sandbox.fake.webhooks.flush();
			const delivered = sandbox.fake.webhooks.deliveries.find((delivery) => delivery.event === 'job.completed' && delivery.status === 200)!;
			const replay = await n8n.api.callWebhook(url.split('/webhook/')[1], {
				body: delivered.body,
				headers: { 'content-type': 'application/json', 'api-timestamp': delivered.timestamp!, 'api-signature': delivered.signature! },
			});
			expect(replay.status).toBe(200);

			await sleep(1_500);
			const executions = await n8n.api.listExecutions(workflowId);
			expect(executions.map((candidate) => candidate.id)).toEqual([execution.id]);
		}, 120_000);
	});

	describe('example workflows (examples/*.json)', () => {
		test('every example imports and uses only node types this n8n has loaded', async () => {
			const { nodes } = await n8n.api.loadedNodeTypes();
			const examples = readExamples();
			expect(examples.length).toBeGreaterThanOrEqual(7);
			for (const { file, workflow } of examples) {
				const missing = workflow.nodes.map((node) => node.type).filter((type) => !nodes.includes(type));
				expect({ file, missing }).toEqual({ file, missing: [] });
				const id = await importExample(workflow);
				const stored = await n8n.api.request<{ nodes: unknown[] }>('GET', `/rest/workflows/${id}`);
				expect({ file, nodes: stored.nodes.length }).toEqual({ file, nodes: workflow.nodes.length });
			}
		});

		test('the AI agent example uses the action node as an agent tool', () => {
			const { workflow } = readExample('07-');
			const tools = workflow.nodes.filter((node) => node.type === NODE_TYPES.tool);
			expect(tools.length).toBeGreaterThan(0);
			for (const tool of tools) {
				const connection = workflow.connections[tool.name] as { ai_tool?: Array<Array<{ node: string }>> };
				expect(connection.ai_tool?.[0]?.[0]?.node).toBe('Office Assistant');
				expect(JSON.stringify(tool.parameters)).toMatch(/\$fromAI\(/);
			}
		});

		test('01 caller lookup: the number it ships with finds a seeded customer with their jobs; an unknown one creates the customer once', async () => {
			const { workflow } = readExample('01-');
			const manual = "When clicking 'Execute workflow'";
			// The example dials "(512) 555-0142"; the sandbox stores that customer's number as digits.
			const store = sandbox.fake.store;
			const known = store.list('customer').find((candidate) => candidate.mobile_number === KNOWN_CALLER_NUMBER)!;
			const jobCount = store.list('job').filter((job) => job.customer_id === known.id).length;
			expect(jobCount).toBeGreaterThan(0);
			const found = await runToEnd(await importExample(workflow), manual);
			expectSuccess(found);
			expect(nodeItems(found, 'Call Sheet')[0]).toMatchObject({
				new_customer: false,
				customer_id: known.id,
				name: `${String(known.first_name)} ${String(known.last_name)}`,
				jobs_read: Math.min(5, jobCount),
				phone: '(512) 555-0142',
			});

			const variant = JSON.parse(JSON.stringify(workflow)) as ExampleJson;
			const caller = variant.nodes.find((node) => node.name === 'Caller')!;
			(caller.parameters.assignments as { assignments: Array<{ value: string }> }).assignments[0].value = '+1 512.555.0163';
			const unknown = await importExample(variant);
			const first = await runToEnd(unknown, manual);
			expectSuccess(first);
			const [created] = nodeItems(first, 'Call Sheet');
			expect(created).toMatchObject({ new_customer: true, jobs_read: 0 });
			expect(store.get('customer', String(created.customer_id))?.mobile_number).toBe('5125550163');
			const second = await runToEnd(unknown, manual);
			expectSuccess(second);
			expect(nodeItems(second, 'Call Sheet')[0]).toMatchObject({ new_customer: false, customer_id: created.customer_id });
		});

		test('02 after-hours booking: the form webhook makes a customer and a job with a 2-hour window and a technician', async () => {
			const { workflow } = readExample('02-');
			const prepared = prepareWorkflow(workflow, credential, { uniqueWebhooks: true });
			const { id } = await n8n.api.importWorkflow(prepared);
			await n8n.api.activate(id);
			try {
				const email = `booking-${crypto.randomBytes(3).toString('hex')}@example.com`;
				const response = await n8n.api.callWebhook(webhookPath(nodeOfType(prepared, 'n8n-nodes-base.webhook')), {
					body: {
						first_name: 'Ana',
						last_name: 'Ruiz',
						email,
						phone: '512-555-0199',
						street: '12 Elm St',
						city: 'Austin',
						state: 'TX',
						zip: '78701',
						service: 'No hot water',
						window_start: '2030-07-24T15:00:00Z',
					},
				});
				expect(response.status).toBe(200);
				const answered = (await response.json()) as { id: string };
				const [execution] = await n8n.api.waitForExecutions(id, 1);
				expectSuccess(await n8n.api.waitForExecution(execution.id));

				const job = sandbox.fake.store.get('job', answered.id)!;
				const customer = sandbox.fake.store.get('customer', String(job.customer_id))!;
				expect(customer).toMatchObject({ email, first_name: 'Ana', last_name: 'Ruiz' });
				const served = await hcp<{ schedule: Record<string, unknown>; assigned_employees: unknown[]; address: { street: string } }>('GET', `/jobs/${answered.id}`);
				expect(served.schedule).toMatchObject({ scheduled_start: '2030-07-24T15:00:00Z', scheduled_end: '2030-07-24T17:00:00Z', arrival_window: 120 });
				expect(served.assigned_employees).toHaveLength(1);
				expect(served.address.street).toBe('12 Elm St');
			} finally {
				await n8n.api.deactivate(id);
			}
		});

		test('03 estimate then job: two options with line items, the chosen one approved and exactly one job for it', async () => {
			const id = await importExample(readExample('03-').workflow);
			const execution = await runToEnd(id, "When clicking 'Execute workflow'");
			expectSuccess(execution);
			const [estimate] = nodeItems(execution, 'Create Estimate') as Array<{ id: string; options: Array<{ id: string; name: string }> }>;
			expect(estimate.options.map((option) => option.name)).toEqual(['Repair', 'Replace']);
			const [ensured] = nodeItems(execution, 'Approve and Ensure Job');
			const repair = estimate.options.find((option) => option.name === 'Repair')!;
			expect(ensured).toMatchObject({ outcome: 'job_created', estimate_id: estimate.id, option_ids: [repair.id] });
			expect(sandbox.fake.store.get('estimateOption', repair.id)).toMatchObject({ approval_status: 'pro approved' });
			const job = await hcp<{ line_items?: unknown; customer: { id: string } }>('GET', `/jobs/${String(ensured.job_id)}`);
			expect(job.customer.id).toBe((nodeItems(execution, 'Find or Create Customer')[0].customer as { id: string }).id);
			const lineItems = await hcp<{ data: Array<{ name: string; unit_price: number }> }>('GET', `/jobs/${String(ensured.job_id)}/line_items`);
			expect(lineItems.data.map((item) => [item.name, item.unit_price])).toEqual([
				['Diagnostic visit', 8900],
				['Thermocouple replacement', 18500],
			]);
		});

		test('04 overdue invoices: one reminder row per open invoice past its due date, most overdue first', async () => {
			const id = await importExample(readExample('04-').workflow);
			const execution = await runToEnd(id, "When clicking 'Execute workflow'");
			expectSuccess(execution);
			const rows = nodeItems(execution, 'Reminder List');
			const now = Date.now();
			const overdue = sandbox.fake.store
				.list('invoice')
				.filter((invoice) => invoice.status === 'open' && Date.parse(String(invoice.due_at)) <= now);
			expect(overdue.length).toBeGreaterThan(0);
			expect(rows.map((row) => row.invoice_number).sort()).toEqual(overdue.map((invoice) => invoice.invoice_number).sort());
			const days = rows.map((row) => Number(row.days_overdue));
			expect(days).toEqual([...days].sort((a, b) => b - a));
			const first = overdue.find((invoice) => invoice.invoice_number === rows[0].invoice_number)!;
			expect(rows[0].amount_due).toBe(Number(first.due_amount) / 100);
			expect(rows.every((row) => typeof row.customer === 'string' && row.customer !== 'Unknown')).toBe(true);
		});
	});

	describe('after all of the above', () => {
		test('n8n attempted no connection beyond 127.0.0.1', () => {
			expect(n8n.outboundAttempts()).toEqual([]);
		});
	});
});
