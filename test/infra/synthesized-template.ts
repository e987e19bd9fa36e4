import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LoyaltyGraphStack } from '../../infra/stack.js';

/** The CDK app's stack, synthesized in-process without bundling the functions (structure only). */
export function synthesizedTemplate(): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], crmApiUrl: 'https://crm.example.com/tickets' } });
  return Template.fromStack(new LoyaltyGraphStack(app, 'Test'));
}
