#!/usr/bin/env node
'use strict';
/**
 * n8n's community-package scanner (`@n8n/scan-community-package`, a dev dependency) on this
 * package, the way n8n runs it on a published one: its own ESLint rule set (taken from the
 * scanner's `buildScanConfig`, not re-listed here) over
 *   (a) the git source: `package.json` and `{nodes,credentials}/**\/*.{js,ts,json}`, and
 *   (b) the packed tarball (`npm pack`, unpacked): compiled `**\/*.js` and the published package.json.
 * The scanner itself only takes a published package name (it downloads the tarball and the
 * provenance-attested source), so this calls its analysis on local copies instead.
 *
 * Inline `eslint-disable` comments are ignored, as in the scanner. Prints each leg's error count
 * and the violations; exits 1 on any error.
 *
 * Usage: node test/scripts/scan.js [--source-only] [--no-build] [--tarball=<file.tgz>]
 *   --source-only       skip the tarball leg (no build, no pack)
 *   --no-build          pack the dist/ already built (`npm pack --ignore-scripts`, no `prepack`);
 *                       run-tests.js passes it right after its build stage
 *   --tarball=<file>    scan this tarball instead of packing one
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNER_DIR = path.dirname(require.resolve('@n8n/scan-community-package/package.json', { paths: [ROOT] }));
const SCANNER_ENTRY = path.join(SCANNER_DIR, 'scanner', 'scanner.mjs');
// Resolve ESLint and fast-glob from the scanner's own dependency tree, so the versions are the
// ones the scanner runs with.
const scannerRequire = createRequire(SCANNER_ENTRY);

// The scanner module makes a temp folder when it loads; have `tmp` remove it when we exit.
scannerRequire('tmp').setGracefulCleanup();

/** Same file selection as the scanner's analyzePackage (node_modules and lock files left out). */
function filesOf(dir, patterns) {
	const glob = scannerRequire('fast-glob');
	return glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
}

/** Lints with the scanner's ESLint options and rule set; returns counts and the stylish report. */
async function lint(scanner, dir, patterns) {
	const { ESLint } = scannerRequire('eslint');
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = filesOf(dir, patterns);
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const byRule = {};
	for (const result of results) {
		for (const message of result.messages) {
			if (message.severity !== 2) continue;
			const rule = message.ruleId ?? '(parse error)';
			byRule[rule] = (byRule[rule] ?? 0) + 1;
		}
	}
	const report = errors + warnings > 0 ? await (await eslint.loadFormatter('stylish')).format(results) : '';
	return { files: files.length, errors, warnings, byRule, report };
}

function packTarball(into, build) {
	// npm pack runs prepack (npm run build), so dist/ is fresh from the current source, unless the
	// caller has just built it.
	const packArgs = ['pack', '--silent', '--pack-destination', into];
	if (!build) packArgs.push('--ignore-scripts');
	const result = spawnSync('npm', packArgs, {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status})`);
	const name = result.stdout.trim().split('\n').pop();
	return path.join(into, name);
}

function unpack(tarball, into) {
	fs.mkdirSync(into, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`tar failed on ${tarball} (exit ${result.status})`);
	return into;
}

function print(label, outcome, dir) {
	const rules = Object.entries(outcome.byRule)
		.sort((a, b) => b[1] - a[1])
		.map(([rule, count]) => `${rule} ${count}`)
		.join(', ');
	process.stdout.write(
		`[scan] ${label}: ${outcome.errors} error(s), ${outcome.warnings} warning(s) in ${outcome.files} file(s)` +
			(rules ? ` (${rules})` : '') +
			'\n',
	);
	if (outcome.report) process.stdout.write(outcome.report.replaceAll(dir + path.sep, '') + '\n');
}

async function main() {
	const args = process.argv.slice(2);
	const sourceOnly = args.includes('--source-only');
	const build = !args.includes('--no-build');
	const givenTarball = args.find((arg) => arg.startsWith('--tarball='))?.slice('--tarball='.length);
	const scanner = await import(pathToFileURL(SCANNER_ENTRY).href);

	let failed = false;
	const source = await lint(scanner, ROOT, scanner.SOURCE_FILE_PATTERNS);
	print('git source', source, ROOT);
	failed ||= source.errors > 0;

	if (!sourceOnly) {
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hcp-scan-'));
		try {
			const tarball = givenTarball ? path.resolve(givenTarball) : packTarball(work, build);
			const packageDir = unpack(tarball, path.join(work, 'package'));
			// The scanner's tarball leg: compiled JavaScript and the published package.json.
			const tarballResult = await lint(scanner, packageDir, ['**/*.js', 'package.json']);
			print(`tarball ${path.basename(tarball)}`, tarballResult, packageDir);
			failed ||= tarballResult.errors > 0;
		} finally {
			fs.rmSync(work, { recursive: true, force: true });
		}
	}
	process.stdout.write(failed ? '[scan] FAILED: n8n\'s scanner would reject this package\n' : '[scan] passed\n');
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`[scan] ${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
