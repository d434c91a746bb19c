/**
 * A fake Housecall Pro API for tests, benchmarks and the demo. It routes from the table, answers with
 * the live API's quirks (FIELD-NOTES wins over the spec), holds a deterministic seeded company, injects
 * faults and sends signed webhooks.
 */
import type { ObjectName } from '../../nodes/shared/table/types';
import { demoPage } from './demo-page';
import { payloadSubject, nameEvent } from './events';
import { FaultList, type FaultRule } from './faults';
import { DEFAULT_SERVICES_ENVELOPE, ListCache, type ServicesEnvelope } from './lists';
import { TokenBuckets, type RateDecision, type RateLimitSettings } from './rate-limit';
import { Router } from './router';
import { seedStore } from './seed';
import { FakeServer, type RequestLogEntry } from './server';
import { FakeStore, type ChangeLogEntry, type FakeRecord, type StoreWriteOptions } from './store';
import { OPERATIONS } from './table';
import { Rng } from './util';
import { applyDefaults, normalizeWrite, render, viewContext, WEBHOOK_EXPAND, type CompanyInfo } from './views';
import { WebhookSender, type DeliveryLogEntry, type WebhookConfig, type WebhookTiming } from './webhooks';

export type { RateDecision, RateLimitSettings };
export { TokenBuckets };
export type { ChangeLogEntry, DeliveryLogEntry, FakeRecord, FaultRule, RequestLogEntry, StoreWriteOptions, WebhookConfig, WebhookTiming };
export { FakeStore };
export { signWebhook } from './webhooks';
export { HTML_404 } from './server';

export interface FakeHcpOptions {
	/** Accepted key for `Authorization: Token <key>`. Default `test-key`. */
	apiKey?: string;
	/** Seed of the generated company. Default 1. */
	seed?: number;
	/** Record counts per object, e.g. `{customer: 20000}`; others keep their defaults (seed.ts). */
	size?: Partial<Record<ObjectName, number>>;
	/** Wait before answering every request. Default 0. */
	latencyMs?: number;
	/** A webhook URL already saved in HCP (no handshake at start). */
	webhook?: WebhookConfig;
	/** Fake clock for `created_at`/`updated_at`, event times and signatures. Default real time. */
	now?: () => Date;
	/** Location ids accepted in `X-Company-Id`. Default none: like a plain company key, any X-Company-Id answers 401. */
	companyIds?: string[];
	/** Company setting "copy approved option to a job". Default false (live probe: `copied_on_approval_to_job_id: null`). */
	copyOnApproval?: boolean | 'silent';
	/** How partner-only operations answer: normally (default, unverified live) or with 401/403. */
	partnerOnly?: 'allow' | 401 | 403;
	/** Webhook delay, retries, backoff, how retries are signed (`retrySigning`, default `original`) and a signing clock offset. */
	webhookTiming?: WebhookTiming;
	/** Port to listen on; default a random free port. Host is always 127.0.0.1. */
	port?: number;
	/** Shape of the price-book services list (sources disagree); default `data` + `total_pages`. */
	servicesEnvelope?: ServicesEnvelope;
	/**
	 * A token-bucket rate limit per API key (`ratePerSecond`, `burst` default 10); over it, 429
	 * `{"message":"Too Many Requests"}` without headers, as live (`retryAfter: true` adds Retry-After).
	 * Default none.
	 */
	rateLimit?: RateLimitSettings;
	/** Serve the demo page at GET /demo (buttons that change records and fire webhooks). Default false: live HCP has none. */
	demoPage?: boolean;
}

export interface FakeHcp {
	/** `http://127.0.0.1:<port>`, no trailing slash. */
	url: string;
	apiKey: string;
	/** The company every record belongs to (`company_id` in payloads). */
	company: CompanyInfo;
	store: FakeStore;
	/** Every request, in arrival order (the key is never kept). */
	requests: RequestLogEntry[];
	clearRequests(): void;
	faults: { add(rule: FaultRule): void; clear(): void };
	setLatency(ms: number): void;
	rateLimit: {
		/** Sets (fresh full buckets) or removes the limit. */
		configure(settings: RateLimitSettings | undefined): void;
		/** Requests the limit let through and refused since the last configure (zero when there is none). */
		counts(): { allowed: number; refused: number };
	};
	setNow(fn: () => Date): void;
	webhooks: {
		/** Saves a URL like the owner does: sends the unsigned handshake, returns its status; non-2xx keeps the old setting. */
		configure(config: WebhookConfig | undefined): Promise<number>;
		deliveries: DeliveryLogEntry[];
		/** Waits for every queued delivery, retries included. */
		flush(): Promise<void>;
		setTiming(timing: WebhookTiming): void;
	};
	/** Milliseconds the seeding took. */
	seedMs: number;
	close(): Promise<void>;
}

export async function startFakeHcp(options: FakeHcpOptions = {}): Promise<FakeHcp> {
	let now = options.now ?? (() => new Date());
	const clock = { now: () => now() };
	const seed = options.seed ?? 1;
	const store = new FakeStore(clock, new Rng(seed ^ 0x5eed));
	store.setDefaults((object, partial) => applyDefaults(object, partial));
	store.setNormalizer(normalizeWrite);
	store.setEventNamer((change, record, before) => nameEvent(store, change, record, before));

	const seedStarted = performance.now();
	const { company } = seedStore(store, seed, options.size ?? {}, clock.now().getTime());
	const seedMs = performance.now() - seedStarted;

	const webhooks = new WebhookSender(clock, company.id, options.webhookTiming);
	webhooks.set(options.webhook);
	store.onChange((entry: ChangeLogEntry, record: FakeRecord) => {
		if (!entry.event || !webhooks.current()) return;
		const subject = payloadSubject(store, entry.event, entry.object, record);
		// The payload is the record as GET answers it, at the moment of the change; job payloads carry
		// attachments and schedule.appointments without asking (recorded).
		const expand = subject.object === 'job' ? WEBHOOK_EXPAND : undefined;
		webhooks.enqueue(entry.event, entry.at, subject.key, render(subject.object, subject.record, viewContext(store, company, expand)));
	});

	const faults = new FaultList();
	const state = {
		store,
		company,
		cache: new ListCache(),
		copyOnApproval: options.copyOnApproval ?? false,
		baseUrl: '',
		servicesEnvelope: options.servicesEnvelope ?? DEFAULT_SERVICES_ENVELOPE,
	};
	const apiKey = options.apiKey ?? 'test-key';
	const pages = options.demoPage ? (method: string, pathname: string, contentType: string) => demoPage({ store, webhooks }, method, pathname, contentType) : undefined;
	const server = new FakeServer(
		new Router(OPERATIONS),
		state,
		faults,
		{
			apiKey,
			companyIds: options.companyIds ?? [],
			latencyMs: options.latencyMs ?? 0,
			partnerOnly: options.partnerOnly ?? 'allow',
			rateLimit: options.rateLimit ? new TokenBuckets(options.rateLimit) : undefined,
		},
		pages,
	);
	const url = await server.listen(options.port ?? 0, '127.0.0.1');
	state.baseUrl = url;

	return {
		url,
		apiKey,
		company,
		store,
		requests: server.requests,
		clearRequests: () => {
			server.requests.length = 0;
		},
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
		setLatency: (ms) => {
			server.settings.latencyMs = ms;
		},
		rateLimit: {
			configure: (settings) => {
				server.settings.rateLimit = settings ? new TokenBuckets(settings) : undefined;
			},
			counts: () => ({ ...(server.settings.rateLimit?.counts ?? { allowed: 0, refused: 0 }) }),
		},
		setNow: (fn) => {
			now = fn;
		},
		webhooks: {
			configure: (config) => webhooks.configure(config),
			deliveries: webhooks.deliveries,
			flush: () => webhooks.flush(),
			setTiming: (timing) => webhooks.setTiming(timing),
		},
		seedMs,
		close: async () => {
			await webhooks.close();
			await server.close();
		},
	};
}
