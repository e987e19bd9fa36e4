import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LoyaltyGraphStack } from '../../infra/stack.js';
import { stageConfig } from '../../infra/stages.js';

/** A deployed stage's configuration, as an operator would write it in cdk.json (README: Deploying to AWS). */
export const PROD_STAGE_CONTEXT = {
  stage: 'prod',
  stages: {
    prod: {
      crmApiUrl: 'https://crm.example.com/tickets',
      emailFromAddress: 'loyalty@example.com',
      alarmEmail: 'oncall@example.com',
      manufacturers: [
        {
          id: 'json-maker',
          name: 'JSON Maker',
          endpoint: 'https://json.example.com/notices',
          format: 'JSON',
          apiKeySecretName: 'json-maker',
        },
        { id: 'xml-maker', name: 'XML Maker', endpoint: 'https://xml.example.com/notices', format: 'XML', apiKeySecretName: 'xml-maker' },
      ],
    },
  },
};

/** The local stage's context as `cdk synth` sees it: cdk.json's (its loopback stand-ins for the engine's outside world). */
export const LOCAL_STAGE_CONTEXT = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/**
 * The CDK app's stack for a stage, synthesized in-process without bundling the functions (structure only). The web
 * build is `webDistDir`; without it, an empty folder, so whether `web/dist` happens to be built never changes the result.
 */
export function synthesizedStack(
  context: Record<string, unknown> = PROD_STAGE_CONTEXT,
  webDistDir = mkdtempSync(path.join(tmpdir(), 'no-web-build-')),
): LoyaltyGraphStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return new LoyaltyGraphStack(app, 'Test', { stage: stageConfig(app), webDistDir });
}

export function synthesizedTemplate(): Template {
  return Template.fromStack(synthesizedStack());
}
