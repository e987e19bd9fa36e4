import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ManufacturerConfig } from './domains/product-registration.js';

/** Where a stage runs: `local` on the embedded engine only (`npm start`, the tests), the others on AWS. */
export const STAGE_NAMES = ['local', 'dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Everything that differs between stages: the third parties' endpoints, who sends mail, who is paged, how long logs stay. */
export interface StageConfig {
  name: StageName;
  /** where customer support's CRM takes redemption notices */
  crmApiUrl: string;
  /** the manufacturers registrations are announced to (each one's API key lives in an EventBridge connection) */
  manufacturers: ManufacturerConfig[];
  /** the SES identity (a verified address or domain) discount codes are emailed from */
  emailFromAddress: string;
  /** who the alarms email; none locally */
  alarmEmail?: string;
  logRetention: logs.RetentionDays;
  /**
   * how old an outbox mark must be before the sweeper publishes its event (infra/platform/transactional-outbox.ts):
   * longer than AppSync lets a request run (30 s), so a pipeline still publishing is never raced; a minute on AWS
   */
  outboxSweepAfter: Duration;
  /** whether the stack can be deployed to AWS at all (the local stage's endpoints are loopback stand-ins) */
  deployable: boolean;
}

/** What a deployed stage must be given, in cdk.json's context `stages.<stage>` (README: Deploying to AWS). */
const REQUIRED_SETTINGS = ['crmApiUrl', 'emailFromAddress', 'alarmEmail', 'manufacturers'] as const;

const LOG_RETENTION: Record<StageName, logs.RetentionDays> = {
  local: logs.RetentionDays.ONE_DAY,
  dev: logs.RetentionDays.TWO_WEEKS,
  prod: logs.RetentionDays.THREE_MONTHS,
};

/**
 * The stage this synthesis is for (context `stage`; cdk.json says `local`, `npm run deploy -- --stage dev` says
 * otherwise) and its configuration. The local stage's endpoints are the engine's outside-world stand-ins
 * (context `crmApiUrl` and `manufacturers`, passed by `npm start` and the tests, cdk.json's otherwise); a deployed
 * stage's come from `stages.<stage>` and synthesis fails, naming each missing setting, rather than deploy a stage
 * half-configured or pointed at a plain-HTTP or loopback endpoint.
 */
export function stageConfig(scope: Construct): StageConfig {
  const name: unknown = scope.node.tryGetContext('stage');
  if (!STAGE_NAMES.includes(name as StageName))
    throw new Error(
      `CDK context "stage" must be one of ${STAGE_NAMES.join(', ')} (got ${JSON.stringify(name)}): npm run deploy -- --stage dev`,
    );
  const stage = name as StageName;
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  if (stage === 'local')
    return {
      name: stage,
      crmApiUrl: requiredString(context('crmApiUrl'), 'crmApiUrl'),
      manufacturers: manufacturersOf(context('manufacturers'), 'manufacturers'),
      emailFromAddress: requiredString(context('emailFromAddress'), 'emailFromAddress'),
      logRetention: LOG_RETENTION.local,
      outboxSweepAfter: outboxSweepAfterOf(context('outboxSweepAfterSeconds')),
      deployable: false,
    };

  const settings = ((context('stages') as Record<string, Record<string, unknown>> | undefined) ?? {})[stage] ?? {};
  const missing = REQUIRED_SETTINGS.filter((key) =>
    key === 'manufacturers' ? settings[key] === undefined : !isNonEmptyString(settings[key]),
  );
  if (missing.length)
    throw new Error(
      `Stage ${stage} is not configured: set ${missing.map((key) => `stages.${stage}.${key}`).join(', ')} in cdk.json's context (README: Deploying to AWS)`,
    );
  const manufacturers = manufacturersOf(settings.manufacturers, `stages.${stage}.manufacturers`);
  for (const manufacturer of manufacturers)
    publicHttps(manufacturer.endpoint, `stages.${stage}.manufacturers[${manufacturer.id}].endpoint`);
  return {
    name: stage,
    crmApiUrl: publicHttps(settings.crmApiUrl as string, `stages.${stage}.crmApiUrl`),
    manufacturers,
    emailFromAddress: settings.emailFromAddress as string,
    alarmEmail: settings.alarmEmail as string,
    logRetention: LOG_RETENTION[stage],
    outboxSweepAfter: OUTBOX_SWEEP_AFTER,
    deployable: true,
  };
}

const OUTBOX_SWEEP_AFTER = Duration.minutes(1);

/**
 * The local stage may sweep sooner (context `outboxSweepAfterSeconds`): the tests do, so that a refused publish is
 * swept within seconds at their time scale; sooner only risks a duplicate, which consumers drop.
 */
function outboxSweepAfterOf(value: unknown): Duration {
  if (value === undefined) return OUTBOX_SWEEP_AFTER;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new Error(`CDK context outboxSweepAfterSeconds must be a whole number of seconds >= 1 (got ${String(value)})`);
  return Duration.seconds(seconds);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function requiredString(value: unknown, key: string): string {
  if (!isNonEmptyString(value)) throw new Error(`CDK context ${key} is not set (cdk.json, or -c ${key}=...)`);
  return value;
}

/** A deployed stage's third parties are reached over the internet, encrypted: never plain HTTP, never this machine. */
function publicHttps(url: string, setting: string): string {
  if (!url.startsWith('https://') || /\/\/(localhost|127\.|\[::1\])/.test(url))
    throw new Error(`${setting} must be a public https:// URL (got ${url})`);
  return url;
}

/** A stage's manufacturers: an array in cdk.json, a JSON string from `-c manufacturers=...`. */
function manufacturersOf(value: unknown, setting: string): ManufacturerConfig[] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) throw new Error(`${setting} is not set: an array of manufacturers (cdk.json, or -c manufacturers=[...])`);
  for (const manufacturer of list as ManufacturerConfig[]) {
    if (!/^[a-z0-9-]{1,40}$/.test(manufacturer.id ?? '')) throw new Error(`manufacturer id ${manufacturer.id}: 1 to 40 of a-z, 0-9, -`);
    if (!['JSON', 'XML'].includes(manufacturer.format)) throw new Error(`manufacturer ${manufacturer.id}: format is JSON or XML`);
    if (!manufacturer.name || !manufacturer.endpoint || !manufacturer.apiKeySecretName)
      throw new Error(`manufacturer ${manufacturer.id}: name, endpoint and apiKeySecretName are required`);
  }
  return list as ManufacturerConfig[];
}
