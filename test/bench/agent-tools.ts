/**
 * What an AI agent is sent and gets back, as figures (a report, not a test):
 * - the tool descriptions of every operation, against n8n's fallback "<action> in Housecall Pro";
 * - the tools arrays n8n 2.40.7 sent the scripted model and the MCP client (recorded by
 *   test/e2e/ai-agent.e2e.test.ts and test/e2e/mcp.e2e.test.ts into test/e2e/results/);
 * - bytes per returned record, compact (a tool's default) against the full record, over the fake's
 *   seeded records, and per tool call in the recorded agent run.
 *
 *   node test/scripts/with-node24.js agent-report   (after `npx jest test/e2e/ai-agent.e2e.test.ts test/e2e/mcp.e2e.test.ts`)
 */
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { simplifierFor } from '../../nodes/HousecallPro/simplify';
import { startFakeHcp } from '../fake-hcp';

const RESULTS = path.join(__dirname, '..', 'e2e', 'results');
const REPORT = path.join(__dirname, 'results', 'AGENT-TOOLS.md');

const bytes = (value: unknown) => Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));

function readResult<T>(name: string): T | undefined {
	const file = path.join(RESULTS, name);
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

function toolDescriptions() {
	const description = new HousecallPro().description;
	const tool = { ...description, name: 'housecallProTool' };
	const rows: Array<{ key: string; fallback: string; text: string }> = [];
	for (const operationProperty of description.properties.filter((property) => property.name === 'operation')) {
		const resource = String(operationProperty.displayOptions?.show?.resource?.[0]);
		for (const option of operationProperty.options as INodePropertyOptions[]) {
			const parameters = { resource, operation: option.value };
			const node = { id: 'n', name: 'n', type: 'n8n-nodes-housecall-pro.housecallProTool', typeVersion: 1, position: [0, 0] as [number, number], parameters };
			const resolved = NodeHelpers.getNodeParameters(tool.properties, parameters, true, false, node, tool)!;
			rows.push({ key: `${resource}.${String(option.value)}`, fallback: `${String(option.action)} in Housecall Pro`, text: String(resolved.toolDescription ?? '') });
		}
	}
	return rows;
}

async function recordSizes() {
	const fake = await startFakeHcp({ seed: 1 });
	try {
		const rows: Array<{ object: string; records: number; full: number; compact: number }> = [];
		for (const object of ['customer', 'employee', 'job', 'estimate', 'invoice', 'lead']) {
			const listKey = { customer: 'customers', employee: 'employees', job: 'jobs', estimate: 'estimates', invoice: 'invoices', lead: 'leads' }[object]!;
			const response = await fetch(`${fake.url}/${listKey}?page_size=200`, { headers: { Authorization: `Token ${fake.apiKey}` } });
			const records = ((await response.json()) as IDataObject)[listKey] as IDataObject[];
			const simplify = simplifierFor(object)!;
			rows.push({
				object,
				records: records.length,
				full: Math.round(records.reduce((sum, record) => sum + bytes(record), 0) / records.length),
				compact: Math.round(records.reduce((sum, record) => sum + bytes(simplify(record)), 0) / records.length),
			});
		}
		return rows;
	} finally {
		await fake.close();
	}
}

interface RecordedTools {
	n8n: string;
	recordedAt: string;
	bytes: number;
	tools: Array<{ function?: { name: string; description: string }; name?: string; description?: string }>;
}

async function main() {
	const lines: string[] = ['# What an AI agent is sent and gets back', '', `Written by test/bench/agent-tools.ts on ${new Date().toISOString()}.`, ''];

	const descriptions = toolDescriptions();
	const specific = descriptions.filter((row) => row.text && row.text !== row.fallback && row.text.length > row.fallback.length);
	const lengths = descriptions.map((row) => row.text.length).sort((a, b) => a - b);
	lines.push(
		'## Tool descriptions (every operation, editor defaults)',
		'',
		`- Operations: ${descriptions.length}; descriptions that say more than n8n's fallback "<action> in Housecall Pro": ${specific.length} (${((100 * specific.length) / descriptions.length).toFixed(0)}%).`,
		`- Length in characters: median ${lengths[Math.floor(lengths.length / 2)]}, max ${lengths[lengths.length - 1]}, sum ${lengths.reduce((a, b) => a + b, 0)}.`,
		`- Fallback length, for comparison: median ${descriptions.map((row) => row.fallback.length).sort((a, b) => a - b)[Math.floor(descriptions.length / 2)]}.`,
		'',
	);

	for (const [title, file] of [
		['AI Agent (scripted OpenAI-compatible model)', 'ai-agent-tools.json'],
		['MCP Server Trigger (MCP SDK client)', 'mcp-tools.json'],
	] as const) {
		const recorded = readResult<RecordedTools>(file);
		lines.push(`## Tools array sent: ${title}`, '');
		if (!recorded) {
			lines.push(`Not recorded: run the e2e suite that writes test/e2e/results/${file} first.`, '');
			continue;
		}
		const names = recorded.tools.map((tool) => tool.function?.name ?? tool.name);
		lines.push(
			`- n8n ${recorded.n8n}, recorded ${recorded.recordedAt}: ${recorded.tools.length} tools, ${bytes(recorded.tools)} bytes (${Math.round(bytes(recorded.tools) / recorded.tools.length)} per tool).`,
			`- Tools: ${names.join(', ')}.`,
			'',
		);
	}

	lines.push('## Bytes per returned record (fake HCP, seed 1, one page of 200)', '', '| object | records | full | compact (tool default) | ratio |', '| --- | --- | --- | --- | --- |');
	for (const row of await recordSizes()) {
		lines.push(`| ${row.object} | ${row.records} | ${row.full} | ${row.compact} | ${(row.compact / row.full).toFixed(2)} |`);
	}
	lines.push('');

	const exchanges = readResult<Array<{ userText: string; exchanges: Array<{ tool: string; result: string; json?: unknown }> }>>('ai-agent-exchanges.json');
	if (exchanges?.length) {
		lines.push('## Tool results in the recorded agent run', '', '| tool | calls | bytes per result | records | bytes per record |', '| --- | --- | --- | --- | --- |');
		const byTool = new Map<string, { calls: number; bytes: number; records: number }>();
		for (const turn of exchanges) {
			for (const exchange of turn.exchanges) {
				const entry = byTool.get(exchange.tool) ?? { calls: 0, bytes: 0, records: 0 };
				entry.calls += 1;
				entry.bytes += bytes(exchange.result);
				entry.records += Array.isArray(exchange.json) ? exchange.json.length : 1;
				byTool.set(exchange.tool, entry);
			}
		}
		for (const [tool, entry] of byTool) {
			lines.push(`| ${tool} | ${entry.calls} | ${Math.round(entry.bytes / entry.calls)} | ${entry.records} | ${Math.round(entry.bytes / Math.max(1, entry.records))} |`);
		}
		lines.push('');
	}

	fs.mkdirSync(path.dirname(REPORT), { recursive: true });
	fs.writeFileSync(REPORT, `${lines.join('\n')}\n`);
	console.log(lines.join('\n'));
	console.log(`\nWritten to ${path.relative(process.cwd(), REPORT)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
