/**
 * Users created through the Identity Provider API, kept in the data folder so they survive a restart as they would
 * in a real pool. Only what a pool keeps is written: the scrypt hash and SRP verifier, never a password.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalUserPoolConfigError } from './errors.js';
import type { PoolUser } from './users.js';

const USERS_FILE = 'users.json';

interface StoredUser extends Omit<PoolUser, 'passwordHash' | 'srp' | 'declared'> {
  passwordHash: { salt: string; hash: string };
  srp: { salt: string; verifier: string };
}

export class UserStore {
  private constructor(private readonly file: string | null) {}

  static open(dataDir: string | null): UserStore {
    return new UserStore(dataDir === null ? null : path.join(dataDir, USERS_FILE));
  }

  /** Appended to configuration errors about stored users, saying where they come from. */
  get hint(): string {
    return this.file === null ? '' : ` (users created through the API are kept in ${this.file}; delete it to forget them)`;
  }

  load(): PoolUser[] {
    if (this.file === null) return [];
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let stored: StoredUser[];
    try {
      stored = JSON.parse(text) as StoredUser[];
    } catch (err) {
      throw new LocalUserPoolConfigError(`${this.file} is not valid JSON (${(err as Error).message})${this.hint}`);
    }
    return stored.map((user) => ({
      ...user,
      passwordHash: { salt: Buffer.from(user.passwordHash.salt, 'hex'), hash: Buffer.from(user.passwordHash.hash, 'hex') },
      srp: { salt: user.srp.salt, verifier: BigInt(`0x${user.srp.verifier}`) },
      declared: false,
    }));
  }

  save(users: PoolUser[]): void {
    if (this.file === null) return;
    const stored: StoredUser[] = users.map(({ declared: _declared, passwordHash, srp, ...user }) => ({
      ...user,
      passwordHash: { salt: passwordHash.salt.toString('hex'), hash: passwordHash.hash.toString('hex') },
      srp: { salt: srp.salt, verifier: srp.verifier.toString(16) },
    }));
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
