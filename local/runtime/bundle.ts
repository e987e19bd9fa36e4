/**
 * Bundles resolver sources exactly as the project (and AWS's guide) does: ESM, esnext, node platform,
 * @aws-appsync/utils (and its subpaths) external, inline source map without sources content.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';

export const RESOLVER_BUILD_OPTIONS = {
  format: 'esm',
  target: 'esnext',
  platform: 'node',
  bundle: true,
  external: ['@aws-appsync/utils'],
  sourcemap: 'inline',
  sourcesContent: false,
} as const satisfies esbuild.BuildOptions;

/** esbuild's diagnostics, positions 1-based line / 0-based column as esbuild reports them. */
export class BundleError extends Error {
  constructor(readonly messages: esbuild.Message[]) {
    super(
      messages.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text)).join('\n'),
    );
    this.name = 'BundleError';
  }
}

function build(options: esbuild.BuildOptions): string {
  try {
    const result = esbuild.buildSync({
      ...RESOLVER_BUILD_OPTIONS,
      ...options,
      write: false,
      logLevel: 'silent',
      absWorkingDir: process.cwd(),
    });
    return result.outputFiles[0].text;
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    if (Array.isArray(failure.errors)) throw new BundleError(failure.errors);
    throw e;
  }
}

/** Bundles a resolver/function file; source map `sources` are relative to the working directory. */
export function bundleResolverSource(filePath: string): string {
  return build({ entryPoints: [path.resolve(filePath)] });
}

/** Bundles source text (TypeScript or JavaScript) as if it were the file `fileName`. */
export function bundleResolverText(code: string, fileName: string): string {
  const loader = /\.[cm]?jsx?$/.test(fileName) ? 'js' : 'ts';
  const absolute = path.resolve(fileName);
  return build({
    // esbuild names the source relative to the working directory from resolveDir + sourcefile
    stdin: { contents: code, sourcefile: path.basename(absolute), resolveDir: path.dirname(absolute), loader },
  });
}
