/**
 * Live updates for pages: a subscription that lives as long as the component, and the connection's state so a lost
 * connection is shown (Amplify reconnects and resubscribes by itself).
 */
import { CONNECTION_STATE_CHANGE, type ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { useEffect, useRef, useState } from 'react';
import { subscribe, type Variables } from '../api/client';

export function useSubscription<T>(query: string, variables: Variables | null, onData: (data: T) => void): void {
  const handler = useRef(onData);
  handler.current = onData;
  const key = variables && JSON.stringify(variables);
  useEffect(() => {
    if (!key) return;
    return subscribe<T>(query, JSON.parse(key), { next: (data) => handler.current(data), error: () => {} }, 'userPool');
  }, [query, key]);
}

export function useConnectionState(): ConnectionState | null {
  const [state, setState] = useState<ConnectionState | null>(null);
  useEffect(
    () =>
      Hub.listen('api', ({ payload }) => {
        if (payload.event === CONNECTION_STATE_CHANGE) setState((payload.data as { connectionState: ConnectionState }).connectionState);
      }),
    [],
  );
  return state;
}
