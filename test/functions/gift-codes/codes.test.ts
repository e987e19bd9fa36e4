import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkImportedCode,
  codeDigest,
  CROCKFORD_ALPHABET,
  encodeCrockford,
  formatCode,
  generateCode,
  isWellFormed,
  last4,
  normalizeCode,
} from '../../../functions/gift-codes/codes.js';
import { handler as digest } from '../../../functions/gift-codes/digest.js';

/** The same encoding computed another way: the bytes as one big number, written in base 32. */
function crockfordByBigInt(bytes: Buffer): string {
  const digits = BigInt(`0x${bytes.toString('hex')}`)
    .toString(32)
    .padStart((bytes.length * 8) / 5, '0');
  return [...digits].map((digit) => CROCKFORD_ALPHABET[parseInt(digit, 32)]).join('');
}

describe('generated codes', () => {
  it('are 16 characters of the Crockford alphabet, which has no I, L, O or U', () => {
    expect(CROCKFORD_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    for (let i = 0; i < 100; i++) expect(generateCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('carry all 80 bits of 10 bytes, 5 bits per character', () => {
    expect(encodeCrockford(Buffer.alloc(10))).toBe('0000000000000000');
    expect(encodeCrockford(Buffer.alloc(10, 0xff))).toBe('ZZZZZZZZZZZZZZZZ');
    // 0x08 0x42 ... spells 00001 00001 00001 ... : every character is 1
    expect(encodeCrockford(Buffer.from('08421084210842108421', 'hex'))).toBe('1111111111111111');
    for (let i = 0; i < 1000; i++) {
      const bytes = randomBytes(10);
      expect(encodeCrockford(bytes)).toBe(crockfordByBigInt(bytes));
    }
  });

  it('refuses bytes that do not split into whole characters', () => {
    expect(() => encodeCrockford(Buffer.alloc(9))).toThrow(/5-byte groups/);
  });

  it('are normalized already, and well formed', () => {
    const code = generateCode();
    expect(normalizeCode(code)).toBe(code);
    expect(isWellFormed(code)).toBe(true);
    expect(checkImportedCode(code)).toEqual({ ok: true, normalized: code });
  });

  it('statistically: 10,000 codes are distinct and every position uses the whole alphabet', () => {
    const codes = Array.from({ length: 10_000 }, generateCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (let position = 0; position < 16; position++) {
      const seen = new Set(codes.map((code) => code[position]));
      expect([...seen].sort().join(''), `position ${position}`).toBe(CROCKFORD_ALPHABET);
    }
  });
});

describe('formatCode', () => {
  it('groups by 4 with dashes, whatever the length', () => {
    expect(formatCode('ABCD1234EFGH5678')).toBe('ABCD-1234-EFGH-5678');
    expect(formatCode('ABCD1234EFGH5678XY')).toBe('ABCD-1234-EFGH-5678-XY');
    expect(formatCode('ABC')).toBe('ABC');
    expect(formatCode('')).toBe('');
  });

  it('formats what normalizes back to the same code', () => {
    const code = generateCode();
    expect(formatCode(code)).toMatch(/^(.{4}-){3}.{4}$/);
    expect(normalizeCode(formatCode(code))).toBe(code);
  });
});

describe('normalizeCode', () => {
  it('trims, upper-cases and drops dashes and whitespace', () => {
    expect(normalizeCode('  abcd-1234 efgh\t5678\n')).toBe('ABCD1234EFGH5678');
    expect(normalizeCode('a-b--c - d')).toBe('ABCD');
  });

  it("maps Crockford's confusables: O to 0, I and L to 1, either case", () => {
    expect(normalizeCode('oOiIlL')).toBe('001111');
    expect(normalizeCode('HOME-LOAN-BILL-SIX7')).toBe('H0ME10ANB111S1X7');
    expect(normalizeCode('h0me-l0an-b1ll-s1x7')).toBe(normalizeCode('HOME-LOAN-BILL-SIX7'));
  });

  it('upper-cases ASCII letters only, so other letters stay invalid', () => {
    expect(normalizeCode('straße')).toBe('STRAßE');
    expect(normalizeCode('ıx')).toBe('ıX');
    expect(checkImportedCode('ABCDEFGH12345678ß').ok).toBe(false);
  });
});

describe('isWellFormed', () => {
  it('takes 16 to 64 characters of 0-9 and A-Z', () => {
    expect(isWellFormed('A'.repeat(16))).toBe(true);
    expect(isWellFormed('Z9'.repeat(32))).toBe(true);
    expect(isWellFormed('U'.repeat(16))).toBe(true);
    expect(isWellFormed('A'.repeat(15))).toBe(false);
    expect(isWellFormed('A'.repeat(65))).toBe(false);
    expect(isWellFormed('abcdefgh12345678')).toBe(false);
    expect(isWellFormed('ABCD-1234-EFGH-5678')).toBe(false);
    expect(isWellFormed('')).toBe(false);
  });
});

describe('codeDigest', () => {
  it('is hex sha256 of "giftcode:v1:" and the normalized code', () => {
    const code = generateCode();
    expect(codeDigest(code)).toBe(createHash('sha256').update(`giftcode:v1:${code}`).digest('hex'));
  });

  it('never changes: stored digests must keep matching', () => {
    // computed once with `printf 'giftcode:v1:ABCD1234EFGH5678' | sha256sum`
    expect(codeDigest('ABCD1234EFGH5678')).toBe('4934405a0a704e3eabdf6c30eab484775f319877e79266bd15607ed4d1d2bab5');
  });

  it('is stable across the forms a person may type', () => {
    const code = generateCode();
    const typed = formatCode(code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(codeDigest(normalizeCode(typed))).toBe(codeDigest(code));
  });
});

describe('last4', () => {
  it('is the last 4 normalized characters', () => {
    expect(last4('ABCD1234EFGH5678')).toBe('5678');
  });
});

describe('checkImportedCode', () => {
  it('accepts 16 to 64 code characters, normalized', () => {
    expect(checkImportedCode(' partner-code-0001-abcd ')).toEqual({ ok: true, normalized: 'PARTNERC0DE0001ABCD' });
    expect(checkImportedCode('9'.repeat(64))).toEqual({ ok: true, normalized: '9'.repeat(64) });
  });

  it('rejects under 16 characters after normalization as TOO_SHORT, even with other characters', () => {
    expect(checkImportedCode('ABCD-1234-EFGH-567')).toMatchObject({ ok: false, reason: 'TOO_SHORT' });
    expect(checkImportedCode('   ')).toMatchObject({ ok: false, reason: 'TOO_SHORT', normalized: '' });
    expect(checkImportedCode('AB#D')).toMatchObject({ ok: false, reason: 'TOO_SHORT' });
  });

  it('rejects other characters as INVALID_CHARACTERS', () => {
    expect(checkImportedCode('ABCD_1234_EFGH_5678')).toMatchObject({
      ok: false,
      reason: 'INVALID_CHARACTERS',
      normalized: 'ABCD_1234_EFGH_5678',
    });
    expect(checkImportedCode('ÄBCD1234EFGH5678')).toMatchObject({ ok: false, reason: 'INVALID_CHARACTERS' });
  });

  it('rejects over 64 characters as TOO_LONG', () => {
    expect(checkImportedCode('A'.repeat(65))).toMatchObject({ ok: false, reason: 'TOO_LONG' });
  });
});

describe('the digest Lambda', () => {
  it('answers the digest, last4 and well-formedness of the normalized code', async () => {
    const code = generateCode();
    const typed = formatCode(code).toLowerCase();
    expect(await digest({ action: 'digest', code: typed })).toEqual({ codeHash: codeDigest(code), last4: last4(code), wellFormed: true });
  });

  it('answers malformed input in the same shape', async () => {
    const shape = { codeHash: expect.stringMatching(/^[0-9a-f]{64}$/), last4: expect.any(String), wellFormed: false };
    expect(await digest({ action: 'digest', code: 'short' })).toEqual(shape);
    expect(await digest({ action: 'digest', code: 42 })).toEqual({ ...shape, codeHash: codeDigest(''), last4: '' });
    expect(await digest({ action: 'digest', code: null })).toEqual(shape);
  });

  it('cuts absurdly long input to 200 characters, and never calls it well formed', async () => {
    // 190 dashes and a well-formed code: fine once normalized, but not an input anyone types
    const padded = `${'-'.repeat(190)}${generateCode()}`;
    expect(padded.length).toBeGreaterThan(200);
    const result = await digest({ action: 'digest', code: padded });
    expect(result).toEqual({
      codeHash: codeDigest(normalizeCode(padded.slice(0, 200))),
      last4: normalizeCode(padded.slice(0, 200)).slice(-4),
      wellFormed: false,
    });
    expect(await digest({ action: 'digest', code: 'A'.repeat(1_000_000) })).toMatchObject({
      codeHash: codeDigest('A'.repeat(200)),
      wellFormed: false,
    });
  });

  it('refuses other actions', async () => {
    await expect(digest({ action: 'issue' } as never)).rejects.toThrow(/Unsupported action/);
  });
});
