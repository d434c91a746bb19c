/**
 * Where a CPU profile's time went, by area (our node, n8n-core, axios, Node's HTTP, GC...), for
 * the profiles `backfill.ts --profile DIR` writes.
 *
 *   node -r ./test/scripts/register-ts.js test/bench/lib/profile.ts DIR/ours-20000-0ms.cpuprofile [top]
 */
import fs from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The area a frame belongs to; the order matters (first match wins). */
const AREAS: Array<[string, RegExp]> = [
	['profiler itself', /^node:inspector/],
	['our node (nodes/)', /\/nodes\//],
	['bench + harness (test/)', /\/test\//],
	['axios + follow-redirects', /node_modules\/(axios|follow-redirects)\//],
	['n8n-core', /node_modules\/n8n-core\//],
	['n8n-workflow', /node_modules\/n8n-workflow\//],
	['@n8n/* (backend-network...)', /node_modules\/@n8n\//],
	['other packages', /node_modules\//],
	["Node's http/net/streams", /^node:(_http|http|net|internal\/streams|stream|internal\/stream_base|_stream)/],
	['Node (other)', /^node:/],
];

function areaOf(frame: ProfileNode['callFrame']): string {
	if (frame.url === '') {
		if (frame.functionName === '(garbage collector)') return 'garbage collector';
		if (frame.functionName === '(idle)') return 'idle';
		if (frame.functionName === '(program)') return 'program';
		return 'native (JSON.parse, Buffer...)';
	}
	for (const [area, pattern] of AREAS) if (pattern.test(frame.url)) return area;
	return 'other';
}

export interface ProfileSummary {
	totalMs: number;
	byArea: Array<[string, number]>;
	byFunction: Array<[string, number]>;
}

/** Self time per area and per function, in milliseconds, largest first. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfMicros = new Map<number, number>();
	let total = 0;
	profile.samples.forEach((id, index) => {
		const delta = profile.timeDeltas[index] ?? 0;
		selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
		total += delta;
	});
	const byArea = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const [id, micros] of selfMicros) {
		const frame = nodes.get(id)!.callFrame;
		const area = areaOf(frame);
		byArea.set(area, (byArea.get(area) ?? 0) + micros / 1000);
		const where = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(nodes|test)\//, '$1/');
		const name = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + micros / 1000);
	}
	const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
	return { totalMs: total / 1000, byArea: sorted(byArea), byFunction: sorted(byFunction) };
}

if (require.main === module) {
	const [file, top = '20'] = process.argv.slice(2);
	if (!file) {
		console.error('usage: profile.ts FILE.cpuprofile [top]');
		process.exit(2);
	}
	const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
	const busy = summary.totalMs - (summary.byArea.find(([area]) => area === 'idle')?.[1] ?? 0);
	console.log(`${file}: ${summary.totalMs.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle\n`);
	for (const [area, ms] of summary.byArea) {
		const share = area === 'idle' ? '' : `${((ms / busy) * 100).toFixed(0).padStart(4)}% of busy`;
		console.log(`${ms.toFixed(1).padStart(9)} ms  ${area.padEnd(32)} ${share}`);
	}
	console.log('\nfunctions (self time):');
	for (const [name, ms] of summary.byFunction.slice(0, Number(top))) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
}
