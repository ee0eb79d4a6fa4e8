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

/**
 * Median wall time in ms of each of `fns` over `n` rounds (after one warm-up round), run in turn
 * within each round, so a machine that gets busier or quieter during the bench affects all alike.
 */
export async function interleavedMedianMs(n: number, fns: readonly (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn();
  const times = fns.map((): number[] => []);
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      times[k]?.push(performance.now() - t0);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return Math.round((t[Math.floor(t.length / 2)] ?? 0) * 10) / 10;
  });
}
