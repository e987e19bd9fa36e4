/**
 * Live updates for pages: a subscription that lives as long as the component, and the connection's state so a lost
 * connection is shown. Amplify reconnects and resubscribes by itself; what was pushed while the connection was down
 * is gone for good (AppSync never replays), so a page catches up when its subscription is back.
 */
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { useEffect, useRef, useState } from 'react';
import { subscribe, type Variables } from '../api/client';
import { run } from './api';
import { operation } from './operations';

/** Amplify's CONTROL_MSG.SUBSCRIPTION_ACK (not exported): the server acknowledged a subscription's `start`. */
const SUBSCRIPTION_ACK = 'Subscription ack';

/** A document without what printers disagree on (layout, commas): two printings of one document compare equal. */
const compact = (document: string) => document.replace(/[\s,]+/g, '');

/**
 * Follows `query` while the component lives. `onResumed` runs each time the subscription is acknowledged again after
 * the connection was lost: the moment to re-query what may have changed meanwhile (anything changing later arrives).
 */
export function useSubscription<T>(
  query: string,
  variables: Variables | null,
  onData: (data: T) => void,
  onResumed: () => void = () => {},
): void {
  const handlers = useRef({ onData, onResumed });
  handlers.current = { onData, onResumed };
  const key = variables && JSON.stringify(variables);
  useEffect(() => {
    if (!key) return;
    // Amplify reports acknowledgements by the document it sent, printed by its own copy of graphql (another major)
    const document = compact(query);
    let acknowledged = false;
    let lost = false;
    const stopListening = Hub.listen('api', ({ payload }) => {
      if (payload.event === CONNECTION_STATE_CHANGE) {
        const { connectionState } = payload.data as { connectionState: ConnectionState };
        if (acknowledged && connectionState !== ConnectionState.Connected) lost = true;
        return;
      }
      if (payload.event !== SUBSCRIPTION_ACK) return;
      const acked = payload.data as { query?: string; variables?: unknown };
      if (compact(acked.query ?? '') !== document || JSON.stringify(acked.variables) !== key) return;
      acknowledged = true;
      if (!lost) return;
      lost = false;
      handlers.current.onResumed();
    });
    const unsubscribe = subscribe<T>(
      query,
      JSON.parse(key),
      { next: (data) => handlers.current.onData(data), error: () => {} },
      'userPool',
    );
    return () => {
      unsubscribe();
      stopListening();
    };
  }, [query, key]);
}

/** What people are told about live updates: nothing while they flow, or that they are starting or paused. */
export type LiveStatus = 'starting' | 'paused' | null;

const PAUSED = new Set<ConnectionState>([
  ConnectionState.ConnectionDisrupted,
  ConnectionState.ConnectionDisruptedPendingNetwork,
  ConnectionState.ConnectedPendingNetwork,
  ConnectionState.ConnectedPendingKeepAlive,
]);

/** The app's one real-time connection, as people see it: once it has been up, any loss until it is back is "paused". */
export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(null);
  useEffect(() => {
    let wasUp = false;
    return Hub.listen('api', ({ payload }) => {
      if (payload.event !== CONNECTION_STATE_CHANGE) return;
      const { connectionState } = payload.data as { connectionState: ConnectionState };
      if (connectionState === ConnectionState.Connected) wasUp = true;
      if (connectionState === ConnectionState.Connected || connectionState === ConnectionState.Disconnected) setStatus(null);
      else if (PAUSED.has(connectionState) || (wasUp && connectionState === ConnectionState.Connecting)) setStatus('paused');
      else if (connectionState === ConnectionState.Connecting) setStatus('starting');
    });
  }, []);
  return status;
}

/** A live list of the signed-in customer's: the push that carries an item, and the newest-first query that lists them. */
export interface CustomerFeed<TPush, TList, TItem> {
  subscription: string;
  pushed: (data: TPush) => TItem | null | undefined;
  catchUp: string;
  listed: (data: TList) => TItem[];
}

/**
 * Hands `onItem` every item the customer's `feed` pushes and, back after a lost connection, the newest 20 of its list
 * again: what changed meanwhile was pushed to no one. A failed catch-up is left alone, the next push brings the news.
 */
export function useCustomerFeed<TPush, TList, TItem>(
  customerId: string,
  feed: CustomerFeed<TPush, TList, TItem>,
  onItem: (item: TItem) => void,
): void {
  useSubscription<TPush>(
    operation(feed.subscription),
    { customerId },
    (data) => {
      const item = feed.pushed(data);
      if (item) onItem(item);
    },
    () =>
      void run<TList, { limit: number }>(feed.catchUp, { limit: 20 }).then(
        (data) => feed.listed(data).forEach(onItem),
        () => {},
      ),
  );
}
