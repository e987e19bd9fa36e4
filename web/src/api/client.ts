/**
 * The web app's GraphQL client: configuration, operations and live updates through aws-amplify v6, exactly as
 * shipped. It works unchanged against AppSync and against the local engine.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';

/** How an operation authenticates; the configured default when omitted. */
export type AuthMode = 'apiKey' | 'userPool' | 'iam' | 'oidc' | 'lambda';

/** GraphQL variables: JSON values. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Variables = Record<string, Json>;

export interface ApiSettings {
  /** the GraphQL endpoint, e.g. https://<id>.appsync-api.<region>.amazonaws.com/graphql */
  endpoint: string;
  region: string;
  /** the public key (catalog); its mode is the default when present */
  apiKey?: string;
  /** the Cognito user pool customers sign in to */
  userPool?: { userPoolId: string; userPoolClientId: string; userPoolEndpoint?: string };
}

export function configureApi(settings: ApiSettings): void {
  Amplify.configure({
    API: {
      GraphQL: {
        endpoint: settings.endpoint,
        region: settings.region,
        defaultAuthMode: settings.apiKey ? 'apiKey' : 'userPool',
        apiKey: settings.apiKey,
      },
    },
    ...(settings.userPool ? { Auth: { Cognito: settings.userPool } } : {}),
  });
}

export interface LiveUpdates<T> {
  next(data: T): void;
  error(error: unknown): void;
}

/** What Amplify returns for a subscription document given as a string (its type is a Promise | Observable union). */
interface LiveOperation<T> {
  subscribe(observer: { next(message: { data: T }): void; error(error: unknown): void }): { unsubscribe(): void };
}

/** Follows a subscription until the returned function is called. */
export function subscribe<T>(query: string, variables: Variables, updates: LiveUpdates<T>, authMode?: AuthMode): () => void {
  const operation = generateClient().graphql({ query, variables, authMode }) as unknown as LiveOperation<T>;
  const subscription = operation.subscribe({ next: ({ data }) => updates.next(data), error: (error) => updates.error(error) });
  return () => subscription.unsubscribe();
}

/** Runs a query or mutation and returns its data; `headers` are added to the request (e.g. the ID token). */
export async function request<T>(query: string, variables: Variables, authMode?: AuthMode, headers?: Record<string, string>): Promise<T> {
  const result = await generateClient().graphql({ query, variables, authMode }, headers);
  return (result as { data: T }).data;
}
