/**
 * Sign-in sessions, one per refresh token. Like Cognito, a session is identified by the `origin_jti` every token
 * minted from it carries, so revoking the refresh token (RevokeToken, GlobalSignOut) also revokes its access tokens
 * for the Identity Provider API (AppSync itself never checks revocation: it only verifies signatures offline).
 * Refresh tokens are opaque random strings; only their SHA-256 is stored, in the data folder when there is one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalUserPoolConfigError } from './errors.js';

export interface SignInSession {
  originJti: string;
  username: string;
  clientId: string;
  /** seconds; the `auth_time` of every token minted from this session */
  authTime: number;
  eventId: string;
  /** seconds; Cognito's default refresh-token validity is 30 days */
  expiresAt: number;
  revoked: boolean;
}

const SESSIONS_FILE = 'refresh-sessions.json';
const REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

export class SessionStore {
  private constructor(
    private readonly file: string | null,
    private readonly byTokenHash: Map<string, SignInSession>,
  ) {}

  static open(dataDir: string | null): SessionStore {
    const file = dataDir === null ? null : path.join(dataDir, SESSIONS_FILE);
    return new SessionStore(file, new Map(file === null ? [] : readSessions(file)));
  }

  start(username: string, clientId: string, nowSeconds: number): { refreshToken: string; session: SignInSession } {
    const refreshToken = randomBytes(64).toString('base64url');
    const session: SignInSession = {
      originJti: randomUUID(),
      username,
      clientId,
      authTime: nowSeconds,
      eventId: randomUUID(),
      expiresAt: nowSeconds + REFRESH_TOKEN_LIFETIME_SECONDS,
      revoked: false,
    };
    this.prune(nowSeconds);
    this.byTokenHash.set(hashToken(refreshToken), session);
    this.save();
    return { refreshToken, session };
  }

  /** The session a refresh token belongs to, revoked or not; undefined for unknown or expired tokens. */
  find(refreshToken: string, nowSeconds: number): SignInSession | undefined {
    const session = this.byTokenHash.get(hashToken(refreshToken));
    return session !== undefined && session.expiresAt > nowSeconds ? session : undefined;
  }

  isRevoked(originJti: string): boolean {
    for (const session of this.byTokenHash.values()) if (session.originJti === originJti) return session.revoked;
    // Tokens from a session we no longer know (pruned, or another data folder) cannot be honoured either.
    return true;
  }

  revoke(session: SignInSession): void {
    session.revoked = true;
    this.save();
  }

  revokeAllOf(username: string): void {
    for (const session of this.byTokenHash.values()) if (session.username === username) session.revoked = true;
    this.save();
  }

  private prune(nowSeconds: number): void {
    for (const [hash, session] of this.byTokenHash) if (session.expiresAt <= nowSeconds) this.byTokenHash.delete(hash);
  }

  private save(): void {
    if (this.file === null) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.byTokenHash)), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

function hashToken(refreshToken: string): string {
  return createHash('sha256').update(refreshToken, 'utf8').digest('hex');
}

function readSessions(file: string): [string, SignInSession][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    return Object.entries(JSON.parse(text) as Record<string, SignInSession>);
  } catch (err) {
    throw new LocalUserPoolConfigError(`${file} is not valid JSON (${(err as Error).message}); delete it to sign everyone out`);
  }
}
