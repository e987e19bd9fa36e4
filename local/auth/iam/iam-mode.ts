import { timingSafeEqual } from 'node:crypto';
import type { CredentialVerifier } from '../authenticate.js';
import { sourceIps } from '../source-ip.js';
import type { RequestCredentials } from '../types.js';
import { iamRejections } from './errors.js';
import type { LocalIamCredentials, LocalIamPrincipal } from './local-credentials.js';
import {
  authorizationParameters,
  canonicalRequest,
  formatAmzDate,
  parseAmzDate,
  signature,
  stringToSign,
  type CredentialScope,
} from './sigv4.js';

/** AWS's window for X-Amz-Date, each way. */
const CLOCK_WINDOW_MS = 5 * 60 * 1000;
const TERMINATOR = 'aws4_request';

/** `ctx.identity` for an AWS_IAM request. The Cognito identity fields are filled only for identity-pool credentials. */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
}

/**
 * AWS_IAM as AppSync applies it: the request must carry a SigV4 signature (service `appsync`, the API's region)
 * over exactly what was sent, body included, made within 5 minutes with credentials the local engine issued.
 * Authorisation by IAM policy (appsync:GraphQL on field ARNs) is not evaluated: every local principal is allowed.
 */
export function iamMode(credentials: LocalIamCredentials, options: { region: string; now?: () => number }): CredentialVerifier {
  const now = options.now ?? Date.now;
  return {
    async verify(request: RequestCredentials) {
      const principal = verifySigV4(request, credentials, { region: options.region, service: 'appsync', nowMs: now() });
      const identity: IamIdentity = {
        accountId: principal.accountId,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: sourceIps(request),
        username: principal.userId,
        userArn: principal.userArn,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      };
      return { mode: 'AWS_IAM', identity, groups: null };
    },
  };
}

/**
 * The principal whose local credentials signed `request` with SigV4 for `service` in `region`, within AWS's 5-minute
 * window; throws the RequestError AWS would answer with otherwise. Shared by every local service that takes IAM.
 */
export function verifySigV4(
  request: RequestCredentials,
  credentials: LocalIamCredentials,
  scopeOf: { region: string; service: string; nowMs: number },
): LocalIamPrincipal {
  const { region, service: expectedService, nowMs } = scopeOf;
  const authorization = header(request, 'authorization') ?? '';
  const parameters = authorizationParameters(authorization);
  const amzDateHeader = header(request, 'x-amz-date');
  const missing = [
    ...(['Credential', 'Signature', 'SignedHeaders'] as const)
      .filter((name) => !parameters[name])
      .map((name) => `Authorization header requires '${name}' parameter.`),
    ...(amzDateHeader ? [] : ["Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."]),
  ];
  if (missing.length) throw iamRejections.incompleteSignature(missing, authorization);

  const credentialParts = parameters.Credential!.split('/');
  if (credentialParts.length !== 5) {
    throw iamRejections.incompleteSignature(
      [`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parameters.Credential}'`],
      authorization,
    );
  }
  const [accessKeyId, date, scopeRegion, service, terminator] = credentialParts as [string, string, string, string, string];
  const scope: CredentialScope = { accessKeyId, date, region: scopeRegion, service, terminator };
  const signedHeaders = parameters.SignedHeaders!.split(';');
  if (!signedHeaders.includes('host'))
    throw iamRejections.incompleteSignature(["'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."], authorization);
  const signedAt = parseAmzDate(amzDateHeader!);
  if (!signedAt)
    throw iamRejections.incompleteSignature(
      [`Date must be in ISO-8601 'basic format'. Got '${amzDateHeader}'. See http://en.wikipedia.org/wiki/ISO_8601`],
      authorization,
    );

  const principal = credentials.byAccessKeyId(accessKeyId);
  if (!principal || (header(request, 'x-amz-security-token') ?? null) !== principal.sessionToken) throw iamRejections.unrecognizedClient();

  if (terminator !== TERMINATOR)
    throw iamRejections.wrongScope(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
  if (service !== expectedService) throw iamRejections.wrongScope(`Credential should be scoped to correct service: '${expectedService}'.`);
  if (scopeRegion !== region) throw iamRejections.wrongScope(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  if (date !== amzDateHeader!.slice(0, 8)) {
    throw iamRejections.wrongScope(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDateHeader!.slice(0, 8)}', from '${amzDateHeader}'.`,
    );
  }

  const nowText = formatAmzDate(new Date(Math.floor(nowMs / 1000) * 1000));
  if (signedAt.getTime() < nowMs - CLOCK_WINDOW_MS)
    throw iamRejections.signatureExpired(amzDateHeader!, formatAmzDate(new Date(nowMs - CLOCK_WINDOW_MS)), nowText);
  if (signedAt.getTime() > nowMs + CLOCK_WINDOW_MS)
    throw iamRejections.signatureNotYetCurrent(amzDateHeader!, formatAmzDate(new Date(nowMs + CLOCK_WINDOW_MS)), nowText);

  const canonical = canonicalRequest(
    { method: request.method ?? 'POST', path: request.path ?? '/graphql', headers: request.headers, body: request.body ?? '' },
    signedHeaders,
  );
  const toSign = stringToSign(amzDateHeader!, scope, canonical);
  const expected = Buffer.from(signature(principal.secretAccessKey, scope, toSign));
  const given = Buffer.from(parameters.Signature!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw iamRejections.signatureMismatch(canonical, toSign);
  return principal;
}

function header(request: RequestCredentials, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
