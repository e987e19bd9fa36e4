/** Identifier generators: util.autoId (UUID v4), util.autoUlid, util.autoKsuid. */
import { randomBytes, randomUUID } from 'node:crypto';

export function autoId(): string {
  return randomUUID();
}

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 chars: 48-bit millisecond timestamp then 80 random bits, Crockford base32. */
export function autoUlid(): string {
  let time = Date.now();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD_BASE32[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  let random = BigInt('0x' + randomBytes(10).toString('hex'));
  let randomPart = '';
  for (let i = 0; i < 16; i++) {
    randomPart = CROCKFORD_BASE32[Number(random & 31n)] + randomPart;
    random >>= 5n;
  }
  return timePart + randomPart;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID timestamps count seconds from 2014-05-13T16:53:20Z. */
const KSUID_EPOCH_SECONDS = 1_400_000_000;

/** 27 chars: base62 of a 4-byte timestamp followed by 16 random bytes. */
export function autoKsuid(): string {
  const payload = Buffer.alloc(20);
  payload.writeUInt32BE(Math.floor(Date.now() / 1000) - KSUID_EPOCH_SECONDS, 0);
  randomBytes(16).copy(payload, 4);
  let value = BigInt('0x' + payload.toString('hex'));
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(27, '0');
}
