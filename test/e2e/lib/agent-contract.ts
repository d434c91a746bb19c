// What the agent-facing side of the node promises (issue 14), in one place so the e2e suites assert
// the same thing and a change of contract is one edit here. Each check names the part of the
// contract it holds the node to.
import type { ToolDefinition } from './scripted-model';

/** Customer > Find: find-only lookup by phone (any format), email or name; never creates. */
export const CUSTOMER_FIND = {
	resource: 'customer',
	operation: 'find',
	/** Fallbacks for the fields while the built node lacks the operation (display name, type). */
	fields: {
		phone: { displayName: 'Phone', type: 'string' },
		email: { displayName: 'Email', type: 'string' },
		name: { displayName: 'Name', type: 'string' },
	},
} as const;

/** n8n's fallback tool description when a node says nothing: "<action> in Housecall Pro". */
export function isFallbackDescription(description: string | undefined): boolean {
	return !description || /^[^.]{0,60} in Housecall Pro$/.test(description.trim());
}

/**
 * Tool descriptions are specific: not n8n's fallback, and long enough to say what the tool does
 * and which ids it takes. Returns the tools that fail, with their descriptions, for the message.
 */
export function toolsWithoutSpecificDescription(tools: Array<{ name: string; description?: string }>): Array<{ name: string; description: string }> {
	return tools
		.filter((tool) => isFallbackDescription(tool.description) || (tool.description ?? '').length < 60)
		.map((tool) => ({ name: tool.name, description: tool.description ?? '' }));
}

export function chatTools(tools: ToolDefinition[]): Array<{ name: string; description?: string }> {
	return tools.map((tool) => ({ name: tool.function.name, description: tool.function.description }));
}

/**
 * The tool variant's answer when nothing matched: one item with `matched: false`, a `message` that
 * names what was searched, and a `hint` with the next step (not an empty `[]`).
 */
export function expectNothingMatched(result: unknown, searched: string): void {
	const items = Array.isArray(result) ? result : [result];
	expect(items).toHaveLength(1);
	const item = items[0] as { matched?: unknown; message?: unknown; hint?: unknown };
	expect(item.matched).toBe(false);
	expect(typeof item.message).toBe('string');
	expect(String(item.message)).toContain(searched);
	expect(typeof item.hint).toBe('string');
	expect(String(item.hint).length).toBeGreaterThan(10);
}

/**
 * Compact by default in the tool variant: a customer comes back with its id, name, contact and
 * address ids, without the full record's bulk. The bound is the measure: about 700
 * characters per full customer today.
 */
export const COMPACT_CUSTOMER_MAX_CHARS = 450;

export function expectCompactCustomer(customer: Record<string, unknown>, seeded: { id: string; addressIds: string[] }): void {
	const text = JSON.stringify(customer);
	expect(customer.id).toBe(seeded.id);
	for (const addressId of seeded.addressIds) expect(text).toContain(addressId);
	expect(text.length).toBeLessThanOrEqual(COMPACT_CUSTOMER_MAX_CHARS);
}
