#!/usr/bin/env node
'use strict';
/**
 * package.json `prepublishOnly`: refuses `npm publish` anywhere but the publish workflow.
 *
 * n8n verifies a community package only when it was published from a GitHub Action with npm
 * provenance (the attestation names the repository and commit it was built from, and n8n's scanner
 * lints that source). A publish from a laptop has no provenance and could never be verified, so it
 * is stopped here. `npm pack` does not run this script; `npm publish --dry-run` may run anywhere.
 *
 * Publishing is: set the repository fields once, then push a tag vX.Y.Z (README, "Publishing").
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(ROOT, 'package.json'));
const PLACEHOLDER_OWNER = '/OWNER/';

const env = process.env;
const problems = [];
if (env.GITHUB_ACTIONS !== 'true') {
	problems.push('this is not GitHub Actions: publish by pushing a tag v' + pkg.version + ' (.github/workflows/publish.yml)');
}
if (env.npm_config_provenance !== 'true') {
	problems.push('npm provenance is off: publish with `npm publish --provenance` (n8n verifies only packages published with provenance)');
}
const urls = [pkg.repository && pkg.repository.url, pkg.homepage, pkg.bugs && pkg.bugs.url];
if (urls.some((url) => !url || url.includes(PLACEHOLDER_OWNER))) {
	problems.push('package.json `repository`, `homepage` and `bugs` still name the placeholder owner "OWNER": set them to the GitHub repository this is published from');
}
// The codex files' documentation links, and each node's documentationUrl, point at the same repository.
const codexFiles = fs
	.readdirSync(path.join(ROOT, 'nodes'), { recursive: true })
	.filter((file) => /\.node\.(json|ts)$/.test(String(file)))
	.map((file) => path.join('nodes', String(file)));
const placeholderCodex = codexFiles.filter((file) => fs.readFileSync(path.join(ROOT, file), 'utf8').includes(PLACEHOLDER_OWNER));
if (placeholderCodex.length) {
	problems.push(`the documentation links in ${placeholderCodex.join(', ')} still name the placeholder owner "OWNER"`);
}
if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME !== `v${pkg.version}`) {
	problems.push(`the tag ${env.GITHUB_REF_NAME} does not match package.json version ${pkg.version} (expected v${pkg.version})`);
}

if (problems.length === 0) process.exit(0);
if (env.npm_config_dry_run === 'true') {
	process.stderr.write(`[prepublish] dry run; a real publish would be refused:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
	process.exit(0);
}
process.stderr.write(
	`[prepublish] refusing to publish ${pkg.name}@${pkg.version}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
		'See README.md, "Publishing".\n',
);
process.exit(1);
