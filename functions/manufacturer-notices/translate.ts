import type { ProductRegisteredData } from '../../schema/events.js';

/**
 * The anti-corruption layer for manufacturers that take XML: our event in their vocabulary. No declaration: the
 * API destination's input template starts with it (a template that is not JSON takes values as they are).
 */
export function registrationNoticeXml(eventId: string, data: ProductRegisteredData): string {
  return (
    `<ProductRegistration xmlns="urn:loyalty-graph:registration:v1" eventId="${escapeXml(eventId)}">` +
    `<RegistrationId>${escapeXml(data.registrationId)}</RegistrationId>` +
    `<Product sku="${escapeXml(data.sku)}">${escapeXml(data.productName)}</Product>` +
    `<SerialNumber>${escapeXml(data.serialNumber)}</SerialNumber>` +
    `<PurchaseDate>${escapeXml(data.purchaseDate)}</PurchaseDate>` +
    `<RegisteredAt>${escapeXml(data.registeredAt)}</RegisteredAt>` +
    `</ProductRegistration>`
  );
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(value: string): string {
  return String(value).replace(/[&<>"']/g, (char) => XML_ESCAPES[char]);
}
