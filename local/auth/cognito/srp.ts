/**
 * The server half of Cognito's SRP-6a variant (the USER_SRP_AUTH flow Amplify uses by default).
 *
 * Every derivation mirrors what the Amplify v6 client computes (`@aws-amplify/auth`, providers/cognito/utils/srp):
 * - group: the 3072-bit MODP prime of RFC 5054 / RFC 3526, g = 2;
 * - values are hashed as the bytes of their "padded hex" (Java BigInteger.toByteArray style: even length, and a
 *   leading 00 when the top bit is set), SHA-256 everywhere;
 * - k = H(N | g), u = H(A | B), x = H(salt | H(poolName + username + ":" + password));
 * - the session key is HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key"), 16 bytes;
 * - the client's proof is HMAC-SHA256(key, poolName + username + SECRET_BLOCK bytes + timestamp), base64.
 * "poolName" is the part of the user pool id after the underscore.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;
const k = hashOfHex(paddedHex(N) + paddedHex(g));

/** What the pool stores instead of being able to recompute from a password: the SRP verifier v = g^x mod N. */
export interface SrpVerifier {
  /** hex, as sent to the client in the SALT challenge parameter */
  salt: string;
  verifier: bigint;
}

/** The server's ephemeral secret for one sign-in attempt. */
export interface SrpServerEphemeral {
  b: bigint;
  /** B = k·v + g^b mod N, sent as SRP_B (plain lowercase hex, as Cognito sends it) */
  B: bigint;
}

export function createSrpVerifier(poolName: string, username: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString('hex');
  const x = passwordExponent(poolName, username, password, BigInt('0x' + salt));
  return { salt, verifier: modPow(g, x, N) };
}

export function createServerEphemeral(verifier: bigint): SrpServerEphemeral {
  for (;;) {
    const b = BigInt('0x' + randomBytes(128).toString('hex')) % N;
    const B = (k * verifier + modPow(g, b, N)) % N;
    if (b !== 0n && B !== 0n) return { b, B };
  }
}

/** Parses the client's SRP_A; null when it is not hex or is a multiple of N (which would make the key guessable). */
export function parseClientPublicValue(hex: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(hex)) return null;
  const A = BigInt('0x' + hex);
  return A % N === 0n ? null : A;
}

/** The 16-byte key both sides derive; null when u = 0 (the exchange must then be aborted). */
export function deriveSessionKey(A: bigint, ephemeral: SrpServerEphemeral, verifier: bigint): Buffer | null {
  const u = hashOfHex(paddedHex(A) + paddedHex(ephemeral.B));
  if (u === 0n) return null;
  const S = modPow((A * modPow(verifier, u, N)) % N, ephemeral.b, N);
  const key = hkdfSync('sha256', hexBytes(paddedHex(S)), hexBytes(paddedHex(u)), 'Caldera Derived Key', 16);
  return Buffer.from(key);
}

export interface PasswordClaim {
  poolName: string;
  username: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/** Checks PASSWORD_CLAIM_SIGNATURE in constant time. */
export function passwordClaimIsValid(key: Buffer, claim: PasswordClaim): boolean {
  const expected = createHmac('sha256', key)
    .update(claim.poolName, 'utf8')
    .update(claim.username, 'utf8')
    .update(Buffer.from(claim.secretBlock, 'base64'))
    .update(claim.timestamp, 'utf8')
    .digest();
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Amplify's TIMESTAMP: "ddd MMM D HH:mm:ss UTC YYYY" in UTC, day of month not padded (e.g. "Sun Nov 2 07:05:09 UTC 2026"). */
export const SRP_TIMESTAMP_FORMAT =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;

function passwordExponent(poolName: string, username: string, password: string, salt: bigint): bigint {
  const identityHash = createHash('sha256').update(`${poolName}${username}:${password}`, 'utf8').digest('hex');
  return hashOfHex(paddedHex(salt) + identityHash);
}

/** Hex of a non-negative integer as Java's BigInteger.toByteArray() would encode it. */
function paddedHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  return /^[89a-f]/.test(hex) ? '00' + hex : hex;
}

function hexBytes(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

function hashOfHex(hex: string): bigint {
  return BigInt('0x' + createHash('sha256').update(hexBytes(hex)).digest('hex'));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
