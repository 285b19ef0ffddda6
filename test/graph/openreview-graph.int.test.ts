/** Venues, submissions, author profiles, and merging two nodes of one work, against the real Neo4j. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthorRepository } from '../../src/graph/author.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { VenueRepository } from '../../src/graph/venue.repository.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let papers: PaperRepository;

beforeAll(async () => {
  graph = await connectTestGraph();
  papers = new PaperRepository(graph);
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  scope = new TestScope(graph);
});
afterEach(async () => {
  await graph.write({
    text: `MATCH (n) WHERE (n:Venue AND n.id STARTS WITH $tag) OR (n:Institution AND n.domain ENDS WITH $domain)
DETACH DELETE n`,
    params: { tag: scope.tag, domain: `${scope.tag}.edu` },
  });
  await scope.cleanup();
});

const profileId = (name: string) => `~${name}_${scope.tag}1`;

describe(PaperRepository.name, () => {
  it('should keep one author per name in a paper, preferring the one with an OpenReview profile', async () => {
    const arxivByline = [{ name: scope.author('Ada Lovelace') }, { name: scope.author('Alan Turing') }];
    await papers.upsert([{ arxivId: scope.arxiv(1), title: 'T', authors: arxivByline, source: 'arxiv' }]);
    await papers.upsert([
      {
        arxivId: scope.arxiv(1),
        openreviewId: scope.openreview(1),
        title: 'T',
        authors: [
          { name: scope.author('Ada Lovelace'), openreviewId: profileId('Ada') },
          { name: scope.author('Alan Turing') },
        ],
        source: 'openreview',
      },
    ]);
    const keys = async () =>
      (await papers.getById(scope.arxiv(1)))?.authors.map((a) => [a.key.split(':')[0], a.position]);
    expect(await keys()).toEqual([
      ['openreview', 0],
      ['name', 1],
    ]);
    // The arXiv byline again (a re-crawl): the profile-keyed author stays.
    await papers.upsert([{ arxivId: scope.arxiv(1), title: 'T', authors: arxivByline, source: 'arxiv' }]);
    expect(await keys()).toEqual([
      ['openreview', 0],
      ['name', 1],
    ]);
  });

  it('should merge two nodes of one work, moving edges, identifiers and the decision', async () => {
    await papers.upsert([
      {
        arxivId: scope.arxiv(1),
        title: 'Shared',
        authors: [{ name: scope.author('Ada Lovelace') }],
        year: 2018,
        source: 'arxiv',
      },
      { arxivId: scope.arxiv(2), title: 'Citing', source: 'arxiv' },
      {
        openreviewId: scope.openreview(9),
        title: 'Shared',
        abstract: 'Only OpenReview had an abstract.',
        authors: [{ name: scope.author('Ada Lovelace'), openreviewId: profileId('Ada') }],
        year: 2019,
        source: 'openreview',
      },
    ]);
    await papers.linkCitations([
      {
        from: { arxivId: scope.arxiv(2) },
        to: { openreviewId: scope.openreview(9) },
        contexts: ['As [9] shows.'],
        source: 't',
      },
      {
        from: { arxivId: scope.arxiv(2) },
        to: { arxivId: scope.arxiv(1) },
        contexts: ['See [1].'],
        source: 't',
      },
    ]);
    const venues = new VenueRepository(graph);
    await venues.upsertVenue(`${scope.tag}/Workshop`);
    await venues.linkSubmissions([
      {
        openreviewId: scope.openreview(9),
        venueId: `${scope.tag}/Workshop`,
        state: 'accepted',
        decision: 'Poster',
        number: 3,
      },
    ]);

    expect(
      await papers.merge(
        `openreview:${scope.openreview(9)}`,
        `arxiv:${scope.arxiv(1)}`,
        'title+first-author+year',
        0.85,
      ),
    ).toBe(true);
    const merged = await papers.getById(scope.openreview(9));
    expect(merged).toMatchObject({
      id: `arxiv:${scope.arxiv(1)}`,
      arxivId: scope.arxiv(1),
      openreviewId: scope.openreview(9),
      abstract: 'Only OpenReview had an abstract.',
      matchMethod: 'title+first-author+year',
      matchConfidence: 0.85,
    });
    expect(merged?.authors.map((a) => a.openreviewId)).toEqual([profileId('Ada')]);
    const [edge] = await papers.getReferences(`arxiv:${scope.arxiv(2)}`);
    expect(edge?.contexts).toEqual(['See [1].', 'As [9] shows.']);
    expect(await venues.submissions(`${scope.tag}/Workshop`)).toMatchObject([
      { state: 'accepted', arxivId: scope.arxiv(1) },
    ]);
    expect((await scope.counts()).papers).toBe(2);
  });
});

describe(AuthorRepository.name, () => {
  it('should store institution history and replace it when the profile changes, without churn on a re-run', async () => {
    const authors = new AuthorRepository(graph);
    const id = profileId('Grace');
    const profile = {
      id,
      name: scope.author('Grace Hopper'),
      names: [scope.author('Grace Hopper')],
      history: [
        { domain: `navy.${scope.tag}.edu`, position: 'Officer', start: 1943, end: 1966 },
        { domain: `yale.${scope.tag}.edu`, position: 'PhD student', start: 1930, end: 1934 },
        { domain: `vassar.${scope.tag}.edu` },
      ],
    };
    expect(await authors.missingProfiles([id])).toEqual([id]);
    await authors.upsertProfiles([profile]);
    await authors.upsertProfiles([profile]);
    expect(await authors.missingProfiles([id])).toEqual([]);
    expect(await authors.affiliations(id)).toEqual([
      { domain: `vassar.${scope.tag}.edu`, start: null, end: null },
      { domain: `yale.${scope.tag}.edu`, start: 1930, end: 1934 },
      { domain: `navy.${scope.tag}.edu`, start: 1943, end: 1966 },
    ]);
    await authors.upsertProfiles([
      { ...profile, history: [profile.history[0] as (typeof profile.history)[number]] },
    ]);
    expect((await authors.affiliations(id)).map((a) => a.domain)).toEqual([`navy.${scope.tag}.edu`]);
  });
});
