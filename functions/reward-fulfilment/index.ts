import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { encodeCrockford } from '../gift-codes/codes.js';
import { requiredEnv } from '../lib/env.js';
import { DELIVERY_BUDGET_MS, deliver } from '../lib/http-delivery.js';
import { sqsEventConsumer } from '../lib/sqs-event-consumer.js';
import type { RewardRedeemedData } from '../../schema/events.js';
import { crmFulfilmentTicketOf } from './crm-ticket.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const loyaltyTable = requiredEnv('LOYALTY_TABLE');
const crmApiUrl = requiredEnv('CRM_API_URL');

/**
 * Fulfils a reward redemption from the queue in front of the CRM's rate limit. A DIGITAL reward first gets its
 * voucher code (16 Crockford characters from 10 CSPRNG bytes), stored only if the redemption has none yet, so a
 * retry keeps the first code. Then the CRM is told in its own format (the anti-corruption layer: our event never
 * reaches it as is), with the event id as Idempotency-Key, and the redemption becomes FULFILLED (unless it was
 * cancelled meanwhile). A CRM that is down fails the message: SQS retries it, then dead-letters it for a redrive.
 */
export const handler = sqsEventConsumer<RewardRedeemedData, { fulfilled: boolean }>(
  'reward-fulfilment',
  async (event, logger) => {
    const redeemed = event.detail.data;
    const key = { pk: `MEMBER#${redeemed.customerId}`, sk: `REWARD_REDEMPTION#${redeemed.redemptionId}` };
    const voucherCode = redeemed.fulfilment === 'DIGITAL' ? await voucherOf(key) : undefined;
    await deliver({
      target: 'CRM',
      url: crmApiUrl,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': event.detail.metadata.event_id },
      body: JSON.stringify(crmFulfilmentTicketOf(event)),
    });
    try {
      await documents.send(
        new UpdateCommand({
          TableName: loyaltyTable,
          Key: key,
          UpdateExpression: 'SET #status = :fulfilled, updatedAt = :now',
          ConditionExpression: '#status = :redeemed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':fulfilled': 'FULFILLED', ':redeemed': 'REDEEMED', ':now': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      logger.info('the redemption is no longer REDEEMED (cancelled or already fulfilled)');
    }
    logger.info('reward fulfilment handed to the CRM', { digital: !!voucherCode });
    return { fulfilled: true };
  },
  { maxMessageMillis: DELIVERY_BUDGET_MS },
);

async function voucherOf(key: { pk: string; sk: string }): Promise<string> {
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName: loyaltyTable,
      Key: key,
      UpdateExpression: 'SET voucherCode = if_not_exists(voucherCode, :code)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':code': encodeCrockford(randomBytes(10)) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return String(Attributes!.voucherCode);
}
