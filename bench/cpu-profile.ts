/**
 * BENCH_CPU_PROF=<dir>: the measured servers run under `node --cpu-prof` (worker threads, i.e. Lambda environments,
 * write their own profiles), so a run shows where the engine's time goes whatever else shares the machine.
 * NODE_OPTIONS cannot carry --cpu-prof, hence this.
 */
export function cpuProfileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
