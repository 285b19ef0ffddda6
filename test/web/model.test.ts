import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amongBatches,
  type ChainRow,
  chainOf,
  edgeTooltip,
  identifierLinks,
  paperIdOf,
  pathGraphOf,
  primaryContribution,
  sortRows,
  toExportBundle,
  toExportPaper,
} from '../../web/src/model.js';
import type {
  AmongEdge,
  CitationTree,
  PaperBrief,
  PaperExportFields,
  TreePaper,
} from '../../web/src/queries.js';

/** A paper as the API's brief selection returns it (synthetic ids and titles). */
function brief(n: number, options: Partial<PaperBrief> = {}): PaperBrief {
  return {
    id: `UGFwZXI6${n}`,
    key: `arxiv:9901.0000${n}`,
    arxivId: `9901.0000${n}`,
    doi: null,
    openreviewId: null,
    title: `Paper ${n}`,
    year: 2000 + n,
    venue: null,
    stub: false,
    citationCount: n,
    tags: [],
    ...options,
  };
}

function node(
  paper: PaperBrief,
  parent: PaperBrief,
  hops: number,
  matchesFilter = true,
  contexts: string[] = [],
): TreePaper {
  return { paper, parent: { key: parent.key }, hops, matchesFilter, influence: 10 - hops, contexts };
}

const root = brief(0, {
  tags: [
    { kind: 'SUBFIELD', label: 'TRAINING_DYNAMICS', name: 'Training dynamics', confidence: 1 },
    { kind: 'CONTRIBUTION', label: 'REGULARITY', name: 'Empirical regularity', confidence: 0.6 },
    { kind: 'CONTRIBUTION', label: 'FALSIFICATION', name: 'Falsification', confidence: 0.9 },
  ],
});
const [a, b, c, d] = [brief(1), brief(2), brief(3), brief(4)];

/** root ← a ← c, root ← b ← d; with a filter only c and b match. */
function tree(filtered: boolean): CitationTree {
  return {
    root,
    direction: 'FOLLOW_UPS',
    truncated: false,
    filterScope: '…',
    levels: [
      {
        hops: 1,
        candidates: 2,
        matching: 1,
        truncated: false,
        papers: [node(a, root, 1, !filtered, ['a cites root']), node(b, root, 1)],
      },
      {
        hops: 2,
        candidates: 2,
        matching: 1,
        truncated: false,
        papers: [node(c, a, 2), node(d, b, 2, !filtered)],
      },
    ],
  };
}

describe('chainOf', () => {
  it('should draw the root and every paper of an unfiltered tree, one edge citing → cited per paper', () => {
    const chain = chainOf(tree(false));
    expect(chain.elements.rootId).toBe(root.key);
    expect(chain.elements.nodes.map((n) => n.id)).toEqual([root.key, a.key, b.key, c.key, d.key]);
    expect(chain.elements.nodes.every((n) => n.matches)).toBe(true);
    expect(chain.elements.edges.map((e) => [e.source, e.target])).toEqual([
      [a.key, root.key],
      [b.key, root.key],
      [c.key, a.key],
      [d.key, b.key],
    ]);
    expect(chain.elements.edges[0]?.contexts).toEqual(['a cites root']);
    expect(chain.rows.map((r) => r.key)).toEqual([a.key, b.key, c.key, d.key]);
    expect(chain.rows.map((r) => r.via)).toEqual([[], [], [a.key], [b.key]]);
    expect(chain.rows[0]?.contexts).toEqual(['a cites root']);
    expect(chain.papers.map((p) => p.key)).toEqual([root.key, a.key, b.key, c.key, d.key]);
  });

  it('should name every paper between the root and a row, root side first', () => {
    const e = brief(5);
    const deep = tree(false);
    const chain = chainOf({
      ...deep,
      levels: [
        ...deep.levels,
        { hops: 3, candidates: 1, matching: 1, truncated: false, papers: [node(e, c, 3)] },
      ],
    });
    expect(chain.rows.find((r) => r.key === e.key)?.via).toEqual([a.key, c.key]);
  });

  it('should keep, with a filter, the matching papers and the chains leading to them (faded)', () => {
    const chain = chainOf(tree(true));
    const nodes = Object.fromEntries(chain.elements.nodes.map((n) => [n.id, n.matches]));
    // d misses the filter and leads nowhere: gone; a misses it but carries c: drawn, faded.
    expect(nodes).toEqual({ [root.key]: true, [a.key]: false, [b.key]: true, [c.key]: true });
    expect(chain.rows.map((r) => r.key)).toEqual([b.key, c.key]);
    // c's row names a, which the table does not list (it misses the filter): the table reaches it.
    expect(chain.rows.map((r) => r.via)).toEqual([[], [a.key]]);
    expect(chain.elements.edges).toHaveLength(3);
  });

  it('should point lineage edges from the parent (citing) to the paper (cited)', () => {
    const chain = chainOf({ ...tree(false), direction: 'LINEAGE' });
    expect(chain.elements.edges[0]).toMatchObject({ source: root.key, target: a.key });
  });

  it('should colour the root by its most confident contribution type and label it with its year', () => {
    const [rootNode] = chainOf(tree(false)).elements.nodes;
    expect(rootNode).toMatchObject({
      contribution: 'FALSIFICATION',
      root: true,
      label: 'Paper 0 (2000)',
      hops: 0,
    });
    expect(chainOf(tree(false)).elements.nodes[1]?.contribution).toBe('NONE');
  });
});

describe('primaryContribution and identifiers', () => {
  it('should ignore subfields and pick the most confident contribution', () => {
    expect(primaryContribution(root)).toBe('FALSIFICATION');
    expect(primaryContribution(a)).toBeNull();
  });

  it('should break confidence ties by label, as the exports do', () => {
    const tag = (label: string) => ({ kind: 'CONTRIBUTION' as const, label, name: label, confidence: 1 });
    expect(primaryContribution({ tags: [tag('FALSIFICATION'), tag('CHALLENGED_ASSUMPTION')] })).toBe(
      'CHALLENGED_ASSUMPTION',
    );
  });

  it('should name a paper by arXiv id, else DOI, else OpenReview id, else key', () => {
    expect(paperIdOf(a)).toBe('9901.00001');
    expect(paperIdOf({ ...a, arxivId: null, doi: '10.1/x' })).toBe('10.1/x');
    expect(paperIdOf({ ...a, arxivId: null, openreviewId: 'abc' })).toBe('abc');
    expect(paperIdOf({ key: 'doi:10.1/y', arxivId: null, doi: null, openreviewId: null })).toBe('doi:10.1/y');
  });

  it('should link arXiv, DOI and OpenReview pages', () => {
    expect(
      identifierLinks({ arxivId: '1611.03530', doi: '10.1/x', openreviewId: 'Sy8gdB9xx' }).map((l) => l.href),
    ).toEqual([
      'https://arxiv.org/abs/1611.03530',
      'https://doi.org/10.1/x',
      'https://openreview.net/forum?id=Sy8gdB9xx',
    ]);
  });
});

describe('pathGraphOf', () => {
  it('should merge the shortest paths into one graph rooted at the older paper', () => {
    const e = (citing: PaperBrief, cited: PaperBrief) => ({
      citing: { key: citing.key },
      cited: { key: cited.key },
      contexts: [],
    });
    const graph = pathGraphOf({
      length: 2,
      from: root,
      to: c,
      paths: [
        { papers: [root, a, c], edges: [e(a, root), e(c, a)] },
        { papers: [root, b, c], edges: [e(b, root), e(c, b)] },
      ],
    });
    expect(graph.elements.rootId).toBe(root.key);
    expect(graph.elements.nodes.map((n) => [n.id, n.hops, n.root])).toEqual([
      [root.key, 0, true],
      [a.key, 1, false],
      [c.key, 2, false],
      [b.key, 1, false],
    ]);
    expect(graph.elements.edges).toHaveLength(4);
    expect(graph.papers).toHaveLength(4);
  });
});

describe('edgeTooltip', () => {
  it('should quote the citing sentences, or say there is none', () => {
    expect(edgeTooltip([])).toBe('No citing sentence recorded.');
    expect(edgeTooltip(['One.', 'Two.'])).toBe('“One.”\n“Two.”');
  });
});

describe('sortRows', () => {
  const row = (
    key: string,
    hops: number,
    year: number | null,
    influence: number,
    title: string,
  ): ChainRow => ({
    key,
    paperId: key,
    title,
    year,
    hops,
    influence,
    contribution: null,
    parentKey: 'root',
    via: [],
    contexts: [],
  });
  const rows = [
    row('p1', 2, 2019, 5, 'beta'),
    row('p2', 1, null, 9, 'Alpha'),
    row('p3', 1, 2021, 5, 'gamma'),
    row('p4', 2, 2018, 1, 'alpha two'),
  ];
  const keys = (sorted: ChainRow[]) => sorted.map((r) => r.key);

  it('should sort by each column either way, ties by hops then title', () => {
    expect(keys(sortRows(rows, 'hops', 'asc'))).toEqual(['p2', 'p3', 'p4', 'p1']);
    expect(keys(sortRows(rows, 'hops', 'desc'))).toEqual(['p4', 'p1', 'p2', 'p3']);
    expect(keys(sortRows(rows, 'influence', 'desc'))).toEqual(['p2', 'p3', 'p1', 'p4']);
    expect(keys(sortRows(rows, 'title', 'asc'))).toEqual(['p2', 'p4', 'p1', 'p3']);
  });

  it('should put papers without a year last, whichever the direction', () => {
    expect(keys(sortRows(rows, 'year', 'asc'))).toEqual(['p4', 'p1', 'p3', 'p2']);
    expect(keys(sortRows(rows, 'year', 'desc'))).toEqual(['p3', 'p1', 'p4', 'p2']);
  });

  it('should not change its input', () => {
    const before = keys(rows);
    sortRows(rows, 'title', 'desc');
    expect(keys(rows)).toEqual(before);
  });
});

describe('exports', () => {
  const full = (p: PaperBrief): PaperExportFields => ({
    id: p.id,
    key: p.key,
    arxivId: p.arxivId,
    doi: p.doi,
    openreviewId: p.openreviewId,
    title: p.title,
    year: p.year,
    publishedAt: `${p.year}-01-02T00:00:00Z`,
    updatedAt: null,
    venue: p.venue,
    categories: ['cs.LG'],
    abstract: null,
    summary: 'Our words.',
    stub: p.stub,
    withdrawn: false,
    citationCount: p.citationCount,
    authors: [{ key: 'name:ada lovelace', name: 'Ada Lovelace', openreviewId: null }],
    tags: [
      {
        kind: 'SUBFIELD',
        label: 'SCALING_LAWS',
        confidence: 0.8,
        evidence: 'A sentence.',
        source: 'tagger@1.1.0',
        taggedAt: null,
        curator: null,
        reason: null,
      },
      {
        kind: 'CONTRIBUTION',
        label: 'FALSIFICATION',
        confidence: 1,
        evidence: 'Why.',
        source: 'curator',
        taggedAt: null,
        curator: 'ada',
        reason: 'Why.',
      },
    ],
  });

  it('should map an API paper to an ExportPaper, tag kinds in the export model’s words', () => {
    const paper = toExportPaper(full(a));
    expect(paper).toMatchObject({ key: a.key, arxivId: a.arxivId, categories: ['cs.LG'], citationCount: 1 });
    expect(paper.tags.map((t) => [t.kind, t.label, t.rejected])).toEqual([
      ['subfield', 'SCALING_LAWS', false],
      ['contribution', 'FALSIFICATION', false],
    ]);
    expect(paper.authors).toEqual([{ key: 'name:ada lovelace', name: 'Ada Lovelace', openreviewId: null }]);
  });

  const among = (citing: PaperBrief, cited: PaperBrief, contexts: string[] = []): AmongEdge => ({
    citing: { key: citing.key },
    cited: { key: cited.key },
    contexts,
    addedAt: '2024-05-06T07:08:09Z',
  });

  it('should keep the drawn order, and every citation among the bundle’s papers once, in key order', () => {
    const chain = chainOf(tree(false));
    // The API answered for all but d.
    const papers = [c, a, root, b].map(full);
    const bundle = toExportBundle(
      papers,
      [
        among(c, a),
        among(a, root, ['a cites root']),
        among(b, root),
        // Not an edge of the tree: c also cites the root (the CLI exports it too).
        among(c, root),
        // From another batch: the same edge again, and one to a paper the export left out.
        among(a, root, ['a cites root']),
        among(d, b),
      ],
      chain.papers.map((p) => p.key),
    );
    expect(bundle.papers.map((p) => p.key)).toEqual([root.key, a.key, b.key, c.key]);
    expect(bundle.citations).toEqual([
      { from: a.key, to: root.key, contexts: ['a cites root'], addedAt: '2024-05-06T07:08:09Z' },
      { from: b.key, to: root.key, contexts: [], addedAt: '2024-05-06T07:08:09Z' },
      { from: c.key, to: root.key, contexts: [], addedAt: '2024-05-06T07:08:09Z' },
      { from: c.key, to: a.key, contexts: [], addedAt: '2024-05-06T07:08:09Z' },
    ]);
  });
});

describe('amongBatches', () => {
  it('should ask once for a set that fits, and never for an empty one', () => {
    expect(amongBatches(['k1', 'k2', 'k1'], 500)).toEqual([['k1', 'k2']]);
    expect(amongBatches([], 500)).toEqual([]);
  });

  it('should put every pair of keys together in some batch of at most `max` keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 2, max: 20 }), (n, max) => {
        const keys = Array.from({ length: n }, (_, i) => `k${i}`);
        const batches = amongBatches(keys, max);
        for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(max);
        const together = new Set(
          batches.flatMap((batch) => batch.flatMap((x) => batch.map((y) => `${x}|${y}`))),
        );
        for (const x of keys) for (const y of keys) expect(together.has(`${x}|${y}`)).toBe(true);
      }),
    );
  });

  it('should split 1,200 keys into pairs of chunks of 250 (5 chunks, 10 calls)', () => {
    const batches = amongBatches(
      Array.from({ length: 1200 }, (_, i) => `k${i}`),
      500,
    );
    expect(batches).toHaveLength(10);
    expect(batches.map((b) => b.length)).toContain(450);
  });
});
