import type { LambdaFunctionModel } from '../assembly/stack-model.js';
import { sendJson, type HttpServer } from '../http/server.js';
import { functionMatches, type FaultInjector, type FaultSpec } from './fault-injector.js';

export const FAULTS_PATH = '/_local/faults';

const USAGE =
  'POST {"kind":"eventbridge.reject","count":N,"source"?:"<only entries with this Source>"} or ' +
  '{"kind":"lambda.crash","functionName":"<part of the physical name or logical id>","count":N,"when":"before"|"after"} or ' +
  '{"kind":"ses.reject","count":N,"status"?:400,"errorCode"?:"MessageRejected"}';
const MAX_COUNT = 10_000;

/**
 * Staged failures, for rehearsing a bad day (loopback only, like the whole engine):
 *   GET    /_local/faults   the armed faults, each with what is left of its count
 *   POST   /_local/faults   arms one (see USAGE); 201 with the armed fault
 *   DELETE /_local/faults   disarms them all
 */
export function mountFaultRoutes(http: HttpServer, faults: FaultInjector, functions: LambdaFunctionModel[]): void {
  http.route(FAULTS_PATH, (req, res, body) => {
    if (req.method === 'GET') return sendJson(res, 200, { faults: faults.list() });
    if (req.method === 'DELETE') return sendJson(res, 200, { cleared: faults.clear() });
    if (req.method !== 'POST') return sendJson(res, 405, { message: `GET, POST or DELETE; ${USAGE}` });
    const parsed = parseFaultSpec(body.toString('utf8'), functions);
    if (typeof parsed === 'string') return sendJson(res, 400, { message: `${parsed}. ${USAGE}` });
    const fault = faults.arm(parsed);
    const matching =
      parsed.kind === 'lambda.crash'
        ? { functions: functions.filter((fn) => functionMatches(fn, parsed.functionName)).map((fn) => fn.name) }
        : {};
    sendJson(res, 201, { fault, ...matching });
  });
}

/** The fault a request body asks for, or what is wrong with the body. */
export function parseFaultSpec(text: string, functions: LambdaFunctionModel[]): FaultSpec | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'The body must be JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object';
  const request = body as Record<string, unknown>;
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_COUNT)
    return `count must be a whole number from 1 to ${MAX_COUNT}`;
  const allowed = (...fields: string[]) => {
    const unknown = Object.keys(request).filter((field) => !['kind', 'count', ...fields].includes(field));
    return unknown.length ? `Unknown field(s) for ${String(request.kind)}: ${unknown.join(', ')}` : null;
  };
  switch (request.kind) {
    case 'eventbridge.reject': {
      const problem = allowed('source', 'matching') ?? matchingProblem(request.matching);
      if (problem) return problem;
      if (request.source !== undefined && (typeof request.source !== 'string' || !request.source))
        return 'source must be a non-empty string';
      return {
        kind: 'eventbridge.reject',
        count: count as number,
        source: request.source ?? null,
        matching: (request.matching as string | undefined) ?? null,
      };
    }
    case 'lambda.crash': {
      const problem = allowed('functionName', 'when', 'matching') ?? matchingProblem(request.matching);
      if (problem) return problem;
      const { functionName, when = 'after' } = request;
      if (typeof functionName !== 'string' || !functionName) return 'functionName must be a non-empty string';
      if (!functions.some((fn) => functionMatches(fn, functionName))) {
        return `No function's name or logical id contains "${functionName}" (functions: ${functions.map((fn) => fn.name).join(', ')})`;
      }
      if (when !== 'before' && when !== 'after') return 'when must be "before" or "after"';
      return {
        kind: 'lambda.crash',
        count: count as number,
        functionName,
        when,
        matching: (request.matching as string | undefined) ?? null,
      };
    }
    case 'ses.reject': {
      const problem = allowed('status', 'errorCode', 'matching') ?? matchingProblem(request.matching);
      if (problem) return problem;
      const { status = 400, errorCode = 'MessageRejected' } = request;
      if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) return 'status must be 400 to 599';
      if (typeof errorCode !== 'string' || !/^[A-Za-z]+$/.test(errorCode)) return 'errorCode must be an SES error name';
      return {
        kind: 'ses.reject',
        count: count as number,
        status: status as number,
        errorCode,
        matching: (request.matching as string | undefined) ?? null,
      };
    }
    default:
      return `Unknown kind ${JSON.stringify(request.kind)}: use "eventbridge.reject", "lambda.crash" or "ses.reject"`;
  }
}

function matchingProblem(matching: unknown): string | null {
  return matching === undefined || (typeof matching === 'string' && matching.length > 0) ? null : 'matching must be a non-empty string';
}
