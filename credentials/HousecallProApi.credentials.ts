import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export const UNAUTHORIZED_HINT =
	'Housecall Pro refused the API key. Likely causes: the account is not on the MAX (or XL) plan, the key was revoked or mistyped, or a Company ID was set for a key that does not serve several locations.';

/** Housecall Pro's API host: where an HTTP Request node may send the key unless the user widens it. */
export const ALLOWED_DOMAINS_DEFAULT = 'api.housecallpro.com';

export class HousecallProApi implements ICredentialType {
	name = 'housecallProApi';

	displayName = 'Housecall Pro API';

	icon: Icon = { light: 'file:../icons/housecallpro.svg', dark: 'file:../icons/housecallpro.dark.svg' };

	documentationUrl = 'https://docs.housecallpro.com/docs/housecall-public-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Company API key from Housecall Pro: App Store > API Key Management (MAX plan). Sent as "Authorization: Token &lt;key&gt;".',
		},
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			description:
				'Only for multi-location accounts: the location UUID to act on, sent as X-Company-Id. Leave empty for a plain company key: Housecall Pro answers 401 to every request when this is set for a key that does not serve several locations.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Housecall Pro Webhook Trigger: the signing secret Housecall Pro shows under App Store > Webhooks after you save the webhook URL.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.housecallpro.com',
			description:
				'Change only to reach Housecall Pro through a proxy or a test server. Add its host to Allowed Domains below if an HTTP Request node should use this credential there.',
		},
		// n8n's own field names and values (n8n-workflow's credential domain restrictions): defining them
		// here replaces the injected pair, whose default lets an HTTP Request node send the key anywhere.
		{
			displayName: 'Allowed HTTP Request Domains',
			name: 'allowedHttpRequestDomains',
			type: 'options',
			options: [
				{
					name: 'All',
					value: 'all',
					description: 'An HTTP Request or GraphQL node may send this API key to any host',
				},
				{
					name: 'Specific Domains',
					value: 'domains',
					description: 'Only to the hosts listed in Allowed Domains',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Never in an HTTP Request or GraphQL node',
				},
			],
			default: 'domains',
			description:
				'Where an HTTP Request or GraphQL node (or an AI agent using one) may send this API key. The Housecall Pro nodes always use the Base URL and are not affected.',
		},
		{
			displayName: 'Allowed Domains',
			name: 'allowedDomains',
			type: 'string',
			default: ALLOWED_DOMAINS_DEFAULT,
			placeholder: 'api.housecallpro.com, proxy.example.com',
			description: 'Comma-separated host names (a leading *. matches subdomains only)',
			displayOptions: { show: { allowedHttpRequestDomains: ['domains'] } },
		},
	];

	// A function rather than generic header templates: X-Company-Id must be absent, not empty, when unset.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = {
			...(requestOptions.headers as Record<string, string> | undefined),
			Authorization: `Token ${String(credentials.apiKey ?? '').trim()}`,
		};
		const companyId = String(credentials.companyId ?? '').trim();
		if (companyId) headers['X-Company-Id'] = companyId;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl || "https://api.housecallpro.com").replace(/\\/+$/, "")}}',
			url: '/company',
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: UNAUTHORIZED_HINT } },
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Housecall Pro answered 403: the key cannot reach this company or location.',
				},
			},
		],
	};
}
