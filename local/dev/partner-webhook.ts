/** The seeded partner's webhook secret: local only, printed by `npm start` so signatures can be checked by hand. */
export const LOCAL_PARTNER_WEBHOOK_SECRET = 'local-acme-webhook-secret-0123456789';

/**
 * Points the seeded partner's (acme) webhook at the outside world's stand-in through the API itself, as the
 * partner would with its ID token, so a first `npm start` shows every side effect of a redemption.
 */
export async function seedPartnerWebhook(graphqlUrl: string, partnerIdToken: string, outsideWorldUrl: string): Promise<string | null> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: partnerIdToken },
    body: JSON.stringify({
      query: 'mutation Seed($input: ConfigurePartnerWebhookInput!) { configurePartnerWebhook(input: $input) { url } }',
      variables: {
        input: {
          issuerId: 'acme',
          url: `${outsideWorldUrl}/partners/acme`,
          format: 'LOYALTY_JSON_V1',
          signingSecret: LOCAL_PARTNER_WEBHOOK_SECRET,
        },
      },
    }),
  });
  const body = (await response.json()) as {
    data?: { configurePartnerWebhook?: { url: string } } | null;
    errors?: Array<{ message: string }>;
  };
  return body.data?.configurePartnerWebhook?.url ?? (body.errors?.[0]?.message ? `not seeded: ${body.errors[0].message}` : null);
}
