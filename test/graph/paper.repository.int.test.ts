import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperRecordInput } from '../../src/domain/records.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let repo: PaperRepository;

beforeAll(async () => {
  graph = await connectTestGraph();
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  scope = new TestScope(graph);
  // Small chunks so that every test also crosses chunk boundaries.
  repo = new PaperRepository(graph, { paperChunk: 3, citationChunk: 4 });
});
afterEach(async () => {
  await scope.cleanup();
});

function paper(n: number, extra: Partial<PaperRecordInput> = {}): PaperRecordInput {
  return {
    arxivId: `${scope.arxiv(n)}v2`,
    title: `Test paper ${n}`,
    abstract: `Summary of test paper ${n}.`,
    publishedAt: '2021-03-04T00:00:00Z',
    authors: [{ name: scope.author(`Ada Lovelace${n}`) }, { name: scope.author('Alan Turing') }],
    categories: [scope.category(), 'cs.LG'],
    source: 'test',
    ...extra,
  };
}

describe(PaperRepository.name, () => {
  it('should leave node and relationship counts unchanged when the same batch is written twice', async () => {
    const papers = Array.from({ length: 7 }, (_, i) => paper(i + 1));
    const citations = [
      {
        from: { arxivId: scope.arxiv(1) },
        to: { arxivId: scope.arxiv(2) },
        contexts: ['As shown in [2].'],
        source: 'test',
      },
      {
        from: { arxivId: scope.arxiv(1) },
        to: { doi: scope.doi(99), title: 'An uncrawled work' },
        source: 'test',
      },
      {
        from: { arxivId: scope.arxiv(3) },
        to: { arxivId: scope.arxiv(1) },
        contexts: ['[1] fit noise.'],
        source: 'test',
      },
    ];
    const first = await repo.upsert(papers);
    const firstLinks = await repo.linkCitations(citations);
    expect(first).toEqual({ written: 7, created: 7, rejected: [] });
    expect(firstLinks).toEqual({ written: 3, created: 1, rejected: [] });
    const before = await scope.counts();
    // 7 papers + 1 stub; 8 distinct authors; 1 test category (cs.LG is shared with other data).
    expect(before).toMatchObject({ papers: 8, authors: 8, categories: 1 });

    expect(await repo.upsert(papers)).toMatchObject({ written: 7, created: 0 });
    expect(await repo.linkCitations(citations)).toMatchObject({ written: 3, created: 0 });
    expect(await scope.counts()).toEqual(before);
    const [refs] = [await repo.getReferences(`arxiv:${scope.arxiv(1)}`)];
    expect(refs.find((r) => r.key === `arxiv:${scope.arxiv(2)}`)?.contexts).toEqual(['As shown in [2].']);
  });

  it('should turn a stub into a full paper when it is crawled later, keeping its citations', async () => {
    await repo.upsert([paper(1)]);
    await repo.linkCitations([
      {
        from: { arxivId: scope.arxiv(1) },
        to: { arxivId: scope.arxiv(2), title: 'Title as printed in the reference list', year: 2019 },
        contexts: ['Earlier work [5] found the opposite.'],
        source: 'test',
      },
    ]);
    const stub = await repo.getById(scope.arxiv(2));
    expect(stub).toMatchObject({ stub: true, title: 'Title as printed in the reference list', year: 2019 });

    await repo.upsert([paper(2, { title: 'The real title', doi: scope.doi(2) })]);
    const full = await repo.getById(scope.arxiv(2));
    expect(full).toMatchObject({ id: stub?.id, stub: false, title: 'The real title', doi: scope.doi(2) });
    const refs = await repo.getReferences(`arxiv:${scope.arxiv(1)}`);
    expect(refs).toEqual([
      {
        key: `arxiv:${scope.arxiv(2)}`,
        stub: false,
        title: 'The real title',
        contexts: ['Earlier work [5] found the opposite.'],
        sources: ['test'],
      },
    ]);
    expect((await scope.counts()).papers).toBe(2);
  });

  it('should join a paper known by DOI only with its arXiv record instead of duplicating it', async () => {
    await repo.upsert([paper(1)]);
    await repo.linkCitations([
      { from: { arxivId: scope.arxiv(1) }, to: { doi: scope.doi(7) }, source: 'test' },
    ]);
    await repo.upsert([paper(7, { doi: scope.doi(7) })]);

    const byDoi = await repo.getById(`https://doi.org/${scope.doi(7).toUpperCase()}`);
    const byArxiv = await repo.getById(`arXiv:${scope.arxiv(7)}v1`);
    expect(byDoi?.id).toBe(`doi:${scope.doi(7)}`);
    expect(byArxiv?.id).toBe(byDoi?.id);
    expect(byArxiv).toMatchObject({ stub: false, arxivId: scope.arxiv(7), doi: scope.doi(7) });
    expect((await scope.counts()).papers).toBe(2);
  });

  it('should reject an invalid record with an error naming it and its field, and write the rest', async () => {
    const result = await repo.upsert([
      paper(1),
      { ...paper(2), title: '   ' },
      { arxivId: 'not-an-id', title: 'x', source: 'test' },
      paper(3),
      { ...paper(4), year: 'twenty' },
    ]);
    expect(result.written).toBe(2);
    expect(result.rejected).toEqual([
      { index: 1, record: `arxivId=${scope.arxiv(2)}v2`, errors: ['title: title is empty'] },
      { index: 2, record: 'arxivId=not-an-id', errors: ['arxivId: not an arXiv id: "not-an-id"'] },
      {
        index: 4,
        record: `arxivId=${scope.arxiv(4)}v2`,
        errors: ['year: Invalid input: expected number, received string'],
      },
    ]);
    expect(await repo.getById(scope.arxiv(3))).toMatchObject({ title: 'Test paper 3' });
    expect(await repo.getById(scope.arxiv(2))).toBeUndefined();
  });

  it('should report a record whose identifiers name two different papers, and not merge them', async () => {
    await repo.upsert([paper(1), paper(2, { doi: scope.doi(2) })]);
    const result = await repo.upsert([paper(1, { doi: scope.doi(2) })]);
    expect(result.written).toBe(0);
    expect(result.rejected[0]?.errors[0]).toMatch(/identity: its identifiers belong to different papers/);
    expect((await scope.counts()).papers).toBe(2);
  });

  it('should read a paper by any identifier with authors in byline order and the primary category first', async () => {
    await repo.upsert([paper(1, { doi: scope.doi(1), openreviewId: scope.openreview(1) })]);
    for (const id of [
      scope.arxiv(1),
      `doi:${scope.doi(1)}`,
      `https://openreview.net/forum?id=${scope.openreview(1)}`,
    ]) {
      const found = await repo.getById(id);
      expect(found?.id, id).toBe(`arxiv:${scope.arxiv(1)}`);
    }
    const found = await repo.getById(scope.arxiv(1));
    expect(found?.authors.map((a) => [a.name, a.position])).toEqual([
      [scope.author('Ada Lovelace1'), 0],
      [scope.author('Alan Turing'), 1],
    ]);
    expect(found?.categories).toEqual([scope.category(), 'cs.LG']);
    expect(found).toMatchObject({ year: 2021, stub: false, abstract: 'Summary of test paper 1.' });
  });

  it('should replace a byline that changed in a newer version, keeping shared authors', async () => {
    await repo.upsert([paper(1)]);
    await repo.upsert([
      paper(1, { authors: [{ name: scope.author('Alan Turing') }, { name: scope.author('Grace Hopper') }] }),
    ]);
    const found = await repo.getById(scope.arxiv(1));
    expect(found?.authors.map((a) => [a.name, a.position])).toEqual([
      [scope.author('Alan Turing'), 0],
      [scope.author('Grace Hopper'), 1],
    ]);
  });

  it('should accumulate citation contexts from two sources on one edge', async () => {
    await repo.upsert([paper(1), paper(2)]);
    const from = { arxivId: scope.arxiv(1) };
    const to = { arxivId: scope.arxiv(2) };
    await repo.linkCitations([
      { from, to, contexts: ['A', 'B'], source: 'arxiv-html' },
      { from, to, contexts: ['B', 'C'], source: 'arxiv-html' },
    ]);
    await repo.linkCitations([
      { from, to, contexts: ['C', 'D'], source: 'semantic-scholar' },
      { from, to, contexts: ['E'], source: 'openalex' },
    ]);
    const [edge] = await repo.getReferences(`arxiv:${scope.arxiv(1)}`);
    expect(edge?.contexts).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(edge?.sources).toEqual(['arxiv-html', 'semantic-scholar', 'openalex']);
  });

  it('should resolve a title to a paper only when exactly one paper has it', async () => {
    await repo.upsert([
      paper(1, { title: `Deep Double Descent ${scope.tag}` }),
      paper(2, { title: `Shared Title ${scope.tag}` }),
      paper(3, { title: `Shared  title ${scope.tag}!` }),
    ]);
    const found = await repo.findByTitles([
      `{\\em Deep} double-descent ${scope.tag.toUpperCase()}`,
      `Shared title ${scope.tag}`,
      `Unknown title ${scope.tag}`,
    ]);
    expect([...found.entries()]).toEqual([[`deep double descent ${scope.tag}`, { arxivId: scope.arxiv(1) }]]);
  });
});
