/**
 * Writes test/bench/results/REPORT.md and the backfill plot beside it from one bench run
 * (run.ts). Every number in the report comes from that run, except the real-n8n section, which is
 * read from results/real-n8n.json when another bench has written it.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
	backfillTables,
	boundFor,
	caseLabel,
	findCase,
	KEY_CASE,
	mediansOf,
	pagesFor,
	TARGETS,
	targetChecks,
	type BackfillResult,
	type CaseResult,
} from './backfill';
import { DEFAULT_CONCURRENCY, INITIAL_WINDOW } from '../../nodes/shared/transport';
import type { MachineInfo } from './lib/machine';
import type { N8nLocation } from './lib/n8n';
import { formatCount, formatMb, formatMs, formatRatio, renderTable } from './lib/stats';
import { lineChartSvg, type Series } from './report-svg';

export const RESULTS_DIR = path.join(__dirname, 'results');
export const REPORT_FILE = path.join(RESULTS_DIR, 'REPORT.md');
export const PLOT_FILE = path.join(RESULTS_DIR, 'backfill-25ms.svg');
export const REAL_N8N_FILE = path.join(RESULTS_DIR, 'real-n8n.json');
/** Everything the report is made from, so it can be drawn again without measuring (`report.ts --rerender`). */
export const RAW_FILE = path.join(RESULTS_DIR, 'bench-raw.json');

/** Another benchmark run as a child process (polling, webhook). */
export interface OtherBench {
	title: string;
	script: string;
	/** Why it did not run, if it did not. */
	skipped?: string;
	exitCode?: number | null;
	durationMs?: number;
	stdout?: string;
	/** Markdown the bench wrote to BENCH_REPORT_FILE, used instead of its console output. */
	markdown?: string;
}

export interface ReportInput {
	machine: MachineInfo;
	/** Work two CPU-bound processes get done at once relative to one (2 = two free cores), before and after. */
	parallelism: [number, number];
	loadBefore: number[];
	loadAfter: number[];
	n8n: N8nLocation;
	command: string;
	backfill: BackfillResult;
	others: OtherBench[];
	totalMs: number;
}

const BACKFILL_LATENCY = 25;

function backfillPlot(result: BackfillResult): string {
	const atLatency = (c: CaseResult) => c.server === 'fake' && c.latencyMs === BACKFILL_LATENCY && c.runs.length > 0;
	const seriesOf = (name: string, color: string, pick: (c: CaseResult) => boolean, dash?: string): Series => ({
		name,
		color,
		dash,
		points: result.cases.filter((c) => atLatency(c) && pick(c)).map((c): [number, number] => [c.size, mediansOf(c).wallMs / 1000]),
	});
	const httpRequest = result.cases.find((c) => c.implementation === 'httpRequest' && c.runs.length);
	const oursDefault = result.cases.filter((c) => atLatency(c) && c.implementation === 'ours' && !c.parallelRequests);
	const series: Series[] = [
		seriesOf(httpRequest ? caseLabel(httpRequest) : 'HTTP Request', '#d9480f', (c) => c.implementation === 'httpRequest'),
		seriesOf(`ours (default, adaptive, max ${DEFAULT_CONCURRENCY})`, '#1c7ed6', (c) => c.implementation === 'ours' && !c.parallelRequests),
		seriesOf('ours, max 4 parallel', '#37b24d', (c) => c.implementation === 'ours' && c.parallelRequests === 4, '2 3'),
		{
			name: `bound (${DEFAULT_CONCURRENCY} parallel)`,
			color: '#868e96',
			dash: '7 5',
			points: oursDefault.map((c): [number, number] => [c.size, (boundFor(result, c) ?? Number.NaN) / 1000]),
		},
	].filter((s) => s.points.length > 0);
	return lineChartSvg({
		title: `Backfill of N customers, ${BACKFILL_LATENCY} ms per request (median wall time)`,
		xLabel: 'customers returned',
		yLabel: 'wall time (s)',
		series,
		formatX: (x) => (x >= 1000 ? `${x / 1000}k` : String(x)),
		formatY: (y) => `${Number.isInteger(y) || y >= 10 ? y.toFixed(0) : y.toFixed(1)} s`,
	});
}

/** Numbers that explain the comparison: CPU per page on each side, and what the machine overlaps. */
function backfillAnalysis(input: ReportInput): string {
	const result = input.backfill;
	const lines: string[] = [];
	const size = KEY_CASE.size;
	const pages = pagesFor(size);
	const oursZero = findCase(result, size, 0, 'ours');
	const httpZero = findCase(result, size, 0, 'httpRequest');
	const oursKey = findCase(result, size, KEY_CASE.latencyMs, 'ours');
	const httpKey = findCase(result, size, KEY_CASE.latencyMs, 'httpRequest');
	if (!oursZero?.runs.length || !oursKey?.runs.length) return '_Not enough runs for an analysis._';
	const zero = mediansOf(oursZero);
	const key = mediansOf(oursKey);
	const perPage = (ms: number) => `${(ms / pages).toFixed(1)} ms`;
	lines.push(
		`- **CPU per page (${formatCount(size)} customers, ${pages} pages of 200, 0 ms):** our node's process ${perPage(zero.clientCpuMs)}` +
			(httpZero?.runs.length ? ` (HTTP Request's ${perPage(mediansOf(httpZero).clientCpuMs)})` : '') +
			`, the fake answering ${perPage(zero.fakeCpuMs)}. At 0 ms ours took ${formatMs(zero.wallMs)} against ` +
			`${formatMs(zero.clientCpuMs + zero.fakeCpuMs)} of CPU on both sides together.`,
		`- **The machine:** ${input.machine.cores} vCPUs, but two CPU-bound processes at once got ${input.parallelism.map((v) => `${v.toFixed(2)}x`).join(' / ')} (start / end) the work of one ` +
			`(load average ${input.loadBefore.map((v) => v.toFixed(2)).join(' / ')} at the start: other work shares the machine). ` +
			`The fake runs on the same machine, so its CPU time per page is spent on the client's CPU budget; against the real API it would be Housecall Pro's.`,
	);
	const speedup = httpKey?.runs.length ? mediansOf(httpKey).wallMs / key.wallMs : undefined;
	if (speedup !== undefined) {
		const rounds = Math.ceil(pages / oursKey.concurrency);
		const needed = mediansOf(httpKey!).wallMs / TARGETS.speedupVsHttpRequest;
		lines.push(
			`- **${KEY_CASE.latencyMs} ms, ${formatCount(size)} customers:** HTTP Request reads ${pages} pages one after another, ` +
				`${formatMs(mediansOf(httpKey!).wallMs)} = ${pages} x ${(mediansOf(httpKey!).wallMs / pages).toFixed(1)} ms. Ours keeps up to ${oursKey.concurrency} pages in flight (from ${INITIAL_WINDOW}, growing while answers are fast): ` +
				`${formatMs(key.wallMs)}, i.e. ${rounds} rounds of latency (${formatMs(rounds * KEY_CASE.latencyMs)}) plus about ${formatMs(key.wallMs - rounds * KEY_CASE.latencyMs)} ` +
				`that the 0 ms run also pays (${formatMs(zero.wallMs)}). ${formatRatio(speedup)} faster; ${TARGETS.speedupVsHttpRequest}x needs ${formatMs(needed)} or less. ` +
				`Runs of ours: ${oursKey.runs.map((run) => formatMs(run.wallMs)).join(', ')}; of HTTP Request: ${httpKey!.runs.map((run) => formatMs(run.wallMs)).join(', ')}.`,
		);
		for (const parallel of [4]) {
			const variant = findCase(result, size, KEY_CASE.latencyMs, 'ours', parallel);
			if (variant?.runs.length) {
				lines.push(
					`- **Max Parallel Requests = ${parallel}:** ${formatMs(mediansOf(variant).wallMs)}, ${formatRatio(mediansOf(httpKey!).wallMs / mediansOf(variant).wallMs)} faster than HTTP Request.`,
				);
			}
		}
	}
	const fromMemory = findCase(result, size, KEY_CASE.latencyMs, 'ours', undefined, 'prerendered');
	const httpFromMemory = findCase(result, size, KEY_CASE.latencyMs, 'httpRequest', undefined, 'prerendered');
	if (fromMemory?.runs.length && httpFromMemory?.runs.length) {
		const ours = mediansOf(fromMemory).wallMs;
		const http = mediansOf(httpFromMemory).wallMs;
		const four = findCase(result, size, KEY_CASE.latencyMs, 'ours', 4, 'prerendered');
		lines.push(
			`- **Same pages, served from memory** (see Diagnosis): ours ${formatMs(ours)}, HTTP Request ${formatMs(http)}, ${formatRatio(http / ours)}` +
				(four?.runs.length ? `; with max 4 parallel ${formatMs(mediansOf(four).wallMs)}, ${formatRatio(http / mediansOf(four).wallMs)}` : '') +
				'. ' +
				(ours < key.wallMs * 0.9
					? `Ours is ${formatRatio(key.wallMs / ours)} faster here than against the fake: the fake renders pages on this machine one at a time, so requests sent together wake together and queue for the CPU, and each round pays the latency and the rendering of all its pages.`
					: `Ours is not clearly faster here than against the fake (${formatMs(key.wallMs)}), so in this run the fake's rendering was not what held it back; ` +
						`what remains above the ${formatMs(Math.ceil(pages / oursKey.concurrency) * KEY_CASE.latencyMs)} of waiting is the node process's own CPU (${formatMs(mediansOf(fromMemory).clientCpuMs)}: n8n's HTTP helper, JSON parsing, the engine).`),
		);
	}
	return lines.join('\n');
}

/** Marks around a section a bench writes itself (rate.ts), which that bench, run alone, replaces. */
export function sectionMarks(script: string): { start: string; end: string } {
	const name = path.basename(script);
	return { start: `<!-- ${name}: start -->`, end: `<!-- ${name}: end -->` };
}

function otherSection(bench: OtherBench): string {
	const body = otherSectionBody(bench);
	if (!bench.markdown) return body;
	const marks = sectionMarks(bench.script);
	return `${marks.start}\n${body}${marks.end}\n`;
}

function otherSectionBody(bench: OtherBench): string {
	const head = `## ${bench.title}\n\n`;
	if (bench.skipped) return `${head}_Not run: ${bench.skipped}._\n`;
	const status =
		`\`${bench.script}\`, exit ${bench.exitCode ?? 'n/a'}, ${bench.durationMs !== undefined ? formatMs(bench.durationMs) : 'n/a'}.` +
		(bench.exitCode === 0 ? '' : ' **It did not finish cleanly; its output is below as it was.**');
	if (bench.markdown) return `${head}${status}\n\n${bench.markdown.trim()}\n`;
	return `${head}${status} Its console output:\n\n\`\`\`text\n${(bench.stdout ?? '').trim()}\n\`\`\`\n`;
}

function realN8nSection(): string {
	const head =
		'## Real n8n: webhook throughput and soak\n\n' +
		'<!-- Filled from test/bench/results/real-n8n.json, written by the real-n8n (end-to-end) bench. ' +
		'Expected shape: {"measuredAt", "n8nVersion", "markdown"?, ...figures}; "markdown", when present, is used as is. -->\n\n';
	if (!fs.existsSync(REAL_N8N_FILE)) {
		return `${head}_Not measured in this report: \`test/bench/results/real-n8n.json\` does not exist yet. The engineer running the real n8n (webhook throughput, soak) writes it; the next \`npm run bench\` puts it here._\n`;
	}
	try {
		const data = JSON.parse(fs.readFileSync(REAL_N8N_FILE, 'utf8')) as Record<string, unknown>;
		const stat = fs.statSync(REAL_N8N_FILE);
		const source = `From \`test/bench/results/real-n8n.json\` (written ${stat.mtime.toISOString()}${data.measuredAt ? `, measured ${String(data.measuredAt)}` : ''}), not by this run.\n\n`;
		if (typeof data.markdown === 'string') return `${head}${source}${data.markdown.trim()}\n`;
		return `${head}${source}\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\`\n`;
	} catch (error) {
		return `${head}_\`real-n8n.json\` could not be read: ${(error as Error).message}._\n`;
	}
}

function machineSection(input: ReportInput): string {
	const { machine, n8n } = input;
	const httpRequest = input.backfill.cases.find((c) => c.implementation === 'httpRequest' && c.typeVersion);
	const rows: string[][] = [
		['CPU', `${machine.cpuModel}, ${machine.cores} vCPUs`],
		['parallel CPU work', `two CPU-bound processes at once get ${input.parallelism.map((v) => `${v.toFixed(2)}x`).join(' (start) / ')} (end) the work of one; 2.00 = two free cores`],
		['load average (1/5/15 min)', `start ${input.loadBefore.map((v) => v.toFixed(2)).join(' / ')}, end ${input.loadAfter.map((v) => v.toFixed(2)).join(' / ')}`],
		['memory', formatMb(machine.memoryBytes)],
		['OS', machine.platform],
		['Node', machine.node],
		['n8n (HTTP Request node from)', n8n.ok ? `${n8n.versions.n8n} (n8n-nodes-base ${n8n.versions['n8n-nodes-base']})` : `not found: ${n8n.reason}`],
		['HTTP Request node version', httpRequest ? String(httpRequest.typeVersion) : 'n/a'],
		['engine (harness)', Object.entries(machine.engine).map(([name, version]) => `${name} ${version}`).join(', ')],
		['n8n-nodes-housecall-pro', `${machine.packageVersion}, commit ${machine.commit}`],
		['date', machine.date],
		['command', `\`${input.command}\``],
		['bench duration', formatMs(input.totalMs)],
	];
	return `## Machine and versions\n\n${renderTable(['', ''], rows, 'markdown')}\n`;
}

/** A note at the top when other work was running: the fake and the node share the CPU, so it shows. */
function busyWarning(input: ReportInput): string[] {
	const busy = Math.max(input.loadBefore[0], input.loadAfter[0]) >= 1 || Math.min(...input.parallelism) < 1.6;
	if (!busy) return [];
	return [
		`> **The machine was busy during this run** (1-minute load average ${input.loadBefore[0].toFixed(2)} at the start, ${input.loadAfter[0].toFixed(2)} at the end, on ${input.machine.cores} vCPUs; ` +
			`two CPU-bound processes at once got ${input.parallelism.map((v) => `${v.toFixed(2)}x`).join(' / ')} the work of one). ` +
			'The fake and the node under test share the CPU, so such figures come out slower and noisier than on an idle machine; the min - max column shows how much.',
		'',
	];
}

export function renderReport(input: ReportInput): string {
	const result = input.backfill;
	const tables = backfillTables(result, 'markdown');
	const met = targetChecks(result);
	const sizes = [...new Set(result.cases.map((c) => c.size))];
	const runs = sizes.map((size) => `${formatCount(size)}: ${Math.max(...result.cases.filter((c) => c.size === size).map((c) => c.runs.length))}`).join(', ');
	const parts = [
		'# Benchmark report',
		'',
		`Written by \`npm run bench\` (test/bench/run.ts) on ${input.machine.date.slice(0, 10)}. Every figure below comes from that one run ` +
			'(except the real-n8n section) and is a median over several runs; no test asserts any of it.',
		'',
		...busyWarning(input),
		machineSection(input),
		'## Backfill: Customer > Get Many (Return All) against the HTTP Request node',
		'',
		`Both nodes read every customer of the fake HCP (test/fake-hcp) through n8n-core's engine (test/harness), with 0 ms and ${BACKFILL_LATENCY} ms added to every request by the fake. ` +
			'**Ours**: resource `customer`, operation `getMany`, `returnAll: true`, everything else default (Max Parallel Requests ' + String(DEFAULT_CONCURRENCY) + ', a ceiling: it starts at ' + String(INITIAL_WINDOW) + ' at once and grows while answers are fast; it sorts by created_at ascending for a stable full read). ' +
			'**HTTP Request** (n8n-nodes-base, latest version): `GET /customers` with query `page_size=200`, authentication `predefinedCredentialType` / `housecallProApi`, ' +
			'pagination "Update a Parameter in Each Request" with `page = {{ $pageCount + 1 }}`, complete when `{{ $response.body.page >= $response.body.total_pages }}`, every other setting at its default (interval 0 ms, no page limit). ' +
			'It outputs one item per page (the envelope); records are counted inside them.',
		'',
		`Runs per case (alternating between the nodes): ${runs}. Bound = ceil(pages / parallel requests) x latency + ours at 0 ms for the same N (the per-request overhead, measured). ` +
			'The bound is an estimate, not a floor: at 25 ms part of the 0 ms overhead overlaps with waiting, so ratios under 1 happen; and ours reads the first page alone (it tells how many there are), one round trip the formula does not count.',
		'',
		'### Targets',
		'',
		tables.targets,
		'',
		'### Ours against HTTP Request and the bound (median wall time)',
		'',
		tables.comparison,
		'',
		`![Backfill wall time against records, ${BACKFILL_LATENCY} ms](${path.basename(PLOT_FILE)})`,
		'',
		'### What the numbers say',
		'',
		backfillAnalysis(input),
		'',
		...(tables.prerendered
			? [
					'### Diagnosis: the same pages served from memory',
					'',
					`A front in the bench process answers each request after the same ${KEY_CASE.latencyMs} ms with the bytes the fake gave for it earlier (one unmeasured priming read per node), ` +
						'so rendering a page costs this machine nothing, as with the real API, whose servers do that work. Not a target figure: the targets above are measured on the fake. ' +
						'Requests here are counted by the front; a page it had not seen would be counted as not 200.',
					'',
					tables.prerendered,
					'',
				]
			: []),
		'### Every case',
		'',
		'wall: from starting the workflow to its end, inside the measuring process. peak RSS: `process.resourceUsage().maxRSS` of that process (a fresh one per run), ' +
			'which includes Node, n8n-core and the node types loaded (RSS at start: after a two-page warm-up, before the measured run). ' +
			'node CPU: CPU time of that process during the run; fake CPU: CPU time of the process holding the fake. requests: `GET /customers` in the fake\'s log.',
		'',
		tables.cases,
		'',
		...(result.httpRequestSkipped ? [`_HTTP Request node not measured: ${result.httpRequestSkipped}._`, ''] : []),
		...input.others.map(otherSection),
		realN8nSection(),
		'## Method',
		'',
		'- Each measurement is a fresh Node process (`test/bench/backfill-case.ts`) forked by the bench, which holds the fake and its request log; the child warms up with a two-page read, then runs the measured workflow once.',
		'- The fake is seeded once per size (seed 1); latency is the fake waiting before it answers each request.',
		'- Medians over the runs; the 100,000 case has fewer runs because the HTTP Request node takes long there.',
		`- Targets from the issue: requests = ceil(N/200); >= ${TARGETS.speedupVsHttpRequest}x faster than HTTP Request at default settings (${KEY_CASE.latencyMs} ms, ${formatCount(KEY_CASE.size)} records); within ${TARGETS.boundRatio}x of the bound.`,
		'- Every run\'s raw figures are in `bench-raw.json` beside this report; `node -r ./test/scripts/register-ts.js test/bench/report.ts --rerender` draws the report and plot again from it.',
		'- Where the CPU goes: `backfill.ts --profile DIR` writes CPU profiles of the 20,000-customer measurements (the measured run only); `node -r ./test/scripts/register-ts.js test/bench/lib/profile.ts FILE` sums them by area (our node, axios, n8n-core, GC...).',
		`- Reproduce: \`npm run bench\` (or \`node test/scripts/with-node24.js bench\`); backfill alone: \`node -r ./test/scripts/register-ts.js test/bench/backfill.ts\` under Node 24. ${met.length} targets checked.`,
		'',
	];
	return parts.join('\n');
}

export function writeReport(input: ReportInput): { report: string; plot: string } {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	fs.writeFileSync(RAW_FILE, `${JSON.stringify(input, null, 1)}\n`);
	fs.writeFileSync(REPORT_FILE, renderReport(input));
	fs.writeFileSync(PLOT_FILE, backfillPlot(input.backfill));
	return { report: REPORT_FILE, plot: PLOT_FILE };
}

if (require.main === module) {
	if (!process.argv.includes('--rerender') || !fs.existsSync(RAW_FILE)) {
		console.error(`usage: report.ts --rerender   (draws REPORT.md and the plot again from ${path.relative(process.cwd(), RAW_FILE)}; the real-n8n section is read afresh)`);
		process.exit(2);
	}
	const written = writeReport(JSON.parse(fs.readFileSync(RAW_FILE, 'utf8')) as ReportInput);
	console.log(`Report: ${written.report}, plot: ${written.plot}`);
}
