import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** An AWS principal the local engine knows the secret of, with what AppSync would report about it. */
export interface LocalIamPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** temporary credentials (ASIA…) carry one and must present it as X-Amz-Security-Token */
  sessionToken: string | null;
  accountId: string;
  /** `identity.userArn`: an IAM user ARN, or the STS assumed-role ARN of a role session */
  userArn: string;
  /** `identity.username`: the caller's unique id (`aws:userid`), `AIDA…` for a user, `AROA…:<session>` for a role */
  userId: string;
}

export interface LocalIamCredentials {
  /** the IAM user a developer signs with (curl, scripts, the web app); printed by `npm start` */
  developer: LocalIamPrincipal;
  /** the execution-role session of each Lambda function, as Lambda hands it to the function */
  functions: Map<string, LocalIamPrincipal>;
  byAccessKeyId(accessKeyId: string): LocalIamPrincipal | undefined;
  /** the AWS_* variables Lambda sets for a function's credentials */
  lambdaEnvironment(functionName: string): Record<string, string>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsId = (prefix: string, length: number) => prefix + Array.from({ length }, () => BASE32[randomInt(BASE32.length)]).join('');
const secret = () => randomBytes(30).toString('base64');

/**
 * The credentials AWS_IAM requests are verified against. AWS mints them in IAM and STS; locally the developer's
 * access key is minted once and kept in the data folder (so scripts keep working across restarts), and each Lambda
 * function gets fresh temporary credentials per start, as Lambda gives every execution environment its own.
 */
export function localIamCredentials(options: {
  accountId: string;
  dataDir: string | null;
  functionNames: string[];
  /** the developer's key already handed out (an earlier deployment in this process), kept as it is */
  developer?: LocalIamPrincipal;
}): LocalIamCredentials {
  const { accountId } = options;
  const developer: LocalIamPrincipal = options.developer ?? {
    ...developerKey(options.dataDir),
    sessionToken: null,
    accountId,
    userArn: `arn:aws:iam::${accountId}:user/local-developer`,
  };
  const functions = new Map(
    options.functionNames.map((name): [string, LocalIamPrincipal] => {
      // CDK names execution roles after the function; the local role name follows the same idea
      const role = `${name}-role`;
      return [
        name,
        {
          accessKeyId: awsId('ASIA', 16),
          secretAccessKey: secret(),
          sessionToken: randomBytes(96).toString('base64'),
          accountId,
          userArn: `arn:aws:sts::${accountId}:assumed-role/${role}/${name}`,
          userId: `${awsId('AROA', 17)}:${name}`,
        },
      ];
    }),
  );
  const byKey = new Map([developer, ...functions.values()].map((principal) => [principal.accessKeyId, principal]));
  return {
    developer,
    functions,
    byAccessKeyId: (accessKeyId) => byKey.get(accessKeyId),
    lambdaEnvironment(functionName) {
      const principal = functions.get(functionName);
      if (!principal) throw new Error(`No local credentials for Lambda function ${functionName}`);
      return {
        AWS_ACCESS_KEY_ID: principal.accessKeyId,
        AWS_SECRET_ACCESS_KEY: principal.secretAccessKey,
        AWS_SESSION_TOKEN: principal.sessionToken!,
      };
    },
  };
}

function developerKey(dataDir: string | null): Pick<LocalIamPrincipal, 'accessKeyId' | 'secretAccessKey' | 'userId'> {
  const file = dataDir ? path.join(dataDir, 'iam-credentials.json') : null;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const key = { accessKeyId: awsId('AKIA', 16), secretAccessKey: secret(), userId: awsId('AIDA', 17) };
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(key, null, 2), { mode: 0o600 });
  }
  return key;
}
