/** The customer's points at a glance: the balance and the ledger behind it, refreshed live as redemptions apply. */
import { Scrollable } from '../app/Scrollable';
import { Alert, Card, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { Link } from 'react-router';
import { useOperation } from '../app/api';
import { operation } from '../app/operations';
import { useSubscription } from '../app/live';
import { usePerson } from '../app/session';
import type { MyLoyaltyQuery, MyLoyaltyQueryVariables, OnRedemptionUpdatedSubscription } from '../generated/operations';

/** The ledger's reasons are codes; people read what happened. */
const REASONS: Record<string, string> = { GIFT_CODE_REDEMPTION: 'Gift code redeemed' };

export function HomePage() {
  const person = usePerson()!;
  const loyalty = useOperation<MyLoyaltyQuery, MyLoyaltyQueryVariables>('MyLoyalty', { limit: 20 });
  useSubscription<OnRedemptionUpdatedSubscription>(operation('OnRedemptionUpdated'), { customerId: person.userId }, (data) => {
    if (data.onRedemptionUpdated?.status === 'VALUE_APPLIED') loyalty.reload();
  });
  const account = loyalty.data?.myLoyalty;
  return (
    <>
      <Heading level={1}>My points</Heading>
      {loyalty.error && <Alert variation="error">{loyalty.error}</Alert>}
      <Card variation="outlined">
        <Text as="p" fontSize="large">
          Balance: <strong data-testid="balance">{account ? `${account.balance.toLocaleString('en')} points` : '…'}</strong>
        </Text>
        <Link to="/redeem">Redeem a gift code</Link>
      </Card>
      <Heading level={2}>Points activity</Heading>
      {account && account.ledger.items.length === 0 && <Text>No points activity yet.</Text>}
      {account && account.ledger.items.length > 0 && (
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
              {account.ledger.items.map((entry) => (
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
