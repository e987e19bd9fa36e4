/**
 * Admins credit or debit a customer's points, with a reason that is kept in the ledger. One request id per intended
 * adjustment: pressing the button again after a failure retries the same adjustment instead of making a second one.
 */
import { Alert, Button, Flex, Heading, TextField } from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { runWithIdToken } from '../app/api';
import { humanError } from '../app/errors';
import type { AdjustPointsMutation, AdjustPointsMutationVariables } from '../generated/operations';

const ADJUSTMENT_ERRORS = { InsufficientPoints: "This debit would take the customer's balance below zero, which is never allowed." };

export function AdminPointsPage() {
  const [customerId, setCustomerId] = useState('');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setRequestId(crypto.randomUUID());
    };

  async function adjust(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const { adjustPoints } = await runWithIdToken<AdjustPointsMutation, AdjustPointsMutationVariables>('AdjustPoints', {
        input: { customerId: customerId.trim(), points: Number(points), reason: reason.trim(), requestId },
      });
      const amount = Math.abs(adjustPoints.points).toLocaleString('en');
      setMessage({
        kind: 'success',
        text: `${adjustPoints.points > 0 ? 'Credited' : 'Debited'} ${amount} points ${adjustPoints.points > 0 ? 'to' : 'from'} ${customerId.trim()}: “${adjustPoints.reason}”.`,
      });
      setRequestId(crypto.randomUUID());
      setPoints('');
      setReason('');
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure, ADJUSTMENT_ERRORS) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Heading level={1}>Points adjustments</Heading>
      {message && (
        <Alert variation={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <form onSubmit={adjust} aria-label="Adjust points">
        <Flex direction="column" gap="0.75rem" maxWidth="32rem">
          <TextField
            label="Customer id"
            descriptiveText="The member id the customer sees on their My points page"
            value={customerId}
            onChange={(event) => changed(setCustomerId)(event.target.value)}
            isRequired
          />
          <TextField
            label="Points"
            descriptiveText="Positive to credit, negative to debit"
            type="number"
            value={points}
            onChange={(event) => changed(setPoints)(event.target.value)}
            isRequired
          />
          <TextField
            label="Reason"
            descriptiveText="Shown to the customer in their points activity"
            value={reason}
            onChange={(event) => changed(setReason)(event.target.value)}
            isRequired
          />
          <Button type="submit" variation="primary" isLoading={busy} loadingText="Adjusting…">
            Adjust points
          </Button>
        </Flex>
      </form>
    </>
  );
}
