import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface StackArtifact {
  name: string;
  template: { Resources: Record<string, CfnResource> };
  /** absolute path of a file asset, by the object key its destination would be uploaded under */
  assetPathByObjectKey: Map<string, string>;
  region: string;
}

/**
 * Reads a synthesized cloud assembly (`cdk.out`): the stacks that `cdk deploy` would deploy, with their
 * templates and file assets. This is the only input of the local engine.
 */
export function readCloudAssembly(dir: string): StackArtifact[] {
  const manifest = readJson(path.join(dir, 'manifest.json')) as {
    artifacts?: Record<string, { type: string; environment?: string; properties?: { templateFile: string }; dependencies?: string[] }>;
  };
  const stacks: StackArtifact[] = [];
  for (const [name, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties) continue;
    const template = readJson(path.join(dir, artifact.properties.templateFile)) as StackArtifact['template'];
    const assetManifest = (artifact.dependencies ?? [])
      .map((dependency) => manifest.artifacts?.[dependency])
      .find((dependency) => dependency?.type === 'cdk:asset-manifest') as { properties?: { file: string } } | undefined;
    stacks.push({
      name,
      template,
      assetPathByObjectKey: assetManifest?.properties ? readFileAssets(dir, assetManifest.properties.file) : new Map(),
      region: regionOf(artifact.environment),
    });
  }
  if (stacks.length === 0) throw new Error(`No CloudFormation stack in the cloud assembly at ${dir}: run \`npm run synth\` first`);
  return stacks;
}

function readFileAssets(dir: string, file: string): Map<string, string> {
  const assets = readJson(path.join(dir, file)) as {
    files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const byKey = new Map<string, string>();
  for (const asset of Object.values(assets.files ?? {})) {
    for (const destination of Object.values(asset.destinations)) byKey.set(destination.objectKey, path.join(dir, asset.source.path));
  }
  return byKey;
}

function regionOf(environment: string | undefined): string {
  // aws://<account>/<region>; environment-agnostic stacks say unknown-region
  const region = environment?.split('/')[3];
  return !region || region === 'unknown-region' ? 'us-east-1' : region;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}
