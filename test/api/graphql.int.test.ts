/**
 * The GraphQL API in-process (`api.fetch`) against the real Neo4j holding the landmark corpus. Expected
 * answers are computed from the corpus files, so a chain the API returns must be made of real links.
 */
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { type Api, createApi } from '../../src/api/yoga.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import {
  firstSearchPage,
  relevanceSearch,
  searchPage,
  toLuceneQuery,
} from '../../src/graph/search.queries.js';
import { SearchRepository } from '../../src/graph/search.repository.js';
import { VenueRepository } from '../../src/graph/venue.repository.js';
import { curatedLabels, loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, deletePapers, TestScope } from '../helpers/neo4j.js';

const API_KEY = 'test-api-key-0123456789';
const landmarks = loadLandmarks(taxonomies());
const byId = new Map(landmarks.map((p) => [p.arxivId, p]));
const citersOf = (id: string) => landmarks.filter((p) => p.cites.includes(id)).map((p) => p.arxivId);
const cites = (from: string, to: string) => byId.get(from)?.cites.includes(to) ?? false;

let graph: Graph;
let api: Api;

beforeAll(async () => {
  graph = await connectTestGraph('api-test');
  await loadLandmarkCorpus(graph, loadTagger());
  api = createApi({ graph, version: 'test', apiKey: API_KEY });
}, 120_000);
afterAll(async () => {
  await deletePapers(graph, { arxivIds: landmarks.map((p) => p.arxivId) });
  await graph.close();
});

interface GqlError {
  message: string;
  extensions?: { code?: string };
}
interface Result {
  // biome-ignore lint/suspicious/noExplicitAny: test access to arbitrary JSON
  data?: any;
  errors?: GqlError[];
}

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await api.fetch('http://api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

const codes = (result: Result) => (result.errors ?? []).map((e) => e.extensions?.code);

describe('paper', () => {
  it('should find a paper by any spelling of its id, with byline, curated tags and counts', async () => {
    for (const id of [
      '1611.03530',
      '1611.03530v3',
      'arXiv:1611.03530',
      'https://arxiv.org/abs/1611.03530v1',
    ]) {
      const { data, errors } = await gql(
        `query ($id: String!) { paper(id: $id) { key title year venue citationCount referenceCount
          authors { name } tags { label kind source } } }`,
        { id },
      );
      expect(errors, id).toBeUndefined();
      const paper = data.paper;
      const curated = byId.get('1611.03530');
      if (!curated) throw new Error('1611.03530 is not in the corpus');
      expect(paper.key).toBe('arxiv:1611.03530');
      expect(paper.authors.map((a: { name: string }) => a.name)).toEqual(curated?.authors);
      expect(new Set(paper.tags.map((t: { label: string }) => t.label))).toEqual(curatedLabels(curated));
      expect(paper.citationCount).toBe(citersOf('1611.03530').length);
      expect(paper.referenceCount).toBe(curated?.cites.length);
    }
  });

  it('should answer null for an unknown paper and BAD_USER_INPUT for something that is no identifier', async () => {
    expect((await gql('{ paper(id: "9912.99999") { title } }')).data.paper).toBeNull();
    const bad = await gql('{ paper(id: "tell me about grokking?") { title } }');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('should page through all citations with opaque cursors, without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: Result = await gql(
        `query ($after: String) { paper(id: "1611.03530") { citations(first: 7, after: $after) {
          edges { cursor node { arxivId } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      const connection = result.data.paper.citations;
      seen.push(...connection.edges.map((e: { node: { arxivId: string } }) => e.node.arxivId));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(citersOf('1611.03530')));
  });

  it('should refuse malformed and foreign cursors, and backward paging', async () => {
    const search = await gql('{ search(query: "generalization", first: 1) { pageInfo { endCursor } } }');
    const foreign = search.data.search.pageInfo.endCursor;
    for (const after of ['garbage', foreign, Buffer.from('["Paper.citations",1]').toString('base64url')]) {
      const result = await gql(
        'query ($after: String) { paper(id: "1611.03530") { citations(after: $after) { edges { cursor } } } }',
        { after },
      );
      expect(codes(result), after).toEqual(['BAD_USER_INPUT']);
    }
    const backward = await gql('{ paper(id: "1611.03530") { citations(last: 2) { edges { cursor } } } }');
    expect(codes(backward)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('venues', () => {
  it('should show where a paper was submitted, with the decision and the venue’s figures', async () => {
    const scope = new TestScope(graph);
    const venue = `Test.cc/2026/Workshop/${scope.tag}`;
    try {
      const ids = [scope.openreview(1), scope.openreview(2)];
      await new PaperRepository(graph).upsert(
        ids.map((openreviewId, i) => ({ openreviewId, title: `T${i}`, source: 'test' })),
      );
      const venues = new VenueRepository(graph);
      await venues.upsertVenue(venue, 'Test Workshop 2026');
      await venues.linkSubmissions([
        {
          openreviewId: ids[0] as string,
          venueId: venue,
          state: 'accepted',
          decision: 'Accept (Oral)',
          number: 1,
        },
        { openreviewId: ids[1] as string, venueId: venue, state: 'rejected', decision: 'Reject', number: 2 },
      ]);
      const { data, errors } = await gql(
        `query ($id: String!) { paper(id: $id) { submissions { state decision
          venue { id name submissionCount acceptedCount } } } }`,
        { id: ids[0] },
      );
      expect(errors).toBeUndefined();
      expect(data.paper.submissions).toEqual([
        {
          state: 'accepted',
          decision: 'Accept (Oral)',
          venue: { id: venue, name: 'Test Workshop 2026', submissionCount: 2, acceptedCount: 1 },
        },
      ]);
    } finally {
      await scope.cleanup();
      await graph.write({ text: 'MATCH (v:Venue {id: $venue}) DETACH DELETE v', params: { venue } });
    }
  });
});

describe('followUps and lineage', () => {
  const TREE = `query ($paper: String!, $depth: Int, $first: Int, $filter: PaperFilter) {
    followUps(paper: $paper, depth: $depth, first: $first, filter: $filter) {
      truncated levels { hops candidates matching truncated papers { paper { arxivId } parent { arxivId } matchesFilter } }
      papers { hops paper { arxivId year } path { arxivId } }
      edges { citing { arxivId } cited { arxivId } contexts } } }`;

  it('should build the tree from real citation links, level by level, bounded and ranked', async () => {
    const { data, errors } = await gql(TREE, { paper: '1611.03530', depth: 2, first: 5 });
    expect(errors).toBeUndefined();
    const tree = data.followUps;
    const [one, two] = tree.levels;
    expect(one.candidates).toBe(citersOf('1611.03530').length);
    expect(one.papers).toHaveLength(5);
    expect(one.truncated).toBe(true);
    expect(tree.truncated).toBe(true);
    for (const edge of tree.edges)
      expect(cites(edge.citing.arxivId, edge.cited.arxivId), JSON.stringify(edge)).toBe(true);
    // Level 2 papers cite a level-1 paper and are new.
    const levelOne = new Set(one.papers.map((p: { paper: { arxivId: string } }) => p.paper.arxivId));
    for (const p of two.papers) {
      expect(levelOne.has(p.parent.arxivId)).toBe(true);
      expect(levelOne.has(p.paper.arxivId)).toBe(false);
    }
    // Ranked by influence: level 1 starts with the most-cited citer.
    const influence = (id: string) => citersOf(id).length;
    const top = Math.max(...citersOf('1611.03530').map(influence));
    expect(influence(one.papers[0].paper.arxivId)).toBe(top);
    // Every path runs from the root through real links.
    for (const p of tree.papers) {
      const path = p.path.map((x: { arxivId: string }) => x.arxivId);
      expect(path[0]).toBe('1611.03530');
      expect(path).toHaveLength(p.hops + 1);
      for (let i = 1; i < path.length; i++) expect(cites(path[i], path[i - 1])).toBe(true);
    }
  });

  it('should filter the returned papers, rank matching ones first, and say how many matched', async () => {
    const filter = { contributionTypes: ['FALSIFICATION'], yearFrom: 2018 };
    const { data } = await gql(TREE, { paper: '1611.03530', depth: 2, first: 10, filter });
    const tree = data.followUps;
    const isMatch = (id: string) => {
      const p = byId.get(id);
      return !!p && p.year >= 2018 && p.tags.contributions.some((c) => c.type === 'FALSIFICATION');
    };
    const expectedAtOne = citersOf('1611.03530').filter(isMatch).length;
    expect(tree.levels[0].matching).toBe(expectedAtOne);
    expect(tree.papers.length).toBeGreaterThan(0);
    for (const p of tree.papers) expect(isMatch(p.paper.arxivId), p.paper.arxivId).toBe(true);
    for (const level of tree.levels) {
      const flags = level.papers.map((p: { matchesFilter: boolean }) => p.matchesFilter);
      // Matching papers come first within a level.
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('should follow references for lineage', async () => {
    const { data } = await gql(
      '{ lineage(paper: "2203.15556", depth: 1, first: 50) { levels { candidates papers { paper { arxivId } } } } }',
    );
    const level = data.lineage.levels[0];
    const refs = byId.get('2203.15556')?.cites ?? [];
    expect(level.candidates).toBe(refs.length);
    expect(new Set(level.papers.map((p: { paper: { arxivId: string } }) => p.paper.arxivId))).toEqual(
      new Set(refs),
    );
  });

  it('should reject depth, first and filters out of range, and unknown papers', async () => {
    expect(codes(await gql(TREE, { paper: '1611.03530', depth: 5 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(TREE, { paper: '1611.03530', first: 51 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(TREE, { paper: '1611.03530', filter: { subfields: ['NOPE'] } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await gql(TREE, { paper: '9912.99999' }))).toEqual(['NOT_FOUND']);
  });
});

describe('citationPaths', () => {
  it('should return the shortest chains of real links from the older paper to the newer', async () => {
    const { data, errors } = await gql(`{ citationPaths(from: "1312.6199", to: "2202.10054", maxLength: 4) {
      length paths { length papers { arxivId } edges { citing { arxivId } cited { arxivId } } } } }`);
    expect(errors).toBeUndefined();
    const result = data.citationPaths;
    expect(result.length).toBeGreaterThan(0);
    for (const path of result.paths) {
      const ids = path.papers.map((p: { arxivId: string }) => p.arxivId);
      expect(ids[0]).toBe('1312.6199');
      expect(ids.at(-1)).toBe('2202.10054');
      expect(path.length).toBe(result.length);
      for (let i = 1; i < ids.length; i++) expect(cites(ids[i], ids[i - 1])).toBe(true);
    }
    if (result.length > 1) expect(cites('2202.10054', '1312.6199')).toBe(false);
  });

  it('should say there is no path with a null length', async () => {
    const { data } = await gql(
      '{ citationPaths(from: "2203.15556", to: "1312.6199") { length paths { length } } }',
    );
    expect(data.citationPaths).toEqual({ length: null, paths: [] });
  });
});

describe('search', () => {
  const SEARCH = `query ($q: String!, $filter: SearchFilter, $after: String, $first: Int) {
    search(query: $q, filter: $filter, first: $first, after: $after) {
      totalCount totalIsLowerBound
      facets { subfields { value count } contributionTypes { value count } years { value count } }
      edges { node { arxivId title summary year } } pageInfo { hasNextPage endCursor } } }`;

  async function all(q: string, filter?: unknown) {
    const ids: string[] = [];
    let after: string | null = null;
    let first: Result | undefined;
    for (let page = 0; page < 20; page++) {
      const result: Result = await gql(SEARCH, { q, filter, after, first: 25 });
      first ??= result;
      ids.push(...result.data.search.edges.map((e: { node: { arxivId: string } }) => e.node.arxivId));
      if (!result.data.search.pageInfo.hasNextPage) break;
      after = result.data.search.pageInfo.endCursor;
    }
    return { ids, search: first?.data.search };
  }

  it('should find papers by title and summary words, and facets should add up over the whole result set', async () => {
    const { ids, search } = await all('lottery ticket');
    expect(ids).toContain('1803.03635');
    expect(new Set(ids).size).toBe(ids.length);
    expect(search.totalCount).toBe(ids.length);
    const sum = (facet: Array<{ count: number }>) => facet.reduce((n, f) => n + f.count, 0);
    expect(sum(search.facets.years)).toBe(ids.length);
    for (const facet of search.facets.subfields) {
      const expected = ids.filter((id) =>
        byId.get(id)?.tags.subfields.some((s) => s.subfield === facet.value),
      ).length;
      expect(facet.count, facet.value).toBe(expected);
    }
  });

  it('should apply filters consistently with the facets', async () => {
    const unfiltered = await all('generalization');
    const facet = unfiltered.search.facets.contributionTypes.find(
      (f: { value: string }) => f.value === 'FALSIFICATION',
    );
    const filtered = await all('generalization', { papers: { contributionTypes: ['FALSIFICATION'] } });
    expect(filtered.search.totalCount).toBe(facet.count);
    for (const id of filtered.ids) {
      expect(byId.get(id)?.tags.contributions.some((c) => c.type === 'FALSIFICATION')).toBe(true);
    }
    const years = await all('generalization', { papers: { yearFrom: 2020, yearTo: 2021 } });
    for (const id of years.ids) expect([2020, 2021]).toContain(byId.get(id)?.year);
  });

  it('should treat Lucene syntax as plain text', async () => {
    for (const q of ['title:(a OR b)', 'grok* AND NOT', '"unclosed phrase', '\\', '~~~', 'a:b/c[d]']) {
      const result = await gql(SEARCH, { q });
      for (const error of result.errors ?? []) expect(error.extensions?.code, q).toBe('BAD_USER_INPUT');
    }
  });
});

describe('taxonomies', () => {
  it('should count papers per subfield and contribution type, with trends that add up', async () => {
    const { data } = await gql(
      '{ subfields { slug paperCount trend { year papers } } contributionTypes { slug paperCount } }',
    );
    for (const s of data.subfields) {
      const expected = landmarks.filter((p) => p.tags.subfields.some((t) => t.subfield === s.slug)).length;
      expect(s.paperCount, s.slug).toBe(expected);
      expect(s.trend.reduce((n: number, t: { papers: number }) => n + t.papers, 0)).toBe(expected);
    }
    expect(data.contributionTypes.map((t: { slug: string }) => t.slug).sort()).toEqual([
      'CHALLENGED_ASSUMPTION',
      'CONJECTURE',
      'FALSIFICATION',
      'REGULARITY',
    ]);
  });
});

describe('authors', () => {
  it('should list an author’s papers, co-authors and subfield profile', async () => {
    const { data, errors } = await gql(`{ paper(id: "1803.03635") { authors { key name paperCount
      papers(first: 50) { edges { node { arxivId } } } coauthors { author { name } sharedPapers }
      subfieldProfile { subfield papers } } } }`);
    expect(errors).toBeUndefined();
    const frankle = data.paper.authors.find((a: { name: string }) => a.name === 'Jonathan Frankle');
    const expected = landmarks.filter((p) => p.authors.includes('Jonathan Frankle')).map((p) => p.arxivId);
    expect(frankle.paperCount).toBe(expected.length);
    expect(new Set(frankle.papers.edges.map((e: { node: { arxivId: string } }) => e.node.arxivId))).toEqual(
      new Set(expected),
    );
    expect(frankle.coauthors.map((c: { author: { name: string } }) => c.author.name)).toContain(
      'Michael Carbin',
    );
    expect(frankle.subfieldProfile[0].subfield).toBe('REPRESENTATIONS_AND_WEIGHTS');
  });

  it('should resolve any paper and author through the Relay node interface', async () => {
    const { data } = await gql('{ paper(id: "1803.03635") { id authors { id } } }');
    const node = await gql('query ($id: ID!) { node(id: $id) { __typename ... on Paper { arxivId } } }', {
      id: data.paper.id,
    });
    expect(node.data.node).toEqual({ __typename: 'Paper', arxivId: '1803.03635' });
    const author = await gql('query ($id: ID!) { node(id: $id) { __typename } }', {
      id: data.paper.authors[0].id,
    });
    expect(author.data.node.__typename).toBe('Author');
  });
});

describe('curation mutations', () => {
  const SET = `mutation ($input: CuratorTagInput!) { setCuratorTag(input: $input) { tags(kind: SUBFIELD) { label source curator reason } } }`;
  const input = {
    paper: '1611.03530',
    label: 'INDUCTIVE_BIASES',
    curator: 'ada',
    reason: 'implicit regularization',
  };

  it('should refuse without a key, with a wrong key, and when the server has no key', async () => {
    expect(codes(await gql(SET, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(SET, { input }, { authorization: 'Bearer wrong-key-wrong-key' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const keyless = createApi({ graph, version: 'test' });
    const response = await keyless.fetch('http://api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: SET, variables: { input } }),
    });
    const body = (await response.json()) as Result;
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.errors?.[0]?.message).toMatch(/EMPIRICA_API_KEY/);
  });

  it('should set and remove a curator tag with the key', async () => {
    const auth = { authorization: `Bearer ${API_KEY}` };
    const set = await gql(SET, { input }, auth);
    expect(set.data.setCuratorTag.tags).toContainEqual({
      label: 'INDUCTIVE_BIASES',
      source: 'curator',
      curator: 'ada',
      reason: 'implicit regularization',
    });
    const removed = await gql(
      'mutation { removeCuratorTag(paper: "1611.03530", label: "INDUCTIVE_BIASES") { tags { label } } }',
      {},
      auth,
    );
    expect(removed.data.removeCuratorTag.tags.map((t: { label: string }) => t.label)).not.toContain(
      'INDUCTIVE_BIASES',
    );
    expect(codes(await gql(SET, { input: { ...input, label: 'NOT_A_LABEL' } }, auth))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

describe('limits and errors', () => {
  it('should reject deep, alias-heavy, token-heavy and costly queries with a message naming the limit', async () => {
    const deep = `{ paper(id: "1611.03530") { authors { papers { edges { node { authors { papers { edges { node {
      authors { papers { edges { node { title } } } } } } } } } } } } } }`;
    expect((await gql(deep)).errors?.[0]?.message).toMatch(/levels deep; the limit is/);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: status { version }`).join(' ')} }`;
    expect((await gql(aliases)).errors?.[0]?.message).toMatch(/aliases; the limit is/);
    const tokens = `{ status { ${'version '.repeat(2100)} } }`;
    expect((await gql(tokens)).errors?.[0]?.message).toMatch(/tokens/);
    const costly = `{ search(query: "a", first: 100) { edges { node { citations(first: 100) { edges { node {
      citations(first: 100) { edges { node { title } } } } } } } } } }`;
    expect((await gql(costly)).errors?.[0]?.message).toMatch(/estimated cost/);
    expect(codes(await gql('{ search(query: "a", first: 101) { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
  });

  it('should mask unexpected errors: no database text reaches the client, the full error reaches the log', async () => {
    const broken = await connectTestGraph('api-broken');
    await broken.close();
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const closed = createApi({ graph: broken, version: 'test', logger });
    const response = await closed.fetch('http://api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ paper(id: "1611.03530") { title } }' }),
    });
    const body = (await response.json()) as Result;
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toMatch(/neo4j|bolt|driver|Pool|closed/i);
    expect(lines.join('\n')).toMatch(/graphql error/);
  });

  it('should resolve a batch of nodes where one is missing, failing only that one', async () => {
    const { data } = await gql('{ paper(id: "1803.03635") { id } }');
    const missing = Buffer.from('Paper:arxiv:9912.99999').toString('base64');
    const result = await gql('query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Paper { arxivId } } }', {
      ids: [data.paper.id, missing],
    });
    expect(result.data.nodes[0]).toEqual({ arxivId: '1803.03635' });
    expect(result.data.nodes[1]).toBeNull();
    expect(codes(result)).toEqual(['NOT_FOUND']);
  });

  it('should refuse a cursor from another paper’s list or another search', async () => {
    const page = await gql('{ paper(id: "1611.03530") { citations(first: 1) { pageInfo { endCursor } } } }');
    const other = await gql(
      'query ($after: String) { paper(id: "1803.03635") { citations(after: $after) { edges { cursor } } } }',
      { after: page.data.paper.citations.pageInfo.endCursor },
    );
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    const search = await gql('{ search(query: "generalization", first: 1) { pageInfo { endCursor } } }');
    const otherSearch = await gql(
      'query ($after: String) { search(query: "pruning", after: $after) { totalCount } }',
      {
        after: search.data.search.pageInfo.endCursor,
      },
    );
    expect(codes(otherSearch)).toEqual(['BAD_USER_INPUT']);
  });

  it('should answer any argument values with data or a stable error code, never an unmasked error', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('+-&&||!(){}[]^"~*?:\\/', '1611.03530v99', 'hep-th/9901001', '10.1/x', '"', '*', ''),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const number = fc.oneof(
      fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }),
      fc.constantFrom(0, 1, 4, 5, 100, 101),
    );
    const allowed = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', undefined]);
    await fc.assert(
      fc.asyncProperty(hostile, hostile, number, number, async (text, cursor, depth, first) => {
        const results = await Promise.all([
          gql(
            `query ($q: String!, $after: String, $first: Int) { search(query: $q, after: $after, first: $first) {
              totalCount edges { node { title } } } }`,
            { q: text, after: cursor, first },
          ),
          gql(
            'query ($p: String!, $d: Int, $f: Int) { followUps(paper: $p, depth: $d, first: $f) { truncated } }',
            { p: text, d: depth, f: first },
          ),
          gql(
            'query ($id: String!, $a: String) { paper(id: $id) { citations(after: $a) { edges { cursor } } } }',
            {
              id: text,
              a: cursor,
            },
          ),
          gql(
            'query ($a: String!, $b: String!, $m: Int) { citationPaths(from: $a, to: $b, maxLength: $m) { length } }',
            {
              a: text,
              b: cursor,
              m: depth,
            },
          ),
        ]);
        for (const result of results) {
          for (const error of result.errors ?? []) {
            expect(error.message).not.toBe('Unexpected error.');
            expect(allowed.has(error.extensions?.code), JSON.stringify(error)).toBe(true);
          }
        }
      }),
      { numRuns: 60, seed: 20261128 },
    );
  }, 120_000);
});

describe('citationsAmong', () => {
  it('should return exactly the corpus links among a set of papers, and refuse oversized sets', async () => {
    const tree = await gql(
      '{ followUps(paper: "1611.03530", depth: 1, first: 30) { root { key } papers { paper { key } } } }',
    );
    const keys: string[] = [
      tree.data.followUps.root.key,
      ...tree.data.followUps.papers.map((p: { paper: { key: string } }) => p.paper.key),
    ];
    const { data, errors } = await gql(
      'query ($keys: [String!]!) { citationsAmong(papers: $keys) { citing { key } cited { key } addedAt } }',
      { keys: [...keys, 'arxiv:0000.00000'] },
    );
    expect(errors).toBeUndefined();
    const got = data.citationsAmong.map(
      (e: { citing: { key: string }; cited: { key: string } }) => `${e.citing.key}>${e.cited.key}`,
    );
    const expected = new Set<string>();
    for (const paper of landmarks) {
      const from = `arxiv:${paper.arxivId}`;
      for (const cited of paper.cites) {
        const to = `arxiv:${cited}`;
        if (keys.includes(from) && keys.includes(to)) expected.add(`${from}>${to}`);
      }
    }
    expect(new Set(got)).toEqual(expected);
    expect(got.length).toBeGreaterThan(keys.length - 1);
    expect(data.citationsAmong.every((e: { addedAt: string | null }) => e.addedAt !== null)).toBe(true);
    const tooMany = await gql('query ($keys: [String!]!) { citationsAmong(papers: $keys) { contexts } }', {
      keys: Array.from({ length: 501 }, (_, i) => `arxiv:x${i}`),
    });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('first search page from the best hits', () => {
  it('should give exactly the page the full ranking gives, for frequent and rare words and any size', async () => {
    const search = new SearchRepository(graph);
    let compared = 0;
    for (const text of ['learning', 'neural networks', 'generalization', 'training dynamics', 'grokking']) {
      for (const limit of [2, 6, 21]) {
        const params = relevanceSearch(toLuceneQuery(text) as string);
        const fast = await search.page(params, null, limit);
        const full = await graph.read<{ key: string; score: number }>(searchPage(params, null, limit));
        expect(
          fast.map((r) => r.key),
          `${text} / ${limit}`,
        ).toEqual(full.map((r) => r.key));
        compared += full.length;
      }
    }
    expect(compared).toBeGreaterThan(60);
    // The fast path itself answered (not only the fallback): a frequent word, a short page.
    const params = relevanceSearch('learning');
    const rows = await graph.read<{ score: number; fetched: number; floor: number }>(
      firstSearchPage(params, 2, 44),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]?.fetched).toBe(44);
    expect(rows[1]?.floor).toBeLessThan(rows[1]?.score ?? 0);
  });
});
