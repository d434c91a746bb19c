// The installer's bookkeeping, without installing anything: the marker decides whether n8n is
// there, a finished install is never redone, and a wrong Node location is reported by name.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.join(__dirname, '..', 'scripts', 'n8n-install.js');
const installer = require(SCRIPT) as {
	N8N_VERSION: string;
	isInstalled(dir?: string): boolean;
	ensureN8nInstalled(options: { dir: string; log?: (line: string) => void }): { fresh: boolean; n8nMain: string };
	node24BinDir(): string;
};

function fakeInstall(dir: string, options: { version?: string; withN8n?: boolean } = {}) {
	fs.mkdirSync(dir, { recursive: true });
	const marker = { n8nVersion: options.version ?? installer.N8N_VERSION, node: 'v24', installedAt: 'x', durationMs: 1 };
	fs.writeFileSync(path.join(dir, '.hcp-n8n-installed.json'), JSON.stringify(marker));
	if (options.withN8n ?? true) {
		fs.mkdirSync(path.join(dir, 'node_modules', 'n8n', 'bin'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '');
	}
}

describe('n8n-install.js', () => {
	let root: string;
	const savedEnv = { ...process.env };

	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-n8n-install-'));
	});
	afterEach(() => {
		process.env = { ...savedEnv };
		fs.rmSync(root, { recursive: true, force: true });
	});

	test('counts as installed only with a marker for the pinned version and the n8n entry point', () => {
		const complete = path.join(root, 'complete');
		fakeInstall(complete);
		expect(installer.isInstalled(complete)).toBe(true);

		const otherVersion = path.join(root, 'other');
		fakeInstall(otherVersion, { version: '2.39.0' });
		expect(installer.isInstalled(otherVersion)).toBe(false);

		const noEntryPoint = path.join(root, 'half');
		fakeInstall(noEntryPoint, { withN8n: false });
		expect(installer.isInstalled(noEntryPoint)).toBe(false);

		expect(installer.isInstalled(path.join(root, 'absent'))).toBe(false);
	});

	test('an installed folder is returned as is, without looking for Node or running npm', () => {
		const dir = path.join(root, 'n8n');
		fakeInstall(dir);
		// Were it to install, resolving Node would throw on this.
		process.env.HCP_NODE24_BIN = path.join(root, 'no-node-here');
		const result = installer.ensureN8nInstalled({ dir, log: () => undefined });
		expect(result.fresh).toBe(false);
		expect(result.n8nMain).toBe(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'));
	});

	test('a wrong HCP_NODE24_BIN is reported by name', () => {
		process.env.HCP_NODE24_BIN = path.join(root, 'no-node-here');
		expect(() => installer.node24BinDir()).toThrow(/HCP_NODE24_BIN .*no-node-here/);
	});

	test('waits while another live process holds the install lock, then uses what it installed', () => {
		const dir = path.join(root, 'n8n');
		const lockDir = `${dir}.lock`;
		// Stands in for a parallel worker that is installing: it finishes the install after a
		// moment and then releases the lock.
		const script = [
			'sleep 1',
			`mkdir -p '${dir}/node_modules/n8n/bin'`,
			`touch '${dir}/node_modules/n8n/bin/n8n'`,
			`printf '{"n8nVersion":"${installer.N8N_VERSION}"}' > '${dir}/.hcp-n8n-installed.json'`,
			`rm -rf '${lockDir}'`,
		].join(' && ');
		const other = spawn('sh', ['-c', script], { stdio: 'ignore' });
		fs.mkdirSync(lockDir, { recursive: true });
		fs.writeFileSync(path.join(lockDir, 'pid'), String(other.pid));
		process.env.HCP_NODE24_BIN = path.join(root, 'no-node-here');
		const messages: string[] = [];
		const result = installer.ensureN8nInstalled({ dir, log: (line) => messages.push(line) });
		expect(result.fresh).toBe(false);
		expect(messages.join('\n')).toMatch(/another process \(pid \d+\) is installing n8n; waiting/);
	});

	test('takes over a lock whose owner has died, and releases it when done', () => {
		const dir = path.join(root, 'n8n');
		const lockDir = `${dir}.lock`;
		const dead = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
		fs.mkdirSync(lockDir, { recursive: true });
		fs.writeFileSync(path.join(lockDir, 'pid'), dead.stdout.trim());
		// Getting as far as looking for Node proves the stale lock was taken over.
		process.env.HCP_NODE24_BIN = path.join(root, 'no-node-here');
		expect(() => installer.ensureN8nInstalled({ dir, log: () => undefined })).toThrow(/HCP_NODE24_BIN/);
		expect(fs.existsSync(lockDir)).toBe(false);
	});

	test('--check exits 0 when installed and 1 when not, installing nothing', () => {
		const check = (dir: string) =>
			spawnSync(process.execPath, [SCRIPT, '--check'], { env: { ...process.env, HCP_N8N_DIR: dir }, encoding: 'utf8' });
		const dir = path.join(root, 'n8n');
		expect(check(dir).status).toBe(1);
		expect(fs.existsSync(dir)).toBe(false);
		fakeInstall(dir);
		expect(check(dir).status).toBe(0);
	});
});
