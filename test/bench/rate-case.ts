/**
 * One rate-limit measurement (forked by rate.ts, which holds the fake HCP and its request log):
 * `workflows` backfills (Customer > Get Many, Return All, defaults) started at once in this process,
 * as in one n8n instance, so they share the account's limiter.
 *
 * Protocol over the IPC channel: `ready`, then the parent sends `go`, then `result`.
 */
import { runWorkflow } from '../harness';
import { runChild, sendToParent } from './lib/child';

export interface RateCaseConfig {
	baseUrl: string;
	apiKey: string;
	workflows: number;
}

export interface WorkflowOutcome {
	records: number;
	uniqueIds: number;
	/** The workflow's error, if it failed (an item that could not be read). */
	error?: string;
	wallMs: number;
}

export type RateCaseMessage =
	| { type: 'ready' }
	| { type: 'result'; wallMs: number; workflows: WorkflowOutcome[]; cpuMs: number }
	| { type: 'error'; message: string };

async function backfill(config: RateCaseConfig): Promise<WorkflowOutcome> {
	const started = performance.now();
	const name = 'Housecall Pro';
	const result = await runWorkflow({
		credentials: { baseUrl: config.baseUrl, apiKey: config.apiKey },
		nodes: [{ name, type: 'housecallPro', parameters: { resource: 'customer', operation: 'getMany', returnAll: true } }],
	});
	const wallMs = performance.now() - started;
	const error = result.error(name) ?? result.error();
	if (error) return { records: 0, uniqueIds: 0, error: error.message, wallMs };
	const items = result.output(name);
	return { records: items.length, uniqueIds: new Set(items.map((item) => item.json.id)).size, wallMs };
}

function send(message: RateCaseMessage): Promise<void> {
	return sendToParent(message);
}

async function main(): Promise<void> {
	if (!process.send) throw new Error('rate-case.ts is forked by rate.ts (it needs an IPC channel)');
	process.on('disconnect', () => process.exit(1));
	const config = JSON.parse(process.argv[2]) as RateCaseConfig;
	const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
	await send({ type: 'ready' });
	await go;
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const workflows = await Promise.all(Array.from({ length: config.workflows }, () => backfill(config)));
	const cpu = process.cpuUsage(cpuBefore);
	await send({ type: 'result', wallMs: performance.now() - started, workflows, cpuMs: (cpu.user + cpu.system) / 1000 });
}

runChild(main);
