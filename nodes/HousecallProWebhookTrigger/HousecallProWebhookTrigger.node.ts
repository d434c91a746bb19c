import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { webhookTriggerProperties } from './description';
import { EVENT_SUBTITLES } from './events';
import { RESPOND_WHEN_FINISHED } from './index';
import { receiveDelivery } from './receive';

export class HousecallProWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Housecall Pro Webhook Trigger',
		name: 'housecallProWebhookTrigger',
		icon: { light: 'file:../../icons/housecallpro.svg', dark: 'file:../../icons/housecallpro.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The editor's Docs link; codex links get utm parameters appended after the #anchor, which breaks it.
		documentationUrl: 'https://github.com/OWNER/n8n-nodes-housecall-pro#webhooks',
		// The chosen events' labels ("Job Completed, Invoice Paid"); a value the list lacks shows as saved.
		subtitle: `={{ ($parameter["events"] || []).map((event) => (${JSON.stringify(EVENT_SUBTITLES)})[event] || event).join(", ") }}`,
		description: 'Starts the workflow when Housecall Pro sends a signed webhook (jobs, customers, estimates, invoices, leads...)',
		defaults: { name: 'Housecall Pro Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'housecallProApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				// Options > Respond; a workflow saved before it existed has no value and answers on receipt.
				responseMode: `={{$parameter["options"]["respond"] === "${RESPOND_WHEN_FINISHED}" ? "lastNode" : "onReceived"}}`,
				// After the last node, answer 200 with no body: the last node may have no item (a Filter
				// that stopped a repeat), and Housecall Pro needs no workflow data.
				responseData: `={{$parameter["options"]["respond"] === "${RESPOND_WHEN_FINISHED}" ? "noData" : "firstEntryJson"}}`,
			},
		],
		properties: webhookTriggerProperties,
	};

	// Housecall Pro offers no API to register, look up or remove a webhook for a company key: the
	// user pastes the URL into Housecall Pro by hand (see the notice). So "exists" is always true
	// (n8n then never calls create), and activation and deactivation change nothing remotely.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
