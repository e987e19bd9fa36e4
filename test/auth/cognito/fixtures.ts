/** Shared set-up for the local Cognito tests: declared users, a pool served over real HTTP, and token forging. */
import { createHmac, createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLocalUserPool, type DeclaredUser, type LocalCognito, type LocalUserPoolOptions } from '../../../local/auth/cognito/index.js';

export const USER_POOL_ID = 'us-east-1_LocalPool1';
export const WEB_CLIENT = 'webclient0000000000000001';
export const OTHER_CLIENT = 'otherclient00000000000002';
export const ISSUER_BASE = 'http://127.0.0.1:4000/local-cognito';
export const ISSUER = `${ISSUER_BASE}/${USER_POOL_ID}`;

export const USERS: DeclaredUser[] = [
  { username: 'ada', password: 'correct horse battery', email: 'ada@example.com', groups: ['customer'] },
  { username: 'root', password: 'admin password 1', email: 'root@example.com', groups: ['admin'] },
  {
    username: 'partner1',
    password: 'partner password 1',
    email: 'partner1@example.com',
    groups: ['partner'],
    attributes: { 'custom:issuerId': 'ISSUER-42', name: 'Partner One' },
  },
  { username: 'nogroups', password: 'no groups password' },
];

export function temporaryDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'local-cognito-'));
}

export function poolOptions(overrides: Partial<LocalUserPoolOptions> = {}): LocalUserPoolOptions {
  return {
    userPoolId: USER_POOL_ID,
    clientIds: [WEB_CLIENT, OTHER_CLIENT],
    region: 'us-east-1',
    dataDir: null,
    issuerBaseUrl: ISSUER_BASE,
    users: USERS,
    ...overrides,
  };
}

export interface ServedPool {
  cognito: LocalCognito;
  endpoint: string;
  close(): Promise<void>;
}

/** Mounts the pool's handler on an ephemeral port, the way the engine's server will (body read first). */
export async function servePool(options: LocalUserPoolOptions): Promise<ServedPool> {
  const cognito = await createLocalUserPool(options);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void cognito.handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    cognito,
    endpoint: `http://127.0.0.1:${port}/local-cognito/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

export function encodePart(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** The pool's own private key, read from its data folder: lets a test sign claims the pool itself would never mint. */
export function storedPrivateKey(dataDir: string): KeyObject {
  return createPrivateKey({ key: JSON.parse(readFileSync(path.join(dataDir, 'signing-key.json'), 'utf8')), format: 'jwk' });
}

export function signRs256(header: unknown, payload: unknown, key: KeyObject): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

export function signHs256(header: unknown, payload: unknown, secret: string | Buffer): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
