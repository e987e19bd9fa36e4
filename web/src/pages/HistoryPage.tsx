/** The customer's history: what happened on their account, and their gift code redemptions with each one's status. */
import { Scrollable } from '../app/Scrollable';
import { Alert, Button, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { useOperation } from '../app/api';
import type {
  MyAccountHistoryQuery,
  MyAccountHistoryQueryVariables,
  MyRedemptionsQuery,
  MyRedemptionsQueryVariables,
} from '../generated/operations';
import { describeValue } from './RedeemPage';

const STATUS_TEXT = { REDEEMED: 'Being applied', VALUE_APPLIED: 'Applied', FAILED: 'Failed' } as const;

export function HistoryPage() {
  const [historyToken, setHistoryToken] = useState<string | null>(null);
  const history = useOperation<MyAccountHistoryQuery, MyAccountHistoryQueryVariables>('MyAccountHistory', {
    limit: 20,
    nextToken: historyToken,
  });
  const redemptions = useOperation<MyRedemptionsQuery, MyRedemptionsQueryVariables>('MyRedemptions', { limit: 20 });
  const entries = history.data?.myAccountHistory;
  return (
    <>
      <Heading level={1}>My history</Heading>
      {(history.error ?? redemptions.error) && <Alert variation="error">{history.error ?? redemptions.error}</Alert>}
      <Heading level={2}>Account activity</Heading>
      {entries && entries.items.length === 0 && <Text>Nothing has happened on your account yet.</Text>}
      {entries && entries.items.length > 0 && (
        <ul aria-label="Account activity">
          {entries.items.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString('en')}</time>: {entry.summary}
            </li>
          ))}
        </ul>
      )}
      {entries?.nextToken && <Button onClick={() => setHistoryToken(entries.nextToken)}>Older activity</Button>}
      {historyToken && <Button onClick={() => setHistoryToken(null)}>Newest activity</Button>}
      <Heading level={2}>Gift code redemptions</Heading>
      {redemptions.data && redemptions.data.myRedemptions.items.length === 0 && <Text>You have not redeemed a gift code yet.</Text>}
      {redemptions.data && redemptions.data.myRedemptions.items.length > 0 && (
        <Scrollable label="Gift code redemptions">
          <Table caption="Gift code redemptions, newest first">
            <TableHead>
              <TableRow>
                <TableCell as="th">When</TableCell>
                <TableCell as="th">Code</TableCell>
                <TableCell as="th">Value</TableCell>
                <TableCell as="th">Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {redemptions.data.myRedemptions.items.map((redemption) => (
                <TableRow key={redemption.id}>
                  <TableCell>{new Date(redemption.redeemedAt).toLocaleString('en')}</TableCell>
                  <TableCell>…{redemption.last4}</TableCell>
                  <TableCell>{describeValue(redemption.value)}</TableCell>
                  <TableCell>{STATUS_TEXT[redemption.status]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
    </>
  );
}
