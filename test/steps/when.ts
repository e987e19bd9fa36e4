/** "When" steps: what a client does, over the wire. Shared by unit, integration and end-to-end tests. */

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function weSendRaw(url: string, init: { body?: string | Buffer; headers?: Record<string, string>; method?: string }): Promise<HttpResult> {
  const response = await fetch(url, { method: init.method ?? 'POST', body: init.body, headers: init.headers });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function weSendGraphQL(
  target: { url: string },
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string>,
): Promise<HttpResult> {
  return weSendRaw(target.url, { body: JSON.stringify(request), headers: { 'content-type': 'application/json', ...headers } });
}
