/**
 * Who is signed in, for every page: Amplify keeps the tokens; the app reads the user's id and groups from them.
 */
import { useAuthenticator } from '@aws-amplify/ui-react';
import { fetchAuthSession } from 'aws-amplify/auth';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export interface Person {
  userId: string;
  username: string;
  groups: string[];
  /** partners act for one issuer only */
  issuerId?: string;
}

const PersonContext = createContext<Person | null>(null);

export function PersonProvider({ children }: { children: ReactNode }) {
  const { user, authStatus } = useAuthenticator((context) => [context.user, context.authStatus]);
  const [person, setPerson] = useState<Person | null>(null);
  useEffect(() => {
    if (authStatus !== 'authenticated' || !user) return setPerson(null);
    let current = true;
    void fetchAuthSession().then((session) => {
      if (!current) return;
      const groups = (session.tokens?.accessToken.payload['cognito:groups'] as string[] | undefined) ?? [];
      const issuerId = session.tokens?.idToken?.payload['custom:issuerId'] as string | undefined;
      setPerson({ userId: user.userId, username: user.username, groups, issuerId });
    });
    return () => {
      current = false;
    };
  }, [user, authStatus]);
  return <PersonContext.Provider value={person}>{children}</PersonContext.Provider>;
}

export function usePerson(): Person | null {
  return useContext(PersonContext);
}
