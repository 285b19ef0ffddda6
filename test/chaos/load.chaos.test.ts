/**
 * Load (issue 10, part 6): 64 concurrent clients for 60 s of a weighted mix of realistic queries (search with
 * and without facets, papers with byline / tags / citations, follow-up trees of depth 2 and 3) against a
 * separate `empirica serve` process, on the landmark corpus plus a 100k-paper synthetic graph (load.store.ts:
 * generated and imported on first use, then cached in `.data/bench/100k-s7/`).
 *
 * A 10 s warm-up with the same mix comes first (JIT, Cypher plan cache, Neo4j page cache; its requests must
 * succeed too, but its latencies are not in the figures), so the two memory windows compare steady states.
 * Proves: every one of the requests is answered HTTP 200 without `errors` and with the data asked for; p99
 * stays under a loose bound; the API's resident memory does not grow: max RSS over the last 20 s ≤ max RSS
 * over the first 20 s × 1.15 + 20 MB (sampled every second from /proc). Why that margin: V8 reaches its
 * working set within seconds at this concurrency, and the first window's max already holds the start-up
 * growth and one garbage-collection sawtooth; 15% covers where the next major GC happens to fall, 20 MB
 * the code space and allocator slack of a ~200–300 MB process. The windows are at least 20 s apart, so at
 * ~150 req/s a leak of a few tens of KB per request exceeds the margin; the figures record the smallest
 * per-request leak the run would have caught, the RSS series and its slope after the first window. Neo4j's
 * RSS is recorded too (not asserted: its page cache and preallocated heap fill as pages are touched).
 * The server's log (warn and above) must hold no error line; the server must then stop cleanly (exit 0).
 */
import { availableParallelism, loadavg } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { rng } from '../../scripts/random.js';
import { recordFigures } from './figures.js';
import {
  type RssSample,
  rssMb,
  runClosedLoop,
  type ServeProcess,
  sampleRss,
  socketsOf,
  startServe,
  treeCpuSeconds,
} from './load.harness.js';
import { openLoadStore, type PreparedStore } from './load.store.js';
import { loadOperations } from './load.workload.js';

const CLIENTS = 64;
/** 60 s; CHAOS_LOAD_SECONDS changes it for a local try (at least 40 s: the two 20-s windows). */
const SECONDS = Math.max(40, Number(process.env.CHAOS_LOAD_SECONDS) || 60);
const WARMUP_SECONDS = 10;
const WINDOW_SECONDS = 20;
const REQUEST_TIMEOUT_MS = 30_000;
const P99_BOUND_MS = 5_000;
const RSS_FACTOR = 1.15;
const RSS_SLACK_MB = 20;

const log = (line: string) => process.stderr.write(`[load] ${line}\n`);

let store: PreparedStore | undefined;
let api: ServeProcess | undefined;

afterAll(async () => {
  // Whatever happened: the API first (it holds driver connections), then Neo4j.
  try {
    await api?.stop(10_000);
  } finally {
    await store?.bench.close();
  }
}, 180_000);

const round = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

function seriesSummary(samples: readonly RssSample[], key: 'apiMb' | 'neo4jMb', seconds: number) {
  const values = (from: number, to: number) =>
    samples
      .filter((s) => s.t >= from && s.t < to)
      .map((s) => s[key])
      .filter((v): v is number => v !== undefined);
  const all = values(0, Number.POSITIVE_INFINITY);
  const first = values(0, WINDOW_SECONDS);
  const last = values(seconds - WINDOW_SECONDS, Number.POSITIVE_INFINITY);
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  return {
    samples: all.length,
    min: Math.min(...all),
    max: Math.max(...all),
    firstWindow: { samples: first.length, max: Math.max(...first), mean: mean(first) },
    lastWindow: { samples: last.length, max: Math.max(...last), mean: mean(last) },
  };
}

/** Least-squares slope of the API's RSS after the first window, MB per minute (informative). */
function slopeMbPerMinute(samples: readonly RssSample[]): number {
  const points = samples
    .filter((s) => s.t >= WINDOW_SECONDS && s.apiMb !== undefined)
    .map((s) => [s.t, s.apiMb as number] as const);
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return (sxy / sxx) * 60;
}

describe('load: 64 clients × 60 s of mixed queries on the landmark corpus + a 100k synthetic graph', () => {
  it('answers every request (HTTP 200, no errors), keeps p99 bounded and the API memory flat', async () => {
    const started = performance.now();
    log('opening the 100k-s7 store (generated and imported on first use) …');
    store = await openLoadStore(log);
    log(`store ready in ${store.figures.prepareSeconds.toFixed(1)} s: ${JSON.stringify(store.figures)}`);
    // A cached store must not change when prepared again (the first use adds the 512 landmarks).
    if (store.figures.storeReused && store.figures.rankingSeconds === 0)
      expect(store.figures.papersAfterLandmarks).toBe(store.figures.papersBeforeLandmarks);

    api = await startServe(store.bench.uri);
    log(`empirica serve (pid ${api.pid}) ready on ${api.url} in ${api.readySeconds.toFixed(1)} s`);

    const operations = loadOperations(store.targets);
    const apiRssBeforeWarmup = await rssMb(api.pid);
    log(`warm-up: ${CLIENTS} clients for ${WARMUP_SECONDS} s …`);
    const warmup = await runClosedLoop({
      url: api.url,
      clients: CLIENTS,
      seconds: WARMUP_SECONDS,
      operations,
      random: (client) => rng(500 + client),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    const cpuBefore = {
      api: await treeCpuSeconds(api.pid),
      neo4j: await treeCpuSeconds(store.bench.pid),
      clients: process.cpuUsage(),
    };
    const sampler = sampleRss(api.pid, store.bench.pid);
    const port = api.port;
    const sockets: Array<{ t: number; established: number; timeWait: number }> = [];
    const socketTimers = [SECONDS / 2, SECONDS - 5].map((t) =>
      setTimeout(() => {
        void socketsOf(port).then((s) => sockets.push({ t, ...s }));
      }, t * 1000),
    );
    log(`${CLIENTS} clients for ${SECONDS} s …`);
    let load: Awaited<ReturnType<typeof runClosedLoop>>;
    let rss: RssSample[];
    try {
      load = await runClosedLoop({
        url: api.url,
        clients: CLIENTS,
        seconds: SECONDS,
        operations,
        random: (client) => rng(1000 + client),
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
      });
    } finally {
      rss = await sampler.stop();
      for (const timer of socketTimers) clearTimeout(timer);
    }
    const cpuUsed = (after: number | undefined, before: number | undefined) =>
      after === undefined || before === undefined ? undefined : after - before;
    const clientCpu = process.cpuUsage(cpuBefore.clients);
    const cpuSeconds = {
      api: round(cpuUsed(await treeCpuSeconds(api.pid), cpuBefore.api)),
      neo4j: round(cpuUsed(await treeCpuSeconds(store.bench.pid), cpuBefore.neo4j)),
      testProcess: round((clientCpu.user + clientCpu.system) / 1e6),
      available: round(load.seconds * availableParallelism()),
      loadAverage: loadavg().map((v) => round(v, 2)),
    };

    const stopStarted = performance.now();
    const exit = await api.stop();
    const apiStopSeconds = (performance.now() - stopStarted) / 1000;
    const logLines = api
      .stderr()
      .split('\n')
      .filter((line) => line.trim());
    const errorLines = logLines.filter((line) => /"level":(50|60)/.test(line));

    const apiRss = seriesSummary(rss, 'apiMb', SECONDS);
    const neo4jRss = seriesSummary(rss, 'neo4jMb', SECONDS);
    const rssBound = apiRss.firstWindow.max * RSS_FACTOR + RSS_SLACK_MB;
    const requestsBetweenWindows = load.perSecond * (SECONDS - 2 * WINDOW_SECONDS);
    const operationFigures = Object.fromEntries(
      Object.entries(load.operations).map(([name, op]) => [
        name,
        {
          requests: op.requests,
          errors: op.errors,
          p50Ms: round(op.p50),
          p95Ms: round(op.p95),
          p99Ms: round(op.p99),
          maxMs: round(op.max),
        },
      ]),
    );
    const figures = {
      command: 'npx vitest run --project chaos test/chaos/load.chaos.test.ts',
      clients: CLIENTS,
      seconds: round(load.seconds),
      requests: load.requests,
      errors: load.errors,
      errorRate: load.requests ? load.errors / load.requests : null,
      errorSamples: load.errorSamples,
      warmup: {
        seconds: round(warmup.seconds),
        requests: warmup.requests,
        errors: warmup.errors,
        errorSamples: warmup.errorSamples,
        throughputPerSecond: round(warmup.perSecond),
        p99Ms: round(warmup.p99),
      },
      throughputPerSecond: round(load.perSecond),
      requestsPer10s: load.perWindow,
      latencyMs: { p50: round(load.p50), p95: round(load.p95), p99: round(load.p99), max: round(load.max) },
      operations: operationFigures,
      apiRssMb: {
        beforeWarmup: round(apiRssBeforeWarmup),
        samples: apiRss.samples,
        min: round(apiRss.min),
        max: round(apiRss.max),
        first20sMax: round(apiRss.firstWindow.max),
        first20sMean: round(apiRss.firstWindow.mean),
        last20sMax: round(apiRss.lastWindow.max),
        last20sMean: round(apiRss.lastWindow.mean),
        bound: round(rssBound),
        rule: `max(last ${WINDOW_SECONDS} s) ≤ max(first ${WINDOW_SECONDS} s) × ${RSS_FACTOR} + ${RSS_SLACK_MB} MB`,
        slopeAfterFirstWindowMbPerMin: round(slopeMbPerMinute(rss), 2),
        smallestLeakCaughtKbPerRequest: round(
          ((rssBound - apiRss.firstWindow.max) * 1024) / requestsBetweenWindows,
        ),
      },
      neo4jRssMb: {
        samples: neo4jRss.samples,
        min: round(neo4jRss.min),
        max: round(neo4jRss.max),
        first20sMax: round(neo4jRss.firstWindow.max),
        last20sMax: round(neo4jRss.lastWindow.max),
        heap: store.figures.heap,
        pageCache: store.figures.pageCache,
      },
      rssSeries: rss.map((s) => [round(s.t), round(s.apiMb, 0), round(s.neo4jMb, 0)]),
      cpuSeconds,
      sockets,
      server: {
        readySeconds: round(api.readySeconds),
        stopSeconds: round(apiStopSeconds),
        exit,
        logLines: logLines.length,
        errorLogLines: errorLines.length,
      },
      store: store.figures,
      targets: {
        landmarks: store.targets.landmarks.length,
        landmarkHubs: store.targets.landmarkHubs.slice(0, 5),
        syntheticHubs: store.targets.hubs,
        typical: store.targets.typical.length,
        searchTerms: store.targets.searchTerms.length,
        landmarksOnSyntheticIds: store.targets.landmarksOnSyntheticIds,
      },
      weights: Object.fromEntries(operations.map((op) => [op.name, op.weight])),
      totalSecondsBeforeTeardown: round((performance.now() - started) / 1000),
    };
    recordFigures('load', figures);

    expect(warmup.errorSamples).toEqual([]);
    expect(warmup.errors).toBe(0);
    expect(load.errorSamples).toEqual([]);
    expect(load.errors).toBe(0);
    expect(load.requests).toBeGreaterThan(CLIENTS * 10);
    expect(load.p99).toBeLessThan(P99_BOUND_MS);
    for (const [name, op] of Object.entries(load.operations)) {
      expect(op.requests, name).toBeGreaterThan(0);
      expect(op.errors, name).toBe(0);
    }
    expect(apiRss.firstWindow.samples).toBeGreaterThanOrEqual(WINDOW_SECONDS - 2);
    expect(apiRss.lastWindow.samples).toBeGreaterThanOrEqual(WINDOW_SECONDS - 2);
    expect(apiRss.lastWindow.max).toBeLessThanOrEqual(rssBound);
    expect(errorLines).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
