import type { Operation } from '../types';
import { PARTNER_NOTE } from './fields';

/** Application, for partner apps */
export const applicationOperations: readonly Operation[] = [
	{
		key: 'application.get',
		resource: 'application',
		operation: 'get',
		displayName: 'Get',
		description: 'Get the state of this partner application for the company (enabled or not).' + PARTNER_NOTE,
		method: 'GET',
		path: '/application',
		specOperationId: 'get-applications',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},
	{
		key: 'application.enable',
		resource: 'application',
		operation: 'enable',
		displayName: 'Enable',
		description: 'Enable this partner application for the company.' + PARTNER_NOTE,
		method: 'POST',
		path: '/application/enable',
		specOperationId: 'post-application-enable',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},
	{
		key: 'application.disable',
		resource: 'application',
		operation: 'disable',
		displayName: 'Disable',
		description: 'Disable this partner application for the company.' + PARTNER_NOTE,
		method: 'POST',
		path: '/application/disable',
		specOperationId: 'post-application-disable',
		pathParams: [],
		object: 'application',
		partnerOnly: true,
	},
];
