import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The seams of the local engine, read from its source: each top-level folder of local/ (and each file at its top,
 * where the engine is assembled) is a unit, and units must depend on each other without cycles, so any one of them
 * can be read, tested and replaced from the ones below it. Development conveniences (local/dev) are wired in by
 * the CLI only; the engine takes what it needs from them as options.
 */

const LOCAL = path.resolve(import.meta.dirname, '../../local');

type Graph = Map<string, Map<string, string[]>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The unit a file of local/ belongs to: its top-level folder, or itself when it sits at the top. */
function unitOf(file: string): string {
  const [first, ...rest] = path.relative(LOCAL, file).split(path.sep);
  return rest.length ? `${first}/` : first;
}

/** Unit → unit it imports → the files whose imports make that edge (static, re-exports, dynamic and type-only). */
function localImportGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(LOCAL)) {
    const from = unitOf(file);
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), fileName).replace(/\.js$/, '.ts');
      if (!target.startsWith(LOCAL + path.sep)) continue;
      const to = unitOf(target);
      if (to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), path.relative(LOCAL, file)]);
    }
  }
  return graph;
}

/** Cycles as the units on them in order (`a → b → a`): one for each edge a depth-first search finds going back; none when there is no cycle. */
function cyclesOf(graph: Map<string, Iterable<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (unit: string) => {
    state.set(unit, 'open');
    stack.push(unit);
    for (const next of graph.get(unit) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(unit, 'done');
  };
  for (const unit of [...graph.keys()].sort()) if (!state.has(unit)) visit(unit);
  return cycles;
}

const describeCycle = (graph: Graph, cycle: string[]) =>
  cycle
    .slice(1)
    .map((to, index) => `${cycle[index]} → ${to} (${[...new Set(graph.get(cycle[index])!.get(to))].join(', ')})`)
    .join('; ');

describe('the local engine is built from units that import each other without cycles', () => {
  const graph = localImportGraph();
  const importersOf = (unit: string) =>
    [...graph].filter(([, edges]) => edges.has(unit)).map(([from, edges]) => `${from} (${[...new Set(edges.get(unit))].join(', ')})`);

  it('reads the units and their imports from local/', () => {
    expect(graph.get('engine.ts')?.has('auth/')).toBe(true);
    expect(graph.get('event-system.ts')?.has('queues/')).toBe(true);
  });

  it('finds a cycle, naming every unit on it, when one exists', () => {
    const withCycle = new Map([
      ['events/', ['queues/', 'assembly/']],
      ['queues/', ['shared/']],
      ['shared/', ['events/']],
      ['assembly/', []],
    ]);
    expect(cyclesOf(withCycle)).toEqual([['events/', 'queues/', 'shared/', 'events/']]);
    expect(cyclesOf(new Map([['events/', ['queues/']]]))).toEqual([]);
  });

  it('has no cycle between its folders', () => {
    expect(cyclesOf(new Map([...graph].map(([unit, edges]) => [unit, edges.keys()]))).map((cycle) => describeCycle(graph, cycle))).toEqual(
      [],
    );
  });

  it('keeps the helpers several emulated services share below all of them', () => {
    expect([...(graph.get('common/')?.keys() ?? [])]).toEqual([]);
  });

  it('leaves the development conveniences (seeded users, the outside world, the banner) to the CLI', () => {
    expect(importersOf('dev/')).toEqual([expect.stringMatching(/^cli\.ts /)]);
  });
});
