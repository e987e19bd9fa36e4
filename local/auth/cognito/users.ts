/**
 * The pool's users: those the engine declares at startup (re-created each start) and those created through the
 * Identity Provider API (SignUp, AdminCreateUser), kept in the data folder. Plain-text passwords are turned into
 * what a user pool keeps and then dropped: a salted scrypt hash (for USER_PASSWORD_AUTH) and an SRP verifier
 * (USER_SRP_AUTH cannot work from a hash: the server needs v = g^x, which only the password can produce).
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { LocalUserPoolConfigError } from './errors.js';
import { createSrpVerifier, type SrpVerifier } from './srp.js';
import { UserStore } from './user-store.js';

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

/** Cognito's user statuses the local pool has paths into (sign-up, admin invitation, confirmation). */
export type UserStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface PoolUser {
  username: string;
  sub: string;
  /** null when the user has none; signs in as an alias only once verified */
  email: string | null;
  emailVerified: boolean;
  status: UserStatus;
  groups: string[];
  attributes: Record<string, string>;
  passwordHash: { salt: Buffer; hash: Buffer };
  srp: SrpVerifier;
  /** seconds; what AdminCreateUser answers as UserCreateDate */
  createdAt: number;
  /** the sign-up confirmation code last sent, until it is used or expires */
  confirmationCode: { code: string; expiresAt: number } | null;
  /** declared at engine start (re-created from the declaration every start) rather than created through the API */
  declared: boolean;
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
    private readonly store: UserStore,
  ) {}

  /** The declared users, then those created through the API in an earlier run (kept in `dataDir`). */
  static async create(userPoolId: string, poolName: string, declared: DeclaredUser[], dataDir: string | null): Promise<UserDirectory> {
    // Check every declaration before hashing any password, so a typo fails fast.
    declared.forEach(checkDeclaration);
    const store = UserStore.open(dataDir);
    const directory = new UserDirectory(new Map(), new Map(), store);
    const seeded = await Promise.all(declared.map((d) => toPoolUser(userPoolId, poolName, d)));
    for (const user of [...seeded, ...store.load()]) {
      if (directory.byUsername.has(user.username)) throw new LocalUserPoolConfigError(`duplicate username ${user.username}${store.hint}`);
      if (user.email !== null && user.emailVerified && directory.byEmail.has(user.email)) {
        throw new LocalUserPoolConfigError(`duplicate email ${user.email}${store.hint}`);
      }
      directory.index(user);
    }
    return directory;
  }

  /** The infra pool has `signInAliases: { email: true, username: true }`, so a verified email signs in too. */
  findBySignInName(name: string): PoolUser | undefined {
    return this.byUsername.get(name) ?? this.byEmail.get(name);
  }

  findByUsername(username: string): PoolUser | undefined {
    return this.byUsername.get(username);
  }

  /** Every user, in the order they joined the directory (ListUsers pages through this). */
  all(): PoolUser[] {
    return [...this.byUsername.values()];
  }

  /** The user holding `email` as a verified sign-in alias, if any. */
  findByVerifiedEmail(email: string): PoolUser | undefined {
    return this.byEmail.get(email);
  }

  /** Adds a user created through the API; the caller has checked the username and alias are free. */
  add(user: PoolUser): void {
    this.index(user);
    this.save();
  }

  /** Persists a change to a user (status, password, groups, verified email), re-indexing its alias. */
  update(user: PoolUser): void {
    this.index(user);
    this.save();
  }

  private index(user: PoolUser): void {
    this.byUsername.set(user.username, user);
    if (user.email !== null && user.emailVerified) this.byEmail.set(user.email, user);
  }

  private save(): void {
    this.store.save([...this.byUsername.values()].filter((user) => !user.declared));
  }
}

/** A new user as the API creates it: random sub, password kept only as hash and SRP verifier. */
export async function newPoolUser(
  poolName: string,
  fields: {
    username: string;
    password: string;
    email: string | null;
    emailVerified: boolean;
    status: UserStatus;
    attributes: Record<string, string>;
  },
  nowSeconds: number,
): Promise<PoolUser> {
  return {
    username: fields.username,
    sub: randomUUID(),
    email: fields.email,
    emailVerified: fields.emailVerified,
    status: fields.status,
    groups: [],
    attributes: fields.attributes,
    ...(await passwordSecrets(poolName, fields.username, fields.password)),
    createdAt: nowSeconds,
    confirmationCode: null,
    declared: false,
  };
}

/** AdminSetUserPassword: the new password's hash and verifier replace the old ones. */
export async function setPassword(poolName: string, user: PoolUser, password: string): Promise<void> {
  Object.assign(user, await passwordSecrets(poolName, user.username, password));
}

export async function passwordMatches(user: PoolUser, password: string): Promise<boolean> {
  const hash = await scryptAsync(password, user.passwordHash.salt);
  return timingSafeEqual(hash, user.passwordHash.hash);
}

/** GetUser's attribute list, in the order Cognito returns them (sub first). */
export function userAttributeList(user: PoolUser): { Name: string; Value: string }[] {
  const list = [{ Name: 'sub', Value: user.sub }];
  if (user.email !== null) list.push({ Name: 'email_verified', Value: String(user.emailVerified) }, { Name: 'email', Value: user.email });
  for (const [Name, Value] of Object.entries(user.attributes)) list.push({ Name, Value });
  return list;
}

/** Whether a user may have attribute `name`: a standard one, or a `custom:` one the pool's schema declares. */
export function isSchemaAttribute(name: string, schemaAttributes: readonly string[]): boolean {
  return STANDARD_ATTRIBUTES.has(name) || (name.startsWith('custom:') && schemaAttributes.includes(name.slice('custom:'.length)));
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
  return {
    username,
    sub: declared.sub ?? nameBasedSub(`${userPoolId}/${username}`),
    email: declared.email ?? null,
    emailVerified: declared.email !== undefined,
    status: 'CONFIRMED',
    groups: [...(declared.groups ?? [])],
    attributes: { ...declared.attributes },
    ...(await passwordSecrets(poolName, username, password)),
    createdAt: 0,
    confirmationCode: null,
    declared: true,
  };
}

async function passwordSecrets(poolName: string, username: string, password: string): Promise<Pick<PoolUser, 'passwordHash' | 'srp'>> {
  const salt = randomBytes(16);
  return { passwordHash: { salt, hash: await scryptAsync(password, salt) }, srp: createSrpVerifier(poolName, username, password) };
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
