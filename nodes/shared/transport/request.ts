import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { HttpMethod } from '../table/types';
import { describeHcpError, partnerOnlyHint } from './errors';
import { encodeQuery, type Query } from './query';
import { accountKeyOf, limiterFor, type AdaptiveLimiter } from './concurrency';
import { decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter, type AttemptFailure, type RetryPolicy } from './retry';

export const CREDENTIAL_TYPE = 'housecallProApi';
export const DEFAULT_BASE_URL = 'https://api.housecallpro.com';

export type HcpContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface MultipartFile {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export interface HcpRequest {
	method: HttpMethod;
	/** Path under the base URL, placeholders already filled, e.g. `/customers/cus_1`. */
	path: string;
	query?: Query;
	body?: IDataObject | IDataObject[];
	file?: MultipartFile;
	/** `text` for HTML answers (invoice preview). */
	responseFormat?: 'json' | 'text';
	timeoutMs?: number;
}

export interface HcpRequestOptions {
	itemIndex?: number;
	partnerOnly?: boolean;
	retryPolicy?: RetryPolicy;
	/** Waits between attempts; injectable so tests need not sleep. */
	wait?: (ms: number) => Promise<void>;
	/** Controls this account's requests; default: the one every execution in this process shares (concurrency.ts). */
	limiter?: AdaptiveLimiter;
}

export interface HcpResponse<T = unknown> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
}

interface Connection {
	baseUrl: string;
	/** Hash of host and key (never the key), naming the account's shared limiter. */
	accountKey: string;
}

const connectionCache = new WeakMap<object, Promise<Connection>>();

/** Base URL and account from the credential, read once per node context. */
function getConnection(ctx: HcpContext): Promise<Connection> {
	let cached = connectionCache.get(ctx);
	if (!cached) {
		cached = ctx.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			const configured = String(credentials.baseUrl ?? '').trim();
			const baseUrl = (configured || DEFAULT_BASE_URL).replace(/\/+$/, '');
			return { baseUrl, accountKey: accountKeyOf(baseUrl, String(credentials.apiKey ?? '')) };
		});
		connectionCache.set(ctx, cached);
	}
	return cached;
}

/** Base URL from the credential, read once per node context. */
export async function getBaseUrl(ctx: HcpContext): Promise<string> {
	return (await getConnection(ctx)).baseUrl;
}

/** Builds a multipart/form-data body by hand: no runtime dependency, and a Buffer can be resent. */
export function buildMultipartBody(file: MultipartFile, boundary: string): Buffer {
	const safeName = file.fileName.replace(/["\r\n]/g, '_');
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="${file.field}"; filename="${safeName}"\r\n` +
		`Content-Type: ${file.mimeType || 'application/octet-stream'}\r\n\r\n`;
	return Buffer.concat([Buffer.from(head, 'utf8'), file.data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
}

function networkCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		// n8n wraps network failures in a NodeApiError whose httpCode carries the code.
		const record = current as { code?: unknown; httpCode?: unknown; cause?: unknown };
		for (const candidate of [record.code, record.httpCode]) {
			if (typeof candidate === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(candidate)) return candidate;
		}
		current = record.cause;
	}
	const message = error instanceof Error ? error.message : '';
	if (/socket hang up/i.test(message)) return 'ECONNRESET';
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	return undefined;
}

function isCancellation(error: unknown): boolean {
	const text = error instanceof Error ? `${error.name} ${error.message}` : '';
	return /abort|cancel/i.test(text);
}

/**
 * One Housecall Pro request: authentication through the credential, bracketed query arrays,
 * retries by policy (see retry.ts), and HCP's error bodies turned into a NodeApiError that names
 * the field-level problems. The API key is never part of any message.
 */
export async function hcpRequestFull<T = unknown>(
	ctx: HcpContext,
	request: HcpRequest,
	options: HcpRequestOptions = {},
): Promise<HcpResponse<T>> {
	const { baseUrl, accountKey } = await getConnection(ctx);
	const limiter = options.limiter ?? limiterFor(accountKey);
	const queryString = encodeQuery(request.query);
	const url = `${baseUrl}${request.path}${queryString ? `?${queryString}` : ''}`;
	const wait = options.wait ?? sleep;
	const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;

	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		url,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? 60_000,
		headers: { Accept: request.responseFormat === 'text' ? 'text/html, */*' : 'application/json' },
	};
	if (request.file) {
		const boundary = `----hcp-n8n-${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
		httpOptions.body = buildMultipartBody(request.file, boundary);
		httpOptions.headers = { ...httpOptions.headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` };
		httpOptions.json = false;
	} else if (request.body !== undefined && request.method !== 'GET') {
		httpOptions.body = request.body;
		httpOptions.json = true;
	} else {
		httpOptions.json = request.responseFormat !== 'text';
	}
	if (request.responseFormat === 'text') httpOptions.encoding = 'text';

	const started = Date.now();
	let refused = false;
	for (let attempt = 1; ; attempt++) {
		let response: { statusCode: number; headers: HcpResponse['headers']; body: T } | undefined;
		let failure: AttemptFailure;
		// Every attempt takes a slot of the account's limiter; waiting between attempts holds none.
		const ticket = await limiter.acquire(request.path, refused);
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				...httpOptions,
			})) as { statusCode: number; headers: HcpResponse['headers']; body: T };
		} catch (error) {
			limiter.release(ticket, 'failed');
			const code = networkCodeOf(error);
			if (!code || isCancellation(error)) {
				throw new NodeApiError(
					ctx.getNode(),
					{ message: error instanceof Error ? error.message : String(error) } as JsonObject,
					{
						message: `Request to Housecall Pro failed: ${request.method} ${request.path}`,
						description: error instanceof Error ? error.message : undefined,
						itemIndex: options.itemIndex,
					},
				);
			}
			failure = { networkCode: code };
		}

		if (response) {
			const status = response.statusCode;
			const retryAfterHeader = response.headers?.['retry-after'];
			const retryAfter = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader;
			if (status === 429) limiter.release(ticket, 'rateLimited', parseRetryAfter(retryAfter, Date.now()));
			else limiter.release(ticket, status < 500 ? 'ok' : 'failed');
			if (status < 400) return { status, headers: response.headers ?? {}, body: response.body };
			if (status !== 429 && status < 500) throw toApiError(ctx, request, status, response.body, options);
			failure = { status, retryAfter };
		}

		refused = 'status' in failure! && failure.status === 429;
		// While the limiter paces the account, a first refusal is retried after one step of that pace
		// (the limiter's pause comes on top); later ones back off as usual.
		const step = refused && attempt === 1 ? limiter.retryStepMs() : undefined;
		const decision = decideRetry({
			method: request.method,
			failure: failure!,
			attempt,
			elapsedMs: Date.now() - started,
			now: Date.now(),
			policy: step !== undefined ? { ...policy, baseDelayMs: Math.min(policy.baseDelayMs, step) } : policy,
			random: Math.random(),
		});
		if (!decision.retry) {
			if (response) throw toApiError(ctx, request, response.statusCode, response.body, options, decision.reason);
			const code = (failure! as { networkCode: string }).networkCode;
			throw new NodeApiError(ctx.getNode(), { message: code, code } as JsonObject, {
				message: `Could not reach Housecall Pro: ${request.method} ${request.path} (${code})`,
				description: `Not retried: ${decision.reason}.`,
				itemIndex: options.itemIndex,
			});
		}
		await wait(decision.delayMs);
	}
}

function toApiError(
	ctx: HcpContext,
	request: HcpRequest,
	status: number,
	body: unknown,
	options: HcpRequestOptions,
	retryNote?: string,
): NodeApiError {
	const detail = describeHcpError(status, body);
	const lines = [...detail.fieldErrors];
	if (options.partnerOnly) {
		const hint = partnerOnlyHint(status);
		if (hint) lines.push(hint);
	}
	lines.push(`Request: ${request.method} ${request.path}`);
	if (retryNote) lines.push(`Not retried further: ${retryNote}.`);
	return new NodeApiError(
		ctx.getNode(),
		{ message: detail.message, httpCode: String(status), fieldErrors: detail.fieldErrors } as JsonObject,
		{
			message: detail.message,
			description: lines.join('\n'),
			httpCode: String(status),
			itemIndex: options.itemIndex,
		},
	);
}

export async function hcpRequest<T = unknown>(
	ctx: HcpContext,
	request: HcpRequest,
	options?: HcpRequestOptions,
): Promise<T> {
	return (await hcpRequestFull<T>(ctx, request, options)).body;
}
