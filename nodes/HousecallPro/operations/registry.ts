import { OPERATIONS } from '../../shared/table';
import type { Operation } from '../../shared/table/types';
import { approveAndEnsureJob } from './approveAndEnsureJob';
import { estimateOptionAddAttachment, jobAddAttachment } from './attachment';
import { customApiCall } from './customApiCall';
import { findCustomer } from './findCustomer';
import { findOrCreateCustomer } from './findOrCreateCustomer';
import { toItems } from './common';
import { executeTableOperation } from './generic';
import { invoicePreview } from './invoicePreview';
import type { Executor, ExtraOperation, SpecialTableOperation } from './types';

/** Table operations with a hand-written execute; every other table operation runs generically. */
export const SPECIAL_TABLE_OPERATIONS: ReadonlyMap<string, SpecialTableOperation> = new Map(
	[jobAddAttachment, estimateOptionAddAttachment, invoicePreview].map((special) => [special.key, special]),
);

/** Operations that are not in the table. */
export const EXTRA_OPERATIONS: readonly ExtraOperation[] = [findCustomer, findOrCreateCustomer, approveAndEnsureJob, customApiCall];

const executors = new Map<string, Executor>();
for (const operation of OPERATIONS) {
	const special = SPECIAL_TABLE_OPERATIONS.get(operation.key);
	executors.set(
		`${operation.resource}.${operation.operation}`,
		special ? special.execute : async (ctx, itemIndex) => toItems(await executeTableOperation(ctx, itemIndex, operation as Operation)),
	);
}
for (const extra of EXTRA_OPERATIONS) executors.set(`${extra.resource}.${extra.operation}`, extra.execute);

export function findExecutor(resource: string, operation: string): Executor | undefined {
	return executors.get(`${resource}.${operation}`);
}
