import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LoyaltyGraphStack } from '../../infra/stack.js';

/** The CDK app's stack, synthesized in-process without bundling the functions (structure only). */
export function synthesizedTemplate(): Template {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      crmApiUrl: 'https://crm.example.com/tickets',
      emailFromAddress: 'no-reply@example.com',
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
  });
  return Template.fromStack(new LoyaltyGraphStack(app, 'Test'));
}
