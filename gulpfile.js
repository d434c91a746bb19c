const { src, dest, parallel } = require('gulp');

// tsc emits only JavaScript; n8n loads node and credential icons from dist/icons at runtime.
function buildIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

// Codex files (categories, search aliases, documentation links): n8n reads `<Name>.node.json`
// beside each `<Name>.node.js` it loads.
function buildCodex() {
	return src('nodes/*/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = buildIcons;
exports['build:codex'] = buildCodex;
exports['build:assets'] = parallel(buildIcons, buildCodex);
