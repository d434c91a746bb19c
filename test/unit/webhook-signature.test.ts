import { createHmac } from 'node:crypto';

import { signDelivery, verifySignature, type SignatureCheck } from '../../nodes/HousecallProWebhookTrigger';

const SECRET = 'whsec-unit-test';
const NOW_MS = 1_785_000_000_000;
const NOW_S = String(NOW_MS / 1000);
const BODY = Buffer.from('{"event":"job.completed","job":{"id":"job_1","note":"caf\u00e9 \u2603"}}', 'utf8');

/** Written independently of the module: the documented formula, hex of HMAC over "<ts>.<body>". */
function referenceSignature(secret: string, timestamp: string, body: Buffer): string {
	return createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]))
		.digest('hex');
}

function check(overrides: Partial<SignatureCheck> = {}): SignatureCheck {
	return {
		secret: SECRET,
		timestamp: NOW_S,
		signature: referenceSignature(SECRET, NOW_S, BODY),
		rawBody: BODY,
		nowMs: NOW_MS,
		maxAgeSeconds: 72 * 3600,
		...overrides,
	};
}

describe('signDelivery', () => {
	it('produces lowercase hex of HMAC-SHA256(secret, "<timestamp>.<raw bytes>")', () => {
		const signature = signDelivery(SECRET, NOW_S, BODY);
		expect(signature).toBe(referenceSignature(SECRET, NOW_S, BODY));
		expect(signature).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('verifySignature', () => {
	it('accepts a correct signature', () => {
		expect(verifySignature(check())).toEqual({ valid: true });
	});

	it('accepts the signature with a sha256= prefix and surrounding spaces', () => {
		const signature = ` sha256=${referenceSignature(SECRET, NOW_S, BODY)} `;
		expect(verifySignature(check({ signature }))).toEqual({ valid: true });
		expect(verifySignature(check({ signature: `SHA256=${referenceSignature(SECRET, NOW_S, BODY)}` }))).toEqual({
			valid: true,
		});
	});

	it('rejects a body changed by one byte', () => {
		const tampered = Buffer.from(BODY);
		tampered[tampered.length - 3] ^= 0x01;
		expect(verifySignature(check({ rawBody: tampered }))).toEqual({ valid: false, failure: 'mismatch' });
	});

	it('rejects the same JSON re-serialised (verification is over the raw bytes)', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8')), null, 1));
		expect(verifySignature(check({ rawBody: reserialised }))).toEqual({ valid: false, failure: 'mismatch' });
	});

	it('rejects a signature made with another secret', () => {
		const signature = referenceSignature('another-secret', NOW_S, BODY);
		expect(verifySignature(check({ signature }))).toEqual({ valid: false, failure: 'mismatch' });
	});

	it('rejects a signature made for another timestamp', () => {
		const signature = referenceSignature(SECRET, String(NOW_MS / 1000 - 1), BODY);
		expect(verifySignature(check({ signature }))).toEqual({ valid: false, failure: 'mismatch' });
	});

	it('accepts old timestamps up to the max age, future ones only by 5 minutes of skew', () => {
		const at = (offsetSeconds: number, maxAgeSeconds = 72 * 3600) => {
			const timestamp = String(NOW_MS / 1000 + offsetSeconds);
			return verifySignature(check({ timestamp, signature: referenceSignature(SECRET, timestamp, BODY), maxAgeSeconds }));
		};
		// A retry that kept its first timestamp after a 10-minute or a weekend-long outage.
		expect(at(-600)).toEqual({ valid: true });
		expect(at(-62 * 3600)).toEqual({ valid: true });
		expect(at(-72 * 3600)).toEqual({ valid: true });
		expect(at(-72 * 3600 - 1)).toEqual({ valid: false, failure: 'staleTimestamp' });
		expect(at(-3601, 3600)).toEqual({ valid: false, failure: 'staleTimestamp' });
		expect(at(300)).toEqual({ valid: true });
		expect(at(301)).toEqual({ valid: false, failure: 'futureTimestamp' });
		// The future bound does not grow with the max age.
		expect(at(3600, 720 * 3600)).toEqual({ valid: false, failure: 'futureTimestamp' });
	});

	it('checks the age before hashing: an expired request costs no HMAC and says which bound it broke', () => {
		const timestamp = String(NOW_MS / 1000 - 73 * 3600);
		expect(verifySignature(check({ timestamp, signature: 'f'.repeat(64) }))).toEqual({ valid: false, failure: 'staleTimestamp' });
	});

	it('reports missing headers', () => {
		expect(verifySignature(check({ timestamp: undefined }))).toEqual({ valid: false, failure: 'missingTimestamp' });
		expect(verifySignature(check({ timestamp: '  ' }))).toEqual({ valid: false, failure: 'missingTimestamp' });
		expect(verifySignature(check({ signature: undefined }))).toEqual({ valid: false, failure: 'missingSignature' });
		expect(verifySignature(check({ signature: '' }))).toEqual({ valid: false, failure: 'missingSignature' });
	});

	it('rejects timestamps that are not Unix seconds', () => {
		for (const timestamp of ['2026-07-24T05:38:14Z', '1785000000.5', '-1785000000', '0x6a0b', '1785000000000000']) {
			expect(verifySignature(check({ timestamp }))).toEqual({ valid: false, failure: 'malformedTimestamp' });
		}
	});

	it('rejects signatures that are not 64 hex digits', () => {
		const good = referenceSignature(SECRET, NOW_S, BODY);
		const cases = [
			`${good.slice(0, 63)}g`, // non-hex
			good.slice(0, 62), // short
			`${good}00`, // long
			'sha256=', // prefix only
			Buffer.from(good, 'hex').toString('base64'), // right bytes, wrong encoding
			`${good},${good}`, // repeated header joined by the HTTP server
		];
		for (const signature of cases) {
			expect(verifySignature(check({ signature }))).toEqual({ valid: false, failure: 'malformedSignature' });
		}
	});

	it('checks an empty body like any other', () => {
		const empty = Buffer.alloc(0);
		expect(verifySignature(check({ rawBody: empty, signature: referenceSignature(SECRET, NOW_S, empty) }))).toEqual({
			valid: true,
		});
		expect(verifySignature(check({ rawBody: empty }))).toEqual({ valid: false, failure: 'mismatch' });
	});
});
