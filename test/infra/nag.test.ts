import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { LoyaltyGraphStack } from '../../infra/stack.js';
import { stageConfig } from '../../infra/stages.js';
import { PROD_STAGE_CONTEXT } from './synthesized-template.js';

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    conclusion: string;
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

/** The prod stage with a built web app (so the upload is checked too), synthesized with cdk-nag's AwsSolutions pack. */
function nagReport(): { synthError: unknown; report: ValidationReport; template: Template } {
  const webDist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Loyalty</title>');
  const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...PROD_STAGE_CONTEXT } });
  new LoyaltyGraphStack(app, 'Nagged', { stage: stageConfig(app), webDistDir: webDist });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  let synthError: unknown = null;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  return {
    synthError,
    report: JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport,
    template: JSON.parse(readFileSync(path.join(outdir, 'Nagged.template.json'), 'utf8')) as Template,
  };
}

interface Template {
  Resources: Record<string, { Type: string; Metadata?: { cdk_nag?: { rules_to_suppress: Array<{ id: string; reason: string }> } } }>;
}

const { synthError, report, template } = nagReport();

describe('cdk-nag AwsSolutions over the deployed app', () => {
  it('finds nothing that is not acknowledged', () => {
    // the pack reports only when it finds something: no report is a clean run, and the acknowledgments it honoured
    // are in the template (next test), which shows it ran
    const findings = (report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions')?.violations ?? []).map(
      (violation) => `${violation.ruleName} at ${violation.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(synthError).toBeNull();
  });

  it('honours acknowledgments, each with its reason, where they were made', () => {
    const acknowledged = Object.entries(template.Resources).flatMap(([resourceId, resource]) =>
      (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resourceId, ...rule })),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { resourceId, id, reason } of acknowledged) expect(reason.length, `${resourceId} ${id} says why`).toBeGreaterThan(40);
    const dlqs = Object.entries(template.Resources).filter(([id, resource]) => resource.Type === 'AWS::SQS::Queue' && /Dlq/.test(id));
    expect(dlqs.length).toBeGreaterThanOrEqual(7);
    for (const [id, dlq] of dlqs)
      expect(
        dlq.Metadata?.cdk_nag?.rules_to_suppress.map((rule) => rule.id),
        `${id} is a DLQ`,
      ).toContain('AwsSolutions-SQS3');
    // the queues that feed consumers are not dead-letter queues: they have one, so nothing is acknowledged on them
    const buffers = Object.entries(template.Resources).filter(([id, resource]) => resource.Type === 'AWS::SQS::Queue' && !/Dlq/.test(id));
    for (const [id, queue] of buffers)
      expect(queue.Metadata?.cdk_nag?.rules_to_suppress.map((rule) => rule.id) ?? [], id).not.toContain('AwsSolutions-SQS3');
  });
});
