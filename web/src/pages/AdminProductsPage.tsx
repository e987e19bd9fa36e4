/**
 * The product catalog customers register from: admins create a product or replace one (upsertProduct), a page of
 * the catalog at a time, each row editable in the form above it.
 */
import {
  Alert,
  Button,
  CheckboxField,
  Flex,
  Heading,
  SelectField,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@aws-amplify/ui-react';
import { useState, type FormEvent } from 'react';
import { runWithIdToken, useOperation } from '../app/api';
import { usePaging } from '../app/paging';
import { humanError } from '../app/errors';
import { Scrollable } from '../app/Scrollable';
import type {
  ManufacturersQuery,
  ProductFieldsFragment,
  ProductsQuery,
  ProductsQueryVariables,
  UpsertProductMutation,
  UpsertProductMutationVariables,
} from '../generated/operations';
import { describeDiscount } from './RegisterProductPage';

const EMPTY = {
  sku: '',
  name: '',
  manufacturerId: '',
  serialPattern: '',
  registrationPoints: '250',
  percentOff: '10',
  validDays: '30',
  registrationWindowDays: '90',
  active: true,
};
type Draft = typeof EMPTY;

function draftOf(product: ProductFieldsFragment): Draft {
  return {
    sku: product.sku,
    name: product.name,
    manufacturerId: product.manufacturerId,
    serialPattern: product.serialPattern,
    registrationPoints: String(product.registrationPoints),
    percentOff: String(product.discount.percentOff ?? ''),
    validDays: String(product.discount.validDays),
    registrationWindowDays: String(product.registrationWindowDays),
    active: product.active,
  };
}

export function AdminProductsPage() {
  const manufacturers = useOperation<ManufacturersQuery, object>('Manufacturers', {});
  const paging = usePaging();
  const products = useOperation<ProductsQuery, ProductsQueryVariables>('Products', { limit: 20, nextToken: paging.token });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const set = (field: keyof Draft) => (value: string | boolean) => setDraft((current) => ({ ...current, [field]: value }));
  const makers = manufacturers.data?.manufacturers ?? [];

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const { upsertProduct } = await runWithIdToken<UpsertProductMutation, UpsertProductMutationVariables>('UpsertProduct', {
        input: {
          sku: draft.sku.trim(),
          name: draft.name.trim(),
          manufacturerId: draft.manufacturerId || makers[0]?.id,
          serialPattern: draft.serialPattern,
          registrationPoints: Number(draft.registrationPoints),
          discount: { percentOff: Number(draft.percentOff), validDays: Number(draft.validDays) },
          registrationWindowDays: Number(draft.registrationWindowDays),
          active: draft.active,
        },
      });
      setMessage({ kind: 'success', text: `Saved ${upsertProduct.name} (${upsertProduct.sku}).` });
      setDraft(EMPTY);
      products.reload();
    } catch (failure) {
      setMessage({ kind: 'error', text: humanError(failure) });
    }
  }

  const page = products.data?.products;
  return (
    <>
      <Heading level={1}>Products</Heading>
      {(manufacturers.error || products.error) && <Alert variation="error">{manufacturers.error ?? products.error}</Alert>}
      {message && (
        <Alert variation={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </Alert>
      )}
      <form onSubmit={save} aria-label="Product">
        <Flex direction="column" gap="0.75rem" maxWidth="32rem">
          <TextField
            label="SKU"
            descriptiveText="Saving an existing SKU replaces that product"
            value={draft.sku}
            onChange={(e) => set('sku')(e.target.value)}
            isRequired
          />
          <TextField label="Name" value={draft.name} onChange={(e) => set('name')(e.target.value)} isRequired />
          <SelectField
            label="Manufacturer"
            value={draft.manufacturerId || makers[0]?.id || ''}
            onChange={(e) => set('manufacturerId')(e.target.value)}
          >
            {makers.map((maker) => (
              <option key={maker.id} value={maker.id}>
                {maker.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Serial number pattern"
            descriptiveText="A regular expression the whole serial must match, e.g. SN-[0-9]{6}"
            value={draft.serialPattern}
            onChange={(e) => set('serialPattern')(e.target.value)}
            isRequired
          />
          <TextField
            label="Points for registering"
            type="number"
            min={0}
            value={draft.registrationPoints}
            onChange={(e) => set('registrationPoints')(e.target.value)}
            isRequired
          />
          <TextField
            label="Discount (% off)"
            type="number"
            min={1}
            max={100}
            value={draft.percentOff}
            onChange={(e) => set('percentOff')(e.target.value)}
            isRequired
          />
          <TextField
            label="Discount valid for (days)"
            type="number"
            min={1}
            value={draft.validDays}
            onChange={(e) => set('validDays')(e.target.value)}
            isRequired
          />
          <TextField
            label="Registration window (days after purchase)"
            type="number"
            min={1}
            value={draft.registrationWindowDays}
            onChange={(e) => set('registrationWindowDays')(e.target.value)}
            isRequired
          />
          <CheckboxField
            label="Customers can register it"
            name="active"
            checked={draft.active}
            onChange={(e) => set('active')(e.target.checked)}
          />
          <Flex gap="0.75rem">
            <Button type="submit" variation="primary">
              Save product
            </Button>
            <Button onClick={() => setDraft(EMPTY)}>New product</Button>
          </Flex>
        </Flex>
      </form>
      <Heading level={2}>Catalog</Heading>
      {page && (
        <Scrollable label="Products">
          <Table caption="Products, by SKU">
            <TableHead>
              <TableRow>
                <TableCell as="th">SKU</TableCell>
                <TableCell as="th">Name</TableCell>
                <TableCell as="th">Earns</TableCell>
                <TableCell as="th">Registrable</TableCell>
                <TableCell as="th">
                  <span className="visually-hidden">Actions</span>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {page.items.map((product) => (
                <TableRow key={product.sku}>
                  <TableCell>{product.sku}</TableCell>
                  <TableCell>{product.name}</TableCell>
                  <TableCell>
                    {product.registrationPoints.toLocaleString('en')} points, {describeDiscount(product.discount)}
                  </TableCell>
                  <TableCell>{product.active ? 'Yes' : 'No'}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => setDraft(draftOf(product))} aria-label={`Edit ${product.sku}`}>
                      Edit
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
      {paging.buttons(page?.nextToken)}
    </>
  );
}
