import { getObject, OBJECTS } from '../shared/table';

/**
 * Where an id of each kind comes from. Errors and tool descriptions both say it, so that a person
 * or a model holding a wrong or missing id knows which operation gives the right one.
 */
export function whereToFindId(object: string): string {
	switch (object) {
		case 'customer':
			return 'find it with Customer > Find (by phone, email or name) or Customer > Get Many';
		case 'address':
			return "take it from the customer's addresses (Customer > Find or Customer > Get), or add one with Customer Address > Create";
		case 'employee':
			return 'list employees with Employee > Get Many';
		case 'estimateOption':
			return "take it from the estimate's options (Estimate > Get)";
		default: {
			const spec = getObject(object);
			return spec.listOperation
				? `list them with ${spec.displayName} > Get Many`
				: `take it from the ${spec.displayName.toLowerCase()}'s parent record`;
		}
	}
}

/** The same, in a few words, for tool descriptions (each word is paid for on every model call). */
export function idSource(object: string): string {
	switch (object) {
		case 'customer':
			return 'Customer > Find';
		case 'address':
			return "the customer's addresses";
		case 'estimateOption':
			return "the estimate's options";
		default: {
			const spec = getObject(object);
			return spec.listOperation ? `${spec.displayName} > Get Many` : `its ${spec.displayName.toLowerCase()} list`;
		}
	}
}

/** The object a parameter label such as "Customer ID" or "Estimate Option ID" names, if any. */
export function objectOfIdLabel(label: string): string | undefined {
	const match = /^(.*) (ID|UUID)$/.exec(label.trim());
	if (!match) return undefined;
	return OBJECTS.find((object) => object.displayName.toLowerCase() === match[1].toLowerCase())?.name;
}
