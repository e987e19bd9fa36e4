import type { PointsExpiringData } from '../../schema/events.js';

/** The expiry warning: how many points expire, and on which day (UTC, as the ledger dates them). Text and HTML say the same. */
export function expiryWarningEmailOf(data: PointsExpiringData): { subject: string; text: string; html: string } {
  const points = data.points.toLocaleString('en-US');
  const unit = data.points === 1 ? 'point' : 'points';
  const day = data.expiresAt.slice(0, 10);
  const subject = `${points} ${unit} expire on ${day}`;
  const text = `${points} of your loyalty ${unit} expire on ${day}.\n\nSpend them on a reward before then to keep their value.\n`;
  const html = `<p><strong>${points}</strong> of your loyalty ${unit} expire on <strong>${day}</strong>.</p><p>Spend them on a reward before then to keep their value.</p>`;
  return { subject, text, html };
}
