import { EventBridgeValidationError } from './errors.js';

/** Envelope fields TestEventPattern requires in its Event parameter. */
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * Parses TestEventPattern's Event parameter as AWS does: it must be a JSON object carrying the envelope fields.
 * @throws EventBridgeValidationError `Parameter Event is not valid.` otherwise
 */
export function validateEventForTest(eventText: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw invalidEvent();
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidEvent();
  for (const field of REQUIRED_EVENT_FIELDS) {
    if (!Object.hasOwn(event, field)) throw invalidEvent();
  }
  return event as Record<string, unknown>;
}

function invalidEvent(): EventBridgeValidationError {
  return new EventBridgeValidationError('Parameter Event is not valid.');
}
