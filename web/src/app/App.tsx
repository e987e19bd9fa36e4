/**
 * The app shell: sign-in (Amplify UI's Authenticator against the configured user pool), navigation by role, and
 * the pages. The catalog is public (API key); everything else needs a signed-in person of the right group.
 */
import { Authenticator, Badge, Button, Flex, Heading, useAuthenticator } from '@aws-amplify/ui-react';
import { createContext, useContext, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, NavLink, Route, Routes } from 'react-router';
import { AdminPointsPage } from '../pages/AdminPointsPage';
import { AdminProductsPage } from '../pages/AdminProductsPage';
import { AdminRewardsPage } from '../pages/AdminRewardsPage';
import { CatalogPage } from '../pages/CatalogPage';
import { ConsolePage } from '../pages/ConsolePage';
import { GiftCodeBatchesPage } from '../pages/GiftCodeBatchesPage';
import { HistoryPage } from '../pages/HistoryPage';
import { HomePage } from '../pages/HomePage';
import { MyRegistrationsPage, MyDiscountCodesPage } from '../pages/MyRegistrationsPage';
import { MyRewardsPage } from '../pages/MyRewardsPage';
import { RegisterProductPage } from '../pages/RegisterProductPage';
import { PartnerWebhooksPage } from '../pages/PartnerWebhooksPage';
import { RedeemPage } from '../pages/RedeemPage';
import type { AppConfig } from './config';
import { useLiveStatus } from './live';
import { PersonProvider, usePerson } from './session';

/** Locally, the seeded users: the sign-in form names them, so nobody has to find the start banner again. */
const LocalUsers = createContext<NonNullable<AppConfig['local']>['users']>([]);

/** Where a signed-in person starts: customers on their points, admins on rewards content, partners on gift codes. */
function startPageOf(groups: string[]): string {
  if (groups.includes('customer')) return '/';
  return groups.includes('admin') ? '/admin/rewards' : '/admin/gift-codes';
}

export function App({ config }: { config: AppConfig }) {
  return (
    <LocalUsers.Provider value={config.local?.users ?? []}>
      <Authenticator.Provider>
        <PersonProvider>
          <BrowserRouter>
            <Shell local={!!config.local}>
              <Routes>
                <Route path="/" element={<SignedIn groups={['customer']} page={<HomePage />} othersGoToTheirStart />} />
                <Route path="/redeem" element={<SignedIn groups={['customer']} page={<RedeemPage />} />} />
                <Route path="/history" element={<SignedIn groups={['customer']} page={<HistoryPage />} />} />
                <Route path="/rewards" element={<CatalogPage />} />
                <Route path="/my-rewards" element={<SignedIn groups={['customer']} page={<MyRewardsPage />} />} />
                <Route path="/register" element={<SignedIn groups={['customer']} page={<RegisterProductPage />} />} />
                <Route path="/my-registrations" element={<SignedIn groups={['customer']} page={<MyRegistrationsPage />} />} />
                <Route path="/my-discount-codes" element={<SignedIn groups={['customer']} page={<MyDiscountCodesPage />} />} />
                <Route path="/admin/rewards" element={<SignedIn groups={['admin']} page={<AdminRewardsPage />} />} />
                <Route path="/admin/products" element={<SignedIn groups={['admin']} page={<AdminProductsPage />} />} />
                <Route path="/admin/points" element={<SignedIn groups={['admin']} page={<AdminPointsPage />} />} />
                <Route path="/admin/gift-codes" element={<SignedIn groups={['admin', 'partner']} page={<GiftCodeBatchesPage />} />} />
                <Route path="/admin/webhooks" element={<SignedIn groups={['admin', 'partner']} page={<PartnerWebhooksPage />} />} />
                {config.local && <Route path="/console" element={<ConsolePage />} />}
                <Route path="*" element={<Heading level={1}>Page not found</Heading>} />
              </Routes>
            </Shell>
          </BrowserRouter>
        </PersonProvider>
      </Authenticator.Provider>
    </LocalUsers.Provider>
  );
}

function Shell({ local, children }: { local: boolean; children: ReactNode }) {
  const person = usePerson();
  const { signOut } = useAuthenticator((context) => [context.user]);
  const live = useLiveStatus();
  const groups = person?.groups ?? [];
  const links: Array<[string, string, boolean]> = [
    ['/', 'My points', groups.includes('customer')],
    ['/redeem', 'Redeem a code', groups.includes('customer')],
    ['/history', 'My history', groups.includes('customer')],
    ['/rewards', 'Rewards', true],
    ['/my-rewards', 'My rewards', groups.includes('customer')],
    ['/register', 'Register a product', groups.includes('customer')],
    ['/my-registrations', 'My registrations', groups.includes('customer')],
    ['/my-discount-codes', 'My discount codes', groups.includes('customer')],
    ['/admin/rewards', 'Rewards content', groups.includes('admin')],
    ['/admin/products', 'Products', groups.includes('admin')],
    ['/admin/points', 'Points adjustments', groups.includes('admin')],
    ['/admin/gift-codes', 'Gift codes', groups.includes('admin') || groups.includes('partner')],
    ['/admin/webhooks', 'Partner webhooks', groups.includes('admin') || groups.includes('partner')],
    ['/console', 'Local console', local],
  ];
  // the explorer is a page of its own (GraphiQL), outside the app's router
  return (
    <div className="shell">
      <header>
        <Flex justifyContent="space-between" alignItems="center" wrap="wrap">
          <Heading level={2} as="p">
            Loyalty
          </Heading>
          <Flex alignItems="center" gap="0.5rem">
            <span role="status">
              {live === 'paused' && <Badge variation="warning">Live updates paused — reconnecting…</Badge>}
              {live === 'starting' && <Badge>Connecting live updates…</Badge>}
            </span>
            {person && (
              <>
                <span>Signed in as {person.username}</span>
                <Button size="small" onClick={signOut}>
                  Sign out
                </Button>
              </>
            )}
          </Flex>
        </Flex>
        <nav aria-label="Main">
          <ul>
            {links
              .filter(([, , shown]) => shown)
              .map(([to, label]) => (
                <li key={to}>
                  <NavLink to={to} end>
                    {label}
                  </NavLink>
                </li>
              ))}
            {local && (
              <li>
                <a href="/graphql">GraphQL explorer</a>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main>{children}</main>
    </div>
  );
}

/**
 * The page for a signed-in person of one of `groups`; the sign-in form otherwise. Others are told whose page it is and
 * where theirs are, or (`othersGoToTheirStart`, the app's root) taken there.
 */
function SignedIn({ groups, page, othersGoToTheirStart = false }: { groups: string[]; page: ReactNode; othersGoToTheirStart?: boolean }) {
  const { authStatus } = useAuthenticator((context) => [context.authStatus]);
  const person = usePerson();
  const localUsers = useContext(LocalUsers);
  if (authStatus === 'configuring') return null;
  if (authStatus !== 'authenticated')
    return (
      <>
        {localUsers.length > 0 && (
          <p>
            Local users:{' '}
            {localUsers.map((user, index) => (
              <span key={user.username}>
                {index > 0 && ', '}
                <strong>{user.username}</strong> ({user.groups.join(', ')}) password <code>{user.password}</code>
              </span>
            ))}
          </p>
        )}
        <Authenticator hideSignUp />
      </>
    );
  if (!person) return null;
  if (!groups.some((group) => person.groups.includes(group))) {
    const start = startPageOf(person.groups);
    if (othersGoToTheirStart && start !== '/') return <Navigate to={start} replace />;
    return (
      <p role="alert">
        This page is for {groups.join(' and ')} accounts; you are signed in as {person.username}. <Link to={start}>Go to your pages</Link>
      </p>
    );
  }
  return page;
}
