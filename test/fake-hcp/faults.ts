/**
 * Injected failures: a rule matches requests by method and path and answers instead of the route,
 * `times` times (FIELD-NOTES "Limits and errors": 429 without headers, 5xx, HTML 404s).
 */

export type FaultKind = 'rate-limit' | 'rate-limit-retry-after' | 'server-error' | 'slow' | 'drop' | 'html-404';

export interface FaultRule {
	/** Any method when absent. */
	method?: string;
	/** Exact pathname (no query), or a RegExp tested on the pathname; any path when absent. */
	path?: string | RegExp;
	/** How many matching requests it answers; default 1. `Infinity` for all. */
	times?: number;
	kind: FaultKind;
	/** For `server-error` (default 503) and the rate limits (default 429). */
	status?: number;
	/** For `rate-limit-retry-after`; default 1. */
	retryAfterSeconds?: number;
	/** For `slow`: wait before the normal answer; default 2000. */
	delayMs?: number;
}

interface ActiveRule {
	rule: FaultRule;
	left: number;
}

export class FaultList {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		this.rules.push({ rule, left: rule.times ?? 1 });
	}

	clear(): void {
		this.rules = [];
	}

	/** The first rule matching this request, with one use taken from it. */
	take(method: string, pathname: string): FaultRule | undefined {
		for (const active of this.rules) {
			const { rule } = active;
			if (active.left <= 0) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (rule.path !== undefined) {
				if (rule.path instanceof RegExp) rule.path.lastIndex = 0; // a /g pattern keeps state between tests
				const hit = typeof rule.path === 'string' ? rule.path === pathname : rule.path.test(pathname);
				if (!hit) continue;
			}
			active.left--;
			this.rules = this.rules.filter((candidate) => candidate.left > 0);
			return rule;
		}
		return undefined;
	}
}
