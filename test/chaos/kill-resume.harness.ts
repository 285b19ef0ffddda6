/**
 * The kill loop of the kill-and-resume test: runs the real CLI (`node bin/empirica.js …`) as a child
 * process, SIGKILLs it after a delay drawn from a seeded PRNG, restarts it, and counts only the kills that
 * hit a running process (the child's exit signal is SIGKILL). A run that ends by itself before its kill
 * closes a cycle: the caller checks the finished graph and resets it, and killing starts over. After the
 * wanted number of hits, the last restart runs to its end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { rng } from '../../scripts/random.js';
import { PROJECT_ROOT } from '../../src/config.js';

const BIN = path.join(PROJECT_ROOT, 'bin', 'empirica.js');

export interface ChildRun {
  /** Index of the run in the whole loop (0 = first). */
  readonly index: number;
  /** The kill delay drawn for this run; undefined for a run left to finish. */
  readonly killAfterMs: number | undefined;
  /** The SIGKILL hit the running process. */
  readonly killed: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** From spawn to exit. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

const live = new Set<ChildProcess>();

/** SIGKILLs every child this module started that is still running (for afterAll). */
export function killLiveChildren(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs the CLI once; with `killAfterMs`, SIGKILLs it after that many milliseconds unless it ended. */
export async function runCliChild(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { index?: number; killAfterMs?: number; timeoutMs?: number } = {},
): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  let ended = 0;
  child.once('exit', () => {
    ended = performance.now();
  });
  const kill =
    options.killAfterMs === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  // A run that hangs is a failure, not something to wait for.
  const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return {
      index: options.index ?? 0,
      killAfterMs: options.killAfterMs,
      killed: options.killAfterMs !== undefined && signal === 'SIGKILL',
      code,
      signal,
      ms: Math.round((ended || performance.now()) - started),
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    };
  } finally {
    if (kill) clearTimeout(kill);
    clearTimeout(guard);
    live.delete(child);
  }
}

export interface KillLoopOptions {
  readonly args: readonly string[];
  readonly env: Record<string, string | undefined>;
  /** Kills that must hit a running process. */
  readonly kills: number;
  /** Kill delays are drawn uniformly from [0, windowMs) (the uninterrupted run's duration). */
  readonly windowMs: number;
  readonly seed: number;
  /** Bound on the number of runs, finished ones included. */
  readonly maxRuns: number;
  /** Exit codes a run that ends by itself may have (anything else fails the loop). */
  readonly okCodes: readonly number[];
  /** After every run (e.g. to read the checkpoint it left). */
  readonly afterRun?: (run: ChildRun) => Promise<void>;
  /** A run ended by itself before its kill: check the graph of this cycle's runs, then reset it. */
  readonly onCycleEnd: (cycle: readonly ChildRun[]) => Promise<void>;
}

export interface KillLoopResult {
  readonly runs: readonly ChildRun[];
  /** Runs grouped by cycle; the last cycle ends with the run left to finish. */
  readonly cycles: ReadonlyArray<readonly ChildRun[]>;
  readonly kills: number;
  /** Kills drawn that came after the process had ended by itself. */
  readonly missed: number;
}

export async function killLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const random = rng(options.seed);
  const runs: ChildRun[] = [];
  const cycles: ChildRun[][] = [];
  let cycle: ChildRun[] = [];
  let kills = 0;
  let missed = 0;
  const check = (run: ChildRun) => {
    if (run.killed) return;
    if (run.code === null || !options.okCodes.includes(run.code))
      throw new Error(
        `run ${run.index} ended with code ${run.code}, signal ${run.signal} after ${run.ms} ms:\n${run.stderr}`,
      );
  };
  while (kills < options.kills) {
    if (runs.length >= options.maxRuns)
      throw new Error(`only ${kills} of ${options.kills} kills hit a running process in ${runs.length} runs`);
    const killAfterMs = Math.floor(random() * options.windowMs);
    const run = await runCliChild(options.args, options.env, { index: runs.length, killAfterMs });
    runs.push(run);
    cycle.push(run);
    check(run);
    await options.afterRun?.(run);
    if (run.killed) {
      kills += 1;
      continue;
    }
    missed += 1;
    await options.onCycleEnd(cycle);
    cycles.push(cycle);
    cycle = [];
  }
  const last = await runCliChild(options.args, options.env, { index: runs.length });
  runs.push(last);
  cycle.push(last);
  cycles.push(cycle);
  check(last);
  await options.afterRun?.(last);
  return { runs, cycles, kills, missed };
}
