/**
 * Every operation of the table, run once through n8n-core against the fake HCP: the exact request
 * (method, path, bracketed query, body) from the fake's request log, and the output items.
 * Cases are generated from the table; special operations are checked by hand below.
 */
import type { INodeParameters } from 'n8n-workflow';

import { hasSimplify } from '../../nodes/HousecallPro/contract';
import { simplifierFor } from '../../nodes/HousecallPro/simplify';
import { SPECIAL_TABLE_OPERATIONS } from '../../nodes/HousecallPro/operations/registry';
import { OPERATIONS } from '../../nodes/shared/table';
import type { Operation } from '../../nodes/shared/table/types';
import { fillPath, parseListPage } from '../../nodes/shared/transport';
import { normalizeBody } from '../../nodes/HousecallPro/validate';
import { sampleQueryValue } from '../unit/node-samples';
import { bodyParameters, ensureRows, minimalBody, pathParameters, pathValues, queryPairs, replay, run, runWithBinary, withFake } from './node-helpers';

const LIMIT = 3;

/** Required query values the fake can resolve (a real material category, a pipeline type). */
function requiredQuery(operation: Operation, known: Record<string, unknown>): Record<string, unknown> {
	const query: Record<string, unknown> = {};
	for (const param of (operation.query ?? []).filter((q) => q.required)) {
		query[param.name] = param.name in known ? known[param.name] : sampleQueryValue(param);
	}
	return query;
}

const generic = OPERATIONS.filter((operation) => !SPECIAL_TABLE_OPERATIONS.has(operation.key));

describe('every table operation through the engine', () => {
	it('covers all 95 operations between the generated and the hand-written cases', () => {
		expect(generic.length + SPECIAL_TABLE_OPERATIONS.size).toBe(95);
	});

	it.each(generic.map((operation) => [operation.key, operation] as const))('%s', async (_key, operation) => {
		await withFake({}, async (fake) => {
			ensureRows(fake, operation);
			const values = pathValues(fake, operation);
			const known = {
				material_category_uuid: fake.store.list('materialCategory')[0].uuid,
				resource_type: 'job',
			};
			const query = requiredQuery(operation, known);
			const body = operation.body ? minimalBody(fake, operation) : undefined;
			const parameters: INodeParameters = {
				resource: operation.resource,
				operation: operation.operation,
				...pathParameters(operation, values),
				...Object.fromEntries(Object.entries(query).map(([name, value]) => [name.replace(/_([a-z])/g, (_m, l: string) => l.toUpperCase()), value as string])),
				...(body ? bodyParameters(operation, body) : {}),
				...(operation.list ? { returnAll: false, limit: LIMIT } : {}),
			};
			fake.clearRequests();
			const { items, error } = await run(fake, parameters);
			expect(error).toBeUndefined();

			// The request: exactly one, to the table's path, with exactly these query pairs and body.
			expect(fake.requests).toHaveLength(1);
			const [request] = fake.requests;
			expect(`${request.status}`).toMatch(/^20[0-4]$/);
			expect(request.method).toBe(operation.method);
			expect(request.path).toBe(fillPath(operation.path, values));
			const expectedPairs = Object.entries(query).map(([name, value]) => `${name}=${value}`);
			if (operation.list?.pageSizeParam) expectedPairs.push('page=1', `${operation.list.pageSizeParam}=${LIMIT}`);
			expect(queryPairs(request)).toEqual(expectedPairs.sort());
			if (body) expect(request.body).toEqual(normalizeBody(operation.body!.fields, body, 'UTC'));
			else expect(request.body).toBeUndefined();

			// The output: every item paired with the input; reads give what HCP answered.
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
			if (operation.method !== 'GET') {
				expect(Object.keys(items[0].json).length).toBeGreaterThan(0);
				return;
			}
			const answer = await replay(fake, request);
			const simplify = hasSimplify(operation) ? simplifierFor(operation.object) : undefined;
			const expected = operation.list ? parseListPage(operation.list, answer).rows.slice(0, LIMIT) : [answer];
			expect(items.map((item) => item.json)).toEqual(simplify ? expected.map((row) => simplify(row as never)) : expected);
		});
	});
});

describe('hand-checked special operations', () => {
	it('job.addAttachment sends the input binary as multipart field "file" and returns the 202 answer', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			fake.clearRequests();
			const { items, error } = await runWithBinary(
				fake,
				{ resource: 'job', operation: 'addAttachment', jobId: { __rl: true, mode: 'id', value: String(job.id) }, binaryPropertyName: 'photo' },
				[{ n: 1 }],
				{ text: 'jpeg bytes', field: 'photo' },
			);
			expect(error).toBeUndefined();
			expect(fake.requests).toHaveLength(1);
			const [request] = fake.requests;
			expect({ method: request.method, path: request.path, status: request.status }).toEqual({ method: 'POST', path: `/jobs/${job.id}/attachments`, status: 202 });
			expect(request.body).toEqual({ fields: {}, files: [{ field: 'file', filename: 'photo-0.jpg', contentType: 'image/jpeg', size: 'jpeg bytes'.length }] });
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(Object.keys(items[0].json).length).toBeGreaterThan(0);
			// The fake keeps the attachment on the job.
			const attachments = fake.store.get('job', String(job.id))!.attachments as unknown[];
			expect(attachments.length).toBeGreaterThan(0);
		});
	});

	it('estimateOption.addAttachment uploads under the estimate option, one request per item', async () => {
		await withFake({}, async (fake) => {
			const option = fake.store.list('estimateOption')[0];
			fake.clearRequests();
			const { items, error } = await runWithBinary(
				fake,
				{
					resource: 'estimateOption',
					operation: 'addAttachment',
					estimateId: { __rl: true, mode: 'id', value: String(option.estimate_id) },
					optionId: String(option.id),
				},
				[{ n: 1 }, { n: 2 }],
			);
			expect(error).toBeUndefined();
			expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
				`POST /estimates/${option.estimate_id}/options/${option.id}/attachments 202`,
				`POST /estimates/${option.estimate_id}/options/${option.id}/attachments 202`,
			]);
			expect(fake.requests.map((request) => (request.body as { files: Array<{ filename: string }> }).files[0].filename)).toEqual(['photo-0.jpg', 'photo-1.jpg']);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});
	});

	it('a missing input binary field is an error that names it', async () => {
		await withFake({}, async (fake) => {
			const job = fake.store.list('job')[0];
			const { error } = await runWithBinary(fake, { resource: 'job', operation: 'addAttachment', jobId: String(job.id), binaryPropertyName: 'nope' });
			expect(error?.message).toMatch(/nope/);
		});
	});

	it('invoice.preview returns the HTML as binary data plus its metadata', async () => {
		await withFake({}, async (fake) => {
			const invoice = fake.store.list('invoice')[0];
			fake.clearRequests();
			const { items, error } = await run(fake, {
				resource: 'invoice',
				operation: 'preview',
				invoiceId: { __rl: true, mode: 'id', value: String(invoice.id) },
				binaryPropertyName: 'page',
			});
			expect(error).toBeUndefined();
			expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/invoices/${invoice.id}/preview`]);
			const html = (await replay(fake, fake.requests[0])) as string;
			expect(html).toMatch(/<html/i);
			expect(items).toHaveLength(1);
			const binary = items[0].binary!.page;
			expect(binary.mimeType).toBe('text/html');
			expect(binary.fileName).toBe(`invoice-${invoice.id}.html`);
			expect(Buffer.from(binary.data, 'base64').toString('utf8')).toBe(html);
			expect(items[0].json).toEqual({ invoice_id: invoice.id, file_name: `invoice-${invoice.id}.html`, mime_type: 'text/html', size_bytes: Buffer.byteLength(html) });
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});
});
