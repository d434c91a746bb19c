import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TOLERANCE_SECONDS, EVENT_OPTIONS } from '../shared/webhook';

// Housecall Pro has no API that registers a webhook for a company key (FIELD-NOTES "Webhooks"),
// so the user does it by hand; these are the exact steps.
const SETUP_STEPS = [
	'Housecall Pro cannot register webhooks through its API, so connect it by hand:',
	'1. Activate this workflow first: Housecall Pro tests the URL when you save it, and this node answers that test without a secret.',
	'2. Copy the Production URL from Webhook URLs above.',
	'3. In Housecall Pro open App Store > Webhooks, paste the URL and save.',
	'4. Tick the same events you choose below (Employee Created is called pro.created there).',
	'5. Copy the signing secret Housecall Pro then shows into the Webhook Signing Secret field of the Housecall Pro API credential and save it. Until then deliveries are refused (HTTP 500) and start nothing.',
].join('<br>');

export const webhookTriggerProperties: INodeProperties[] = [
	{
		displayName: SETUP_STEPS,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: EVENT_OPTIONS,
		description:
			'Events that start the workflow; others are answered 200 and ignored. Tick the same ones in Housecall Pro.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'full',
		options: [
			{
				name: 'Full Event',
				value: 'full',
				description:
					'Event, occurred_at, company_id, object (its type) and record (the job, customer, estimate...)',
			},
			{
				name: 'Record Only',
				value: 'record',
				description: 'Only the record; the full event when the delivery carries no record',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 86400 },
				default: DEFAULT_TOLERANCE_SECONDS,
				description:
					'Deliveries whose Api-Timestamp is further than this from the clock of n8n are refused (401); repeats of one delivery within it start nothing',
			},
		],
	},
];
