/**
 * Backfill benchmark: Housecall Pro `Customer > Get Many` with Return All against n8n's own HTTP
 * Request node paginating the same endpoint, both run through n8n-core's engine (test/harness),
 * both against the fake HCP with 0 ms and 25 ms added per request.
 *
 *   node -r ./test/scripts/register-ts.js test/bench/backfill.ts [--quick] [--runs N] [--sizes 1000,20000]
 *        [--latencies 0,25] [--no-install] [--no-diagnosis] [--profile DIR]
 *
 * Each measurement runs in a fresh child process (backfill-case.ts) so its peak RSS is its own; the
 * fake lives in this process, which reads the request count from the fake's log and its own CPU
 * time (the fake's work) per measurement. Prints numbers and whether each target is met; asserts
 * nothing. run.ts calls runBackfillBench() and writes the report.
 *
 * Diagnosis (20,000 customers, 25 ms): the same reads against a front that serves the fake's pages
 * from memory (lib/prerendered.ts), which takes the fake's page rendering off this machine's CPU.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import { DEFAULT_CONCURRENCY } from '../../nodes/shared/transport';
import { startFakeHcp, type FakeHcp } from '../fake-hcp';
import type { CaseConfig, CaseMessage, Implementation } from './backfill-case';
import { locateN8n, type N8nLocation } from './lib/n8n';
import { startPrerenderedFront, type PrerenderedFront } from './lib/prerendered';
import { formatCount, formatMb, formatMs, formatRatio, median, renderTable } from './lib/stats';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER_TS = path.join(ROOT, 'test', 'scripts', 'register-ts.js');
const CASE_SCRIPT = path.join(__dirname, 'backfill-case.ts');
/** A measurement that takes longer than this is stuck, not slow. */
const CASE_TIMEOUT_MS = 180_000;

export const PAGE_SIZE = 200;
/** The figure the issue names: 25 ms per request, 20,000 customers. */
export const KEY_CASE = { size: 20_000, latencyMs: 25 };
export const TARGETS = { speedupVsHttpRequest: 4, boundRatio: 1.5 };

export interface BackfillSettings {
	sizes: number[];
	latencies: number[];
	runsFor(size: number): number;
	/** Extra rows of ours with Options > Max Parallel Requests set, at latencies above 0. */
	extraParallel: number[];
	/** Write a CPU profile of the first run of each 20,000-record case here. */
	profileDir?: string;
	/** Sizes to measure again at KEY_CASE.latencyMs with pages served from memory (diagnosis); empty = none. */
	prerenderedSizes: number[];
	n8n: N8nLocation;
	log(line: string): void;
}

export interface RunResult {
	wallMs: number;
	records: number;
	uniqueIds: number;
	outputItems: number;
	/** GET /customers requests in the fake's log during the measured run. */
	requests: number;
	/** Of those, answered with anything but 200. */
	failedRequests: number;
	peakRssBytes: number;
	rssBeforeBytes: number;
	/** CPU time of the child (the engine and the node under test). */
	clientCpuMs: number;
	/** CPU time of this process during the run, i.e. the fake answering. */
	fakeCpuMs: number;
	/** Version of the node that ran (HTTP Request: its latest). */
	typeVersion?: number;
}

export interface CaseResult {
	implementation: Implementation;
	/** `fake`: the fake HCP answers; `prerendered`: its pages are served from memory (diagnosis). */
	server: 'fake' | 'prerendered';
	size: number;
	latencyMs: number;
	/** Parallel Requests set explicitly (ours); absent = default settings. */
	parallelRequests?: number;
	/** Most pages at once (ours: the ceiling; the limiter starts at INITIAL_WINDOW and adapts), 1 for HTTP Request. */
	concurrency: number;
	typeVersion?: number;
	runs: RunResult[];
	errors: string[];
}

export interface BackfillResult {
	cases: CaseResult[];
	/** Why the HTTP Request node was not measured, if it was not. */
	httpRequestSkipped?: string;
	seedMs: Record<number, number>;
	totalMs: number;
}

export const pagesFor = (size: number) => Math.ceil(size / PAGE_SIZE);

export function caseLabel(c: Pick<CaseResult, 'implementation' | 'parallelRequests' | 'typeVersion'>): string {
	if (c.implementation === 'httpRequest') return `HTTP Request v${c.typeVersion ?? '?'}`;
	return c.parallelRequests ? `ours, max ${c.parallelRequests} parallel` : 'ours (default)';
}

/** Where a measurement's requests are counted: the fake's own log, or the prerendered front's. */
interface RequestSource {
	clear(): void;
	/** GET /customers requests since clear(), and how many were not answered 200. */
	reads(): { count: number; failed: number };
}

function fakeSource(hcp: FakeHcp): RequestSource {
	return {
		clear: () => hcp.clearRequests(),
		reads: () => {
			const reads = hcp.requests.filter((entry) => entry.method === 'GET' && entry.path === '/customers');
			return { count: reads.length, failed: reads.filter((entry) => entry.status !== 200).length };
		},
	};
}

function frontSource(front: PrerenderedFront): RequestSource {
	return {
		clear: () => front.clear(),
		reads: () => {
			const reads = front.requests.filter((entry) => entry.method === 'GET' && entry.path === '/customers');
			// A page the front had not seen cost the fake its rendering after all: count it as failed.
			return { count: reads.length, failed: reads.filter((entry) => entry.status !== 200 || !entry.fromMemory).length };
		},
	};
}

function runCase(source: RequestSource, config: CaseConfig): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = fork(CASE_SCRIPT, [JSON.stringify(config)], {
			cwd: ROOT,
			execArgv: ['-r', REGISTER_TS],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let settled = false;
		let fakeCpuBefore: NodeJS.CpuUsage | undefined;
		const finish = (outcome: { result?: RunResult; error?: Error }) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (child.exitCode === null) child.kill();
			if (outcome.result) resolve(outcome.result);
			else reject(outcome.error);
		};
		const timer = setTimeout(() => finish({ error: new Error(`no result within ${CASE_TIMEOUT_MS / 1000} s`) }), CASE_TIMEOUT_MS);
		child.on('message', (message: CaseMessage) => {
			if (message.type === 'ready') {
				source.clear();
				fakeCpuBefore = process.cpuUsage();
				child.send('go');
			} else if (message.type === 'result') {
				const fakeCpu = process.cpuUsage(fakeCpuBefore);
				const reads = source.reads();
				finish({
					result: {
						wallMs: message.wallMs,
						records: message.records,
						uniqueIds: message.uniqueIds,
						outputItems: message.outputItems,
						requests: reads.count,
						failedRequests: reads.failed,
						peakRssBytes: message.peakRssBytes,
						rssBeforeBytes: message.rssBeforeBytes,
						clientCpuMs: message.cpuMs,
						fakeCpuMs: (fakeCpu.user + fakeCpu.system) / 1000,
						typeVersion: message.typeVersion,
					},
				});
			} else {
				finish({ error: new Error(message.message) });
			}
		});
		child.on('error', (error) => finish({ error }));
		child.on('exit', (code) => finish({ error: new Error(`measurement process exited with ${code} before its result`) }));
	});
}

export async function runBackfillBench(settings: BackfillSettings): Promise<BackfillResult> {
	const started = performance.now();
	const cases: CaseResult[] = [];
	const seedMs: Record<number, number> = {};
	const n8nDir = settings.n8n.ok ? settings.n8n.dir : undefined;
	const httpRequestSkipped = settings.n8n.ok ? undefined : settings.n8n.reason;
	if (httpRequestSkipped) settings.log(`HTTP Request node not measured: ${httpRequestSkipped}`);

	for (const size of settings.sizes) {
		const hcp = await startFakeHcp({ size: { customer: size } });
		seedMs[size] = hcp.seedMs;
		try {
			for (const latencyMs of settings.latencies) {
				hcp.setLatency(latencyMs);
				const variants: Variant[] = [{ implementation: 'ours' }];
				if (n8nDir) variants.push({ implementation: 'httpRequest' });
				if (latencyMs > 0) for (const parallel of settings.extraParallel) variants.push({ implementation: 'ours', parallelRequests: parallel });
				cases.push(...(await measureVariants(settings, fakeSource(hcp), { url: hcp.url, apiKey: hcp.apiKey, server: 'fake', size, latencyMs, n8nDir }, variants)));
			}
		} finally {
			await hcp.close();
		}
	}

	for (const size of settings.prerenderedSizes) {
		const hcp = await startFakeHcp({ size: { customer: size } });
		const front = await startPrerenderedFront(hcp, KEY_CASE.latencyMs);
		try {
			const target = { url: front.url, apiKey: hcp.apiKey, server: 'prerendered' as const, size, latencyMs: KEY_CASE.latencyMs, n8nDir };
			const variants: Variant[] = [{ implementation: 'ours' }];
			if (n8nDir) variants.push({ implementation: 'httpRequest' });
			for (const parallel of settings.extraParallel) variants.push({ implementation: 'ours', parallelRequests: parallel });
			// One unmeasured read per variant puts every page it asks for into the front's memory.
			settings.log(`  ${formatCount(size)} customers, pages from memory: priming`);
			await measureVariants({ ...settings, runsFor: () => 1, profileDir: undefined, log: () => undefined }, frontSource(front), target, variants);
			cases.push(...(await measureVariants(settings, frontSource(front), target, variants)));
		} finally {
			await front.close();
			await hcp.close();
		}
	}
	return { cases, httpRequestSkipped, seedMs, totalMs: performance.now() - started };
}

interface Variant {
	implementation: Implementation;
	parallelRequests?: number;
}

interface Target {
	url: string;
	apiKey: string;
	server: CaseResult['server'];
	size: number;
	latencyMs: number;
	n8nDir?: string;
}

/** Runs every variant against one server, alternating between them run by run. */
async function measureVariants(settings: BackfillSettings, source: RequestSource, target: Target, variants: Variant[]): Promise<CaseResult[]> {
	const { size, latencyMs } = target;
	const results = variants.map<CaseResult>((variant) => ({
		...variant,
		server: target.server,
		size,
		latencyMs,
		concurrency: variant.implementation === 'ours' ? (variant.parallelRequests ?? DEFAULT_CONCURRENCY) : 1,
		runs: [],
		errors: [],
	}));
	// Runs alternate between the variants so a slow spell of the machine hits them alike.
	for (let run = 0; run < settings.runsFor(size); run++) {
		for (const result of results) {
			const profile = settings.profileDir && run === 0 && size === KEY_CASE.size;
			const name = `${result.implementation}${result.parallelRequests ? `-p${result.parallelRequests}` : ''}-${size}-${latencyMs}ms${target.server === 'prerendered' ? '-prerendered' : ''}`;
			const config: CaseConfig = {
				implementation: result.implementation,
				baseUrl: target.url,
				apiKey: target.apiKey,
				n8nDir: target.n8nDir,
				parallelRequests: result.parallelRequests,
				cpuProfileFile: profile ? path.join(settings.profileDir!, `${name}.cpuprofile`) : undefined,
			};
			const where = `${formatCount(size).padStart(7)} customers, ${String(latencyMs).padStart(2)} ms${target.server === 'prerendered' ? ', pages from memory' : ''}`;
			try {
				const measured = await runCase(source, config);
				result.runs.push(measured);
				result.typeVersion ??= measured.typeVersion;
				settings.log(
					`  ${where}: ${caseLabel(result).padEnd(20)} run ${run + 1}: ` +
						`${formatMs(measured.wallMs).padStart(8)}, ${measured.requests} requests, ${formatCount(measured.records)} records, peak RSS ${formatMb(measured.peakRssBytes)}`,
				);
			} catch (error) {
				result.errors.push((error as Error).message);
				settings.log(`  ${where}: ${caseLabel(result)} run ${run + 1} failed: ${(error as Error).message}`);
			}
		}
	}
	return results;
}

// ---- summaries ----

export interface CaseMedians {
	wallMs: number;
	peakRssBytes: number;
	rssBeforeBytes: number;
	/** Median over runs of peak RSS minus RSS at start. */
	growthBytes: number;
	clientCpuMs: number;
	fakeCpuMs: number;
}

export function mediansOf(result: CaseResult): CaseMedians {
	const of = (pick: (run: RunResult) => number) => median(result.runs.map(pick));
	return {
		wallMs: of((run) => run.wallMs),
		peakRssBytes: of((run) => run.peakRssBytes),
		rssBeforeBytes: of((run) => run.rssBeforeBytes),
		growthBytes: of((run) => run.peakRssBytes - run.rssBeforeBytes),
		clientCpuMs: of((run) => run.clientCpuMs),
		fakeCpuMs: of((run) => run.fakeCpuMs),
	};
}

/** Requests of every run (all equal when the node is deterministic), e.g. "100" or "100/101". */
function requestsOf(result: CaseResult): string {
	const counts = [...new Set(result.runs.map((run) => run.requests))].join('/') || 'n/a';
	const failed = result.runs.reduce((sum, run) => sum + run.failedRequests, 0);
	return failed ? `${counts} (${failed} not 200)` : counts;
}

/** Whether every run returned exactly N records, each id once. */
export function recordsExact(result: CaseResult): boolean {
	return result.runs.length > 0 && result.runs.every((run) => run.records === result.size && run.uniqueIds === result.size);
}

/** Fastest and slowest run, which shows how much the machine moved under the medians. */
function spreadOf(result: CaseResult): string {
	if (!result.runs.length) return 'n/a';
	const walls = result.runs.map((run) => run.wallMs);
	return `${formatMs(Math.min(...walls))} - ${formatMs(Math.max(...walls))}`;
}

function recordsOf(result: CaseResult): string {
	if (!result.runs.length) return 'n/a';
	const records = [...new Set(result.runs.map((run) => run.records))].map(formatCount).join('/');
	const duplicates = result.runs.some((run) => run.uniqueIds !== run.records);
	return `${records}${duplicates ? ' (duplicate ids)' : ''}`;
}

export function findCase(
	result: BackfillResult,
	size: number,
	latencyMs: number,
	implementation: Implementation,
	parallelRequests?: number,
	server: CaseResult['server'] = 'fake',
) {
	return result.cases.find(
		(c) =>
			c.server === server &&
			c.size === size &&
			c.latencyMs === latencyMs &&
			c.implementation === implementation &&
			c.parallelRequests === parallelRequests,
	);
}

export interface Comparison {
	size: number;
	latencyMs: number;
	ours: CaseResult;
	httpRequest?: CaseResult;
	/** HTTP Request median wall time / ours. */
	speedup?: number;
	/** ceil(pages / concurrency) x latency + ours at 0 ms for the same size (fake only). */
	boundMs?: number;
	/** ceil(pages / concurrency) x latency alone: what waiting costs with nothing else. */
	latencyRoundsMs: number;
	/** ours / bound. */
	boundRatio?: number;
}

/** ceil(pages / concurrency) x latency, plus the per-request overhead measured at 0 ms (the whole 0 ms run). */
export function boundFor(result: BackfillResult, ours: CaseResult): number | undefined {
	if (ours.latencyMs === 0 || ours.server !== 'fake') return undefined;
	const atZero = findCase(result, ours.size, 0, 'ours', undefined);
	if (!atZero?.runs.length) return undefined;
	// Overhead per page comes from the default run at 0 ms; with more parallel requests it can only be lower.
	return Math.ceil(pagesFor(ours.size) / ours.concurrency) * ours.latencyMs + mediansOf(atZero).wallMs;
}

export function comparisons(result: BackfillResult, server: CaseResult['server'] = 'fake'): Comparison[] {
	return result.cases
		.filter((c) => c.server === server && c.implementation === 'ours' && c.runs.length)
		.map((ours) => {
			const httpRequest = findCase(result, ours.size, ours.latencyMs, 'httpRequest', undefined, server);
			const oursMs = mediansOf(ours).wallMs;
			const speedup = httpRequest?.runs.length ? mediansOf(httpRequest).wallMs / oursMs : undefined;
			const boundMs = boundFor(result, ours);
			return {
				size: ours.size,
				latencyMs: ours.latencyMs,
				ours,
				httpRequest,
				speedup,
				boundMs,
				boundRatio: boundMs ? oursMs / boundMs : undefined,
				latencyRoundsMs: Math.ceil(pagesFor(ours.size) / ours.concurrency) * ours.latencyMs,
			};
		});
}

export interface TargetCheck {
	target: string;
	measured: string;
	met: boolean | undefined;
}

export function targetChecks(result: BackfillResult): TargetCheck[] {
	const checks: TargetCheck[] = [];
	const defaults = result.cases.filter((c) => c.server === 'fake' && c.implementation === 'ours' && !c.parallelRequests);
	const wrongRequests = defaults.filter((c) => c.runs.some((run) => run.requests !== pagesFor(c.size)));
	checks.push({
		target: 'ours: requests = ceil(N/200) in every case',
		measured: wrongRequests.length
			? wrongRequests.map((c) => `${formatCount(c.size)} @ ${c.latencyMs} ms: ${requestsOf(c)} (want ${pagesFor(c.size)})`).join('; ')
			: defaults.map((c) => `${formatCount(c.size)}: ${requestsOf(c)}`).filter((v, i, all) => all.indexOf(v) === i).join(', '),
		met: defaults.length ? wrongRequests.length === 0 && defaults.every((c) => c.runs.length) : undefined,
	});
	const inexact = defaults.filter((c) => !recordsExact(c));
	checks.push({
		target: 'ours: records = N, each id once',
		measured: inexact.length ? inexact.map((c) => `${formatCount(c.size)} @ ${c.latencyMs} ms: ${recordsOf(c)}`).join('; ') : 'all cases exact',
		met: defaults.length ? inexact.length === 0 : undefined,
	});
	const key = comparisons(result).find((c) => c.size === KEY_CASE.size && c.latencyMs === KEY_CASE.latencyMs && !c.ours.parallelRequests);
	checks.push({
		target: `>= ${TARGETS.speedupVsHttpRequest}x faster than HTTP Request (defaults, ${KEY_CASE.latencyMs} ms, ${formatCount(KEY_CASE.size)} records)`,
		measured: key?.speedup !== undefined ? `${formatRatio(key.speedup)} (${formatMs(mediansOf(key.httpRequest!).wallMs)} vs ${formatMs(mediansOf(key.ours).wallMs)})` : 'not measured',
		met: key?.speedup !== undefined ? key.speedup >= TARGETS.speedupVsHttpRequest : undefined,
	});
	const bounded = comparisons(result).filter((c) => c.boundRatio !== undefined && !c.ours.parallelRequests);
	checks.push({
		target: `ours within ${TARGETS.boundRatio}x of the bound (every size, latency > 0)`,
		measured: bounded.map((c) => `${formatCount(c.size)}: ${formatRatio(c.boundRatio!)}`).join(', ') || 'not measured',
		met: bounded.length ? bounded.every((c) => c.boundRatio! <= TARGETS.boundRatio) : undefined,
	});
	return checks;
}

export const metLabel = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'NOT met');

/** The tables, as Markdown for the report or plain text for the console. */
export function backfillTables(
	result: BackfillResult,
	style: 'markdown' | 'text',
): { cases: string; comparison: string; targets: string; prerendered?: string } {
	const caseRows = result.cases.map((c) => {
		const m = mediansOf(c);
		return [
			formatCount(c.size),
			`${c.latencyMs} ms`,
			c.server === 'fake' ? 'fake' : 'from memory',
			caseLabel(c),
			String(c.runs.length) + (c.errors.length ? ` (+${c.errors.length} failed)` : ''),
			recordsOf(c),
			requestsOf(c),
			formatMs(m.wallMs),
			spreadOf(c),
			formatMb(m.peakRssBytes),
			formatMb(m.rssBeforeBytes),
			formatMb(m.growthBytes),
			formatMs(m.clientCpuMs),
			formatMs(m.fakeCpuMs),
		];
	});
	const cases = renderTable(
		['customers', 'latency', 'pages', 'node', 'runs', 'records', 'requests', 'wall (median)', 'wall min - max', 'peak RSS', 'RSS at start', 'peak - start', 'node CPU', 'fake CPU'],
		caseRows,
		style,
	);
	const comparisonRows = comparisons(result).map((c) => [
		formatCount(c.size),
		`${c.latencyMs} ms`,
		caseLabel(c.ours),
		formatMs(mediansOf(c.ours).wallMs),
		c.httpRequest?.runs.length ? formatMs(mediansOf(c.httpRequest).wallMs) : 'n/a',
		c.speedup !== undefined ? formatRatio(c.speedup) : 'n/a',
		c.boundMs !== undefined ? `${formatMs(c.boundMs)} (${Math.ceil(pagesFor(c.size) / c.ours.concurrency)} x ${c.latencyMs} ms + ${formatMs(c.boundMs - Math.ceil(pagesFor(c.size) / c.ours.concurrency) * c.latencyMs)})` : '-',
		c.boundRatio !== undefined ? formatRatio(c.boundRatio) : '-',
	]);
	const comparison = renderTable(
		['customers', 'latency', 'ours', 'ours wall', 'HTTP Request wall', 'HTTP Request / ours', 'bound', 'ours / bound'],
		comparisonRows,
		style,
	);
	const targets = renderTable(
		['target', 'measured', 'result'],
		targetChecks(result).map((check) => [check.target, check.measured, metLabel(check.met)]),
		style,
	);
	const diagnosis = comparisons(result, 'prerendered');
	const prerendered = diagnosis.length
		? renderTable(
				['customers', 'latency', 'ours', 'ours wall', 'HTTP Request wall', 'HTTP Request / ours', 'rounds x latency', 'ours - rounds x latency', 'node CPU (ours)'],
				diagnosis.map((c) => [
					formatCount(c.size),
					`${c.latencyMs} ms`,
					caseLabel(c.ours),
					formatMs(mediansOf(c.ours).wallMs),
					c.httpRequest?.runs.length ? formatMs(mediansOf(c.httpRequest).wallMs) : 'n/a',
					c.speedup !== undefined ? formatRatio(c.speedup) : 'n/a',
					`${formatMs(c.latencyRoundsMs)} (${Math.ceil(pagesFor(c.size) / c.ours.concurrency)} x ${c.latencyMs} ms)`,
					formatMs(mediansOf(c.ours).wallMs - c.latencyRoundsMs),
					formatMs(mediansOf(c.ours).clientCpuMs),
				]),
				style,
			)
		: undefined;
	return { cases, comparison, targets, prerendered };
}

export interface CliOptions {
	quick: boolean;
	runs?: number;
	sizes?: number[];
	latencies?: number[];
	install: boolean;
	profileDir?: string;
	/** Skip the pages-from-memory diagnosis. */
	noDiagnosis: boolean;
}

export function parseCli(argv: string[]): CliOptions {
	const valueOf = (flag: string) => {
		const index = argv.indexOf(flag);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const runs = valueOf('--runs');
	const numbers = (flag: string) => valueOf(flag)?.split(',').map(Number).filter((n) => Number.isFinite(n) && n >= 0);
	return {
		quick: argv.includes('--quick'),
		runs: runs ? Math.max(1, Number(runs)) : undefined,
		sizes: numbers('--sizes'),
		latencies: numbers('--latencies'),
		install: !argv.includes('--no-install'),
		noDiagnosis: argv.includes('--no-diagnosis'),
		profileDir: valueOf('--profile') ? path.resolve(valueOf('--profile')!) : undefined,
	};
}

/** Sizes and runs: 5 runs each (3 for 100,000, which is slow for HTTP Request); --quick: 2 sizes, 3 runs. */
export function settingsFrom(cli: CliOptions, log: (line: string) => void): BackfillSettings {
	const sizes = cli.sizes?.length ? cli.sizes : cli.quick ? [1000, 20_000] : [1000, 20_000, 100_000];
	return {
		sizes,
		latencies: cli.latencies?.length ? cli.latencies : [0, 25],
		runsFor: (size) => cli.runs ?? (cli.quick ? 3 : size >= 100_000 ? 3 : 5),
		extraParallel: [4],
		prerenderedSizes: cli.noDiagnosis || !sizes.includes(KEY_CASE.size) ? [] : [KEY_CASE.size],
		profileDir: cli.profileDir,
		n8n: locateN8n(cli.install),
		log,
	};
}

export function printBackfill(result: BackfillResult): void {
	const tables = backfillTables(result, 'text');
	console.log('\nBackfill: every run (medians)\n');
	console.log(tables.cases);
	console.log('\nBackfill: ours against HTTP Request and the bound\n');
	console.log(tables.comparison);
	if (tables.prerendered) {
		console.log(`\nDiagnosis: the same pages served from memory (no fake rendering on this machine), ${KEY_CASE.latencyMs} ms\n`);
		console.log(tables.prerendered);
	}
	console.log('\nTargets\n');
	console.log(tables.targets);
	console.log(`\nBackfill bench took ${formatMs(result.totalMs)}`);
}

if (require.main === module) {
	const cli = parseCli(process.argv.slice(2));
	const log = (line: string) => console.log(line);
	runBackfillBench(settingsFrom(cli, log))
		.then(printBackfill)
		.catch((error: Error) => {
			console.error(error);
			process.exitCode = 1;
		});
}
