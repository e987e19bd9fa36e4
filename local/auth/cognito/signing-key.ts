/**
 * The pool's RS256 signing key. Generated on first use and kept in the data folder, so tokens held by a browser
 * stay valid across engine restarts; without a data folder it lives in memory for the life of the process.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import { LocalUserPoolConfigError } from './errors.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The JWKS entry, shaped like Cognito's: { alg, e, kid, kty, n, use } */
  publicJwk: JWK;
}

const KEY_FILE = 'signing-key.json';

export async function loadOrCreateSigningKey(dataDir: string | null): Promise<SigningKey> {
  const file = dataDir === null ? null : path.join(dataDir, KEY_FILE);
  const stored = file === null ? null : readStoredKey(file);
  // generated off the main thread: it is the slowest part of starting a pool
  const privateKey = stored ?? (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey;
  if (file !== null && stored === null) writePrivateKey(file, privateKey);

  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  return { kid, privateKey, publicJwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' } };
}

export function jwksOf(key: SigningKey): JSONWebKeySet {
  return { keys: [{ ...key.publicJwk }] };
}

function readStoredKey(file: string): KeyObject | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const key = createPrivateKey({ key: JSON.parse(text), format: 'jwk' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`expected an RSA key, found ${key.asymmetricKeyType}`);
    return key;
  } catch (err) {
    // Regenerating silently would invalidate every issued token without saying why; make the user decide.
    throw new LocalUserPoolConfigError(
      `${file} is not a usable RSA private JWK (${(err as Error).message}); delete it to generate a new key`,
    );
  }
}

function writePrivateKey(file: string, key: KeyObject): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(key.export({ format: 'jwk' })), { mode: 0o600 });
  renameSync(temporary, file);
}
