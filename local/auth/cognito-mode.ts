import type { AuthProviderModel } from '../assembly/stack-model.js';
import { RequestError } from '../common/request-error.js';
import type { CredentialVerifier } from './authenticate.js';
import { identityFromClaims, TokenRejectedError, type CognitoVerifier } from './cognito/index.js';
import { sourceIps } from './source-ip.js';
import type { RequestCredentials } from './types.js';

/**
 * AMAZON_COGNITO_USER_POOLS as AppSync applies it: the Authorization header's JWT is verified against the pool
 * (signature, expiry, issuer, token use, app client); ctx.identity is filled from its claims.
 */
export function cognitoUserPoolsMode(verifier: CognitoVerifier, provider: AuthProviderModel): CredentialVerifier {
  const defaultAuthStrategy = provider.userPool?.defaultAction ?? 'ALLOW';
  return {
    async verify(credentials: RequestCredentials) {
      const header = credentials.headers.authorization;
      const token = Array.isArray(header) ? header[0] : header;
      try {
        const claims = await verifier.verify(token ?? '');
        const identity = identityFromClaims(claims, { sourceIp: sourceIps(credentials), defaultAuthStrategy });
        return { mode: 'AMAZON_COGNITO_USER_POOLS', identity, groups: identity.groups ?? null };
      } catch (error) {
        if (error instanceof TokenRejectedError) {
          throw new RequestError(
            401,
            'UnauthorizedException',
            error.code === 'malformed' ? 'Unable to parse JWT token.' : 'Valid authorization header not provided.',
          );
        }
        throw error;
      }
    },
  };
}
