/**
 * Database faults (issue 10, part 2): what the ingest and the API do when the connection to Neo4j breaks or
 * Neo4j itself goes away. The file runs its OWN Neo4j (temporary home, free port, small heap) so it can stop
 * and restart it, and puts a loopback TCP proxy (test/helpers/tcp-proxy.ts) between the driver and Bolt.
 *
 *   1. A fault-free `empirica ingest` of a generated JSON Lines file (papers, authors, citations with some
 *      stubs, curator tags; arXiv ids under an unused 88xx. prefix) gives the reference graph; its counts
 *      must also match what the file says.
 *   2. The API (createApi + node:http, the same read timeout as `serve`) reads through the proxy under load
 *      from concurrent clients while the proxy resets every connection every 1–2 s, delays chunks by
 *      50–500 ms and briefly refuses connections: every answer is the fault-free answer or a masked error,
 *      and none takes longer than the API's read timeout.
 *   3. The same ingest, into the emptied database, through the proxy under the same faults (retry budget
 *      NEO4J_MAX_RETRY_TIME_MS=60000): exit 0 and the graph identical to the reference (counts and a digest
 *      of every byline, citation and tag).
 *   4. Neo4j stopped mid-ingest and restarted on the same home and port a few seconds later (a command's
 *      default retry budget, 120 s): the ingest completes with the reference graph; meanwhile /ready answers 503 (each probe in
 *      < 5 s) while Neo4j is away and 200 again by itself, queries answer with data or masked errors, and
 *      afterwards exactly as before, without restarting the API.
 *   5. A connection that stalls without closing (the proxy holds every chunk): an interactive read gives up
 *      with DatabaseUnavailableError at its read timeout + READ_DEADLINE_MARGIN_MS instead of hanging.
 * Figures (latencies, durations, counts, proxy statistics) are recorded with recordFigures.
 */
import { createHash, randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { API_READ_TIMEOUT_MS } from '../../src/api/server.js';
import { type Api, createApi, READY_TIMEOUT_MS } from '../../src/api/yoga.js';
import { loadConfig } from '../../src/config.js';
import {
  BATCH_RETRY_TIME_MS,
  connectGraph,
  type Graph,
  READ_DEADLINE_MARGIN_MS,
} from '../../src/graph/driver.js';
import { DatabaseUnavailableError } from '../../src/graph/errors.js';
import { migrate } from '../../src/graph/migrations.js';
import {
  findFreePort,
  type LocalNeo4jOptions,
  type RunningNeo4j,
  startLocalNeo4j,
} from '../../src/neo4j-local/neo4j-local.js';
import { type ProxyStats, TcpProxy } from '../helpers/tcp-proxy.js';
import { recordFigures } from './figures.js';

const PAPERS = 2000;
const BATCH_SIZE = 100;
/**
 * NEO4J_MAX_RETRY_TIME_MS of the ingest through the proxy (set explicitly, below a command's default of
 * 120 s: a unit of work may need several tries in a row, as each reset kills the transaction in flight).
 * The ingest across the restart runs with the default, which must outlast Neo4j's stop + pause + start
 * (20–60 s on this machine).
 */
const PROXY_INGEST_RETRY_MS = 60_000;
const RESTART_PAUSE_MS = 3000;
const API_CLIENTS = 4;
const API_FAULT_MS = 15_000;
/** A client gives up after this: an answer that late would be a hang past the API's read timeout. */
const CLIENT_TIMEOUT_MS = API_READ_TIMEOUT_MS + 5000;
const READY_PROBE_LIMIT_MS = 5000;

const config = loadConfig({});
const yymm = String(8800 + randomInt(100));
const arxiv = (n: number) => `${yymm}.${String(n).padStart(5, '0')}`;
const WORDS = [
  'sharpness',
  'grokking',
  'scaling',
  'attention',
  'lottery',
  'descent',
  'memorization',
  'landscape',
  'induction',
  'curvature',
  'plasticity',
  'calibration',
];
const word = (i: number, k: number) => WORDS[(i * 7 + k * 5) % WORDS.length] as string;

// ---------------------------------------------------------------------------------------------------------
// The input file and what it must produce

interface FileFacts {
  readonly lines: number;
  readonly papers: number;
  readonly stubs: number;
  readonly authors: number;
  readonly authored: number;
  readonly citations: number;
  readonly curatorTags: number;
}

/** Synthetic papers: 1–3 authors from a pool, citations to 1–3 earlier papers, every 40th to a missing one. */
function buildJsonl(): { text: string; facts: FileFacts } {
  const lines: string[] = [];
  const authors = new Set<string>();
  let authored = 0;
  for (let i = 1; i <= PAPERS; i++) {
    const byline = Array.from({ length: 1 + (i % 3) }, (_, k) => `Chaos Author ${(i * 31 + k * 977) % 1500}`);
    const names = [...new Set(byline)];
    for (const name of names) authors.add(name);
    authored += names.length;
    lines.push(
      JSON.stringify({
        type: 'paper',
        arxivId: arxiv(i),
        title: `Synthetic ${word(i, 1)} and ${word(i, 2)} in deep networks ${i}`,
        abstract: `We measure ${word(i, 3)} under ${word(i, 4)} across ${1 + (i % 9)} model sizes and report a regularity.`,
        year: 2010 + (i % 15),
        authors: names.map((name) => ({ name })),
        categories: ['cs.LG'],
        source: 'chaos-db-faults',
      }),
    );
  }
  let citations = 0;
  let stubs = 0;
  for (let i = 2; i <= PAPERS; i++) {
    for (const back of [1, 4, 23].slice(0, 1 + (i % 3))) {
      if (i - back < 1) continue;
      lines.push(
        JSON.stringify({
          type: 'citation',
          from: { arxivId: arxiv(i) },
          to: { arxivId: arxiv(i - back) },
          contexts: [`As shown by earlier work on ${word(i, 5)}.`],
          source: 'chaos-db-faults',
        }),
      );
      citations++;
    }
    if (i % 40 === 0) {
      lines.push(
        JSON.stringify({
          type: 'citation',
          from: { arxivId: arxiv(i) },
          to: { arxivId: arxiv(90_000 + i), title: `A missing paper ${i}`, year: 2009 },
          contexts: [],
          source: 'chaos-db-faults',
        }),
      );
      citations++;
      stubs++;
    }
  }
  let curatorTags = 0;
  for (let i = 10; i <= PAPERS; i += 10) {
    lines.push(
      JSON.stringify({
        type: 'tag',
        paper: { arxivId: arxiv(i) },
        kind: 'contribution',
        label: 'REGULARITY',
        confidence: 1,
        source: 'curator',
        curator: 'chaos-suite',
        reason: 'synthetic curator tag',
      }),
    );
    curatorTags++;
  }
  return {
    text: `${lines.join('\n')}\n`,
    facts: {
      lines: lines.length,
      papers: PAPERS,
      stubs,
      authors: authors.size,
      authored,
      citations,
      curatorTags,
    },
  };
}

interface Fingerprint {
  readonly papers: number;
  readonly stubs: number;
  readonly authors: number;
  readonly authored: number;
  readonly citations: number;
  readonly tags: number;
  readonly curatorTags: number;
  /** sha256 over every byline entry, citation (with contexts and sources) and tag, sorted. */
  readonly digest: string;
}

async function fingerprint(graph: Graph): Promise<Fingerprint> {
  const [counts] = await graph.read<Omit<Fingerprint, 'digest'>>({
    text: `CALL () { MATCH (p:Paper) RETURN count(p) AS all }
CALL () { MATCH (p:Paper {stub: true}) RETURN count(p) AS stubs }
CALL () { MATCH (a:Author) RETURN count(a) AS authors }
CALL () { MATCH (:Author)-[r:AUTHORED]->(:Paper) RETURN count(r) AS authored }
CALL () { MATCH (:Paper)-[r:CITES]->(:Paper) RETURN count(r) AS citations }
CALL () { MATCH (:Paper)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->() RETURN count(r) AS tags,
  count(CASE WHEN r.source = 'curator' THEN 1 END) AS curatorTags }
RETURN all - stubs AS papers, stubs, authors, authored, citations, tags, curatorTags`,
    params: {},
  });
  const rows = await graph.read<{ line: string }>({
    text: `CALL () {
  MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN 'A ' + a.key + ' ' + p.id + ' ' + toString(r.position) AS line
  UNION ALL
  MATCH (p:Paper)-[r:CITES]->(q:Paper)
  RETURN 'C ' + p.id + ' ' + q.id + ' ' + toString(coalesce(q.stub, false)) + ' ' +
    reduce(s = '', c IN coalesce(r.contexts, []) | s + c + '|') AS line
  UNION ALL
  MATCH (p:Paper)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
  RETURN 'T ' + p.id + ' ' + type(r) + ' ' + coalesce(t.slug, t.id, '') + ' ' + r.source AS line
}
RETURN line ORDER BY line`,
    params: {},
  });
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${row.line}\n`);
  if (!counts) throw new Error('fingerprint query returned nothing');
  return { ...counts, digest: hash.digest('hex') };
}

async function paperCount(graph: Graph): Promise<number> {
  const [row] = await graph.read<{ n: number }>({ text: 'MATCH (p:Paper) RETURN count(p) AS n', params: {} });
  return row?.n ?? 0;
}

/** Empties the database of papers and authors (this file's own Neo4j), in batches. */
async function emptyGraph(graph: Graph): Promise<void> {
  for (;;) {
    const [row] = await graph.write<{ deleted: number }>({
      text: `MATCH (n) WHERE n:Paper OR n:Author WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted`,
      params: {},
    });
    if (!row?.deleted) return;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The ingest, in-process through the CLI

interface IngestRun {
  readonly code: number;
  readonly ms: number;
  readonly summary: Record<string, number> | undefined;
  readonly err: string[];
}

async function ingest(file: string, uri: string, extraEnv: Record<string, string> = {}): Promise<IngestRun> {
  const out: string[] = [];
  const err: string[] = [];
  const started = Date.now();
  const code = await runCli(['ingest', file, '--batch-size', String(BATCH_SIZE)], {
    env: { NEO4J_URI: uri, LOG_LEVEL: 'silent', ...extraEnv },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  const last = out.at(-1);
  return {
    code,
    ms: Date.now() - started,
    summary: last?.startsWith('{') ? (JSON.parse(last) as Record<string, number>) : undefined,
    err,
  };
}

/** Resolves once the graph holds at least `n` papers (polled on a direct connection). */
async function untilPapers(graph: Graph, n: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await paperCount(graph)) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} papers after ${timeoutMs} ms`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Faults: every 1–2 s all connections reset; in every other period half the chunks delayed 50–500 ms;
// every fourth period new connections refused for 0.4 s (alternately not listening / accepted and reset)

interface FaultLoop {
  readonly periods: () => number;
  stop(): Promise<void>;
}

function startFaultLoop(proxy: TcpProxy): FaultLoop {
  let running = true;
  let periods = 0;
  const loop = (async () => {
    while (running) {
      periods++;
      proxy.resetAll();
      if (periods % 4 === 0) {
        await proxy.refuse(periods % 8 === 0 ? 'close' : 'destroy');
        await sleep(400);
        await proxy.resume();
      }
      proxy.setFaults(periods % 2 === 1 ? { delay: { minMs: 50, maxMs: 500, fraction: 0.5 } } : {});
      await sleep(1000 + randomInt(1000));
    }
  })();
  return {
    periods: () => periods,
    async stop() {
      running = false;
      await loop;
      await proxy.resume();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// API clients

interface ApiQuery {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

function apiQueries(): ApiQuery[] {
  const ids = [7, 120, 333, 808, 1500, 2222].map(arxiv);
  return [
    ...ids.map((id) => ({
      name: `paper ${id}`,
      query: `query ($id: String!) { paper(id: $id) { arxivId title year citationCount
        authors { name } tags { label source } citations(first: 5) { edges { node { arxivId } } } } }`,
      variables: { id },
    })),
    ...ids.slice(0, 4).map((id) => ({
      name: `followUps ${id}`,
      query: `query ($id: String!) { followUps(paper: $id, depth: 2, first: 5) { truncated
        papers { hops paper { arxivId title } } } }`,
      variables: { id },
    })),
    ...['sharpness grokking', 'lottery', 'curvature calibration'].map((text) => ({
      name: `search ${text}`,
      query: `query ($text: String!) { search(query: $text, first: 5) { totalCount
        edges { node { arxivId title } } } }`,
      variables: { text },
    })),
  ];
}

/**
 * `ok` the expected data; `masked` "Unexpected error." only; `notFound` a NOT_FOUND error (the paper is not
 * in the graph, e.g. while an emptied graph is re-ingested); `wrong` other data; `unmasked` any other error
 * text; `hang` no answer within CLIENT_TIMEOUT_MS or a dropped HTTP connection; `http` a status but 200.
 */
type Outcome = 'ok' | 'masked' | 'notFound' | 'wrong' | 'unmasked' | 'hang' | 'http';

interface Answer {
  readonly outcome: Outcome;
  readonly ms: number;
  readonly detail?: string;
}

interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

const MASKED = 'Unexpected error.';

async function ask(base: string, q: ApiQuery, expected: string | undefined): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q.query, variables: q.variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = Date.now() - started;
    if (response.status !== 200) return { outcome: 'http', ms, detail: `${response.status} ${text}` };
    const body = JSON.parse(text) as { data?: unknown; errors?: GraphqlError[] };
    if (body.errors?.length) {
      if (body.errors.every((e) => e.extensions?.code === 'NOT_FOUND')) return { outcome: 'notFound', ms };
      const unmasked = body.errors.find((e) => e.message !== MASKED);
      return unmasked ? { outcome: 'unmasked', ms, detail: unmasked.message } : { outcome: 'masked', ms };
    }
    const data = JSON.stringify(body.data);
    if (expected !== undefined && data !== expected) return { outcome: 'wrong', ms, detail: data };
    return { outcome: 'ok', ms, detail: data };
  } catch (error) {
    return { outcome: 'hang', ms: Date.now() - started, detail: String(error) };
  }
}

interface LoadResult {
  readonly counts: Record<Outcome, number>;
  readonly total: number;
  readonly maxMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Unexpected answers (at most 5). */
  readonly samples: string[];
  /** Answers slower than 2 s: when (ms after `t0`), how long, what (at most 20). */
  readonly slow: string[];
}

interface LoadOptions {
  readonly clients: number;
  readonly until: () => boolean;
  /** Pause of each client between two requests. */
  readonly pauseMs?: number;
  readonly t0?: number;
}

/** Clients asking the queries in turn until `until()` says stop; answers checked against `expected`. */
async function load(
  base: string,
  queries: readonly ApiQuery[],
  expected: ReadonlyMap<string, string>,
  { clients, until, pauseMs = 0, t0 = Date.now() }: LoadOptions,
): Promise<LoadResult> {
  const counts: Record<Outcome, number> = {
    ok: 0,
    masked: 0,
    notFound: 0,
    wrong: 0,
    unmasked: 0,
    hang: 0,
    http: 0,
  };
  const latencies: number[] = [];
  const samples: string[] = [];
  const slow: string[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; !until(); i++) {
        const q = queries[i % queries.length] as ApiQuery;
        const started = Date.now();
        const answer = await ask(base, q, expected.get(q.name));
        counts[answer.outcome]++;
        latencies.push(answer.ms);
        if (!['ok', 'masked', 'notFound'].includes(answer.outcome) && samples.length < 5)
          samples.push(`${q.name}: ${answer.outcome} ${answer.detail?.slice(0, 300)}`);
        if (answer.ms > 2000 && slow.length < 20)
          slow.push(`at ${started - t0} ms: ${answer.ms} ms ${answer.outcome} ${q.name}`);
        if (pauseMs) await sleep(pauseMs);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    counts,
    total: latencies.length,
    maxMs: latencies.at(-1) ?? 0,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    samples,
    slow,
  };
}

/** Each query once, by one client. */
async function once(base: string, queries: readonly ApiQuery[], expected: ReadonlyMap<string, string>) {
  let asked = 0;
  return await load(base, queries, expected, { clients: 1, until: () => asked++ >= queries.length });
}

/** What the proxy did between two snapshots. */
function proxyDelta(before: ProxyStats, after: ProxyStats) {
  return {
    connections: after.connections - before.connections,
    resets: after.resets - before.resets,
    refused: after.refused - before.refused,
    upstreamFailures: after.upstreamFailures - before.upstreamFailures,
    delayedChunks: after.delayedChunks - before.delayedChunks,
  };
}

// ---------------------------------------------------------------------------------------------------------

let home: string;
let file: string;
let facts: FileFacts;
let neo4jOptions: LocalNeo4jOptions;
let neo4j: RunningNeo4j | undefined;
let direct: Graph | undefined;
let proxy: TcpProxy | undefined;
let apiGraph: Graph | undefined;
let server: Server | undefined;
let base: string;
let reference: Fingerprint;
let referenceMs: number;
const baseline = new Map<string, string>();
/** Background loops to end even when a test fails half-way (fault loops, probes). */
const stopBackground: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'empirica-chaos-db-'));
  neo4jOptions = {
    home,
    port: await findFreePort(),
    heap: '512m',
    pageCache: '128m',
    startTimeoutMs: config.localNeo4j.startTimeoutMs,
    javaHome: config.localNeo4j.javaHome,
    log: (line) => process.stderr.write(`[db-faults neo4j] ${line}\n`),
  };
  neo4j = await startLocalNeo4j(neo4jOptions);
  direct = await connectGraph({ ...config.neo4j, uri: neo4j.uri }, { source: 'chaos-monitor' });
  await migrate(direct);
  const built = buildJsonl();
  facts = built.facts;
  file = path.join(home, 'papers.jsonl');
  await writeFile(file, built.text);
  proxy = await TcpProxy.start({ targetPort: neo4jOptions.port });
});

afterAll(async () => {
  for (const stop of stopBackground) await stop();
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await apiGraph?.close().catch(() => {});
  await proxy?.close();
  await direct?.close().catch(() => {});
  await neo4j?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

async function startApi(): Promise<Api> {
  // As `serve` opens it (src/api/server.ts): every read with the API's server-side timeout; via the proxy.
  apiGraph = await connectGraph(
    { ...config.neo4j, uri: (proxy as TcpProxy).uri },
    { source: 'api', readTimeoutMs: API_READ_TIMEOUT_MS },
  );
  const api = createApi({ graph: apiGraph, version: 'chaos' });
  server = createServer(api);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

describe('database faults', () => {
  it('should ingest the file fault-free into the reference graph the file describes', async () => {
    const run = await ingest(file, (neo4j as RunningNeo4j).uri);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    referenceMs = run.ms;
    reference = await fingerprint(direct as Graph);
    expect(reference).toMatchObject({
      papers: facts.papers,
      stubs: facts.stubs,
      authors: facts.authors,
      authored: facts.authored,
      citations: facts.citations,
      curatorTags: facts.curatorTags,
    });
    expect(run.summary).toMatchObject({ lines: facts.lines, papers: facts.papers, problems: 0 });
    // The tagger tags the synthetic papers too: the reference fixes how many.
    expect(reference.tags).toBeGreaterThanOrEqual(facts.curatorTags);
  });

  it('should answer correctly or with masked errors, never past its timeout, while the proxy resets and delays', async () => {
    await startApi();
    const queries = apiQueries();
    for (const q of queries) {
      const answer = await ask(base, q, undefined);
      expect(answer.outcome, answer.detail).toBe('ok');
      baseline.set(q.name, answer.detail as string);
    }
    const before = (proxy as TcpProxy).stats();
    const faults = startFaultLoop(proxy as TcpProxy);
    stopBackground.push(() => faults.stop());
    const ends = Date.now() + API_FAULT_MS;
    const result = await load(base, queries, baseline, {
      clients: API_CLIENTS,
      until: () => Date.now() > ends,
    });
    await faults.stop();
    const after = (proxy as TcpProxy).stats();
    // Faults over: every query answers as before, through the same API and driver.
    const calm = await once(base, queries, baseline);
    recordFigures('db-faults-api-proxy', {
      clients: API_CLIENTS,
      seconds: API_FAULT_MS / 1000,
      answers: result.counts,
      latencyMs: { p50: result.p50Ms, p99: result.p99Ms, max: result.maxMs },
      apiReadTimeoutMs: API_READ_TIMEOUT_MS,
      faultPeriods: faults.periods(),
      proxy: proxyDelta(before, after),
      afterFaults: calm.counts,
      samples: result.samples,
      slow: result.slow,
    });
    expect(result.samples).toEqual([]);
    expect(result.counts.ok).toBeGreaterThan(0);
    expect(result.counts.ok + result.counts.masked).toBe(result.total);
    expect(result.maxMs).toBeLessThan(API_READ_TIMEOUT_MS);
    expect(after.resets - before.resets).toBeGreaterThan(0);
    expect(calm.counts.ok).toBe(queries.length);
  });

  it('should complete an ingest through resets and delays with exactly the reference graph', async () => {
    await emptyGraph(direct as Graph);
    expect(await paperCount(direct as Graph)).toBe(0);
    const before = (proxy as TcpProxy).stats();
    const running = ingest(file, (proxy as TcpProxy).uri, {
      NEO4J_MAX_RETRY_TIME_MS: String(PROXY_INGEST_RETRY_MS),
    });
    // Faults start once the ingest writes (its connect and migration check ran on a sound connection).
    await untilPapers(direct as Graph, 1);
    const faults = startFaultLoop(proxy as TcpProxy);
    stopBackground.push(() => faults.stop());
    const run = await running;
    await faults.stop();
    const after = (proxy as TcpProxy).stats();
    const graph = await fingerprint(direct as Graph);
    recordFigures('db-faults-ingest-proxy', {
      papers: PAPERS,
      lines: facts.lines,
      batchSize: BATCH_SIZE,
      exitCode: run.code,
      referenceIngestMs: referenceMs,
      faultyIngestMs: run.ms,
      faultPeriods: faults.periods(),
      proxy: proxyDelta(before, after),
      maxRetryTimeMs: PROXY_INGEST_RETRY_MS,
      reference,
      afterFaults: graph,
      errors: run.err.slice(0, 5),
    });
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(graph).toEqual(reference);
    expect(after.resets - before.resets).toBeGreaterThan(0);
  });

  it('should ride out a Neo4j restart mid-ingest, and the API should report it on /ready and recover', async () => {
    await emptyGraph(direct as Graph);
    const t0 = Date.now();
    // Readiness probes and two query clients through the whole outage, on the API started above.
    let probing = true;
    stopBackground.push(() => {
      probing = false;
    });
    const probes: Array<{ at: number; status: number; ms: number }> = [];
    const prober = (async () => {
      while (probing) {
        const started = Date.now();
        const status = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })
          .then((r) => r.status)
          .catch(() => 0);
        probes.push({ at: started, status, ms: Date.now() - started });
        await sleep(250);
      }
    })();
    const queries = apiQueries();
    const queryLoad = load(base, queries, new Map(), { clients: 2, until: () => !probing, pauseMs: 100, t0 });

    // No NEO4J_MAX_RETRY_TIME_MS: a command's default budget (BATCH_RETRY_TIME_MS) must ride out the restart.
    const running = ingest(file, (neo4j as RunningNeo4j).uri, {});
    await untilPapers(direct as Graph, Math.floor(PAPERS * 0.4));
    const stopAt = Date.now();
    await (neo4j as RunningNeo4j).stop();
    const stoppedAt = Date.now();
    await sleep(RESTART_PAUSE_MS);
    const restartAt = Date.now();
    neo4j = await startLocalNeo4j(neo4jOptions);
    const readyAt = Date.now();
    const run = await running;
    const ingestDoneAt = Date.now();
    // /ready comes back by itself (the API was never restarted); give it up to 30 s.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && probes.at(-1)?.status !== 200) await sleep(100);
    probing = false;
    await prober;
    const outage = await queryLoad;
    const graph = await fingerprint(direct as Graph);
    const after = await once(base, queries, baseline);

    const down = probes.filter((p) => p.status !== 200 && p.at >= stopAt);
    const firstDown = down[0];
    const lastDown = down.at(-1);
    const backUp = probes.find((p) => p.status === 200 && lastDown !== undefined && p.at > lastDown.at);
    const maxProbeMs = Math.max(...probes.map((p) => p.ms));
    recordFigures('db-faults-neo4j-restart', {
      papers: PAPERS,
      exitCode: run.code,
      referenceIngestMs: referenceMs,
      ingestWithRestartMs: run.ms,
      maxRetryTimeMs: BATCH_RETRY_TIME_MS,
      neo4jStopMs: stoppedAt - stopAt,
      pauseMs: RESTART_PAUSE_MS,
      neo4jStartMs: readyAt - restartAt,
      outageMs: readyAt - stopAt,
      ingestDoneAfterNeo4jReadyMs: ingestDoneAt - readyAt,
      ready: {
        probes: probes.length,
        non200: down.length,
        statuses: [...new Set(down.map((p) => p.status))],
        firstNon200AfterStopMs: firstDown ? firstDown.at - stopAt : null,
        non200SpanMs: firstDown && lastDown ? lastDown.at + lastDown.ms - firstDown.at : null,
        backTo200AfterNeo4jReadyMs: backUp ? backUp.at + backUp.ms - readyAt : null,
        maxProbeMs,
        readyTimeoutMs: READY_TIMEOUT_MS,
        slowProbes: probes
          .filter((p) => p.ms > 1000)
          .map((p) => `at ${p.at - t0} ms: ${p.ms} ms ${p.status}`),
      },
      timelineMs: {
        stop: stopAt - t0,
        stopped: stoppedAt - t0,
        restart: restartAt - t0,
        ready: readyAt - t0,
        ingestDone: ingestDoneAt - t0,
      },
      queriesDuringOutage: outage.counts,
      queryLatencyMs: { p50: outage.p50Ms, p99: outage.p99Ms, max: outage.maxMs },
      slowQueries: outage.slow,
      queriesAfter: after.counts,
      afterRestart: graph,
      errors: run.err.slice(0, 5),
      samples: [...outage.samples, ...after.samples],
    });
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(graph).toEqual(reference);
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((p) => p.status === 503)).toBe(true);
    expect(maxProbeMs).toBeLessThan(READY_PROBE_LIMIT_MS);
    expect(backUp).toBeDefined();
    expect(probes.at(-1)?.status).toBe(200);
    expect(outage.samples).toEqual([]);
    expect(outage.counts.ok + outage.counts.masked + outage.counts.notFound).toBe(outage.total);
    expect(outage.maxMs).toBeLessThan(API_READ_TIMEOUT_MS);
    expect(after.counts.ok).toBe(queries.length);
  });

  it('should give up on a stalled connection soon after the read timeout instead of hanging', async () => {
    // A connection that stays open but carries nothing (a network black hole): Neo4j never sees the query,
    // so its transaction timeout cannot help; the client's own deadline must.
    const readTimeoutMs = 2000;
    const deadlineMs = readTimeoutMs + READ_DEADLINE_MARGIN_MS;
    const stalling = await connectGraph(
      { ...config.neo4j, uri: (proxy as TcpProxy).uri },
      { source: 'api', readTimeoutMs },
    );
    try {
      const probe = { text: 'RETURN 1 AS one', params: {} };
      expect(await stalling.read(probe)).toEqual([{ one: 1 }]); // leaves a pooled connection via the proxy
      (proxy as TcpProxy).setFaults({ delay: { minMs: 600_000, maxMs: 600_000 } });
      const started = Date.now();
      const error = await stalling.read(probe).then(
        () => undefined,
        (e: unknown) => e,
      );
      const gaveUpAfterMs = Date.now() - started;
      recordFigures('db-faults-stall', { readTimeoutMs, marginMs: READ_DEADLINE_MARGIN_MS, gaveUpAfterMs });
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(gaveUpAfterMs).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(gaveUpAfterMs).toBeLessThan(deadlineMs + 3000);
    } finally {
      (proxy as TcpProxy).setFaults({});
      (proxy as TcpProxy).resetAll();
      await stalling.close().catch(() => {});
    }
  });
});
