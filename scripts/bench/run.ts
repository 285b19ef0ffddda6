/**
 * `npm run bench [-- --size 10k,100k,1m --runs 30 --http-seconds 5]`: the product's hot paths on synthetic
 * graphs (scripts/synth), each against its baseline in the same run:
 *   - follow-up trees (CitationRepository.tree, what `followUps` runs) for a hub and a median paper, depth
 *     1–3, against the naive variable-length pattern `(root)<-[:CITES*1..d]-(p)` ranked the same way, with
 *     and without a filter;
 *   - search (what `search` runs: a page and the facets) against the bare full-text procedure call;
 *   - the `paper` operation (byline, tags, first 20 citations) through GraphQL against one hand-written query;
 *   - the HTTP API (a separate `empirica serve` process) under 1, 8 and 32 clients for each operation and the
 *     trivial `{ __typename }` (the server's floor), and the hand-written paper query through the driver at
 *     the same concurrency;
 *   - peak RSS of the API process and of Neo4j;
 *   - ingest through the product's write path against bare `UNWIND … CREATE` (scripts/bench-ingest.ts, on
 *     its own empty Neo4j), for sizes up to --ingest-max (default 100k: 1M would take about an hour).
 * Figures go to stdout (markdown) and tmp/bench-<size>.json. Only loopback is used.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { FILTER_PREDICATE } from '../../src/graph/citation.queries.js';
import { CitationRepository, type PaperFilterParams } from '../../src/graph/citation.repository.js';
import { connectGraph, type Graph } from '../../src/graph/driver.js';
import { RankingRepository } from '../../src/graph/ranking.repository.js';
import { relevanceSearch, SEARCH_INDEX, toLuceneQuery } from '../../src/graph/search.queries.js';
import { SearchRepository } from '../../src/graph/search.repository.js';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { rng } from '../random.js';
import { parseSize, sizeLabel } from '../synth/generate.js';
import { openBenchGraph, peakRssOfTree } from '../synth/load.js';
import { VOCABULARY } from '../synth/text.js';
import { type LoadResult, load, ms, type Summary, summarize, timeRuns } from './stats.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10k' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '30' },
    'naive-runs': { type: 'string', default: '5' },
    'naive-timeout': { type: 'string', default: '20' },
    'http-seconds': { type: 'string', default: '5' },
    clients: { type: 'string', default: '1,8,32' },
    'ingest-max': { type: 'string', default: '100k' },
    only: { type: 'string', default: 'ingest,trees,search,paper,load' },
  },
});
const RUNS = Number(values.runs);
const NAIVE_RUNS = Number(values['naive-runs']);
const NAIVE_TIMEOUT_S = Number(values['naive-timeout']);
const HTTP_SECONDS = Number(values['http-seconds']);
const CLIENTS = String(values.clients).split(',').map(Number);
/** Which parts to run (a re-measurement of one part need not wait for the others). */
const ONLY = new Set(String(values.only).split(','));
const INGEST_MAX = values['ingest-max'] === '0' ? 0 : parseSize(String(values['ingest-max']));
const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const FILTER: PaperFilterParams = {
  subfields: null,
  contributionTypes: ['FALSIFICATION'],
  yearFrom: null,
  yearTo: null,
};

/** The naive tree: every paper within d hops, ranked like a tree level, cut at `limit`. */
function naiveFollowUps(depth: 1 | 2 | 3, key: string, limit: number, filter: PaperFilterParams | null) {
  const pattern = { 1: '*1..1', 2: '*1..2', 3: '*1..3' }[depth];
  return {
    text: `MATCH (root:Paper {id: $key})<-[:CITES${pattern}]-(p:Paper)
WITH DISTINCT p
WHERE $filter IS NULL OR (${FILTER_PREDICATE})
WITH p, COUNT { (p)<-[:CITES]-() } AS influence, coalesce(p.year, 0) AS year
ORDER BY influence DESC, year DESC, p.id
LIMIT toInteger($limit)
RETURN p.id AS key`,
    params: { key, limit, filter },
  };
}

/** One hand-written query for what the `paper` operation below returns. */
function handWrittenPaper(key: string) {
  return {
    text: `MATCH (p:Paper {id: $key})
CALL (p) {
  OPTIONAL MATCH (p)<-[a:AUTHORED]-(au:Author)
  WITH au, a ORDER BY a.position
  RETURN collect(au.name) AS authors
}
CALL (p) {
  OPTIONAL MATCH (p)-[t:IN_SUBFIELD|HAS_CONTRIBUTION]->(l)
  RETURN collect({label: l.slug, confidence: t.confidence, evidence: t.evidence}) AS tags
}
CALL (p) {
  OPTIONAL MATCH (p)<-[c:CITES]-(x:Paper)
  WITH x, c, COUNT { (x)<-[:CITES]-() } AS influence
  ORDER BY influence DESC, coalesce(x.year, 0) DESC, x.id
  LIMIT 20
  RETURN collect({arxivId: x.arxivId, title: x.title, year: x.year, contexts: c.contexts}) AS citations
}
RETURN p.title AS title, p.year AS year, authors, tags, citations`,
    params: { key },
  };
}

const PAPER_QUERY = `query Paper($id: String!) {
  paper(id: $id) {
    title year
    authors { name }
    tags { label confidence evidence }
    citations(first: 20) { edges { contexts node { arxivId title year } } }
  }
}`;
const SEARCH_QUERY = `query Search($q: String!) {
  search(query: $q, first: 20) {
    totalCount
    facets { subfields { value count } contributionTypes { value count } years { value count } }
    edges { node { arxivId title year } }
  }
}`;
const FOLLOW_UPS_QUERY = `query FollowUps($id: String!, $depth: Int!) {
  followUps(paper: $id, depth: $depth, first: 10) {
    truncated
    papers { hops paper { arxivId title year } parent { arxivId } contexts }
  }
}`;

/** Peak resident memory of a process (VmHWM), in MB; undefined when /proc does not say. */
async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Row {
  readonly name: string;
  readonly ours: Summary;
  readonly baseline: Summary | { readonly failed: string };
}

function ratio(row: Row): string {
  if ('failed' in row.baseline) return `baseline ${row.baseline.failed}`;
  return `${(row.baseline.p50 / row.ours.p50).toFixed(1)}× (p50)`;
}

function table(rows: readonly Row[]): string[] {
  const lines = [
    '| query | ours p50 / p95 ms | baseline p50 / p95 ms | baseline ÷ ours |',
    '|---|---:|---:|---:|',
  ];
  for (const row of rows) {
    const base =
      'failed' in row.baseline ? row.baseline.failed : `${ms(row.baseline.p50)} / ${ms(row.baseline.p95)}`;
    lines.push(`| ${row.name} | ${ms(row.ours.p50)} / ${ms(row.ours.p95)} | ${base} | ${ratio(row)} |`);
  }
  return lines;
}

async function naiveSamples(
  naive: Graph,
  statement: { text: string; params: Record<string, unknown> },
  runs: number,
): Promise<Summary | { failed: string }> {
  try {
    return summarize(await timeRuns(() => naive.read(statement), runs, 1));
  } catch (error) {
    const message = (error as Error).message;
    const why = /timeout|terminated|Terminated/i.test(message)
      ? `timed out (${NAIVE_TIMEOUT_S} s)`
      : /memory/i.test(message)
        ? 'ran out of transaction memory'
        : `failed: ${message.slice(0, 80)}`;
    return { failed: why };
  }
}

/** Starts `empirica serve` on the bench database; resolves once /ready answers. */
async function startApi(uri: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'empirica.js'), 'serve'], {
    env: {
      ...process.env,
      NEO4J_URI: uri,
      EMPIRICA_PORT: String(port),
      EMPIRICA_HOST: '127.0.0.1',
      EMPIRICA_LOAD_LANDMARKS: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`empirica serve exited: ${stderr.slice(-500)}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`empirica serve not ready after 120 s: ${stderr.slice(-500)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: Array<{ message: string }>; data?: unknown };
  if (!response.ok || body.errors) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}

async function benchSize(papers: number, seed: number): Promise<Record<string, unknown>> {
  const label = sizeLabel(papers);
  note(`${label}: opening the graph (generated and imported on first use) …`);
  const bench = await openBenchGraph({ size: papers, seed, log: note });
  const graph = bench.graph;
  const config = loadConfig();
  const naive = await connectGraph(
    { ...config.neo4j, uri: bench.uri, password: undefined },
    { source: 'bench-naive', readTimeoutMs: NAIVE_TIMEOUT_S * 1000 },
  );
  const results: Record<string, unknown> = { size: papers, seed, date: new Date().toISOString() };
  try {
    note('ranked citer lists (empirica rank) …');
    const rankStarted = performance.now();
    const ranking = new RankingRepository(graph);
    // Search needs no lists; the other parts do (a store keeps them from an earlier run).
    const ranked =
      ONLY.has('trees') || ONLY.has('paper') || ONLY.has('load')
        ? await ranking.rebuildAll()
        : { papers: 0, edges: 0 };
    const rankSeconds = (performance.now() - rankStarted) / 1000;
    results.rank = { ...ranked, seconds: rankSeconds };

    const [roots] = await graph.read<{
      hub: string;
      hubCiters: number;
      median: string;
      medianCiters: number;
    }>({
      text: `MATCH (p:Paper) WITH p, COUNT { (p)<-[:CITES]-() } AS citers
ORDER BY citers DESC, p.id
WITH collect({key: p.id, citers: citers}) AS ranked
WITH ranked[0] AS hub, ranked[toInteger(size(ranked) / 2)] AS median
RETURN hub.key AS hub, hub.citers AS hubCiters, median.key AS median, median.citers AS medianCiters`,
      params: {},
    });
    if (!roots) throw new Error('the bench graph is empty');
    results.roots = roots;
    note(
      `hub ${roots.hub} (${roots.hubCiters} citers), median ${roots.median} (${roots.medianCiters} citers)`,
    );

    // Follow-up trees.
    const citations = new CitationRepository(graph);
    const treeRows: Row[] = [];
    for (const [name, key] of !ONLY.has('trees')
      ? []
      : ([
          ['hub', roots.hub],
          ['median', roots.median],
        ] as const)) {
      for (const depth of [1, 2, 3] as const) {
        for (const filter of [null, FILTER]) {
          const first = 10;
          const what = `followUps ${name} depth ${depth} first ${first}${filter ? ' filter FALSIFICATION' : ''}`;
          note(what);
          const ours = summarize(
            await timeRuns(
              () => citations.tree('citations', key, depth, first, filter),
              filter ? Math.ceil(RUNS / 3) : RUNS,
            ),
          );
          const baseline = await naiveSamples(
            naive,
            naiveFollowUps(depth, key, first * depth, filter),
            name === 'hub' ? NAIVE_RUNS : RUNS,
          );
          treeRows.push({ name: what, ours, baseline });
        }
      }
    }
    if (ONLY.has('trees')) {
      const what = 'followUps hub depth 3 first 50';
      note(what);
      const ours = summarize(await timeRuns(() => citations.tree('citations', roots.hub, 3, 50, null), RUNS));
      const baseline = await naiveSamples(naive, naiveFollowUps(3, roots.hub, 150, null), NAIVE_RUNS);
      treeRows.push({ name: what, ours, baseline });
    }
    results.followUps = treeRows;

    // Search: what the API runs for a page with facets, against the bare procedure call.
    const search = new SearchRepository(graph);
    const words = {
      frequent: VOCABULARY[0] as string,
      common: VOCABULARY[50] as string,
      rare: VOCABULARY[3000] as string,
      'two words': `${VOCABULARY[5]} ${VOCABULARY[400]}`,
    };
    const searchRows: Row[] = [];
    for (const [kind, text] of ONLY.has('search') ? Object.entries(words) : []) {
      const lucene = toLuceneQuery(text) as string;
      const params = relevanceSearch(lucene);
      note(`search ${kind}`);
      const page = summarize(await timeRuns(() => search.page(params, null, 20), RUNS));
      const withFacets = summarize(
        await timeRuns(() => Promise.all([search.page(params, null, 20), search.facets(params)]), RUNS),
      );
      const bare = summarize(
        await timeRuns(
          () =>
            graph.read({
              text: `CALL db.index.fulltext.queryNodes($index, $q, {limit: 20}) YIELD node, score
RETURN node.id AS key, score`,
              params: { index: SEARCH_INDEX, q: lucene },
            }),
          RUNS,
        ),
      );
      searchRows.push({ name: `search "${text}" (${kind}): page of 20`, ours: page, baseline: bare });
      searchRows.push({
        name: `search "${text}" (${kind}): page + facets`,
        ours: withFacets,
        baseline: bare,
      });
    }
    results.search = searchRows;

    // The API in its own process.
    note('starting empirica serve …');
    const api = ONLY.has('paper') || ONLY.has('load') ? await startApi(bench.uri) : undefined;
    if (api)
      try {
        const sample = (
          await graph.read<{ key: string; arxivId: string }>({
            text: `MATCH (p:Paper) WHERE p.arxivId IS NOT NULL
WITH p ORDER BY p.id SKIP toInteger($skip) LIMIT 200
RETURN p.id AS key, p.arxivId AS arxivId`,
            params: { skip: Math.floor(papers / 3) },
          })
        ).map((r) => r);
        const random = rng(seed);
        const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
        const hubArxiv = roots.hub.replace(/^arxiv:/, '');
        const medianArxiv = roots.median.replace(/^arxiv:/, '');

        // paper: GraphQL over HTTP (one client) vs the hand-written query.
        const paperRows: Row[] = [];
        for (const [name, key, arxivId] of !ONLY.has('paper')
          ? []
          : ([
              ['median paper', roots.median, medianArxiv],
              ['hub paper', roots.hub, hubArxiv],
            ] as const)) {
          note(`paper ${name}`);
          const ours = summarize(await timeRuns(() => graphql(api.url, PAPER_QUERY, { id: arxivId }), RUNS));
          const baseline = summarize(await timeRuns(() => graph.read(handWrittenPaper(key)), RUNS));
          paperRows.push({ name: `paper (${name}) via GraphQL HTTP vs hand-written Cypher`, ours, baseline });
        }
        results.paper = paperRows;

        // Load.
        const operations: Record<string, (client: number, call: number) => Promise<void>> = {
          'trivial { __typename }': async () => {
            await graphql(api.url, '{ __typename }', {});
          },
          'paper (random sample)': async () => {
            await graphql(api.url, PAPER_QUERY, { id: pick(sample).arxivId });
          },
          'hand-written paper query (driver, no HTTP)': async () => {
            await graph.read(handWrittenPaper(pick(sample).key));
          },
          'search (4 queries)': async () => {
            await graphql(api.url, SEARCH_QUERY, { q: pick(Object.values(words)) });
          },
          'followUps depth 2 (random sample)': async () => {
            await graphql(api.url, FOLLOW_UPS_QUERY, { id: pick(sample).arxivId, depth: 2 });
          },
          'followUps depth 3 (hub)': async () => {
            await graphql(api.url, FOLLOW_UPS_QUERY, { id: hubArxiv, depth: 3 });
          },
        };
        const loadRows: Array<LoadResult & { operation: string }> = [];
        for (const [operation, work] of ONLY.has('load') ? Object.entries(operations) : []) {
          for (const clients of CLIENTS) {
            note(`load: ${operation} × ${clients} clients`);
            loadRows.push({ operation, ...(await load(work, clients, HTTP_SECONDS)) });
          }
        }
        results.load = loadRows;
        results.rssMb = {
          api: await peakRssMb(api.pid),
          neo4j: await peakRssOfTree(bench.pid),
          benchProcess: process.resourceUsage().maxRSS / 1024,
        };
      } finally {
        await api.stop();
      }

    say(`\n## ${label} papers (seed ${seed}), ${new Date().toISOString().slice(0, 10)}\n`);
    const g = bench.stats.generation;
    say(
      `Graph: ${g.counts.papers} papers, ${g.counts.cites} citations, ${g.counts.authors} authors; in-degree max ` +
        `${g.inDegree.max} / p99 ${g.inDegree.p99} / median ${g.inDegree.median}.`,
    );
    say(
      `Ranked citer lists: ${ranked.papers} papers, ${ranked.edges} entries, built in ${rankSeconds.toFixed(1)} s. ` +
        `Hub ${roots.hub} (${roots.hubCiters} citers), median ${roots.median} (${roots.medianCiters} citers).\n`,
    );
    for (const line of table(treeRows)) say(line);
    say('');
    for (const line of table(searchRows)) say(line);
    say('');
    for (const line of table((results.paper as Row[] | undefined) ?? [])) say(line);
    say(
      '\n| operation | clients | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const row of (results.load ?? []) as Array<LoadResult & { operation: string }>) {
      say(
        `| ${row.operation} | ${row.clients} | ${row.perSecond.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${row.errors}${row.firstError ? ` (${row.firstError.slice(0, 60)})` : ''} |`,
      );
    }
    const rss = (results.rssMb ?? {}) as Record<string, number | undefined>;
    if (results.rssMb)
      say(
        `\nPeak RSS: API process ${rss.api?.toFixed(0) ?? '?'} MB, Neo4j ${rss.neo4j?.toFixed(0) ?? '?'} MB, ` +
          `benchmark process ${rss.benchProcess?.toFixed(0)} MB.`,
      );
    return results;
  } finally {
    await naive.close();
    await bench.close();
  }
}

/** Runs scripts/bench-ingest.ts for one size in a child process (it prints its own table). */
async function benchIngest(size: number): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'bench-ingest.ts'), '--sizes', String(size)],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: PROJECT_ROOT },
  );
  return await new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const sizes = String(values.size)
  .split(',')
  .map((s) => parseSize(s.trim()));
await mkdir(path.join(PROJECT_ROOT, 'tmp'), { recursive: true });
for (const size of sizes) {
  if (!ONLY.has('ingest')) note(`ingest ${sizeLabel(size)}: not asked for (--only)`);
  else if (size <= INGEST_MAX) {
    note(`ingest ${sizeLabel(size)}: repository vs bare CREATE (scripts/bench-ingest.ts) …`);
    const code = await benchIngest(size);
    if (code !== 0) throw new Error(`bench-ingest exited with ${code}`);
  } else note(`ingest ${sizeLabel(size)}: skipped (above --ingest-max ${values['ingest-max']})`);
  const results = await benchSize(size, Number(values.seed));
  const file = path.join(PROJECT_ROOT, 'tmp', `bench-${sizeLabel(size)}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  note(`figures written to ${path.relative(PROJECT_ROOT, file)}`);
}
