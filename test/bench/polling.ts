/**
 * Polling trigger benchmark (not a jest test). Run with Node 24:
 *
 *   node -r ./test/scripts/register-ts.js test/bench/polling.ts [records...]
 *
 * For 1,000 / 10,000 / 50,000 records (or the counts given) it runs the Housecall Pro Trigger through
 * n8n-core's PollContext against the fake HCP (in a child process, so CPU figures are the trigger's
 * own) and prints, per idle poll: requests, wall time, CPU time, items emitted, and the state kept
 * per tracked record; next to the same figures for a naive poll that re-reads and re-emits every
 * record, with the ratios.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { INodeExecutionData, INodeType, IPollFunctions } from 'n8n-workflow';

import { getObject, getOperation } from '../../nodes/shared/table';
import { readList } from '../../nodes/shared/transport';
import { PollHarness, registerNodeType } from '../harness';

/** The naive poll: read the whole list, emit all of it, keep nothing. */
class NaivePoll implements INodeType {
	description = {
		displayName: 'Naive Poll',
		name: 'naivePoll',
		group: ['trigger'],
		version: 1,
		description: 'Reads and emits everything on every poll',
		defaults: { name: 'Naive' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'housecallProApi', required: true }],
		properties: [{ displayName: 'Object', name: 'object', type: 'string', default: 'customer' }],
	} as unknown as INodeType['description'];

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const object = getObject(this.getNodeParameter('object') as string);
		const operation = getOperation(object.listOperation!);
		const rows = await readList(this, operation.path, operation.list!, {}, { pageSize: 200, idField: object.idField });
		return rows.length ? [this.helpers.returnJsonArray(rows)] : null;
	}
}
const NAIVE_TYPE = 'bench.naivePoll';
registerNodeType(NAIVE_TYPE, new NaivePoll());

class Server {
	private constructor(private readonly child: ChildProcess) {}

	static async start(records: number): Promise<{ server: Server; url: string; apiKey: string }> {
		const child = fork(path.join(__dirname, 'polling-server.ts'), [], {
			execArgv: ['-r', path.join(__dirname, '..', 'scripts', 'register-ts.js')],
			env: { ...process.env, BENCH_RECORDS: String(records) },
		});
		const server = new Server(child);
		const hello = (await server.ask({ op: 'hello' }, true)) as { url: string; apiKey: string };
		return { server, ...hello };
	}

	async ask(message: object, onlyListen = false): Promise<Record<string, unknown>> {
		return await new Promise((resolve) => {
			this.child.once('message', (answer) => resolve(answer as Record<string, unknown>));
			if (!onlyListen) this.child.send(message);
		});
	}

	async requests(): Promise<number> {
		return Number((await this.ask({ op: 'count' })).requests);
	}

	async stop(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.send({ op: 'stop' });
		await exited;
	}
}

interface Figures {
	requests: number;
	wallMs: number;
	cpuMs: number;
	items: number;
}

async function measure(server: Server, poll: () => Promise<INodeExecutionData[][] | null>, runs: number): Promise<Figures> {
	const total: Figures = { requests: 0, wallMs: 0, cpuMs: 0, items: 0 };
	for (let run = 0; run < runs; run++) {
		const requestsBefore = await server.requests();
		const cpu = process.cpuUsage();
		const started = performance.now();
		const output = await poll();
		total.wallMs += performance.now() - started;
		const used = process.cpuUsage(cpu);
		total.cpuMs += (used.user + used.system) / 1000;
		total.requests += (await server.requests()) - requestsBefore;
		total.items += output?.[0].length ?? 0;
	}
	return { requests: total.requests / runs, wallMs: total.wallMs / runs, cpuMs: total.cpuMs / runs, items: total.items / runs };
}

const fmt = (value: number, digits = 1): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (naive: number, ours: number): string => (ours > 0 ? `${fmt(naive / ours)}x` : naive > 0 ? 'inf' : '-');

function row(label: string, cells: string[]): string {
	return label.padEnd(34) + cells.map((cell) => cell.padStart(16)).join('');
}

interface Scenario {
	label: string;
	parameters: Record<string, unknown>;
	/** Object the naive poll reads to get the same information. */
	naiveObject: string;
	/** Records the state keeps something for, from the static data and the store size. */
	tracked: (state: Record<string, unknown>, records: number) => number;
	/** Object changed for the "busy" poll. */
	touch: string;
}

const SCENARIOS: Scenario[] = [
	{
		label: 'customers, New or Updated (incremental)',
		parameters: { object: 'customer', event: 'newOrUpdated' },
		naiveObject: 'customer',
		tracked: (_state, records) => records,
		touch: 'customer',
	},
	{
		label: 'leads, New or Updated (full scan)',
		parameters: { object: 'lead', event: 'newOrUpdated' },
		naiveObject: 'lead',
		tracked: (state) => String(state.f ?? '').split(',').filter(Boolean).length,
		touch: 'lead',
	},
	{
		label: 'jobs, Job Completed (status, incremental)',
		parameters: { object: 'job', event: 'jobCompleted' },
		naiveObject: 'job',
		tracked: (state) => String(state.m ?? '').length / 8,
		touch: 'job',
	},
];

async function benchmark(records: number): Promise<void> {
	const { server, url, apiKey } = await Server.start(records);
	const credentials = { baseUrl: url, apiKey };
	console.log(`\n=== ${records.toLocaleString('en-US')} records per object ===`);
	console.log(row('', ['requests', 'wall ms', 'CPU ms', 'items', 'state B', 'B/record']));
	try {
		for (const scenario of SCENARIOS) {
			const trigger = new PollHarness({ credentials, parameters: scenario.parameters as never });
			const baseline = await measure(server, () => trigger.poll(), 1);
			const idle = await measure(server, () => trigger.poll(), 5);
			const state = trigger.staticData.housecallPro as Record<string, unknown>;
			const stateBytes = JSON.stringify(trigger.staticData).length;
			const tracked = scenario.tracked(state, records);
			await server.ask({ op: 'touch', object: scenario.touch, count: 10 });
			const busy = await measure(server, () => trigger.poll(), 1);

			const naive = new PollHarness({ credentials, type: NAIVE_TYPE, parameters: { object: scenario.naiveObject } });
			const naiveIdle = await measure(server, () => naive.poll(), 3);

			console.log(`-- ${scenario.label}`);
			const line = (label: string, f: Figures, bytes: string, perRecord: string) =>
				console.log(row(label, [fmt(f.requests, 0), fmt(f.wallMs), fmt(f.cpuMs), fmt(f.items, 0), bytes, perRecord]));
			line('   first poll (baseline)', baseline, '', '');
			line('   idle poll', idle, stateBytes.toLocaleString('en-US'), `${fmt(stateBytes / Math.max(1, tracked), 2)} (${tracked.toLocaleString('en-US')})`);
			line('   poll after 10 changes', busy, '', '');
			line('   naive idle poll', naiveIdle, '0', '-');
			console.log(
				row('   naive / trigger (idle)', [
					ratio(naiveIdle.requests, idle.requests),
					ratio(naiveIdle.wallMs, idle.wallMs),
					ratio(naiveIdle.cpuMs, idle.cpuMs),
					ratio(naiveIdle.items, idle.items),
				]),
			);
		}
	} finally {
		await server.stop();
	}
}

async function main(): Promise<void> {
	const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
	console.log(`Node ${process.version}; "B/record" is state bytes per tracked record (target <= 48), tracked count in brackets.`);
	console.log('Incremental idle polls should cost 1 request; full scans ceil(N/200).');
	for (const records of counts.length ? counts : [1_000, 10_000, 50_000]) await benchmark(records);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
