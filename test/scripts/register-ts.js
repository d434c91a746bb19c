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
