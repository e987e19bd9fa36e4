/** util.authType(): the caller's auth mode in AppSync's wording. */
import { currentScope } from '../scope.js';
import type { InvocationScope } from '../types.js';

type AuthMode = NonNullable<InvocationScope['authType']>;

const AUTH_TYPE_NAMES: Record<AuthMode, string> = {
  API_KEY: 'API Key Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  AWS_IAM: 'IAM Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
};

/** Outside a request (no mode known) AppSync's EvaluateCode also answers the API key wording. */
export function authType(): string {
  return AUTH_TYPE_NAMES[currentScope().authType ?? 'API_KEY'];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Record<string, unknown>, key: string) => Object.hasOwn(o, key) && o[key] !== undefined;

/**
 * The auth mode an identity object implies, for EvaluateCode where no real request exists.
 * AWS reads the mode off the identity shape; incomplete shapes fall back to API key.
 */
export function authModeOfIdentity(identity: unknown): AuthMode {
  if (!isObject(identity)) return 'API_KEY';
  if (has(identity, 'resolverContext') || has(identity, 'handlerContext') || Object.keys(identity).length === 0) {
    return 'AWS_LAMBDA';
  }
  const sourceIpKnown = Array.isArray(identity.sourceIp);
  if (has(identity, 'accountId') || has(identity, 'userArn')) {
    return sourceIpKnown && typeof identity.userArn === 'string' ? 'AWS_IAM' : 'API_KEY';
  }
  const oidcCore = has(identity, 'sub') && has(identity, 'issuer') && has(identity, 'claims');
  if (oidcCore && has(identity, 'username')) {
    return sourceIpKnown && has(identity, 'defaultAuthStrategy') ? 'AMAZON_COGNITO_USER_POOLS' : 'API_KEY';
  }
  return oidcCore ? 'OPENID_CONNECT' : 'API_KEY';
}
