/**
 * The fake HCP for test/bench/polling.ts, in a process of its own so the benchmark's CPU figures are
 * the trigger's alone. Started with fork(); answers IPC messages:
 *   {op: 'count'} -> {requests}           requests answered so far
 *   {op: 'touch', object, count} -> {ok}  updates `count` records of `object` one second later
 */
import { startFakeHcp } from '../fake-hcp';
import type { ObjectName } from '../../nodes/shared/table/types';
import { Rng } from '../fake-hcp/util';

async function main(): Promise<void> {
	const records = Number(process.env.BENCH_RECORDS ?? 1000);
	let clock = Date.parse('2026-03-01T10:00:00Z');
	const fake = await startFakeHcp({
		seed: 11,
		now: () => new Date(clock),
		size: { customer: records, lead: records, job: records, estimate: 20 },
	});
	const rng = new Rng(99);
	process.on('message', (message: { op: string; object?: ObjectName; count?: number }) => {
		if (message.op === 'count') {
			process.send!({ requests: fake.requests.length });
		} else if (message.op === 'touch') {
			clock += 1000;
			const object = message.object!;
			const rows = fake.store.list(object);
			for (let i = 0; i < (message.count ?? 1); i++) {
				const row = rng.pick(rows);
				const id = String(row[object === 'materialCategory' ? 'uuid' : 'id']);
				const patch = object === 'lead' ? { tags: [`bench ${rng.int(0, 1e9)}`] } : object === 'job' ? { work_status: 'complete unrated' } : { notes: `bench ${rng.int(0, 1e9)}` };
				fake.store.update(object, id, patch);
			}
			process.send!({ ok: true });
		} else if (message.op === 'stop') {
			void fake.close().then(() => process.exit(0));
		}
	});
	process.send!({ url: fake.url, apiKey: fake.apiKey });
}

void main();
