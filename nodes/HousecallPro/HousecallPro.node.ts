import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { actionLabels, buildProperties } from './description';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import { route } from './router';

export class HousecallPro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Housecall Pro',
		name: 'housecallPro',
		icon: { light: 'file:../../icons/housecallpro.svg', dark: 'file:../../icons/housecallpro.dark.svg' },
		group: ['transform'],
		version: 1,
		// The editor's Docs link; codex links get utm parameters appended after the #anchor, which breaks it.
		documentationUrl: 'https://github.com/OWNER/n8n-nodes-housecall-pro#operations',
		// The action's label ("Create a customer"), not the raw values ("create: customer").
		subtitle: `={{ (${JSON.stringify(actionLabels())})[$parameter["resource"] + "." + $parameter["operation"]] }}`,
		description:
			'Work with Housecall Pro customers, jobs, estimates, leads, invoices, employees, schedules and the price book. Money is in integer cents.',
		defaults: { name: 'Housecall Pro' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'housecallProApi', required: true }],
		properties: buildProperties(),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
