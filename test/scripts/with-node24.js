#!/usr/bin/env node
'use strict';
/**
 * Entry point of every project command (npm test, npm start, npm run sandbox, npm run bench).
 *
 * n8n 2.x and its engine need Node >= 24. Where the machine's Node is older, this fetches Node 24
 * from the npm registry (the `node` package) into a cache outside the repo, installs the dev
 * dependencies with it (`npm ci`, from the lock file), and runs the command under it. The lock's
 * install needs npm >= 11.19 (package.json `allowScripts` denies eslint-plugin-n8n-nodes-base's
 * `only-allow pnpm` preinstall; npm 10 does not know the field and fails on it): where the
 * machine's npm is older, npm 11.19.1 is fetched into the same cache. Uses only Node built-ins, so it works
 * before `npm ci` has run.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MAJOR = 24;
// package.json `allowScripts` is new in npm 11 (npm 10 runs the denied preinstall and fails); the
// lock's `npm ci` was verified with 11.19.1, which is fetched where the machine's npm is older.
const NPM_MIN = [11, 19, 0];
const NPM_FETCHED = '11.19.1';

function cacheDir() {
	if (process.env.HCP_CACHE_DIR) return process.env.HCP_CACHE_DIR;
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-housecall-pro');
}

function secondsSince(startedMs) {
	return ((Date.now() - startedMs) / 1000).toFixed(1);
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
		const started = Date.now();
		const status = run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], {
			cwd: prefix,
		});
		if (status !== 0 || !fs.existsSync(binary)) {
			throw new Error(`Could not install node@${NODE_MAJOR} (npm exited ${status}).`);
		}
		log(`fetch node@${NODE_MAJOR}: done in ${secondsSince(started)} s`);
	}
	return { bin: path.dirname(binary), home: archPackage };
}

function olderThan(version, minimum) {
	const parts = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
	for (let i = 0; i < minimum.length; i++) {
		if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) < minimum[i];
	}
	return false;
}

/** Puts an npm >= 11.19 first on PATH in env: the machine's when new enough, else one fetched into the cache. */
function ensureNpm(env) {
	const found = spawnSync('npm', ['--version'], { env, encoding: 'utf8' });
	const version = found.status === 0 ? found.stdout.trim() : '';
	if (version && !olderThan(version, NPM_MIN)) return env;
	const prefix = path.join(cacheDir(), 'npm11');
	const bin = path.join(prefix, 'node_modules', '.bin');
	const cli = path.join(prefix, 'node_modules', 'npm', 'package.json');
	const fetched = fs.existsSync(cli) ? JSON.parse(fs.readFileSync(cli, 'utf8')).version : '';
	if (fetched !== NPM_FETCHED) {
		log(`npm ${version || '(none)'} is older than ${NPM_MIN.join('.')}; fetching npm@${NPM_FETCHED} into ${prefix}`);
		fs.mkdirSync(prefix, { recursive: true });
		const started = Date.now();
		const status = run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `npm@${NPM_FETCHED}`], {
			cwd: prefix,
			env,
		});
		if (status !== 0 || !fs.existsSync(path.join(bin, 'npm'))) {
			throw new Error(`Could not install npm@${NPM_FETCHED} (npm exited ${status}).`);
		}
	}
	return { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` };
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

/**
 * Installs dev dependencies under Node 24 when node_modules is missing or older than the lock file.
 * `HCP_SKIP_INSTALL=1` says they are installed already (the GitHub workflows run `npm ci` under
 * Node 24 as a step of their own).
 */
function ensureDependencies(env) {
	if (process.env.HCP_SKIP_INSTALL === '1') return;
	const marker = path.join(ROOT, 'node_modules', '.hcp-installed');
	const lock = path.join(ROOT, 'package-lock.json');
	const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
	if (fresh) return;
	log('Installing dev dependencies with Node 24 (npm ci)');
	const npmEnv = ensureNpm(env);
	// npm ci: exactly the lock file (written by npm install under Node 24, so it holds every
	// platform's optional packages), node_modules made afresh.
	const started = Date.now();
	const status = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, env: npmEnv });
	if (status !== 0) throw new Error(`npm ci failed (exit ${status})`);
	log(`npm ci: done in ${secondsSince(started)} s`);
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
		'agent-report': ['-r', './test/scripts/register-ts.js', 'test/bench/agent-tools.ts'],
	}[command];
	if (!script) {
		log(`Unknown command "${command}". Use test, jest, sandbox, demo, bench or agent-report.`);
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
