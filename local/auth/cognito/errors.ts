/**
 * Every error the local Cognito capability raises. Callers branch on the class:
 * - TokenRejectedError: a JWT failed verification; the GraphQL auth step turns it into AppSync's UnauthorizedException.
 * - CognitoServiceError: an Identity Provider API error, serialised with Cognito's `__type` name.
 * - LocalUserPoolConfigError: the engine handed the pool an invalid configuration (fail at startup, not at sign-in).
 */

/** Why a token was rejected, for logs and for mapping to Cognito API messages (e.g. "Access Token has expired"). */
export type TokenRejectionCode =
  | 'missing'
  | 'too-large'
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer'
  | 'token-use'
  | 'client';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';

  constructor(
    readonly code: TokenRejectionCode,
    /** Human-readable detail for logs; never shown to API callers (AppSync answers with a fixed message). */
    readonly reason: string,
  ) {
    super(`token rejected (${code}): ${reason}`);
  }
}

export class CognitoServiceError extends Error {
  override readonly name = 'CognitoServiceError';

  constructor(
    /** Cognito's error type, e.g. `NotAuthorizedException`; sent as `__type` and `x-amzn-errortype`. */
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

/** Cognito's answer to a wrong password (and to a failed SRP proof): deliberately the same text for both. */
export const incorrectCredentials = (): CognitoServiceError =>
  new CognitoServiceError('NotAuthorizedException', 'Incorrect username or password.');

export class LocalUserPoolConfigError extends Error {
  override readonly name = 'LocalUserPoolConfigError';
}
