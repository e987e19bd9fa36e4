/**
 * Entry point the engine mounts: a local Cognito user pool that signs real RS256 tokens, verifies them as AppSync
 * does, and serves the Identity Provider API that aws-amplify v6 `signIn` talks to through `userPoolEndpoint`.
 */
import type { JSONWebKeySet } from 'jose';
import { CognitoServiceError } from './errors.js';
import { createCognitoIdpHandler, type CognitoIdpHandler } from './idp-endpoint.js';
import { LocalUserPool, type LocalUserPoolOptions } from './issuer.js';
import type { CognitoVerifier } from './verifier.js';

export interface LocalCognito {
  /** `${issuerBaseUrl}/${userPoolId}`: the `iss` of every token and what AppSync-style verification expects */
  issuer: string;
  jwks(): JSONWebKeySet;
  /** Verifies tokens of this pool from any of its app clients (or those matching `appIdClientRegex`). */
  verifier: CognitoVerifier;
  /** Signs a user in without a password (for the CLI that prints tokens for humans). */
  mintTokens(username: string, clientId?: string): Promise<MintedTokens>;
  /** The Identity Provider HTTP handler to mount at the URL given to Amplify as `userPoolEndpoint`. */
  handle: CognitoIdpHandler;
}

export interface MintedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export async function createLocalUserPool(options: LocalUserPoolOptions): Promise<LocalCognito> {
  const pool = await LocalUserPool.open(options);
  return {
    issuer: pool.issuer,
    jwks: () => pool.jwks(),
    verifier: pool.verifier,
    async mintTokens(username, clientId = pool.clientIds[0]) {
      const user = pool.users.findByUsername(username);
      if (user === undefined) throw new CognitoServiceError('UserNotFoundException', 'User does not exist.');
      pool.assertKnownClient(clientId);
      const result = await pool.signIn(user, clientId);
      return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn };
    },
    handle: createCognitoIdpHandler(pool),
  };
}

export { createCognitoVerifier, identityFromClaims } from './verifier.js';
export type { CognitoClaims, CognitoIdentity, CognitoVerifier, CognitoVerifierOptions } from './verifier.js';
export type { AdminAuthorizer, LocalUserPoolOptions, SentEmail } from './issuer.js';
export type { IdpRequest } from './idp-operations.js';
export type { UserPoolRules } from './policy.js';
export type { DeclaredUser } from './users.js';
export type { CognitoIdpHandler } from './idp-endpoint.js';
export { COGNITO_IDP_PATH, createRegionalCognitoHandler } from './regional-endpoint.js';
export { CognitoServiceError, LocalUserPoolConfigError, TokenRejectedError } from './errors.js';
export type { TokenRejectionCode } from './errors.js';
