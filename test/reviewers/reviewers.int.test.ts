/**
 * Reviewer finding against the real Neo4j on a small world built for the test: one submission, experts on
 * its topic with each kind of conflict, a clean expert and an off-topic author.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { type Api, createApi } from '../../src/api/yoga.js';
import type { PaperRecordInput } from '../../src/domain/records.js';
import { AuthorRepository } from '../../src/graph/author.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { ReviewerRepository } from '../../src/graph/reviewer.repository.js';
import { VenueRepository } from '../../src/graph/venue.repository.js';
import { ReviewerFinder } from '../../src/reviewers/finder.js';
import { testDatabaseEnv } from '../helpers/cli.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let api: Api;
let finder: ReviewerFinder;
let venue: string;

const GROK =
  'Grokking on modular arithmetic: weight decay makes small transformers generalize long after they memorize.';
const person = (name: string) => ({ name: scope.author(name), openreviewId: `~${name}_${scope.tag}1` });
const keyOf = (name: string) => `openreview:~${name}_${scope.tag}1`;

function paper(n: number, year: number, authors: string[], title: string, abstract = GROK): PaperRecordInput {
  return {
    arxivId: scope.arxiv(n),
    title,
    abstract,
    year,
    authors: authors.map(person),
    categories: ['cs.LG'],
    source: 'test',
  };
}

beforeAll(async () => {
  graph = await connectTestGraph('reviewers-test');
  scope = new TestScope(graph);
  venue = `Test.cc/2024/Workshop/${scope.tag}`;
  await new PaperRepository(graph).upsert([
    paper(1, 2024, ['Alice'], 'Grokking modular arithmetic with weight decay'),
    paper(2, 2024, ['Walter'], 'Weight decay and delayed generalization in small transformers'),
    paper(3, 2023, ['Bob', 'Alice'], 'Grokking as the transition out of memorization'),
    paper(4, 2023, ['Bob'], 'Modular arithmetic circuits in transformers that grok'),
    paper(5, 2010, ['Carol', 'Alice'], 'Early studies of delayed generalization in modular arithmetic'),
    paper(6, 2022, ['Carol'], 'Grokking beyond algorithmic data with weight decay'),
    paper(7, 2022, ['Dave'], 'Grokking, weight norms and modular addition'),
    paper(8, 2021, ['Dave'], 'Delayed generalization in transformers trained on modular arithmetic'),
    paper(9, 2022, ['Erin'], 'A theory of grokking in modular arithmetic'),
    paper(10, 2023, ['Erin'], 'Weight decay drives generalization after memorization'),
    paper(11, 2022, ['Frank'], 'Grokking in transformers on modular arithmetic tasks'),
    paper(12, 2023, ['Frank'], 'Memorization then generalization: weight decay and grokking'),
    paper(
      13,
      2023,
      ['Gina'],
      'Protein folding with diffusion models',
      'Diffusion models design protein backbones.',
    ),
    paper(14, 2024, ['Gina'], 'Protein structure sampling', 'Sampling protein structures with score models.'),
  ]);
  await new AuthorRepository(graph).upsertProfiles([
    {
      id: `~Alice_${scope.tag}1`,
      name: scope.author('Alice'),
      names: [],
      history: [{ domain: `${scope.tag}.edu`, start: 2019, end: 2024 }],
    },
    {
      id: `~Dave_${scope.tag}1`,
      name: scope.author('Dave'),
      names: [],
      history: [{ domain: `${scope.tag}.edu`, start: 2022 }],
    },
    {
      id: `~Frank_${scope.tag}1`,
      name: scope.author('Frank'),
      names: [],
      history: [{ domain: `${scope.tag}.edu`, start: 2010, end: 2015 }],
    },
  ]);
  const venues = new VenueRepository(graph);
  await venues.upsertVenue(venue, 'Test workshop');
  await graph.write({
    text: `UNWIND $ids AS id MATCH (p:Paper {arxivId: id}) SET p.openreviewId = id + $suffix`,
    params: { ids: [scope.arxiv(1), scope.arxiv(2)], suffix: `x${scope.tag}` },
  });
  await venues.linkSubmissions([
    {
      openreviewId: `${scope.arxiv(1)}x${scope.tag}`,
      venueId: venue,
      state: 'under-review',
      decision: null,
      number: 1,
    },
    {
      openreviewId: `${scope.arxiv(2)}x${scope.tag}`,
      venueId: venue,
      state: 'under-review',
      decision: null,
      number: 2,
    },
  ]);
  api = createApi({ graph, version: 'test' });
  finder = new ReviewerFinder(new ReviewerRepository(graph));
}, 60_000);

afterAll(async () => {
  await scope.cleanup();
  await graph.write({
    text: 'MATCH (n) WHERE (n:Venue AND n.id = $venue) OR (n:Institution AND n.domain = $domain) DETACH DELETE n',
    params: { venue, domain: `${scope.tag}.edu` },
  });
  await graph.close();
});

describe('reviewer candidates', () => {
  it('should rank the on-topic experts, explain each score, and leave out every kind of conflict with reasons', async () => {
    const result = await finder.candidates(
      { key: `arxiv:${scope.arxiv(1)}` },
      {},
      { coauthorYears: 3, declared: [{ reviewer: keyOf('Erin'), with: keyOf('Alice'), reason: 'same lab' }] },
      20,
    );
    const names = result.candidates.map((c) => c.key);
    expect(names).toContain(keyOf('Frank')); // clean expert (institution long before Alice's period)
    expect(names).toContain(keyOf('Carol')); // co-authored with Alice 14 years ago: outside the window
    expect(names).not.toContain(keyOf('Gina')); // off topic: no relevant paper
    const frank = result.candidates.find((c) => c.key === keyOf('Frank'));
    expect(frank?.affinity.matchedPapers.length).toBeGreaterThan(0);
    expect(frank?.affinity.score).toBeGreaterThan(0);
    const conflicts = new Map(result.conflicted.map((c) => [c.key, c.conflicts.map((x) => x.kind)]));
    expect(conflicts.get(keyOf('Alice'))).toEqual(['AUTHOR']);
    expect(conflicts.get(keyOf('Bob'))).toEqual(['COAUTHOR']);
    expect(conflicts.get(keyOf('Dave'))).toEqual(['INSTITUTION']);
    expect(conflicts.get(keyOf('Erin'))).toEqual(['DECLARED']);
    const dave = result.conflicted.find((c) => c.key === keyOf('Dave'));
    expect(dave?.conflicts[0]?.detail).toMatch(new RegExp(`${scope.tag}\\.edu`));
    for (const c of result.candidates) expect(c.conflicts).toEqual([]);
  });

  it('should honour a conflict declared with the submission by its arXiv id', async () => {
    const result = await finder.candidates(
      { key: `arxiv:${scope.arxiv(1)}` },
      {},
      { declared: [{ reviewer: scope.author('Frank'), with: `${scope.arxiv(1)}v2` }] },
      20,
    );
    expect(result.candidates.map((c) => c.key)).not.toContain(keyOf('Frank'));
    expect(result.conflicted.find((c) => c.key === keyOf('Frank'))?.conflicts[0]?.kind).toBe('DECLARED');
  });

  it('should widen the co-authorship window on request', async () => {
    const result = await finder.candidates({ key: `arxiv:${scope.arxiv(1)}` }, {}, { coauthorYears: 20 }, 20);
    expect(result.candidates.map((c) => c.key)).not.toContain(keyOf('Carol'));
  });

  it('should answer through the API, for a paper or a submission given directly', async () => {
    const query = `query ($s: ReviewerSubmissionInput!) { reviewerCandidates(submission: $s, first: 5, includeConflicted: true) {
      candidates { key score matchedPapers { paper { arxivId } similarity } } conflicted { key conflicts { kind detail } } } }`;
    const call = async (s: unknown) => {
      const response = await api.fetch('http://api/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { s } }),
      });
      return (await response.json()) as {
        data?: {
          reviewerCandidates: { candidates: Array<{ key: string }>; conflicted: Array<{ key: string }> };
        };
        errors?: unknown[];
      };
    };
    const byPaper = await call({ paper: scope.arxiv(1) });
    expect(byPaper.errors).toBeUndefined();
    expect(byPaper.data?.reviewerCandidates.candidates.map((c) => c.key)).toContain(keyOf('Frank'));
    const direct = await call({
      title: 'Why grokking happens',
      abstract: GROK,
      authors: [scope.author('Alice')],
    });
    expect(direct.data?.reviewerCandidates.conflicted.map((c) => c.key)).toContain(keyOf('Alice'));
    const bad = (await call({})) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('reviewer assignment', () => {
  const pool = () => ['Bob', 'Carol', 'Dave', 'Frank', 'Gina'].map(keyOf);

  it('should staff every submission within the loads, with no conflict, and say why one falls short', async () => {
    const result = await finder.assign({
      submissions: [`arxiv:${scope.arxiv(1)}`, `arxiv:${scope.arxiv(2)}`],
      pool: pool(),
      perSubmission: 2,
      maxLoad: 1,
    });
    const loads = new Map<string, number>();
    for (const row of result.rows) {
      for (const r of row.reviewers) {
        expect(r.conflicts).toEqual([]);
        loads.set(r.key, (loads.get(r.key) ?? 0) + 1);
      }
    }
    for (const n of loads.values()) expect(n).toBeLessThanOrEqual(1);
    const [forAlice, forWalter] = result.rows;
    expect(forAlice?.reviewers.map((r) => r.key)).not.toContain(keyOf('Bob'));
    expect(forAlice?.reviewers.map((r) => r.key)).not.toContain(keyOf('Dave'));
    expect(forAlice?.reviewers).toHaveLength(2);
    expect(forWalter?.reviewers).toHaveLength(2);
    const tight = await finder.assign({
      submissions: [`arxiv:${scope.arxiv(1)}`],
      pool: [keyOf('Bob'), keyOf('Frank')],
      perSubmission: 2,
      maxLoad: 1,
    });
    expect(tight.rows[0]?.shortfall).toMatch(/only 1 reviewer\(s\) in the pool have no conflict/);
  });

  it('should give every reviewer the minimum load first when asked', async () => {
    const result = await finder.assign({
      submissions: [`arxiv:${scope.arxiv(1)}`, `arxiv:${scope.arxiv(2)}`],
      pool: [keyOf('Carol'), keyOf('Frank'), keyOf('Gina')],
      perSubmission: 1,
      maxLoad: 2,
      minLoad: 1,
    });
    // Two slots, three reviewers: two of them get one each, nobody gets two.
    expect([...result.loads.values()]).toEqual([1, 1]);
    expect(result.underloaded).toHaveLength(1);
  });

  it('should refuse bad input with a clear error', async () => {
    const submissions = [`arxiv:${scope.arxiv(1)}`];
    await expect(
      finder.assign({ submissions, pool: [keyOf('Frank')], perSubmission: 2, maxLoad: 1 }),
    ).rejects.toThrow(/needs 2 reviewers but the pool has only 1/);
    await expect(
      finder.assign({ submissions, pool: [`name:nobody ${scope.tag}`], perSubmission: 1, maxLoad: 1 }),
    ).rejects.toThrow(/Unknown reviewers/);
    await expect(finder.assign({ submissions: [], perSubmission: 1, maxLoad: 1 })).rejects.toThrow(
      /no submissions/,
    );
  });

  it('should go from a venue id to a CSV with one command', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-assign-'));
    const poolFile = path.join(dir, 'pool.txt');
    await writeFile(poolFile, `${pool().join('\n')}\n`);
    const out: string[] = [];
    const errors: string[] = [];
    const env = testDatabaseEnv();
    const csv = path.join(dir, 'assignment.csv');
    const code = await runCli(
      [
        'reviewers',
        'assign',
        '--venue',
        venue,
        '--pool',
        poolFile,
        '--per-paper',
        '2',
        '--max-load',
        '2',
        '--min-load',
        '1',
        '--out',
        csv,
      ],
      { env, out: (l) => out.push(l), err: (l) => errors.push(l) },
    );
    expect(code, errors.join('\n')).toBe(0);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('submission,title,slot,reviewer,reviewer_name,affinity,best_matching_paper,note');
    expect(rows).toHaveLength(1 + 2 * 2);
    // 4 slots over 5 reviewers with a minimum of 1: four reviewers get one each, one is left under.
    expect(JSON.parse(out.at(-1) ?? '{}')).toMatchObject({
      submissions: 2,
      assigned: 4,
      understaffed: 0,
      underloaded: 1,
    });
    const unknown = await runCli(['reviewers', 'assign', '--venue', 'No.cc/such/venue', '--out', csv], {
      env,
      out: () => {},
      err: (l) => errors.push(l),
    });
    expect(unknown).toBe(1);
    expect(errors.join('\n')).toMatch(/No venue No\.cc\/such\/venue in the graph/);
  });
});
