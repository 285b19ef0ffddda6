import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { ingestJsonl } from '../../ingest/jsonl.js';
import type { Graph } from '../../src/graph/driver.js';
import { ExchangeRepository } from '../../src/graph/exchange.repository.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { testDatabaseEnv } from '../helpers/cli.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let dir: string;

beforeAll(async () => {
  graph = await connectTestGraph('ingest-test');
  await new TagRepository(graph).syncTaxonomies(taxonomies());
  dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-jsonl-'));
});
afterAll(async () => {
  await graph.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  scope = new TestScope(graph);
});
afterEach(async () => {
  await scope.cleanup();
});

async function write(name: string, lines: readonly unknown[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return file;
}

// Abstract written for this test.
const SCALING =
  'The test loss of language models falls as a power law in model size, dataset size and compute, ' +
  'consistently across six orders of magnitude.';

describe(ingestJsonl.name, () => {
  it('should load papers and citations, report bad lines by number, and change nothing on a second load', async () => {
    const file = await write('corpus.jsonl', [
      {
        type: 'citation',
        from: { arxivId: scope.arxiv(2) },
        to: { arxivId: scope.arxiv(1) },
        contexts: ['x'],
        source: 'file',
      },
      {
        type: 'paper',
        arxivId: scope.arxiv(1),
        title: 'One',
        authors: [{ name: scope.author('A') }],
        source: 'file',
      },
      '{ this is not json',
      '',
      { type: 'paper', arxivId: scope.arxiv(2), title: 'Two', source: 'file' },
      { type: 'paper', arxivId: scope.arxiv(3), source: 'file' },
      { type: 'review', id: 1 },
    ]);
    const repository = new ExchangeRepository(graph, { chunk: 2 });

    const first = await ingestJsonl(file, repository, { batchSize: 2 });
    expect(first).toMatchObject({ lines: 7, papers: 2, citations: 1, stubs: 0, tags: 0 });
    expect(first.problems.map((p) => [p.line, p.errors[0]?.split(':')[0]])).toEqual([
      [3, 'not JSON'],
      [6, 'title'],
      [7, 'type'],
    ]);
    expect(first.problems[1]?.record).toBe(`arxivId=${scope.arxiv(3)}`);
    const counts = await scope.counts();
    expect(counts).toMatchObject({ papers: 2, authors: 1 });

    await ingestJsonl(file, repository, { batchSize: 2 });
    expect(await scope.counts()).toEqual(counts);
    expect(await new PaperRepository(graph).getById(scope.arxiv(1))).toMatchObject({
      stub: false,
      title: 'One',
    });
  });

  it('should load stubs and recorded tags as they are, name bad tag lines, and change nothing twice', async () => {
    const paper = { arxivId: scope.arxiv(1) };
    const file = await write('tags.jsonl', [
      { type: 'header', format: 'empirica-jsonl', version: 1, exportedAt: '2025-06-01T00:00:00Z' },
      {
        type: 'paper',
        ...paper,
        title: 'Power laws of language model loss',
        abstract: SCALING,
        categories: ['cs.LG'],
        source: 'file',
        taggerVersion: '1',
        taggedAt: '2025-01-02T03:04:05Z',
        refsStatus: 'ok',
        refsCount: 1,
      },
      { type: 'paper', stub: true, doi: scope.doi(1), title: 'A cited book', year: 1998 },
      {
        type: 'tag',
        paper,
        kind: 'subfield',
        label: 'SCALING_LAWS',
        confidence: 0.42,
        evidence: 'loss falls as a power law',
        source: 'tagger@1',
        taggedAt: '2025-01-02T03:04:05Z',
      },
      {
        type: 'tag',
        paper,
        kind: 'contribution',
        label: 'FALSIFICATION',
        confidence: 0,
        evidence: 'nothing is refuted',
        source: 'curator',
        taggedAt: '2025-02-01T00:00:00Z',
        curator: 'tester',
        reason: 'nothing is refuted',
        rejected: true,
      },
      // A tagger tag over the curator's decision on the same label: the curator's stays.
      {
        type: 'tag',
        paper,
        kind: 'contribution',
        label: 'FALSIFICATION',
        confidence: 0.9,
        source: 'tagger@1',
      },
      { type: 'tag', paper, kind: 'subfield', label: 'NOT_A_LABEL', confidence: 0.5, source: 'tagger@1' },
      {
        type: 'tag',
        paper: { arxivId: scope.arxiv(7) },
        kind: 'subfield',
        label: 'SCALING_LAWS',
        confidence: 1,
        source: 'tagger@1',
      },
      { type: 'tag', paper, kind: 'subfield', label: 'SCALING_LAWS', confidence: 1, source: 'curator' },
      { type: 'header', format: 'other-format', version: 9 },
    ]);
    const repository = new ExchangeRepository(graph);
    const first = await ingestJsonl(file, repository);
    expect(first).toMatchObject({ lines: 10, papers: 1, stubs: 1, tags: 2, tagsSkipped: 1 });
    expect(first.problems.map((p) => [p.line, p.record, p.errors.map((e) => e.split(':')[0])])).toEqual([
      [7, `arxivId=${scope.arxiv(1)} subfield:NOT_A_LABEL`, ['label']],
      [8, `arxivId=${scope.arxiv(7)} subfield:SCALING_LAWS`, ['paper']],
      [9, `arxivId=${scope.arxiv(1)} subfield:SCALING_LAWS`, ['curator', 'reason']],
      [10, '(header)', ['format', 'version']],
    ]);

    const key = `arxiv:${scope.arxiv(1)}`;
    const tags = await new TagRepository(graph).tagsOf(key, { includeRejected: true });
    expect(tags).toEqual([
      {
        kind: 'contribution',
        slug: 'FALSIFICATION',
        confidence: 0,
        evidence: 'nothing is refuted',
        source: 'curator',
        taggedAt: '2025-02-01T00:00:00Z',
        curator: 'tester',
        reason: 'nothing is refuted',
        rejected: true,
      },
      {
        kind: 'subfield',
        slug: 'SCALING_LAWS',
        confidence: 0.42,
        evidence: 'loss falls as a power law',
        source: 'tagger@1',
        taggedAt: '2025-01-02T03:04:05Z',
        curator: null,
        reason: null,
        rejected: false,
      },
    ]);
    const [stored] = await new PaperRepository(graph).getByKeys([key]);
    expect(stored).toMatchObject({ taggerVersion: '1', refsStatus: 'ok', refsCount: 1 });
    expect(await new PaperRepository(graph).getById(scope.doi(1))).toMatchObject({
      stub: true,
      title: 'A cited book',
      year: 1998,
    });

    const counts = await scope.counts();
    const again = await ingestJsonl(file, repository);
    expect(again).toMatchObject({ papers: 1, stubs: 1, tags: 2, tagsSkipped: 1 });
    expect(await scope.counts()).toEqual(counts);
    expect(await new TagRepository(graph).tagsOf(key, { includeRejected: true })).toEqual(tags);
  });

  it('should tag papers with the tagger when asked (ingest), and not otherwise (import)', async () => {
    const line = {
      type: 'paper',
      arxivId: scope.arxiv(1),
      title: 'Scaling',
      abstract: SCALING,
      source: 'file',
    };
    const file = await write('untagged.jsonl', [line]);
    const tags = new TagRepository(graph);
    await ingestJsonl(file, new ExchangeRepository(graph));
    expect(await tags.tagsOf(`arxiv:${scope.arxiv(1)}`)).toEqual([]);
    await ingestJsonl(file, new ExchangeRepository(graph, { tagger: loadTagger() }));
    expect((await tags.tagsOf(`arxiv:${scope.arxiv(1)}`)).map((t) => t.slug)).toContain('SCALING_LAWS');
  });

  it('should run as `empirica ingest` (tagged) and `empirica import`, exit 3 and name the bad line', async () => {
    const file = await write('cli.jsonl', [
      { type: 'paper', arxivId: scope.arxiv(1), title: 'Scaling', abstract: SCALING, source: 'file' },
      { type: 'paper', arxivId: 'not-an-id', title: 'Bad', source: 'file' },
    ]);
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const env = testDatabaseEnv();
      const code = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, summary: JSON.parse(out.at(-1) ?? '{}') as Record<string, number>, err };
    };
    const imported = await run(['import', file]);
    expect(imported).toMatchObject({ code: 3, summary: { papers: 1, problems: 1 } });
    expect(imported.err).toEqual([`${file}:2 arxivId=not-an-id: arxivId: not an arXiv id: "not-an-id"`]);
    expect(await new TagRepository(graph).tagsOf(`arxiv:${scope.arxiv(1)}`)).toEqual([]);
    const ingested = await run(['ingest', file]);
    expect(ingested).toMatchObject({ code: 3, summary: { papers: 1, problems: 1 } });
    const tags = await new TagRepository(graph).tagsOf(`arxiv:${scope.arxiv(1)}`);
    expect(tags.map((t) => t.source)).toContain(`tagger@${loadTagger().version}`);
    expect((await run(['import', path.join(dir, 'missing.jsonl')])).code).toBe(1);
  });
});
