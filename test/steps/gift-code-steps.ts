/** Steps for the gift code service, shared by its tests and benchmarks: GraphQL over HTTP, as clients call it. */
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import type { EngineUnderTest } from '../global-setup.js';
import { aSignedInUser, type LocalUser } from './given-steps.js';
import { eventually, itSucceeded } from './then-steps.js';
import { weSendGraphQL, type HttpResult } from './when-steps.js';

export const REDEMPTION_FIELDS = 'id customerId requestId last4 value { kind amount currency } status redeemedAt updatedAt failureReason';

export interface CodeValue {
  kind: 'POINTS' | 'DISCOUNT';
  amount: number;
  currency?: string | null;
}

/** Headers of a caller sending its ID token: partners must (their issuer is the custom:issuerId claim). */
export async function anIdTokenCaller(api: EngineUnderTest, username: LocalUser): Promise<Record<string, string>> {
  return { authorization: (await aSignedInUser(api, username)).idToken };
}

export function inAYear(): string {
  return new Date(Date.now() + 365 * 86_400_000).toISOString();
}

export function weIssueCodes(
  api: EngineUnderTest,
  caller: Record<string, string>,
  input: { count: number; issuerId: string; value?: CodeValue; expiresAt?: string },
): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: `mutation Issue($input: IssueGiftCodesInput!) {
        issueGiftCodes(input: $input) { id issuerId count value { kind amount currency } expiresAt createdAt codes { id code last4 } }
      }`,
      variables: { input: { ...input, value: input.value ?? { kind: 'POINTS', amount: 500 }, expiresAt: input.expiresAt ?? inAYear() } },
    },
    caller,
  );
}

/** Codes an admin issued for `issuerId` (the platform's own by default): their plaintext, as issued. */
export async function someIssuedCodes(
  api: EngineUnderTest,
  options: { count?: number; issuerId?: string; value?: CodeValue; expiresAt?: string } = {},
): Promise<string[]> {
  const admin = await anIdTokenCaller(api, 'admin');
  const data = itSucceeded(
    await weIssueCodes(api, admin, {
      count: options.count ?? 1,
      issuerId: options.issuerId ?? 'platform',
      value: options.value,
      expiresAt: options.expiresAt,
    }),
  );
  return data.issueGiftCodes.codes.map((issued: { code: string }) => issued.code);
}

export function aRequestId(): string {
  return randomUUID();
}

export function weRedeem(
  api: EngineUnderTest,
  caller: Record<string, string>,
  code: string,
  requestId = aRequestId(),
): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: `mutation Redeem($input: RedeemGiftCodeInput!) { redeemGiftCode(input: $input) { ${REDEMPTION_FIELDS} } }`,
      variables: { input: { code, requestId } },
    },
    caller,
  );
}

export function weVoid(api: EngineUnderTest, caller: Record<string, string>, code: string): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: 'mutation Void($input: VoidGiftCodeInput!) { voidGiftCode(input: $input) { id issuerId last4 status voidedAt } }',
      variables: { input: { code } },
    },
    caller,
  );
}

export async function theRedemptionsOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any[]> {
  const data = itSucceeded(
    await weSendGraphQL(api, { query: `{ myRedemptions(limit: 100) { items { ${REDEMPTION_FIELDS} } nextToken } }` }, caller),
  );
  return data.myRedemptions.items;
}

export async function theLoyaltyOf(
  api: EngineUnderTest,
  caller: Record<string, string>,
): Promise<{ balance: number; ledger: { items: any[] } }> {
  const data = itSucceeded(
    await weSendGraphQL(
      api,
      { query: '{ myLoyalty { customerId balance ledger(limit: 100) { items { id kind points reason redemptionId occurredAt } } } }' },
      caller,
    ),
  );
  return data.myLoyalty;
}

export async function theHistoryOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any[]> {
  const data = itSucceeded(
    await weSendGraphQL(api, { query: '{ myAccountHistory(limit: 100) { items { id name summary occurredAt } } }' }, caller),
  );
  return data.myAccountHistory.items;
}

// --- the outside world's stand-in (CRM, partner webhooks, mail) and the engine's fault injection

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  answeredStatus: number;
}

export function theOutsideWorld(): string {
  return inject('outsideWorld');
}

export async function whatTheOutsideWorldReceived(pathPrefix: string): Promise<ReceivedRequest[]> {
  const response = await fetch(`${theOutsideWorld()}/_received?path=${encodeURIComponent(pathPrefix)}`);
  return (await response.json()) as ReceivedRequest[];
}

export async function anOutage(pathPrefix: string, forMs: number, status = 503): Promise<void> {
  const response = await fetch(`${theOutsideWorld()}/_outage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pathPrefix, status, forMs }),
  });
  if (!response.ok) throw new Error(`could not start the outage: ${await response.text()}`);
}

/** Waits until the outside world no longer answers `pathPrefix` with an outage (the partner is back). */
export async function theOutageHasPassed(pathPrefix: string): Promise<void> {
  await eventually(async () => {
    const outages = (await (await fetch(`${theOutsideWorld()}/_outage`)).json()) as Array<{ pathPrefix: string }>;
    expect(outages.filter((outage) => outage.pathPrefix === pathPrefix)).toEqual([]);
  }, 30_000);
}
