import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { EngineUnderTest } from '../global-setup.js';
import { RealtimeClient, type Subscriber, type Transport } from './realtime-client.js';
import { TEST_USERS } from './test-users.js';
import { signInWithPassword } from './user-pool-client.js';

/** "Given" steps: the system and callers a test starts from. */

export function theProductApi(): EngineUnderTest {
  return inject('app');
}

export function theFixtureApi(): EngineUnderTest {
  return inject('fixture');
}

/** Headers of a caller holding the API's API key. */
export function anApiKeyCaller(api: EngineUnderTest): Record<string, string> {
  return { 'x-api-key': api.apiKey };
}

/** A partition key no other test uses, so tests can share one database. */
export function aFreshPartition(prefix = 'p'): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * A user of the product API's pool: a seeded one by name (customer, customer2, admin, partner, and `globex`, a
 * second partner), or any user with its credentials (e.g. one from `aFreshCustomer()`).
 */
export type LocalUser = string | { username: string; password: string };

const PASSWORDS: Record<string, string> = Object.fromEntries(TEST_USERS.map((user) => [user.username, user.password]));

/** Signs a local user in through the local user pool's Cognito API, as a client does; returns both tokens. */
export async function aSignedInUser(api: EngineUnderTest, user: LocalUser): Promise<{ idToken: string; accessToken: string }> {
  if (!api.userPool) throw new Error('this API has no user pool');
  const { username, password } = typeof user === 'string' ? { username: user, password: PASSWORDS[user] } : user;
  return signInWithPassword(api.userPool, username, password);
}

/** Headers of a signed-in user, sending the access token as the Amplify client does. */
export async function aUserCaller(api: EngineUnderTest, user: LocalUser): Promise<Record<string, string>> {
  return { authorization: (await aSignedInUser(api, user)).accessToken };
}

/** A real-time client connected with the caller's credentials and acknowledged (connection_init → connection_ack). */
export async function aSubscriber(
  api: { url: string },
  auth: Record<string, string>,
  options: { transport?: Transport; path?: string } = {},
): Promise<Subscriber> {
  const client = await RealtimeClient.open(api.url, auth, options);
  client.send({ type: 'connection_init' });
  const answer = await client.waitFor(
    (message) => message.type === 'connection_ack' || message.type === 'connection_error',
    5000,
    'connection_ack',
  );
  if (answer.type !== 'connection_ack') throw new Error(`the connection was refused: ${JSON.stringify(answer)}`);
  return { client, auth };
}

/** The `sub` claim of a signed-in user: what ctx.identity.sub holds for them. */
export async function theSubOf(api: EngineUnderTest, user: LocalUser): Promise<string> {
  const { idToken } = await aSignedInUser(api, user);
  return JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')).sub;
}
