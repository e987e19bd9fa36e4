/** Where an issuer hears about redemptions of its codes: the URL, the body format and the signing secret (write-only). */
import { Alert, Button, Flex, Heading, PasswordField, SelectField, TextField } from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { runWithIdToken } from '../app/api';
import { humanError } from '../app/errors';
import { usePerson } from '../app/session';
import type { ConfigurePartnerWebhookMutation, PartnerWebhookFormat } from '../generated/operations';

export function PartnerWebhooksPage() {
  const person = usePerson()!;
  const partner = !person.groups.includes('admin');
  const [issuerId, setIssuerId] = useState(person.issuerId ?? '');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<PartnerWebhookFormat>('LOYALTY_JSON_V1');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const input = { issuerId: partner ? person.issuerId : issuerId.trim(), url: url.trim(), format, signingSecret: secret };
      const saved = (await runWithIdToken<ConfigurePartnerWebhookMutation, object>('ConfigurePartnerWebhook', { input }))
        .configurePartnerWebhook;
      setMessage({ kind: 'success', text: `Redemptions of ${saved.issuerId}'s codes are now sent to ${saved.url}.` });
      setSecret('');
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure) });
    }
  }

  return (
    <>
      <Heading level={1}>Partner webhooks</Heading>
      {message && (
        <Alert variation={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <form onSubmit={save} aria-label="Partner webhook">
        <Flex direction="column" gap="0.75rem" maxWidth="32rem">
          <TextField
            label="Issuer"
            value={partner ? (person.issuerId ?? '') : issuerId}
            onChange={(event) => setIssuerId(event.target.value)}
            isReadOnly={partner}
            isRequired
          />
          <TextField label="Webhook URL" type="url" value={url} onChange={(event) => setUrl(event.target.value)} isRequired />
          <SelectField label="Body format" value={format} onChange={(event) => setFormat(event.target.value as PartnerWebhookFormat)}>
            <option value="LOYALTY_JSON_V1">JSON</option>
            <option value="FLAT_FORM_V1">Form fields</option>
          </SelectField>
          <PasswordField
            label="Signing secret"
            descriptiveText="32 to 256 characters; used for the X-Loyalty-Signature HMAC and never shown again"
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            autoComplete="new-password"
            isRequired
          />
          <Button type="submit" variation="primary">
            Save webhook
          </Button>
        </Flex>
      </form>
    </>
  );
}
