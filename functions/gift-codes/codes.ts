import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O (they read as 1, 1, 0) and no U. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits: too many to guess or enumerate, so the digest needs no pepper. */
const GENERATED_CODE_BYTES = 10;
const MIN_CODE_LENGTH = 16;
const MAX_CODE_LENGTH = 64;
const WELL_FORMED = new RegExp(`^[0-9A-Z]{${MIN_CODE_LENGTH},${MAX_CODE_LENGTH}}$`);
const CODE_CHARACTERS = /^[0-9A-Z]*$/;
const DIGEST_PREFIX = 'giftcode:v1:';

export type ImportRejection = 'TOO_SHORT' | 'INVALID_CHARACTERS' | 'TOO_LONG';
export type ImportCheck = { ok: true; normalized: string } | { ok: false; normalized: string; reason: ImportRejection };

/** A new code, normalized: 16 Crockford characters from 10 random bytes. */
export function generateCode(): string {
  return encodeCrockford(randomBytes(GENERATED_CODE_BYTES));
}

/** Big-endian, exactly 5 bits per character: 5 bytes make 8 characters, so no bit is dropped or padded. */
export function encodeCrockford(bytes: Uint8Array): string {
  if (bytes.length % 5 !== 0) throw new Error(`encodeCrockford takes whole 5-byte groups, got ${bytes.length} bytes`);
  let encoded = '';
  let pending = 0;
  let pendingBits = 0;
  for (const byte of bytes) {
    pending = (pending << 8) | byte;
    pendingBits += 8;
    while (pendingBits >= 5) {
      pendingBits -= 5;
      encoded += CROCKFORD_ALPHABET[(pending >>> pendingBits) & 0b11111];
    }
    // keep only the bits not yet written, so `pending` never outgrows 32-bit arithmetic
    pending &= (1 << pendingBits) - 1;
  }
  return encoded;
}

/** `XXXX-XXXX-XXXX-XXXX`: groups of 4, the last one possibly shorter. */
export function formatCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * The one form every code is compared in: what a person types, with dashes, spaces, lower case or Crockford's
 * confusables, maps to the form it was issued in.
 */
export function normalizeCode(input: string): string {
  return (
    input
      // removing all whitespace also trims
      .replace(/[\s-]/g, '')
      // ASCII only: toUpperCase would turn 'ß' into 'SS' and 'ı' into 'I', letting non-code characters pass as a code
      .replace(/[a-z]/g, (letter) => letter.toUpperCase())
      .replace(/O/g, '0')
      .replace(/[IL]/g, '1')
  );
}

export function isWellFormed(normalized: string): boolean {
  return WELL_FORMED.test(normalized);
}

/** What the table stores instead of the code: `hex(sha256("giftcode:v1:" + normalized))`. */
export function codeDigest(normalized: string): string {
  return createHash('sha256')
    .update(DIGEST_PREFIX + normalized, 'utf8')
    .digest('hex');
}

/** The only part of a code shown after issue. */
export function last4(normalized: string): string {
  return normalized.slice(-4);
}

/** Whether a partner's own code can be imported; `normalized` is returned either way, for reporting. */
export function checkImportedCode(raw: string): ImportCheck {
  const normalized = normalizeCode(raw);
  // under 16 characters is under 80 bits, however random
  if (normalized.length < MIN_CODE_LENGTH) return { ok: false, normalized, reason: 'TOO_SHORT' };
  if (!CODE_CHARACTERS.test(normalized)) return { ok: false, normalized, reason: 'INVALID_CHARACTERS' };
  if (normalized.length > MAX_CODE_LENGTH) return { ok: false, normalized, reason: 'TOO_LONG' };
  return { ok: true, normalized };
}
