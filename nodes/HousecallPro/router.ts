import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findExecutor } from './operations/registry';

/**
 * The one item loop: runs the chosen operation per input item, pairs every output item with its
 * input, and owns continueOnFail. Errors keep HCP's field detail (built by the transport) and
 * carry the item index.
 */

/** The error as n8n shows it, with the item it came from. */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof Error) return new NodeOperationError(ctx.getNode(), error, { itemIndex });
	return new NodeApiError(ctx.getNode(), { message: String(error) } as JsonObject, { itemIndex });
}

/** The json of an error item under continueOnFail: message, HCP detail and the item. */
export function errorJson(error: NodeApiError | NodeOperationError, itemIndex: number): IDataObject {
	const json: IDataObject = { error: error.message, itemIndex };
	if (error.description) json.details = error.description;
	const httpCode = (error as { httpCode?: string | null }).httpCode;
	if (httpCode) json.httpCode = httpCode;
	return json;
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const execute = findExecutor(resource, operation);
			if (!execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, { itemIndex });
			}
			const results = this.helpers.constructExecutionMetaData(await execute(this, itemIndex), { itemData: { item: itemIndex } });
			// A loop, not push(...results): a Return All read can pass the engine's argument-count limit.
			for (const result of results) output.push(result);
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: errorJson(nodeError, itemIndex), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
