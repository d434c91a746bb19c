/**
 * One backfill measurement, in a fresh process so its peak RSS is its own (forked by backfill.ts,
 * which holds the fake HCP and its request log).
 *
 * Protocol over the IPC channel: the child warms up (a two-page read of the same kind), sends
 * `ready`; the parent clears the fake's request log and sends `go`; the child runs the measured
 * workflow through n8n-core's engine (test/harness) and sends `result`, then exits.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { resetLimiters } from '../../nodes/shared/transport';
import { registerNodeType, runWorkflow, type WorkflowNodeSpec } from '../harness';
import { HTTP_REQUEST_TYPE, loadHttpRequestNode } from './lib/n8n';
import { runChild, sendToParent } from './lib/child';

export type Implementation = 'ours' | 'httpRequest';

export interface CaseConfig {
	implementation: Implementation;
	baseUrl: string;
	apiKey: string;
	/** Install folder of the real n8n (for the HTTP Request node). */
	n8nDir?: string;
	/** Our node's Options > Max Parallel Requests (a ceiling); absent = its default. */
	parallelRequests?: number;
	/** Write a CPU profile of the measured run (only) to this file. */
	cpuProfileFile?: string;
}

export type CaseMessage =
	| { type: 'ready' }
	| {
			type: 'result';
			wallMs: number;
			records: number;
			uniqueIds: number;
			outputItems: number;
			/** process.resourceUsage().maxRSS of this process, in bytes. */
			peakRssBytes: number;
			/** RSS after the warm-up, just before the measured run. */
			rssBeforeBytes: number;
			/** CPU time (user + system) this process spent in the measured run. */
			cpuMs: number;
			typeVersion?: number;
	  }
	| { type: 'error'; message: string };

const PAGE_SIZE = 200;

function ourNode(config: CaseConfig, warmUp: boolean): WorkflowNodeSpec {
	const parameters: INodeParameters = { resource: 'customer', operation: 'getMany', returnAll: !warmUp };
	if (warmUp) parameters.limit = 2 * PAGE_SIZE;
	if (config.parallelRequests) parameters.options = { parallelRequests: config.parallelRequests };
	return { name: 'Housecall Pro', type: 'housecallPro', parameters };
}

/** The HTTP Request node as a user would set it up for this endpoint; every other setting at its default. */
function httpRequestNode(config: CaseConfig, typeVersion: number, warmUp: boolean): WorkflowNodeSpec {
	const pagination: INodeParameters = {
		paginationMode: 'updateAParameterInEachRequest',
		parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
		paginationCompleteWhen: 'other',
		completeExpression: '={{ $response.body.page >= $response.body.total_pages }}',
	};
	if (warmUp) {
		pagination.limitPagesFetched = true;
		pagination.maxRequests = 2;
	}
	return {
		name: 'HTTP Request',
		type: HTTP_REQUEST_TYPE,
		typeVersion,
		parameters: {
			method: 'GET',
			url: `${config.baseUrl}/customers`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'housecallProApi',
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: { parameters: [{ name: 'page_size', value: String(PAGE_SIZE) }] },
			options: { pagination: { pagination } },
		},
	};
}

/** Customer records in the output: one per item for ours, a page envelope per item for HTTP Request. */
function recordsOf(implementation: Implementation, items: INodeExecutionData[]): unknown[] {
	if (implementation === 'ours') return items.map((item) => item.json);
	return items.flatMap((item) => {
		const customers = item.json.customers;
		if (!Array.isArray(customers)) throw new Error('HTTP Request output item without a customers array');
		return customers as unknown[];
	});
}

async function runOnce(config: CaseConfig, node: WorkflowNodeSpec) {
	const result = await runWorkflow({
		credentials: { baseUrl: config.baseUrl, apiKey: config.apiKey },
		nodes: [node],
	});
	const error = result.error(node.name) ?? result.error();
	if (error) throw error;
	return result.output(node.name);
}

function send(message: CaseMessage): Promise<void> {
	return sendToParent(message);
}

function waitForGo(): Promise<void> {
	return new Promise((resolve) => {
		process.once('message', (message) => {
			if (message === 'go') resolve();
		});
	});
}

async function main(): Promise<void> {
	if (!process.send) throw new Error('backfill-case.ts is forked by backfill.ts (it needs an IPC channel)');
	// A bench stopped midway must not leave this process waiting for its `go`.
	process.on('disconnect', () => process.exit(1));
	const config = JSON.parse(process.argv[2]) as CaseConfig;
	let typeVersion: number | undefined;
	let nodeFor: (warmUp: boolean) => WorkflowNodeSpec;
	if (config.implementation === 'httpRequest') {
		if (!config.n8nDir) throw new Error('no n8n install given for the HTTP Request node');
		const httpRequest = loadHttpRequestNode(config.n8nDir);
		registerNodeType(HTTP_REQUEST_TYPE, httpRequest);
		// The latest version, as a node added in the editor today gets.
		const version = httpRequest.currentVersion;
		typeVersion = version;
		nodeFor = (warmUp) => httpRequestNode(config, version, warmUp);
	} else {
		nodeFor = (warmUp) => ourNode(config, warmUp);
	}

	// Warm-up: loads and JIT-compiles the same code paths, as in an n8n that has been running a while.
	await runOnce(config, nodeFor(true));
	// The measured read starts with a cold limiter (INITIAL_WINDOW at once), as the first read of an account does.
	resetLimiters();
	const rssBeforeBytes = process.memoryUsage().rss;
	const go = waitForGo();
	await send({ type: 'ready' });
	await go;

	const profiler = config.cpuProfileFile ? new Session() : undefined;
	if (profiler) {
		profiler.connect();
		await profiler.post('Profiler.enable');
		await profiler.post('Profiler.start');
	}
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const items = await runOnce(config, nodeFor(false));
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	if (profiler && config.cpuProfileFile) {
		const { profile } = await profiler.post('Profiler.stop');
		fs.mkdirSync(path.dirname(config.cpuProfileFile), { recursive: true });
		fs.writeFileSync(config.cpuProfileFile, JSON.stringify(profile));
		profiler.disconnect();
	}
	const peakRssBytes = process.resourceUsage().maxRSS * 1024;

	const records = recordsOf(config.implementation, items);
	const ids = new Set(records.map((record) => (record as { id?: unknown }).id));
	await send({
		type: 'result',
		wallMs,
		records: records.length,
		uniqueIds: ids.size,
		outputItems: items.length,
		peakRssBytes,
		rssBeforeBytes,
		cpuMs: (cpu.user + cpu.system) / 1000,
		typeVersion,
	});
}

runChild(main);
