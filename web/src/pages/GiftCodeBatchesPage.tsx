/**
 * Gift code batches: issue a batch (the codes are shown once, with a CSV download, and are gone when the page is
 * left: only their digests are stored) and void a code. Partners act for their own issuer only.
 */
import { Alert, Button, Flex, Heading, SelectField, TextField } from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { runWithIdToken } from '../app/api';
import { download, toCsv } from '../app/csv';
import { humanError } from '../app/errors';
import { usePerson } from '../app/session';
import type { GiftCodeValueKind, IssueGiftCodesMutation, VoidGiftCodeMutation } from '../generated/operations';
import { describeValue } from './RedeemPage';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function GiftCodeBatchesPage() {
  const person = usePerson()!;
  const partner = !person.groups.includes('admin');
  const [issuerId, setIssuerId] = useState(person.issuerId ?? '');
  const [count, setCount] = useState('10');
  const [kind, setKind] = useState<GiftCodeValueKind>('POINTS');
  const [amount, setAmount] = useState('500');
  const [currency, setCurrency] = useState('EUR');
  const [expires, setExpires] = useState(inDays(90));
  const [batch, setBatch] = useState<IssueGiftCodesMutation['issueGiftCodes'] | null>(null);
  const [voidCode, setVoidCode] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function issue(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const value = { kind, amount: Number(amount), currency: kind === 'DISCOUNT' ? currency : null };
      const input = {
        issuerId: partner ? person.issuerId : issuerId.trim(),
        count: Number(count),
        value,
        expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
      };
      setBatch((await runWithIdToken<IssueGiftCodesMutation, object>('IssueGiftCodes', { input })).issueGiftCodes);
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure) });
    }
  }

  async function voidIt(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const voided = (await runWithIdToken<VoidGiftCodeMutation, object>('VoidGiftCode', { input: { code: voidCode.trim() } }))
        .voidGiftCode;
      setMessage({ kind: 'success', text: `The code ending ${voided.last4} is voided.` });
      setVoidCode('');
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure) });
    }
  }

  return (
    <>
      <Heading level={1}>Gift codes</Heading>
      {message && (
        <Alert variation={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <Heading level={2}>Issue a batch</Heading>
      <form onSubmit={issue} aria-label="Issue a batch">
        <Flex direction="column" gap="0.75rem" maxWidth="28rem">
          <TextField
            label="Issuer"
            descriptiveText="The partner whose codes these are (their issuer id, e.g. acme)"
            value={partner ? (person.issuerId ?? '') : issuerId}
            onChange={(event) => setIssuerId(event.target.value)}
            isReadOnly={partner}
            isRequired
          />
          <TextField
            label="Number of codes"
            type="number"
            min={1}
            max={10000}
            value={count}
            onChange={(event) => setCount(event.target.value)}
            isRequired
          />
          <SelectField label="Value" value={kind} onChange={(event) => setKind(event.target.value as GiftCodeValueKind)}>
            <option value="POINTS">Points</option>
            <option value="DISCOUNT">Discount</option>
          </SelectField>
          <TextField
            label={kind === 'POINTS' ? 'Points per code' : 'Discount in cents'}
            type="number"
            min={1}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            isRequired
          />
          {kind === 'DISCOUNT' && <TextField label="Currency" value={currency} onChange={(event) => setCurrency(event.target.value)} />}
          <TextField label="Expires on" type="date" value={expires} onChange={(event) => setExpires(event.target.value)} isRequired />
          <Button type="submit" variation="primary">
            Issue codes
          </Button>
        </Flex>
      </form>
      {batch && (
        <section aria-label="Issued codes">
          <Alert variation="warning">
            {batch.count === 1 ? 'This code' : `These ${batch.count} codes`} ({describeValue(batch.value)} each, for {batch.issuerId}){' '}
            {batch.count === 1 ? 'is' : 'are'} shown only now. Download them before leaving this page.
          </Alert>
          <Button
            onClick={() =>
              download(
                `gift-codes-${batch.id}.csv`,
                toCsv(
                  ['code', 'last4', 'expiresAt'],
                  batch.codes.map((code) => [code.code, code.last4, batch.expiresAt]),
                ),
              )
            }
          >
            Download CSV
          </Button>
          <ol aria-label="Codes">
            {batch.codes.map((code) => (
              <li key={code.last4 + code.code}>
                <code>{code.code}</code>
              </li>
            ))}
          </ol>
        </section>
      )}
      <Heading level={2}>Void a code</Heading>
      <form onSubmit={voidIt} aria-label="Void a code">
        <Flex alignItems="flex-end" gap="0.5rem" wrap="wrap">
          <TextField
            label="Code to void"
            value={voidCode}
            onChange={(event) => setVoidCode(event.target.value)}
            autoComplete="off"
            isRequired
          />
          <Button type="submit">Void</Button>
        </Flex>
      </form>
    </>
  );
}
