// Installs a packed community package into an n8n user folder the way n8n 2.40's own installer
// (CommunityPackagesService.downloadPackage) lays it out, minus the registry download:
//   <userFolder>/.n8n/nodes/node_modules/<name>/   the tarball's contents, dev/peer/optional deps stripped
//   <userFolder>/.n8n/nodes/package.json           the ledger: { dependencies: { <name>: <version> } }
// At start-up n8n's community-packages module scans that node_modules folder for `n8n-nodes-*`
// packages and loads them; no database row is needed for loading.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface InstalledCommunityPackage {
	name: string;
	version: string;
	directory: string;
}

interface PackageManifest {
	name?: string;
	version?: string;
	dependencies?: Record<string, string>;
	devDependencies?: unknown;
	peerDependencies?: unknown;
	optionalDependencies?: unknown;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

function readManifestFromTarball(tarball: string): PackageManifest {
	let text: string;
	try {
		text = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
	} catch (error) {
		throw new Error(`Cannot read package/package.json from tarball ${tarball}: ${(error as Error).message}`);
	}
	return JSON.parse(text) as PackageManifest;
}

export function installCommunityPackage(userFolder: string, tarball: string): InstalledCommunityPackage {
	if (!fs.existsSync(tarball)) throw new Error(`Community package tarball not found: ${tarball}`);
	const manifest = readManifestFromTarball(tarball);
	const { name, version } = manifest;
	if (!name || !version) throw new Error(`Tarball ${tarball} has a package.json without name or version`);
	// n8n only scans for these names; anything else would silently not load.
	if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-[a-z0-9-._~]+$/.test(name)) {
		throw new Error(`Package name "${name}" in ${tarball} does not match n8n-nodes-* or @scope/n8n-nodes-*`);
	}
	if (!manifest.n8n?.nodes?.length) throw new Error(`Package ${name} declares no nodes under "n8n.nodes"`);
	// The published package must run with nothing but n8n's own modules; a runtime dependency
	// would make n8n's installer fetch it from the registry, which users may not be able to do.
	const runtimeDependencies = Object.keys(manifest.dependencies ?? {});
	if (runtimeDependencies.length > 0) {
		throw new Error(`Package ${name} has runtime dependencies (${runtimeDependencies.join(', ')}); it must have none`);
	}

	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const directory = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(directory, { recursive: true, force: true });
	fs.mkdirSync(directory, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', directory, '--strip-components=1']);

	// Same clean-up as n8n's installer: it drops these before running npm in the package folder.
	const installed = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as PackageManifest;
	delete installed.devDependencies;
	delete installed.peerDependencies;
	delete installed.optionalDependencies;
	fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify(installed, null, 2));

	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger: { dependencies?: Record<string, string> } = fs.existsSync(ledgerPath)
		? JSON.parse(fs.readFileSync(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...(ledger.dependencies ?? {}), [name]: version };
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return { name, version, directory };
}

/**
 * `npm pack` of a package folder into `destination`; returns the tarball's path. With
 * `ignoreScripts` the prepack build is skipped and what is already built gets packed.
 */
export function packPackage(packageDir: string, destination: string, options: { ignoreScripts?: boolean } = {}): string {
	fs.mkdirSync(destination, { recursive: true });
	const args = ['pack', '--json', '--pack-destination', destination];
	if (options.ignoreScripts) args.push('--ignore-scripts');
	const output = execFileSync('npm', args, {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	// Lifecycle scripts may print before npm's JSON (gulp's lines start with "[12:00:00]"); npm's
	// JSON array opens on a line that is exactly "[".
	const lines = output.split('\n');
	const start = lines.map((line) => line.trimEnd()).lastIndexOf('[');
	if (start < 0) throw new Error(`npm pack printed no JSON: ${output.slice(-500)}`);
	const [result] = JSON.parse(lines.slice(start).join('\n')) as Array<{ filename: string }>;
	return path.join(destination, result.filename);
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Packs this repository's package as it would be published. Builds first only when a file that
 * package.json's "n8n" section points at is missing (npm test has built already by then).
 */
export function packRepoPackage(destination: string): string {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageManifest;
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
	if (missing.length > 0) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
	}
	return packPackage(REPO_ROOT, destination, { ignoreScripts: true });
}
