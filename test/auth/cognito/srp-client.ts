/**
 * A minimal USER_SRP_AUTH client written from the SRP-6a math as the Amplify v6 client applies it, deliberately
 * independent of local/auth/cognito/srp.ts so that a mistake on the server cannot be mirrored here and cancel out.
 * It computes S = (B − k·g^x)^(a + u·x) mod N (the client's side), where the server computes (A·v^u)^b.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

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

export interface IdpResponse {
  status: number;
  errorType: string | null;
  json: Record<string, any>;
}

export async function callIdp(endpoint: string, operation: string, body: unknown): Promise<IdpResponse> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    json: (await response.json()) as Record<string, any>,
  };
}

export interface SrpSignInInput {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  username: string;
  password: string;
  /** defaults to now; lets a test send a malformed TIMESTAMP */
  timestamp?: string;
}

/** Runs InitiateAuth(USER_SRP_AUTH) + RespondToAuthChallenge(PASSWORD_VERIFIER); returns the second response. */
export async function srpSignIn(input: SrpSignInInput): Promise<IdpResponse & { challenge: Record<string, string> }> {
  const a = BigInt('0x' + randomBytes(128).toString('hex'));
  const A = modPow(g, a, N);
  const started = await callIdp(input.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: input.clientId,
    AuthParameters: { USERNAME: input.username, SRP_A: A.toString(16) },
  });
  if (started.status !== 200) return { ...started, challenge: {} };
  const challenge = started.json.ChallengeParameters as Record<string, string>;

  const poolName = input.userPoolId.split('_')[1];
  const userId = challenge.USER_ID_FOR_SRP;
  const B = BigInt('0x' + challenge.SRP_B);
  const salt = BigInt('0x' + challenge.SALT);
  const k = hexHash(padHex(N) + padHex(g));
  const u = hexHash(padHex(A) + padHex(B));
  const x = hexHash(padHex(salt) + createHash('sha256').update(`${poolName}${userId}:${input.password}`).digest('hex'));
  const base = (((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
  const S = modPow(base, a + u * x, N);

  // HKDF written out: extract with u as salt, expand one block with info "Caldera Derived Key" || 0x01.
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  const key = createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);

  const timestamp = input.timestamp ?? amplifyTimestamp(new Date());
  const signature = createHmac('sha256', key)
    .update(
      Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(challenge.SECRET_BLOCK, 'base64'), Buffer.from(timestamp)]),
    )
    .digest('base64');
  const answered = await callIdp(input.endpoint, 'RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: input.clientId,
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
    },
  });
  return { ...answered, challenge };
}

/** "ddd MMM D HH:mm:ss UTC YYYY" in UTC, the day of month unpadded, as Amplify's getNowString builds it. */
export function amplifyTimestamp(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

function padHex(n: bigint): string {
  const hex = n.toString(16);
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return parseInt(even[0], 16) >= 8 ? `00${even}` : even;
}

function hexHash(hex: string): bigint {
  return BigInt('0x' + createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex'));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) {
    if (e & 1n) result = (result * b) % modulus;
  }
  return result;
}
