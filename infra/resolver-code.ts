import * as path from 'node:path';
import { buildSync } from 'esbuild';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type { Construct } from 'constructs';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Bundles one APPSYNC_JS resolver or function the way AWS recommends (ESM, @aws-appsync/* external, inline
 * source map without sources) and returns it as a deployable asset. Bundling here, at synth time, means the
 * code in cdk.out is always the code that was written: nothing to forget to rebuild.
 */
export function resolverCode(
  name: string,
  sourceDir = path.join(root, 'resolvers'),
  outDir = path.join(root, 'build/resolvers'),
): appsync.Code {
  const outfile = path.join(outDir, `${name}.js`);
  buildSync({
    entryPoints: [path.join(sourceDir, `${name}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'esnext',
    external: ['@aws-appsync/utils'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
  });
  return appsync.Code.fromAsset(outfile);
}

/** A unit resolver for `typeName.fieldName` on one data source, its code from `resolvers/<typeName>.<fieldName>.ts`. */
export function unitResolver(dataSource: appsync.BaseDataSource, typeName: string, fieldName: string): appsync.Resolver {
  return dataSource.createResolver(`${typeName}${fieldName}`, {
    typeName,
    fieldName,
    runtime: appsync.FunctionRuntime.JS_1_0_0,
    code: resolverCode(`${typeName}.${fieldName}`),
  });
}

/**
 * A pipeline function on one data source, its code from `resolvers/functions/<code>.ts`. `scope` and `id` make its
 * logical id: a deployed function keeps the ones it was created with.
 */
export function pipelineFunction(
  scope: Construct,
  api: appsync.IGraphqlApi,
  dataSource: appsync.BaseDataSource,
  { id, name = id, code = id }: { id: string; name?: string; code?: string },
): appsync.AppsyncFunction {
  return new appsync.AppsyncFunction(scope, id, {
    api,
    name,
    dataSource,
    runtime: appsync.FunctionRuntime.JS_1_0_0,
    code: resolverCode(`functions/${code}`),
  });
}

/**
 * A pipeline resolver for `typeName.fieldName`, its code from `resolvers/<typeName>.<fieldName>.ts`, running
 * `functions` in order. `scope` is part of its logical id: a deployed resolver keeps the scope it was created in.
 */
export function pipelineResolver(
  scope: Construct,
  api: appsync.IGraphqlApi,
  typeName: string,
  fieldName: string,
  functions: appsync.IAppsyncFunction[],
): appsync.Resolver {
  return new appsync.Resolver(scope, `${typeName}${fieldName}`, {
    api,
    typeName,
    fieldName,
    runtime: appsync.FunctionRuntime.JS_1_0_0,
    code: resolverCode(`${typeName}.${fieldName}`),
    pipelineConfig: functions,
  });
}
