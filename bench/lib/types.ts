/** Options every benchmark receives from bench/run.ts. */
export interface BenchOptions {
  /** Seconds-long smoke version (CI): tiny durations, one run, just proving it works. */
  smoke: boolean;
  /** Repetitions per measurement: >= 3 in full mode, 1 in smoke mode. */
  runs: number;
}

/** One target of issue 6 and whether this run met it. */
export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

/** What a benchmark hands back to the runner (printed and written to bench/results). */
export interface BenchReport {
  name: string;
  /** Human-readable lines printed under the bench's heading. */
  summary: string[];
  /** Machine-readable figures written to the result file. */
  figures: Record<string, number | string>;
  targets: TargetCheck[];
}

export type Bench = (options: BenchOptions) => Promise<BenchReport>;
