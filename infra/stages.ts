import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Where a stage runs: `local` on the embedded engine only (`npm start`, the tests), the others on AWS. */
export const STAGE_NAMES = ['local', 'dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** A manufacturer's registration API (the product registration domain fills this slot). Its key lives in an EventBridge connection. */
export interface ManufacturerEndpoint {
  id: string;
  apiUrl: string;
}

/** Everything that differs between stages: the third parties' endpoints, who sends mail, who is paged, how long logs stay. */
export interface StageConfig {
  name: StageName;
  /** where customer support's CRM takes redemption notices */
  crmApiUrl: string;
  manufacturers: ManufacturerEndpoint[];
  /** the SES identity (a verified address or domain) mail is sent from */
  sesSenderIdentity: string;
  /** who the alarms email; none locally */
  alarmEmail?: string;
  logRetention: logs.RetentionDays;
  /** whether the stack can be deployed to AWS at all (the local stage's endpoints are loopback stand-ins) */
  deployable: boolean;
}

/** What a deployed stage must be given, in cdk.json's context `stages.<stage>` (README: Deploying to AWS). */
const REQUIRED_SETTINGS = ['crmApiUrl', 'sesSenderIdentity', 'alarmEmail'] as const;

const LOG_RETENTION: Record<StageName, logs.RetentionDays> = {
  local: logs.RetentionDays.ONE_DAY,
  dev: logs.RetentionDays.TWO_WEEKS,
  prod: logs.RetentionDays.THREE_MONTHS,
};

/**
 * The stage this synthesis is for (context `stage`; cdk.json says `local`, `npm run deploy -- --stage dev` says
 * otherwise) and its configuration. The local stage's endpoints are the engine's outside-world stand-ins
 * (context `crmApiUrl`, passed by `npm start` and the tests); a deployed stage's come from `stages.<stage>` and
 * synthesis fails, naming each missing setting, rather than deploy a stage half-configured.
 */
export function stageConfig(scope: Construct): StageConfig {
  const name: unknown = scope.node.tryGetContext('stage');
  if (!STAGE_NAMES.includes(name as StageName))
    throw new Error(
      `CDK context "stage" must be one of ${STAGE_NAMES.join(', ')} (got ${JSON.stringify(name)}): npm run deploy -- --stage dev`,
    );
  const stage = name as StageName;
  if (stage === 'local')
    return {
      name: stage,
      crmApiUrl: (scope.node.tryGetContext('crmApiUrl') as string | undefined) ?? 'http://127.0.0.1:4010/crm/tickets',
      manufacturers: [],
      sesSenderIdentity: 'no-reply@localhost',
      logRetention: LOG_RETENTION.local,
      deployable: false,
    };

  const settings = ((scope.node.tryGetContext('stages') as Record<string, Record<string, unknown>> | undefined) ?? {})[stage] ?? {};
  const missing = REQUIRED_SETTINGS.filter((key) => typeof settings[key] !== 'string' || !settings[key]);
  if (missing.length)
    throw new Error(
      `Stage ${stage} is not configured: set ${missing.map((key) => `stages.${stage}.${key}`).join(', ')} in cdk.json's context (README: Deploying to AWS)`,
    );
  const crmApiUrl = settings.crmApiUrl as string;
  if (!crmApiUrl.startsWith('https://') || /\/\/(localhost|127\.|\[::1\])/.test(crmApiUrl))
    throw new Error(`stages.${stage}.crmApiUrl must be a public https:// URL (got ${crmApiUrl})`);
  return {
    name: stage,
    crmApiUrl,
    manufacturers: (settings.manufacturers as ManufacturerEndpoint[] | undefined) ?? [],
    sesSenderIdentity: settings.sesSenderIdentity as string,
    alarmEmail: settings.alarmEmail as string,
    logRetention: LOG_RETENTION[stage],
    deployable: true,
  };
}
