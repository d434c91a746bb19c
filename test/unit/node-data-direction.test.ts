/**
 * Within the action node data flows one way (ARCHITECTURE.md, "The direction of data"): the
 * description is built from the table and the contract, execution reads parameters by the same
 * contract, and neither side imports the other. Each file's imports are read as TypeScript reads them.
 */
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OPERATIONS } from '../../nodes/shared/table';
import { buildProperties } from '../../nodes/HousecallPro/description';
import { SPECIAL_TABLE_OPERATIONS as SPECIAL_FIELDS } from '../../nodes/HousecallPro/description/extraOperations';
import { findExecutor, SPECIAL_TABLE_OPERATIONS as SPECIAL_EXECUTORS } from '../../nodes/HousecallPro/operations/registry';

const NODE_DIR = path.join(__dirname, '..', '..', 'nodes', 'HousecallPro');
const DESCRIPTION_DIR = path.join(NODE_DIR, 'description');
const OPERATIONS_DIR = path.join(NODE_DIR, 'operations');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every module a source imports or re-exports (static, dynamic, require), relative ones resolved to absolute paths. */
function importsOf(file: string, source = fs.readFileSync(file, 'utf8')): string[] {
	return ts
		.preProcessFile(source, true, true)
		.importedFiles.map(({ fileName }) => (fileName.startsWith('.') ? path.resolve(path.dirname(file), fileName) : fileName));
}

function isInside(target: string, dir: string): boolean {
	const relative = path.relative(dir, target);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function crossings(files: readonly string[], forbidden: string): string[] {
	return files.flatMap((file) =>
		importsOf(file)
			.filter((target) => isInside(target, forbidden))
			.map((target) => `${path.relative(NODE_DIR, file)} imports ${path.relative(NODE_DIR, target)}`),
	);
}

describe('the action node: data flows one way', () => {
	const descriptionFiles = sourceFiles(DESCRIPTION_DIR);
	const executionFiles = [...sourceFiles(OPERATIONS_DIR), path.join(NODE_DIR, 'params.ts')];

	it('reads import statements the way the compiler does', () => {
		const file = path.join(OPERATIONS_DIR, 'example.ts');
		const source = [
			"import type { A } from '../description/properties';",
			"export { B } from '../description';",
			"const c = require('../description/operation');",
			"import { d } from '../contract';",
		].join('\n');
		expect(importsOf(file, source).filter((target) => isInside(target, DESCRIPTION_DIR))).toHaveLength(3);
		expect(descriptionFiles.length).toBeGreaterThan(3);
		expect(executionFiles.length).toBeGreaterThan(8);
		// Both sides follow the contract; if the reader stopped seeing these, the checks below would pass vacuously.
		const contract = path.join(NODE_DIR, 'contract');
		expect(importsOf(path.join(NODE_DIR, 'params.ts'))).toContain(contract);
		expect(importsOf(path.join(DESCRIPTION_DIR, 'properties.ts'))).toContain(contract);
	});

	it('the description never imports operations/', () => {
		expect(crossings(descriptionFiles, OPERATIONS_DIR)).toEqual([]);
	});

	it('operations/ and params.ts never import description/', () => {
		expect(crossings(executionFiles, DESCRIPTION_DIR)).toEqual([]);
	});

	it('every operation the description offers has an executor, and the hand-written table operations agree', () => {
		const properties = buildProperties();
		const missing = properties
			.filter((property: INodeProperties) => property.name === 'operation')
			.flatMap((property) => {
				const resource = String(property.displayOptions?.show?.resource?.[0]);
				return (property.options as INodePropertyOptions[])
					.map((option) => String(option.value))
					.filter((operation) => !findExecutor(resource, operation))
					.map((operation) => `${resource}.${operation}`);
			});
		expect(missing).toEqual([]);
		expect([...SPECIAL_FIELDS.keys()].sort()).toEqual([...SPECIAL_EXECUTORS.keys()].sort());
		expect([...SPECIAL_FIELDS.keys()].every((key) => OPERATIONS.some((operation) => operation.key === key))).toBe(true);
	});
});
