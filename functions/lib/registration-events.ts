/** The events of a product registration (docs/product-registration.md, "Events"): their names and `data`. */

export const REGISTRATION_SOURCE = 'registration.products';
export const PRODUCT_REGISTERED = 'product_registered';
export const PROMOTIONS_SOURCE = 'promotions.codes';
export const DISCOUNT_CODE_GENERATED = 'discount_code_generated';
export const DISCOUNT_CODE_EMAILED = 'discount_code_emailed';
export const REGISTRATION_SUPPORT_INFORMED = 'registration_support_informed';
export const MANUFACTURER_NOTICE_PREPARED = 'manufacturer_notice_prepared';

export interface ProductDiscount {
  percentOff: number | null;
  /** in the currency's minor unit */
  amountOff: number | null;
  currency: string | null;
  validDays: number;
}

export interface ProductRegisteredData {
  registrationId: string;
  customerId: string;
  sku: string;
  productName: string;
  serialNumber: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  manufacturerId: string;
  registrationPoints: number;
  discount: ProductDiscount;
  registeredAt: string;
  /** from the customer's ID token; null when they signed in without one (no email is sent then) */
  customerEmail: string | null;
}

export interface DiscountCodeGeneratedData {
  code: string;
  customerId: string;
  registrationId: string;
  productName: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  validUntil: string;
  issuedAt: string;
  customerEmail: string | null;
}

/** The step events Product registration listens to, besides discount_code_generated and Loyalty's points_earned. */
export interface RegistrationStepData {
  customerId: string;
  registrationId: string;
  at: string;
}

/** What one manufacturer is told about one registration; its API destination's rule shapes the request from it. */
export interface ManufacturerNoticePreparedData {
  manufacturerId: string;
  format: 'JSON' | 'XML';
  /** the product_registered event_id: the manufacturer can drop a repeat by it */
  noticeId: string;
  registrationId: string;
  sku: string;
  productName: string;
  serialNumber: string;
  purchaseDate: string;
  registeredAt: string;
  /** XML manufacturers: the document, without its declaration (the API destination's template adds it) */
  xml: string | null;
}
