/**
 * What GraphiQL's fetcher needs beyond a plain request: the operation a document's run button chose (Amplify sends a
 * document with one operation, or it cannot tell which to run), and subscriptions as the observable GraphiQL follows.
 */
import { getOperationAST, Kind, parse, print, type DocumentNode, type ExecutionResult, type OperationTypeNode } from 'graphql';
import type { Observable } from '@graphiql/toolkit';
import { subscribe, type AuthMode, type Variables } from '../api/client';

export interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The chosen operation with the fragments of the document, as a document of its own; or why there is none. */
export function chosenOperation(params: FetcherParams): { kind: OperationTypeNode; document: string } | string {
  let document: DocumentNode;
  try {
    document = parse(params.query);
  } catch (failure) {
    return (failure as Error).message;
  }
  const operation = getOperationAST(document, params.operationName ?? undefined);
  if (!operation) return 'Choose the operation to run: the document has several, or none.';
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return { kind: operation.operation, document: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }) };
}

/** The API's errors as it sent them (errorType included): developers want the raw shape here, not people's words. */
export function errorsOf(failure: unknown): unknown[] {
  return (failure as { errors?: unknown[] }).errors ?? [{ message: (failure as Error).message ?? String(failure) }];
}

/** A subscription as GraphiQL follows one: every push is a result, and unsubscribing (its stop button) ends it. */
export function liveResults(document: string, variables: Variables, mode: AuthMode): Observable<ExecutionResult> {
  const live = {
    // GraphiQL subscribes with an observer object
    subscribe(observer: { next(result: ExecutionResult): void; complete(): void }) {
      const stop = subscribe<Record<string, unknown>>(
        document,
        variables,
        {
          next: (data) => observer.next({ data }),
          // a refused start (authorization, validation) ends the subscription with the API's errors on show
          error: (failure) => {
            observer.next({ errors: errorsOf(failure) } as unknown as ExecutionResult);
            observer.complete();
          },
        },
        mode,
      );
      return { unsubscribe: stop };
    },
  };
  return live as unknown as Observable<ExecutionResult>;
}
