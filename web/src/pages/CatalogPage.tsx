/**
 * The rewards catalog: published rewards, cheapest first, filtered by category and price, a page at a time. Open to
 * everyone (API key); signed-in customers see their balance, live, and redeem rewards with their points; admins get
 * a link to each reward's content. Admins' content is rendered as text, never as HTML.
 */
import { Alert, Button, Card, Flex, Heading, Image, Text, TextField } from '@aws-amplify/ui-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useAuthenticator } from '@aws-amplify/ui-react';
import { Link } from 'react-router';
import { run, useOperation } from '../app/api';
import { usePaging } from '../app/paging';
import { humanError } from '../app/errors';
import { useLiveLoyaltyAccount } from '../app/loyalty';
import { usePerson } from '../app/session';
import type {
  RedeemRewardMutation,
  RedeemRewardMutationVariables,
  RewardCatalogFilter,
  RewardCatalogQuery,
  RewardCatalogQueryVariables,
  RewardFieldsFragment,
} from '../generated/operations';

const PAGE_SIZE = 6;

export function CatalogPage() {
  const { authStatus } = useAuthenticator((context) => [context.authStatus]);
  const person = usePerson();
  // bumped by each redemption made here, so the balance reloads even if the push raced the subscription's setup
  const [redemptions, setRedemptions] = useState(0);
  const [category, setCategory] = useState('');
  const [maxPoints, setMaxPoints] = useState('');
  const [filter, setFilter] = useState<RewardCatalogFilter | null>(null);
  const paging = usePaging();
  const catalog = useOperation<RewardCatalogQuery, RewardCatalogQueryVariables>(
    'RewardCatalog',
    { filter, limit: PAGE_SIZE, nextToken: paging.token },
    authStatus === 'authenticated' ? 'userPool' : 'apiKey',
  );

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const next: RewardCatalogFilter = {};
    if (category.trim()) next.category = category.trim();
    if (maxPoints.trim()) next.maxPointsCost = Number(maxPoints);
    setFilter(Object.keys(next).length ? next : null);
    paging.restart();
  }

  const rewards = catalog.data?.rewards;
  const customer = !!person?.groups.includes('customer');
  return (
    <>
      <Heading level={1}>Rewards</Heading>
      {customer && <LiveBalance redemptions={redemptions} />}
      <form onSubmit={applyFilters} aria-label="Filter rewards">
        <Flex wrap="wrap" alignItems="flex-end" gap="0.75rem">
          <TextField label="Category" value={category} onChange={(event) => setCategory(event.target.value)} />
          <TextField
            label="At most (points)"
            type="number"
            min={0}
            value={maxPoints}
            onChange={(event) => setMaxPoints(event.target.value)}
          />
          <Button type="submit">Apply filters</Button>
        </Flex>
      </form>
      {catalog.error && <Alert variation="error">{catalog.error}</Alert>}
      {rewards && rewards.items.length === 0 && <Text marginTop="1rem">No rewards match these filters.</Text>}
      <ul aria-label="Rewards" className="reward-grid">
        {rewards?.items.map((reward) => (
          <li key={reward.id}>
            <RewardCard
              reward={reward}
              redeemable={customer}
              onRedeemed={() => {
                catalog.reload();
                setRedemptions((count) => count + 1);
              }}
            />
          </li>
        ))}
      </ul>
      {paging.buttons(rewards?.nextToken)}
    </>
  );
}

function LiveBalance({ redemptions }: { redemptions: number }) {
  const { account, reload } = useLiveLoyaltyAccount(1);
  useEffect(() => {
    if (redemptions > 0) reload();
  }, [redemptions, reload]);
  return (
    <Text as="p">
      Your balance: <strong data-testid="balance">{account ? `${account.balance.toLocaleString('en')} points` : '…'}</strong> ·{' '}
      <Link to="/my-rewards">My rewards</Link>
    </Text>
  );
}

function RewardCard({ reward, redeemable, onRedeemed }: { reward: RewardFieldsFragment; redeemable: boolean; onRedeemed: () => void }) {
  const editable = usePerson()?.groups.includes('admin') ?? false;
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // one id per attempt the person makes: a retry of the same request is answered with the same redemption
  async function redeem() {
    setBusy(true);
    setOutcome(null);
    try {
      const { redeemReward } = await run<RedeemRewardMutation, RedeemRewardMutationVariables>('RedeemReward', {
        input: { rewardId: reward.id, requestId: crypto.randomUUID() },
      });
      setOutcome({ ok: true, message: `Redeemed for ${redeemReward.pointsSpent.toLocaleString('en')} points.` });
      onRedeemed();
    } catch (error) {
      setOutcome({ ok: false, message: humanError(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card variation="outlined">
      {reward.imageUrl && <Image src={reward.imageUrl} alt="" maxWidth="8rem" />}
      <Heading level={2} fontSize="large">
        {reward.title}
      </Heading>
      {reward.description && <Text>{reward.description}</Text>}
      <Text>
        <strong>{reward.pointsCost.toLocaleString('en')} points</strong>
        {reward.category && ` · ${reward.category}`} · {reward.stock > 0 ? `${reward.stock} left` : 'Out of stock'}
      </Text>
      {redeemable && (
        <Button
          size="small"
          marginTop="0.5rem"
          isLoading={busy}
          loadingText="Redeeming…"
          onClick={() => void redeem()}
          aria-label={`Redeem with points: ${reward.title}`}
        >
          Redeem with points
        </Button>
      )}
      {editable && (
        <Link to={`/admin/rewards?id=${encodeURIComponent(reward.id)}`} aria-label={`Edit content: ${reward.title}`}>
          Edit content
        </Link>
      )}
      {outcome && (
        <Alert variation={outcome.ok ? 'success' : 'error'} marginTop="0.5rem" role={outcome.ok ? 'status' : 'alert'}>
          {outcome.message} {outcome.ok && <Link to="/my-rewards">See My rewards</Link>}
        </Alert>
      )}
    </Card>
  );
}
