/**
 * The database of the load test: the 100k-paper synthetic graph of scripts/synth (generated and bulk-imported
 * into `.data/bench/100k-s7/` on first use, then cached) with the landmark corpus loaded into it, the ranked
 * citer lists built, and the ids and search terms the load draws from. Seed 7, never the benchmarks' seed 1,
 * so the benchmark store is never touched. Preparing a cached store again changes nothing: the landmark load
 * is idempotent (the test records the paper count before and after it) and the full ranking rebuild runs
 * only when `chaos-load.json` in the store's folder does not name the store's build.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { LANDMARK_SOURCE } from '../../ingest/landmarks.js';
import { BENCH_ROOT, type BenchGraph, openBenchGraph } from '../../scripts/synth/load.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { RankingRepository } from '../../src/graph/ranking.repository.js';
import { StatusRepository } from '../../src/graph/status.repository.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

export const LOAD_PAPERS = 100_000;
/** Not 1: `.data/bench/100k-s1` belongs to `npm run bench`. */
export const LOAD_SEED = 7;
/** Server memory: below the benchmarks' 2g + 2g (the CI machine also runs the suite's own Neo4j). */
const HEAP = '1g';
const PAGE_CACHE = '1g';
const MARKER = 'chaos-load.json';

/** What the load draws from: arXiv ids as users type them, search text, filter values. */
export interface LoadTargets {
  /** Every landmark paper. */
  readonly landmarks: readonly string[];
  /** The landmarks most cited within the corpus (deep follow-up trees). */
  readonly landmarkHubs: readonly string[];
  /** The synthetic papers with the most citers (thousands each). */
  readonly hubs: ReadonlyArray<{ readonly arxivId: string; readonly citers: number }>;
  /** 200 synthetic papers spread evenly over the id (publication) order. */
  readonly typical: readonly string[];
  /** What people type: words of the field (landmark summaries and synthetic text) and quoted phrases. */
  readonly searchTerms: readonly string[];
  readonly subfields: readonly string[];
  readonly contributionTypes: readonly string[];
  /**
   * Landmark ids that a synthetic paper already had (synthetic ids are arXiv-style, numbered from 00001
   * within each month): the landmark load fills such a paper rather than adding one (100,000 + 512 − this).
   */
  readonly landmarksOnSyntheticIds: number;
}

export interface PreparedStore {
  readonly bench: BenchGraph;
  readonly targets: LoadTargets;
  readonly figures: {
    readonly home: string;
    /** False on first use: the store was generated and imported in this run. */
    readonly storeReused: boolean;
    /** As recorded when the store was built (generation and neo4j-admin import), seconds. */
    readonly generationSeconds: number;
    readonly importSeconds: number;
    /** openBenchGraph in this run: build if needed, start, migrate, indexes online. */
    readonly openSeconds: number;
    readonly neo4jStartSeconds: number;
    readonly indexesOnlineSeconds: number;
    /** Full ranking rebuild (first use only; 0 when the marker says it was done). */
    readonly rankingSeconds: number;
    readonly rankedLists: number;
    readonly landmarkLoadSeconds: number;
    readonly papersBeforeLandmarks: number;
    readonly papersAfterLandmarks: number;
    readonly citations: number;
    readonly authors: number;
    readonly heap: string;
    readonly pageCache: string;
    /** Everything above plus picking the targets. */
    readonly prepareSeconds: number;
  };
}

const SEARCH_TERMS = [
  'memorization',
  'generalization',
  'scaling laws',
  'grokking',
  'adversarial robustness',
  'lottery ticket',
  'attention',
  'sharpness',
  'double descent',
  'in-context learning',
  'neural tangent kernel',
  'interpretability circuit',
  'induction heads',
  'batch normalization',
  '"random labels"',
  '"sharp minima"',
  'loss landscape',
  'calibration',
  'distillation',
  'superposition',
  'pruning',
  'emergence',
  'transformer',
  'learning',
];

async function storeBuiltAt(home: string): Promise<string> {
  const record = JSON.parse(await readFile(path.join(home, 'synth.json'), 'utf8')) as { builtAt: string };
  return record.builtAt;
}

async function markerBuiltAt(home: string): Promise<string | undefined> {
  const file = path.join(home, MARKER);
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { builtAt?: string }).builtAt;
  } catch {
    return undefined;
  }
}

async function pickTargets(bench: BenchGraph, landmarkIds: readonly string[]): Promise<LoadTargets> {
  const graph = bench.graph;
  const hubs = await graph.read<{ arxivId: string; citers: number }>({
    text: `MATCH (p:Paper) WHERE p.arxivId IS NOT NULL AND NOT p.arxivId IN $landmarks
WITH p, COUNT { (p)<-[:CITES]-() } AS citers
ORDER BY citers DESC, p.id LIMIT 5
RETURN p.arxivId AS arxivId, citers`,
    params: { landmarks: landmarkIds },
  });
  const [spread] = await graph.read<{ sample: string[] }>({
    text: `MATCH (p:Paper) WHERE p.arxivId IS NOT NULL AND NOT p.arxivId IN $landmarks
WITH p.arxivId AS arxivId ORDER BY p.id
WITH collect(arxivId) AS ids
RETURN [i IN range(0, 199) | ids[toInteger(i * size(ids) / 200)]] AS sample`,
    params: { landmarks: landmarkIds },
  });
  const landmarkHubs = await graph.read<{ arxivId: string }>({
    text: `MATCH (p:Paper) WHERE p.arxivId IN $landmarks
WITH p, COUNT { (p)<-[:CITES]-() } AS citers
ORDER BY citers DESC, p.id LIMIT 20
RETURN p.arxivId AS arxivId`,
    params: { landmarks: landmarkIds },
  });
  const [shared] = await graph.read<{ n: number }>({
    text: `MATCH (p:Paper) WHERE p.arxivId IN $landmarks AND p.source <> $source RETURN count(p) AS n`,
    params: { landmarks: landmarkIds, source: LANDMARK_SOURCE },
  });
  const taxonomy = taxonomies();
  return {
    landmarks: landmarkIds,
    landmarkHubs: landmarkHubs.map((r) => r.arxivId),
    hubs,
    typical: spread?.sample ?? [],
    searchTerms: SEARCH_TERMS,
    subfields: taxonomy.subfields.items.map((s) => s.slug),
    contributionTypes: taxonomy.contributionTypes.items.map((c) => c.slug),
    landmarksOnSyntheticIds: shared?.n ?? 0,
  };
}

/** Opens (building on first use) and prepares the store; the caller closes `bench`. */
export async function openLoadStore(log: (line: string) => void): Promise<PreparedStore> {
  const started = performance.now();
  const bench = await openBenchGraph({
    size: LOAD_PAPERS,
    seed: LOAD_SEED,
    root: BENCH_ROOT,
    heap: HEAP,
    pageCache: PAGE_CACHE,
    log,
  });
  const openSeconds = (performance.now() - started) / 1000;
  try {
    if (bench.home.endsWith(`${path.sep}100k-s1`)) throw new Error('refusing to write the benchmark store');
    const graph = bench.graph;
    const builtAt = await storeBuiltAt(bench.home);
    const ranking = new RankingRepository(graph);
    let rankingSeconds = 0;
    if ((await markerBuiltAt(bench.home)) !== builtAt) {
      log('Building the ranked citer lists (first use of this store) …');
      const rankStarted = performance.now();
      await ranking.rebuildAll();
      rankingSeconds = (performance.now() - rankStarted) / 1000;
    }
    const status = new StatusRepository(graph);
    const before = await status.counts();
    const landmarkStarted = performance.now();
    const loaded = await loadLandmarkCorpus(graph);
    const landmarkLoadSeconds = (performance.now() - landmarkStarted) / 1000;
    const after = await status.counts();
    await writeFile(
      path.join(bench.home, MARKER),
      `${JSON.stringify({ builtAt, preparedAt: new Date().toISOString(), landmarks: loaded.landmarks }, null, 2)}\n`,
    );
    const landmarkIds = loadLandmarks(taxonomies()).map((p) => p.arxivId);
    const targets = await pickTargets(bench, landmarkIds);
    const rankedLists = (await ranking.summary()).lists;
    return {
      bench,
      targets,
      figures: {
        home: path.relative(PROJECT_ROOT, bench.home),
        storeReused: bench.stats.reused,
        generationSeconds: bench.stats.generation.seconds,
        importSeconds: bench.stats.import.seconds,
        openSeconds,
        neo4jStartSeconds: bench.stats.startSeconds,
        indexesOnlineSeconds: bench.stats.indexesOnlineSeconds,
        rankingSeconds,
        rankedLists,
        landmarkLoadSeconds,
        papersBeforeLandmarks: before.papers,
        papersAfterLandmarks: after.papers,
        citations: after.citations,
        authors: after.authors,
        heap: HEAP,
        pageCache: PAGE_CACHE,
        prepareSeconds: (performance.now() - started) / 1000,
      },
    };
  } catch (error) {
    await bench.close();
    throw error;
  }
}
