/**
 * An in-memory Housecall Pro list for the pure poll tests: sorts and pages like the live API
 * (page numbers, `sort_by`/`sort_direction`, rows sharing a second in an arbitrary but fixed
 * order), filters with a test-given predicate, and lets a test change rows between two pages.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ListReader } from '../../nodes/HousecallProTrigger/poll';
import type { ListPage } from '../../nodes/shared/transport/paginate';
import type { Query } from '../../nodes/shared/transport/query';

export const T0 = Date.parse('2026-03-01T10:00:00Z');

export function iso(second: number): string {
	return new Date(T0 + second * 1000).toISOString().replace('.000Z', 'Z');
}

export class MemoryList implements ListReader {
	readonly rows = new Map<string, IDataObject>();
	/** GET requests answered (one per page). */
	requests = 0;
	/** Called before each page is answered (1-based), to change the list under a read. */
	beforePage?: (page: number) => void;
	/** Answer as if the list cannot page: only page 1, whatever the page asked. */
	cannotPage = false;
	/** Fails the nth request from now (1-based), like a 429 storm that retries could not absorb. */
	failOnRequest?: number;
	/** The poll's time budget runs out after this many pages of one read. */
	budgetPages?: number;

	constructor(
		private readonly idField = 'id',
		private readonly matches: (row: IDataObject, query: Query) => boolean = () => true,
		/** Tie order among equal sort keys: a fixed shuffle key per id. */
		private readonly tieKey: (id: string) => number = () => 0,
	) {}

	put(row: IDataObject): void {
		const id = String(row[this.idField]);
		this.rows.delete(id);
		this.rows.set(id, row);
	}

	remove(id: string): void {
		this.rows.delete(id);
	}

	private sorted(query: Query): IDataObject[] {
		const rows = [...this.rows.values()].filter((row) => this.matches(row, query));
		const field = typeof query.sort_by === 'string' ? query.sort_by : 'created_at';
		const direction = query.sort_direction === 'asc' ? 1 : -1;
		const indexed = rows.map((row, index) => ({ row, index, tie: this.tieKey(String(row[this.idField])) }));
		indexed.sort((a, b) => {
			const x = String(a.row[field] ?? '');
			const y = String(b.row[field] ?? '');
			if (x !== y) return x < y ? -direction : direction;
			return a.tie - b.tie || a.index - b.index;
		});
		return indexed.map((entry) => entry.row);
	}

	async *pages(query: Query, options: { pageSize?: number; endWhenOutOfTime?: boolean } = {}): AsyncGenerator<ListPage> {
		const pageSize = options.pageSize ?? 200;
		for (let page = 1; ; page++) {
			this.beforePage?.(page);
			this.requests++;
			if (this.failOnRequest !== undefined && --this.failOnRequest === 0) {
				this.failOnRequest = undefined;
				throw new Error('Rate limited by Housecall Pro (429)');
			}
			const all = this.sorted(query);
			const totalPages = Math.ceil(all.length / pageSize);
			const rows = all.slice((page - 1) * pageSize, page * pageSize).map((row) => structuredClone(row));
			yield { rows, totalPages, totalItems: all.length };
			if (this.cannotPage || page >= totalPages) return;
			if (this.budgetPages !== undefined && page >= this.budgetPages) {
				if (options.endWhenOutOfTime) return;
				throw new Error('Out of time');
			}
		}
	}
}
