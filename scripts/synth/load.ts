/**
 * A synthetic benchmark graph in a Neo4j of its own: generated (generate.ts), loaded with neo4j-admin's
 * offline importer from the project's Maven jars into `.data/bench/<size>-s<seed>/`, then served by the
 * project's local Neo4j with the project's migrations applied (constraints, the full-text index). The
 * store is cached: a second open reuses it; `close()` stops the server and keeps the store.
 *
 *   npm run bench:graph -- --size 10k|100k|1m [--seed N] [--fresh] [--keep-csv]
 *
 * prints generation, import and index times, store size, counts, the in-degree distribution and papers per
 * year as read back from the database, tag label shares against the landmark corpus, and peak memory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { connectGraph, type Graph } from '../../src/graph/driver.js';
import { migrate } from '../../src/graph/migrations.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import {
  checkJava,
  ensureJars,
  findFreePort,
  jvmArguments,
  NEO4J_TOOL_DIR,
  neo4jVersion,
  readLiveState,
  renderNeo4jConf,
  startLocalNeo4j,
} from '../../src/neo4j-local/neo4j-local.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { GENERATOR_VERSION, type GenerationReport, generateGraph, parseSize, sizeLabel } from './generate.js';

export const BENCH_ROOT = path.join(PROJECT_ROOT, '.data', 'bench');

export interface ImportFigures {
  readonly seconds: number;
  /** Peak resident memory of the importer's JVM; null when it could not be measured. */
  readonly peakRssMb: number | null;
  /** How the peak was measured. */
  readonly rssMethod: string;
  readonly heap: string;
  readonly offHeap: string;
  readonly threads: number;
  /** The importer's own summary lines ("IMPORT DONE in …", counts, "Peak memory usage: …"). */
  readonly summary: readonly string[];
}

/** What the store's folder records about how it was built (`synth.json`). */
export interface StoreRecord {
  readonly generatorVersion: number;
  readonly papers: number;
  readonly seed: number;
  readonly neo4jVersion: string;
  readonly builtAt: string;
  readonly generation: GenerationReport;
  readonly import: ImportFigures;
}

export interface BenchGraphStats {
  readonly papers: number;
  readonly seed: number;
  /** True when an existing store was reused (generation and import figures are the recorded ones). */
  readonly reused: boolean;
  readonly generation: GenerationReport;
  readonly import: ImportFigures;
  /** Server start (Java spawn → Bolt ready). */
  readonly startSeconds: number;
  /** `migrate` (constraints + indexes, including its own wait for indexes). */
  readonly migrateSeconds: number;
  /** From the start of `migrate` until every index reports ONLINE. */
  readonly indexesOnlineSeconds: number;
  readonly heap: string;
  readonly pageCache: string;
  /** data/databases: the store files and indexes (the neo4j and system databases). */
  readonly storeBytes: number;
  /** data/transactions: transaction logs (the importer preallocates 256 MB). */
  readonly transactionLogBytes: number;
}

export interface BenchGraph {
  readonly graph: Graph;
  readonly uri: string;
  readonly home: string;
  readonly stats: BenchGraphStats;
  /** Pid of the server's process (the watchdog wrapping Java). */
  readonly pid: number;
  /** Disconnects and stops the server; the store stays for the next open. */
  close(): Promise<void>;
}

export interface BenchGraphOptions {
  /** Papers: a number or `10k` / `100k` / `1m`. */
  readonly size: number | string;
  readonly seed?: number;
  /** Rebuild the store even when a valid one exists. */
  readonly fresh?: boolean;
  /** Keep the CSV files after the import (default: deleted, the store is what is cached). */
  readonly keepCsv?: boolean;
  /** Folder holding the stores; default `.data/bench`. */
  readonly root?: string;
  readonly heap?: string;
  readonly pageCache?: string;
  readonly log?: (line: string) => void;
}

/** Server memory for a size: the whole store fits the page cache. */
export function serverMemory(papers: number): { heap: string; pageCache: string } {
  if (papers <= 20_000) return { heap: '1g', pageCache: '512m' };
  if (papers <= 200_000) return { heap: '2g', pageCache: '2g' };
  return { heap: '4g', pageCache: '6g' };
}

/** Importer memory: bounded heap and off-heap whatever the size. */
const IMPORT_HEAP = '2g';
const IMPORT_OFF_HEAP = '2G';
const IMPORT_THREADS = 2;

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

async function readRecord(home: string): Promise<StoreRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(home, 'synth.json'), 'utf8')) as StoreRecord;
  } catch {
    return undefined;
  }
}

/** Peak RSS (VmHWM) in MB of a process and its children, read from /proc; undefined off Linux. */
export async function peakRssOfTree(pid: number): Promise<number | undefined> {
  const hwm = async (p: number) => {
    try {
      const status = await readFile(`/proc/${p}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  };
  let best = await hwm(pid);
  try {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/);
    for (const child of children.filter(Boolean)) {
      const value = await peakRssOfTree(Number(child));
      if (value !== undefined && (best === undefined || value > best)) best = value;
    }
  } catch {
    // no children list
  }
  return best;
}

function importArguments(csvDir: string, report: GenerationReport, reportFile: string): string[] {
  const args = [
    'database',
    'import',
    'full',
    // The database name first: the --nodes / --relationships lists would swallow a trailing one.
    'neo4j',
    `--threads=${IMPORT_THREADS}`,
    `--max-off-heap-memory=${IMPORT_OFF_HEAP}`,
    '--bad-tolerance=0',
    '--overwrite-destination=true',
    `--report-file=${reportFile}`,
  ];
  for (const file of report.files) {
    const files = `${path.join(csvDir, path.basename(file.header))},${path.join(csvDir, path.basename(file.data))}`;
    args.push(file.kind === 'nodes' ? `--nodes=${files}` : `--relationships=${files}`);
  }
  return args;
}

/** Runs neo4j-admin's offline importer on the generated CSV files into `home`. */
async function runImport(
  home: string,
  csvDir: string,
  report: GenerationReport,
  log: (line: string) => void,
): Promise<ImportFigures> {
  const config = loadConfig();
  // The jars come from Maven Central on first use, as for `npm start` (fails clearly without Maven).
  const libDir = await ensureJars({ libDir: path.join(NEO4J_TOOL_DIR, 'lib'), log });
  await checkJava(config.localNeo4j.javaHome);
  for (const name of ['conf', 'data', 'logs', 'run']) await mkdir(path.join(home, name), { recursive: true });
  await writeFile(
    path.join(home, 'conf', 'neo4j.conf'),
    renderNeo4jConf({ home, port: 7687, pageCache: '512m' }),
  );
  // The JVM openings Neo4j's launcher passes (the server's list), with the importer's own heap.
  const jvm = jvmArguments({ home, heap: IMPORT_HEAP }, libDir).filter(
    (arg) => arg.startsWith('--add-opens') || arg.startsWith('--enable-native-access'),
  );
  const java = config.localNeo4j.javaHome ? path.join(config.localNeo4j.javaHome, 'bin', 'java') : 'java';
  const javaArgs = [
    `-Xmx${IMPORT_HEAP}`,
    ...jvm,
    '-cp',
    `${libDir}/*`,
    'org.neo4j.cli.AdminTool',
    ...importArguments(csvDir, report, path.join(home, 'logs', 'import.report')),
  ];
  const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const [command, args] = timeTool ? [timeTool, ['-v', java, ...javaArgs]] : [java, javaArgs];
  const logFile = path.join(home, 'logs', 'import.log');
  log(
    `Importing with neo4j-admin (${IMPORT_THREADS} threads, heap ${IMPORT_HEAP}, off-heap ${IMPORT_OFF_HEAP}) …`,
  );
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: home,
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 4_000_000) output = output.slice(-1_000_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // Without /usr/bin/time, sample the JVM's VmHWM while it runs.
  let sampled: number | undefined;
  let running = true;
  const sampler = (async () => {
    while (running && !timeTool && child.pid) {
      const value = await peakRssOfTree(child.pid);
      if (value !== undefined) sampled = Math.max(sampled ?? 0, value);
      await sleep(500);
    }
  })();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  running = false;
  await sampler;
  const seconds = (performance.now() - started) / 1000;
  await writeFile(logFile, output);
  if (code !== 0) {
    const reportText = await readFile(path.join(home, 'logs', 'import.report'), 'utf8').catch(() => '');
    const message = output
      .split('\n')
      .filter(
        (line) =>
          !/^\s+at |^\s+(Command being|[A-Z][a-z ]+\(.*\):|Exit status|Page size|Swaps|Signals|Socket)/.test(
            line,
          ),
      )
      .join('\n')
      .trim()
      .slice(-3000);
    const reportTail = reportText ? `\nimport.report:\n${reportText.slice(0, 2000)}` : '';
    throw new Error(
      `neo4j-admin import failed (exit ${code}); full output in ${logFile}:\n${message}${reportTail}`,
    );
  }
  const lines = output.split('\n').map((l) => l.trim());
  const done = lines.findIndex((l) => l.startsWith('IMPORT DONE'));
  const peakLine = lines.findIndex((l, i) => i > done && l.startsWith('Peak memory usage'));
  const summary =
    done >= 0 ? lines.slice(done, peakLine > done ? peakLine + 1 : done + 1).filter(Boolean) : [];
  const rssLine = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
  const peakRssMb = rssLine ? Number(rssLine[1]) / 1024 : (sampled ?? null);
  return {
    seconds,
    peakRssMb,
    rssMethod: rssLine
      ? '/usr/bin/time -v'
      : sampled !== undefined
        ? '/proc VmHWM sampled every 0.5 s'
        : 'not measured',
    heap: IMPORT_HEAP,
    offHeap: IMPORT_OFF_HEAP,
    threads: IMPORT_THREADS,
    summary,
  };
}

/** Generates and imports a store into `home` (emptied first). */
async function buildStore(
  home: string,
  papers: number,
  seed: number,
  keepCsv: boolean,
  log: (line: string) => void,
): Promise<StoreRecord> {
  await rm(home, { recursive: true, force: true });
  const csvDir = path.join(home, 'csv');
  log(
    `Generating ${papers.toLocaleString('en-US')} papers (seed ${seed}) into ${path.relative(PROJECT_ROOT, csvDir)}/ …`,
  );
  const generation = await generateGraph({ papers, seed, dir: csvDir, log });
  const csvBytes = generation.files.reduce((sum, f) => sum + f.bytes, 0);
  log(
    `Generated in ${generation.seconds.toFixed(1)} s: ${generation.counts.cites.toLocaleString('en-US')} citations, ` +
      `${(csvBytes / 1024 ** 2).toFixed(0)} MB of CSV.`,
  );
  const imported = await runImport(home, csvDir, generation, log);
  log(`Imported in ${imported.seconds.toFixed(1)} s.`);
  if (!keepCsv) await rm(csvDir, { recursive: true, force: true });
  const record: StoreRecord = {
    generatorVersion: GENERATOR_VERSION,
    papers,
    seed,
    neo4jVersion: await neo4jVersion(),
    builtAt: new Date().toISOString(),
    generation,
    import: imported,
  };
  await writeFile(path.join(home, 'synth.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** Polls until every index is ONLINE; throws on a FAILED one. */
async function awaitIndexesOnline(graph: Graph, timeoutMs = 900_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await graph.read<{ name: string; state: string; percent: number }>({
      text: 'SHOW INDEXES YIELD name, state, populationPercent RETURN name, state, populationPercent AS percent',
      params: {},
    });
    const failed = rows.find((r) => r.state === 'FAILED');
    if (failed) throw new Error(`Index ${failed.name} FAILED to populate`);
    if (rows.every((r) => r.state === 'ONLINE')) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Indexes not online after ${timeoutMs / 1000} s: ${rows
          .filter((r) => r.state !== 'ONLINE')
          .map((r) => `${r.name} ${r.state} ${r.percent}%`)
          .join(', ')}`,
      );
    }
    await sleep(500);
  }
}

/**
 * Opens the benchmark graph of a size and seed: builds the store on first use (or with `fresh`), starts
 * Neo4j on it, applies the project's migrations and waits until every index is online.
 */
export async function openBenchGraph(options: BenchGraphOptions): Promise<BenchGraph> {
  const papers = typeof options.size === 'number' ? options.size : parseSize(options.size);
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const home = path.resolve(options.root ?? BENCH_ROOT, `${sizeLabel(papers)}-s${seed}`);
  const live = await readLiveState(home);
  if (live) {
    throw new Error(
      `A Neo4j already runs on ${home} (pid ${live.pid}, ${live.uri}); close the other benchmark first ` +
        `or stop it with \`kill ${live.pid}\`.`,
    );
  }

  let record = options.fresh ? undefined : await readRecord(home);
  const storeExists = existsSync(path.join(home, 'data', 'databases', 'neo4j'));
  let reused = false;
  if (
    record &&
    storeExists &&
    record.generatorVersion === GENERATOR_VERSION &&
    record.papers === papers &&
    record.seed === seed
  ) {
    reused = true;
    log(`Reusing the store in ${home} (built ${record.builtAt}).`);
  } else {
    if (record && record.generatorVersion !== GENERATOR_VERSION) {
      log(`The store in ${home} is from generator version ${record.generatorVersion}; rebuilding.`);
    }
    record = await buildStore(home, papers, seed, options.keepCsv ?? false, log);
  }

  const memory = serverMemory(papers);
  const heap = options.heap ?? memory.heap;
  const pageCache = options.pageCache ?? memory.pageCache;
  const config = loadConfig();
  const neo4j = await startLocalNeo4j({
    home,
    port: await findFreePort(),
    heap,
    pageCache,
    startTimeoutMs: Math.max(config.localNeo4j.startTimeoutMs, 600_000),
    javaHome: config.localNeo4j.javaHome,
    log,
  });
  try {
    const graph = await connectGraph(
      { ...config.neo4j, uri: neo4j.uri, password: undefined },
      { source: 'bench' },
    );
    try {
      const migrateStarted = performance.now();
      const result = await migrate(graph, undefined, log);
      const migrateSeconds = (performance.now() - migrateStarted) / 1000;
      await awaitIndexesOnline(graph);
      const indexesOnlineSeconds = (performance.now() - migrateStarted) / 1000;
      log(
        `Schema at version ${result.version}${result.applied.length ? ` (applied ${result.applied.join(', ')})` : ''}; ` +
          `indexes online after ${indexesOnlineSeconds.toFixed(1)} s.`,
      );
      await new TagRepository(graph).syncTaxonomies(taxonomies());
      const stats: BenchGraphStats = {
        papers,
        seed,
        reused,
        generation: record.generation,
        import: record.import,
        startSeconds: neo4j.startMs / 1000,
        migrateSeconds,
        indexesOnlineSeconds,
        heap,
        pageCache,
        storeBytes: await folderBytes(path.join(home, 'data', 'databases')),
        transactionLogBytes: await folderBytes(path.join(home, 'data', 'transactions')),
      };
      let closing: Promise<void> | undefined;
      return {
        graph,
        uri: neo4j.uri,
        home,
        stats,
        pid: neo4j.pid,
        close() {
          closing ??= (async () => {
            await graph.close();
            await neo4j.stop();
          })();
          return closing;
        },
      };
    } catch (error) {
      await graph.close();
      throw error;
    }
  } catch (error) {
    await neo4j.stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Figures read back from the database (the CLI prints them).

export interface GraphFigures {
  readonly nodes: number;
  readonly relationships: number;
  readonly labels: Readonly<Record<string, number>>;
  readonly types: Readonly<Record<string, number>>;
  readonly inDegree: {
    readonly max: number;
    readonly p999: number;
    readonly p99: number;
    readonly p90: number;
    readonly median: number;
    readonly mean: number;
    readonly over10k: number;
  };
  readonly papersPerYear: ReadonlyArray<{ year: number; papers: number }>;
  readonly tags: ReadonlyArray<{ kind: 'subfield' | 'contribution'; slug: string; papers: number }>;
  readonly seconds: number;
}

const LABELS = ['Paper', 'Author', 'Category', 'Subfield', 'ContributionType', 'Migration'];
const TYPES = ['CITES', 'AUTHORED', 'IN_CATEGORY', 'IN_SUBFIELD', 'HAS_CONTRIBUTION'];

export async function graphFigures(graph: Graph): Promise<GraphFigures> {
  const started = performance.now();
  const one = async <T extends Record<string, unknown>>(text: string) =>
    (await graph.read<T>({ text, params: {} }))[0] as T;
  const { nodes } = await one<{ nodes: number }>('MATCH (n) RETURN count(n) AS nodes');
  const { relationships } = await one<{ relationships: number }>(
    'MATCH ()-[r]->() RETURN count(r) AS relationships',
  );
  const labels: Record<string, number> = {};
  // Label and type names are fixed constants, not user input.
  for (const label of LABELS)
    labels[label] = (await one<{ n: number }>(`MATCH (n:${label}) RETURN count(n) AS n`)).n;
  const types: Record<string, number> = {};
  for (const type of TYPES)
    types[type] = (await one<{ n: number }>(`MATCH ()-[r:${type}]->() RETURN count(r) AS n`)).n;
  const inDegree = await one<GraphFigures['inDegree']>(
    `MATCH (p:Paper) WITH COUNT { (p)<-[:CITES]-() } AS d
RETURN max(d) AS max, percentileDisc(d, 0.999) AS p999, percentileDisc(d, 0.99) AS p99,
  percentileDisc(d, 0.9) AS p90, percentileDisc(d, 0.5) AS median, avg(d) AS mean,
  sum(CASE WHEN d >= 10000 THEN 1 ELSE 0 END) AS over10k`,
  );
  const papersPerYear = await graph.read<{ year: number; papers: number }>({
    text: 'MATCH (p:Paper) RETURN p.year AS year, count(*) AS papers ORDER BY year',
    params: {},
  });
  const tags = await graph.read<{ kind: 'subfield' | 'contribution'; slug: string; papers: number }>({
    text: `CALL () {
  MATCH (s:Subfield) RETURN 'subfield' AS kind, s.slug AS slug, COUNT { (s)<-[:IN_SUBFIELD]-() } AS papers
  UNION ALL
  MATCH (t:ContributionType) RETURN 'contribution' AS kind, t.slug AS slug, COUNT { (t)<-[:HAS_CONTRIBUTION]-() } AS papers
}
RETURN kind, slug, papers ORDER BY kind DESC, papers DESC`,
    params: {},
  });
  return {
    nodes,
    relationships,
    labels,
    types,
    inDegree,
    papersPerYear,
    tags,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Share of landmark papers carrying each label. */
export function landmarkShares(): Map<string, number> {
  const papers = loadLandmarks(taxonomies());
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const slug of [
      ...paper.tags.subfields.map((s) => s.subfield),
      ...paper.tags.contributions.map((c) => c.type),
    ]) {
      counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
  }
  return new Map([...counts].map(([slug, n]) => [slug, n / papers.length]));
}

// ---------------------------------------------------------------------------------------------------------
// CLI

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const mb = (bytes: number) =>
  `${(bytes / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function parseArgs(argv: readonly string[]): {
  size: string;
  seed: number;
  fresh: boolean;
  keepCsv: boolean;
} {
  let size: string | undefined;
  let seed = 1;
  let fresh = false;
  let keepCsv = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--size') size = argv[++i];
    else if (arg === '--seed') seed = Number(argv[++i]);
    else if (arg === '--fresh') fresh = true;
    else if (arg === '--keep-csv') keepCsv = true;
    else
      throw new Error(
        `Unknown argument ${arg}. Usage: npm run bench:graph -- --size 10k|100k|1m [--seed N] [--fresh] [--keep-csv]`,
      );
  }
  if (!size)
    throw new Error('Usage: npm run bench:graph -- --size 10k|100k|1m [--seed N] [--fresh] [--keep-csv]');
  if (!Number.isInteger(seed)) throw new Error(`--seed expects an integer, got ${seed}`);
  parseSize(size);
  return { size, seed, fresh, keepCsv };
}

function printReport(bench: BenchGraph, figures: GraphFigures): void {
  const { stats } = bench;
  const g = stats.generation;
  const out = (line = '') => console.log(line);
  out(
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; ` +
      `Node ${process.version}; store ${bench.home}`,
  );
  out(
    `Size ${n(stats.papers)} papers, seed ${stats.seed}${stats.reused ? ' (store reused: generation and import figures as recorded when it was built)' : ''}`,
  );
  out();
  out(
    `Generation: ${g.seconds.toFixed(1)} s, Node peak RSS ${g.maxRssMb.toFixed(0)} MB (generator ${g.generatorVersion})`,
  );
  for (const f of g.files)
    out(`  ${f.name.padEnd(18)} ${n(f.rows).padStart(12)} rows ${mb(f.bytes).padStart(10)}`);
  out(
    `  ${'total'.padEnd(18)} ${''.padStart(17)} ${mb(g.files.reduce((s, f) => s + f.bytes, 0)).padStart(10)}`,
  );
  out(
    `  as generated: in-degree max ${n(g.inDegree.max)}, p99.9 ${n(g.inDegree.p999)}, p99 ${n(g.inDegree.p99)}, ` +
      `median ${n(g.inDegree.median)}; median citation age ${g.medianCitationAgeYears} y; ` +
      `papers per author max ${n(g.authorPapers.max)}, median ${g.authorPapers.median}, one paper ${pct(g.authorPapers.singlePaperShare)}`,
  );
  const imp = stats.import;
  out(
    `Import (neo4j-admin, ${imp.threads} threads, heap ${imp.heap}, off-heap ≤ ${imp.offHeap}): ${imp.seconds.toFixed(1)} s, ` +
      `peak RSS ${imp.peakRssMb === null ? 'not measured' : `${imp.peakRssMb.toFixed(0)} MB (${imp.rssMethod})`}`,
  );
  for (const line of imp.summary) out(`  ${line}`);
  out(
    `Server: heap ${stats.heap}, page cache ${stats.pageCache}; ready in ${stats.startSeconds.toFixed(1)} s; ` +
      `migrate ${stats.migrateSeconds.toFixed(1)} s; all indexes ONLINE after ${stats.indexesOnlineSeconds.toFixed(1)} s`,
  );
  out(
    `Store: ${mb(stats.storeBytes)} in data/databases, ${mb(stats.transactionLogBytes)} of transaction logs`,
  );
  out();
  out(`From the database (${figures.seconds.toFixed(1)} s):`);
  out(
    `  nodes ${n(figures.nodes)}: ${Object.entries(figures.labels)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  out(
    `  relationships ${n(figures.relationships)}: ${Object.entries(figures.types)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  const d = figures.inDegree;
  out(
    `  CITES in-degree: max ${n(d.max)}, p99.9 ${n(d.p999)}, p99 ${n(d.p99)}, p90 ${n(d.p90)}, median ${n(d.median)}, ` +
      `mean ${d.mean.toFixed(1)}; ${n(d.over10k)} papers with ≥ 10,000 citations`,
  );
  out('  papers per year:');
  const years = figures.papersPerYear;
  for (let i = 0; i < years.length; i += 9) {
    out(
      `    ${years
        .slice(i, i + 9)
        .map((y) => `${y.year} ${n(y.papers)}`.padEnd(14))
        .join('')}`,
    );
  }
  out('  tag label shares (papers with the label): synthetic vs landmark corpus');
  const landmark = landmarkShares();
  const papers = figures.labels.Paper ?? 1;
  for (const tag of figures.tags) {
    out(
      `    ${tag.kind.padEnd(12)} ${tag.slug.padEnd(32)} ${pct(tag.papers / papers).padStart(6)}  vs ${pct(landmark.get(tag.slug) ?? 0).padStart(6)}`,
    );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchGraph({ ...args, log });
  try {
    const figures = await graphFigures(bench.graph);
    const serverRss = await peakRssOfTree(bench.pid);
    printReport(bench, figures);
    console.log();
    console.log(
      `Peak RSS: this Node process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ` +
        `Neo4j server ${serverRss === undefined ? 'not measured' : `${serverRss.toFixed(0)} MB`} (VmHWM, after the figures' queries)`,
    );
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
