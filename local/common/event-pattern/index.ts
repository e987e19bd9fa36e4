/**
 * EventBridge event-pattern matching with AWS's semantics (validated against the AWS-recorded corpus in
 * shared/conformance/eventbridge-patterns). Compile once per rule, match many events.
 */
export { compileEventPattern, CompiledEventPattern, MAX_EVENT_PATTERN_LENGTH } from './compile-event-pattern.js';
export { compileRuleSet, CompiledRuleSet } from './rule-set.js';
export { validateEventForTest } from './validate-event.js';
export { EventBridgeError, EventBridgeValidationError, InvalidEventPatternError } from './errors.js';
