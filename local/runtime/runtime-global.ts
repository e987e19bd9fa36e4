/** The `runtime` global of APPSYNC_JS. */
import { EarlyReturnSignal } from './signals.js';

export const runtime = {
  earlyReturn(value?: unknown, options?: { skipTo?: 'END' | 'NEXT' }): never {
    const skipTo = options?.skipTo === 'END' || options?.skipTo === 'NEXT' ? options.skipTo : null;
    throw new EarlyReturnSignal(value ?? null, skipTo);
  },
};
