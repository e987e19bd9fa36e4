import type { ApiModel, AuthType } from '../assembly/stack-model.js';
import { RequestError } from '../common/request-error.js';
import type { LocalApiKey } from './api-key.js';
import type { CallerAuth, RequestCredentials } from './types.js';

/** Verifies one kind of bearer credential; plugged in per auth mode (Cognito user pools, IAM, ...). */
export interface CredentialVerifier {
  verify(credentials: RequestCredentials): Promise<CallerAuth>;
}

export interface AuthenticatorOptions {
  apiKeys: LocalApiKey[];
  /** verifiers for the modes beyond API keys, by mode */
  verifiers?: Partial<Record<AuthType, CredentialVerifier>>;
  nowSeconds?: () => number;
}

const NOT_AUTHORIZED = 'You are not authorized to make this call.';
const NO_VALID_HEADER = 'Valid authorization header not provided.';

function header(credentials: RequestCredentials, name: string): string | undefined {
  const value = credentials.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The identity step of every request (HTTP and WebSocket): picks the auth mode from the credentials the way
 * AppSync does (a SigV4 Authorization header means IAM, any other Authorization header a token, else x-api-key),
 * verifies them, and refuses the whole request with UnauthorizedException when they do not hold.
 */
export function createAuthenticator(api: ApiModel, options: AuthenticatorOptions) {
  const modes = new Set<AuthType>([api.defaultAuth.type, ...api.additionalAuth.map((provider) => provider.type)]);
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const keys = new Map(options.apiKeys.map((key) => [key.value, key]));

  const viaVerifier = (mode: AuthType, credentials: RequestCredentials): Promise<CallerAuth> => {
    const verifier = options.verifiers?.[mode];
    if (!modes.has(mode) || !verifier) throw new RequestError(401, 'UnauthorizedException', NO_VALID_HEADER);
    return verifier.verify(credentials);
  };

  return async function authenticate(credentials: RequestCredentials): Promise<CallerAuth> {
    const authorization = header(credentials, 'authorization');
    if (authorization) {
      if (authorization.startsWith('AWS4-HMAC-SHA256')) return viaVerifier('AWS_IAM', credentials);
      for (const mode of ['AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA'] as const) {
        if (modes.has(mode) && options.verifiers?.[mode]) return viaVerifier(mode, credentials);
      }
      throw new RequestError(401, 'UnauthorizedException', NO_VALID_HEADER);
    }
    const apiKey = header(credentials, 'x-api-key');
    if (apiKey !== undefined && modes.has('API_KEY')) {
      const key = keys.get(apiKey);
      if (!key || (key.expires !== null && key.expires <= now())) throw new RequestError(401, 'UnauthorizedException', NOT_AUTHORIZED);
      return { mode: 'API_KEY', identity: null, groups: null };
    }
    throw new RequestError(401, 'UnauthorizedException', NO_VALID_HEADER);
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
