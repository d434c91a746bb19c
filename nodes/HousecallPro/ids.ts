import { getObject, OBJECTS } from '../shared/table';

/**
 * Where an id of each kind comes from. Errors say it in full (`steps`), tool descriptions in a few
 * words (`brief`: each word is paid for on every model call), so that a person or a model holding a
 * wrong or missing id knows which operation gives the right one. Objects not listed here are found
 * with their list operation, or on the record they belong to.
 */
const ID_SOURCES: Readonly<Record<string, { steps: string; brief: string }>> = {
	customer: {
		steps: 'find it with Customer > Find (by phone, email or name) or Customer > Get Many',
		brief: 'Customer > Find',
	},
	address: {
		steps: "take it from the customer's addresses (Customer > Find or Customer > Get), or add one with Customer Address > Create",
		brief: "the customer's addresses",
	},
	employee: { steps: 'list employees with Employee > Get Many', brief: 'Employee > Get Many' },
	estimateOption: { steps: "take it from the estimate's options (Estimate > Get)", brief: "the estimate's options" },
};

function sourceOf(object: string): { steps: string; brief: string } {
	const known = ID_SOURCES[object];
	if (known) return known;
	const spec = getObject(object);
	return spec.listOperation
		? { steps: `list them with ${spec.displayName} > Get Many`, brief: `${spec.displayName} > Get Many` }
		: { steps: `take it from the ${spec.displayName.toLowerCase()}'s parent record`, brief: `its ${spec.displayName.toLowerCase()} list` };
}

export function whereToFindId(object: string): string {
	return sourceOf(object).steps;
}

export function idSource(object: string): string {
	return sourceOf(object).brief;
}

/** The object a parameter label such as "Customer ID" or "Estimate Option ID" names, if any. */
export function objectOfIdLabel(label: string): string | undefined {
	const match = /^(.*) (ID|UUID)$/.exec(label.trim());
	if (!match) return undefined;
	return OBJECTS.find((object) => object.displayName.toLowerCase() === match[1].toLowerCase())?.name;
}
