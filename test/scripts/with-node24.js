#!/usr/bin/env node
'use strict';
/**
 * Entry point of every project command (npm test, npm start, npm run sandbox, npm run bench).
 *
 * n8n 2.x and its engine need Node >= 24. Where the machine's Node is older, this fetches Node 24
 * from the npm registry (the `node` package) into a cache outside the repo, installs the dev
 * dependencies with it, and runs the command under it. Uses only Node built-ins, so it works
 * before `npm install` has run.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MAJOR = 24;

function cacheDir() {
	if (process.env.HCP_CACHE_DIR) return process.env.HCP_CACHE_DIR;
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-housecall-pro');
}

function log(message) {
	process.stderr.write(`[hcp] ${message}\n`);
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

/** Folder holding bin/node and include/node of a Node >= 24, or null when this process already is one. */
function ensureNode24() {
	if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) {
		return { bin: path.dirname(process.execPath), home: path.resolve(path.dirname(process.execPath), '..') };
	}
	const prefix = path.join(cacheDir(), `node${NODE_MAJOR}`);
	const archPackage = path.join(prefix, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const binary = path.join(archPackage, 'bin', 'node');
	if (!fs.existsSync(binary)) {
		log(`Node ${process.versions.node} is older than ${NODE_MAJOR}; fetching node@${NODE_MAJOR} from the npm registry into ${prefix}`);
		fs.mkdirSync(prefix, { recursive: true });
		const status = run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], {
			cwd: prefix,
		});
		if (status !== 0 || !fs.existsSync(binary)) {
			throw new Error(`Could not install node@${NODE_MAJOR} (npm exited ${status}).`);
		}
	}
	return { bin: path.dirname(binary), home: archPackage };
}

function envWithNode(node) {
	return {
		...process.env,
		PATH: `${node.bin}${path.delimiter}${process.env.PATH}`,
		// Native modules (isolated-vm, sqlite) must build against Node 24's headers, which the package ships.
		npm_config_nodedir: node.home,
		HCP_NODE24_BIN: node.bin,
		HCP_CACHE_DIR: cacheDir(),
	};
}

/** Installs dev dependencies under Node 24 when node_modules is missing or older than the lock file. */
function ensureDependencies(env) {
	const marker = path.join(ROOT, 'node_modules', '.hcp-installed');
	const lock = path.join(ROOT, 'package-lock.json');
	const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
	if (fresh) return;
	log('Installing dev dependencies with Node 24');
	// npm install rather than npm ci: npm 11 leaves other platforms' optional packages out of the lock
	// file and then refuses it in ci, while install keeps the locked versions all the same.
	const status = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, env });
	if (status !== 0) throw new Error(`npm install failed (exit ${status})`);
	fs.writeFileSync(marker, new Date().toISOString());
}

function main() {
	const [command = 'test', ...rest] = process.argv.slice(2);
	const node = ensureNode24();
	const env = envWithNode(node);
	ensureDependencies(env);
	const nodeBinary = path.join(node.bin, 'node');
	const script = {
		test: ['test/scripts/run-tests.js'],
		jest: ['node_modules/jest/bin/jest.js'],
		sandbox: ['-r', './test/scripts/register-ts.js', 'test/fake-hcp/sandbox.ts'],
		demo: ['-r', './test/scripts/register-ts.js', 'test/e2e/demo.ts'],
		bench: ['-r', './test/scripts/register-ts.js', 'test/bench/run.ts'],
	}[command];
	if (!script) {
		log(`Unknown command "${command}". Use test, jest, sandbox, demo or bench.`);
		process.exit(2);
	}
	// Ctrl+C reaches the child too (same process group); the launcher waits for it to stop cleanly
	// instead of dying first and handing the prompt back while n8n is still shutting down.
	process.on('SIGINT', () => undefined);
	process.exit(run(nodeBinary, [...script, ...rest], { cwd: ROOT, env }));
}

try {
	main();
} catch (error) {
	log(error instanceof Error ? error.message : String(error));
	process.exit(1);
}
