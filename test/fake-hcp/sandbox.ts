/**
 * A standalone fake HCP for demos, soaks and manual tries:
 *
 *   node -r ./test/scripts/register-ts.js test/fake-hcp/sandbox.ts [port]
 *
 * Env: HCP_SANDBOX_PORT (default 7480), HCP_SANDBOX_API_KEY (default sandbox-key), HCP_SANDBOX_SEED,
 * HCP_SANDBOX_CUSTOMERS, HCP_WEBHOOK_URL + HCP_WEBHOOK_SECRET (deliver webhooks there),
 * HCP_SANDBOX_CHURN=<seconds> (change a record that often, with webhooks, like office staff would).
 * GET /demo serves buttons that make those changes by hand (demo-page.ts).
 */
import { addCustomer } from './demo-page';
import { startFakeHcp, type FakeHcp, type FakeHcpOptions } from './index';
import type { FakeRecord } from './store';
import { Rng } from './util';

export interface SandboxOptions extends FakeHcpOptions {
	/** Seconds between random changes; off when absent or 0. */
	churnSeconds?: number;
	/** Where progress lines go; default console.log. */
	log?: (line: string) => void;
}

export interface Sandbox {
	fake: FakeHcp;
	/** One random change now (what the churn timer does). Returns a line describing it. */
	churnOnce(): string;
	stop(): Promise<void>;
}

const NEXT_STATUS: Readonly<Record<string, string>> = {
	'needs scheduling': 'scheduled',
	scheduled: 'in progress',
	'in progress': 'complete unrated',
	'complete unrated': 'complete rated',
};

function randomRecord(fake: FakeHcp, rng: Rng, object: Parameters<FakeHcp['store']['table']>[0], test: (record: FakeRecord) => boolean = () => true): FakeRecord | undefined {
	const candidates = [...fake.store.table(object).values()].filter(test);
	return candidates.length > 0 ? rng.pick(candidates) : undefined;
}

/** One change a person could make in the HCP app; fires the webhook HCP would. */
function churn(fake: FakeHcp, rng: Rng): string {
	const store = fake.store;
	const roll = rng.int(0, 5);
	if (roll === 0) {
		const added = addCustomer(store);
		return `${String(added.event)} ${String(added.id)}`;
	}
	if (roll === 1) {
		const customer = randomRecord(fake, rng, 'customer');
		if (customer) {
			store.update('customer', String(customer.id), { notes: `Called on ${store.nowIso()}` }, { event: true });
			return `customer.updated ${String(customer.id)}`;
		}
	}
	if (roll === 2) {
		const job = randomRecord(fake, rng, 'job', (record) => NEXT_STATUS[String(record.work_status)] !== undefined);
		if (job) {
			const status = NEXT_STATUS[String(job.work_status)];
			const change = store.changes.length;
			store.update('job', String(job.id), { work_status: status }, { event: true });
			return `${store.changes[change].event ?? 'job change'} ${String(job.id)} -> ${status}`;
		}
	}
	if (roll === 3) {
		const option = randomRecord(fake, rng, 'estimateOption', (record) => record.approval_status === null);
		if (option) {
			// Only the option moves; the estimate's updated_at stays (FIELD-NOTES trap).
			store.update('estimateOption', String(option.id), { approval_status: rng.pick(['pro approved', 'pro declined']) }, { event: 'estimate.option.approval_status_changed' });
			return `estimate.option.approval_status_changed ${String(option.id)}`;
		}
	}
	if (roll === 4) {
		const invoice = randomRecord(fake, rng, 'invoice', (record) => record.status === 'open');
		if (invoice) {
			store.update('invoice', String(invoice.id), { status: 'paid', paid_at: store.nowIso(), due_amount: 0 }, { event: true });
			return `invoice.paid ${String(invoice.id)}`;
		}
	}
	const customer = randomRecord(fake, rng, 'customer');
	if (!customer) return 'nothing to change';
	const lead = store.insert('lead', { customer_id: customer.id, number: store.count('lead') + 100 }, { event: 'lead.created' });
	return `lead.created ${String(lead.id)}`;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const log = options.log ?? ((line: string) => console.log(line));
	const fake = await startFakeHcp({ apiKey: 'sandbox-key', demoPage: true, ...options });
	const rng = new Rng((options.seed ?? 1) + 7919);
	const churnOnce = () => churn(fake, rng);
	let timer: NodeJS.Timeout | undefined;
	if (options.churnSeconds && options.churnSeconds > 0) {
		timer = setInterval(() => log(`churn: ${churnOnce()}`), options.churnSeconds * 1000);
	}
	return {
		fake,
		churnOnce,
		stop: async () => {
			if (timer) clearInterval(timer);
			await fake.close();
		},
	};
}

function numberFromEnv(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${value}"`);
	return n;
}

async function main(): Promise<void> {
	const port = Number(process.argv[2] ?? process.env.HCP_SANDBOX_PORT ?? 7480);
	const customers = numberFromEnv('HCP_SANDBOX_CUSTOMERS');
	const webhookUrl = process.env.HCP_WEBHOOK_URL;
	const webhookSecret = process.env.HCP_WEBHOOK_SECRET;
	if (webhookUrl && !webhookSecret) throw new Error('HCP_WEBHOOK_URL needs HCP_WEBHOOK_SECRET (the signing secret HCP shows)');
	const sandbox = await startSandbox({
		port,
		apiKey: process.env.HCP_SANDBOX_API_KEY || 'sandbox-key',
		seed: numberFromEnv('HCP_SANDBOX_SEED') ?? 1,
		size: customers !== undefined ? { customer: customers } : {},
		webhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
		churnSeconds: numberFromEnv('HCP_SANDBOX_CHURN'),
	});
	const { fake } = sandbox;
	console.log(`Fake Housecall Pro listening on ${fake.url}`);
	console.log(`API key: ${fake.apiKey}   (header: Authorization: Token ${fake.apiKey})`);
	console.log(`Company id: ${fake.company.id}; ${fake.store.count('customer')} customers, ${fake.store.count('job')} jobs, seeded in ${fake.seedMs.toFixed(0)} ms`);
	console.log(`Demo page (finish a job, pay an invoice, approve an option, add a customer): ${fake.url}/demo`);
	if (webhookUrl) console.log(`Webhooks go to ${webhookUrl}`);
	const shutdown = () => {
		void sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`sandbox: ${error.message}`);
		process.exit(1);
	});
}
