/**
 * Maps positions in a bundled resolver back to the original TypeScript through the bundle's inline
 * source map (esbuild `sourcemap: 'inline'`, `sourcesContent: false`). Without a map, positions are
 * reported against the bundle itself.
 */
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

export interface SourcePosition {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

export class SourceLocator {
  private readonly consumer: SourceMapConsumer | null;

  /**
   * @param bundleName name used when a position cannot be mapped
   * @param sourceBaseDir directory the map's `sources` are relative to; mapped files are then reported
   *   relative to the working directory. Without it, `sources` are reported as written.
   */
  constructor(
    code: string,
    private readonly bundleName: string,
    private readonly sourceBaseDir?: string,
  ) {
    this.consumer = SourceLocator.readInlineMap(code);
  }

  /** The files the bundle was built from as its inline source map names them (dependencies first, the entry last). */
  static sourcesOf(code: string): string[] {
    const match = INLINE_MAP.exec(code);
    if (!match) return [];
    try {
      const raw = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as RawSourceMap;
      return Array.isArray(raw.sources) ? raw.sources.map(String) : [];
    } catch {
      return [];
    }
  }

  private static readInlineMap(code: string): SourceMapConsumer | null {
    const match = INLINE_MAP.exec(code);
    if (!match) return null;
    try {
      const raw = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as RawSourceMap;
      return new SourceMapConsumer(raw);
    } catch {
      return null; // a broken map must not hide the actual problem
    }
  }

  /** @param line 1-based bundle line, @param column 0-based bundle column */
  locate(line: number, column: number): SourcePosition {
    if (this.consumer) {
      for (const bias of [SourceMapConsumer.GREATEST_LOWER_BOUND, SourceMapConsumer.LEAST_UPPER_BOUND]) {
        const original = this.consumer.originalPositionFor({ line, column, bias });
        if (original.source && original.line) {
          return { file: this.sourceName(original.source), line: original.line, column: (original.column ?? 0) + 1 };
        }
      }
    }
    return { file: this.bundleName, line, column: column + 1 };
  }

  private sourceName(source: string): string {
    if (!this.sourceBaseDir) return source;
    return path.relative(process.cwd(), path.resolve(this.sourceBaseDir, source)).split(path.sep).join('/');
  }
}
