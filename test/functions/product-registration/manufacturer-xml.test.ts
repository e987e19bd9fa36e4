import { describe, expect, it } from 'vitest';
import { registrationNoticeXml } from '../../../functions/manufacturer-notices/translate.js';
import type { ProductRegisteredData } from '../../../schema/events.js';
import { isWellFormedXml } from '../../steps/xml.js';

const registered: ProductRegisteredData = {
  registrationId: '01REG',
  customerId: 'c-1',
  sku: 'CT-DRILL',
  productName: 'Drill <18V> & "Pro"',
  serialNumber: "CT01-AB'123",
  purchaseDate: '2026-11-30',
  manufacturerId: 'contoso-tools',
  registrationPoints: 500,
  discount: { percentOff: 10, amountOff: null, currency: null, validDays: 45 },
  registeredAt: '2026-12-01T10:00:00.000Z',
  customerEmail: 'someone@example.com',
};

describe("an XML manufacturer's notice", () => {
  it('is one well-formed element whatever the product name and serial contain', () => {
    const xml = registrationNoticeXml('01REG', registered);
    expect(isWellFormedXml(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`)).toBe(true);
    expect(xml).toContain('<Product sku="CT-DRILL">Drill &lt;18V&gt; &amp; &quot;Pro&quot;</Product>');
    expect(xml).toContain('<SerialNumber>CT01-AB&apos;123</SerialNumber>');
  });

  it('tells the customer nothing the manufacturer does not need: no customer id or email', () => {
    const xml = registrationNoticeXml('01REG', registered);
    expect(xml).not.toContain('c-1');
    expect(xml).not.toContain('someone@example.com');
  });

  it('is recognised as malformed when a tag is left open or an entity is bare', () => {
    expect(isWellFormedXml('<a><b></a>')).toBe(false);
    expect(isWellFormedXml('<a>fish & chips</a>')).toBe(false);
    expect(isWellFormedXml('<a/><b/>')).toBe(false);
  });
});
