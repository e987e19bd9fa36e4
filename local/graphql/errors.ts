import type { GraphQLError, SourceLocation } from 'graphql';

/** One entry of a response's `errors`, in AppSync's shape. */
export interface AppSyncErrorEntry {
  path: Array<string | number> | null;
  data: unknown;
  errorType: string | null;
  errorInfo: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

/** A field-level error raised while resolving: util.error, data-source mapping errors, code errors, denials. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly errorType: string | null,
    readonly data: unknown = null,
    readonly errorInfo: unknown = null,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

export function locationsOf(locations: readonly SourceLocation[] | undefined): AppSyncErrorEntry['locations'] {
  return locations ? locations.map(({ line, column }) => ({ line, column, sourceName: null })) : null;
}

/** Execution errors (thrown by a field) in AppSync's shape. */
export function formatExecutionError(error: GraphQLError): AppSyncErrorEntry {
  const original = error.originalError;
  if (original instanceof FieldError) {
    return {
      path: error.path ? [...error.path] : null,
      data: original.data ?? null,
      errorType: original.errorType,
      errorInfo: original.errorInfo ?? null,
      locations: locationsOf(error.locations),
      message: original.message,
    };
  }
  // Anything else that escaped a field (an output scalar that does not serialize, a non-null violation):
  // AppSync reports these without an errorType.
  return {
    path: error.path ? [...error.path] : null,
    data: null,
    errorType: original ? 'Code' : null,
    errorInfo: null,
    locations: locationsOf(error.locations),
    message: error.message,
  };
}

/**
 * Validation and variable errors before execution. AppSync runs graphql-java, so its messages read
 * "Validation error of type <Kind>: ..."; the common graphql-js messages are translated to those kinds.
 */
export function formatRequestValidationError(error: GraphQLError): AppSyncErrorEntry {
  return {
    path: null,
    data: null,
    errorType: null,
    errorInfo: null,
    locations: locationsOf(error.locations),
    message: graphqlJavaMessage(error.message),
  };
}

const TRANSLATIONS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [
    /^Cannot query field "(\w+)" on type "(\w+)"\./,
    (m) => `Validation error of type FieldUndefined: Field '${m[1]}' in type '${m[2]}' is undefined @ '${m[1]}'`,
  ],
  [/^Unknown type "(\w+)"\./, (m) => `Validation error of type UnknownType: Unknown type ${m[1]}`],
  [
    /^Unknown argument "(\w+)" on field "([\w.]+)"\./,
    (m) => `Validation error of type UnknownArgument: Unknown field argument ${m[1]} @ '${m[2].split('.').pop()}'`,
  ],
  [
    /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./,
    (m) => `Validation error of type MissingFieldArgument: Missing field argument ${m[2]} @ '${m[1]}'`,
  ],
  [
    /^Variable "\$(\w+)" of required type "(.+)" was not provided\./,
    (m) => `Variable '${m[1]}' has coerced Null value for NonNull type '${m[2]}'`,
  ],
  [/^Variable "\$(\w+)" got invalid value (.*?); (.*)$/s, (m) => `Variable '${m[1]}' has an invalid value: ${m[3]}`],
  [
    /^Field "(\w+)" of type "(.+)" must have a selection of subfields\./,
    (m) => `Validation error of type SubSelectionRequired: Sub selection required for type ${m[2]} of field ${m[1]} @ '${m[1]}'`,
  ],
  [
    /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./,
    (m) => `Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type ${m[2]} of field ${m[1]} @ '${m[1]}'`,
  ],
  [/^Syntax Error: (.*)$/s, (m) => `Invalid Syntax : ${m[1]}`],
];

function graphqlJavaMessage(message: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = message.match(pattern);
    if (match) return translate(match);
  }
  return `Validation error: ${message}`;
}
