/** The customer's points at a glance: balance, tier and progress to the next, the next expiry and the ledger, live. */
import { Alert, Card, Flex, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { Link } from 'react-router';
import { useLiveLoyaltyAccount } from '../app/loyalty';
import { Scrollable } from '../app/Scrollable';

/** The ledger's reasons are codes when the platform writes them; people read what happened. */
const REASONS: Record<string, string> = {
  GIFT_CODE_REDEMPTION: 'Gift code redeemed',
  REWARD_REDEMPTION: 'Reward redeemed',
  PRODUCT_REGISTRATION: 'Product registered',
};

const points = (amount: number) => `${amount.toLocaleString('en')} points`;
const day = (iso: string) => new Date(iso).toLocaleDateString('en', { year: 'numeric', month: 'long', day: 'numeric' });

export function HomePage() {
  const { account, ledger, error } = useLiveLoyaltyAccount();
  const progress = account?.nextTier
    ? Math.min(100, Math.round((account.pointsEarnedLast12Months / account.nextTier.threshold) * 100))
    : 100;
  return (
    <>
      <Heading level={1}>My points</Heading>
      {error && <Alert variation="error">{error}</Alert>}
      <Card variation="outlined">
        <Text as="p" fontSize="large">
          Balance: <strong data-testid="balance">{account ? points(account.balance) : '…'}</strong>
        </Text>
        {account && (
          <Flex direction="column" gap="0.5rem">
            <Text as="p">
              Tier: <strong data-testid="tier">{account.tier.name}</strong>
            </Text>
            {account.nextTier ? (
              <>
                <label htmlFor="tier-progress">
                  <span data-testid="next-tier">
                    {points(account.pointsToNextTier)} more to reach {account.nextTier.name}
                  </span>{' '}
                  ({points(account.pointsEarnedLast12Months)} earned in the last 12 months)
                </label>
                <progress id="tier-progress" max={account.nextTier.threshold} value={account.pointsEarnedLast12Months}>
                  {progress}%
                </progress>
              </>
            ) : (
              <Text as="p" data-testid="next-tier">
                You are at the top tier.
              </Text>
            )}
            <Text as="p">
              Member id: <span data-testid="member-id">{account.customerId}</span> (quote it when you contact us)
            </Text>
            <Text as="p" data-testid="next-expiry">
              {account.nextExpiry
                ? `${points(account.nextExpiry.points)} expire on ${day(account.nextExpiry.expiresAt)}.`
                : 'No points are due to expire.'}
            </Text>
          </Flex>
        )}
        <Flex gap="1rem" wrap="wrap">
          <Link to="/redeem">Redeem a gift code</Link>
          <Link to="/rewards">Spend points on rewards</Link>
        </Flex>
      </Card>
      <Heading level={2}>Points activity</Heading>
      {ledger && ledger.length === 0 && <Text>No points activity yet.</Text>}
      {ledger && ledger.length > 0 && (
        <Scrollable label="Points activity">
          <Table caption="Points activity, newest first" highlightOnHover>
            <TableHead>
              <TableRow>
                <TableCell as="th">When</TableCell>
                <TableCell as="th">What</TableCell>
                <TableCell as="th">Points</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {ledger.map((entry) => (
                <TableRow key={entry.id}>
                  <TableCell>{new Date(entry.occurredAt).toLocaleString('en')}</TableCell>
                  <TableCell>{REASONS[entry.reason] ?? entry.reason}</TableCell>
                  <TableCell>{entry.points > 0 ? `+${entry.points}` : entry.points}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
    </>
  );
}
