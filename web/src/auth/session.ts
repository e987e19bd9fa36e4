/**
 * The web app's sign-in: the Cognito user pool through aws-amplify v6, exactly as shipped. Against AWS the pool is
 * Cognito itself; locally `userPoolEndpoint` points the same calls at the engine's user pool.
 */
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';

export interface SignedInUser {
  username: string;
  groups: string[];
}

/** Signs in with Amplify's default flow (SRP: the password never leaves the browser). */
export async function signInWithPassword(username: string, password: string): Promise<SignedInUser> {
  const result = await signIn({ username, password });
  if (!result.isSignedIn) throw new Error(`Sign-in needs another step: ${result.nextStep.signInStep}`);
  const session = await fetchAuthSession();
  const groups = (session.tokens?.accessToken.payload['cognito:groups'] as string[] | undefined) ?? [];
  return { username, groups };
}

export function signOutEverywhere(): Promise<void> {
  return signOut({ global: true });
}
