import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { formatRequestValidationError, type AppSyncErrorEntry } from './errors.js';

export type ParsedDocument = { document: DocumentNode; errors: null } | { document: null; errors: AppSyncErrorEntry[] };

/**
 * Parsed and validated operations by query text. Every real client repeats its operations, so each pays for
 * parsing and validation once; the oldest entry goes when the cache is full.
 */
export class DocumentCache {
  private readonly documents = new Map<string, ParsedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limit: number,
  ) {}

  get(query: string): ParsedDocument {
    const cached = this.documents.get(query);
    if (cached) return cached;
    let parsed: ParsedDocument;
    try {
      const document = parse(query, { maxTokens: 10_000 });
      const errors = validate(this.schema, document);
      parsed = errors.length ? { document: null, errors: errors.map(formatRequestValidationError) } : { document, errors: null };
    } catch (error) {
      parsed = { document: null, errors: [formatRequestValidationError(error as GraphQLError)] };
    }
    if (this.documents.size >= this.limit) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, parsed);
    return parsed;
  }
}
