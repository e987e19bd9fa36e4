/**
 * The GraphQL explorer on GET /graphql (local only): GraphiQL with the auth mode to send each request with: the API
 * key, a seeded user signed in through the user pool (Amplify keeps the tokens), or the local developer's IAM keys.
 * Requests go through aws-amplify, so what works here works in the app: subscriptions too, over AppSync's real-time
 * protocol, each pushed result replacing the last in the result pane until GraphiQL's stop button ends it.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { GraphiQL } from 'graphiql';
import { OperationTypeNode, type ExecutionResult } from 'graphql';
import { useState } from 'react';
import { request, type AuthMode, type Variables } from '../api/client';
import { chosenOperation, errorsOf, liveResults, type FetcherParams } from './fetching';
import type { AppConfig } from '../app/config';

export function Explorer({ config }: { config: AppConfig }) {
  const [mode, setMode] = useState<AuthMode>(config.apiKey ? 'apiKey' : 'userPool');
  const [user, setUser] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const iam = config.local?.iam;
  if (iam)
    Amplify.configure(Amplify.getConfig(), {
      Auth: {
        tokenProvider: cognitoUserPoolsTokenProvider,
        credentialsProvider: {
          getCredentialsAndIdentityId: async () => ({ credentials: iam }),
          clearCredentialsAndIdentityId: () => {},
        },
      },
    });

  async function signInAs(username: string) {
    const seeded = config.local?.users.find((candidate) => candidate.username === username);
    if (!seeded) return;
    setStatus(`Signing in as ${username}…`);
    await signOut().catch(() => {});
    await signIn({ username, password: seeded.password });
    const session = await fetchAuthSession();
    setUser(session.tokens ? username : null);
    setStatus(session.tokens ? `Signed in as ${username}` : 'Sign-in failed');
  }

  const fetcher = (params: FetcherParams) => {
    const chosen = chosenOperation(params);
    if (typeof chosen === 'string') return { errors: [{ message: chosen }] } as unknown as ExecutionResult;
    const variables = (params.variables ?? {}) as Variables;
    if (chosen.kind === OperationTypeNode.SUBSCRIPTION) return liveResults(chosen.document, variables, mode);
    return request<Record<string, unknown>>(chosen.document, variables, mode).then(
      (data) => ({ data }),
      (failure: unknown) => ({ errors: errorsOf(failure) }) as unknown as ExecutionResult,
    );
  };

  return (
    <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <form aria-label="Authorization" style={{ display: 'flex', gap: '1rem', padding: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <strong>GraphQL explorer (local)</strong>
        <label>
          Auth mode{' '}
          <select value={mode} onChange={(event) => setMode(event.target.value as AuthMode)}>
            {config.apiKey && <option value="apiKey">API key</option>}
            <option value="userPool">Signed-in user (Cognito user pool)</option>
            {iam && <option value="iam">IAM (local developer keys)</option>}
          </select>
        </label>
        {mode === 'userPool' && (
          <label>
            Sign in as{' '}
            <select value={user ?? ''} onChange={(event) => void signInAs(event.target.value)}>
              <option value="" disabled>
                choose a seeded user
              </option>
              {config.local?.users.map((seeded) => (
                <option key={seeded.username} value={seeded.username}>
                  {seeded.username} ({seeded.groups.join(', ')})
                </option>
              ))}
            </select>
          </label>
        )}
        <output aria-live="polite">{status}</output>
      </form>
      <div style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL fetcher={fetcher} defaultQuery={'{\n  health {\n    status\n    time\n  }\n}\n'} />
      </div>
    </div>
  );
}
