/**
 * A development page that signs in with the app's session module and then runs one operation as that user with
 * the app's client module (the browser tests drive it). Parameters come from the URL: endpoint, region,
 * userPoolId, userPoolClientId, userPoolEndpoint, username, password, query, variables.
 */
import { configureApi, request } from '../api/client';
import { signInWithPassword } from '../auth/session';

const params = new URLSearchParams(location.search);
const user = document.getElementById('user')!;
const result = document.getElementById('result')!;

configureApi({
  endpoint: params.get('endpoint')!,
  region: params.get('region') ?? 'us-east-1',
  userPool: {
    userPoolId: params.get('userPoolId')!,
    userPoolClientId: params.get('userPoolClientId')!,
    userPoolEndpoint: params.get('userPoolEndpoint') ?? undefined,
  },
});

try {
  const signedIn = await signInWithPassword(params.get('username')!, params.get('password')!);
  user.textContent = `${signedIn.username} (${signedIn.groups.join(',')})`;
  const data = await request<unknown>(params.get('query')!, JSON.parse(params.get('variables') ?? '{}'), 'userPool');
  result.textContent = JSON.stringify({ data });
} catch (error) {
  const failure = error as { name?: string; message?: string; errors?: unknown };
  result.textContent = JSON.stringify(failure.errors ? { errors: failure.errors } : { error: failure.name, message: failure.message });
}
