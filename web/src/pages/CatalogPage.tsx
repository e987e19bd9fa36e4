/**
 * The rewards catalog: published rewards, cheapest first, filtered by category and price, a page at a time. Open to
 * everyone (API key); admins' content is rendered as text, never as HTML.
 */
import { Alert, Button, Card, Flex, Heading, Image, Text, TextField } from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { useAuthenticator } from '@aws-amplify/ui-react';
import { useOperation } from '../app/api';
import type { RewardCatalogFilter, RewardCatalogQuery, RewardCatalogQueryVariables } from '../generated/operations';

const PAGE_SIZE = 6;

export function CatalogPage() {
  const { authStatus } = useAuthenticator((context) => [context.authStatus]);
  const [category, setCategory] = useState('');
  const [maxPoints, setMaxPoints] = useState('');
  const [filter, setFilter] = useState<RewardCatalogFilter | null>(null);
  // the tokens of the pages before this one, so "Previous" can go back
  const [pages, setPages] = useState<Array<string | null>>([null]);
  const catalog = useOperation<RewardCatalogQuery, RewardCatalogQueryVariables>(
    'RewardCatalog',
    { filter, limit: PAGE_SIZE, nextToken: pages[pages.length - 1] },
    authStatus === 'authenticated' ? 'userPool' : 'apiKey',
  );

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const next: RewardCatalogFilter = {};
    if (category.trim()) next.category = category.trim();
    if (maxPoints.trim()) next.maxPointsCost = Number(maxPoints);
    setFilter(Object.keys(next).length ? next : null);
    setPages([null]);
  }

  const rewards = catalog.data?.rewards;
  return (
    <>
      <Heading level={1}>Rewards</Heading>
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
            </Card>
          </li>
        ))}
      </ul>
      <Flex gap="0.75rem">
        {pages.length > 1 && <Button onClick={() => setPages(pages.slice(0, -1))}>Previous page</Button>}
        {rewards?.nextToken && <Button onClick={() => setPages([...pages, rewards.nextToken!])}>Next page</Button>}
      </Flex>
    </>
  );
}
