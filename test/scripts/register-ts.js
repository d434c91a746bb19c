'use strict';
// Lets plain `node` run the TypeScript under test/ (fake server, sandbox, benchmarks) without a
// build step: each .ts file is transpiled by @swc/core when first required.
const swc = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
	const { code } = swc.transformFileSync(filename, {
		jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
		module: { type: 'commonjs' },
		sourceMaps: 'inline',
	});
	module._compile(code, filename);
};

// Node tries extensions in registration order: without this, `HousecallPro.node` resolves to the
// codex file HousecallPro.node.json next to HousecallPro.node.ts.
for (const extension of ['.json', '.node']) {
	const loader = require.extensions[extension];
	delete require.extensions[extension];
	require.extensions[extension] = loader;
}
