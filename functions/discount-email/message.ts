import type { DiscountCodeGeneratedData } from '../../schema/events.js';

/** The email that hands a customer their discount code: plain text and HTML, the same words. */
export function discountEmailOf(data: DiscountCodeGeneratedData): { subject: string; text: string; html: string } {
  const offer =
    data.percentOff !== null ? `${data.percentOff}% off` : `${((data.amountOff ?? 0) / 100).toFixed(2)} ${data.currency ?? ''} off`.trim();
  const validUntil = data.validUntil.slice(0, 10);
  const subject = `Your ${offer} code for registering your ${data.productName}`;
  const text = `Thank you for registering your ${data.productName}.\n\nYour code: ${data.code}\n${offer}, valid until ${validUntil}.\n`;
  const html =
    `<p>Thank you for registering your ${escapeHtml(data.productName)}.</p>` +
    `<p>Your code: <strong>${escapeHtml(data.code)}</strong><br>${escapeHtml(offer)}, valid until ${validUntil}.</p>`;
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
