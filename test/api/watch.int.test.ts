/**
 * Watching a paper: `followUps(addedSince:)` and `empirica watch` list the follow-ups whose citation entered
 * the graph since a date. Citation edges record `createdAt` when first written; the test backdates some.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { type Api, createApi } from '../../src/api/yoga.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { testDatabaseEnv } from '../helpers/cli.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let api: Api;
let scope: TestScope;
const id = (n: number) => scope.arxiv(n);

// R is the watched paper. A, B, E cite R; C cites A; D cites A and B.
// Old edges: A→R, D→A (backdated); E→R has no createdAt (written before the graph recorded it).
const LINKS: Array<[number, number]> = [
  [2, 1],
  [3, 1],
  [6, 1],
  [4, 2],
  [5, 2],
  [5, 3],
];

async function backdate(from: number, to: number, when: string | null) {
  await graph.write({
    text: `MATCH (:Paper {arxivId: $from})-[c:CITES]->(:Paper {arxivId: $to})
SET c.createdAt = CASE WHEN $when IS NULL THEN null ELSE datetime($when) END`,
    params: { from: id(from), to: id(to), when },
  });
}

async function edgeCreatedAt(from: number, to: number): Promise<string | null> {
  const [row] = await graph.read<{ at: string | null }>({
    text: `MATCH (:Paper {arxivId: $from})-[c:CITES]->(:Paper {arxivId: $to}) RETURN toString(c.createdAt) AS at`,
    params: { from: id(from), to: id(to) },
  });
  return row?.at ?? null;
}

async function link(papers: PaperRepository) {
  const result = await papers.linkCitations(
    LINKS.map(([from, to]) => ({ from: { arxivId: id(from) }, to: { arxivId: id(to) }, source: 'test' })),
  );
  expect(result.rejected).toEqual([]);
}

beforeAll(async () => {
  graph = await connectTestGraph('watch-test');
  api = createApi({ graph, version: 'test' });
  scope = new TestScope(graph);
  const papers = new PaperRepository(graph);
  const written = await papers.upsert(
    [1, 2, 3, 4, 5, 6].map((n) => ({
      arxivId: id(n),
      title: `Paper ${n} ${scope.tag}`,
      year: 2020 + n,
      source: 'test',
    })),
  );
  expect(written.rejected).toEqual([]);
  await link(papers);
  await backdate(2, 1, '2026-01-15T00:00:00Z');
  await backdate(5, 2, '2026-01-15T00:00:00Z');
  await backdate(6, 1, null);
});
afterAll(async () => {
  await scope.cleanup();
  await graph.close();
});

async function followUps(addedSince: string | null) {
  const response = await api.fetch('http://api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query ($paper: String!, $since: String) {
        followUps(paper: $paper, depth: 2, first: 10, addedSince: $since) {
          levels { hops candidates matching papers { paper { arxivId } matchesFilter } }
          papers { hops addedAt paper { arxivId } parent { arxivId } }
        }
      }`,
      variables: { paper: id(1), since: addedSince },
    }),
  });
  return (await response.json()) as {
    data?: {
      followUps: {
        levels: Array<{ hops: number; candidates: number; matching: number }>;
        papers: Array<{
          hops: number;
          addedAt: string | null;
          paper: { arxivId: string };
          parent: { arxivId: string };
        }>;
      };
    };
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
}

describe('citation edges remember when they entered the graph', () => {
  it('should stamp a new edge once and keep the stamp when the same citation is written again', async () => {
    const before = await edgeCreatedAt(3, 1);
    expect(before).not.toBeNull();
    expect(Date.now() - Date.parse(before as string)).toBeLessThan(10 * 60_000);
    await link(new PaperRepository(graph));
    expect(await edgeCreatedAt(3, 1)).toBe(before);
    expect(await edgeCreatedAt(2, 1)).toBe('2026-01-15T00:00:00Z');
  });
});

describe('followUps(addedSince:)', () => {
  it('should return only follow-ups whose citation is that recent, through old hops, by the new edge', async () => {
    const body = await followUps('2026-06-01');
    expect(body.errors).toBeUndefined();
    const tree = body.data?.followUps;
    const flat = tree?.papers.map((p) => [p.hops, p.paper.arxivId, p.parent.arxivId]);
    // B is new at hop 1; C is new through the old A; D has an old edge to A and a new one to B: B is kept.
    // Within a hop: influence (none here), then the newer paper first (D is from 2025, C from 2024).
    expect(flat).toEqual([
      [1, id(3), id(1)],
      [2, id(5), id(3)],
      [2, id(4), id(2)],
    ]);
    expect(tree?.levels.map((l) => [l.hops, l.candidates, l.matching])).toEqual([
      [1, 3, 1],
      [2, 2, 2],
    ]);
    for (const paper of tree?.papers ?? [])
      expect(Date.parse(paper.addedAt ?? '')).toBeGreaterThan(Date.parse('2026-06-01'));
  });

  it('should find new citers of follow-ups that are not shown (below the per-hop cut)', async () => {
    const response = await api.fetch('http://api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($paper: String!) {
          followUps(paper: $paper, depth: 2, first: 1, addedSince: "2026-06-01") {
            levels { hops candidates matching searchCut papers { paper { arxivId } } }
          }
        }`,
        variables: { paper: id(1) },
      }),
    });
    const body = (await response.json()) as {
      data?: {
        followUps: {
          levels: Array<{
            hops: number;
            matching: number;
            searchCut: boolean;
            papers: Array<{ paper: { arxivId: string } }>;
          }>;
        };
      };
    };
    const levels = body.data?.followUps.levels ?? [];
    // Hop 1 shows only B, yet C (citing the old, unshown A) is still found at hop 2, next to D.
    expect(levels[0]?.papers.map((p) => p.paper.arxivId)).toEqual([id(3)]);
    expect(levels[1]?.matching).toBe(2);
    expect(levels.map((l) => l.searchCut)).toEqual([false, false]);
  });

  it('should count an instant before the backdated edges as including them, but never an unstamped edge', async () => {
    const tree = (await followUps('2026-01-01T00:00:00Z')).data?.followUps;
    expect(tree?.papers.map((p) => p.paper.arxivId).sort()).toEqual([id(2), id(3), id(4), id(5)].sort());
    const all = (await followUps(null)).data?.followUps;
    expect(all?.papers.map((p) => p.paper.arxivId)).toContain(id(6));
    expect(all?.papers.find((p) => p.paper.arxivId === id(6))?.addedAt).toBeNull();
  });

  it('should refuse a malformed date naming the argument', async () => {
    for (const bad of ['last week', '2026-02-30', "2026-01-01' OR 1=1"]) {
      const body = await followUps(bad);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toContain('addedSince');
    }
  });
});

describe('empirica watch', () => {
  const env = testDatabaseEnv;
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('should print the same follow-ups as the API, as JSON and as text', async () => {
    const json = await run(['watch', id(1), '--since', '2026-06-01', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out.join('\n')) as {
      since: string;
      papers: Array<{ key: string; hops: number; title: string }>;
      cut: unknown[];
    };
    expect(report.since).toBe('2026-06-01T00:00:00.000Z');
    expect(report.papers.map((p) => p.key)).toEqual([`arxiv:${id(3)}`, `arxiv:${id(5)}`, `arxiv:${id(4)}`]);
    expect(report.papers[0]?.title).toBe(`Paper 3 ${scope.tag}`);
    expect(report.cut).toEqual([]);

    const text = await run(['watch', `arXiv:${id(1)}v2`, '--since', '2026-06-01', '--depth', '1']);
    expect(text.code).toBe(0);
    expect(text.out[0]).toContain(`1 follow-up of "Paper 1 ${scope.tag}"`);
    expect(text.out.slice(1).join('\n')).toContain(`arxiv:${id(3)}`);
  });

  it('should say when nothing is new, when hops were cut, and refuse bad arguments', async () => {
    const none = await run(['watch', id(1), '--since', '1d']);
    expect(none.code).toBe(0);
    const recent = none.out[0] ?? '';
    // Edges written by this test run are new within a day, so "1d" lists B, C and D again.
    expect(recent).toContain('3 follow-ups');
    const future = await run(['watch', id(1), '--since', '2100-01-01']);
    expect(future.out[0]).toContain('No follow-ups of');
    // Since January, A and B are both new at hop 1; one per hop shows only one of them.
    const cut = await run(['watch', id(1), '--since', '2026-01-01', '--per-hop', '1']);
    expect(cut.out.join('\n')).toContain('hop 1: 2 new, 1 shown');
    expect(cut.err.join('\n')).toContain('--per-hop');
    expect((await run(['watch', id(1), '--since', 'yesterday'])).code).toBe(2);
    expect((await run(['watch', id(1), '--depth', '9'])).code).toBe(2);
    const missing = await run(['watch', scope.arxiv(99)]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toContain(`No paper ${scope.arxiv(99)}`);
  });
});
