/**
 * Pagination tokens as AppSync issues them: opaque, encrypted, and only valid for the resolver that issued
 * them. The LastEvaluatedKey is sealed with AES-256-GCM; the resolver scope, region, table and index are
 * the additional authenticated data, so a token replayed elsewhere or altered in any byte fails to open.
 * The outer shape mimics AppSync's (base64 of `{"version":…,"token":…}`) for clients that log or inspect it.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { WireMap } from './typed-values.js';

const TOKEN_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenBinding {
  tokenScope: string;
  tableName: string;
  index: string | undefined;
}

export class NextTokenCodec {
  private readonly key: Buffer;

  constructor(
    tokenSecret: string,
    private readonly region: string,
  ) {
    if (!tokenSecret) throw new Error('A DynamoDB data source needs a non-empty tokenSecret to seal its nextTokens');
    this.key = Buffer.from(hkdfSync('sha256', tokenSecret, 'loyalty-graph-local', 'appsync-dynamodb-next-token', 32));
  }

  encode(lastEvaluatedKey: WireMap, binding: TokenBinding): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.associatedData(binding));
    const sealed = Buffer.concat([iv, cipher.update(JSON.stringify(lastEvaluatedKey), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return Buffer.from(JSON.stringify({ version: TOKEN_VERSION, token: sealed.toString('base64') })).toString('base64');
  }

  /** The ExclusiveStartKey, or null when the token was not issued for this binding or was altered. */
  decode(nextToken: string, binding: TokenBinding): WireMap | null {
    try {
      const outer = JSON.parse(Buffer.from(nextToken, 'base64').toString('utf8')) as { version?: unknown; token?: unknown };
      if (outer.version !== TOKEN_VERSION || typeof outer.token !== 'string') return null;
      const sealed = Buffer.from(outer.token, 'base64');
      if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(this.associatedData(binding));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as WireMap;
    } catch {
      return null;
    }
  }

  private associatedData({ tokenScope, tableName, index }: TokenBinding): Buffer {
    return Buffer.from(JSON.stringify([this.region, tokenScope, tableName, index ?? null]));
  }
}
