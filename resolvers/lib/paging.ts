export const MAX_PAGE = 100;

/** A page size within 1..MAX_PAGE, 20 when the caller does not say. */
export function pageSize(limit: number | null | undefined): number {
  return Math.min(Math.max(limit ?? 20, 1), MAX_PAGE);
}

/** The `limit` and `nextToken` of a list query, from a list field's arguments. */
export function pageRequest(args: { limit?: number | null; nextToken?: string | null }): { limit: number; nextToken?: string } {
  return { limit: pageSize(args.limit), nextToken: args.nextToken ?? undefined };
}

/** A query's page in a connection's shape: `nextToken` null on the last page. Map the items to their public form. */
export function pageOf<Item = Record<string, unknown>>(result: unknown): { items: Item[]; nextToken: string | null } {
  const page = result as { items: Item[]; nextToken?: string | null };
  return { items: page.items, nextToken: page.nextToken ?? null };
}
