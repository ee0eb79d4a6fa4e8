/** @module A tiny benchmark harness: each scenario times itself and returns figures to print. */

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Target from the issue, printed beside the figure for comparison. */
  readonly target?: string;
}

export interface Scenario {
  readonly name: string;
  run(): Promise<readonly Figure[]>;
}

/** Median wall time in ms of `fn` over `n` runs (after one warm-up run). */
export async function medianMs(n: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}
