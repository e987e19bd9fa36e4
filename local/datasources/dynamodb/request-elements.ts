/**
 * Reading AppSync request objects: AppSync rejects unknown elements and reports missing ones by their
 * JSON path (`$[condition][expression]`), and so does this. Optional elements that are `undefined` or
 * `null` count as absent, as they would after the JSON serialisation AppSync applies to a request.
 */
import { MappingTemplateError } from './errors.js';
import { jsonKind, toWireMap, type WireMap } from './typed-values.js';

export type RequestObject = Record<string, unknown>;

export function asRequestObject(value: unknown, path: string): RequestObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingTemplateError(`Expected JSON object for '${path}' but got '${jsonKind(value)}' instead.`);
  }
  return value as RequestObject;
}

export function assertOnlyElements(request: RequestObject, allowed: ReadonlySet<string>, path: string): void {
  for (const name of Object.keys(request)) {
    if (!allowed.has(name) && request[name] !== undefined) throw new MappingTemplateError(`Unsupported element '${path}[${name}]'.`);
  }
}

export function isPresent(request: RequestObject, name: string): boolean {
  return request[name] !== undefined && request[name] !== null;
}

export function requiredElement(request: RequestObject, name: string, path: string): unknown {
  if (!isPresent(request, name)) throw new MappingTemplateError(`Value for field '${path}[${name}]' not found.`);
  return request[name];
}

export function optionalBoolean(request: RequestObject, name: string, path: string): boolean | undefined {
  if (!isPresent(request, name)) return undefined;
  if (typeof request[name] !== 'boolean')
    throw new MappingTemplateError(`Expected a boolean for '${path}[${name}]' but got '${jsonKind(request[name])}' instead.`);
  return request[name];
}

export function optionalInteger(request: RequestObject, name: string, path: string): number | undefined {
  if (!isPresent(request, name)) return undefined;
  if (!Number.isInteger(request[name]))
    throw new MappingTemplateError(`Expected an integer for '${path}[${name}]' but got '${jsonKind(request[name])}' instead.`);
  return request[name] as number;
}

export function optionalString(request: RequestObject, name: string, path: string): string | undefined {
  if (!isPresent(request, name)) return undefined;
  return requiredString(request, name, path);
}

export function requiredString(request: RequestObject, name: string, path: string): string {
  const value = requiredElement(request, name, path);
  if (typeof value !== 'string')
    throw new MappingTemplateError(`Expected a string for '${path}[${name}]' but got '${jsonKind(value)}' instead.`);
  return value;
}

export function requiredList(request: RequestObject, name: string, path: string): unknown[] {
  const value = requiredElement(request, name, path);
  if (!Array.isArray(value))
    throw new MappingTemplateError(`Expected JSON array for '${path}[${name}]' but got '${jsonKind(value)}' instead.`);
  return value;
}

export function requiredKey(request: RequestObject, path: string): WireMap {
  return toWireMap(requiredElement(request, 'key', path), `${path}[key]`);
}

/**
 * The ExpressionAttributeNames/Values of one DynamoDB call. AppSync requests carry them per expression
 * (key condition, filter, condition, update, projection) while DynamoDB takes one shared map, so they are
 * merged; a placeholder bound to two different values would silently change one expression, so it is an error.
 */
export class ExpressionAttributes {
  private readonly names: Record<string, string> = {};
  private readonly values: WireMap = {};

  /**
   * Adds `{expression, expressionNames?, expressionValues?}` and returns the expression. `allowed` lists
   * the elements the object may have (conditions carry a few more, projections no values).
   */
  add(expressionObject: unknown, path: string, allowed: ReadonlySet<string> = EXPRESSION_ELEMENTS): string {
    const object = asRequestObject(expressionObject, path);
    assertOnlyElements(object, allowed, path);
    const expression = requiredString(object, 'expression', path);
    if (isPresent(object, 'expressionNames')) {
      const names = asRequestObject(object.expressionNames, `${path}[expressionNames]`);
      for (const [placeholder, name] of Object.entries(names)) {
        if (typeof name !== 'string')
          throw new MappingTemplateError(
            `Expected a string for '${path}[expressionNames][${placeholder}]' but got '${jsonKind(name)}' instead.`,
          );
        this.bind(this.names, placeholder, name, `${path}[expressionNames]`, (a, b) => a === b);
      }
    }
    if (isPresent(object, 'expressionValues')) {
      const values = toWireMap(object.expressionValues, `${path}[expressionValues]`);
      for (const [placeholder, value] of Object.entries(values)) {
        this.bind(this.values, placeholder, value, `${path}[expressionValues]`, (a, b) => JSON.stringify(a) === JSON.stringify(b));
      }
    }
    return expression;
  }

  /** Adds a name placeholder of our own (e.g. to project key attributes). */
  addName(placeholder: string, name: string): void {
    this.names[placeholder] = name;
  }

  resolveName(placeholderOrName: string): string {
    return placeholderOrName.startsWith('#') ? (this.names[placeholderOrName] ?? placeholderOrName) : placeholderOrName;
  }

  /** The two request members, omitted when empty (DynamoDB rejects empty maps). */
  toRequest(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: WireMap } {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }

  private bind<T>(target: Record<string, T>, placeholder: string, value: T, path: string, same: (a: T, b: T) => boolean): void {
    if (placeholder in target && !same(target[placeholder], value)) {
      throw new MappingTemplateError(`'${path}[${placeholder}]' is bound to a different value by another expression of this request.`);
    }
    target[placeholder] = value;
  }
}

export const EXPRESSION_ELEMENTS: ReadonlySet<string> = new Set(['expression', 'expressionNames', 'expressionValues']);
export const PROJECTION_ELEMENTS: ReadonlySet<string> = new Set(['expression', 'expressionNames']);
