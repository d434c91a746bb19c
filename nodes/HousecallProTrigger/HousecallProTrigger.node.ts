import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollHousecallPro, triggerProperties } from './index';

export class HousecallProTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Housecall Pro Trigger',
		name: 'housecallProTrigger',
		icon: { light: 'file:../../icons/housecallpro.svg', dark: 'file:../../icons/housecallpro.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The editor's Docs link; codex links get utm parameters appended after the #anchor, which breaks it.
		documentationUrl: 'https://github.com/OWNER/n8n-nodes-housecall-pro#polling-trigger',
		subtitle: '={{$parameter["object"] + ": " + $parameter["event"]}}',
		description:
			'Starts the workflow when Housecall Pro records are created, updated or deleted, or jobs, invoices, estimate options and leads change status',
		defaults: { name: 'Housecall Pro Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'housecallProApi', required: true }],
		properties: triggerProperties(),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollHousecallPro(this);
	}
}
