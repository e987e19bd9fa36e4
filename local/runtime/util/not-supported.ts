/** Helpers the local runtime deliberately does not emulate (RDS Data API, Bedrock). */
import { UtilUsageError } from '../signals.js';

export function notSupportedLocally(name: string): () => never {
  return () => {
    throw new UtilUsageError(`${name} is not supported by the local AppSync runtime`);
  };
}

export const rds = {
  toJsonObject: notSupportedLocally('util.rds.toJsonObject'),
};
