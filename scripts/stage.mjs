// `npm run deploy -- --stage dev` / `npm run diff -- --stage dev`: the CDK CLI for one deployed stage. The stage's
// settings come from cdk.json's context `stages.<stage>` (README: Deploying to AWS); synthesis names any that are missing.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({ args: rest, options: { stage: { type: 'string' } }, allowPositionals: true, strict: false });
const deployable = ['dev', 'prod'];
if (!['deploy', 'diff'].includes(command) || !deployable.includes(values.stage)) {
  console.error(`usage: npm run ${command ?? 'deploy'} -- --stage ${deployable.join('|')} [cdk options]`);
  console.error('(the local stage runs on the local engine only: npm start)');
  process.exit(2);
}
const args = [command, `LoyaltyGraph-${values.stage}`, '-c', `stage=${values.stage}`, ...positionals];
const result = spawnSync(path.join(root, 'node_modules/.bin/cdk'), args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
