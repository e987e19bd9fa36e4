/**
 * The AppSync GraphQL real-time protocol on the wire (the legacy `graphql-ws` subprotocol, AppSync's flavour):
 * what a client may send, what the server answers, and the limits AppSync applies. Every error the real-time
 * layer reports is built here, so their shapes stay in one place.
 */

export const SUBPROTOCOL = 'graphql-ws';

/** AppSync's connection_ack value: a client that sees no `ka` for this long considers the connection dead. */
export const CONNECTION_TIMEOUT_MS = 300_000;

export const LIMITS = {
  /** AppSync's default quota of subscriptions on one connection */
  subscriptionsPerConnection: 100,
  /** a published message larger than this is not delivered (AppSync drops it) */
  payloadBytes: 240 * 1024,
  /** largest frame a client may send; a larger one closes the connection with 1009 */
  inboundFrameBytes: 240 * 1024,
  /** unsent bytes a connection may hold before it is dropped as a reader that cannot keep up */
  bufferedBytes: 1024 * 1024,
};

export interface AppSyncWireError {
  errorType?: string | null;
  message: string;
  errorCode?: number;
}

export type ClientMessage =
  | { type: 'connection_init' }
  | { type: 'start'; id: string; data: string; authorization: Record<string, unknown> | null }
  | { type: 'stop'; id: string };

/** A frame the server cannot act on: answered with an `error` message, the connection stays open. */
export class ProtocolFault {
  constructor(
    readonly error: AppSyncWireError,
    readonly id: string | undefined = undefined,
  ) {}
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads one text frame from a client. */
export function readClientMessage(text: string): ClientMessage | ProtocolFault {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return new ProtocolFault({ errorType: 'MalformedMessage', message: 'The message is not valid JSON.' });
  }
  if (!isObject(message) || typeof message.type !== 'string')
    return new ProtocolFault({ errorType: 'MalformedMessage', message: 'A message must be a JSON object with a "type".' });
  const id = typeof message.id === 'string' && message.id !== '' ? message.id : undefined;
  switch (message.type) {
    case 'connection_init':
      return { type: 'connection_init' };
    case 'stop':
      return id ? { type: 'stop', id } : new ProtocolFault({ errorType: 'MalformedMessage', message: 'A "stop" message needs an "id".' });
    case 'start': {
      if (!id) return new ProtocolFault({ errorType: 'MalformedMessage', message: 'A "start" message needs an "id".' });
      const payload = isObject(message.payload) ? message.payload : null;
      if (!payload || typeof payload.data !== 'string')
        return new ProtocolFault({ errorType: 'MalformedMessage', message: 'A "start" payload needs "data" as a JSON string.' }, id);
      const extensions = isObject(payload.extensions) ? payload.extensions : null;
      const authorization = extensions && isObject(extensions.authorization) ? extensions.authorization : null;
      return { type: 'start', id, data: payload.data, authorization };
    }
    default:
      return new ProtocolFault({ errorType: 'UnsupportedOperation', message: `Unknown message type: ${message.type.slice(0, 64)}` }, id);
  }
}

// Server messages, serialized once each.

export const connectionAck = JSON.stringify({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
export const keepAlive = JSON.stringify({ type: 'ka' });

export function startAck(id: string): string {
  return JSON.stringify({ type: 'start_ack', id });
}

export function complete(id: string, payload?: unknown): string {
  return JSON.stringify(payload === undefined ? { type: 'complete', id } : { type: 'complete', id, payload });
}

/** A data message; `payloadJson` is already serialized so one payload can be shared by many subscribers. */
export function dataMessage(id: string, payloadJson: string): string {
  return `{"type":"data","id":${JSON.stringify(id)},"payload":${payloadJson}}`;
}

export function errorMessage(errors: AppSyncWireError[], id?: string): string {
  return JSON.stringify(id === undefined ? { type: 'error', payload: { errors } } : { type: 'error', id, payload: { errors } });
}

/** The handshake credentials did not hold: Amplify treats errorCode 400/401/403 as final (no retry). */
export function connectionError(message: string, errorCode: 400 | 401): string {
  return JSON.stringify({
    type: 'connection_error',
    payload: { errors: [{ errorType: 'com.amazonaws.deepdish.graphql.auth#UnauthorizedException', message, errorCode }] },
  });
}

export const errors = {
  duplicatedOperation: (id: string): AppSyncWireError => ({
    errorType: 'DuplicatedOperationError',
    message: `Duplicated operation with id ${id}`,
  }),
  tooManySubscriptions: (): AppSyncWireError => ({
    errorType: 'LimitExceededError',
    message: `Maximum number of subscriptions per connection (${LIMITS.subscriptionsPerConnection}) reached.`,
  }),
  binaryFrame: (): AppSyncWireError => ({ errorType: 'MalformedMessage', message: 'Binary frames are not supported; send JSON text.' }),
  malformedStartData: (): AppSyncWireError => ({
    errorType: 'MalformedMessage',
    message: 'The "data" of a "start" message must be a JSON object with a "query" string.',
  }),
  notASubscription: (): AppSyncWireError => ({
    errorType: 'UnsupportedOperation',
    message: 'Only subscription operations can be started on the real-time endpoint.',
  }),
  missingAuthorization: (): AppSyncWireError => ({
    errorType: 'UnauthorizedException',
    message: 'Valid authorization header not provided.',
  }),
  invalidFilter: (message: string): AppSyncWireError => ({ errorType: 'FilterValidationError', message }),
  internalFailure: (): AppSyncWireError => ({ errorType: 'InternalFailure', message: 'An internal failure occurred.' }),
};

/** What a subscriber receives when a mutation invalidates its subscription (the connection closes after it). */
export const INVALIDATED = { message: 'Subscription complete.' };
