import * as path from 'node:path';
import { buildSync } from 'esbuild';
import * as appsync from 'aws-cdk-lib/aws-appsync';

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
