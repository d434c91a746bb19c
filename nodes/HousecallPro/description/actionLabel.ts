import { plural } from '../contract';

/**
 * Action labels in n8n's own wording ("Create a customer", "Get many jobs", "Add a note to a
 * job"): the node panel lists them, the canvas subtitle shows them, and n8n builds a tool's
 * fallback name from them.
 */

/** Resources of which an account has exactly one: "the company", not "a company". */
const SINGLETONS = new Set(['application', 'company']);

/** Labels no pattern gives, by `<resource>.<operation>`. */
const OWN_LABELS: Readonly<Record<string, string>> = {
	'customer.find': 'Find customers',
	'customer.findOrCreate': 'Find or create a customer',
	'estimateOption.approveAndEnsureJob': 'Approve an estimate option and ensure its job',
	'customApiCall.call': 'Make an API call',
};

function article(noun: string): string {
	return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "Job Line Item" → "job line item". */
function noun(displayName: string): string {
	return displayName.toLowerCase();
}

export function actionLabel(resource: string, resourceName: string, operation: string, operationName: string): string {
	const own = OWN_LABELS[`${resource}.${operation}`];
	if (own) return own;
	const thing = noun(resourceName);
	const one = SINGLETONS.has(resource) ? `the ${thing}` : article(thing);
	const owner = SINGLETONS.has(resource) ? `the ${thing}'s` : `${article(thing)}'s`;
	const words = operationName.split(' ');
	const [verb, ...rest] = words;
	const object = noun(rest.join(' '));

	if (operationName === 'Get Many' || operationName === 'Lock Many') return `${verb} many ${plural(thing)}`;
	if (operationName === 'Bulk Update') return `Bulk update ${plural(thing)}`;
	if (!rest.length) return `${verb} ${one}`;
	if (verb === 'Add') return `Add ${article(object)} to ${one}`;
	if (verb === 'Remove') return `Remove ${article(object)} from ${one}`;
	if (verb === 'Delete' && object === 'note') return `Delete a note from ${one}`;
	// "Get Invoices", "Update Schedule", "Get Booking Windows": a part of the record.
	return `${verb} ${owner} ${lowerFirst(rest.join(' ').toLowerCase())}`;
}
