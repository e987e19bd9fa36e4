/**
 * The pool's users, built from the declarations the engine passes at startup. Plain-text passwords are turned into
 * what a user pool keeps and then dropped: a salted scrypt hash (for USER_PASSWORD_AUTH) and an SRP verifier
 * (USER_SRP_AUTH cannot work from a hash: the server needs v = g^x, which only the password can produce).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { LocalUserPoolConfigError } from './errors.js';
import { createSrpVerifier, type SrpVerifier } from './srp.js';

export interface DeclaredUser {
  username: string;
  password: string;
  email?: string;
  groups?: string[];
  /** `custom:*` attributes (e.g. `custom:issuerId`) and standard OIDC attributes such as `name` */
  attributes?: Record<string, string>;
  /** Defaults to a UUID derived from pool id + username, so seeded data can refer to it across restarts. */
  sub?: string;
}

export interface PoolUser {
  username: string;
  sub: string;
  email: string | null;
  groups: string[];
  attributes: Record<string, string>;
  passwordHash: { salt: Buffer; hash: Buffer };
  srp: SrpVerifier;
}

/** The attributes a Cognito user pool defines besides sub/email, per the OIDC standard claims it supports. */
const STANDARD_ATTRIBUTES = new Set([
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'address',
  'updated_at',
]);
const SCRYPT_PARAMS: ScryptOptions = { N: 16384, r: 8, p: 1 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Namespace for name-based subs (RFC 9562 v5); any fixed value works, it only has to never change. */
const SUB_NAMESPACE = Buffer.from('6c6f79616c74792d67726170682d7375', 'hex');

export class UserDirectory {
  private constructor(
    private readonly byUsername: Map<string, PoolUser>,
    private readonly byEmail: Map<string, PoolUser>,
  ) {}

  static async create(userPoolId: string, poolName: string, declared: DeclaredUser[]): Promise<UserDirectory> {
    // Check every declaration before hashing any password, so a typo fails fast.
    declared.forEach(checkDeclaration);
    const byUsername = new Map<string, PoolUser>();
    const byEmail = new Map<string, PoolUser>();
    for (const user of await Promise.all(declared.map((d) => toPoolUser(userPoolId, poolName, d)))) {
      if (byUsername.has(user.username)) throw new LocalUserPoolConfigError(`duplicate username ${user.username}`);
      byUsername.set(user.username, user);
      if (user.email === null) continue;
      if (byEmail.has(user.email)) throw new LocalUserPoolConfigError(`duplicate email ${user.email}`);
      byEmail.set(user.email, user);
    }
    return new UserDirectory(byUsername, byEmail);
  }

  /** The infra pool has `signInAliases: { email: true, username: true }`, so a verified email signs in too. */
  findBySignInName(name: string): PoolUser | undefined {
    return this.byUsername.get(name) ?? this.byEmail.get(name);
  }

  findByUsername(username: string): PoolUser | undefined {
    return this.byUsername.get(username);
  }
}

export async function passwordMatches(user: PoolUser, password: string): Promise<boolean> {
  const hash = await scryptAsync(password, user.passwordHash.salt);
  return timingSafeEqual(hash, user.passwordHash.hash);
}

/** GetUser's attribute list, in the order Cognito returns them (sub first). */
export function userAttributeList(user: PoolUser): { Name: string; Value: string }[] {
  const list = [{ Name: 'sub', Value: user.sub }];
  if (user.email !== null) list.push({ Name: 'email_verified', Value: 'true' }, { Name: 'email', Value: user.email });
  for (const [Name, Value] of Object.entries(user.attributes)) list.push({ Name, Value });
  return list;
}

function checkDeclaration(declared: DeclaredUser): void {
  const { username, password } = declared;
  if (typeof username !== 'string' || username === '') throw new LocalUserPoolConfigError('a user has no username');
  if (typeof password !== 'string' || password === '') throw new LocalUserPoolConfigError(`user ${username} has no password`);
  if (declared.sub !== undefined && !UUID.test(declared.sub))
    throw new LocalUserPoolConfigError(`user ${username}: sub must be a lowercase UUID`);
  for (const name of Object.keys(declared.attributes ?? {})) {
    if (!name.startsWith('custom:') && !STANDARD_ATTRIBUTES.has(name)) {
      throw new LocalUserPoolConfigError(`user ${username}: attribute ${name} is neither standard nor custom:*`);
    }
  }
}

async function toPoolUser(userPoolId: string, poolName: string, declared: DeclaredUser): Promise<PoolUser> {
  const { username, password } = declared;
  const salt = randomBytes(16);
  return {
    username,
    sub: declared.sub ?? nameBasedSub(`${userPoolId}/${username}`),
    email: declared.email ?? null,
    groups: [...(declared.groups ?? [])],
    attributes: { ...declared.attributes },
    passwordHash: { salt, hash: await scryptAsync(password, salt) },
    srp: createSrpVerifier(poolName, username, password),
  };
}

function nameBasedSub(name: string): string {
  const bytes = createHash('sha1').update(SUB_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function scryptAsync(password: BinaryLike, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, 32, SCRYPT_PARAMS, (err, key) => (err ? reject(err) : resolve(key))));
}
