/**
 * The whole path of the benchmark graph on a small size: generate 2,000 papers, import them with
 * neo4j-admin into a temporary store, serve it with the project's migrations, read it through the
 * product's repositories, close (store kept), open again (store reused).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../scripts/synth/csv.js';
import { type BenchGraph, graphFigures, openBenchGraph } from '../../scripts/synth/load.js';
import { CatalogRepository } from '../../src/graph/catalog.repository.js';
import { relevanceSearch, SearchRepository, toLuceneQuery } from '../../src/graph/search.repository.js';
import { readLiveState } from '../../src/neo4j-local/neo4j-local.js';
import { TAGGER_VERSION } from '../../src/tagging/tagger.js';

const SIZE = 2000;
let root: string;
let bench: BenchGraph;
let papers: { header: string[]; rows: string[][] };

async function csv(base: string): Promise<{ header: string[]; rows: string[][] }> {
  const dir = path.join(bench.home, 'csv');
  const [header] = parseCsv(await readFile(path.join(dir, `${base}.header.csv`), 'utf8'));
  return {
    header: header as string[],
    rows: parseCsv(await readFile(path.join(dir, `${base}.csv`), 'utf8')),
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'synth-load-'));
  bench = await openBenchGraph({
    size: SIZE,
    seed: 11,
    root,
    keepCsv: true,
    heap: '512m',
    pageCache: '256m',
  });
  papers = await csv('paper');
});

afterAll(async () => {
  await bench?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('openBenchGraph on 2,000 papers', () => {
  it('loads exactly what the generator reported, with every index online', async () => {
    const { counts } = bench.stats.generation;
    expect(bench.stats.reused).toBe(false);
    const figures = await graphFigures(bench.graph);
    expect(figures.labels).toMatchObject({
      Paper: counts.papers,
      Author: counts.authors,
      Category: counts.categories,
      Subfield: counts.subfields,
      ContributionType: counts.contributionTypes,
    });
    expect(figures.types).toEqual({
      CITES: counts.cites,
      AUTHORED: counts.authored,
      IN_CATEGORY: counts.inCategory,
      IN_SUBFIELD: counts.inSubfield,
      HAS_CONTRIBUTION: counts.hasContribution,
    });
    expect(figures.inDegree.max).toBe(bench.stats.generation.inDegree.max);
    expect(figures.inDegree.median).toBe(bench.stats.generation.inDegree.median);
    const states = await bench.graph.read<{ state: string }>({
      text: 'SHOW INDEXES YIELD state RETURN state',
      params: {},
    });
    expect(states.length).toBeGreaterThan(5);
    expect(states.every((s) => s.state === 'ONLINE')).toBe(true);
  });

  it('serves a generated paper through the product’s repositories, text intact', async () => {
    const col = (name: string) => papers.header.indexOf(name);
    // A paper whose title needed CSV quoting (a comma or a quote), and a later one with references.
    const row = papers.rows.find((r, i) => i > 1000 && /[",]/.test(r[col('title')] as string)) as string[];
    expect(row).toBeDefined();
    const key = row[col('id:ID(Paper)')] as string;
    const catalog = new CatalogRepository(bench.graph);
    expect(await catalog.resolvePaper({ kind: 'arxivId', value: row[col('arxivId')] as string })).toBe(key);
    const [paper] = await catalog.papers([key]);
    expect(paper).toMatchObject({
      key,
      arxivId: row[col('arxivId')],
      title: row[col('title')],
      abstract: row[col('abstract')],
      year: Number(row[col('year:int')]),
      publishedAt: row[col('publishedAt')],
      stub: false,
    });
    const cites = await csv('cites');
    expect(paper?.referenceCount).toBe(cites.rows.filter((r) => r[0] === key).length);
    expect(paper?.citationCount).toBe(cites.rows.filter((r) => r[1] === key).length);

    const authored = (await csv('authored')).rows.filter((r) => r[1] === key);
    const [byline] = await catalog.bylines([key]);
    expect(byline?.map((a) => a.key)).toEqual(
      authored.sort((a, b) => Number(a[3]) - Number(b[3])).map((r) => r[0]),
    );

    const expected = [
      ...(await csv('in-subfield')).rows.filter((r) => r[0] === key).map((r) => `SUBFIELD ${r[1]}`),
      ...(await csv('has-contribution')).rows.filter((r) => r[0] === key).map((r) => `CONTRIBUTION ${r[1]}`),
    ].sort();
    const [tags] = await catalog.tags([key]);
    expect(tags?.map((t) => `${t.kind} ${t.label}`).sort()).toEqual(expected);
    for (const tag of tags ?? []) {
      expect(tag.source).toBe(`tagger@${TAGGER_VERSION}`);
      expect(row[col('abstract')]).toContain(tag.evidence);
    }
  });

  it('finds a generated paper by the words of its title (full-text index)', async () => {
    const col = (name: string) => papers.header.indexOf(name);
    const row = papers.rows[1500] as string[];
    const lucene = toLuceneQuery((row[col('title')] as string).replace(/[",:]/g, ' ')) as string;
    const hits = await new SearchRepository(bench.graph).page(relevanceSearch(lucene), null, 100);
    expect(hits.map((h) => h.key)).toContain(row[col('id:ID(Paper)')]);
  });

  it('keeps the store when closed and reuses it on the next open', async () => {
    await bench.close();
    expect(await readLiveState(bench.home)).toBeUndefined();
    expect(existsSync(path.join(bench.home, 'data', 'databases', 'neo4j'))).toBe(true);
    bench = await openBenchGraph({ size: SIZE, seed: 11, root, heap: '512m', pageCache: '256m' });
    expect(bench.stats.reused).toBe(true);
    const [row] = await bench.graph.read<{ papers: number }>({
      text: 'MATCH (p:Paper) RETURN count(p) AS papers',
      params: {},
    });
    expect(row?.papers).toBe(SIZE);
  }, 120_000);
});
