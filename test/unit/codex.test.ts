// The codex files (`<Name>.node.json` beside each node): n8n's loader reads their categories,
// aliases and documentation links into the node's description (n8n-core's DirectoryLoader.getCodex).
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { HousecallPro } from '../../nodes/HousecallPro/HousecallPro.node';
import { HousecallProTrigger } from '../../nodes/HousecallProTrigger/HousecallProTrigger.node';
import { HousecallProWebhookTrigger } from '../../nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	homepage: string;
	n8n: { nodes: string[] };
};

// The categories n8n's own nodes use (n8n-nodes-base codex files).
const N8N_CATEGORIES = [
	'AI',
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	alias?: string[];
	resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation: Array<{ url: string }> };
}

const NODES: Array<[string, INodeType]> = [
	['nodes/HousecallPro/HousecallPro.node.json', new HousecallPro()],
	['nodes/HousecallProTrigger/HousecallProTrigger.node.json', new HousecallProTrigger()],
	['nodes/HousecallProWebhookTrigger/HousecallProWebhookTrigger.node.json', new HousecallProWebhookTrigger()],
];

/** GitHub's heading anchors in the README. */
function readmeAnchors(): Set<string> {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const anchors = new Set(['readme']);
	for (const match of readme.matchAll(/^#{1,6} (.+)$/gm)) {
		anchors.add(
			match[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
	}
	return anchors;
}

describe('codex files', () => {
	it('every node package.json registers has one beside it, and nothing else has one', () => {
		const expected = pkg.n8n.nodes.map((file) => file.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json')).sort();
		expect(NODES.map(([file]) => file).sort()).toEqual(expected);
		const present = fs
			.readdirSync(path.join(ROOT, 'nodes'), { recursive: true })
			.map(String)
			.filter((file) => file.endsWith('.node.json'))
			.map((file) => path.posix.join('nodes', file.split(path.sep).join('/')))
			.sort();
		expect(present).toEqual(expected);
	});

	it.each(NODES)('%s names its node, its version, n8n categories and documentation in the README', (file, node) => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Codex;
		expect(codex.node).toBe(`${pkg.name}.${node.description.name}`);
		expect(Number(codex.nodeVersion)).toBe(node.description.version);
		expect(codex.codexVersion).toBe('1.0');
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);

		const repository = pkg.homepage.replace(/#.*$/, '');
		const anchors = readmeAnchors();
		const urls = [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation].map((r) => r.url);
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		expect(codex.resources.credentialDocumentation).toHaveLength(1);
		for (const url of urls) {
			const [base, anchor] = url.split('#');
			expect(base).toBe(repository);
			expect([...anchors]).toContain(anchor);
		}
		// The editor's Docs link takes documentationUrl as it is; without it, the codex link with utm
		// parameters after the anchor (or, for a community node, npm).
		expect(node.description.documentationUrl).toBe(codex.resources.primaryDocumentation[0].url);
		expect(codex.resources.primaryDocumentation[0].url).not.toMatch(/#readme$/);
	});
});
