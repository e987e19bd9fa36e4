import { loadResolverModule } from '../runtime/load.js';
import { SourceLocator } from '../runtime/source-location.js';
import type { ResolverModule } from '../runtime/types.js';

export interface LoadedResolverCode {
  /** the bundle's file in the cloud assembly: what identifies the code */
  file: string;
  /** the source files its inline source map names, as written there (dependencies first, the entry last) */
  sources: string[];
}

/**
 * The resolver and pipeline-function code the API runs, by bundle file, with where each module is installed in
 * the resolver plans. `replace` validates and loads new code for a bundle exactly as at start and swaps it into
 * every plan that runs it; requests already executing finish on the old module, the next ones run the new one.
 * This is what a development watcher re-bundles into; nothing in the engine watches files itself.
 */
export class ResolverCodeRegistry {
  private readonly entries = new Map<string, { sources: string[]; installs: Array<(module: ResolverModule) => void> }>();

  /** Records that `install` puts the module loaded from `file` (bundled source `code`) in place. */
  add(file: string, code: string, install: (module: ResolverModule) => void): void {
    const entry = this.entries.get(file) ?? { sources: SourceLocator.sourcesOf(code), installs: [] };
    entry.installs.push(install);
    this.entries.set(file, entry);
  }

  /** Takes over what another registry holds, dropping its own entries: a new deployment's code, same registry for watchers. */
  adopt(other: ResolverCodeRegistry): void {
    this.entries.clear();
    for (const [file, entry] of other.entries) this.entries.set(file, entry);
  }

  list(): LoadedResolverCode[] {
    return [...this.entries].map(([file, entry]) => ({ file, sources: entry.sources }));
  }

  /** Throws (CodeValidationError, a load failure) and keeps the running code when the new bundle is refused. */
  replace(file: string, code: string): void {
    const entry = this.entries.get(file);
    if (!entry) throw new Error(`No resolver or function runs the bundle ${file}`);
    const module = loadResolverModule(code, file);
    for (const install of entry.installs) install(module);
    entry.sources = SourceLocator.sourcesOf(code);
  }
}
