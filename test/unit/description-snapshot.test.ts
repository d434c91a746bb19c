/**
 * Saved workflows keep working: a workflow stores each parameter by name, with the values it took.
 * This freezes what those values depend on, for all three nodes and the credential: parameter
 * names, types, defaults, option values, nested fields and display conditions (not labels or
 * descriptions, which a saved workflow does not store). A change here silently empties or
 * misreads parameters in every saved workflow that used them, so it needs a new node version or a
 * migration (ARCHITECTURE.md, "Changing parameters"). After a deliberate change under a new
 * version, rewrite the file: HCP_UPDATE_SNAPSHOT=1 npx jest test/unit/description-snapshot.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { HousecallProApi } from '../../credentials/HousecallProApi.credentials';
import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { HousecallProTrigger } from '../../nodes/HousecallProTrigger/HousecallProTrigger.node';
import { HousecallProWebhookTrigger } from '../../nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node';

const SNAPSHOT_FILE = path.join(__dirname, '..', 'fixtures', 'description-snapshot.json');

type Frozen = Record<string, unknown>;

function isCollectionEntry(value: unknown): value is INodePropertyCollection {
	return typeof value === 'object' && value !== null && 'values' in value;
}

function isProperty(value: unknown): value is INodeProperties {
	return typeof value === 'object' && value !== null && 'type' in value && 'name' in value;
}

/**
 * Defaults that are prose, not values: a saved tool that kept the generated description should
 * get the better wording of a later release, so the text itself is not frozen.
 */
const PROSE_DEFAULTS = new Set(['toolDescription']);

/** What of one parameter a saved workflow depends on. */
function freezeProperty(property: INodeProperties): Frozen {
	const frozenDefault = PROSE_DEFAULTS.has(property.name) ? '(prose)' : (property.default ?? null);
	const frozen: Frozen = { name: property.name, type: property.type, default: frozenDefault };
	if (property.required) frozen.required = true;
	if (property.displayOptions) frozen.displayOptions = property.displayOptions;
	if (property.typeOptions?.multipleValues) frozen.multipleValues = true;
	if (property.modes) frozen.modes = property.modes.map((mode) => mode.name);
	if (property.options) {
		frozen.options = property.options.map((option) => {
			if (isProperty(option)) return freezeProperty(option);
			if (isCollectionEntry(option)) return { name: option.name, values: option.values.map(freezeProperty) };
			return { value: (option as INodePropertyOptions).value };
		});
	}
	return frozen;
}

function freezeNode(description: INodeTypeDescription): Frozen {
	return {
		name: description.name,
		version: description.version,
		properties: description.properties.filter((property) => property.type !== 'notice').map(freezeProperty),
	};
}

function currentSnapshot(): Frozen {
	return {
		credential: new HousecallProApi().properties.filter((property) => property.type !== 'notice').map(freezeProperty),
		nodes: [new HousecallPro(), new HousecallProTrigger(), new HousecallProWebhookTrigger()].map((node) => freezeNode(node.description)),
	};
}

describe('the parameters saved workflows depend on', () => {
	const current = JSON.parse(JSON.stringify(currentSnapshot())) as Frozen;

	if (process.env.HCP_UPDATE_SNAPSHOT === '1') {
		fs.writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(current, null, '\t')}\n`);
	}

	it('are exactly the frozen ones (a change needs a new node version or a migration)', () => {
		const frozen = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8')) as Frozen;
		expect(current).toEqual(frozen);
	});

	it('the snapshot covers every operation of the action node', () => {
		const frozen = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8')) as { nodes: Array<{ properties: Frozen[] }> };
		const operationValues = frozen.nodes[0].properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options as Array<{ value: string }>).map((option) => option.value));
		expect(operationValues.length).toBeGreaterThan(90);
	});
});
