import { App } from 'aws-cdk-lib';
import { LoyaltyGraphStack } from './stack.js';

const app = new App();
new LoyaltyGraphStack(app, 'LoyaltyGraph', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
