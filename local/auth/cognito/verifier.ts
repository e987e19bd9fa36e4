/**
 * Verifies Cognito user-pool JWTs the way AppSync's AMAZON_COGNITO_USER_POOLS mode does, so a forged, unsigned or
 * foreign token fails locally exactly as it would in AWS:
 * - RS256 only, key chosen by `kid` from the pool's JWKS (alg "none", HS256-with-the-public-key, unknown kid fail);
 * - `exp` / `nbf` / `iat` checked with a small clock skew; `iss` must equal the pool's issuer exactly;
 * - both ID and access tokens are accepted (Amplify v6 sends the ACCESS token for `authMode: 'userPool'`); the app
 *   client id is the ID token's `aud` or the access token's `client_id`, matched against `appIdClientRegex`
 *   (whole-string match, as a Java `matches()` would) and/or an explicit list;
 * - revocation is NOT checked: AppSync verifies offline, so a signed-out user's tokens work until they expire.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { TokenRejectedError, type TokenRejectionCode } from './errors.js';

export interface CognitoClaims {
  sub: string;
  iss: string;
  token_use: 'id' | 'access';
  exp: number;
  iat: number;
  auth_time?: number;
  jti?: string;
  origin_jti?: string;
  event_id?: string;
  /** ID tokens: the app client id */
  aud?: string;
  /** access tokens: the app client id */
  client_id?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  username?: string;
  scope?: string;
  email?: string;
  email_verified?: boolean;
  [claim: string]: unknown;
}

export interface CognitoVerifierOptions {
  /** e.g. `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` or the local pool's issuer */
  issuer: string;
  jwks?: JSONWebKeySet;
  jwksUrl?: string;
  /** AppSync's `appIdClientRegex`; unset means any client of the pool */
  appIdClientRegex?: string;
  clientIds?: string[];
  clockSkewSeconds?: number;
  /** Longest accepted token in characters, checked before any parsing. */
  maxTokenLength?: number;
  /** ms since the epoch; injectable for tests */
  now?: () => number;
}

export interface CognitoVerifier {
  /** Resolves with the claims or rejects with TokenRejectedError; accepts an optional `Bearer ` prefix. */
  verify(token: unknown): Promise<CognitoClaims>;
}

/** `ctx.identity` for a request authorised by a Cognito user pool. */
export interface CognitoIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: CognitoClaims;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}

const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Cognito tokens are a few KB, growing with groups and attributes; 16 KiB leaves room and refuses hostile megabytes. */
const DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createCognitoVerifier(options: CognitoVerifierOptions): CognitoVerifier {
  const keys = keyResolver(options);
  const clientIdMatches = clientIdMatcher(options);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const now = options.now ?? Date.now;

  return {
    async verify(input) {
      const token = stripBearer(input, maxLength);
      const header = decodeHeader(token);
      if (header.alg !== 'RS256') throw new TokenRejectedError('algorithm', `alg ${String(header.alg)} is not RS256`);
      if (typeof header.kid !== 'string') throw new TokenRejectedError('unknown-key', 'header has no kid');

      const currentDate = new Date(now());
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer: options.issuer,
          clockTolerance: skew,
          currentDate,
          requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
        }));
      } catch (err) {
        throw rejectionFromJose(err);
      }

      const claims = checkClaims(payload, currentDate.getTime() / 1000 + skew);
      const clientId = claims.token_use === 'id' ? claims.aud : claims.client_id;
      if (typeof clientId !== 'string' || !clientIdMatches(clientId)) {
        throw new TokenRejectedError('client', `app client ${String(clientId)} is not accepted`);
      }
      return claims;
    },
  };
}

export function identityFromClaims(
  claims: CognitoClaims,
  request: { sourceIp: string[]; defaultAuthStrategy: 'ALLOW' | 'DENY' },
): CognitoIdentity {
  // verify() guarantees the username claim of the token's kind is a string
  const username = (claims.token_use === 'id' ? claims['cognito:username'] : claims.username) as string;
  return {
    sub: claims.sub,
    issuer: claims.iss,
    username,
    claims,
    sourceIp: request.sourceIp,
    defaultAuthStrategy: request.defaultAuthStrategy,
    groups: claims['cognito:groups'] ?? null,
  };
}

function keyResolver(options: CognitoVerifierOptions): JWTVerifyGetKey {
  if (options.jwks !== undefined) return createLocalJWKSet(options.jwks);
  if (options.jwksUrl !== undefined) return createRemoteJWKSet(new URL(options.jwksUrl));
  throw new TypeError('createCognitoVerifier needs jwks or jwksUrl');
}

function clientIdMatcher(options: CognitoVerifierOptions): (clientId: string) => boolean {
  const pattern = options.appIdClientRegex === undefined ? null : new RegExp(`^(?:${options.appIdClientRegex})$`);
  const allowed = options.clientIds === undefined ? null : new Set(options.clientIds);
  return (clientId) => (pattern === null || pattern.test(clientId)) && (allowed === null || allowed.has(clientId));
}

function stripBearer(input: unknown, maxLength: number): string {
  if (typeof input !== 'string' || input === '') throw new TokenRejectedError('missing', 'no token');
  if (input.length > maxLength) throw new TokenRejectedError('too-large', `${input.length} characters`);
  const token = input.startsWith('Bearer ') ? input.slice('Bearer '.length) : input;
  if (!COMPACT_JWS.test(token)) throw new TokenRejectedError('malformed', 'not a compact JWS (three base64url segments)');
  return token;
}

function decodeHeader(token: string): { alg?: unknown; kid?: unknown } {
  try {
    return decodeProtectedHeader(token);
  } catch (err) {
    throw new TokenRejectedError('malformed', `header: ${(err as Error).message}`);
  }
}

/** The claims jose does not check: `iat` in the future, and the Cognito-specific shape. */
function checkClaims(payload: Record<string, unknown>, latestAcceptableIat: number): CognitoClaims {
  if (typeof payload.iat !== 'number' || payload.iat > latestAcceptableIat) {
    throw new TokenRejectedError('not-yet-valid', `iat ${String(payload.iat)} is in the future`);
  }
  if (payload.token_use !== 'id' && payload.token_use !== 'access') {
    throw new TokenRejectedError('token-use', `token_use ${JSON.stringify(payload.token_use)} is neither id nor access`);
  }
  if (typeof payload.sub !== 'string') throw new TokenRejectedError('malformed', 'sub is not a string');
  const usernameClaim = payload.token_use === 'id' ? 'cognito:username' : 'username';
  if (typeof payload[usernameClaim] !== 'string') throw new TokenRejectedError('malformed', `${usernameClaim} is not a string`);
  const groups = payload['cognito:groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((group) => typeof group === 'string'))) {
    throw new TokenRejectedError('malformed', 'cognito:groups is not a list of strings');
  }
  return payload as CognitoClaims;
}

function rejectionFromJose(err: unknown): TokenRejectedError {
  if (err instanceof TokenRejectedError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code: TokenRejectionCode =
    err instanceof joseErrors.JWTExpired
      ? 'expired'
      : err instanceof joseErrors.JWTClaimValidationFailed
        ? claimFailure(err)
        : err instanceof joseErrors.JWSSignatureVerificationFailed
          ? 'signature'
          : err instanceof joseErrors.JWKSNoMatchingKey ||
              err instanceof joseErrors.JWKSMultipleMatchingKeys ||
              err instanceof joseErrors.JWKSInvalid ||
              err instanceof joseErrors.JWKSTimeout
            ? 'unknown-key'
            : err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported
              ? 'algorithm'
              : 'malformed';
  return new TokenRejectedError(code, message);
}

function claimFailure(err: InstanceType<typeof joseErrors.JWTClaimValidationFailed>): TokenRejectionCode {
  if (err.claim === 'iss') return 'issuer';
  if (err.claim === 'nbf') return 'not-yet-valid';
  if (err.claim === 'token_use') return 'token-use';
  return 'malformed';
}
