/**
 * The rewards a customer redeemed, newest first, with their state and, for digital rewards, the voucher code. A
 * voucher is made by the fulfilment queue shortly after the redemption, so the list refreshes while one is pending.
 */
import { Alert, Badge, Button, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useOperation } from '../app/api';
import { Scrollable } from '../app/Scrollable';
import type { MyRewardRedemptionsQuery, MyRewardRedemptionsQueryVariables, RewardRedemptionFieldsFragment } from '../generated/operations';

const PENDING_REFRESH_MS = 2000;

const STATES: Record<string, string> = { REDEEMED: 'Being prepared', FULFILLED: 'Ready', CANCELLED: 'Cancelled, points returned' };

export function MyRewardsPage() {
  const redemptions = useOperation<MyRewardRedemptionsQuery, MyRewardRedemptionsQueryVariables>('MyRewardRedemptions', { limit: 50 });
  const items = redemptions.data?.myRewardRedemptions.items;
  const pending = !!items?.some((item) => item.status === 'REDEEMED');
  const { reload, loading } = redemptions;
  useEffect(() => {
    if (!pending || loading) return;
    const timer = setTimeout(reload, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, loading, reload]);
  return (
    <>
      <Heading level={1}>My rewards</Heading>
      {redemptions.error && <Alert variation="error">{redemptions.error}</Alert>}
      {items && items.length === 0 && (
        <Text>
          You haven't redeemed any rewards yet. <Link to="/rewards">Browse the rewards</Link>
        </Text>
      )}
      {items && items.length > 0 && (
        <Scrollable label="My rewards">
          <Table caption="Rewards you redeemed, newest first">
            <TableHead>
              <TableRow>
                <TableCell as="th">When</TableCell>
                <TableCell as="th">Reward</TableCell>
                <TableCell as="th">Points</TableCell>
                <TableCell as="th">State</TableCell>
                <TableCell as="th">Voucher code</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.id}>
                  <TableCell>{new Date(item.redeemedAt).toLocaleString('en')}</TableCell>
                  <TableCell>{item.rewardTitle}</TableCell>
                  <TableCell>{item.pointsSpent.toLocaleString('en')}</TableCell>
                  <TableCell>
                    <Badge>{STATES[item.status] ?? item.status}</Badge>
                  </TableCell>
                  <TableCell>{voucher(item)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
      <Button marginTop="1rem" onClick={reload}>
        Refresh
      </Button>
    </>
  );
}

function voucher(item: RewardRedemptionFieldsFragment) {
  if (item.fulfilment !== 'DIGITAL') return 'Shipped to you';
  if (item.voucherCode) return <code data-testid="voucher-code">{item.voucherCode}</code>;
  return item.status === 'CANCELLED' ? '—' : 'On its way…';
}
