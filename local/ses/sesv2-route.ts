import { randomUUID } from 'node:crypto';
import type { FaultInjector } from '../faults/fault-injector.js';
import type { HttpServer } from '../http/server.js';
import { sendJson } from '../http/server.js';
import type { Mailbox } from './mailbox.js';

/** Where the engine serves the SES v2 API; Lambda functions get it as AWS_ENDPOINT_URL_SESV2. */
export const SESV2_PATH = '/_aws/sesv2';
const SEND_EMAIL = `${SESV2_PATH}/v2/email/outbound-emails`;

interface SendEmailRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
    Raw?: unknown;
    Template?: unknown;
  };
  EmailTags?: Array<{ Name: string; Value: string }>;
}

/**
 * SES v2's SendEmail (REST-JSON, `POST /v2/email/outbound-emails`), enough for `@aws-sdk/client-sesv2` to send
 * unchanged: simple content is validated as SES does and kept in the mailbox instead of being delivered. A staged
 * `ses.reject` fault answers with the error it names. Also `GET /_local/emails` lists what was sent.
 */
export function mountSesRoutes(http: HttpServer, mailbox: Mailbox, faults: FaultInjector): void {
  http.route('/_local/emails', (_req, res) => sendJson(res, 200, { emails: mailbox.list() }));
  http.routePrefix(SESV2_PATH, (req, res, body) => {
    const reply = (status: number, payload: unknown, errorType?: string) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(text);
    };
    const fail = (status: number, errorType: string, message: string) => reply(status, { message }, errorType);
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== SEND_EMAIL)
      return fail(400, 'BadRequestException', `The local engine serves SendEmail only, not ${req.method} ${path.slice(SESV2_PATH.length)}`);
    let request: SendEmailRequest;
    try {
      request = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return fail(400, 'BadRequestException', 'The request body is not valid JSON');
    }
    const problem = problemWith(request);
    if (problem) return fail(400, 'BadRequestException', problem);
    const refusal = faults.sesRefusal(JSON.stringify(request));
    if (refusal) return fail(refusal.status, refusal.errorCode, 'Staged refusal (/_local/faults ses.reject)');
    const simple = request.Content!.Simple!;
    const sent = mailbox.add({
      from: request.FromEmailAddress!,
      to: request.Destination?.ToAddresses ?? [],
      cc: request.Destination?.CcAddresses ?? [],
      bcc: request.Destination?.BccAddresses ?? [],
      subject: simple.Subject!.Data!,
      text: simple.Body?.Text?.Data ?? null,
      html: simple.Body?.Html?.Data ?? null,
      tags: Object.fromEntries((request.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
    });
    reply(200, { MessageId: sent.messageId });
  });
}

function problemWith(request: SendEmailRequest): string | null {
  const recipients = [
    ...(request.Destination?.ToAddresses ?? []),
    ...(request.Destination?.CcAddresses ?? []),
    ...(request.Destination?.BccAddresses ?? []),
  ];
  if (!request.FromEmailAddress) return 'FromEmailAddress is required (the local engine has no default identity)';
  if (!recipients.length) return 'Destination needs at least one address';
  if (recipients.length > 50) return 'A message can have at most 50 recipients';
  if (!request.Content?.Simple) return 'The local engine sends Simple content only (not Raw or Template)';
  if (!request.Content.Simple.Subject?.Data) return 'Content.Simple.Subject.Data is required';
  if (!request.Content.Simple.Body?.Text && !request.Content.Simple.Body?.Html) return 'Content.Simple.Body needs Text or Html';
  return null;
}
