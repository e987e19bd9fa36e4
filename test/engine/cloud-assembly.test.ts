import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readCloudAssembly } from '../../local/assembly/cloud-assembly.js';
import { buildStackModel } from '../../local/assembly/stack-model.js';
import { startEngine } from '../../local/engine.js';

const fixtureAssembly = path.resolve(import.meta.dirname, '../.out/engine-stack.cdk.out');

describe('the engine builds everything from the cloud assembly', () => {
  const [stack] = readCloudAssembly(fixtureAssembly).map(buildStackModel);
  const api = stack.apis[0];

  it('reads auth modes, keys, data sources, resolvers, pipelines, tables, buses and functions from the template', () => {
    expect(api.defaultAuth.type).toBe('API_KEY');
    expect(api.additionalAuth.map((provider) => provider.type)).toEqual(['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS']);
    expect(api.apiKeys).toHaveLength(1);
    expect([...api.dataSources.values()].map((ds) => ds.type).sort()).toEqual([
      'AMAZON_DYNAMODB',
      'AMAZON_EVENTBRIDGE',
      'AWS_LAMBDA',
      'NONE',
    ]);
    const pipeline = api.resolvers.find((resolver) => resolver.fieldName === 'pipelineEarly')!;
    expect(pipeline.kind).toBe('PIPELINE');
    expect(pipeline.pipeline.map((fn) => fn.name)).toEqual(['first', 'maybeSkip', 'last']);
    expect(api.resolvers.find((resolver) => resolver.fieldName === 'greeting')!.maxBatchSize).toBe(10);
    expect(api.environmentVariables.ITEMS_TABLE).toBe(stack.tables[0].name);
    expect(stack.tables[0].resource.Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(stack.eventBuses.map((bus) => bus.name)).toEqual(['engine-fixture']);
    expect(stack.functions[0]).toMatchObject({
      handler: 'index.handler',
      timeoutSeconds: 5,
      environment: { TABLE_NAME: stack.tables[0].name },
    });
  });

  it('runs the bundled code that would deploy: the resolver source is the asset file, byte for byte', () => {
    const ping = api.resolvers.find((resolver) => resolver.fieldName === 'ping')!;
    expect(ping.code!.file.startsWith(fixtureAssembly)).toBe(true);
    expect(ping.code!.source).toBe(readFileSync(ping.code!.file, 'utf8'));
    expect(ping.code!.source).toContain('sourceMappingURL=data:application/json;base64');
  });

  it('refuses to start when a bundle uses syntax AppSync rejects, naming the source file and line', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'broken-assembly-'));
    cpSync(fixtureAssembly, broken, { recursive: true });
    const ping = readCloudAssembly(broken)
      .map(buildStackModel)[0]
      .apis[0].resolvers.find((resolver) => resolver.fieldName === 'ping')!;
    writeFileSync(
      ping.code!.file,
      'export function request() {\n  try { return { payload: 1 }; } catch (e) { return null; }\n}\nexport function response(ctx) { return ctx.result; }\n',
    );
    await expect(
      startEngine({ assemblyDir: broken, dataDir: null, port: 0, dynamoDbEndpoint: inject('dynamoDbEndpoint') }),
    ).rejects.toThrow(/asset\.[0-9a-f]+\.js:2:\d+: .*try/i);
  });
});
