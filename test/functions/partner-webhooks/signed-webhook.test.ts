import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../../functions/partner-webhooks/signed-webhook.js';

const secret = 'whsec-0123456789abcdef0123456789abcdef';
const body = '{"event":"gift_code.redeemed","id":"evt-1"}';
const now = Date.UTC(2026, 2, 1, 10, 0, 0);
const t = now / 1000;

describe('X-Loyalty-Signature: t=<unix>,v1=<hex hmac-sha256(secret, "<t>.<body>")>', () => {
  it('is the HMAC of "<t>.<body>", as a partner computes it with any HMAC library', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies within the tolerance, and not outside it (a replay)', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(secret, header, body, 300, now)).toBe(true);
    expect(verifySignature(secret, header, body, 300, now + 300_000)).toBe(true);
    expect(verifySignature(secret, header, body, 300, now + 301_000)).toBe(false);
    expect(verifySignature(secret, header, body, 300, now - 301_000)).toBe(false);
  });

  it('fails for another secret, another body or another timestamp', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(`${secret}x`, header, body, 300, now)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, 300, now)).toBe(false);
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, 300, now)).toBe(false);
  });

  it('accepts any of several v1 entries (a secret rotation), with spaces after commas', () => {
    const current = signatureHeader(secret, body, t).split(',')[1];
    const old = signatureHeader('old-secret', body, t).split(',')[1];
    expect(verifySignature(secret, `t=${t}, ${old}, ${current}`, body, 300, now)).toBe(true);
  });

  it.each([
    '',
    'v1=abc',
    `t=${t}`,
    `t=${t},t=${t},v1=${'0'.repeat(64)}`,
    `t=soon,v1=${'0'.repeat(64)}`,
    `t=${t},v1=${'z'.repeat(64)}`,
    `t=${t},v1=abcd`,
  ])('rejects the malformed header %j', (header) => {
    expect(verifySignature(secret, header, body, 300, now)).toBe(false);
  });
});
