// A scripted stand-in for an OpenAI-compatible chat model, on 127.0.0.1. n8n's OpenAI Chat Model
// node calls `<credential url>` through LangChain's ChatOpenAI: version 1.3 (the editor's default)
// with "Use Responses API" on (its default) sends `POST /responses`; versions up to 1.2, or 1.3 with
// it off, send `POST /chat/completions`. Both are served, non-streaming and streaming. Each
// scenario is code: a function of the conversation so far (messages, tool results) that answers
// with tool calls or a final text, the way a model would play it. Both APIs' requests are read into
// one chat-completions form for the scripts. Every request is recorded, with the `tools` it carried.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolDefinition {
	type: 'function';
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
}

/** One tool call the model made and the text n8n sent back as its result. */
export interface ToolExchange {
	tool: string;
	args: Record<string, unknown>;
	/** The tool message's content, as the model received it. */
	result: string;
	/** `result` parsed as JSON when it is JSON, else undefined. */
	json: unknown;
}

export interface Conversation {
	/** The first user message (the chat input). */
	userText: string;
	messages: ChatMessage[];
	tools: ToolDefinition[];
	/** Every tool call made so far with its result, oldest first. */
	exchanges: ToolExchange[];
	/** The latest result of `tool` (throws when there is none: the script is wrong). */
	lastResult(tool: string): ToolExchange;
	/** How many model turns this conversation has had before this one. */
	turn: number;
}

export type ModelReply = { text: string } | { toolCalls: Array<{ tool: string; args: Record<string, unknown> }> };

export type Script = (conversation: Conversation) => ModelReply;

export interface RecordedRequest {
	/** `/chat/completions` or `/responses`; messages and tools are in chat-completions form either way. */
	path: string;
	userText: string;
	stream: boolean;
	model: string;
	tools: ToolDefinition[];
	messages: ChatMessage[];
	reply: ModelReply | { error: string };
}

export interface ScriptedModel {
	/** Base URL to put in the `openAiApi` credential's `url` field, e.g. `http://127.0.0.1:4242/v1`. */
	url: string;
	apiKey: string;
	/** Plays `script` for every conversation whose first user message is `userText`. */
	script(userText: string, script: Script): void;
	requests: RecordedRequest[];
	/** Requests of the conversation that began with `userText`, in order. */
	conversation(userText: string): RecordedRequest[];
	/** The tool calls and results of that conversation, as its last request carried them. */
	exchanges(userText: string): ToolExchange[];
	/** Scripts that failed (unknown tool, no script for a message, a throw): every one is a test failure. */
	problems: string[];
	close(): Promise<void>;
}

function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** Pairs each assistant tool call with the tool message that answers it. */
export function exchangesOf(messages: ChatMessage[]): ToolExchange[] {
	const results = new Map(messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, textOf(message.content)]));
	const exchanges: ToolExchange[] = [];
	for (const message of messages) {
		for (const call of message.tool_calls ?? []) {
			const result = results.get(call.id);
			if (result === undefined) continue;
			exchanges.push({ tool: call.function.name, args: (parseJson(call.function.arguments) ?? {}) as Record<string, unknown>, result, json: parseJson(result) });
		}
	}
	return exchanges;
}

interface ResponsesInputItem {
	type?: string;
	role?: string;
	content?: string | Array<{ type: string; text?: string }>;
	call_id?: string;
	name?: string;
	arguments?: string;
	output?: string | Array<{ type: string; text?: string }>;
}

interface ResponsesBody {
	model?: string;
	stream?: boolean;
	instructions?: string;
	input?: string | ResponsesInputItem[];
	tools?: Array<{ type: string; name?: string; description?: string; parameters?: Record<string, unknown> }>;
}

/** A Responses API request read as chat-completions messages and tools. */
export function fromResponsesRequest(body: ResponsesBody): { messages: ChatMessage[]; tools: ToolDefinition[] } {
	const messages: ChatMessage[] = [];
	if (body.instructions) messages.push({ role: 'system', content: body.instructions });
	const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
	for (const item of input) {
		if (item.type === 'function_call') {
			const call: ToolCall = { id: item.call_id ?? '', type: 'function', function: { name: item.name ?? '', arguments: item.arguments ?? '{}' } };
			const last = messages.at(-1);
			// Parallel calls arrive as consecutive items; chat completions puts them on one message.
			if (last?.role === 'assistant' && last.tool_calls && !textOf(last.content)) last.tool_calls.push(call);
			else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
		} else if (item.type === 'function_call_output') {
			messages.push({ role: 'tool', tool_call_id: item.call_id, content: typeof item.output === 'string' ? item.output : textOf(item.output ?? []) });
		} else if (item.role) {
			messages.push({ role: item.role as ChatMessage['role'], content: typeof item.content === 'string' ? item.content : textOf(item.content ?? []) });
		}
	}
	const tools = (body.tools ?? [])
		.filter((tool) => tool.type === 'function')
		.map((tool): ToolDefinition => ({ type: 'function', function: { name: tool.name ?? '', description: tool.description, parameters: tool.parameters } }));
	return { messages, tools };
}

function responsesOutput(reply: ModelReply, toolCalls: ToolCall[]): unknown[] {
	if ('text' in reply) {
		return [
			{
				type: 'message',
				id: `msg_${crypto.randomBytes(8).toString('hex')}`,
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'output_text', text: reply.text, annotations: [] }],
			},
		];
	}
	return toolCalls.map((call) => ({
		type: 'function_call',
		id: `fc_${crypto.randomBytes(8).toString('hex')}`,
		call_id: call.id,
		name: call.function.name,
		arguments: call.function.arguments,
		status: 'completed',
	}));
}

function responsesBody(model: string, reply: ModelReply, toolCalls: ToolCall[]) {
	return {
		id: `resp_${crypto.randomBytes(8).toString('hex')}`,
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model,
		output: responsesOutput(reply, toolCalls),
		parallel_tool_calls: true,
		tool_choice: 'auto',
		tools: [],
		usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
	};
}

/** The Responses API's event stream for the same answer. */
function responsesEvents(model: string, reply: ModelReply, toolCalls: ToolCall[]): Array<{ type: string; [key: string]: unknown }> {
	const response = responsesBody(model, reply, toolCalls);
	const events: Array<{ type: string; [key: string]: unknown }> = [{ type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }];
	(response.output as Array<Record<string, unknown>>).forEach((item, index) => {
		events.push({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress' } });
		if (item.type === 'message') {
			const text = (item.content as Array<{ text: string }>)[0].text;
			events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta: text });
			events.push({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text });
		} else {
			events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta: item.arguments });
			events.push({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, arguments: item.arguments });
		}
		events.push({ type: 'response.output_item.done', output_index: index, item });
	});
	events.push({ type: 'response.completed', response });
	return events.map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

function completion(model: string, reply: ModelReply, toolCalls: ToolCall[]) {
	const message =
		'text' in reply ? { role: 'assistant', content: reply.text } : { role: 'assistant', content: null, tool_calls: toolCalls };
	return {
		id: `chatcmpl-${crypto.randomBytes(8).toString('hex')}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: 'text' in reply ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent chunks, as the API streams it. */
function streamChunks(model: string, reply: ModelReply, toolCalls: ToolCall[]): unknown[] {
	const base = { id: `chatcmpl-${crypto.randomBytes(8).toString('hex')}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
	const delta =
		'text' in reply
			? { role: 'assistant', content: reply.text }
			: { role: 'assistant', content: null, tool_calls: toolCalls.map((call, index) => ({ index, ...call })) };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'text' in reply ? 'stop' : 'tool_calls' }] },
		{ ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } },
	];
}

export async function startScriptedModel(options: { apiKey?: string } = {}): Promise<ScriptedModel> {
	const apiKey = options.apiKey ?? `sk-scripted-${crypto.randomBytes(8).toString('hex')}`;
	const scripts = new Map<string, Script>();
	const requests: RecordedRequest[] = [];
	const problems: string[] = [];

	const play = (messages: ChatMessage[], tools: ToolDefinition[]): { userText: string; reply: ModelReply | { error: string } } => {
		const userText = textOf(messages.find((message) => message.role === 'user')?.content ?? '');
		const script = scripts.get(userText);
		if (!script) return { userText, reply: { error: `no script for the user message ${JSON.stringify(userText)}` } };
		const exchanges = exchangesOf(messages);
		const conversation: Conversation = {
			userText,
			messages,
			tools,
			exchanges,
			turn: messages.filter((message) => message.role === 'assistant').length,
			lastResult: (tool) => {
				const found = [...exchanges].reverse().find((exchange) => exchange.tool === tool);
				if (!found) throw new Error(`the script reads a result of ${tool}, which was not called yet`);
				return found;
			},
		};
		try {
			const reply = script(conversation);
			if ('toolCalls' in reply) {
				const names = tools.map((tool) => tool.function.name);
				const unknown = reply.toolCalls.filter((call) => !names.includes(call.tool));
				if (unknown.length) return { userText, reply: { error: `the script called ${unknown.map((call) => call.tool).join(', ')}, not among the tools sent: ${names.join(', ')}` } };
			}
			return { userText, reply };
		} catch (error) {
			return { userText, reply: { error: `the script threw: ${(error as Error).message}` } };
		}
	};

	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const send = (status: number, json: unknown) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(json));
			};
			const route = (request.url ?? '').split('?')[0].replace(/^\/v1/, '');
			if (request.headers.authorization !== `Bearer ${apiKey}`) {
				send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
				return;
			}
			if (request.method === 'GET' && route === '/models') {
				send(200, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model', created: 0, owned_by: 'scripted' }] });
				return;
			}
			const responsesApi = route === '/responses';
			if (request.method !== 'POST' || (route !== '/chat/completions' && !responsesApi)) {
				problems.push(`unexpected request ${request.method ?? ''} ${request.url ?? ''}`);
				send(404, { error: { message: `scripted model serves POST /chat/completions and /responses, not ${request.method ?? ''} ${route}` } });
				return;
			}
			const raw = (parseJson(Buffer.concat(chunks).toString('utf8')) ?? {}) as { model?: string; stream?: boolean; messages?: ChatMessage[]; tools?: ToolDefinition[] };
			const { messages, tools } = responsesApi ? fromResponsesRequest(raw as ResponsesBody) : { messages: raw.messages ?? [], tools: raw.tools ?? [] };
			const { userText, reply } = play(messages, tools);
			const model = raw.model ?? 'scripted';
			requests.push({ path: route, userText, stream: raw.stream === true, model, tools, messages, reply });
			if ('error' in reply) {
				problems.push(reply.error);
				// A 400 is not retried by the client, so the failure shows at once in the execution.
				send(400, { error: { message: `scripted model: ${reply.error}`, type: 'invalid_request_error' } });
				return;
			}
			const toolCalls: ToolCall[] =
				'toolCalls' in reply
					? reply.toolCalls.map((call) => ({
							id: `call_${crypto.randomBytes(6).toString('hex')}`,
							type: 'function',
							function: { name: call.tool, arguments: JSON.stringify(call.args) },
						}))
					: [];
			if (responsesApi && raw.stream) {
				response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				for (const event of responsesEvents(model, reply, toolCalls)) response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
				response.end();
				return;
			}
			if (responsesApi) {
				send(200, responsesBody(model, reply, toolCalls));
				return;
			}
			if (raw.stream) {
				response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				for (const chunk of streamChunks(model, reply, toolCalls)) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
				response.end('data: [DONE]\n\n');
				return;
			}
			send(200, completion(model, reply, toolCalls));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/v1`,
		apiKey,
		script: (userText, script) => {
			scripts.set(userText, script);
		},
		requests,
		conversation: (userText) => requests.filter((request) => request.userText === userText),
		exchanges: (userText) => {
			const last = requests.filter((request) => request.userText === userText).at(-1);
			return last ? exchangesOf(last.messages) : [];
		},
		problems,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
