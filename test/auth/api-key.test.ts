import { describe, expect, it } from 'vitest';
import type { ApiModel } from '../../local/assembly/stack-model.js';
import { createAuthenticator } from '../../local/auth/authenticate.js';
import { RequestError } from '../../local/common/request-error.js';

const api = { defaultAuth: { type: 'API_KEY' }, additionalAuth: [] } as unknown as ApiModel;
const NOW = 1_800_000_000;
const authenticate = createAuthenticator(api, {
  apiKeys: [
    { id: 'live', value: 'da2-live000000000000000000000', expires: NOW + 60 },
    { id: 'old', value: 'da2-expired0000000000000000000', expires: NOW - 1 },
  ],
  nowSeconds: () => NOW,
});

describe('API keys, as AppSync checks them', () => {
  it('accepts a key that has not expired, with no identity', async () => {
    await expect(authenticate({ headers: { 'x-api-key': 'da2-live000000000000000000000' }, sourceIp: '127.0.0.1' })).resolves.toEqual({
      mode: 'API_KEY',
      identity: null,
      groups: null,
    });
  });

  it('refuses an expired key with UnauthorizedException', async () => {
    const refusal = authenticate({ headers: { 'x-api-key': 'da2-expired0000000000000000000' }, sourceIp: '127.0.0.1' });
    await expect(refusal).rejects.toBeInstanceOf(RequestError);
    await expect(refusal).rejects.toMatchObject({ statusCode: 401, errorType: 'UnauthorizedException' });
  });
});
