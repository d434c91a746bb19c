// Debian packages the end-to-end suites need beyond Node (Chromium for the browser test, Postgres and
// Redis for queue mode), installed with apt-get when missing, as CI does on a bare machine.
import { spawnSync } from 'node:child_process';

export function aptAvailable(): boolean {
	return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the packages with `apt-get install -y`, refreshing the package lists once when the first
 * try fails (a fresh image has none). `present()` says whether what is needed is there already; it is
 * checked before (nothing runs when it holds) and after. Returns the milliseconds spent, 0 when
 * nothing had to be installed.
 */
export function ensureDebianPackages(packages: readonly string[], present: () => boolean): number {
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
