/**
 * The local stage's manufacturers and catalog: two manufacturers at the outside world's stand-in (one takes JSON,
 * one XML), their API keys as local secrets (what Secrets Manager holds on AWS), and a few products seeded
 * through the API as an admin would.
 */
export function localManufacturers(outsideWorldUrl: string) {
  return [
    {
      id: 'northwind-appliances',
      name: 'Northwind Appliances',
      endpoint: `${outsideWorldUrl}/manufacturers/northwind`,
      format: 'JSON' as const,
      apiKeySecretName: 'loyalty-graph/manufacturers/northwind-appliances',
    },
    {
      id: 'contoso-tools',
      name: 'Contoso Tools',
      endpoint: `${outsideWorldUrl}/manufacturers/contoso`,
      format: 'XML' as const,
      apiKeySecretName: 'loyalty-graph/manufacturers/contoso-tools',
    },
  ];
}

/** Local only: the keys the manufacturers' stand-ins are called with (`x-api-key`). */
export const LOCAL_MANUFACTURER_SECRETS: Record<string, string> = {
  'loyalty-graph/manufacturers/northwind-appliances': JSON.stringify({ apiKey: 'local-northwind-key-0123456789' }),
  'loyalty-graph/manufacturers/contoso-tools': JSON.stringify({ apiKey: 'local-contoso-key-0123456789' }),
};

export const LOCAL_PRODUCTS = [
  {
    sku: 'NW-KETTLE-2',
    name: 'Northwind Kettle 2',
    manufacturerId: 'northwind-appliances',
    serialPattern: 'NWK2-[0-9]{8}',
    registrationPoints: 250,
    discount: { percentOff: 15, validDays: 30 },
    registrationWindowDays: 90,
    active: true,
  },
  {
    sku: 'NW-BLENDER-X',
    name: 'Northwind Blender X',
    manufacturerId: 'northwind-appliances',
    serialPattern: 'NWBX-[0-9A-F]{10}',
    registrationPoints: 400,
    discount: { amountOff: 1000, currency: 'EUR', validDays: 60 },
    registrationWindowDays: 60,
    active: true,
  },
  {
    sku: 'CT-DRILL-18V',
    name: 'Contoso 18V Drill',
    manufacturerId: 'contoso-tools',
    serialPattern: 'CT[0-9]{2}-[A-Z]{2}[0-9]{6}',
    registrationPoints: 500,
    discount: { percentOff: 10, validDays: 45 },
    registrationWindowDays: 365,
    active: true,
  },
];

/** Upserts the local products through the API (idempotent: upsert); returns how many were seeded, or why not. */
export async function seedProducts(graphqlUrl: string, adminAccessToken: string): Promise<string> {
  for (const input of LOCAL_PRODUCTS) {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: adminAccessToken },
      body: JSON.stringify({
        query: 'mutation Seed($input: UpsertProductInput!) { upsertProduct(input: $input) { sku } }',
        variables: { input },
      }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    if (body.errors?.length) return `not seeded: ${body.errors[0].message}`;
  }
  // a customer registering one in the web app needs a serial the product accepts
  return `${LOCAL_PRODUCTS.length} products (${LOCAL_PRODUCTS.map((product) => `${product.sku}, serials ${product.serialPattern}`).join('; ')})`;
}
