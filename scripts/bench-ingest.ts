import os from 'node:os';
import { authorKeyFor } from '../src/domain/authors.js';
import type { CitationRecordInput, PaperRecordInput } from '../src/domain/records.js';
import type { Graph } from '../src/graph/driver.js';
import { PaperRepository } from '../src/graph/paper.repository.js';
import { rng } from './random.js';
import { startThrowawayNeo4j } from './throwaway-neo4j.js';

const CATEGORIES = [
  'cs.LG',
  'stat.ML',
  'cs.CV',
  'cs.CL',
  'cs.AI',
  'cs.NE',
  'math.OC',
  'cs.IT',
  'physics.data-an',
];
const WORDS =
  'loss sharpness grokking scaling transformer circuit probe memorization generalization feature'.split(' ');

interface Corpus {
  readonly size: number;
  readonly papers: PaperRecordInput[];
  /** refStart[i]..refStart[i+1] index into refs: the papers paper i cites. */
  readonly refStart: Int32Array;
  readonly refs: Int32Array;
}

function arxivIdOf(i: number): string {
  // 5-digit new-style ids, 99,999 per month from 2001 on: unique and valid.
  const month = Math.floor(i / 99_999);
  const yymm = `${String(Math.floor(month / 12) + 1).padStart(2, '0')}${String((month % 12) + 1).padStart(2, '0')}`;
  return `${yymm}.${String((i % 99_999) + 1).padStart(5, '0')}`;
}

function generate(size: number): Corpus {
  const random = rng(20261128);
  const authorPool = Math.max(10, Math.floor(size / 3));
  const papers: PaperRecordInput[] = [];
  for (let i = 0; i < size; i++) {
    const authors = 2 + Math.floor(random() * 5);
    const names = new Set<string>();
    while (names.size < authors) names.add(`Author ${Math.floor(authorPool * random() ** 2)}`);
    const categories = new Set([CATEGORIES[Math.floor(random() * 3)] as string]);
    while (categories.size < 1 + Math.floor(random() * 3)) {
      categories.add(CATEGORIES[Math.floor(random() * CATEGORIES.length)] as string);
    }
    const title = Array.from({ length: 6 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
    papers.push({
      arxivId: arxivIdOf(i),
      title: `${title} ${i}`,
      abstract: `Synthetic abstract ${i}: ${Array.from({ length: 40 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')}.`,
      publishedAt: `${2001 + Math.floor((i / size) * 25)}-06-01`,
      authors: [...names].map((name) => ({ name })),
      categories: [...categories],
      source: 'bench',
    });
  }
  const refStart = new Int32Array(size + 1);
  const refs: number[] = [];
  const targets: number[] = []; // every cited paper once per citation: uniform pick = preferential attachment
  for (let i = 0; i < size; i++) {
    refStart[i] = refs.length;
    const wanted = Math.min(i, 10 + Math.floor(random() * 51));
    const chosen = new Set<number>();
    let attempts = 0;
    while (chosen.size < wanted && attempts++ < wanted * 10) {
      const r = random();
      let target: number;
      if (r < 0.7 && targets.length) target = targets[Math.floor(random() * targets.length)] as number;
      else if (r < 0.9) target = Math.max(0, i - 1 - Math.floor(random() * Math.max(1, size * 0.05)));
      else target = Math.floor(random() * i);
      if (target < i) chosen.add(target);
    }
    for (const target of chosen) {
      refs.push(target);
      targets.push(target);
    }
  }
  refStart[size] = refs.length;
  return { size, papers, refStart, refs: Int32Array.from(refs) };
}

function citationsOf(corpus: Corpus, from: number): CitationRecordInput[] {
  const out: CitationRecordInput[] = [];
  for (let k = corpus.refStart[from] as number; k < (corpus.refStart[from + 1] as number); k++) {
    const to = corpus.refs[k] as number;
    out.push({
      from: { arxivId: arxivIdOf(from) },
      to: { arxivId: arxivIdOf(to) },
      contexts: [
        `Paper ${from} builds on the measurements of paper ${to} [${k - (corpus.refStart[from] as number) + 1}].`,
      ],
      source: 'bench',
    });
  }
  return out;
}

async function* citationBatches(corpus: Corpus, batch: number): AsyncGenerator<CitationRecordInput[]> {
  let pending: CitationRecordInput[] = [];
  for (let i = 0; i < corpus.size; i++) {
    pending.push(...citationsOf(corpus, i));
    if (pending.length >= batch) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length) yield pending;
}

/** Empties the database but for the migrations: relationships first, so no transaction holds a hub's edges. */
async function wipe(graph: Graph): Promise<void> {
  await graph.runSchema({
    text: 'MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS',
    params: {},
  });
  await graph.runSchema({
    text: 'MATCH (n) WHERE NOT n:Migration CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS',
    params: {},
  });
}

interface Timing {
  papersSeconds: number;
  citationsSeconds: number;
}

async function viaRepository(graph: Graph, corpus: Corpus): Promise<Timing> {
  const repository = new PaperRepository(graph);
  let started = performance.now();
  for (let i = 0; i < corpus.papers.length; i += 10_000) {
    const result = await repository.upsert(corpus.papers.slice(i, i + 10_000));
    if (result.rejected.length) throw new Error(`rejected: ${JSON.stringify(result.rejected[0])}`);
  }
  const papersSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for await (const batch of citationBatches(corpus, 20_000)) {
    const result = await repository.linkCitations(batch);
    if (result.rejected.length) throw new Error(`rejected: ${JSON.stringify(result.rejected[0])}`);
  }
  return { papersSeconds, citationsSeconds: (performance.now() - started) / 1000 };
}

/** The same rows with the least work Neo4j can do: CREATE, endpoints found through the same indexes. */
async function bare(graph: Graph, corpus: Corpus): Promise<Timing> {
  let started = performance.now();
  const authorKeys = new Map<string, string>();
  for (const paper of corpus.papers)
    for (const a of paper.authors ?? []) authorKeys.set(authorKeyFor(a), a.name);
  const authorRows = [...authorKeys].map(([key, name]) => ({ key, name }));
  for (let i = 0; i < authorRows.length; i += 10_000) {
    await graph.write({
      text: 'UNWIND $rows AS row CREATE (:Author {key: row.key, name: row.name})',
      params: { rows: authorRows.slice(i, i + 10_000) },
    });
  }
  await graph.write({ text: 'UNWIND $ids AS id CREATE (:Category {id: id})', params: { ids: CATEGORIES } });
  for (let i = 0; i < corpus.papers.length; i += 1000) {
    const rows = corpus.papers.slice(i, i + 1000).map((p) => ({
      id: `arxiv:${p.arxivId}`,
      props: {
        arxivId: p.arxivId,
        title: p.title,
        abstract: p.abstract,
        publishedAt: p.publishedAt,
        year: Number(p.publishedAt?.slice(0, 4)),
        source: p.source,
        stub: false,
      },
      authors: (p.authors ?? []).map((a, position) => ({ key: authorKeyFor(a), position })),
      categories: (p.categories ?? []).map((id, position) => ({ id, primary: position === 0 })),
    }));
    await graph.writeTransaction(async (tx) => {
      await tx.run({
        text: 'UNWIND $rows AS row CREATE (p:Paper {id: row.id}) SET p += row.props',
        params: { rows },
      });
      await tx.run({
        text: `UNWIND $rows AS row MATCH (p:Paper {id: row.id})
UNWIND row.authors AS au MATCH (a:Author {key: au.key}) CREATE (a)-[:AUTHORED {position: au.position}]->(p)`,
        params: { rows },
      });
      await tx.run({
        text: `UNWIND $rows AS row MATCH (p:Paper {id: row.id})
UNWIND row.categories AS cat MATCH (c:Category {id: cat.id}) CREATE (p)-[:IN_CATEGORY {primary: cat.primary}]->(c)`,
        params: { rows },
      });
    });
  }
  const papersSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for await (const batch of citationBatches(corpus, 5000)) {
    const rows = batch.map((c) => ({
      from: `arxiv:${c.from.arxivId}`,
      to: `arxiv:${c.to.arxivId}`,
      contexts: c.contexts,
      source: c.source,
    }));
    await graph.write({
      text: `UNWIND $rows AS row MATCH (a:Paper {id: row.from}) MATCH (b:Paper {id: row.to})
CREATE (a)-[:CITES {contexts: row.contexts, sources: [row.source]}]->(b)`,
      params: { rows },
    });
  }
  return { papersSeconds, citationsSeconds: (performance.now() - started) / 1000 };
}

function parseSizes(argv: string[]): number[] {
  const index = argv.indexOf('--sizes');
  const text = index >= 0 ? argv[index + 1] : undefined;
  const sizes = (text ?? '10000,100000').split(',').map((s) => Number.parseInt(s, 10));
  if (sizes.some((s) => !Number.isFinite(s) || s < 100))
    throw new Error(`--sizes expects numbers ≥ 100, got ${text}`);
  return sizes;
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  const heap = '1g';
  const pageCache = '1g';
  const neo4j = await startThrowawayNeo4j({ name: 'bench', heap, pageCache });
  const { graph } = neo4j;
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  try {
    console.log(
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; Node ${process.version}; Neo4j heap ${heap}, page cache ${pageCache}`,
    );
    // Warm-up: Cypher plans both write paths once and the JVM compiles its hot code, so the timed runs
    // compare steady states rather than whichever path happened to go first.
    const warmup = generate(2000);
    await viaRepository(graph, warmup);
    await wipe(graph);
    await bare(graph, warmup);
    await wipe(graph);
    for (const size of sizes) {
      const corpus = generate(size);
      const citations = corpus.refs.length;
      const inDegree = new Int32Array(size);
      for (const t of corpus.refs) inDegree[t] = (inDegree[t] as number) + 1;
      const sorted = [...inDegree].sort((a, b) => b - a);
      console.log(
        `\n${f(size)} papers, ${f(citations)} citations (${(citations / size).toFixed(1)} per paper; ` +
          `in-degree max ${f(sorted[0] ?? 0)}, p99 ${f(sorted[Math.floor(size * 0.01)] ?? 0)}, median ${f(sorted[Math.floor(size / 2)] ?? 0)})`,
      );
      await wipe(graph);
      const repo = await viaRepository(graph, corpus);
      await wipe(graph);
      const limit = await bare(graph, corpus);
      await wipe(graph);
      const row = (name: string, t: Timing) =>
        `  ${name.padEnd(34)} papers ${f(size / t.papersSeconds).padStart(7)}/s (${t.papersSeconds.toFixed(1)} s)   citations ${f(citations / t.citationsSeconds).padStart(7)}/s (${t.citationsSeconds.toFixed(1)} s)`;
      console.log(row('PaperRepository (MERGE upserts)', repo));
      console.log(row('bare UNWIND … CREATE', limit));
      console.log(
        `  ratio repository / bare            papers ${((100 * limit.papersSeconds) / repo.papersSeconds).toFixed(0)}%            citations ${((100 * limit.citationsSeconds) / repo.citationsSeconds).toFixed(0)}%`,
      );
    }
  } finally {
    await neo4j.close();
  }
}

await main();
