/**
 * The credential keeps the API key with Housecall Pro: n8n 2.40.7 lets an HTTP Request node (or
 * an agent's HTTP tool) use any credential that authenticates, restricted by two fields it injects
 * with "all domains" as default. Ours defines those fields itself, defaulting to HCP's API host.
 * Read here with n8n-workflow's own functions, as the HTTP Request node reads them.
 */
import { NodeHelpers, getCredentialAllowedDomains, injectDomainRestrictionFields, isDomainAllowed } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { ALLOWED_DOMAINS_DEFAULT, HousecallProApi } from '../../credentials/HousecallProApi.credentials';

const credential = new HousecallProApi();
const node = { id: 'n', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4, position: [0, 0], parameters: {} } as INode;

/** The credential's data as n8n fills it: what the user typed, defaults for the rest. */
function withDefaults(typed: Record<string, string>): ICredentialDataDecryptedObject {
	const properties = injectDomainRestrictionFields(credential);
	return NodeHelpers.getNodeParameters(properties, typed, true, false, null, null) as ICredentialDataDecryptedObject;
}

describe('Allowed HTTP Request Domains', () => {
	it("replaces n8n's injected fields instead of getting a second, permissive pair", () => {
		const properties = injectDomainRestrictionFields(credential);
		expect(properties.filter((property) => property.name === 'allowedHttpRequestDomains')).toHaveLength(1);
		expect(properties.filter((property) => property.name === 'allowedDomains')).toHaveLength(1);
	});

	it('by default lets an HTTP Request node reach api.housecallpro.com and nothing else', () => {
		const data = withDefaults({ apiKey: 'k' });
		expect(data.allowedHttpRequestDomains).toBe('domains');
		const allowed = getCredentialAllowedDomains({ node, credentialData: data }) ?? '';
		expect(allowed).toBe(ALLOWED_DOMAINS_DEFAULT);
		expect(isDomainAllowed({ url: 'https://api.housecallpro.com/customers', allowedDomains: allowed })).toBe(true);
		expect(isDomainAllowed({ url: 'https://attacker.example/collect', allowedDomains: allowed })).toBe(false);
		expect(isDomainAllowed({ url: 'https://api.housecallpro.com.attacker.example/', allowedDomains: allowed })).toBe(false);
	});

	it('keeps what the user chose', () => {
		const widened = withDefaults({ apiKey: 'k', allowedDomains: 'api.housecallpro.com, 127.0.0.1' });
		expect(isDomainAllowed({ url: 'http://127.0.0.1:7480/customers', allowedDomains: getCredentialAllowedDomains({ node, credentialData: widened }) ?? '' })).toBe(true);
		const all = withDefaults({ apiKey: 'k', allowedHttpRequestDomains: 'all' });
		expect(getCredentialAllowedDomains({ node, credentialData: all })).toBeUndefined();
		const none = withDefaults({ apiKey: 'k', allowedHttpRequestDomains: 'none' });
		expect(() => getCredentialAllowedDomains({ node, credentialData: none })).toThrow(/prevent use/);
	});
});
