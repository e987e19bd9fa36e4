/** util.str */
import { UtilUsageError } from '../signals.js';

const FORMS = new Set(['nfc', 'nfd', 'nfkc', 'nfkd']);

export const str = {
  normalize(value: string, normalizationType: string): string {
    const form = String(normalizationType).toLowerCase();
    if (!FORMS.has(form)) throw new UtilUsageError(`Unsupported normalization type: ${normalizationType}`);
    return String(value).normalize(form.toUpperCase());
  },
};
