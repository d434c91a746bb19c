import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollHousecallPro, triggerProperties, triggerSubtitles } from './index';

export class HousecallProTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Housecall Pro Trigger',
		name: 'housecallProTrigger',
		icon: { light: 'file:../../icons/housecallpro.svg', dark: 'file:../../icons/housecallpro.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The editor's Docs link; codex links get utm parameters appended after the #anchor, which breaks it.
		documentationUrl: 'https://github.com/OWNER/n8n-nodes-housecall-pro#polling-trigger',
		// "On new customer", "On job completed", not the raw values ("job: jobCompleted").
		subtitle: `={{ (${JSON.stringify(triggerSubtitles())})[$parameter["object"] + "." + $parameter["event"]] || $parameter["event"] }}`,
		// n8n 2.40.7's node panel shows one "Housecall Pro" entry for this trigger and the action node
		// (the trigger's name less "Trigger" is the action node's) and gives it this description, so it
		// says what both do, the actions first.
		description:
			'Work with Housecall Pro customers, jobs, estimates, leads, invoices, employees, schedules and the price book, or start a workflow when records are created, updated or deleted, or change status',
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
