import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startEngine } from './engine.js';
import { evaluateCode } from './runtime/evaluate.js';
import { synthesize } from './synth.js';

const root = path.resolve(import.meta.dirname, '..');

async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 4000);
  console.log('[start] synthesizing the CDK app (cdk.out is what `cdk deploy` would deploy)...');
  const assemblyDir = await synthesize();
  const engine = await startEngine({ assemblyDir, dataDir: path.join(root, '.local/data'), port, log: (line) => console.log(line) });
  const apiKey = engine.apiKeys[0]?.value ?? '(the API has no API key)';
  console.log(`
Loyalty Graph is running locally.
  GraphQL endpoint   ${engine.url}
  Real-time          ${engine.url.replace('http://', 'ws://')}/realtime
  API key            ${apiKey}

  Try it:
    curl -s ${engine.url} -H 'x-api-key: ${apiKey}' -H 'content-type: application/json' \\
      -d '{"query":"{ health { status time } rewards { items { id title pointsCost } } }"}'

  Customer and admin sign-in (Cognito user pool tokens) is served by the same engine once the auth work lands;
  until then the API key reaches the public fields (health, reward, rewards).
  Data persists in .local/data. Ctrl-C stops everything, DynamoDB Local included.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    await engine.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function evaluate(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { code: { type: 'string' }, context: { type: 'string' }, function: { type: 'string', default: 'request' } },
  });
  if (!values.code) {
    console.error('usage: npm run evaluate-code -- --code <file.ts|file.js> [--context <context.json>|<json>] [--function request|response]');
    process.exit(2);
  }
  const contextText = values.context ? (values.context.trim().startsWith('{') ? values.context : readFileSync(values.context, 'utf8')) : '{}';
  const fn = values.function === 'response' ? 'response' : 'request';
  const result = evaluateCode({ code: readFileSync(values.code, 'utf8'), fileName: values.code, context: JSON.parse(contextText), function: fn });
  console.log(JSON.stringify(result, null, 2));
  if (result.error) process.exitCode = 1;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') await start();
else if (command === 'evaluate-code') evaluate(rest);
else {
  console.error('usage: local/cli.ts start | evaluate-code --code <file> --context <json> --function request|response');
  process.exit(2);
}
