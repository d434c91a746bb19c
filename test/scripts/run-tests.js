'use strict';
/**
 * Every check in one run, under Node 24 (started by with-node24.js): lint, type-check, build, n8n's
 * community-package scanner (test/scripts/scan.js), then jest over unit, engine and end-to-end
 * tests. Ends with the line `N passed, M failed`.
 *
 * `--quick` skips the end-to-end stage (a real n8n); `HCP_SKIP_E2E=1` does the same.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.HCP_SKIP_E2E === '1';

function step(name, command, commandArgs) {
	process.stderr.write(`\n[hcp] ${name}\n`);
	const started = Date.now();
	const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: process.env });
	process.stderr.write(`[hcp] ${name}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	return result.status ?? 1;
}

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
let failedSteps = 0;
failedSteps += step('lint', bin('eslint'), ['.']) === 0 ? 0 : 1;
failedSteps += step('type-check', bin('tsc'), ['-p', 'test/tsconfig.json', '--noEmit']) === 0 ? 0 : 1;
failedSteps += step('build', 'npm', ['run', 'build']) === 0 ? 0 : 1;
// n8n's own verification rules (@n8n/scan-community-package) on the git source and on the packed
// tarball of the dist/ just built.
failedSteps += step("scanner (n8n's community-package rules)", process.execPath, ['test/scripts/scan.js', '--no-build']) === 0 ? 0 : 1;
// The real n8n the end-to-end tests start: installed once into the cache, its own step so its
// minutes show apart from the tests'.
if (!quick) failedSteps += step('install n8n 2.40.7 (cached)', process.execPath, ['test/scripts/n8n-install.js']) === 0 ? 0 : 1;
// Debian's Postgres and Redis for the queue-mode suite (apt-get, only when missing), timed apart too.
if (!quick) failedSteps += step('install postgresql and redis-server (apt-get, when missing)', process.execPath, ['test/scripts/debian-packages.js', '--queue-mode']) === 0 ? 0 : 1;

const resultsFile = path.join(ROOT, '.tmp', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });
const jestArgs = [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${resultsFile}`];
if (quick) jestArgs.push('--testPathIgnorePatterns', '/test/e2e/');
jestArgs.push(...args.filter((arg) => arg !== '--quick'));
const jestStatus = step(quick ? 'jest (unit, engine)' : 'jest (unit, engine, end-to-end)', process.execPath, jestArgs);

let passed = 0;
let failed = 0;
if (fs.existsSync(resultsFile)) {
	const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
	passed = results.numPassedTests;
	failed = results.numFailedTests;
	// A suite that fails to load has no failed tests of its own: count it so it cannot hide.
	failed += results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
	// How long each suite took, longest first: where the minutes of the jest stage went.
	const suites = results.testResults
		.map((suite) => ({ file: path.relative(ROOT, suite.name), seconds: (suite.endTime - suite.startTime) / 1000 }))
		.sort((a, b) => b.seconds - a.seconds);
	process.stderr.write(`\n[hcp] jest suites by time:\n${suites.map((suite) => `[hcp]   ${suite.seconds.toFixed(1).padStart(7)} s  ${suite.file}`).join('\n')}\n`);
} else {
	failed += 1;
}
failed += failedSteps;
if (jestStatus !== 0 && failed === 0) failed = 1;
if (failedSteps) process.stderr.write(`[hcp] ${failedSteps} non-jest step(s) failed; each counts as one failure below\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
