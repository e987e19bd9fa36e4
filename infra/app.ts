import { App } from 'aws-cdk-lib';
import { LoyaltyGraphStack } from './stack.js';
import { stageConfig } from './stages.js';

const app = new App();
const stage = stageConfig(app);
// the local stage keeps the name the engine and its tests know; each deployed stage is its own stack
new LoyaltyGraphStack(app, stage.name === 'local' ? 'LoyaltyGraph' : `LoyaltyGraph-${stage.name}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
