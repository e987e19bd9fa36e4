/** util.error / util.appendError / util.unauthorized. */
import { currentScope } from '../scope.js';
import { UtilErrorSignal } from '../signals.js';
import type { AppSyncErrorInput } from '../types.js';

function errorEntry(message: unknown, errorType?: unknown, data?: unknown, errorInfo?: unknown): AppSyncErrorInput {
  return {
    message: String(message),
    errorType: errorType === undefined || errorType === null ? null : String(errorType),
    data: data ?? null,
    errorInfo: errorInfo ?? null,
  };
}

export function error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
  throw new UtilErrorSignal(errorEntry(message, errorType, data, errorInfo));
}

export function appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
  currentScope().appendedErrors.push(errorEntry(message, errorType, data, errorInfo));
}

export function unauthorized(): never {
  const { fieldName, parentTypeName } = currentScope();
  // EvaluateCode resolves no field and AWS then answers a bare "Unauthorized"
  const message = fieldName ? `Not Authorized to access ${fieldName} on type ${parentTypeName}` : 'Unauthorized';
  throw new UtilErrorSignal({ message, errorType: 'Unauthorized', data: null, errorInfo: null });
}
