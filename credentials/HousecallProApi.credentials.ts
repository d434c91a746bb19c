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
			description: 'Change only to reach Housecall Pro through a proxy or a test server',
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
