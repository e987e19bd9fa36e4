/**
 * Cognito's regional endpoint (`cognito-idp.<region>.amazonaws.com`): one URL for every pool of the region, the
 * request's `UserPoolId` (or, for the client-side operations, its `ClientId`) saying which pool answers. Lambda
 * functions get it as AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, so an unmodified SDK client reaches the local pools.
 */
import type { CognitoIdpHandler } from './idp-endpoint.js';

/** Where the engine serves it. */
export const COGNITO_IDP_PATH = '/_aws/cognito-idp';

export interface RegionalPool {
  id: string;
  clientIds: readonly string[];
  handle: CognitoIdpHandler;
}

export function createRegionalCognitoHandler(pools: RegionalPool[]): CognitoIdpHandler {
  return async (req, res, body) => {
    let input: { UserPoolId?: unknown; ClientId?: unknown } = {};
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      // the pool's own handler answers malformed JSON, if any pool is found for it
    }
    const pool =
      pools.find((candidate) => candidate.id === input?.UserPoolId) ??
      pools.find((candidate) => typeof input?.ClientId === 'string' && candidate.clientIds.includes(input.ClientId)) ??
      (pools.length === 1 ? pools[0] : undefined);
    if (pool !== undefined) return pool.handle(req, res, body);
    const message = `User pool ${String(input?.UserPoolId ?? input?.ClientId ?? '')} does not exist.`;
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ResourceNotFoundException' });
    res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message }));
  };
}
