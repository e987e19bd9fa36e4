/** Paging through a list by AppSync's `nextToken`, forwards and back. */
import { Button, Flex } from '@aws-amplify/ui-react';
import { useState } from 'react';

export interface Paging {
  /** the token of the page to show: null for the first */
  token: string | null;
  /** back to the first page, e.g. when the filter changes */
  restart: () => void;
  /** Previous page (when there is one) and Next page (when the shown page has a `nextToken`) */
  buttons: (nextToken: string | null | undefined) => React.JSX.Element;
}

/** Keeps the tokens of the pages before the shown one: a `nextToken` only leads forwards, so going back needs them. */
export function usePaging(): Paging {
  const [tokens, setTokens] = useState<Array<string | null>>([null]);
  return {
    token: tokens[tokens.length - 1],
    restart: () => setTokens([null]),
    buttons: (nextToken) => (
      <Flex gap="0.75rem" marginTop="0.5rem">
        {tokens.length > 1 && <Button onClick={() => setTokens(tokens.slice(0, -1))}>Previous page</Button>}
        {nextToken && <Button onClick={() => setTokens([...tokens, nextToken])}>Next page</Button>}
      </Flex>
    ),
  };
}
