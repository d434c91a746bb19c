import type { Operation } from '../types';

/** Webhook subscription, for partner apps */
export const webhookSubscriptionOperations: readonly Operation[] = [
	{
		key: 'webhookSubscription.create',
		resource: 'webhookSubscription',
		operation: 'create',
		displayName: 'Create',
		description:
			"Subscribe the company to this partner app's webhooks (the endpoint is the one registered for the app; no URL is sent). Partner apps only: with a company API key, paste the webhook URL in Housecall Pro under App Store > Webhooks instead",
		method: 'POST',
		path: '/webhooks/subscription',
		specOperationId: 'post-webhooks-subscribe',
		pathParams: [],
		partnerOnly: true,
		divergence:
			'partnerOnly although the spec lists no security for it: FIELD-NOTES say /webhooks/subscription exists for partner apps and takes no URL.',
	},
	{
		key: 'webhookSubscription.delete',
		resource: 'webhookSubscription',
		operation: 'delete',
		displayName: 'Delete',
		description:
			"Stop this partner app's webhooks for the company. Partner apps only: with a company API key, remove the webhook in Housecall Pro under App Store > Webhooks",
		method: 'DELETE',
		path: '/webhooks/subscription',
		specOperationId: 'delete-webhooks-subscribe',
		pathParams: [],
		partnerOnly: true,
		divergence:
			'partnerOnly although the spec lists no security for it: FIELD-NOTES say /webhooks/subscription exists for partner apps.',
	},
];
