import type { RequestCredentials } from './types.js';

/** AppSync's `identity.sourceIp`: the x-forwarded-for chain, then the TCP peer. Same for every mode that has one. */
export function sourceIps(credentials: RequestCredentials): string[] {
  const forwarded = credentials.headers['x-forwarded-for'];
  const chain = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
    .split(',')
    .map((ip) => ip.trim())
    .filter(Boolean);
  return [...chain, credentials.sourceIp];
}
