/**
 * The registration benchmark's calls through the engine: `registerProduct` over HTTP as a signed-in customer, and
 * (i) the time from sending it to the `onDiscountIssued` push of the registration's discount code.
 */
import { randomUUID } from 'node:crypto';
import { aSubscription, closedLoop } from './harness.js';
import { post, type Engine } from './product-engine.js';
import type { BenchProduct, Registrant } from './registration-baseline.js';

const REGISTER = 'mutation Register($input: RegisterProductInput!) { registerProduct(input: $input) { id status } }';
const ON_DISCOUNT_ISSUED =
  'subscription Issued($customerId: ID!) { onDiscountIssued(customerId: $customerId) { code customerId registrationId } }';
/** how long a registration's push is awaited before it counts as missing */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** A bench customer with the ID token, which carries the address the discount code is emailed to. */
export type Customer = Registrant & { idToken: string };

export const aSerial = () => `BENCH-${randomUUID().replaceAll('-', '')}`;
export const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Registers through the engine; `onAnswer` hears the registration's id. False when the answer was not a registration. */
export async function register(
  engine: Engine,
  product: BenchProduct,
  customer: Customer,
  failures: { first: string | null },
  onAnswer?: (registrationId: string) => void,
): Promise<boolean> {
  const input = { sku: product.sku, serialNumber: aSerial(), purchaseDate: yesterday(), requestId: randomUUID() };
  const { status, text } = await post(engine.url, JSON.stringify({ query: REGISTER, variables: { input } }), {
    authorization: customer.idToken,
  }).catch((error: Error) => ({ status: 0, text: String(error) }));
  const registration = status === 200 ? JSON.parse(text).data?.registerProduct : null;
  if (registration?.status !== 'REGISTERED') {
    failures.first ??= `HTTP ${status}: ${text.slice(0, 300)}`;
    return false;
  }
  onAnswer?.(registration.id);
  return true;
}

export interface Delivery {
  answered: number[];
  pushed: number[];
  missing: number;
}

/** (i): from sending registerProduct to the onDiscountIssued push of its code, `sizes.inFlight` at a time, after `sizes.warmUp`. */
export async function deliveryLatencies(
  engine: Engine,
  products: BenchProduct[],
  customers: Customer[],
  failures: { first: string | null },
  registered: Set<string>,
  sizes: { warmUp: number; sample: number; inFlight: number },
): Promise<Delivery> {
  const pushedAt = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const onData = ({ onDiscountIssued: code }: Record<string, any>) => {
    pushedAt.set(code.registrationId, performance.now());
    waiting.get(code.registrationId)?.();
  };
  const sockets = await Promise.all(
    customers.map((customer) =>
      aSubscription(engine.url, customer.idToken, { query: ON_DISCOUNT_ISSUED, variables: { customerId: customer.sub } }, onData),
    ),
  );
  const measure = async (count: number): Promise<Delivery> => {
    const answered: number[] = [];
    const pushed: number[] = [];
    await closedLoop(count, sizes.inFlight, async (index) => {
      const sentAt = performance.now();
      let registrationId: string | null = null;
      const ok = await register(engine, products[index % products.length], customers[index % customers.length], failures, (id) => {
        registrationId = id;
        registered.add(id);
      });
      answered.push(performance.now() - sentAt);
      if (!ok || !registrationId) return false;
      const id: string = registrationId;
      if (!pushedAt.has(id)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS);
          waiting.set(id, () => (clearTimeout(timer), resolve()));
        });
        waiting.delete(id);
      }
      const at = pushedAt.get(id);
      if (at !== undefined) pushed.push(at - sentAt);
      return at !== undefined;
    });
    return { answered, pushed, missing: count - pushed.length };
  };
  await measure(sizes.warmUp);
  const delivery = await measure(sizes.sample);
  for (const socket of sockets) socket.terminate();
  return delivery;
}
