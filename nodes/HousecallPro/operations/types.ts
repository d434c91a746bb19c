import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** Runs one operation for one input item; the router adds pairedItem and owns error handling. */
export type Executor = (ctx: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

/** An operation the table does not list: composite operations and the custom API call. */
export interface ExtraOperation {
	resource: string;
	operation: string;
	displayName: string;
	description: string;
	/** Fields of the operation, without displayOptions for resource/operation (the builder adds them). */
	properties: INodeProperties[];
	execute: Executor;
}

/** A table operation with a hand-written execute (multipart upload, HTML answer). */
export interface SpecialTableOperation {
	key: string;
	/** Fields added after the table's path parameters (the table's body fields are not shown). */
	properties: INodeProperties[];
	execute: Executor;
}
