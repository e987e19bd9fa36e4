/**
 * The local console (served only by the local engine): recent events with the rules they matched and what each
 * target did, one correlation id's trace, dead-letter queues with redrive, the emails the engine's SES accepted
 * (kept, never delivered), and what the outside world received (CRM tickets, partner webhook calls, mail).
 */
import { Scrollable } from '../app/Scrollable';
import { Alert, Button, Flex, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text, TextField } from '@aws-amplify/ui-react';
import { useCallback, useEffect, useState } from 'react';

interface LoggedEvent {
  bus: string;
  receivedAt: string;
  event: { id: string; 'detail-type': string; source: string; detail: { metadata?: { correlation_id?: string } } };
  matchedRules: string[];
  deliveries: Array<{ rule: string; targetId: string; status: string; attempts: number; lastError: { message: string } | null }>;
}
interface DeadLetterQueue {
  name: string;
  messages: Array<{ messageId: string; body: string }>;
}
interface SentEmail {
  messageId: string;
  to: string[];
  subject: string;
  text: string | null;
  sentAt: string;
}
interface Received {
  id: string;
  method: string;
  path: string;
  body: string;
  receivedAt: string;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

export function ConsolePage() {
  const [events, setEvents] = useState<LoggedEvent[]>([]);
  const [queues, setQueues] = useState<DeadLetterQueue[]>([]);
  const [received, setReceived] = useState<Received[]>([]);
  const [emails, setEmails] = useState<SentEmail[]>([]);
  const [correlation, setCorrelation] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [eventList, dlq, sent, outside] = await Promise.all([
        getJson<{ events: LoggedEvent[] }>('/_local/events'),
        getJson<{ queues: DeadLetterQueue[] }>('/_local/dlq'),
        getJson<{ emails: SentEmail[] }>('/_local/emails'),
        getJson<Received[]>('/_outside-world/_received'),
      ]);
      setEvents([...eventList.events].reverse().slice(0, 100));
      setQueues(dlq.queues);
      setEmails([...sent.emails].reverse().slice(0, 50));
      setReceived([...outside].reverse().slice(0, 50));
    } catch (failure) {
      setMessage(`The console could not load: ${(failure as Error).message}`);
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  async function redrive(queue: string) {
    const response = await fetch('/_local/redrive', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ queue }),
    });
    const outcome = (await response.json()) as { redriven?: string[]; message?: string };
    setMessage(response.ok ? `Redrove ${outcome.redriven?.length ?? 0} message(s) from ${queue}.` : (outcome.message ?? 'Redrive failed.'));
    await refresh();
  }

  const shown = correlation.trim() ? events.filter((entry) => entry.event.detail?.metadata?.correlation_id === correlation.trim()) : events;
  return (
    <>
      <Heading level={1}>Local console</Heading>
      <Flex gap="0.5rem" alignItems="flex-end" wrap="wrap">
        <TextField label="Trace a correlation id" value={correlation} onChange={(event) => setCorrelation(event.target.value)} />
        <Button onClick={() => void refresh()}>Refresh</Button>
      </Flex>
      {message && (
        <Alert role="status" marginTop="1rem">
          {message}
        </Alert>
      )}
      <Heading level={2}>Recent events</Heading>
      {shown.length === 0 && <Text>No events yet.</Text>}
      {shown.length > 0 && (
        <Scrollable label="Recent events">
          <Table caption="Recent events, newest first, with the rules they matched and each target's outcome" size="small">
            <TableHead>
              <TableRow>
                <TableCell as="th">Received</TableCell>
                <TableCell as="th">Event</TableCell>
                <TableCell as="th">Correlation id</TableCell>
                <TableCell as="th">Targets</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((entry) => (
                <TableRow key={entry.event.id}>
                  <TableCell>{new Date(entry.receivedAt).toLocaleTimeString('en')}</TableCell>
                  <TableCell>
                    {entry.event['detail-type']}{' '}
                    <Text as="span" color="font.secondary">
                      ({entry.event.source})
                    </Text>
                  </TableCell>
                  <TableCell>{entry.event.detail?.metadata?.correlation_id ?? '-'}</TableCell>
                  <TableCell>
                    {entry.deliveries.length === 0 && (entry.matchedRules.length ? entry.matchedRules.join(', ') : 'no rule matched')}
                    <ul>
                      {entry.deliveries.map((delivery) => (
                        <li key={`${delivery.rule}/${delivery.targetId}`}>
                          {delivery.rule} → {delivery.targetId}: {delivery.status} after {delivery.attempts} attempt(s)
                          {delivery.lastError ? ` (${delivery.lastError.message})` : ''}
                        </li>
                      ))}
                    </ul>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
      <Heading level={2}>Dead-letter queues</Heading>
      <ul aria-label="Dead-letter queues">
        {queues.map((queue) => (
          <li key={queue.name}>
            {queue.name}: {queue.messages.length} message(s){' '}
            {queue.messages.length > 0 && (
              <Button size="small" onClick={() => void redrive(queue.name)}>
                Redrive {queue.name}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Heading level={2}>Emails sent through SES</Heading>
      {emails.length === 0 && <Text>No emails yet.</Text>}
      <ul aria-label="Emails sent through SES">
        {emails.map((email) => (
          <li key={email.messageId}>
            {new Date(email.sentAt).toLocaleTimeString('en')} to {email.to.join(', ')}: <strong>{email.subject}</strong>
            {email.text && <Text whiteSpace="pre-wrap">{email.text}</Text>}
          </li>
        ))}
      </ul>
      <Heading level={2}>Received by the outside world</Heading>
      {received.length === 0 && <Text>No calls to the CRM, partner webhooks or mail yet.</Text>}
      <ul aria-label="Received by the outside world">
        {received.map((request) => (
          <li key={request.id}>
            {new Date(request.receivedAt).toLocaleTimeString('en')} {request.method} {request.path}:{' '}
            <code>{request.body.slice(0, 200)}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
