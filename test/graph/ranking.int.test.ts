/**
 * Ranked citer lists: unfiltered follow-up trees read dense papers through them and must give exactly the
 * tree the full expansion gives (same papers, parents, order); new citations mark lists stale; `rank`
 * rebuilds them; rebuilding twice changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../scripts/random.js';
import { citationPage } from '../../src/graph/citation.queries.js';
import {
  type CitationCursor,
  CitationRepository,
  type CitationRow,
  type CitationTree,
} from '../../src/graph/citation.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { RankingRepository } from '../../src/graph/ranking.repository.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

const PAPERS = 300;
// Small thresholds so that a 300-paper graph has many dense papers; a level takes at most 5 + 16 entries.
const OPTIONS = { minCiters: 10, keep: 24 };

let graph: Graph;
let scope: TestScope;
let citations: CitationRepository;
let ranking: RankingRepository;
const key = (n: number) => `arxiv:${scope.arxiv(n)}`;

/** Preferential attachment to older papers: a few hubs, many papers with a handful of citers. */
function citationLinks(): Array<[number, number]> {
  const random = rng(7);
  const indegree = new Array<number>(PAPERS + 1).fill(0);
  const links: Array<[number, number]> = [];
  for (let n = 2; n <= PAPERS; n++) {
    const targets = new Set<number>();
    const want = Math.min(n - 1, 3 + Math.floor(random() * 6));
    while (targets.size < want) {
      const total = indegree.slice(1, n).reduce((a, b) => a + b + 1, 0);
      let pick = random() * total;
      let t = 1;
      for (; t < n - 1; t++) {
        pick -= (indegree[t] as number) + 1;
        if (pick < 0) break;
      }
      targets.add(t);
    }
    for (const t of targets) {
      links.push([n, t]);
      indegree[t] = (indegree[t] as number) + 1;
    }
  }
  return links;
}

function shape(tree: CitationTree) {
  return tree.levels.map((level) => level.nodes.map((n) => [n.key, n.parent, n.influence]));
}

async function hubs(count: number): Promise<string[]> {
  const rows = await graph.read<{ key: string }>({
    text: `MATCH (p:Paper) WHERE p.arxivId STARTS WITH $prefix
RETURN p.id AS key ORDER BY COUNT { (p)<-[:CITES]-() } DESC, key LIMIT toInteger($count)`,
    params: { prefix: `${scope.yymm}.`, count },
  });
  return rows.map((r) => r.key);
}

async function listOf(paper: string): Promise<string[]> {
  const rows = await graph.read<{ key: string }>({
    text: 'MATCH (:Paper {id: $paper})-[r:RANKED_CITER]->(p) RETURN p.id AS key ORDER BY r.rank',
    params: { paper },
  });
  return rows.map((r) => r.key);
}

beforeAll(async () => {
  graph = await connectTestGraph('ranking-test');
  scope = new TestScope(graph);
  citations = new CitationRepository(graph);
  ranking = new RankingRepository(graph, OPTIONS);
  const papers = new PaperRepository(graph);
  await papers.upsert(
    Array.from({ length: PAPERS }, (_, i) => ({
      arxivId: scope.arxiv(i + 1),
      title: `Paper ${i + 1} ${scope.tag}`,
      year: 2000 + Math.floor(i / 12),
      source: 'test',
    })),
  );
  const linked = await papers.linkCitations(
    citationLinks().map(([from, to]) => ({
      from: { arxivId: scope.arxiv(from) },
      to: { arxivId: scope.arxiv(to) },
      source: 'test',
    })),
  );
  expect(linked.rejected).toEqual([]);
});
afterAll(async () => {
  await scope.cleanup();
  await graph.close();
});

describe('ranked citer lists', () => {
  it('should list every dense paper with its best citers, most cited first', async () => {
    await ranking.rebuildAll();
    const [hub] = await hubs(1);
    const list = await listOf(hub as string);
    expect(list).toHaveLength(OPTIONS.keep);
    const rows = await graph.read<{ key: string }>({
      text: `MATCH (:Paper {id: $hub})<-[:CITES]-(p:Paper)
RETURN p.id AS key ORDER BY COUNT { (p)<-[:CITES]-() } DESC, coalesce(p.year, 0) DESC, key LIMIT toInteger($keep)`,
      params: { hub, keep: OPTIONS.keep },
    });
    expect(list).toEqual(rows.map((r) => r.key));
    const [dense] = await graph.read<{ dense: number; sparseWithList: number }>({
      text: `MATCH (p:Paper) WHERE p.arxivId STARTS WITH $prefix
WITH p, COUNT { (p)<-[:CITES]-() } AS citers
RETURN sum(CASE WHEN citers >= $min AND p.rankedCiters = CASE WHEN citers < $keep THEN citers ELSE $keep END THEN 1 ELSE 0 END) AS dense,
  sum(CASE WHEN citers < $min AND p.rankedCiters IS NOT NULL THEN 1 ELSE 0 END) AS sparseWithList`,
      params: { prefix: `${scope.yymm}.`, min: OPTIONS.minCiters, keep: OPTIONS.keep },
    });
    expect(dense?.dense).toBeGreaterThan(5);
    expect(dense?.sparseWithList).toBe(0);
  });

  it('should give the same trees as the full expansion, to depth 3', async () => {
    const roots = [...(await hubs(6)), key(150), key(40)];
    let listedLevels = 0;
    for (const root of roots) {
      for (const [depth, perLevel] of [
        [3, 5],
        [2, 3],
      ] as const) {
        const fast = await citations.tree('citations', root, depth, perLevel, null);
        const full = await citations.tree('citations', root, depth, perLevel, null, { rankedLists: false });
        expect(shape(fast), `${root} depth ${depth}`).toEqual(shape(full));
        for (const [i, level] of fast.levels.entries()) {
          const exact = full.levels[i];
          if (!level.listed) expect(level.candidates).toBe(exact?.candidates);
          else {
            listedLevels += 1;
            expect(level.candidates).toBeLessThanOrEqual(exact?.candidates ?? 0);
            expect(level.candidates).toBeGreaterThanOrEqual(level.nodes.length);
          }
        }
      }
    }
    // The lists were really used, not only the fallback.
    expect(listedLevels).toBeGreaterThan(5);
  });

  it('should page through a dense paper’s citers from its list and on past it, as the full ranking does', async () => {
    const [hub] = (await hubs(1)) as [string];
    const walk = async (read: (after: CitationCursor | null) => Promise<CitationRow[]>) => {
      const keys: string[] = [];
      let after: CitationCursor | null = null;
      for (;;) {
        const rows = await read(after);
        keys.push(...rows.map((r) => r.key));
        const last = rows[rows.length - 1];
        if (rows.length < 7 || !last) return keys;
        after = [last.influence, last.year, last.key];
      }
    };
    const viaList = await walk((after) => citations.page('citations', hub, after, 7));
    const full = await walk((after) =>
      graph.read<CitationRow & Record<string, unknown>>(citationPage('citations', hub, after, 7)),
    );
    expect(viaList).toEqual(full);
    expect(full.length).toBeGreaterThan(OPTIONS.keep);
    expect(new Set(full).size).toBe(full.length);
  });

  it('should mark a list stale when its paper gains a citer, and catch up on `rank`', async () => {
    const [hub] = (await hubs(1)) as [string];
    const papers = new PaperRepository(graph);
    // A new paper citing the hub, itself cited by many: it belongs at the top of the hub's list.
    const star = PAPERS + 1;
    await papers.upsert([
      { arxivId: scope.arxiv(star), title: `Star ${scope.tag}`, year: 2030, source: 'test' },
    ]);
    await papers.linkCitations([
      { from: { arxivId: scope.arxiv(star) }, to: { arxivId: hub.slice(6) }, source: 'test' },
      ...Array.from({ length: 120 }, (_, i) => ({
        from: { arxivId: scope.arxiv(star + 1 + i) },
        to: { arxivId: scope.arxiv(star) },
        source: 'test',
      })),
    ]);
    expect((await ranking.summary()).stale).toBeGreaterThanOrEqual(1);
    const before = await listOf(hub);
    expect(before).not.toContain(key(star));
    const rebuilt = await ranking.rebuildStale();
    expect(rebuilt.papers).toBeGreaterThanOrEqual(1);
    expect((await listOf(hub))[0]).toBe(key(star));
    expect((await ranking.summary()).stale).toBe(0);
    // The new paper has 120 citers: dense for this test's threshold, below the product's (which marks papers
    // that cross it on write), so only the full rebuild lists it.
    expect(await listOf(key(star))).toEqual([]);
    await ranking.rebuildAll();
    expect(await listOf(key(star))).toHaveLength(OPTIONS.keep);
    const fast = await citations.tree('citations', hub, 2, 5, null);
    const full = await citations.tree('citations', hub, 2, 5, null, { rankedLists: false });
    expect(shape(fast)).toEqual(shape(full));
  });

  it('should change nothing when rebuilt again', async () => {
    const snapshot = () =>
      graph.read<{ cited: string; rank: number; citer: string }>({
        text: `MATCH (f:Paper)-[r:RANKED_CITER]->(p:Paper) WHERE f.arxivId STARTS WITH $prefix
RETURN f.id AS cited, r.rank AS rank, p.id AS citer ORDER BY cited, rank`,
        params: { prefix: `${scope.yymm}.` },
      });
    const first = await snapshot();
    const again = await ranking.rebuildAll();
    expect(again.edges).toBeGreaterThanOrEqual(first.length);
    expect(await snapshot()).toEqual(first);
  });
});
