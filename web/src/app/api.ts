/** Typed calls to the app's named operations (types from codegen), and a small hook for pages that load data. */
import { fetchAuthSession } from 'aws-amplify/auth';
import { useCallback, useEffect, useState } from 'react';
import { request, type AuthMode, type Variables } from '../api/client';
import { humanError } from './errors';
import { operation } from './operations';

export function run<TData, TVariables extends object>(
  name: string,
  variables: TVariables,
  authMode: AuthMode = 'userPool',
): Promise<TData> {
  return request<TData>(operation(name), variables as unknown as Variables, authMode);
}

/**
 * For calls scoped to an issuer: partners must send their ID token (it carries custom:issuerId; Amplify sends the
 * access token by default), read from Amplify's own session and never stored elsewhere.
 */
export async function runWithIdToken<TData, TVariables extends object>(name: string, variables: TVariables): Promise<TData> {
  const idToken = (await fetchAuthSession()).tokens?.idToken?.toString();
  return request<TData>(operation(name), variables as unknown as Variables, 'userPool', idToken ? { Authorization: idToken } : undefined);
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useOperation<TData, TVariables extends object>(
  name: string,
  variables: TVariables,
  authMode: AuthMode = 'userPool',
): Loaded<TData> {
  const [state, setState] = useState<{ data: TData | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const key = JSON.stringify(variables);
  const load = useCallback(() => {
    setState((previous) => ({ ...previous, loading: true }));
    run<TData, TVariables>(name, JSON.parse(key), authMode).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => setState({ data: null, error: humanError(error), loading: false }),
    );
  }, [name, key, authMode]);
  useEffect(load, [load]);
  return { ...state, reload: load };
}
