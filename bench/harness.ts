/**
 * The benchmark harness contract. A file `bench/<name>.bench.ts` default-exports a BenchSuite;
 * `npm run bench [-- <filter>]` (bench/run.ts) runs every suite whose name or one of whose ids
 * contains the filter, prints a table and writes bench-results.json at the repository root.
 *
 * Performance targets are measured here, never by timed assertions in tests.
 */
export interface BenchResult {
  /** Stable dotted id named by the issue, e.g. `search.p95.ms`. */
  id: string
  value: number
  unit: string
  /** The target named by the issue, if any. */
  target?: number
  better: 'lower' | 'higher'
  /** When `value` summarises several runs (their median): each run's figure, in order. */
  samples?: number[]
}

export interface BenchSuite {
  name: string
  /** Ids this suite reports, so a filter can select the suite without running it. */
  ids: string[]
  run(): Promise<BenchResult[]>
}

export function defineSuite(suite: BenchSuite): BenchSuite {
  return suite
}

/** Percentile (0..100) of a list of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

/**
 * A figure summarising several runs: their median (the nearest-rank 50th percentile) as `value`,
 * each run's in `samples`.
 */
export function medianOf(samples: number[]): { value: number; samples: number[] } {
  return { value: percentile(samples, 50), samples }
}

/** Milliseconds taken by an async function, measured with the high-resolution clock. */
export async function timeMs(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint()
  await work()
  return Number(process.hrtime.bigint() - start) / 1e6
}

export function meetsTarget(result: BenchResult): boolean | null {
  if (result.target === undefined) return null
  return result.better === 'lower' ? result.value < result.target : result.value >= result.target
}
