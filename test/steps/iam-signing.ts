/** Signs GraphQL requests for AWS_IAM with the AWS SDK's own SigV4 signer, as services and the SDK do. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigningOptions {
  region: string;
  service?: string;
  /** sign as if at this time (clock-skew tests) */
  signingDate?: Date;
  method?: string;
  /** headers to send and sign besides host (default content-type application/json) */
  headers?: Record<string, string>;
}

/** The headers to send with `body` to `url`: the given ones (content-type), host, x-amz-date, [x-amz-security-token], authorization. */
export async function sigV4Headers(
  url: string,
  body: string,
  credentials: IamCredentials,
  options: SigningOptions,
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials, region: options.region, service: options.service ?? 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: options.method ?? 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { ...(options.headers ?? { 'content-type': 'application/json' }), host: target.host },
      body,
    },
    { signingDate: options.signingDate },
  );
  return signed.headers;
}
