'use strict';
/**
 * Debian packages the end-to-end suites need beyond Node (Chromium for the browser test, Postgres and
 * Redis for queue mode), installed with apt-get when missing, as CI does on a bare machine. Plain JS
 * so that test/scripts/run-tests.js can run it as its own timed stage before jest:
 *
 *   node test/scripts/debian-packages.js --queue-mode    # postgresql and redis-server
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REDIS_SERVER = '/usr/bin/redis-server';
const POSTGRES_ROOT = '/usr/lib/postgresql';

function aptAvailable() {
	return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the packages with `apt-get install -y`, refreshing the package lists once when the first
 * try fails (a fresh image has none). `present()` says whether what is needed is there already; it is
 * checked before (nothing runs when it holds) and after. Returns the milliseconds spent, 0 when
 * nothing had to be installed.
 */
function ensureDebianPackages(packages, present) {
	if (present()) return 0;
	const started = Date.now();
	if (!aptAvailable()) {
		throw new Error(`${packages.join(', ')} missing and apt-get is not available: install them by hand and rerun`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => spawnSync('apt-get', ['install', '-y', ...packages], { encoding: 'utf8', env, timeout: 15 * 60 * 1000 });
	let result = install();
	if (result.status !== 0) {
		spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 5 * 60 * 1000 });
		result = install();
	}
	if (result.status !== 0 || !present()) {
		throw new Error(
			`apt-get install -y ${packages.join(' ')} failed (exit ${result.status}); install them by hand (as root) and rerun.\n${`${result.stdout}${result.stderr}`.slice(-1500)}`,
		);
	}
	return Date.now() - started;
}

/** The newest Postgres server's bin folder under /usr/lib/postgresql, or undefined. */
function postgresBinDir() {
	if (!fs.existsSync(POSTGRES_ROOT)) return undefined;
	const versions = fs
		.readdirSync(POSTGRES_ROOT)
		.filter((entry) => fs.existsSync(path.join(POSTGRES_ROOT, entry, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

/** Debian's postgresql and redis-server for the queue-mode suite; milliseconds spent. */
function ensureQueueModePackages() {
	return ensureDebianPackages(['postgresql', 'redis-server'], () => fs.existsSync(REDIS_SERVER) && postgresBinDir() !== undefined);
}

module.exports = { REDIS_SERVER, aptAvailable, ensureDebianPackages, ensureQueueModePackages, postgresBinDir };

if (require.main === module) {
	if (!process.argv.includes('--queue-mode')) {
		process.stderr.write('usage: node test/scripts/debian-packages.js --queue-mode\n');
		process.exit(2);
	}
	try {
		const ms = ensureQueueModePackages();
		process.stderr.write(ms ? `[hcp] installed postgresql and redis-server in ${(ms / 1000).toFixed(1)} s\n` : '[hcp] postgresql and redis-server already installed\n');
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}
