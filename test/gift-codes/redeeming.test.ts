/**
 * Redeeming, as customers call it: exactly once under any concurrency, idempotent on requestId, one generic error
 * for every code that cannot be redeemed, and a limit on failed attempts that gives nothing away.
 */
import { describe, expect, it } from 'vitest';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { aUserCaller, theProductApi } from '../steps/given-steps.js';
import { aRequestId, anIdTokenCaller, someIssuedCodes, theRedemptionsOf, weRedeem, weVoid } from '../steps/gift-code-steps.js';
import { eventually, itSucceeded, theFieldFailed } from '../steps/then-steps.js';

const api = theProductApi();
const NOT_REDEEMABLE = 'GiftCodeNotRedeemable';

describe('redeemGiftCode', () => {
  it('redeems a code once, accepting any case and no dashes, and shows only its last 4', async () => {
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 250 } });
    const shopper = await aFreshCustomer(api);
    const customer = shopper.caller;
    const result = await weRedeem(api, customer, code.replaceAll('-', '').toLowerCase());
    const redemption = itSucceeded(result).redeemGiftCode;
    expect(redemption).toMatchObject({
      customerId: shopper.sub,
      last4: code.slice(-4),
      status: 'REDEEMED',
      value: { kind: 'POINTS', amount: 250, currency: null },
    });
    expect(result.text).not.toContain(code.replaceAll('-', ''));

    theFieldFailed(await weRedeem(api, customer, code), ['redeemGiftCode'], NOT_REDEEMABLE);
    const another = (await aFreshCustomer(api)).caller;
    theFieldFailed(await weRedeem(api, another, code), ['redeemGiftCode'], NOT_REDEEMABLE);
    expect((await theRedemptionsOf(api, customer)).map((listed) => listed.id)).toContain(redemption.id);
  });

  it('returns the same redemption when a requestId is retried, and refuses it for another code', async () => {
    const [code, other] = await someIssuedCodes(api, { count: 2 });
    const customer = (await aFreshCustomer(api)).caller;
    const requestId = aRequestId();
    const first = itSucceeded(await weRedeem(api, customer, code, requestId)).redeemGiftCode;
    const retried = itSucceeded(await weRedeem(api, customer, code, requestId)).redeemGiftCode;
    // the same redemption, as it stands now (its value may have been applied in between)
    const { status: _firstStatus, updatedAt: _firstUpdate, ...redeemed } = first;
    expect(retried).toMatchObject(redeemed);
    theFieldFailed(await weRedeem(api, customer, other, requestId), ['redeemGiftCode'], 'RequestIdReused');
    expect((await theRedemptionsOf(api, customer)).filter((listed) => listed.requestId === requestId)).toHaveLength(1);
  });

  it('gives unknown, used, expired, voided and malformed codes the same error', async () => {
    const customer = (await aFreshCustomer(api)).caller;
    const [used, voided] = await someIssuedCodes(api, { count: 2 });
    // the earliest expiry the API accepts is a future one: this code's comes a moment after it is issued
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const [expiring] = await someIssuedCodes(api, { expiresAt });
    itSucceeded(await weRedeem(api, (await aFreshCustomer(api)).caller, used));
    itSucceeded(await weVoid(api, await anIdTokenCaller(api, 'admin'), voided));
    await eventually(async () =>
      expect(Date.now(), 'the expiry has passed on the clock the engine reads').toBeGreaterThan(Date.parse(expiresAt)),
    );

    const answers = await Promise.all(
      ['0000-0000-0000-0000', used, voided, expiring, 'not a code at all!'].map((code) => weRedeem(api, customer, code)),
    );
    for (const answer of answers) theFieldFailed(answer, ['redeemGiftCode'], NOT_REDEEMABLE, 'This code cannot be redeemed.');
  });

  it('answers the 11th failed attempt in 15 minutes with TooManyAttempts, valid code or not', async () => {
    const customer = (await aFreshCustomer(api)).caller;
    for (let attempt = 1; attempt <= 10; attempt++)
      theFieldFailed(
        await weRedeem(api, customer, `ZZZZ-ZZZZ-ZZZZ-${String(attempt).padStart(4, '0')}`),
        ['redeemGiftCode'],
        NOT_REDEEMABLE,
      );

    const [valid] = await someIssuedCodes(api);
    theFieldFailed(await weRedeem(api, customer, 'ZZZZ-ZZZZ-ZZZZ-0011'), ['redeemGiftCode'], 'TooManyAttempts');
    theFieldFailed(await weRedeem(api, customer, valid), ['redeemGiftCode'], 'TooManyAttempts');
    // the code was not touched: someone else can still redeem it
    itSucceeded(await weRedeem(api, (await aFreshCustomer(api)).caller, valid));
  });

  it('lets exactly one of 1,000 concurrent attempts on one code succeed', async () => {
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 700 } });
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => aFreshCustomer(api)));
    const callers = shoppers.map((shopper) => shopper.caller);
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, index) => weRedeem(api, callers[index % callers.length], code)));

    const successes = answers.filter((answer) => answer.body?.data?.redeemGiftCode);
    expect(successes).toHaveLength(1);
    const errorTypes = new Set(
      answers.filter((answer) => !answer.body?.data?.redeemGiftCode).map((answer) => answer.body.errors[0].errorType),
    );
    expect(
      [...errorTypes].every((type) => type === NOT_REDEEMABLE || type === 'TooManyAttempts'),
      [...errorTypes].join(),
    ).toBe(true);

    const winner = successes[0].body.data.redeemGiftCode;
    const redemptionsOfCode = (await Promise.all(callers.map((caller) => theRedemptionsOf(api, caller))))
      .flat()
      .filter((listed) => listed.last4 === code.slice(-4) && listed.value.amount === 700);
    expect(redemptionsOfCode.map((listed) => listed.id)).toEqual([winner.id]);
  }, 120_000);

  it('refuses admins and partners: redeeming is for customers', async () => {
    const [code] = await someIssuedCodes(api);
    theFieldFailed(await weRedeem(api, await aUserCaller(api, 'admin'), code), ['redeemGiftCode'], 'Unauthorized');
    theFieldFailed(await weRedeem(api, await anIdTokenCaller(api, 'partner'), code), ['redeemGiftCode'], 'Unauthorized');
  });
});

describe('voidGiftCode', () => {
  it('lets an admin void any code and the issuing partner its own, never another issuer’s', async () => {
    const [platformCode] = await someIssuedCodes(api);
    const [acmeCode, acmeCode2] = await someIssuedCodes(api, { count: 2, issuerId: 'acme' });
    const [globexCode] = await someIssuedCodes(api, { issuerId: 'globex' });
    const partner = await anIdTokenCaller(api, 'partner');

    expect(itSucceeded(await weVoid(api, partner, acmeCode)).voidGiftCode).toMatchObject({
      issuerId: 'acme',
      status: 'VOIDED',
      last4: acmeCode.slice(-4),
    });
    theFieldFailed(await weVoid(api, partner, globexCode), ['voidGiftCode'], 'GiftCodeNotVoidable');
    theFieldFailed(await weVoid(api, partner, platformCode), ['voidGiftCode'], 'GiftCodeNotVoidable');
    theFieldFailed(await weVoid(api, partner, acmeCode), ['voidGiftCode'], 'GiftCodeNotVoidable');
    theFieldFailed(await weVoid(api, await aUserCaller(api, 'customer'), acmeCode2), ['voidGiftCode'], 'Unauthorized');
    expect(itSucceeded(await weVoid(api, await anIdTokenCaller(api, 'admin'), globexCode)).voidGiftCode.status).toBe('VOIDED');

    // the partner's failed void left the platform's code alone
    itSucceeded(await weRedeem(api, (await aFreshCustomer(api)).caller, platformCode));
  });
});
