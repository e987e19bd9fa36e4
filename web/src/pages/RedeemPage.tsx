/**
 * Redeeming a gift code: the code is redeemed at once (REDEEMED), its value is applied a moment later by the
 * platform (VALUE_APPLIED, or FAILED); both steps arrive live on onRedemptionUpdated, subscribed before redeeming, and
 * are read again when the subscription is back after a lost connection.
 */
import { Alert, Button, Flex, Heading, Text, TextField } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { run } from '../app/api';
import { useCustomerFeed } from '../app/live';
import { usePerson } from '../app/session';
import { useSubmission } from '../app/submission';
import type {
  MyRedemptionsQuery,
  OnRedemptionUpdatedSubscription,
  RedeemGiftCodeMutation,
  RedeemGiftCodeMutationVariables,
  RedemptionFieldsFragment,
  RedemptionStatus,
} from '../generated/operations';

const STEPS: Array<[RedemptionStatus, string]> = [
  ['REDEEMED', 'Code accepted'],
  ['VALUE_APPLIED', 'Value added to your account'],
];
const ORDER: Record<RedemptionStatus, number> = { REDEEMED: 0, VALUE_APPLIED: 1, FAILED: 1 };

export function describeValue(value: RedemptionFieldsFragment['value']): string {
  if (value.kind === 'POINTS') return `${value.amount.toLocaleString('en')} points`;
  return `${(value.amount / 100).toLocaleString('en', { style: 'currency', currency: value.currency ?? 'EUR' })} off`;
}

export function RedeemPage() {
  const person = usePerson()!;
  const [code, setCode] = useState('');
  const { busy, error, submit } = useSubmission();
  const [redemptionId, setRedemptionId] = useState<string | null>(null);
  const [latest, setLatest] = useState<Record<string, RedemptionFieldsFragment>>({});
  const remember = (redemption: RedemptionFieldsFragment) =>
    setLatest((known) => {
      const previous = known[redemption.id];
      return previous && ORDER[previous.status] > ORDER[redemption.status] ? known : { ...known, [redemption.id]: redemption };
    });
  useCustomerFeed<OnRedemptionUpdatedSubscription, MyRedemptionsQuery, RedemptionFieldsFragment>(
    person.userId,
    {
      subscription: 'OnRedemptionUpdated',
      pushed: (data) => data.onRedemptionUpdated,
      catchUp: 'MyRedemptions',
      listed: (data) => data.myRedemptions.items,
    },
    remember,
  );

  const redeem = submit(async () => {
    setRedemptionId(null);
    const data = await run<RedeemGiftCodeMutation, RedeemGiftCodeMutationVariables>('RedeemGiftCode', {
      input: { code: code.trim(), requestId: crypto.randomUUID() },
    });
    remember(data.redeemGiftCode);
    setRedemptionId(data.redeemGiftCode.id);
    setCode('');
  });

  const redemption = redemptionId ? latest[redemptionId] : null;
  return (
    <>
      <Heading level={1}>Redeem a gift code</Heading>
      <form onSubmit={redeem}>
        <Flex direction="column" gap="0.75rem" maxWidth="28rem">
          <TextField
            label="Gift code"
            descriptiveText="As printed on the card, e.g. ABCD-EFGH-JKMN-PQRS"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoComplete="off"
            isRequired
          />
          <Button type="submit" variation="primary" isLoading={busy} loadingText="Redeeming…">
            Redeem
          </Button>
        </Flex>
      </form>
      {error && (
        <Alert variation="error" role="alert" marginTop="1rem">
          {error}
        </Alert>
      )}
      {redemption && (
        <section aria-label="Redemption progress">
          <Heading level={2}>Code ending {redemption.last4}</Heading>
          <Text>{describeValue(redemption.value)}</Text>
          <ol>
            {STEPS.map(([status, label]) => (
              <li key={status} data-done={ORDER[redemption.status] >= ORDER[status] && redemption.status !== 'FAILED'}>
                {label}:{' '}
                {redemption.status === 'FAILED' && status === 'VALUE_APPLIED'
                  ? 'failed'
                  : ORDER[redemption.status] >= ORDER[status]
                    ? 'done'
                    : 'waiting…'}
              </li>
            ))}
          </ol>
          {redemption.status === 'FAILED' && (
            <Alert variation="error">
              The value could not be applied{redemption.failureReason ? `: ${redemption.failureReason}` : ''}.
            </Alert>
          )}
          {redemption.status === 'VALUE_APPLIED' && (
            <Alert variation="success">
              Done! <Link to="/">See your points</Link>
            </Alert>
          )}
        </section>
      )}
    </>
  );
}
