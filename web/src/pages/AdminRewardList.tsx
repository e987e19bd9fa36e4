/**
 * The rewards admins are working on, by status (drafts first), optionally of one category, a page at a time, each
 * one a click from the editor. The catalog query lists DRAFT and ARCHIVED rewards to admins only.
 */
import {
  Alert,
  Button,
  Flex,
  Heading,
  SelectField,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  TextField,
} from '@aws-amplify/ui-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useOperation } from '../app/api';
import { usePaging } from '../app/paging';
import { Scrollable } from '../app/Scrollable';
import type {
  RewardCatalogFilter,
  RewardCatalogQuery,
  RewardCatalogQueryVariables,
  RewardFieldsFragment,
  RewardStatus,
} from '../generated/operations';

const PAGE_SIZE = 10;
const STATUSES: Array<{ value: RewardStatus; label: string }> = [
  { value: 'DRAFT', label: 'Drafts' },
  { value: 'PUBLISHED', label: 'Published' },
  { value: 'ARCHIVED', label: 'Archived' },
];

/** `changes` counts the edits made in the editor, so the list shows a reward's new status as soon as it changes. */
export function AdminRewardList({ changes, onOpen }: { changes: number; onOpen: (reward: RewardFieldsFragment) => void }) {
  const [status, setStatus] = useState<RewardStatus>('DRAFT');
  const [category, setCategory] = useState('');
  const [filter, setFilter] = useState<RewardCatalogFilter>({ status: 'DRAFT' });
  const paging = usePaging();
  const list = useOperation<RewardCatalogQuery, RewardCatalogQueryVariables>('RewardCatalog', {
    filter,
    limit: PAGE_SIZE,
    nextToken: paging.token,
  });
  const { reload } = list;
  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  function show(event: FormEvent) {
    event.preventDefault();
    setFilter(category.trim() ? { status, category: category.trim() } : { status });
    paging.restart();
  }

  const rewards = list.data?.rewards;
  return (
    <section aria-labelledby="reward-list-heading">
      <Heading level={2} id="reward-list-heading">
        Rewards by status
      </Heading>
      <form onSubmit={show} aria-label="List rewards">
        <Flex alignItems="flex-end" gap="0.5rem" wrap="wrap">
          <SelectField label="Status" value={status} onChange={(event) => setStatus(event.target.value as RewardStatus)}>
            {STATUSES.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField label="Category (optional)" value={category} onChange={(event) => setCategory(event.target.value)} />
          <Button type="submit">Show</Button>
        </Flex>
      </form>
      {list.error && <Alert variation="error">{list.error}</Alert>}
      {rewards && rewards.items.length === 0 && <Text marginTop="0.5rem">No rewards with this status.</Text>}
      {rewards && rewards.items.length > 0 && (
        <Scrollable label="Rewards by status">
          <Table caption="Rewards with this status, cheapest first">
            <TableHead>
              <TableRow>
                <TableCell as="th">Title</TableCell>
                <TableCell as="th">Category</TableCell>
                <TableCell as="th">Points</TableCell>
                <TableCell as="th">Version</TableCell>
                <TableCell as="th">Edit</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rewards.items.map((reward) => (
                <TableRow key={reward.id}>
                  <TableCell>{reward.title}</TableCell>
                  <TableCell>{reward.category ?? '—'}</TableCell>
                  <TableCell>{reward.pointsCost.toLocaleString('en')}</TableCell>
                  <TableCell>{reward.version}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => onOpen(reward)} aria-label={`Open ${reward.title}`}>
                      Open
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
      {paging.buttons(rewards?.nextToken)}
    </section>
  );
}
