import type { IHookFunctions, INodeProperties } from 'n8n-workflow';

import { HousecallProWebhookTrigger } from '../../nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node';
import { WEBHOOK_EVENTS } from '../../nodes/shared/table';

const node = new HousecallProWebhookTrigger();
const property = (name: string) => node.description.properties.find((p) => p.name === name) as INodeProperties;

describe('Housecall Pro Webhook Trigger description', () => {
	it('is a POST webhook trigger whose answer follows Options > Respond', () => {
		expect(node.description.name).toBe('housecallProWebhookTrigger');
		expect(node.description.group).toEqual(['trigger']);
		expect(node.description.inputs).toEqual([]);
		expect(node.description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				responseMode: '={{$parameter["options"]["respond"] === "whenWorkflowFinishes" ? "lastNode" : "onReceived"}}',
				responseData: '={{$parameter["options"]["respond"] === "whenWorkflowFinishes" ? "noData" : "firstEntryJson"}}',
			},
		]);
		expect(node.description.credentials).toEqual([{ name: 'housecallProApi', required: true }]);
	});

	it('offers the events of the table', () => {
		const values = (property('events').options ?? []).map((option) => (option as { value: string }).value);
		for (const event of WEBHOOK_EVENTS) expect(values).toContain(event.name);
		expect(values).toContain('*');
	});

	it('tells where to paste the URL and where the secret goes', () => {
		const notice = property('setupNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('App Store > Webhooks');
		expect(notice.displayName).toContain('Production URL');
		expect(notice.displayName).toContain('Webhook Signing Secret');
		expect(notice.displayName).toContain('pro.created');
	});

	it('offers Max Delivery Age in hours, 72 by default, 1 to 720, and no tolerance in seconds', () => {
		const options = property('options').options as INodeProperties[];
		expect(options.map((option) => option.name)).toEqual(['maxAgeHours', 'respond']);
		expect(options[0]).toMatchObject({ displayName: 'Max Delivery Age (Hours)', type: 'number', default: 72, typeOptions: { minValue: 1, maxValue: 720 } });
	});

	it('says why the window is long and how to get exactly once, in the notice and the Output field', () => {
		const notice = property('setupNotice').displayName;
		expect(notice).toContain('72 h');
		expect(notice).toContain('Remove Duplicates');
		expect(notice).toContain('delivery_id');
		// An expression in a notice's text would be shown raw or evaluated; neither helps.
		expect(notice).not.toContain('{{');
		const outputs = property('output').options as Array<{ value: string; description: string }>;
		expect(outputs.find((option) => option.value === 'full')!.description).toContain('delivery_id');
		expect(outputs.find((option) => option.value === 'record')!.description).toMatch(/exactly once.*Full Event/);
	});

	it('has lifecycle methods that touch nothing and report the webhook as set up by hand', async () => {
		const hooks = {} as IHookFunctions;
		const { checkExists, create, delete: remove } = node.webhookMethods.default;
		await expect(checkExists.call(hooks)).resolves.toBe(true);
		await expect(create.call(hooks)).resolves.toBe(true);
		await expect(remove.call(hooks)).resolves.toBe(true);
	});
});
