export const MAX_PAGE = 100;

/** A page size within 1..MAX_PAGE, 20 when the caller does not say. */
export function pageSize(limit: number | null | undefined): number {
  return Math.min(Math.max(limit ?? 20, 1), MAX_PAGE);
}
