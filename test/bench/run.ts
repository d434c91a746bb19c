/**
 * `npm run bench`: the backfill benchmark, then the polling and webhook benchmarks when present,
 * then test/bench/results/REPORT.md (+ backfill-25ms.svg) from this run's numbers.
 *
 *   node -r ./test/scripts/register-ts.js test/bench/run.ts [--quick] [--runs N] [--no-install]
 *        [--profile DIR] [--backfill-only] [--no-report] [--no-diagnosis] [--wait-quiet MINUTES]
 *
 * --quick: 1,000 and 20,000 customers, 3 runs (a look, not a report to commit).
 * --no-install: do not install the pinned n8n when it is missing (the HTTP Request rows are skipped).
 * --profile DIR: CPU profiles of the 20,000-customer measurements.
 * --wait-quiet MINUTES: first wait (up to that long) for the 1-minute load average to drop below 1;
 *   the fake shares the CPU with the node under test, so other work on the machine moves the figures.
 *
 * The other benchmarks run as child processes under the same Node. Their console output goes into
 * the report as it is, unless they write Markdown to the file named by env BENCH_REPORT_FILE (then
 * that goes in instead). Nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parseCli, printBackfill, runBackfillBench, settingsFrom } from './backfill';
import { machineInfo, measureParallelism } from './lib/machine';
import { formatMs } from './lib/stats';
import { writeReport, type OtherBench } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER_TS = path.join(ROOT, 'test', 'scripts', 'register-ts.js');
const OTHER_TIMEOUT_MS = 6 * 60_000;

const OTHER_BENCHES = [
	{ title: 'Polling trigger', script: 'test/bench/polling.ts' },
	{ title: 'Webhook verification', script: 'test/bench/webhook.ts' },
	{ title: 'Many workflows, one account (rate limit)', script: 'test/bench/rate.ts' },
];

function runOther(title: string, script: string): Promise<OtherBench> {
	const file = path.join(ROOT, script);
	if (!fs.existsSync(file)) return Promise.resolve({ title, script, skipped: `${script} does not exist yet` });
	const markdownFile = path.join(os.tmpdir(), `hcp-bench-${process.pid}-${path.basename(script, '.ts')}.md`);
	fs.rmSync(markdownFile, { force: true });
	console.log(`\n== ${title} (${script})`);
	const started = performance.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['-r', REGISTER_TS, file], {
			cwd: ROOT,
			env: { ...process.env, BENCH_REPORT_FILE: markdownFile },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			process.stdout.write(chunk);
			stdout += chunk.toString('utf8');
		});
		const timer = setTimeout(() => child.kill(), OTHER_TIMEOUT_MS);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const markdown = fs.existsSync(markdownFile) ? fs.readFileSync(markdownFile, 'utf8') : undefined;
			fs.rmSync(markdownFile, { force: true });
			resolve({
				title,
				script,
				exitCode: signal ? null : code,
				durationMs: performance.now() - started,
				stdout: signal ? `${stdout}\n(stopped after ${OTHER_TIMEOUT_MS / 60_000} minutes: ${signal})` : stdout,
				markdown,
			});
		});
	});
}

async function waitForQuiet(minutes: number): Promise<void> {
	const deadline = Date.now() + minutes * 60_000;
	while (os.loadavg()[0] >= 1 && Date.now() < deadline) {
		console.log(`Waiting for a quieter machine: load average ${os.loadavg()[0].toFixed(2)} (until ${new Date(deadline).toISOString().slice(11, 19)})`);
		await new Promise((resolve) => setTimeout(resolve, 15_000));
	}
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const cli = parseCli(argv);
	const waitIndex = argv.indexOf('--wait-quiet');
	if (waitIndex >= 0) await waitForQuiet(Number(argv[waitIndex + 1]) || 10);
	const started = performance.now();
	const loadBefore = os.loadavg();
	const parallelismBefore = measureParallelism();
	console.log(`Benchmarks (Node ${process.versions.node}); two CPU-bound processes at once get ${parallelismBefore.toFixed(2)}x the work of one`);

	const settings = settingsFrom(cli, (line) => console.log(line));
	console.log('\n== Backfill');
	const backfill = await runBackfillBench(settings);
	printBackfill(backfill);

	const others: OtherBench[] = [];
	if (!argv.includes('--backfill-only')) {
		for (const bench of OTHER_BENCHES) others.push(await runOther(bench.title, bench.script));
	}

	if (argv.includes('--no-report')) return;
	const written = writeReport({
		machine: machineInfo(),
		parallelism: [parallelismBefore, measureParallelism()],
		loadBefore,
		loadAfter: os.loadavg(),
		n8n: settings.n8n,
		command: ['run.ts', ...argv].join(' '),
		backfill,
		others,
		totalMs: performance.now() - started,
	});
	console.log(`\nReport: ${path.relative(ROOT, written.report)}, plot: ${path.relative(ROOT, written.plot)} (all benches took ${formatMs(performance.now() - started)})`);
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
