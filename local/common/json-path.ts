/**
 * The JSONPath subset EventBridge evaluates in InputPath and InputPathsMap (and Pipes in `<$.path>`): `$`, dot
 * notation (names may hold dashes, underscores and slashes), array indices and `*`. A path that selects nothing
 * gives undefined; a wildcard gives the list of what it selected.
 */
export function readJsonPath(root: unknown, jsonPath: string): unknown {
  if (!jsonPath.startsWith('$')) throw new Error(`JSON path must start with $: ${jsonPath}`);
  const steps = jsonPath
    .slice(1)
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((step) => (step.startsWith('[') ? step.slice(1, -1) : step));
  let current: unknown[] = [root];
  let multiple = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      if (step === '*') {
        multiple = true;
        next.push(...(Array.isArray(node) ? node : Object.values(node)));
      } else if (Array.isArray(node) && /^\d+$/.test(step)) {
        if (Number(step) < node.length) next.push(node[Number(step)]);
      } else if (!Array.isArray(node) && Object.hasOwn(node, step)) {
        next.push((node as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return multiple ? current : current[0];
}
