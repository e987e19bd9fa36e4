/**
 * The signed-in customer's loyalty account, live: loaded once, then replaced by every `onLoyaltyUpdated` the platform
 * pushes (balance, tier, expiry), and reloaded then for the ledger, which the pushed account does not carry; reloaded
 * too when the subscription is back after a lost connection.
 */
import { useState } from 'react';
import type {
  LoyaltyAccountFieldsFragment,
  MyLoyaltyAccountQuery,
  MyLoyaltyAccountQueryVariables,
  OnLoyaltyUpdatedSubscription,
} from '../generated/operations';
import { useOperation } from './api';
import { useSubscription } from './live';
import { operation } from './operations';
import { usePerson } from './session';

export type LedgerEntries = MyLoyaltyAccountQuery['myLoyalty']['ledger']['items'];

export interface LiveAccount {
  account: LoyaltyAccountFieldsFragment | null;
  ledger: LedgerEntries | null;
  error: string | null;
  /** after the person's own change: the push may race a subscription still being set up */
  reload: () => void;
}

export function useLiveLoyaltyAccount(ledgerSize = 20): LiveAccount {
  const person = usePerson();
  const loaded = useOperation<MyLoyaltyAccountQuery, MyLoyaltyAccountQueryVariables>('MyLoyaltyAccount', { limit: ledgerSize });
  const [pushed, setPushed] = useState<{ account: LoyaltyAccountFieldsFragment; after: MyLoyaltyAccountQuery | null } | null>(null);
  useSubscription<OnLoyaltyUpdatedSubscription>(
    operation('OnLoyaltyUpdated'),
    person && { customerId: person.userId },
    (data) => {
      if (!data.onLoyaltyUpdated) return;
      setPushed({ account: data.onLoyaltyUpdated, after: loaded.data });
      loaded.reload();
    },
    // back after a lost connection: a change made meanwhile was pushed to no one
    loaded.reload,
  );
  // the pushed account is newer than the load it arrived after; a load that completed since is at least as new
  const account = pushed && pushed.after === loaded.data ? pushed.account : (loaded.data?.myLoyalty ?? pushed?.account ?? null);
  return { account, ledger: loaded.data?.myLoyalty.ledger.items ?? null, error: loaded.error, reload: loaded.reload };
}
