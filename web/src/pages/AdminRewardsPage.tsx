/**
 * The rewards content editor: create drafts, find rewards by status (drafts, published, archived) or open one by
 * id, edit it (the version it was loaded at guards the save, so a concurrent change is explained instead of
 * overwritten), publish, archive, and import from a file.
 */
import { Alert, Badge, Button, Flex, Heading, TextAreaField, TextField } from '@aws-amplify/ui-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { run } from '../app/api';
import { humanError } from '../app/errors';
import type {
  ArchiveRewardMutation,
  CreateRewardMutation,
  PublishRewardMutation,
  RewardFieldsFragment,
  RewardQuery,
  UpdateRewardMutation,
} from '../generated/operations';
import { AdminRewardList } from './AdminRewardList';
import { RewardImport } from './RewardImport';

interface Draft {
  title: string;
  description: string;
  category: string;
  pointsCost: string;
  stock: string;
}

const EMPTY: Draft = { title: '', description: '', category: '', pointsCost: '', stock: '' };
const draftOf = (reward: RewardFieldsFragment): Draft => ({
  title: reward.title,
  description: reward.description ?? '',
  category: reward.category ?? '',
  pointsCost: String(reward.pointsCost),
  stock: String(reward.stock),
});
const contentOf = (draft: Draft) => ({
  title: draft.title,
  description: draft.description || null,
  category: draft.category || null,
  pointsCost: Number(draft.pointsCost),
  stock: Number(draft.stock),
});

export function AdminRewardsPage() {
  const [reward, setReward] = useState<RewardFieldsFragment | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [openId, setOpenId] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // counts the changes saved here, so the list of rewards by status reloads after each
  const [changes, setChanges] = useState(0);

  async function act(work: () => Promise<RewardFieldsFragment | null>, done: string) {
    setMessage(null);
    try {
      const result = await work();
      if (result) {
        setReward(result);
        setDraft(draftOf(result));
        setChanges((count) => count + 1);
      }
      setMessage({ kind: 'success', text: done });
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure) });
    }
  }

  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(
      async () => (await run<CreateRewardMutation, object>('CreateReward', { input: contentOf(draft) })).createReward,
      'Draft created.',
    );
  };
  const openReward = (id: string) =>
    act(async () => {
      const found = (await run<RewardQuery, object>('Reward', { id })).reward;
      if (!found) throw Object.assign(new Error(`Reward ${id} not found`), { errors: [{ errorType: 'NotFound' }] });
      return found;
    }, `Opened ${id}.`);
  const open = (event: FormEvent) => {
    event.preventDefault();
    void openReward(openId.trim());
  };
  // the catalog's "Edit content" links here with the reward's id
  const [searchParams] = useSearchParams();
  const linkedId = searchParams.get('id');
  useEffect(() => {
    if (!linkedId) return;
    setOpenId(linkedId);
    void openReward(linkedId);
  }, [linkedId]); // opened once per linked id, not again on every render's new openReward
  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(
      async () =>
        (
          await run<UpdateRewardMutation, object>('UpdateReward', {
            input: { id: reward!.id, expectedVersion: reward!.version, ...contentOf(draft) },
          })
        ).updateReward,
      'Changes saved.',
    );
  };
  const publish = () =>
    act(
      async () =>
        (await run<PublishRewardMutation, object>('PublishReward', { id: reward!.id, expectedVersion: reward!.version })).publishReward,
      'Published: customers can see it now.',
    );
  const archive = () =>
    act(
      async () =>
        (await run<ArchiveRewardMutation, object>('ArchiveReward', { id: reward!.id, expectedVersion: reward!.version })).archiveReward,
      'Archived: customers no longer see it.',
    );
  const field = (name: keyof Draft) => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });

  return (
    <>
      <Heading level={1}>Rewards content</Heading>
      <form onSubmit={open} aria-label="Open a reward">
        <Flex alignItems="flex-end" gap="0.5rem" wrap="wrap">
          <TextField
            label="Reward id"
            descriptiveText="Or choose Edit content on a reward in the Rewards catalog"
            value={openId}
            onChange={(event) => setOpenId(event.target.value)}
            isRequired
          />
          <Button type="submit">Open</Button>
          <Button
            onClick={() => {
              setReward(null);
              setDraft(EMPTY);
              setMessage(null);
            }}
          >
            New reward
          </Button>
        </Flex>
      </form>
      {message && (
        <Alert variation={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} marginTop="1rem">
          {message.text}
        </Alert>
      )}
      <AdminRewardList
        changes={changes}
        onOpen={(listed) => {
          setMessage(null);
          setReward(listed);
          setDraft(draftOf(listed));
        }}
      />
      <Heading level={2}>
        {reward ? `Editing ${reward.id}` : 'New reward'} {reward && <Badge>{`${reward.status}, version ${reward.version}`}</Badge>}
      </Heading>
      <form onSubmit={reward ? save : create} aria-label="Reward content">
        <Flex direction="column" gap="0.75rem" maxWidth="32rem">
          <TextField label="Title" isRequired {...field('title')} />
          <TextAreaField label="Description (shown as plain text)" {...field('description')} />
          <TextField label="Category" {...field('category')} />
          <TextField label="Points cost" type="number" min={0} isRequired {...field('pointsCost')} />
          <TextField label="Stock" type="number" min={0} isRequired {...field('stock')} />
          <Flex gap="0.5rem" wrap="wrap">
            <Button type="submit" variation="primary">
              {reward ? 'Save changes' : 'Create draft'}
            </Button>
            {reward?.status === 'DRAFT' && <Button onClick={publish}>Publish</Button>}
            {reward && reward.status !== 'ARCHIVED' && <Button onClick={archive}>Archive</Button>}
          </Flex>
        </Flex>
      </form>
      <RewardImport />
    </>
  );
}
