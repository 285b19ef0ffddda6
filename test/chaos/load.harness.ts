/**
 * Pieces of the load test that know nothing of the workload: a separate `empirica serve` process (run under
 * neo4j/run-with-parent.sh, so it dies with the test process even if that is killed), resident memory read
 * from /proc every second, sockets of a port (established, and TIME_WAIT as a sign of connection churn), and N closed-loop
 * clients (request → await → next) over the global fetch (undici, keep-alive) with per-operation latencies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarize } from '../../scripts/bench/stats.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { findFreePort, NEO4J_TOOL_DIR } from '../../src/neo4j-local/neo4j-local.js';

// ---------------------------------------------------------------------------------------------------------
// /proc

/** VmRSS of one process in MB; undefined when it is gone (or not on Linux). */
export async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** VmRSS of a process and all its descendants, in MB (a watchdog script and the JVM it runs). */
export async function treeRssMb(pid: number): Promise<number | undefined> {
  const own = await rssMb(pid);
  if (own === undefined) return undefined;
  let total = own;
  for (const child of await childrenOf(pid)) total += (await treeRssMb(child)) ?? 0;
  return total;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process and its descendants have used so far; undefined when gone. */
export async function treeCpuSeconds(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces): state is field 3; utime and stime 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let total = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  for (const child of await childrenOf(pid)) total += (await treeCpuSeconds(child)) ?? 0;
  return total;
}

/**
 * TCP sockets of `port` on this machine, from /proc/net/tcp{,6}: established ones (counted on the server's
 * side) and those in TIME_WAIT on either side (each a closed connection: many mean no keep-alive).
 */
export async function socketsOf(port: number): Promise<{ established: number; timeWait: number }> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let established = 0;
  let timeWait = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl, local address:port, remote address:port, state (01 ESTABLISHED, 06 TIME_WAIT), …
      const [, local = '', remote = '', state] = line.trim().split(/\s+/);
      if (state === '01' && local.endsWith(hexPort)) established++;
      if (state === '06' && (local.endsWith(hexPort) || remote.endsWith(hexPort))) timeWait++;
    }
  }
  return { established, timeWait };
}

export interface RssSample {
  /** Seconds since the sampler started. */
  readonly t: number;
  readonly apiMb: number | undefined;
  readonly neo4jMb: number | undefined;
}

/** Samples both processes' RSS every `everyMs` until `stop()` resolves with the series. */
export function sampleRss(
  apiPid: number,
  neo4jPid: number,
  everyMs = 1000,
): { stop(): Promise<RssSample[]> } {
  const samples: RssSample[] = [];
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = (performance.now() - started) / 1000;
      const [apiMb, neo4jMb] = await Promise.all([rssMb(apiPid), treeRssMb(neo4jPid)]);
      samples.push({ t, apiMb, neo4jMb });
      const next = started + samples.length * everyMs;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The API process

export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  /** Pid of the Node process that serves (not the watchdog). */
  readonly pid: number;
  /** Seconds from spawn until /ready answered 200. */
  readonly readySeconds: number;
  /** The last lines it wrote on stderr (warnings and errors: it runs with LOG_LEVEL=warn). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the server's exit once the watchdog exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function findServePid(watchdog: number, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    for (const child of await childrenOf(watchdog)) {
      const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes('empirica.js')) return child;
    }
    await sleep(50);
  }
  throw new Error(`no empirica.js process under the watchdog ${watchdog}`);
}

/** Starts `node bin/empirica.js serve` against `neo4jUri`; resolves once /ready answers 200. */
export async function startServe(neo4jUri: string, timeoutMs = 120_000): Promise<ServeProcess> {
  const port = await findFreePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? PROJECT_ROOT,
    NEO4J_URI: neo4jUri,
    EMPIRICA_HOST: '127.0.0.1',
    EMPIRICA_PORT: String(port),
    EMPIRICA_LOAD_LANDMARKS: 'false',
    LOG_LEVEL: 'warn',
    TZ: 'UTC',
  };
  const started = performance.now();
  const child: ChildProcess = spawn(
    'bash',
    [
      path.join(NEO4J_TOOL_DIR, 'run-with-parent.sh'),
      process.execPath,
      path.join(PROJECT_ROOT, 'bin', 'empirica.js'),
      'serve',
    ],
    // stdin is the pipe the watchdog watches: when this process dies, the server gets SIGTERM.
    { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      child.stdin?.destroy();
      resolve({ code, signal });
    }),
  );
  let servePid: number | undefined;
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  const stop = (graceMs = 30_000) => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // The server's own shutdown (SIGTERM: stop accepting, close the driver); the watchdog then exits
        // with its status. Without the server's pid, the watchdog's trap forwards the signal.
        const signal = (name: NodeJS.Signals) => {
          try {
            if (servePid !== undefined) process.kill(servePid, name);
          } catch {
            // already gone
          }
          if (servePid === undefined || name === 'SIGKILL') child.kill(name);
        };
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return await exited;
    })();
    return stopping;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + timeoutMs;
    const pid = await findServePid(child.pid as number, deadline);
    servePid = pid;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`empirica serve exited: ${stderr.slice(-1000)}`);
      try {
        if ((await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5000) })).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`empirica serve not ready in time: ${stderr.slice(-1000)}`);
      await sleep(200);
    }
    return {
      url,
      port,
      pid,
      readySeconds: (performance.now() - started) / 1000,
      stderr: () => stderr,
      stop,
    };
  } catch (error) {
    await stop(5000);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Closed-loop clients

/** One request of an operation: GraphQL text and variables, and a check of the answer's `data`. */
export interface Request {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** A reason when `data` is not what a good answer holds (e.g. a paper that should exist came back null). */
  readonly check: (data: Record<string, unknown>) => string | undefined;
}

export interface Operation {
  readonly name: string;
  /** Relative share of the mix. */
  readonly weight: number;
  readonly next: (random: () => number) => Request;
}

export interface OperationFigures {
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadFigures {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly operations: Readonly<Record<string, OperationFigures>>;
  /** Requests completed in each 10-second window. */
  readonly perWindow: readonly number[];
  /** Up to 10 distinct error descriptions, with the operation that met them. */
  readonly errorSamples: readonly string[];
}

function pickWeighted(operations: readonly Operation[], total: number, random: () => number): Operation {
  let roll = random() * total;
  for (const operation of operations) {
    roll -= operation.weight;
    if (roll < 0) return operation;
  }
  return operations[operations.length - 1] as Operation;
}

async function send(url: string, request: Request, timeoutMs: number): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return `fetch failed: ${(error as Error).message}`;
  }
  let body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> };
  try {
    body = (await response.json()) as typeof body;
  } catch (error) {
    return `HTTP ${response.status}, unreadable body: ${(error as Error).message}`;
  }
  if (response.status !== 200) return `HTTP ${response.status}: ${body.errors?.[0]?.message ?? ''}`;
  if (body.errors?.length) return `errors: ${body.errors[0]?.message}`;
  if (!body.data) return 'no data';
  return request.check(body.data);
}

/**
 * `clients` loops, each sending a request drawn from the weighted mix, awaiting its answer, then sending the
 * next, until `seconds` have passed. A failure is a transport error, a status other than 200, `errors` in
 * the answer, or an answer its check refuses.
 */
export async function runClosedLoop(options: {
  readonly url: string;
  readonly clients: number;
  readonly seconds: number;
  readonly operations: readonly Operation[];
  readonly random: (client: number) => () => number;
  readonly requestTimeoutMs: number;
}): Promise<LoadFigures> {
  const { operations } = options;
  const total = operations.reduce((sum, op) => sum + op.weight, 0);
  const latencies = new Map(operations.map((op) => [op.name, [] as number[]]));
  const errors = new Map(operations.map((op) => [op.name, 0]));
  const errorSamples = new Set<string>();
  const windows: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      const random = options.random(client);
      while (performance.now() < deadline) {
        const operation = pickWeighted(operations, total, random);
        const request = operation.next(random);
        const t0 = performance.now();
        const failure = await send(options.url, request, options.requestTimeoutMs);
        const t1 = performance.now();
        latencies.get(operation.name)?.push(t1 - t0);
        const window = Math.floor((t1 - started) / 10_000);
        windows[window] = (windows[window] ?? 0) + 1;
        if (failure) {
          errors.set(operation.name, (errors.get(operation.name) ?? 0) + 1);
          if (errorSamples.size < 10) errorSamples.add(`${operation.name}: ${failure.slice(0, 200)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const all = [...latencies.values()].flat();
  const overall = summarize(all);
  const perOperation: Record<string, OperationFigures> = {};
  for (const [name, samples] of latencies) {
    const s = summarize(samples);
    perOperation[name] = {
      requests: samples.length,
      errors: errors.get(name) ?? 0,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
      max: s.max,
    };
  }
  return {
    clients: options.clients,
    seconds,
    requests: all.length,
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    perSecond: all.length / seconds,
    p50: overall.p50,
    p95: overall.p95,
    p99: overall.p99,
    max: overall.max,
    operations: perOperation,
    perWindow: Array.from(windows, (n) => n ?? 0),
    errorSamples: [...errorSamples],
  };
}
