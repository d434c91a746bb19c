// Workflows that put the Housecall Pro node in front of an AI agent, built the way a user builds
// them in n8n 2.40.7's editor: the node added as a tool, its tool description left on the default,
// and fields handed to the model with "let the model define this parameter", which writes
// `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('<Display_Name>', ``, '<type>') }}` (the key is
// the field's display name with everything but letters, digits and '-' turned into '_'; the
// description is empty until the user types one; types other than boolean, number and json become
// 'string'). Display names and types are read from the built node, so a renamed field shows here.
import * as crypto from 'node:crypto';
import * as path from 'node:path';

import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { CREDENTIAL_TYPE, NODE_TYPES, type ExampleJson, type WorkflowNode } from '../example-workflows';
import { REPO_ROOT } from './community-package';

type Property = INodeProperties;

let cachedProperties: Property[] | undefined;

/** The action node's parameters as the packed package defines them (dist/, built before e2e). */
function nodeProperties(): Property[] {
	if (!cachedProperties) {
		const modulePath = path.join(REPO_ROOT, 'dist', 'nodes', 'HousecallPro', 'HousecallPro.node.js');
		const { HousecallPro } = require(modulePath) as { HousecallPro: new () => { description: { properties: Property[] } } };
		cachedProperties = new HousecallPro().description.properties;
	}
	return cachedProperties;
}

function shownFor(property: Property, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation));
}

/** The property at `fieldPath` ("filters.q", "customerId") of resource > operation, or undefined. */
export function findProperty(resource: string, operation: string, fieldPath: string): Property | undefined {
	const [top, ...rest] = fieldPath.split('.');
	let property = nodeProperties().find((candidate) => candidate.name === top && shownFor(candidate, resource, operation));
	for (const name of rest) {
		const options = (property?.options ?? []) as Array<Property | INodePropertyCollection>;
		property = options.find((option): option is Property => 'type' in option && option.name === name);
	}
	return property;
}

export function fromAiKey(displayName: string): string {
	return displayName.replace(/[^a-zA-Z0-9-]/g, '_').slice(0, 63);
}

function fromAiType(type: string): string {
	return ['boolean', 'number', 'json'].includes(type) ? type : 'string';
}

export interface ModelField {
	/** The $fromAI key the model sees as an argument name. */
	key: string;
	/** The parameter value the editor writes. */
	value: string;
}

/**
 * What the editor writes when the user lets the model define `fieldPath`. A field the built node
 * does not (yet) have is written from `fallback` (display name and type), so a workflow can name a
 * planned field; `missing` says that happened.
 */
export function modelDefines(resource: string, operation: string, fieldPath: string, fallback?: { displayName: string; type: string }): ModelField & { missing: boolean } {
	const property = findProperty(resource, operation, fieldPath);
	const source = property ?? fallback;
	if (!source) throw new Error(`The Housecall Pro node has no field ${fieldPath} for ${resource} > ${operation}`);
	const key = fromAiKey(source.displayName);
	return { key, value: `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`\`, '${fromAiType(source.type)}') }}`, missing: !property };
}

/** A resource locator whose value the model defines (the editor keeps the locator, mode By ID). */
export function locatorDefinedByModel(field: ModelField): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value: field.value };
}

export interface ToolSpec {
	/** Node name; n8n makes the tool name from it (`Find Customer` -> `Find_Customer`). */
	name: string;
	resource: string;
	operation: string;
	parameters: Record<string, unknown>;
}

/** n8n's tool name for a node name (nodeNameToToolName in n8n-workflow 2.40). */
export function toolName(nodeName: string): string {
	return nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64);
}

export function hcpToolNode(spec: ToolSpec, credential: { id: string; name: string }, position: [number, number]): WorkflowNode {
	return {
		id: crypto.randomUUID(),
		name: spec.name,
		type: NODE_TYPES.tool,
		typeVersion: 1,
		position,
		parameters: { resource: spec.resource, operation: spec.operation, ...spec.parameters },
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	};
}

export interface AgentWorkflowOptions {
	name: string;
	hcpCredential: { id: string; name: string };
	modelCredential: { id: string; name: string };
	tools: ToolSpec[];
	systemMessage: string;
	/** The chat trigger's webhook id; its production URL is /webhook/<id>/chat. */
	chatWebhookId: string;
}

/**
 * Public chat trigger -> AI Agent -> OpenAI Chat Model, at the versions n8n 2.40.7's editor adds
 * today (Chat Trigger 1.5, AI Agent 3.1, OpenAI Chat Model 1.3 with the Responses API on), and the
 * given Housecall Pro tools. The chat answers with the agent's output (response mode: last node).
 */
export function agentWorkflow(options: AgentWorkflowOptions): ExampleJson {
	const tools = options.tools.map((spec, index) => hcpToolNode(spec, options.hcpCredential, [200 + index * 160, 260]));
	const connections: Record<string, unknown> = {
		'When chat message received': { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
		'Chat Model': { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] };
	return {
		name: options.name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'When chat message received',
				type: '@n8n/n8n-nodes-langchain.chatTrigger',
				typeVersion: 1.5,
				position: [0, 0],
				webhookId: options.chatWebhookId,
				parameters: { public: true, mode: 'webhook', options: { responseMode: 'lastNode' } },
			},
			{
				id: crypto.randomUUID(),
				name: 'Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [260, 0],
				parameters: { options: { systemMessage: options.systemMessage } },
			},
			{
				id: crypto.randomUUID(),
				name: 'Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [0, 260],
				parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4.1-mini' }, options: {} },
				credentials: { openAiApi: { id: options.modelCredential.id, name: options.modelCredential.name } },
			},
			...tools,
		],
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Sends one chat message to a public chat trigger's production URL, as the chat widget does. */
export async function sendChat(n8nUrl: string, webhookId: string, chatInput: string, sessionId = crypto.randomUUID()): Promise<{ status: number; body: unknown; text: string }> {
	const response = await fetch(`${n8nUrl}/webhook/${webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const text = await response.text();
	let body: unknown;
	try {
		body = JSON.parse(text) as unknown;
	} catch {
		body = undefined;
	}
	return { status: response.status, body, text };
}

/** Ids with a Housecall Pro prefix (`cus_`, `adr_`, ...) in a tool result, in order of appearance. */
export function idsIn(text: string, prefix: string): string[] {
	return [...new Set([...text.matchAll(new RegExp(`\\b${prefix}[A-Za-z0-9]+`, 'g'))].map((match) => match[0]))];
}
