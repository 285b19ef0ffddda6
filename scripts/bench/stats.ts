/** Timing helpers for the benchmark scripts: repeated runs, percentiles, concurrent load. */

export interface Summary {
  readonly runs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Runs `work` `warmup` times unmeasured, then `runs` times; returns the milliseconds of each measured run. */
export async function timeRuns(
  work: (run: number) => Promise<unknown>,
  runs: number,
  warmup = Math.min(3, runs),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

export interface LoadResult extends Summary {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

/** `clients` loops calling `work` back to back for `seconds`; every call timed, failures counted. */
export async function load(
  work: (client: number, call: number) => Promise<void>,
  clients: number,
  seconds: number,
): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let call = 0; performance.now() < deadline; call++) {
        const t0 = performance.now();
        try {
          await work(client, call);
          samples.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    ...summarize(samples),
    clients,
    seconds: elapsed,
    requests: samples.length + errors,
    perSecond: (samples.length + errors) / elapsed,
    errors,
    firstError,
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–');
