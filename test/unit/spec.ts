/**
 * test/fixtures/housecall.v1.yaml for the contract tests: parsed once, `$ref` resolved on demand,
 * and every operation flattened (parameters of the path item and the operation together, the body
 * content type chosen JSON first, security scheme names, the 200/201/202 answer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Schema = Record<string, any>;

export interface SpecParameter {
	name: string;
	in: string;
	required: boolean;
	schema: Schema;
}

export interface SpecOperation {
	method: string;
	path: string;
	operationId?: string;
	parameters: SpecParameter[];
	/** Content type and schema of the request body chosen for comparison (JSON first). */
	body?: { contentType: string; schema: Schema };
	security: string[];
	response200?: { contentTypes: string[]; schema?: Schema };
}

export const spec: Schema = parse(readFileSync(join(__dirname, '../fixtures/housecall.v1.yaml'), 'utf8'));

/** Resolves `$ref` and merges `allOf` (properties and required), so callers see plain schemas. */
export function resolve(schema: Schema | undefined, seen: ReadonlySet<string> = new Set()): Schema {
	if (!schema || typeof schema !== 'object') return {};
	if (typeof schema.$ref === 'string') {
		if (seen.has(schema.$ref)) return {};
		const target = schema.$ref
			.replace(/^#\//, '')
			.split('/')
			.reduce((node: Schema, key: string) => node?.[key], spec);
		return resolve(target, new Set([...seen, schema.$ref]));
	}
	if (Array.isArray(schema.allOf)) {
		const merged: Schema = { type: 'object', properties: {}, required: [] };
		for (const part of [...schema.allOf, { ...schema, allOf: undefined }]) {
			const resolved = resolve(part, seen);
			Object.assign(merged.properties, resolved.properties ?? {});
			merged.required.push(...(resolved.required ?? []));
			if (resolved.items) merged.items = resolved.items;
			if (resolved.type && resolved.type !== 'object') merged.type = resolved.type;
		}
		return merged;
	}
	return schema;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PREFERRED_BODY_TYPES = ['application/json', 'multipart/form-data'];

function specOperations(): SpecOperation[] {
	const result: SpecOperation[] = [];
	for (const [path, item] of Object.entries<Schema>(spec.paths)) {
		for (const method of HTTP_METHODS) {
			const op = item[method];
			if (!op) continue;
			const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((raw: Schema) => {
				const parameter = resolve(raw);
				return {
					name: parameter.name,
					in: parameter.in,
					required: parameter.required === true,
					schema: resolve(parameter.schema),
				};
			});
			const content: Schema = resolve(op.requestBody).content ?? {};
			const contentType =
				PREFERRED_BODY_TYPES.find((type) => content[type]) ?? Object.keys(content)[0];
			const ok = op.responses?.['200'] ?? op.responses?.['201'] ?? op.responses?.['202'];
			const okContent: Schema = ok?.content ?? {};
			result.push({
				method: method.toUpperCase(),
				path,
				operationId: op.operationId,
				parameters,
				body: contentType ? { contentType, schema: resolve(content[contentType].schema) } : undefined,
				security: (op.security ?? []).flatMap((entry: Schema) => Object.keys(entry)),
				response200: ok
					? {
							contentTypes: Object.keys(okContent),
							schema: okContent['application/json']
								? resolve(okContent['application/json'].schema)
								: undefined,
						}
					: undefined,
			});
		}
	}
	return result;
}

/** Every operation of the spec, in the file's order (paths, then get/post/put/patch/delete). */
export const SPEC_OPERATIONS: readonly SpecOperation[] = specOperations();
