/**
 * Issuing and importing codes, as admins and partners call it: codes come from a CSPRNG, are shown once, and a
 * partner acts only for its own issuer.
 */
import { describe, expect, it } from 'vitest';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { aUserCaller, theProductApi } from '../steps/given-steps.js';
import { anIdTokenCaller, inAYear, weIssueCodes, weRedeem } from '../steps/gift-code-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theProductApi();
const CODE_FORMAT = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}(-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}){3}$/;

const weImport = (caller: Record<string, string>, input: Record<string, unknown>) =>
  weSendGraphQL(
    api,
    {
      query:
        'mutation Import($input: ImportGiftCodesInput!) { importGiftCodes(input: $input) { batchId imported rejected { index last4 reason } } }',
      variables: { input: { value: { kind: 'POINTS', amount: 100 }, expiresAt: inAYear(), ...input } },
    },
    caller,
  );

describe('issueGiftCodes', () => {
  it('gives an admin the plaintext codes once, formatted, distinct, with their last 4', async () => {
    const admin = await anIdTokenCaller(api, 'admin');
    const batch = itSucceeded(
      await weIssueCodes(api, admin, { count: 50, issuerId: 'platform', value: { kind: 'DISCOUNT', amount: 1500, currency: 'EUR' } }),
    ).issueGiftCodes;
    expect(batch).toMatchObject({ issuerId: 'platform', count: 50, value: { kind: 'DISCOUNT', amount: 1500, currency: 'EUR' } });
    expect(batch.codes).toHaveLength(50);
    for (const issued of batch.codes) {
      expect(issued.code).toMatch(CODE_FORMAT);
      expect(issued.last4).toBe(issued.code.slice(-4));
    }
    expect(new Set(batch.codes.map((issued: { code: string }) => issued.code)).size).toBe(50);
  });

  it('issues a batch of 10,000', async () => {
    const admin = await anIdTokenCaller(api, 'admin');
    const batch = itSucceeded(await weIssueCodes(api, admin, { count: 10_000, issuerId: 'platform' })).issueGiftCodes;
    expect(batch.codes).toHaveLength(10_000);
    expect(new Set(batch.codes.map((issued: { code: string }) => issued.code)).size).toBe(10_000);
  }, 60_000);

  it('lets a partner issue for its own issuer only, and only with its ID token', async () => {
    const partner = await anIdTokenCaller(api, 'partner');
    const own = itSucceeded(await weIssueCodes(api, partner, { count: 2, issuerId: 'acme' })).issueGiftCodes;
    expect(own.issuerId).toBe('acme');

    theFieldFailed(await weIssueCodes(api, partner, { count: 2, issuerId: 'globex' }), ['issueGiftCodes'], 'Unauthorized');
    theFieldFailed(
      await weIssueCodes(api, await aUserCaller(api, 'partner'), { count: 2, issuerId: 'acme' }),
      ['issueGiftCodes'],
      'Unauthorized',
      /ID token/,
    );
  });

  it('refuses customers, and input it could not honour', async () => {
    theFieldFailed(
      await weIssueCodes(api, await aUserCaller(api, 'customer'), { count: 1, issuerId: 'platform' }),
      ['issueGiftCodes'],
      'Unauthorized',
    );
    const admin = await anIdTokenCaller(api, 'admin');
    theFieldFailed(await weIssueCodes(api, admin, { count: 0, issuerId: 'platform' }), ['issueGiftCodes'], 'ValidationError', /count/);
    theFieldFailed(await weIssueCodes(api, admin, { count: 10_001, issuerId: 'platform' }), ['issueGiftCodes'], 'ValidationError', /count/);
    theFieldFailed(
      await weIssueCodes(api, admin, { count: 1, issuerId: 'platform', value: { kind: 'DISCOUNT', amount: 10 } }),
      ['issueGiftCodes'],
      'ValidationError',
      /currency/,
    );
    theFieldFailed(
      await weIssueCodes(api, admin, { count: 1, issuerId: 'platform', expiresAt: '2020-01-01T00:00:00Z' }),
      ['issueGiftCodes'],
      'ValidationError',
      /future/,
    );
  });
});

describe('importGiftCodes', () => {
  it('registers a partner’s own codes and says why each rejected one was refused', async () => {
    const partner = await anIdTokenCaller(api, 'partner');
    const unique = () => Array.from({ length: 20 }, () => 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'[Math.floor(Math.random() * 32)]).join('');
    const [first, second, taken] = [unique(), unique(), unique()];
    itSucceeded(await weImport(partner, { issuerId: 'acme', codes: [taken] }));

    const result = itSucceeded(
      await weImport(partner, {
        issuerId: 'acme',
        codes: [first, 'SHORT-1234', second, `${first.slice(0, 10)}-${first.slice(10)}`, 'ABCDEFGH#JKLMNPQRST', taken],
      }),
    ).importGiftCodes;
    expect(result.imported).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, last4: '1234', reason: 'TOO_SHORT' },
      { index: 3, last4: first.slice(-4), reason: 'DUPLICATE_IN_REQUEST' },
      { index: 4, last4: expect.any(String), reason: 'INVALID_CHARACTERS' },
      { index: 5, last4: taken.slice(-4), reason: 'DUPLICATE' },
    ]);

    // an imported code redeems in any case, with or without dashes
    const customer = (await aFreshCustomer(api)).caller;
    const redeemed = itSucceeded(await weRedeem(api, customer, second.toLowerCase().replace(/(.{4})/g, '$1-'))).redeemGiftCode;
    expect(redeemed).toMatchObject({ last4: second.slice(-4), status: 'REDEEMED', value: { kind: 'POINTS', amount: 100, currency: null } });
  });

  it('keeps partners to their own issuer', async () => {
    const partner = await anIdTokenCaller(api, 'partner');
    theFieldFailed(await weImport(partner, { issuerId: 'globex', codes: ['ABCDEFGHJKMNPQRSTVWX'] }), ['importGiftCodes'], 'Unauthorized');
  });
});
