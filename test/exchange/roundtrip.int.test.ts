/**
 * Export → import into an empty database → the same graph. The source is the test Neo4j with the landmark
 * corpus and a few papers of this test (tagger tags, a rejected curator tag, a stub, a DOI-only paper, a
 * citation read from two sources, an OpenReview profile); the whole graph is exported as JSON Lines through
 * the CLI, then imported through the CLI into a second, fresh, migrated local Neo4j. Both graphs are then
 * compared as a whole, and a second import must change nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliIo, runCli } from '../../cli/main.js';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { startThrowawayNeo4j, type ThrowawayNeo4j } from '../../scripts/throwaway-neo4j.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { StatusRepository } from '../../src/graph/status.repository.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, deletePapers, TestScope } from '../helpers/neo4j.js';

let source: Graph;
let target: ThrowawayNeo4j | undefined;
let scope: TestScope;
let dir: string;
const landmarkIds = loadLandmarks(taxonomies()).map((p) => p.arxivId);

// Abstracts written for this test.
const SCALING =
  'The test loss of language models falls as a power law in model size, dataset size and compute, ' +
  'consistently across six orders of magnitude.';
const ROBUSTNESS =
  'Adversarial perturbations that are imperceptible to humans flip the predictions of image classifiers. ' +
  'Adversarial training improves robustness to such attacks but costs clean accuracy.';

async function cli(argv: string[], uri: string, password?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const neo4j = inject('neo4j');
  const io: CliIo = {
    env: {
      NEO4J_URI: uri,
      NEO4J_USERNAME: neo4j.username,
      ...(password ? { NEO4J_PASSWORD: password } : {}),
      NEO4J_DATABASE: neo4j.database,
      LOG_LEVEL: 'silent',
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** The graph as a whole, by identifiers (keys may differ between graphs), order-independent. */
async function fingerprint(graph: Graph) {
  const [row] = await graph.read<Record<string, unknown>>({
    text: `CALL () {
  MATCH (p:Paper) WHERE NOT p.stub
  RETURN count(p) AS papers, sum(size(coalesce(p.keywords, []))) AS keywords,
    collect(DISTINCT p.source) AS sources, count(p.tagsCurated) AS curatedPapers,
    collect(coalesce(p.arxivId, p.doi, p.openreviewId) + '|' + coalesce(p.taggerVersion, '') + '|' +
      coalesce(toString(p.taggedAt), '') + '|' + coalesce(p.refsStatus, '') + '|' + coalesce(toString(p.refsCount), '') +
      '|' + coalesce(p.title, '') + '|' + coalesce(toString(p.year), '') + '|' + coalesce(p.venue, '') + '|' +
      coalesce(p.summary, '') + '|' + coalesce(p.abstract, '') + '|' + coalesce(p.publishedAt, '')) AS paperRows
}
CALL () {
  MATCH (p:Paper {stub: true})
  RETURN count(p) AS stubs,
    collect(coalesce(p.arxivId, p.doi, p.openreviewId) + '|' + coalesce(p.title, '') + '|' + coalesce(toString(p.year), '')) AS stubRows
}
CALL () {
  MATCH (a:Author) WHERE EXISTS { (a)-[:AUTHORED]->() }
  RETURN count(a) AS authors, count(a.openreviewId) AS profiledAuthors
}
CALL () {
  MATCH (a:Author)-[r:AUTHORED]->(p:Paper)
  RETURN collect(coalesce(p.arxivId, p.doi, p.openreviewId) + '|' + toString(r.position) + '|' + a.key) AS bylines
}
CALL () {
  MATCH (p:Paper)-[r:IN_CATEGORY]->(c:Category)
  RETURN collect(coalesce(p.arxivId, p.doi, p.openreviewId) + '|' + c.id + '|' + toString(r.primary)) AS categories
}
CALL () {
  MATCH (a:Paper)-[c:CITES]->(b:Paper)
  RETURN count(c) AS citations,
    collect(coalesce(a.arxivId, a.doi, a.openreviewId) + '>' + coalesce(b.arxivId, b.doi, b.openreviewId) + '|' +
      reduce(s = '', x IN c.contexts | s + x + '¶') + '|' + reduce(s = '', x IN c.sources | s + x + ',') + '|' +
      coalesce(toString(c.createdAt), '-')) AS citationRows
}
CALL () {
  MATCH (p:Paper)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
  RETURN count(r) AS tags,
    collect(coalesce(p.arxivId, p.doi, p.openreviewId) + '|' + type(r) + '|' + t.slug + '|' + r.source + '|' +
      toString(r.confidence) + '|' + coalesce(r.evidence, '') + '|' + toString(r.taggedAt) + '|' +
      coalesce(r.curator, '') + '|' + coalesce(r.reason, '') + '|' + toString(coalesce(r.rejected, false))) AS tagRows
}
CALL () {
  MATCH ()-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
  WITH type(r) + ':' + t.slug + ':' + r.source + ':' + toString(coalesce(r.rejected, false)) AS bucket
  ORDER BY bucket
  WITH bucket, count(*) AS n
  RETURN collect(bucket + '=' + toString(n)) AS tagsByLabelAndSource
}
RETURN *`,
    params: {},
  });
  const sorted = Object.fromEntries(
    Object.entries(row ?? {}).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]),
  );
  return sorted;
}

beforeAll(async () => {
  source = await connectTestGraph('exchange-roundtrip');
  scope = new TestScope(source);
  dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-exchange-'));
  await new TagRepository(source).syncTaxonomies(taxonomies());
  await loadLandmarkCorpus(source, loadTagger());

  // This test's own papers: what the landmark corpus does not exercise.
  const papers = new PaperRepository(source, { tagger: loadTagger() });
  const written = await papers.upsert([
    {
      arxivId: scope.arxiv(1),
      title: 'Power laws of language model loss',
      abstract: SCALING,
      year: 2020,
      publishedAt: '2020-01-23',
      authors: [
        { name: scope.author('Jane Doe'), openreviewId: `~Jane_Doe${scope.tag}1` },
        { name: scope.author('Rui Li') },
      ],
      categories: ['cs.LG', scope.category()],
      keywords: ['scaling'],
      source: 'test',
    },
    {
      doi: scope.doi(1),
      title: 'Robustness to adversarial perturbations',
      abstract: ROBUSTNESS,
      year: 2018,
      venue: `Workshop ${scope.tag}`,
      authors: [{ name: scope.author('Rui Li') }],
      source: 'test',
    },
  ]);
  expect(written.rejected).toEqual([]);
  const cited = await papers.linkCitations([
    {
      from: { arxivId: scope.arxiv(1) },
      to: { doi: scope.doi(1) },
      contexts: ['robustness costs accuracy [4]'],
      source: 'arxiv-html',
    },
    {
      from: { arxivId: scope.arxiv(1) },
      to: { doi: scope.doi(1) },
      contexts: [],
      source: 'semantic-scholar',
    },
    {
      from: { arxivId: scope.arxiv(1) },
      to: { arxivId: scope.arxiv(9), title: 'A paper known from references', year: 2019 },
      contexts: ['as [7] observed'],
      source: 'arxiv-html',
    },
    { from: { arxivId: scope.arxiv(1) }, to: { arxivId: '1611.03530' }, contexts: [], source: 'arxiv-html' },
  ]);
  expect(cited.rejected).toEqual([]);
  await new TagRepository(source).curate(`arxiv:${scope.arxiv(1)}`, [
    {
      kind: 'contribution',
      slug: 'FALSIFICATION',
      curator: 'tester',
      reason: 'nothing is refuted',
      rejected: true,
    },
    { kind: 'subfield', slug: 'GENERALIZATION_AND_MEMORIZATION', curator: 'tester', reason: 'about fitting' },
  ]);
  await papers.markReferences([{ arxivId: scope.arxiv(1), status: 'ok', count: 3 }]);

  target = await startThrowawayNeo4j({ name: 'exchange-test', heap: '384m', pageCache: '64m' });
}, 240_000);

afterAll(async () => {
  await scope?.cleanup();
  await deletePapers(source, { arxivIds: landmarkIds });
  await source?.close();
  await target?.close();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('export → import into an empty database', () => {
  it('should rebuild the same graph, and a second import should change nothing', async () => {
    if (!target) throw new Error('no target database');
    const neo4j = inject('neo4j');
    const file = path.join(dir, 'graph.jsonl');
    const before = await fingerprint(source);
    // The test's own papers are in it: stubs, tagger tags, a rejected curator tag.
    expect(before.stubs).toBeGreaterThanOrEqual(1);
    expect((before.tagRows as string[]).some((r) => r.includes('|tagger@'))).toBe(true);
    expect((before.tagRows as string[]).some((r) => r.endsWith('|tester|nothing is refuted|true'))).toBe(
      true,
    );

    const started = Date.now();
    const exported = await cli(
      ['export', '--format', 'jsonl', '--out', file, '--page-size', '7'],
      neo4j.uri,
      neo4j.password,
    );
    const exportSeconds = (Date.now() - started) / 1000;
    expect(exported.err.filter((l) => !l.startsWith('exported '))).toEqual([]);
    expect(exported.code).toBe(0);
    const summary = JSON.parse(exported.out.at(-1) ?? '{}');
    expect(summary).toMatchObject({
      format: 'jsonl',
      selection: 'whole graph',
      papers: before.papers,
      stubs: before.stubs,
      citations: before.citations,
      tags: before.tags,
    });
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      type: 'header',
      format: 'empirica-jsonl',
      version: 1,
      counts: { papers: before.papers, stubs: before.stubs, citations: before.citations, tags: before.tags },
    });

    // The target is empty but for its migrations.
    expect(await new StatusRepository(target.graph).counts()).toMatchObject({
      papers: 0,
      authors: 0,
      citations: 0,
    });
    const importStarted = Date.now();
    const imported = await cli(['import', file], target.graph.uri);
    const importSeconds = (Date.now() - importStarted) / 1000;
    expect(imported.err).toEqual([]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out.at(-1) ?? '{}')).toMatchObject({
      lines: lines.length,
      papers: before.papers,
      stubs: before.stubs,
      tags: before.tags,
      tagsSkipped: 0,
      problems: 0,
    });
    const after = await fingerprint(target.graph);
    expect(after).toEqual(before);

    const again = await cli(['import', file], target.graph.uri);
    expect(again.code).toBe(0);
    expect(await fingerprint(target.graph)).toEqual(before);
    process.stderr.write(
      `[exchange] whole graph: ${lines.length} lines, export ${exportSeconds.toFixed(2)} s, ` +
        `import ${importSeconds.toFixed(2)} s\n`,
    );
  }, 120_000);
});
