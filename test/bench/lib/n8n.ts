/**
 * Finds the real n8n install the benchmarks compare against (n8n's own HTTP Request node lives in its
 * n8n-nodes-base) and loads that node. The install is the one test/scripts/n8n-install.js makes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IVersionedNodeType } from 'n8n-workflow';

const installer = require('../../scripts/n8n-install.js') as {
	N8N_VERSION: string;
	isInstalled(dir?: string): boolean;
	ensureN8nInstalled(options: { dir: string; log?: (line: string) => void }): { dir: string };
};

export const N8N_VERSION = installer.N8N_VERSION;

/** Where the pinned n8n is (or would be) installed: HCP_N8N_DIR, else under HCP_CACHE_DIR, else ~/.cache. */
export function n8nDir(): string {
	if (process.env.HCP_N8N_DIR) return process.env.HCP_N8N_DIR;
	const cache = process.env.HCP_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-housecall-pro');
	return path.join(cache, `n8n-${N8N_VERSION}`);
}

export type N8nLocation = { ok: true; dir: string; versions: Record<string, string> } | { ok: false; dir: string; reason: string };

function packageVersion(dir: string, name: string): string {
	try {
		return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

/**
 * The n8n install, installing it first when `install` is set (takes minutes; needs the npm registry).
 * Never throws: a missing install comes back with the reason, so the caller can say so and go on.
 */
export function locateN8n(install: boolean): N8nLocation {
	const dir = n8nDir();
	if (!installer.isInstalled(dir)) {
		if (!install) {
			return { ok: false, dir, reason: `n8n ${N8N_VERSION} is not installed in ${dir}; run \`node test/scripts/n8n-install.js\` (or the bench without --no-install)` };
		}
		try {
			installer.ensureN8nInstalled({ dir, log: (line) => console.error(line) });
		} catch (error) {
			return { ok: false, dir, reason: `installing n8n ${N8N_VERSION} into ${dir} failed: ${(error as Error).message.split('\n')[0]}` };
		}
	}
	return {
		ok: true,
		dir,
		versions: { n8n: packageVersion(dir, 'n8n'), 'n8n-nodes-base': packageVersion(dir, 'n8n-nodes-base'), 'n8n-core': packageVersion(dir, 'n8n-core') },
	};
}

/** n8n's HTTP Request node (a VersionedNodeType) from the install's n8n-nodes-base. */
export function loadHttpRequestNode(dir: string): IVersionedNodeType {
	const file = path.join(dir, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');
	const { HttpRequest } = require(file) as { HttpRequest: new () => IVersionedNodeType };
	return new HttpRequest();
}

export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
