const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads node and credential icons from dist/icons at runtime.
function buildIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

exports['build:icons'] = buildIcons;
