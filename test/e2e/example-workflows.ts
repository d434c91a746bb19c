// The example workflows in examples/*.json, read and made ready for one n8n instance: the Housecall
// Pro credential they name by placeholder swapped for a real one, webhook ids made unique when asked.
// Used by the demo (npm start) and by the end-to-end tests, which run the same files users import.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { WorkflowJson } from './n8n-instance';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
export const PACKAGE_NAME = 'n8n-nodes-housecall-pro';
export const CREDENTIAL_TYPE = 'housecallProApi';

export const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
/** The credential an example's MCP Server Trigger checks clients' bearer tokens against. */
export const MCP_BEARER_CREDENTIAL_TYPE = 'httpBearerAuth';

export const NODE_TYPES = {
	action: `${PACKAGE_NAME}.housecallPro`,
	tool: `${PACKAGE_NAME}.housecallProTool`,
	pollingTrigger: `${PACKAGE_NAME}.housecallProTrigger`,
	webhookTrigger: `${PACKAGE_NAME}.housecallProWebhookTrigger`,
} as const;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

/** A workflow as exported by n8n, with its nodes typed. */
export interface ExampleJson extends WorkflowJson {
	nodes: WorkflowNode[];
}

export interface ExampleWorkflow {
	/** File name in examples/, e.g. `02-after-hours-booking.json`. */
	file: string;
	workflow: ExampleJson;
}

export function readExamples(): ExampleWorkflow[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleJson }));
}

export function readExample(prefix: string): ExampleWorkflow {
	const example = readExamples().find((candidate) => candidate.file.startsWith(prefix));
	if (!example) throw new Error(`No example workflow in ${EXAMPLES_DIR} starts with "${prefix}"`);
	return example;
}

/**
 * A copy of the workflow whose Housecall Pro nodes use `credential`. With `uniqueWebhooks`, every
 * webhook gets a new id (and n8n Webhook nodes a suffixed path), so the same example can be active
 * twice in one n8n without their URLs colliding.
 */
export function prepareWorkflow(
	workflow: ExampleJson,
	credential: { id: string; name: string },
	options: { uniqueWebhooks?: boolean; name?: string; bearerCredential?: { id: string; name: string } } = {},
): ExampleJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as ExampleJson;
	if (options.name) copy.name = options.name;
	for (const node of copy.nodes) {
		if (node.credentials?.[CREDENTIAL_TYPE]) node.credentials[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
		if (options.bearerCredential && node.credentials?.[MCP_BEARER_CREDENTIAL_TYPE]) {
			node.credentials[MCP_BEARER_CREDENTIAL_TYPE] = { id: options.bearerCredential.id, name: options.bearerCredential.name };
		}
		if (options.uniqueWebhooks && node.webhookId) {
			node.webhookId = crypto.randomUUID();
			// These serve their Path parameter as is, so a second copy needs a path of its own.
			if (node.type === 'n8n-nodes-base.webhook' || node.type === MCP_TRIGGER_TYPE) {
				node.parameters.path = `${String(node.parameters.path)}-${crypto.randomBytes(4).toString('hex')}`;
			}
		}
	}
	return copy;
}

/** The path an example's MCP Server Trigger serves under /mcp/ (streamable HTTP, trigger 2.x). */
export function mcpServerPath(workflow: ExampleJson): string {
	return String(nodeOfType(workflow, MCP_TRIGGER_TYPE).parameters.path);
}

export function nodeOfType(workflow: ExampleJson, type: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`Workflow "${workflow.name}" has no node of type ${type}`);
	return node;
}

/**
 * The production webhook path of a trigger node, as n8n serves it under /webhook/. Our webhook
 * trigger declares path `webhook`, which n8n puts after the node's webhookId; n8n's own Webhook
 * node uses its Path parameter as is.
 */
export function webhookPath(node: WorkflowNode): string {
	if (node.type === NODE_TYPES.webhookTrigger) {
		if (!node.webhookId) throw new Error(`Node "${node.name}" has no webhookId`);
		return `${node.webhookId}/webhook`;
	}
	if (node.type === 'n8n-nodes-base.webhook') return String(node.parameters.path);
	throw new Error(`Node "${node.name}" (${node.type}) is not a webhook`);
}

/** Trigger types the demo activates: they start the workflow by themselves once it is active. */
const SELF_STARTING_TRIGGERS = new Set<string>([
	NODE_TYPES.pollingTrigger,
	NODE_TYPES.webhookTrigger,
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.scheduleTrigger',
	MCP_TRIGGER_TYPE,
]);

/**
 * Whether the workflow starts by itself once active and needs no credential the demo lacks
 * (besides Housecall Pro's, the types in `available`).
 */
export function isActivatable(workflow: ExampleJson, available: readonly string[] = []): boolean {
	const needsOtherCredentials = workflow.nodes.some((node) =>
		Object.keys(node.credentials ?? {}).some((type) => type !== CREDENTIAL_TYPE && !available.includes(type)),
	);
	const usesModel = workflow.nodes.some((node) => node.type.startsWith('@n8n/n8n-nodes-langchain.lm'));
	return !needsOtherCredentials && !usesModel && workflow.nodes.some((node) => SELF_STARTING_TRIGGERS.has(node.type));
}
