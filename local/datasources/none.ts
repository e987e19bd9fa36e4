import type { DataSource } from './types.js';

/** NONE: the request's `payload` comes back unchanged as ctx.result. No I/O. */
export const noneDataSource: DataSource = {
  invoke(request) {
    return { result: (request as { payload?: unknown } | null)?.payload ?? null };
  },
};
