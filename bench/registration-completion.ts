/**
 * How far the choreography got with a set of registrations: their four recorded steps (points, discount code,
 * email, support) read from the Registrations table (the byCustomer index), and the manufacturers' calls as the
 * outside world's stand-in received them (`/_received`, JSON bodies carry `registrationId`, XML ones
 * `<RegistrationId>`).
 */
import type { DynamoDbClient } from '../local/dynamodb/client.js';

export interface Completion {
  /** every side effect done: the four steps and the manufacturer's call */
  done: number;
  steps: number;
  manufacturers: number;
  /** how many have each step recorded, to see which consumer lags */
  byStep: Record<string, number>;
}

const FOUR_STEPS = ['pointsAwarded', 'discountIssued', 'emailSent', 'supportInformed'];

export function registrationCompletion(
  client: DynamoDbClient,
  registrationsTable: string,
  outsideWorldUrl: string,
  customers: Array<{ sub: string }>,
) {
  /** The customers' registrations since `sinceIso`, each with the steps it has recorded. */
  const recordedSteps = async (sinceIso: string): Promise<Map<string, string[]>> => {
    const steps = new Map<string, string[]>();
    await Promise.all(
      customers.map(async (customer) => {
        let startKey: unknown;
        do {
          const page = await client.call<{
            Items: Array<{ id: { S: string }; steps?: { M: Record<string, unknown> } }>;
            LastEvaluatedKey?: unknown;
          }>('Query', {
            TableName: registrationsTable,
            IndexName: 'byCustomer',
            KeyConditionExpression: 'customerId = :customerId AND registeredAt >= :since',
            ProjectionExpression: 'id, #steps',
            ExpressionAttributeNames: { '#steps': 'steps' },
            ExpressionAttributeValues: { ':customerId': { S: customer.sub }, ':since': { S: sinceIso } },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          });
          for (const item of page.Items) steps.set(item.id.S, Object.keys(item.steps?.M ?? {}));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return steps;
  };

  /** Registrations whose manufacturer answered 200, since the stand-in last forgot. */
  const manufacturersCalled = async (): Promise<Set<string>> => {
    const response = await fetch(`${outsideWorldUrl}/_received?path=/manufacturers/`);
    const received = (await response.json()) as Array<{ body: string; answeredStatus: number }>;
    const ids = new Set<string>();
    for (const { body, answeredStatus } of received) {
      if (answeredStatus !== 200) continue;
      const id = body.startsWith('{') ? JSON.parse(body).registrationId : /<RegistrationId>([^<]+)<\/RegistrationId>/.exec(body)?.[1];
      if (id) ids.add(id);
    }
    return ids;
  };

  const of = async (ids: Set<string>, sinceIso: string): Promise<Completion> => {
    const [recorded, called] = await Promise.all([recordedSteps(sinceIso), manufacturersCalled()]);
    const byStep = Object.fromEntries(FOUR_STEPS.map((step) => [step, 0]));
    let done = 0;
    let steps = 0;
    let manufacturers = 0;
    for (const id of ids) {
      const itsSteps = recorded.get(id) ?? [];
      for (const step of itsSteps) if (step in byStep) byStep[step]++;
      const stepsDone = FOUR_STEPS.every((step) => itsSteps.includes(step));
      if (stepsDone) steps++;
      if (called.has(id)) manufacturers++;
      if (stepsDone && called.has(id)) done++;
    }
    return { done, steps, manufacturers, byStep };
  };

  return {
    of,
    /** Waits (at most `limitMs`) until every one of `ids` is done. */
    async until(ids: Set<string>, sinceIso: string, limitMs: number): Promise<Completion> {
      const started = performance.now();
      let completion = await of(ids, sinceIso);
      while (completion.done < ids.size && performance.now() - started < limitMs) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        completion = await of(ids, sinceIso);
      }
      return completion;
    },
    /** Clears the stand-in's record, so each run reads only its own calls. */
    async forgetManufacturerCalls(): Promise<void> {
      await fetch(`${outsideWorldUrl}/_received`, { method: 'DELETE' });
    },
  };
}
