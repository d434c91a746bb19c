/**
 * Runs our nodes the way n8n does: real workflows through n8n-core's WorkflowExecute, polls through
 * its PollContext, webhooks through its WebhookContext, with our credential's authenticate() applied
 * to every request. Tests point the credential at the fake HCP server.
 */
import { randomUUID } from 'node:crypto';

import {
	ExecutionLifecycleHooks,
	PollContext,
	WebhookContext,
	WorkflowExecute,
	LoadOptionsContext,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	INodeParameters,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';

import { HousecallProApi } from '../../credentials/HousecallProApi.credentials';

export const PACKAGE_NAME = 'n8n-nodes-housecall-pro';
export const CREDENTIAL_TYPE = 'housecallProApi';
export const START_NODE_TYPE = 'harness.start';

export interface HarnessCredentials {
	baseUrl: string;
	apiKey: string;
	companyId?: string;
	webhookSecret?: string;
}

/** A start node for tests: emits the items the test hands it, like a Manual Trigger with data. */
class HarnessStart implements INodeType {
	description = {
		displayName: 'Harness Start',
		name: 'harnessStart',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	register(name: string, type: INodeType | IVersionedNodeType) {
		this.types.set(name, type);
	}

	getByName(name: string) {
		const type = this.types.get(name);
		if (!type) throw new Error(`Harness: unknown node type "${name}"`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const type = this.getByName(name);
		if ('nodeVersions' in type) {
			const versions = (type as IVersionedNodeType).nodeVersions;
			return versions[version ?? (type as IVersionedNodeType).currentVersion] as INodeType;
		}
		return type as INodeType;
	}

	getKnownTypes() {
		return {};
	}
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Map<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes.get(typeName);
		if (type && typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions);
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('Harness: getCredentials is not used by these nodes');
	}

	async getDecrypted(_additionalData: unknown, _details: unknown, type: string) {
		const credentials = this.data[type];
		if (!credentials) throw new Error(`Harness: no credentials of type "${type}" were given`);
		return { ...credentials };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}
}

/** Node types under test, by short name (`housecallPro`, ...), loaded lazily so a missing node only fails its own tests. */
const nodeLoaders: Record<string, () => INodeType> = {
	housecallPro: () => new (require('../../nodes/HousecallPro/HousecallPro.node').HousecallPro)(),
	housecallProTrigger: () =>
		new (require('../../nodes/HousecallProTrigger/HousecallProTrigger.node').HousecallProTrigger)(),
	housecallProWebhookTrigger: () =>
		new (require('../../nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node').HousecallProWebhookTrigger)(),
};

/** Extra node types a test or benchmark brings (n8n's HTTP Request node, for instance). */
const extraNodeTypes = new Map<string, INodeType | IVersionedNodeType>();
export function registerNodeType(fullName: string, type: INodeType | IVersionedNodeType) {
	extraNodeTypes.set(fullName, type);
}

export function fullTypeName(shortName: string) {
	return `${PACKAGE_NAME}.${shortName}`;
}

/**
 * Each node type is built once per process, as n8n loads it once: building the Housecall Pro
 * node's description costs ~15 ms, which every workflow run paid (and the backfill bench measured).
 */
const loadedNodeTypes = new Map<string, INodeType>();

function buildNodeTypes(): HarnessNodeTypes {
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.register(START_NODE_TYPE, new HarnessStart());
	for (const [shortName, load] of Object.entries(nodeLoaders)) {
		const loaded = (): INodeType => {
			let type = loadedNodeTypes.get(shortName);
			if (!type) {
				type = load();
				loadedNodeTypes.set(shortName, type);
			}
			return type;
		};
		const lazy = new Proxy({} as INodeType, {
			get(_target, property) {
				return (loaded() as unknown as Record<string | symbol, unknown>)[property];
			},
			has(_target, property) {
				return property in loaded();
			},
		});
		nodeTypes.register(fullTypeName(shortName), lazy);
	}
	for (const [name, type] of extraNodeTypes) nodeTypes.register(name, type);
	return nodeTypes;
}

export function credentialData(credentials: HarnessCredentials): ICredentialDataDecryptedObject {
	return {
		apiKey: credentials.apiKey,
		baseUrl: credentials.baseUrl,
		companyId: credentials.companyId ?? '',
		webhookSecret: credentials.webhookSecret ?? '',
	};
}

function buildAdditionalData(
	credentials: HarnessCredentials | undefined,
	hooks: ExecutionLifecycleHooks,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const credentialTypes = new Map<string, ICredentialType>([[CREDENTIAL_TYPE, new HousecallProApi()]]);
	const data: Record<string, ICredentialDataDecryptedObject> = credentials
		? { [CREDENTIAL_TYPE]: credentialData(credentials) }
		: {};
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(credentialTypes, data),
		hooks,
		executeWorkflow: async () => {
			throw new Error('Harness: sub-workflows are not supported');
		},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'harness-user',
		variables: {},
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Harness: task runners are not available');
		},
		...extra,
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowNodeSpec {
	name: string;
	/** Short name of one of our nodes, or a full type name registered with registerNodeType. */
	type: string;
	parameters: INodeParameters;
	typeVersion?: number;
	continueOnFail?: boolean;
}

export interface RunWorkflowOptions {
	credentials?: HarnessCredentials;
	/** Items the start node emits. */
	input?: IDataObject[];
	/** Nodes after the start node, chained in order (Start -> nodes[0] -> nodes[1] ...). */
	nodes: WorkflowNodeSpec[];
	/** Explicit connections instead of a chain (names as in `nodes`, plus `Start`). */
	connections?: IConnections;
}

export interface WorkflowRunResult {
	run: IRun;
	/** Output items of each node, first output, last run. */
	output(nodeName: string): INodeExecutionData[];
	/** The error a node ended with, if it failed. */
	error(nodeName?: string): Error | undefined;
}

function toNode(spec: WorkflowNodeSpec, index: number): INode {
	const type = spec.type.includes('.') ? spec.type : fullTypeName(spec.type);
	return {
		id: randomUUID(),
		name: spec.name,
		type,
		typeVersion: spec.typeVersion ?? 1,
		position: [250 * (index + 1), 300],
		parameters: spec.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'Housecall Pro (harness)' } },
		...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

function chain(names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Runs Start -> nodes through WorkflowExecute and returns what every node produced. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const nodeTypes = buildNodeTypes();
	const start: INode = {
		id: randomUUID(),
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 300],
		parameters: {},
	};
	const nodes = [start, ...options.nodes.map(toNode)];
	const connections = options.connections ?? chain(nodes.map((node) => node.name));
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), {
		id: workflow.id,
		name: 'Harness',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveFinished!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{
					node: start,
					data: { main: [(options.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	} as unknown as IRunExecutionData;

	const additionalData = buildAdditionalData(options.credentials, hooks);
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;

	return {
		run,
		output(nodeName: string) {
			const runs = run.data.resultData.runData[nodeName];
			if (!runs?.length) throw new Error(`Harness: node "${nodeName}" did not run`);
			return runs[runs.length - 1].data?.main?.[0] ?? [];
		},
		error(nodeName?: string) {
			if (!nodeName) return run.data.resultData.error as Error | undefined;
			const runs = run.data.resultData.runData[nodeName];
			return (runs?.[runs.length - 1]?.error as Error | undefined) ?? undefined;
		},
	};
}

/** Runs one of our nodes on the given items; the common case for action-node tests. */
export async function runNode(options: {
	credentials: HarnessCredentials;
	parameters: INodeParameters;
	input?: IDataObject[];
	continueOnFail?: boolean;
	type?: string;
}): Promise<{ items: INodeExecutionData[]; error?: Error; run: IRun }> {
	const result = await runWorkflow({
		credentials: options.credentials,
		input: options.input,
		nodes: [
			{
				name: 'Housecall Pro',
				type: options.type ?? 'housecallPro',
				parameters: options.parameters,
				continueOnFail: options.continueOnFail,
			},
		],
	});
	const error = result.error('Housecall Pro');
	const runs = result.run.data.resultData.runData['Housecall Pro'];
	const items = runs?.[runs.length - 1]?.data?.main?.[0] ?? [];
	return { items, error, run: result.run };
}

/**
 * A polling trigger that keeps its static data between polls, like an active workflow does.
 * `poll()` returns the items n8n would start a workflow with, or null.
 */
export class PollHarness {
	readonly workflow: Workflow;

	readonly node: INode;

	private readonly nodeType: INodeType;

	constructor(
		private readonly options: {
			credentials: HarnessCredentials;
			parameters: INodeParameters;
			type?: string;
			staticData?: IDataObject;
		},
	) {
		const nodeTypes = buildNodeTypes();
		this.node = toNode({ name: 'Housecall Pro Trigger', type: options.type ?? 'housecallProTrigger', parameters: options.parameters }, 0);
		this.workflow = new Workflow({
			id: 'harness-poll-workflow',
			name: 'Harness poll',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: options.staticData ?? {},
			settings: {},
		});
		this.nodeType = nodeTypes.getByNameAndVersion(this.node.type);
	}

	/** Static data of the trigger node, as n8n would persist it. */
	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[][] | null> {
		const hooks = new ExecutionLifecycleHooks(mode, randomUUID(), { id: this.workflow.id } as never);
		const additionalData = buildAdditionalData(this.options.credentials, hooks);
		const context = new PollContext(this.workflow, this.node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
		if (!this.nodeType.poll) throw new Error('Harness: node has no poll()');
		return await this.nodeType.poll.call(context);
	}
}

export interface WebhookCall {
	credentials?: HarnessCredentials;
	parameters: INodeParameters;
	headers: Record<string, string>;
	rawBody: Buffer | string;
	/** Parsed body as n8n's body parser would give it; defaults to JSON.parse of rawBody when it parses. */
	body?: unknown;
	method?: string;
	type?: string;
	/** Shared across calls to model one active workflow. */
	staticData?: IDataObject;
	/** `manual` is how n8n runs a request to the test URL ("Listen for test event"); default `webhook`. */
	mode?: 'webhook' | 'manual';
}

export interface WebhookCallResult {
	response: IWebhookResponseData;
	/** Status and body the node wrote itself through the response object, if it did. */
	sent?: { status: number; body: unknown; headers: Record<string, string> };
	/** Items for a workflow run, or undefined when the node started none. */
	workflowData?: INodeExecutionData[][];
	/** The node's webhook responseMode and responseData as n8n evaluates them for this node's parameters. */
	responseMode: unknown;
	responseData: unknown;
}

/** Calls the webhook trigger's webhook() with a request shaped like the one n8n hands it. */
export async function callWebhook(call: WebhookCall): Promise<WebhookCallResult> {
	const nodeTypes = buildNodeTypes();
	const node = toNode({ name: 'Housecall Pro Webhook', type: call.type ?? 'housecallProWebhookTrigger', parameters: call.parameters }, 0);
	node.webhookId = 'harness-webhook';
	const workflow = new Workflow({
		id: 'harness-webhook-workflow',
		name: 'Harness webhook',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: call.staticData ?? {},
		settings: {},
	});
	const rawBody = Buffer.isBuffer(call.rawBody) ? call.rawBody : Buffer.from(call.rawBody, 'utf8');
	let body = call.body;
	if (body === undefined) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			body = {};
		}
	}
	const headers = Object.fromEntries(Object.entries(call.headers).map(([key, value]) => [key.toLowerCase(), value]));
	const request = {
		method: call.method ?? 'POST',
		headers,
		body,
		rawBody,
		query: {},
		params: {},
		url: '/webhook/harness-webhook',
	};
	let sent: WebhookCallResult['sent'];
	const sentHeaders: Record<string, string> = {};
	const response = {
		statusCode: 200,
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		setHeader(name: string, value: string) {
			sentHeaders[name.toLowerCase()] = value;
			return this;
		},
		set(name: string, value: string) {
			sentHeaders[name.toLowerCase()] = value;
			return this;
		},
		json(payload: unknown) {
			sent = { status: this.statusCode, body: payload, headers: sentHeaders };
			return this;
		},
		send(payload: unknown) {
			sent = { status: this.statusCode, body: payload, headers: sentHeaders };
			return this;
		},
		end(payload?: unknown) {
			sent = { status: this.statusCode, body: payload, headers: sentHeaders };
			return this;
		},
	};
	const mode = call.mode ?? 'webhook';
	const hooks = new ExecutionLifecycleHooks(mode, randomUUID(), { id: workflow.id } as never);
	const additionalData = buildAdditionalData(call.credentials, hooks, {
		httpRequest: request as never,
		httpResponse: response as never,
	});
	const nodeType = nodeTypes.getByNameAndVersion(node.type);
	const webhookDescription = nodeType.description.webhooks?.[0];
	if (!webhookDescription) throw new Error('Harness: node describes no webhook');
	// As n8n 2.40.7's evaluateResponseOptions does (webhook-helpers.js), with the same fallbacks.
	const responseMode = workflow.expression.getSimpleParameterValue(node, webhookDescription.responseMode, mode, {}, undefined, 'onReceived');
	const responseData = workflow.expression.getComplexParameterValue(node, webhookDescription.responseData, mode, {}, undefined, 'firstEntryJson');
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'harness-webhook',
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as unknown as IWebhookData;
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	if (!nodeType.webhook) throw new Error('Harness: node has no webhook()');
	const result = await nodeType.webhook.call(context);
	return { response: result, sent, workflowData: result.workflowData, responseMode, responseData };
}

/** Calls a loadOptions / listSearch method of one of our nodes, as the editor would. */
export async function callLoadOptions(options: {
	credentials: HarnessCredentials;
	type?: string;
	parameters?: INodeParameters;
	kind: 'loadOptions' | 'listSearch';
	method: string;
	filter?: string;
	paginationToken?: string;
}): Promise<unknown> {
	const nodeTypes = buildNodeTypes();
	const node = toNode({ name: 'Housecall Pro', type: options.type ?? 'housecallPro', parameters: options.parameters ?? {} }, 0);
	const workflow = new Workflow({ id: 'harness-options', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { id: workflow.id } as never);
	const additionalData = buildAdditionalData(options.credentials, hooks, { currentNodeParameters: options.parameters ?? {} });
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	const nodeType = nodeTypes.getByNameAndVersion(node.type);
	const methods = nodeType.methods as
		| Record<string, Record<string, (this: unknown, ...args: unknown[]) => Promise<unknown>>>
		| undefined;
	const method = methods?.[options.kind]?.[options.method];
	if (!method) throw new Error(`Harness: no ${options.kind} method "${options.method}"`);
	return options.kind === 'listSearch'
		? await method.call(context, options.filter, options.paginationToken)
		: await method.call(context);
}
