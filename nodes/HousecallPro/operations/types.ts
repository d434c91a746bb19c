import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Runs one operation for one input item; the router adds pairedItem and owns error handling. */
export type Executor = (ctx: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

/**
 * An operation the table does not list: composite operations and the custom API call. Its fields
 * are in description/extraOperations.ts under the same resource and operation.
 */
export interface ExtraOperation {
	resource: string;
	operation: string;
	execute: Executor;
}

/** A table operation with a hand-written execute (multipart upload, HTML answer). */
export interface SpecialTableOperation {
	key: string;
	execute: Executor;
}
