/**
 * Matches a request's method and path against the table's path templates. Literal segments beat
 * placeholders (`/jobs/{job_id}/line_items/bulk_update` wins over `/jobs/{job_id}/line_items/{id}`).
 */
import type { Operation } from '../../nodes/shared/table/types';

export interface RouteMatch {
	operation: Operation;
	/** Path parameter values by placeholder name, URL-decoded. */
	params: Record<string, string>;
}

interface CompiledRoute {
	operation: Operation;
	segments: readonly { literal?: string; param?: string }[];
}

export class Router {
	private readonly routes: CompiledRoute[];

	constructor(operations: readonly Operation[]) {
		this.routes = operations.map((operation) => ({
			operation,
			segments: splitPath(operation.path).map((segment) => {
				const placeholder = /^\{(.+)\}$/.exec(segment);
				return placeholder ? { param: placeholder[1] } : { literal: segment };
			}),
		}));
	}

	match(method: string, pathname: string): RouteMatch | undefined {
		let segments: string[];
		try {
			segments = splitPath(pathname).map((segment) => decodeURIComponent(segment));
		} catch {
			return undefined;
		}
		let best: { route: CompiledRoute; params: Record<string, string>; score: string } | undefined;
		for (const route of this.routes) {
			if (route.operation.method !== method || route.segments.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let score = '';
			let ok = true;
			for (let i = 0; i < segments.length && ok; i++) {
				const part = route.segments[i];
				if (part.literal !== undefined) {
					ok = part.literal === segments[i];
					score += '1';
				} else if (segments[i] === '') {
					ok = false;
				} else {
					params[part.param as string] = segments[i];
					score += '0';
				}
			}
			// Left-to-right, a literal beats a placeholder: compare the 1/0 strings.
			if (ok && (!best || score > best.score)) best = { route, params, score };
		}
		return best ? { operation: best.route.operation, params: best.params } : undefined;
	}
}

function splitPath(path: string): string[] {
	const trimmed = path.replace(/\/+$/, '');
	return trimmed === '' ? [] : trimmed.slice(1).split('/');
}
