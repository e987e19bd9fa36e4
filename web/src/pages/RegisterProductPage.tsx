/**
 * Registering a product: the registration is recorded at once, then the platform's choreography awards the points,
 * issues a discount code, sends the email and informs support; each step arrives live (onRegistrationUpdated),
 * the code itself on onDiscountIssued. Both are subscribed before registering, and read again when a subscription is
 * back after a lost connection.
 */
import { Alert, Button, Flex, Heading, SelectField, Text, TextField } from '@aws-amplify/ui-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { run, runWithIdToken } from '../app/api';
import { humanError } from '../app/errors';
import { useCustomerFeed } from '../app/live';
import { usePerson } from '../app/session';
import { useSubmission } from '../app/submission';
import type {
  DiscountCodeFieldsFragment,
  MyDiscountCodesQuery,
  MyRegistrationsQuery,
  OnDiscountIssuedSubscription,
  OnRegistrationUpdatedSubscription,
  ProductFieldsFragment,
  ProductsQuery,
  ProductsQueryVariables,
  RegisterProductMutation,
  RegisterProductMutationVariables,
  RegistrationFieldsFragment,
} from '../generated/operations';

type Steps = RegistrationFieldsFragment['steps'];
const STEPS: Array<[keyof Omit<Steps, '__typename'>, string]> = [
  ['pointsAwarded', 'Points added to your account'],
  ['discountIssued', 'Discount code issued'],
  ['emailSent', 'Confirmation email sent'],
  ['supportInformed', 'Support team informed'],
];

export function describeDiscount(discount: { percentOff?: number | null; amountOff?: number | null; currency?: string | null }): string {
  if (discount.percentOff) return `${discount.percentOff}% off`;
  return `${((discount.amountOff ?? 0) / 100).toLocaleString('en', { style: 'currency', currency: discount.currency ?? 'EUR' })} off`;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Enough pages for any real catalog; the picker lists every active product, the API gives at most 100 at a time. */
const MAX_PRODUCT_PAGES = 20;

function useActiveProducts(): { products: ProductFieldsFragment[]; error: string | null } {
  const [state, setState] = useState<{ products: ProductFieldsFragment[]; error: string | null }>({ products: [], error: null });
  useEffect(() => {
    let current = true;
    void (async () => {
      const products: ProductFieldsFragment[] = [];
      let nextToken: string | null = null;
      for (let page = 0; page < MAX_PRODUCT_PAGES && (page === 0 || nextToken); page++) {
        const data: ProductsQuery = await run<ProductsQuery, ProductsQueryVariables>('Products', { limit: 100, nextToken });
        products.push(...data.products.items.filter((product) => product.active));
        nextToken = data.products.nextToken ?? null;
      }
      return products;
    })().then(
      (products) => current && setState({ products, error: null }),
      (error: unknown) => current && setState({ products: [], error: humanError(error) }),
    );
    return () => {
      current = false;
    };
  }, []);
  return state;
}

export function RegisterProductPage() {
  const person = usePerson()!;
  const { products: active, error: productsError } = useActiveProducts();
  const [sku, setSku] = useState('');
  const [serialNumber, setSerialNumber] = useState('');
  const [purchaseDate, setPurchaseDate] = useState(today());
  const { busy, error, submit } = useSubmission();
  const [registrationId, setRegistrationId] = useState<string | null>(null);
  // the latest of every registration and discount code heard of, by registration: steps only ever get done
  const [registrations, setRegistrations] = useState<Record<string, RegistrationFieldsFragment>>({});
  const [codes, setCodes] = useState<Record<string, DiscountCodeFieldsFragment>>({});
  const remember = (registration: RegistrationFieldsFragment) =>
    setRegistrations((known) => {
      const previous = known[registration.id];
      const steps = { ...registration.steps };
      for (const [step] of STEPS) steps[step] = registration.steps[step] ?? previous?.steps[step] ?? null;
      return { ...known, [registration.id]: { ...registration, steps } };
    });
  const rememberCode = (code: DiscountCodeFieldsFragment) => setCodes((known) => ({ ...known, [code.registrationId]: code }));
  useCustomerFeed<OnRegistrationUpdatedSubscription, MyRegistrationsQuery, RegistrationFieldsFragment>(
    person.userId,
    {
      subscription: 'OnRegistrationUpdated',
      pushed: (data) => data.onRegistrationUpdated,
      catchUp: 'MyRegistrations',
      listed: (data) => data.myRegistrations.items,
    },
    remember,
  );
  useCustomerFeed<OnDiscountIssuedSubscription, MyDiscountCodesQuery, DiscountCodeFieldsFragment>(
    person.userId,
    {
      subscription: 'OnDiscountIssued',
      pushed: (data) => data.onDiscountIssued,
      catchUp: 'MyDiscountCodes',
      listed: (data) => data.myDiscountCodes.items,
    },
    rememberCode,
  );

  const register = submit(async () => {
    setRegistrationId(null);
    // the ID token: it carries the email address the confirmation and the discount code are sent to
    const data = await runWithIdToken<RegisterProductMutation, RegisterProductMutationVariables>('RegisterProduct', {
      input: { sku: sku || active[0]?.sku, serialNumber: serialNumber.trim(), purchaseDate, requestId: crypto.randomUUID() },
    });
    remember(data.registerProduct);
    setRegistrationId(data.registerProduct.id);
    setSerialNumber('');
  });

  const registration = registrationId ? registrations[registrationId] : null;
  const code = registrationId ? codes[registrationId] : null;
  return (
    <>
      <Heading level={1}>Register a product</Heading>
      {productsError && <Alert variation="error">{productsError}</Alert>}
      <form onSubmit={register}>
        <Flex direction="column" gap="0.75rem" maxWidth="28rem">
          <SelectField label="Product" value={sku || active[0]?.sku || ''} onChange={(event) => setSku(event.target.value)} isRequired>
            {active.map((product) => (
              <option key={product.sku} value={product.sku}>
                {product.name} ({product.registrationPoints.toLocaleString('en')} points and {describeDiscount(product.discount)})
              </option>
            ))}
          </SelectField>
          <TextField
            label="Serial number"
            descriptiveText="As printed on the product's label"
            value={serialNumber}
            onChange={(event) => setSerialNumber(event.target.value)}
            autoComplete="off"
            isRequired
          />
          <TextField
            label="Purchase date"
            type="date"
            max={today()}
            value={purchaseDate}
            onChange={(event) => setPurchaseDate(event.target.value)}
            isRequired
          />
          <Button type="submit" variation="primary" isLoading={busy} loadingText="Registering…" isDisabled={active.length === 0}>
            Register
          </Button>
        </Flex>
      </form>
      {error && (
        <Alert variation="error" role="alert" marginTop="1rem">
          {error}
        </Alert>
      )}
      {registration && (
        <section aria-label="Registration progress">
          <Heading level={2}>
            {registration.productName}, serial {registration.serialNumber}
          </Heading>
          <ol>
            <li>Product registered: done</li>
            {STEPS.map(([step, label]) => (
              <li key={step}>
                {label}: {registration.steps[step] ? 'done' : 'waiting…'}
              </li>
            ))}
          </ol>
          {code ? (
            <Alert variation="success" role="status">
              Your discount code: <strong data-testid="discount-code">{code.code}</strong> ({describeDiscount(code)}, valid until{' '}
              {new Date(code.validUntil).toLocaleDateString('en')}). <Link to="/my-discount-codes">My discount codes</Link>
            </Alert>
          ) : (
            <Text>Your discount code will appear here in a moment.</Text>
          )}
        </section>
      )}
    </>
  );
}
