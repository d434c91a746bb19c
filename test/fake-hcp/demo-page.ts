/**
 * The sandbox's demo page (GET /demo): buttons for what a technician or the office does in the
 * Housecall Pro app (finish a job, take a payment, get an option approved, add a customer). Each is a
 * real change in the fake's store that fires the webhook HCP would send, signed like every delivery,
 * and that the polling trigger then reads. Live HCP has no such page: only the sandbox serves it.
 */
import type { ObjectName } from '../../nodes/shared/table/types';
import type { Answer } from './handlers';
import type { FakeRecord, FakeStore } from './store';
import type { DeliveryLogEntry, WebhookConfig } from './webhooks';

export interface DemoChange {
	/** False when nothing was left to change (no open invoice...). */
	ok: boolean;
	/** One line for a person: what happened, to which record. */
	message: string;
	event?: string;
	object?: ObjectName;
	id?: string;
}

export interface DemoAction {
	label: string;
	/** What the button stands for in the HCP app, and which example workflow it starts. */
	description: string;
	run(store: FakeStore): DemoChange;
}

function first(store: FakeStore, object: ObjectName, test: (record: FakeRecord) => boolean): FakeRecord | undefined {
	for (const record of store.table(object).values()) if (test(record)) return record;
	return undefined;
}

/** What the change log says the last write fired (the store picks the name for `event: true`). */
function lastEvent(store: FakeStore): string | undefined {
	return store.changes[store.changes.length - 1]?.event;
}

const NEW_CUSTOMER_NAMES: readonly (readonly [string, string])[] = [
	['Noa', 'Brooks'],
	['Eli', 'Marsh'],
	['Ana', 'Ruiz'],
	['Tom', 'Okoye'],
	['Ivy', 'Lund'],
	['Raj', 'Mehta'],
];

/** A technician marks a job finished: HCP sends job.completed, the job's updated_at moves. */
export function completeJob(store: FakeStore): DemoChange {
	const job = first(store, 'job', (record) => ['scheduled', 'in progress'].includes(String(record.work_status)));
	if (!job) return { ok: false, message: 'No scheduled or in-progress job is left to finish.' };
	const id = String(job.id);
	const now = store.nowIso();
	const stamps = (job.work_timestamps ?? {}) as FakeRecord;
	store.update(
		'job',
		id,
		{ work_status: 'complete unrated', work_timestamps: { on_my_way_at: stamps.on_my_way_at ?? null, started_at: stamps.started_at ?? now, completed_at: now } },
		{ event: true },
	);
	return { ok: true, message: `Job ${id} (${String(job.description ?? 'job')}) finished.`, event: lastEvent(store), object: 'job', id };
}

/** The customer pays an open invoice in full: HCP sends invoice.paid, paid_at is now. */
export function payInvoice(store: FakeStore): DemoChange {
	const invoice = first(store, 'invoice', (record) => record.status === 'open');
	if (!invoice) return { ok: false, message: 'No open invoice is left to pay.' };
	const id = String(invoice.id);
	store.update('invoice', id, { status: 'paid', paid_at: store.nowIso(), due_amount: 0 }, { event: true });
	return { ok: true, message: `Invoice ${String(invoice.invoice_number)} (${id}) paid.`, event: lastEvent(store), object: 'invoice', id };
}

/** The customer approves an estimate option: only the option moves (its estimate's updated_at stays, FIELD-NOTES trap). */
export function approveOption(store: FakeStore): DemoChange {
	const option = first(store, 'estimateOption', (record) => record.approval_status === null);
	if (!option) return { ok: false, message: 'No estimate option is left waiting for approval.' };
	const id = String(option.id);
	store.update('estimateOption', id, { approval_status: 'pro approved' }, { event: 'estimate.option.approval_status_changed' });
	return { ok: true, message: `Option ${id} of estimate ${String(option.estimate_id)} approved.`, event: lastEvent(store), object: 'estimateOption', id };
}

/** The office adds a customer with a service address: HCP sends customer.created. */
export function addCustomer(store: FakeStore): DemoChange {
	const [firstName, lastName] = store.rng.pick(NEW_CUSTOMER_NAMES);
	const customer = store.insertRaw('customer', {
		first_name: firstName,
		last_name: lastName,
		mobile_number: `512555${String(store.rng.int(0, 9999)).padStart(4, '0')}`,
	});
	const id = String(customer.id);
	store.insertRaw('address', { customer_id: id, type: 'service', street: `${store.rng.int(1, 999)} Demo St`, city: 'Austin', state: 'TX', zip: '78701', country: 'US' });
	store.record({ object: 'customer', id, kind: 'created' }, customer, undefined, { event: 'customer.created' });
	return { ok: true, message: `Customer ${firstName} ${lastName} (${id}) added.`, event: 'customer.created', object: 'customer', id };
}

export const DEMO_ACTIONS: Readonly<Record<string, DemoAction>> = {
	'complete-job': {
		label: 'Finish a job',
		description: 'A technician finishes a scheduled job (job.completed): starts examples 05 (polling, within a minute) and 06 (webhook, at once).',
		run: completeJob,
	},
	'pay-invoice': {
		label: 'Pay an invoice',
		description: 'A customer pays an open invoice (invoice.paid): a Housecall Pro Trigger on Invoice Paid sees it.',
		run: payInvoice,
	},
	'approve-option': {
		label: 'Approve an estimate option',
		description: 'A customer approves an option (estimate.option.approval_status_changed): a trigger on Estimate Option Approved sees it.',
		run: approveOption,
	},
	'add-customer': {
		label: 'Add a customer',
		description: 'The office adds a customer with an address (customer.created): a trigger on new customers sees it.',
		run: addCustomer,
	},
};

export interface DemoPageContext {
	store: FakeStore;
	webhooks: {
		current(): WebhookConfig | undefined;
		deliveries: DeliveryLogEntry[];
		flush(): Promise<void>;
	};
}

/** How long an action's answer waits for its webhook delivery (n8n answers in milliseconds when it is up). */
const DELIVERY_WAIT_MS = 3000;

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Answers /demo and /demo/*, or undefined for every other path (the API routes). A POST must say
 * `Content-Type: application/json`: a page on another site cannot send that to 127.0.0.1 without a
 * CORS preflight, which this server never grants, so only this page's own buttons change the store.
 */
export async function demoPage(context: DemoPageContext, method: string, pathname: string, contentType: string): Promise<Answer | undefined> {
	if (pathname === '/demo' || pathname === '/demo/') {
		return method === 'GET' ? { status: 200, html: DEMO_HTML } : { status: 405, json: { message: 'Use GET' } };
	}
	if (pathname === '/demo/state' && method === 'GET') {
		const webhook = context.webhooks.current();
		return {
			status: 200,
			json: {
				webhook_url: webhook?.url ?? null,
				actions: Object.entries(DEMO_ACTIONS).map(([name, action]) => ({ name, label: action.label, description: action.description })),
				deliveries: context.webhooks.deliveries.slice(-10).map(summarizeDelivery),
			},
		};
	}
	const match = /^\/demo\/actions\/([a-z-]+)$/.exec(pathname);
	if (!match) return pathname.startsWith('/demo/') ? { status: 404, json: { message: `No demo page at ${pathname}` } } : undefined;
	const action = DEMO_ACTIONS[match[1]];
	if (!action) return { status: 404, json: { message: `Unknown demo action "${match[1]}"; known: ${Object.keys(DEMO_ACTIONS).join(', ')}` } };
	if (method !== 'POST') return { status: 405, json: { message: 'Use POST' } };
	if (!/^application\/json\b/i.test(contentType)) return { status: 415, json: { message: 'Send Content-Type: application/json' } };

	const from = context.webhooks.deliveries.length;
	const change = action.run(context.store);
	if (!change.ok) return { status: 409, json: change };
	const sent = context.webhooks.current() !== undefined;
	if (sent) await Promise.race([context.webhooks.flush(), sleep(DELIVERY_WAIT_MS)]);
	const deliveries = context.webhooks.deliveries.slice(from).filter((delivery) => delivery.kind === 'event').map(summarizeDelivery);
	return { status: 200, json: { ...change, webhook: sent ? 'sent' : 'no webhook URL saved', deliveries } };
}

function summarizeDelivery(delivery: DeliveryLogEntry): Record<string, unknown> {
	return {
		event: delivery.event ?? 'handshake',
		attempt: delivery.attempt,
		status: delivery.status,
		...(delivery.error ? { error: delivery.error } : {}),
		at: delivery.at,
	};
}

const DEMO_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fake Housecall Pro: demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; }
.action { display: flex; gap: 1rem; align-items: center; margin: .6rem 0; }
.action button { min-width: 14rem; padding: .5rem .8rem; font: inherit; cursor: pointer; }
.action span { color: #555; font-size: .9rem; }
#log { list-style: none; padding: 0; }
#log li { border-left: 3px solid #2a7; padding: .3rem .6rem; margin: .4rem 0; background: #f5f9f6; }
#log li.failed { border-color: #c33; background: #fbf3f3; }
code { font-size: .9em; }
</style>
</head>
<body>
<h1>Fake Housecall Pro</h1>
<p>Each button changes the fake company the way someone in the Housecall Pro app would. The change
fires the signed webhook Housecall Pro sends and is what the polling trigger reads at its next poll
(once a minute). Watch the executions in n8n.</p>
<p id="webhook">No webhook URL is saved, so no webhook goes out.</p>
<div id="actions"></div>
<h2>What happened</h2>
<ul id="log"></ul>
<script>
const log = document.getElementById('log');
function note(text, failed) {
  const item = document.createElement('li');
  item.textContent = text;
  if (failed) item.className = 'failed';
  log.prepend(item);
}
async function press(name, button) {
  button.disabled = true;
  try {
    const response = await fetch('/demo/actions/' + name, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const answer = await response.json();
    const sent = (answer.deliveries || []).map((d) => d.event + ' -> n8n answered ' + (d.status || 'nothing' + (d.error ? ' (' + d.error + ')' : ''))).join('; ');
    note(answer.message + (answer.event ? ' Event: ' + answer.event + '.' : '') + (sent ? ' Webhook: ' + sent + '.' : answer.webhook ? ' Webhook: ' + answer.webhook + '.' : ''), !response.ok);
  } catch (error) {
    note('Failed: ' + error.message, true);
  } finally {
    button.disabled = false;
  }
}
fetch('/demo/state').then((response) => response.json()).then((state) => {
  if (state.webhook_url) document.getElementById('webhook').textContent = 'Webhooks go to ' + state.webhook_url;
  for (const action of state.actions) {
    const row = document.createElement('div');
    row.className = 'action';
    const button = document.createElement('button');
    button.textContent = action.label;
    button.dataset.action = action.name;
    button.addEventListener('click', () => press(action.name, button));
    const text = document.createElement('span');
    text.textContent = action.description;
    row.append(button, text);
    document.getElementById('actions').append(row);
  }
});
</script>
</body>
</html>
`;
