/**
 * The HTTP side: injected faults and latency, routing from the table (unmatched -> HTML 404), the
 * `Token` auth rule, body parsing and validation, then the operation's handler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultList, FaultRule } from './faults';
import { handle, resolvePath, type Answer, type FakeState } from './handlers';
import type { ErrorAnswer } from './lists';
import { boundaryOf, parseMultipart } from './multipart';
import type { TokenBuckets } from './rate-limit';
import type { Router } from './router';
import { humanize } from './util';
import { validateJsonBody, validateMultipartBody, type MultipartBody } from './validate';

export interface RequestLogEntry {
	method: string;
	/** Pathname without the query. */
	path: string;
	/** The query as sent, names with their brackets (`work_status[]`). */
	query: URLSearchParams;
	/** Parsed JSON, `{fields, files}` for multipart, the raw text when it did not parse, undefined when empty. */
	body: unknown;
	/** Status answered; 0 when the connection was dropped. */
	status: number;
	/** Wall-clock time the request arrived. */
	at: string;
	/** Whether an Authorization header came (its value is never kept). */
	hadAuth: boolean;
	/** Key of the table operation it matched, if any. */
	operation?: string;
}

export interface ServerSettings {
	apiKey: string;
	/** Location ids accepted in `X-Company-Id`; any other value (or any value when empty) answers 401. */
	companyIds: readonly string[];
	latencyMs: number;
	/** How partner-only operations answer a company key: normally (default) or with this status. */
	partnerOnly: 'allow' | 401 | 403;
	/** Token buckets per API key; undefined = no rate limit. */
	rateLimit?: TokenBuckets;
}

/** Pages beside the API (the sandbox's demo page): an answer, or undefined to route as the API. */
export type PageHandler = (method: string, pathname: string, contentType: string) => Promise<Answer | undefined>;

/** The page HCP serves for paths it has no route for (e.g. DELETE /customers/{id}). */
export const HTML_404 = `<!DOCTYPE html>
<html>
<head>
  <title>The page you were looking for doesn't exist (404)</title>
  <meta name="viewport" content="width=device-width,initial-scale=1">
</head>
<body>
  <div class="dialog">
    <h1>The page you were looking for doesn't exist.</h1>
    <p>You may have mistyped the address or the page may have moved.</p>
  </div>
</body>
</html>
`;

const HTML_503 = `<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>
`;

const UNAUTHORIZED = { message: 'Unauthorized' };
const TOO_MANY_REQUESTS = { message: 'Too Many Requests' };

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

type ParsedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'multipart'; value: MultipartBody } | { kind: 'bad'; text: string };

function parseBody(raw: Buffer, contentType: string): ParsedBody {
	if (raw.length === 0) return { kind: 'none' };
	if (/multipart\/form-data/i.test(contentType)) {
		const boundary = boundaryOf(contentType);
		const parsed = boundary ? parseMultipart(raw, boundary) : undefined;
		return parsed ? { kind: 'multipart', value: parsed } : { kind: 'bad', text: raw.toString('utf8') };
	}
	const text = raw.toString('utf8');
	try {
		return { kind: 'json', value: JSON.parse(text) };
	} catch {
		return { kind: 'bad', text };
	}
}

export class FakeServer {
	readonly requests: RequestLogEntry[] = [];
	private readonly server: http.Server;

	constructor(
		private readonly router: Router,
		private readonly state: FakeState,
		private readonly faults: FaultList,
		readonly settings: ServerSettings,
		private readonly pages?: PageHandler,
	) {
		this.server = http.createServer((request, response) => {
			this.serve(request, response).catch((error: Error) => {
				// A bug in the fake must be loud, not a silent hang.
				console.error('fake HCP: handler failed', error);
				if (!response.headersSent) this.send(response, { status: 500, json: { error: `fake HCP bug: ${error.message}` } });
			});
		});
		this.server.keepAliveTimeout = 5000;
	}

	async listen(port: number, host: string): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve());
		});
		const address = this.server.address() as AddressInfo;
		return `http://${host}:${address.port}`;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const method = (request.method ?? 'GET').toUpperCase();
		const url = new URL(request.url ?? '/', 'http://fake.invalid');
		const raw = await readBody(request);
		// Not the API: no latency, faults or request log, so tests counting API requests are not thrown off.
		const page = await this.pages?.(method, url.pathname, String(request.headers['content-type'] ?? ''));
		if (page) {
			this.send(response, page);
			return;
		}
		const parsed = parseBody(raw, String(request.headers['content-type'] ?? ''));
		const entry: RequestLogEntry = {
			method,
			path: url.pathname,
			query: new URLSearchParams(url.search),
			body: parsed.kind === 'none' ? undefined : parsed.kind === 'bad' ? parsed.text : parsed.value,
			status: 0,
			at: new Date().toISOString(),
			hadAuth: request.headers.authorization !== undefined,
		};
		this.requests.push(entry);
		// The bucket is keyed by the Authorization header as sent: one bucket per key, right or wrong.
		const rate = this.settings.rateLimit?.take(String(request.headers.authorization ?? ''));
		if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
		if (rate && !rate.allowed) {
			if (this.settings.rateLimit?.current.retryAfter) response.setHeader('Retry-After', String(rate.retryAfterSeconds));
			entry.status = this.send(response, { status: 429, json: TOO_MANY_REQUESTS });
			return;
		}

		const fault = this.faults.take(method, url.pathname);
		if (fault) {
			if (fault.kind === 'drop') {
				request.socket.destroy();
				return;
			}
			if (fault.kind === 'slow') await sleep(fault.delayMs ?? 2000);
			else {
				entry.status = this.sendFault(response, fault);
				return;
			}
		}

		const answer = this.answer(method, url, request, parsed, entry);
		entry.status = this.send(response, answer);
	}

	private answer(method: string, url: URL, request: http.IncomingMessage, parsed: ParsedBody, entry: RequestLogEntry): Answer {
		const match = this.router.match(method, url.pathname);
		if (!match) return { status: 404, html: HTML_404 };
		const { operation, params } = match;
		entry.operation = operation.key;

		if (request.headers.authorization !== `Token ${this.settings.apiKey}`) return { status: 401, json: UNAUTHORIZED };
		const companyId = request.headers['x-company-id'];
		// A live probe: a plain company key sending X-Company-Id gets 401 everywhere.
		if (companyId !== undefined && !this.settings.companyIds.includes(String(companyId))) return { status: 401, json: UNAUTHORIZED };
		if (operation.partnerOnly && this.settings.partnerOnly !== 'allow') {
			const status = this.settings.partnerOnly;
			return { status, json: status === 401 ? UNAUTHORIZED : { error: { message: 'Forbidden' } } };
		}

		let body: unknown;
		if (operation.body) {
			if (parsed.kind === 'bad') return { status: 400, json: { message: 'The request body could not be parsed', body: ['is not valid JSON'] } };
			if (operation.body.contentType === 'multipart') {
				const multipart = parsed.kind === 'multipart' ? parsed.value : { fields: {}, files: [] };
				const problem = validateMultipartBody(operation, multipart);
				if (problem) return fromError(problem);
				body = multipart;
			} else {
				body = parsed.kind === 'json' ? parsed.value : {};
				const problem = validateJsonBody(operation, body);
				if (problem) return fromError(problem);
			}
		}
		if (!operation.list) {
			// List operations check their own query; others only need their required parameters.
			for (const param of operation.query ?? []) {
				if (param.required && !url.searchParams.get(param.name) && !(body as Record<string, unknown> | undefined)?.[param.name]) {
					return { status: 400, json: { message: `${humanize(param.name)} is missing`, [param.name]: ['is missing'] } };
				}
			}
		}

		const resolved = resolvePath({ operation, params, state: this.state });
		if ('status' in resolved) return resolved as Answer;
		return handle({ operation, params, query: url.searchParams, body, pathname: url.pathname, resolved, state: this.state });
	}

	private sendFault(response: http.ServerResponse, fault: FaultRule): number {
		switch (fault.kind) {
			case 'rate-limit':
				return this.send(response, { status: fault.status ?? 429, json: TOO_MANY_REQUESTS });
			case 'rate-limit-retry-after':
				response.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
				return this.send(response, { status: fault.status ?? 429, json: TOO_MANY_REQUESTS });
			case 'server-error': {
				const status = fault.status ?? 503;
				// 500 comes from the app (JSON); 502-504 from the load balancer in front of it (HTML).
				return this.send(response, status === 500 ? { status, json: { error: 'Internal Server Error' } } : { status, html: HTML_503 });
			}
			case 'html-404':
				return this.send(response, { status: 404, html: HTML_404 });
			default:
				return this.send(response, { status: 500, json: { error: `unknown fault ${String(fault.kind)}` } });
		}
	}

	private send(response: http.ServerResponse, answer: Answer): number {
		if (answer.html !== undefined) {
			response.writeHead(answer.status, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(answer.html);
		} else if (answer.json === undefined) {
			response.writeHead(answer.status);
			response.end();
		} else {
			response.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
			response.end(JSON.stringify(answer.json));
		}
		return answer.status;
	}
}

function fromError(error: ErrorAnswer): Answer {
	return { status: error.status, json: error.body };
}
