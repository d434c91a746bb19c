/**
 * A minimal node that sends one request through our transport, so the transport and the harness can
 * be tested through n8n-core before (and independently of) the real nodes.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { hcpRequest, readList } from '../../nodes/shared/transport';
import type { HttpMethod, ListSpec } from '../../nodes/shared/table/types';

export const PROBE_TYPE = 'harness.transportProbe';

export class TransportProbe implements INodeType {
	description = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends one request through the Housecall Pro transport',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'housecallProApi', required: true }],
		// The engine keeps only declared parameters; the probe takes structured ones as JSON.
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
			{ displayName: 'Query', name: 'query', type: 'json', default: '{}' },
			{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			{ displayName: 'List', name: 'list', type: 'json', default: '' },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 0 },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 0 },
			// `label`: readList's mapRow turns each row into `{label: "row <id>"}`, without the id.
			{ displayName: 'Map Rows', name: 'mapRows', type: 'string', default: '' },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const method = this.getNodeParameter('method', i, 'GET') as HttpMethod;
			const path = this.getNodeParameter('path', i) as string;
			const json = (name: string) => {
				const value = this.getNodeParameter(name, i, '') as unknown;
				if (value === '' || value === undefined) return undefined;
				return typeof value === 'string' ? JSON.parse(value) : value;
			};
			const query = (json('query') ?? {}) as IDataObject;
			const body = json('body') as IDataObject | undefined;
			const list = json('list') as ListSpec | undefined;
			const fast = { wait: async () => undefined };
			if (list) {
				const limit = (this.getNodeParameter('limit', i, 0) as number) || undefined;
				const concurrency = (this.getNodeParameter('concurrency', i, 0) as number) || undefined;
				const mapRow = this.getNodeParameter('mapRows', i, '') === 'label' ? (row: IDataObject) => ({ label: `row ${String(row.id)}` }) : undefined;
				const rows = await readList(this, path, list, query as never, { limit, concurrency, itemIndex: i, mapRow, ...fast });
				out.push(...rows.map((json) => ({ json, pairedItem: { item: i } })));
			} else {
				const answer = await hcpRequest<IDataObject>(this, { method, path, query: query as never, body }, { itemIndex: i, ...fast });
				out.push({ json: answer, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
