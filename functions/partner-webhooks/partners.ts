import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { PartnerWebhookMisconfiguredError } from '../lib/errors.js';
import { isWebhookFormat, type WebhookFormat } from './signed-webhook.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export interface PartnerWebhook {
  url: string;
  format: WebhookFormat;
  signingSecret: string;
}

/**
 * The issuer's webhook, or undefined when the issuer is no partner or has no webhook. A webhook that cannot be
 * called as configured throws: the message is retried, then kept in the DLQ until the partner is fixed.
 */
export async function partnerWebhookOf(table: string, issuerId: string): Promise<PartnerWebhook | undefined> {
  const { Item: partner } = await documents.send(new GetCommand({ TableName: table, Key: { issuerId } }));
  if (!partner?.webhookUrl) return undefined;
  if (!isWebhookFormat(partner.webhookFormat))
    throw new PartnerWebhookMisconfiguredError(`issuer ${issuerId} has the unknown webhook format ${partner.webhookFormat}`);
  if (!partner.signingSecret) throw new PartnerWebhookMisconfiguredError(`issuer ${issuerId} has no signing secret`);
  return { url: partner.webhookUrl, format: partner.webhookFormat, signingSecret: partner.signingSecret };
}
