/**
 * Webhook deliveries as Housecall Pro sends them (FIELD-NOTES "Webhooks"): POST JSON, `Api-Timestamp`
 * (unix seconds) and `Api-Signature` = hex HMAC-SHA256(secret, `<timestamp>.<raw body>`), sent a moment
 * after the change, retried on non-2xx. Saving the URL sends an unsigned `{"foo":"bar"}` handshake.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Clock } from './store';
import type { Json } from './util';

export interface WebhookConfig {
	url: string;
	secret: string;
	/** Only these events are sent (the owner ticks events in HCP); all when absent. */
	events?: readonly string[];
}

export interface WebhookTiming {
	/** Wait after the change before the first attempt (live: about 1-2 s). Default 20 ms. */
	delayMs?: number;
	/** Attempts after the first one when the answer is not 2xx. Default 3. */
	retries?: number;
	/** First retry wait; doubles per attempt. Default 50 ms. */
	backoffMs?: number;
	/** Give up on one attempt after this long. Default 5000 ms. */
	timeoutMs?: number;
	/**
	 * How a retry is signed; unknown live (FIELD-NOTES "Webhooks"). `original` (default, the harsher
	 * case for a receiver with a time window): every retry resends the first attempt's
	 * `Api-Timestamp` and `Api-Signature`. `fresh`: each attempt is signed with the time it is sent.
	 */
	retrySigning?: 'original' | 'fresh';
	/**
	 * Added to the fake's clock for `Api-Timestamp` only (not for `event_occurred_at` or records), when
	 * an attempt is signed. -10 minutes makes a first attempt look 10 minutes old without waiting.
	 * Default 0.
	 */
	signingClockOffsetMs?: number;
}

export interface DeliveryLogEntry {
	/** Same for all attempts of one delivery. */
	deliveryId: number;
	kind: 'handshake' | 'event';
	event?: string;
	/** 1 for the first try. */
	attempt: number;
	url: string;
	/** HTTP status of the answer; 0 when none came (refused, timed out). */
	status: number;
	error?: string;
	/** Wall-clock time the attempt was sent. */
	at: string;
	/** `Api-Timestamp` and `Api-Signature` sent (absent on the handshake). */
	timestamp?: string;
	signature?: string;
	/** The raw body sent. */
	body: string;
}

/** Lowercase hex HMAC-SHA256 over `<timestamp>.<body>`, as HCP signs. */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

interface Attempt {
	status: number;
	error?: string;
}

function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<Attempt> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ status: 0, error: 'invalid URL' });
			return;
		}
		const transport = target.protocol === 'https:' ? https : http;
		const request = transport.request(
			target,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Housecall Pro Webhooks (fake)', ...headers },
				timeout: timeoutMs,
				signal,
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
				response.on('error', (error) => resolve({ status: response.statusCode ?? 0, error: error.message }));
			},
		);
		request.on('timeout', () => request.destroy(new Error('timed out')));
		request.on('error', (error) => resolve({ status: 0, error: error.message }));
		request.end(body);
	});
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted || ms <= 0) {
			resolve();
			return;
		}
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

export class WebhookSender {
	readonly deliveries: DeliveryLogEntry[] = [];
	private config: WebhookConfig | undefined;
	private readonly pending = new Set<Promise<void>>();
	private readonly abort = new AbortController();
	private nextId = 1;
	private readonly timing: Required<WebhookTiming>;

	constructor(
		private readonly clock: Clock,
		private readonly companyId: string,
		timing: WebhookTiming = {},
	) {
		this.timing = { delayMs: 20, retries: 3, backoffMs: 50, timeoutMs: 5000, retrySigning: 'original', signingClockOffsetMs: 0, ...timing };
	}

	/** Sets the URL without a handshake (a URL saved before the fake started). */
	set(config: WebhookConfig | undefined): void {
		this.config = config;
	}

	current(): WebhookConfig | undefined {
		return this.config;
	}

	setTiming(timing: WebhookTiming): void {
		Object.assign(this.timing, timing);
	}

	/**
	 * Saving a URL in HCP: the unsigned `{"foo":"bar"}` handshake must get a 2xx or the save fails
	 * (the previous setting stays). Returns the handshake's status (0: no answer; 0 too for `undefined`,
	 * which just turns webhooks off).
	 */
	async configure(config: WebhookConfig | undefined): Promise<number> {
		if (!config) {
			this.config = undefined;
			return 0;
		}
		const body = JSON.stringify({ foo: 'bar' });
		const deliveryId = this.nextId++;
		const result = await post(config.url, body, {}, this.timing.timeoutMs, this.abort.signal);
		this.deliveries.push({
			deliveryId,
			kind: 'handshake',
			attempt: 1,
			url: config.url,
			status: result.status,
			...(result.error ? { error: result.error } : {}),
			at: new Date().toISOString(),
			body,
		});
		if (result.status >= 200 && result.status < 300) this.config = config;
		return result.status;
	}

	/** Queues one event; it goes out after `delayMs`, so after the write's own answer. */
	enqueue(event: string, occurredAt: string, key: string, record: Json): void {
		const config = this.config;
		if (!config || this.abort.signal.aborted) return;
		if (config.events && !config.events.includes(event)) return;
		const body = JSON.stringify({ event, event_occurred_at: occurredAt, company_id: this.companyId, [key]: record });
		const task = this.deliver(this.nextId++, event, body, config);
		this.pending.add(task);
		void task.finally(() => this.pending.delete(task));
	}

	/** Resolves when every queued delivery (with its retries) has finished. */
	async flush(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	/** Stops retries and in-flight sends. */
	async close(): Promise<void> {
		this.abort.abort();
		await this.flush();
	}

	private sign(secret: string, body: string): { timestamp: string; signature: string } {
		const timestamp = String(Math.floor((this.clock.now().getTime() + this.timing.signingClockOffsetMs) / 1000));
		return { timestamp, signature: signWebhook(secret, timestamp, body) };
	}

	private async deliver(deliveryId: number, event: string, body: string, config: WebhookConfig): Promise<void> {
		const signal = this.abort.signal;
		await sleep(this.timing.delayMs, signal);
		let first: { timestamp: string; signature: string } | undefined;
		for (let attempt = 1; attempt <= this.timing.retries + 1 && !signal.aborted; attempt++) {
			if (attempt > 1) await sleep(this.timing.backoffMs * 2 ** (attempt - 2), signal);
			if (signal.aborted) break;
			// Timing is read per attempt, so a test may change the mode or the offset mid-delivery.
			const { timestamp, signature } = first && this.timing.retrySigning === 'original' ? first : this.sign(config.secret, body);
			first ??= { timestamp, signature };
			const result = await post(config.url, body, { 'Api-Timestamp': timestamp, 'Api-Signature': signature }, this.timing.timeoutMs, signal);
			this.deliveries.push({
				deliveryId,
				kind: 'event',
				event,
				attempt,
				url: config.url,
				status: result.status,
				...(result.error ? { error: result.error } : {}),
				at: new Date().toISOString(),
				timestamp,
				signature,
				body,
			});
			if (result.status >= 200 && result.status < 300) return;
		}
	}
}
