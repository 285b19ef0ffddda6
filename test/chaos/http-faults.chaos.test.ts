/**
 * HTTP faults at 20 % of the crawler's requests. A fake arXiv on 127.0.0.1 serves the 24-page OAI-PMH
 * window of test/chaos/oai-window.ts and, for a reference crawl, LaTeXML article pages (generated here in
 * the recorded format of test/fixtures/arxiv/html, citing other papers of the window; some only on ar5iv)
 * through FaultInjector (test/chaos/fault-injection.ts): a seeded PRNG makes one request in five a 429 or
 * 503 with Retry-After, a reset, a slow body (within the client's timeout, or past it) or a truncated body.
 * The real CLI (`crawl arxiv` harvest, then `crawl refs`) runs against it and the test Neo4j.
 *
 * It proves: both crawls exit 0 with every record (468 papers stored, the 12 damaged ones reported by id
 * and nothing else skipped; every expected citation linked, no stub), and politeness holds pair by pair:
 * arrivals at least the interval apart, and at least the interval after the previous exchange ended;
 * after a 429/503 the next request waits at least its Retry-After; never two requests open at once; the
 * User-Agent with the contact address on every request; no request the fake arXiv did not expect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointRepository } from '../../src/graph/checkpoint.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { type Landmark, loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { type CliRun, runCrawlCli, TEST_INTERVAL_MS } from '../helpers/cli.js';
import { FixtureServer } from '../helpers/fixture-server.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';
import { latexmlArticle, surname } from './arxiv-pages.js';
import { type Answer, FAULT_KINDS, FaultInjector, type LoggedExchange } from './fault-injection.js';
import { recordFigures } from './figures.js';
import { buildOaiWindow, harvestArgs, pageIndexOf } from './oai-window.js';

const SEED = 20_251_110;
const CLIENT_TIMEOUT_MS = 2000;
/** Timer slack allowed below a wait (Node timers round to whole milliseconds). */
const SLACK_MS = 5;
const CONTACT = 'mailto:crawler-tests@example.org';
const CITING_PAPERS = 20;
/** Every AR5IV_EVERY-th citing paper has no arXiv HTML (404) and is read from ar5iv. */
const AR5IV_EVERY = 5;
const CHECKPOINT_ID = 'arxiv-oai:cs:cs:LG:2025-06-02:2025-06-20';

const window = buildOaiWindow();
const windowIds = [...window.storedIds, ...window.damagedIds];
const stored = new Set(window.storedIds);
const landmarks = new Map(loadLandmarks(taxonomies()).map((paper) => [paper.arxivId, paper]));

/** The window papers a citing paper cites: its real links among the stored papers of the window. */
const citedBy = (paper: Landmark) =>
  [...new Set(paper.cites)].filter((id) => stored.has(id) && id !== paper.arxivId);

/** The stored papers with the most links into the window: the papers whose references are crawled. */
const citing = window.storedIds
  .map((id) => landmarks.get(id) as Landmark)
  .filter((paper) => citedBy(paper).length > 0)
  .sort((a, b) => citedBy(b).length - citedBy(a).length || a.arxivId.localeCompare(b.arxivId))
  .slice(0, CITING_PAPERS);
const onAr5ivOnly = new Set(citing.filter((_, i) => i % AR5IV_EVERY === 0).map((p) => p.arxivId));
const expectedEdges = citing.flatMap((paper) => citedBy(paper).map((to) => `${paper.arxivId}->${to}`)).sort();

/** A paper's article page (test/chaos/arxiv-pages.ts), citing its window papers. */
const articleHtml = (paper: Landmark) =>
  latexmlArticle(
    paper,
    citedBy(paper).map((id) => landmarks.get(id) as Landmark),
  );

const html = (body: string): Answer => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
const NOT_FOUND: Answer = { status: 404, contentType: 'text/plain', body: 'Not Found' };

/** What the fake arXiv answers, by path; undefined for a request it does not know. */
function answer(url: URL): Answer | undefined {
  if (url.pathname === '/oai') {
    const index = pageIndexOf(window, url);
    const page = index < 0 ? undefined : window.pages[index];
    return page === undefined
      ? undefined
      : { status: 200, contentType: 'text/xml; charset=utf-8', body: page };
  }
  const match = /^\/(html|ar5iv\/html)\/(.+)$/.exec(url.pathname);
  const paper = match ? landmarks.get(match[2] as string) : undefined;
  if (!match || !paper || !citing.includes(paper)) return undefined;
  const ar5iv = match[1] === 'ar5iv/html';
  if (onAr5ivOnly.has(paper.arxivId)) return ar5iv ? html(articleHtml(paper)) : NOT_FOUND;
  return ar5iv ? undefined : html(articleHtml(paper));
}

interface Politeness {
  requests: number;
  minArrivalGapMs: number;
  minIdleGapMs: number;
  /** Smallest (next arrival − end of a 429/503) − its Retry-After. */
  minRetryAfterMarginMs: number | undefined;
  maxOpen: number;
  withoutContact: number;
}

/** Politeness figures over the requests of one crawl, in arrival order. */
function politeness(entries: readonly LoggedExchange[]): Politeness {
  let minArrivalGapMs = Number.POSITIVE_INFINITY;
  let minIdleGapMs = Number.POSITIVE_INFINITY;
  let minRetryAfterMarginMs: number | undefined;
  for (let i = 1; i < entries.length; i++) {
    const before = entries[i - 1] as LoggedExchange;
    const next = entries[i] as LoggedExchange;
    minArrivalGapMs = Math.min(minArrivalGapMs, next.at - before.at);
    minIdleGapMs = Math.min(minIdleGapMs, next.at - (before.end ?? Number.POSITIVE_INFINITY));
    if (before.retryAfterMs !== undefined) {
      const margin = next.at - (before.end ?? Number.POSITIVE_INFINITY) - before.retryAfterMs;
      minRetryAfterMarginMs = Math.min(minRetryAfterMarginMs ?? Number.POSITIVE_INFINITY, margin);
    }
  }
  return {
    requests: entries.length,
    minArrivalGapMs: round(minArrivalGapMs),
    minIdleGapMs: round(minIdleGapMs),
    minRetryAfterMarginMs: minRetryAfterMarginMs === undefined ? undefined : round(minRetryAfterMarginMs),
    maxOpen: 1 + Math.max(0, ...entries.map((e) => e.openAtArrival)),
    withoutContact: entries.filter((e) => !e.userAgent?.includes(CONTACT)).length,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const skippedIds = (run: CliRun) =>
  run.err.flatMap((line) => {
    const match = /^skipped (\S+): /.exec(line);
    return match ? [match[1] as string] : [];
  });

let server: FixtureServer;
let faults: FaultInjector;
let graph: Graph;

async function cleanup(): Promise<void> {
  await deletePapers(graph, { arxivIds: windowIds });
  await new CheckpointRepository(graph).remove(CHECKPOINT_ID);
}

beforeAll(async () => {
  graph = await connectTestGraph('chaos-http-faults');
  await cleanup();
  faults = new FaultInjector({ seed: SEED, clientTimeoutMs: CLIENT_TIMEOUT_MS });
  const handler = faults.handler(answer);
  server = await new FixtureServer().start();
  server.route('/oai', handler);
  for (const paper of citing) {
    server.route(`/html/${paper.arxivId}`, handler);
    if (onAr5ivOnly.has(paper.arxivId)) server.route(`/ar5iv/html/${paper.arxivId}`, handler);
  }
});

afterAll(async () => {
  faults?.stop();
  await server?.stop();
  if (graph) {
    await cleanup();
    await graph.close();
  }
});

describe('HTTP faults at 20 % of the crawler requests', () => {
  it('should harvest the whole window and crawl its references with every record, politely', async () => {
    const env = { EMPIRICA_HTTP_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS) };

    faults.phase = 'harvest';
    let started = performance.now();
    const harvest = await runCrawlCli(server, [...harvestArgs(window), '--restart'], env);
    const harvestSeconds = (performance.now() - started) / 1000;

    faults.phase = 'refs';
    started = performance.now();
    const refs = await runCrawlCli(
      server,
      ['crawl', 'refs', '--ids', citing.map((p) => p.arxivId).join(',')],
      env,
    );
    const refsSeconds = (performance.now() - started) / 1000;

    const byPhase = {
      harvest: politeness(faults.log.filter((e) => e.phase === 'harvest')),
      refs: politeness(faults.log.filter((e) => e.phase === 'refs')),
    };
    const counts = faults.countsByKind();
    const total = faults.log.length;
    const injected = total - counts.none;
    const [storedRow] = await graph.read<{ stored: number; stubs: number }>({
      text: `MATCH (p:Paper) WHERE p.arxivId IN $ids
RETURN count(CASE WHEN coalesce(p.stub, false) = false THEN 1 END) AS stored,
       count(CASE WHEN p.stub = true THEN 1 END) AS stubs`,
      params: { ids: window.storedIds },
    });
    const damagedInGraph = await graph.read<{ id: string }>({
      text: 'MATCH (p:Paper) WHERE p.arxivId IN $ids RETURN p.arxivId AS id',
      params: { ids: window.damagedIds },
    });
    const edges = await graph.read<{ from: string; to: string; contexts: string[]; sources: string[] }>({
      text: `MATCH (a:Paper)-[c:CITES]->(b:Paper) WHERE a.arxivId IN $citing
RETURN a.arxivId AS from, b.arxivId AS to, c.contexts AS contexts, c.sources AS sources`,
      params: { citing: citing.map((p) => p.arxivId) },
    });

    recordFigures('http-faults', {
      command: 'npx vitest run --project chaos test/chaos/http-faults.chaos.test.ts',
      seed: SEED,
      intervalMs: TEST_INTERVAL_MS,
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      requests: total,
      faultsInjected: injected,
      faultRate: round((100 * injected) / total) / 100,
      faultsByKind: counts,
      harvest: { seconds: round(harvestSeconds), summary: harvest.summary, politeness: byPhase.harvest },
      refs: { seconds: round(refsSeconds), summary: refs.summary, politeness: byPhase.refs },
      storedPapers: storedRow?.stored,
      reportedDamaged: skippedIds(harvest).length,
      citationEdges: edges.length,
      expectedEdges: expectedEdges.length,
    });

    // The fault plan was real: one request in five, every kind more than once.
    expect(injected).toBeGreaterThanOrEqual(Math.floor(total / 5));
    for (const kind of FAULT_KINDS) expect(counts[kind], kind).toBeGreaterThanOrEqual(1);

    // Every record: the harvest stored all 468 papers and reported exactly the 12 damaged ones by id.
    expect(harvest.code, harvest.err.join('\n')).toBe(0);
    expect(harvest.summary).toMatchObject({
      fetched: window.pages.length,
      pages: window.pages.length,
      records: window.storedIds.length,
      created: window.storedIds.length,
      skipped: window.damagedIds.length,
    });
    expect(skippedIds(harvest).sort()).toEqual(window.damagedIds.map((id) => `oai:arXiv.org:${id}`).sort());
    expect(storedRow).toEqual({ stored: window.storedIds.length, stubs: 0 });
    expect(damagedInGraph).toEqual([]);

    // Every reference page read (some from ar5iv after a 404) and every citation linked, with its sentence.
    expect(refs.code, refs.err.join('\n')).toBe(0);
    expect(refs.summary).toMatchObject({
      fetched: citing.length,
      records: citing.length,
      citations: expectedEdges.length,
      stubs: 0,
      unresolved: 0,
      skipped: 0,
    });
    expect(edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(expectedEdges);
    for (const edge of edges) {
      expect(edge.sources).toContain('arxiv-html');
      const cited = landmarks.get(edge.to) as Landmark;
      expect(edge.contexts.some((c) => c.includes(`${surname(cited)} et al.`))).toBe(true);
    }

    // Politeness, pair by pair, within each crawl.
    for (const [phase, figures] of Object.entries(byPhase)) {
      expect(figures.minArrivalGapMs, phase).toBeGreaterThanOrEqual(TEST_INTERVAL_MS - SLACK_MS);
      expect(figures.minIdleGapMs, phase).toBeGreaterThanOrEqual(TEST_INTERVAL_MS - SLACK_MS);
      if (figures.minRetryAfterMarginMs !== undefined)
        expect(figures.minRetryAfterMarginMs, phase).toBeGreaterThanOrEqual(-SLACK_MS);
      expect(figures.maxOpen, phase).toBe(1);
      expect(figures.withoutContact, phase).toBe(0);
    }
    expect(faults.log.filter((e) => e.retryAfterMs !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(server.unexpected).toEqual([]);
    expect(faults.unanswerable).toEqual([]);
  });
});
