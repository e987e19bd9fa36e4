/** The customer's registered products and their discount codes, newest first: two lists read from the API. */
import { Alert, Badge, Heading, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@aws-amplify/ui-react';
import { Link } from 'react-router';
import { useOperation } from '../app/api';
import { Scrollable } from '../app/Scrollable';
import type {
  MyDiscountCodesQuery,
  MyDiscountCodesQueryVariables,
  MyRegistrationsQuery,
  MyRegistrationsQueryVariables,
} from '../generated/operations';
import { describeDiscount } from './RegisterProductPage';

export function MyRegistrationsPage() {
  const registrations = useOperation<MyRegistrationsQuery, MyRegistrationsQueryVariables>('MyRegistrations', { limit: 50 });
  const items = registrations.data?.myRegistrations.items;
  return (
    <>
      <Heading level={1}>My registrations</Heading>
      {registrations.error && <Alert variation="error">{registrations.error}</Alert>}
      {items && items.length === 0 && (
        <Text>
          No products registered yet. <Link to="/register">Register a product</Link>
        </Text>
      )}
      {items && items.length > 0 && (
        <Scrollable label="My registrations">
          <Table caption="Products you registered, newest first">
            <TableHead>
              <TableRow>
                <TableCell as="th">Product</TableCell>
                <TableCell as="th">Serial number</TableCell>
                <TableCell as="th">Purchased</TableCell>
                <TableCell as="th">Registered</TableCell>
                <TableCell as="th">Points and discount</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.id}>
                  <TableCell>{item.productName}</TableCell>
                  <TableCell>{item.serialNumber}</TableCell>
                  <TableCell>{item.purchaseDate}</TableCell>
                  <TableCell>{new Date(item.registeredAt).toLocaleString('en')}</TableCell>
                  <TableCell>
                    {item.steps.pointsAwarded ? 'Points added' : 'Points on their way'} ·{' '}
                    {item.steps.discountIssued ? 'Discount code issued' : 'Discount code on its way'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
    </>
  );
}

const STATES: Record<string, string> = { ACTIVE: 'Ready to use', USED: 'Used', EXPIRED: 'Expired' };

export function MyDiscountCodesPage() {
  const codes = useOperation<MyDiscountCodesQuery, MyDiscountCodesQueryVariables>('MyDiscountCodes', { limit: 50 });
  const items = codes.data?.myDiscountCodes.items;
  return (
    <>
      <Heading level={1}>My discount codes</Heading>
      {codes.error && <Alert variation="error">{codes.error}</Alert>}
      {items && items.length === 0 && <Text>No discount codes yet: registering a product earns one.</Text>}
      {items && items.length > 0 && (
        <Scrollable label="My discount codes">
          <Table caption="Your discount codes, newest first">
            <TableHead>
              <TableRow>
                <TableCell as="th">Code</TableCell>
                <TableCell as="th">Discount</TableCell>
                <TableCell as="th">Valid until</TableCell>
                <TableCell as="th">State</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.code}>
                  <TableCell>
                    <code>{item.code}</code>
                  </TableCell>
                  <TableCell>{describeDiscount(item)}</TableCell>
                  <TableCell>{new Date(item.validUntil).toLocaleDateString('en')}</TableCell>
                  <TableCell>
                    <Badge>{STATES[item.status] ?? item.status}</Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
    </>
  );
}
