/**
 * A front for the fake HCP that answers every request it has seen before from memory, after the
 * same added latency. The fake renders each page on this machine's CPU, one at a time, which the
 * real API does on its own servers; the front shows what a node does when a page costs the server
 * nothing here. Requests it has not seen go to the fake (and are counted as misses).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FakeHcp } from '../../fake-hcp';

interface Stored {
	status: number;
	contentType: string;
	body: Buffer;
}

export interface PrerenderedFront {
	url: string;
	/** Every request since the last clear(), with the status answered and whether it came from memory. */
	requests: Array<{ method: string; path: string; status: number; fromMemory: boolean }>;
	clear(): void;
	close(): Promise<void>;
}

/** Method, path and the query parameters sorted, so the order a client writes them in does not matter. */
function keyOf(method: string, rawUrl: string): { key: string; path: string } {
	const url = new URL(rawUrl, 'http://front.invalid');
	const query = [...url.searchParams].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
	return { key: `${method} ${url.pathname}?${new URLSearchParams(query).toString()}`, path: url.pathname };
}

export async function startPrerenderedFront(fake: FakeHcp, latencyMs: number): Promise<PrerenderedFront> {
	const stored = new Map<string, Stored>();
	const requests: PrerenderedFront['requests'] = [];
	const server = http.createServer((request, response) => {
		const method = (request.method ?? 'GET').toUpperCase();
		const { key, path } = keyOf(method, request.url ?? '/');
		const entry = { method, path, status: 0, fromMemory: stored.has(key) };
		requests.push(entry);
		const answer = async (): Promise<Stored> => {
			const known = stored.get(key);
			if (known) return known;
			const upstream = await fetch(`${fake.url}${request.url ?? '/'}`, {
				method,
				headers: request.headers.authorization ? { Authorization: String(request.headers.authorization) } : {},
			});
			const fresh = {
				status: upstream.status,
				contentType: upstream.headers.get('content-type') ?? 'application/json; charset=utf-8',
				body: Buffer.from(await upstream.arrayBuffer()),
			};
			if (method === 'GET' && fresh.status === 200) stored.set(key, fresh);
			return fresh;
		};
		setTimeout(() => {
			answer()
				.then((result) => {
					entry.status = result.status;
					response.writeHead(result.status, { 'Content-Type': result.contentType, 'Content-Length': result.body.length });
					response.end(result.body);
				})
				.catch((error: Error) => {
					entry.status = 502;
					response.writeHead(502, { 'Content-Type': 'application/json' });
					response.end(JSON.stringify({ error: `prerendered front: ${error.message}` }));
				});
		}, latencyMs);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		clear: () => {
			requests.length = 0;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
