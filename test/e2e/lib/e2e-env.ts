// Shared switches for the end-to-end suites that run a real n8n.
const installer = require('../../scripts/n8n-install.js') as { isInstalled(): boolean; n8nInstallDir(): string };

/**
 * By default the e2e suites install n8n when it is missing (minutes, once). Only when
 * HCP_E2E_SKIP_IF_NO_N8N=1 do they skip instead, and they say so.
 */
export function describeWithN8n(name: string, body: () => void): void {
	const skip = process.env.HCP_E2E_SKIP_IF_NO_N8N === '1' && !installer.isInstalled();
	if (skip) {
		process.stderr.write(
			`[n8n-e2e] skipping "${name}": n8n is not installed in ${installer.n8nInstallDir()} and HCP_E2E_SKIP_IF_NO_N8N=1\n`,
		);
		describe.skip(name, body);
		return;
	}
	describe(name, body);
}

/** Long enough for a cold n8n install (about 3.5 minutes measured) plus a first start. */
export const E2E_SETUP_TIMEOUT_MS = 20 * 60 * 1000;
