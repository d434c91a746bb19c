import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_AGE_HOURS,
	EVENT_OPTIONS,
	MAX_MAX_AGE_HOURS,
	MIN_MAX_AGE_HOURS,
	RESPOND_IMMEDIATELY,
	RESPOND_WHEN_FINISHED,
} from './index';

// Housecall Pro has no API that registers a webhook for a company key (FIELD-NOTES "Webhooks"),
// so the user does it by hand; these are the exact steps. n8n's notice keeps only <a>, <ul> and
// <li> (N8nNotice in n8n 2.40.7): <br> is dropped and the steps would run together.
const SETUP_STEPS = [
	'Activate this workflow first: Housecall Pro tests the URL when you save it, and this node answers that test without a secret.',
	'Copy the Production URL from Webhook URLs above.',
	'In Housecall Pro open App Store > Webhooks, paste the URL and save.',
	'Tick the same events you choose below (Employee Created is called pro.created there).',
	'Copy the signing secret Housecall Pro then shows into the Webhook Signing Secret field of the Housecall Pro API credential and save it. Until then deliveries are refused (HTTP 500) and start nothing.',
];

// Why the window is long and where exactly-once comes from (README, "Retries, replays and exactly once").
const DELIVERY_RULE = `Deliveries are accepted up to Max Delivery Age (default ${DEFAULT_MAX_AGE_HOURS} h) after their Api-Timestamp: Housecall Pro may retry with the first timestamp, so a short window would lose what came while n8n was down. A replay can only repeat a genuine delivery, and each starts once per n8n process. For exactly once across restarts, follow this node with Remove Duplicates on the field delivery_id (example 08, README); in queue mode, set Respond to When the Workflow Finishes and claim delivery_id in a database (example 10), so a run lost with its worker is sent again.`;

const SETUP_NOTICE = `Housecall Pro cannot register webhooks through its API, so connect it by hand:<ul>${SETUP_STEPS.map(
	(step, index) => `<li>${index + 1}. ${step}</li>`,
).join('')}</ul>${DELIVERY_RULE}`;

export const webhookTriggerProperties: INodeProperties[] = [
	{
		displayName: SETUP_NOTICE,
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
					'The delivery_id (the same for every retry of one delivery), event, occurred_at, company_id, object (its type) and record (the job, customer, estimate...)',
			},
			{
				name: 'Record Only',
				value: 'record',
				description:
					'Only the record, as sent; the full event when the delivery carries no record. Without delivery_id, repeats cannot be removed after a restart: for exactly once across restarts or several n8n processes use Full Event.',
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
				displayName: 'Max Delivery Age (Hours)',
				name: 'maxAgeHours',
				type: 'number',
				typeOptions: { minValue: MIN_MAX_AGE_HOURS, maxValue: MAX_MAX_AGE_HOURS },
				default: DEFAULT_MAX_AGE_HOURS,
				description:
					'Deliveries whose Api-Timestamp is older than this are refused (401), as are timestamps more than 5 minutes ahead. Keep it longer than n8n may be down: Housecall Pro may retry with the first timestamp. Repeats of one delivery within it start nothing.',
			},
			{
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				default: RESPOND_IMMEDIATELY,
				options: [
					{
						name: 'Immediately',
						value: RESPOND_IMMEDIATELY,
						description:
							'Answer 200 as soon as the delivery is verified. If the run then fails or its worker dies, Housecall Pro does not send it again.',
					},
					{
						name: 'When the Workflow Finishes',
						value: RESPOND_WHEN_FINISHED,
						description:
							'Answer 200 (empty body) after the last node, 500 if the run fails, so Housecall Pro sends a failed delivery again. Repeats are then not filtered here: use the claim of example 10. Keep the workflow short: Housecall Pro expects a fast answer.',
					},
				],
				description: 'When Housecall Pro gets its answer, and so whether a failed run is sent again',
			},
		],
	},
];
