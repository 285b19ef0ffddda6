/**
 * `empirica crawl openreview --venue …` end to end: the CLI against a fake OpenReview API v2 on 127.0.0.1
 * serving the v2-format fixtures (login, paged notes in every state, profiles, errors), into the test Neo4j.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/config.js';
import { AuthorRepository } from '../../../src/graph/author.repository.js';
import type { Graph } from '../../../src/graph/driver.js';
import { PaperRepository } from '../../../src/graph/paper.repository.js';
import { VenueRepository } from '../../../src/graph/venue.repository.js';
import { runCrawlCli } from '../../helpers/cli.js';
import { FixtureServer, type Handler, reply } from '../../helpers/fixture-server.js';
import { connectTestGraph, deletePapers } from '../../helpers/neo4j.js';

const VENUE = 'NeurIPS.cc/2024/Workshop/SciForDL';
const fixture = (name: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'openreview', name), 'utf8');
const TOKEN = (JSON.parse(fixture('login.json')) as { token: string }).token;
const json = { 'content-type': 'application/json' };

/** The notes fixture each `content.venueid` + `offset` answers with. */
const PAGES: Record<string, string> = {
  [`${VENUE}|0`]: 'notes_accepted_offset0.json',
  [`${VENUE}|2`]: 'notes_accepted_offset2.json',
  [`${VENUE}|4`]: 'notes_accepted_offset4.json',
  [`${VENUE}/Rejected_Submission|0`]: 'notes_rejected.json',
  [`${VENUE}/Withdrawn_Submission|0`]: 'notes_withdrawn.json',
  [`${VENUE}/Desk_Rejected_Submission|0`]: 'notes_desk_rejected.json',
  [`${VENUE}/Submission|0`]: 'notes_under_review.json',
};

const OPENREVIEW_IDS = Object.values(PAGES)
  .concat('notes_malformed.json')
  .flatMap((file) => (JSON.parse(fixture(file)) as { notes: Array<{ id?: unknown } | null> }).notes)
  .flatMap((note) => (note && typeof note.id === 'string' ? [note.id] : []));
const ARXIV_IDS = [
  '1803.99999',
  '1611.03530',
  '1803.03635',
  '2201.02177',
  '1912.02292',
  '2001.08361',
  '1712.09913',
  '1609.04836',
  '1412.6980',
  '1312.6199',
];
const PROFILE_DOMAINS = (
  JSON.parse(fixture('profiles.json')) as {
    profiles: Array<{ content: { history?: Array<{ institution?: { domain?: string } }> } }>;
  }
).profiles
  .flatMap((p) => p.content.history ?? [])
  .flatMap((h) => (h.institution?.domain ? [h.institution.domain.trim().toLowerCase()] : []));

let server: FixtureServer;
let graph: Graph;
let papers: PaperRepository;
let logins = 0;

beforeAll(async () => {
  graph = await connectTestGraph('crawl-openreview-test');
  papers = new PaperRepository(graph);
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  server = await new FixtureServer().start();
  logins = 0;
  await cleanup();
});
afterEach(async () => {
  await server.stop();
  await cleanup();
});

async function cleanup(): Promise<void> {
  await deletePapers(graph, { openreviewIds: OPENREVIEW_IDS, arxivIds: ARXIV_IDS });
  await graph.write({
    text: `MATCH (n) WHERE (n:Venue AND n.id = $venue) OR (n:Institution AND n.domain IN $domains)
  OR (n:Author AND n.openreviewId STARTS WITH '~' AND n.openreviewId IN $profiles)
DETACH DELETE n`,
    params: {
      venue: VENUE,
      domains: PROFILE_DOMAINS,
      profiles: [
        '~Jonathan_Frankle1',
        '~Michael_Carbin1',
        '~Samy_Bengio1',
        '~Moritz_Hardt1',
        '~Chiyuan_Zhang1',
        '~Alethea_Power1',
      ],
    },
  });
}

const CREDENTIALS = {
  OPENREVIEW_USERNAME: 'crawler@example.org',
  OPENREVIEW_PASSWORD: 'not-a-real-password',
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

const login: Handler = async (req, res) => {
  const body = JSON.parse(await bodyOf(req)) as { id?: string; password?: string };
  logins += 1;
  if (body.id !== CREDENTIALS.OPENREVIEW_USERNAME || body.password !== CREDENTIALS.OPENREVIEW_PASSWORD) {
    res
      .writeHead(400, json)
      .end('{"status":400,"name":"InvalidCredentialsError","message":"Invalid username or password"}');
    return;
  }
  res.writeHead(200, json).end(fixture('login.json'));
};

/** `/notes` by venueid and offset; anonymous callers get the challenge gate. */
function notes(pages: Record<string, string> = PAGES): Handler {
  return (req, res, url) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(403, json).end(fixture('error_403_challenge.json'));
      return;
    }
    const file = pages[`${url.searchParams.get('content.venueid')}|${url.searchParams.get('offset')}`];
    res.writeHead(200, json).end(file ? fixture(file) : '{"notes":[],"count":0}');
  };
}

const profiles: Handler = (req, res, url) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(403, json).end(fixture('error_403_challenge.json'));
    return;
  }
  const wanted = new Set((url.searchParams.get('ids') ?? '').split(','));
  const all = JSON.parse(fixture('profiles.json')) as { profiles: Array<{ id: string }> };
  res.writeHead(200, json).end(JSON.stringify({ profiles: all.profiles.filter((p) => wanted.has(p.id)) }));
};

function routes(notesHandlers: Handler[] = [notes()]): void {
  server.route('/login', login);
  server.route('/notes', ...notesHandlers);
  server.route('/profiles', profiles);
}

const crawl = ['crawl', 'openreview', '--venue', VENUE, '--page-size', '2'];
const cli = (argv: string[], extra: Record<string, string> = CREDENTIALS) =>
  runCrawlCli(server, argv, {
    EMPIRICA_OPENREVIEW_URL: server.origin,
    EMPIRICA_OPENREVIEW_INTERVAL_MS: '20',
    ...extra,
  });

/** Every node and edge the venue crawl touched, for before/after comparison. */
async function dump(): Promise<unknown[]> {
  return await graph.read({
    text: `MATCH (p:Paper) WHERE p.openreviewId IN $ids
RETURN p {.*, createdAt: null, taggedAt: null,
  authors: COLLECT { MATCH (a:Author)-[r:AUTHORED]->(p) RETURN [a.key, r.position] ORDER BY r.position },
  tags: COLLECT { MATCH (p)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t) RETURN [t.slug, r.source = 'curator', r.confidence] ORDER BY t.slug },
  venues: COLLECT { MATCH (p)-[r:SUBMITTED_TO]->(v) RETURN [v.id, r.state, r.decision] },
  affiliations: COLLECT { MATCH (p)<-[:AUTHORED]-(:Author)-[r:AFFILIATED]->(i) RETURN [i.domain, r.start, r.end] ORDER BY i.domain, r.start }
} AS paper ORDER BY paper.openreviewId`,
    params: { ids: OPENREVIEW_IDS },
  });
}

describe('empirica crawl openreview', () => {
  it('should store every submission with its state, decision, authors and profiles, joined with arXiv papers', async () => {
    // Crawled from arXiv before: one the notes name by id, one only by title + first author (a year apart).
    await papers.upsert([
      {
        arxivId: '1611.03530',
        title: 'Understanding deep learning requires rethinking generalization',
        year: 2016,
        authors: [{ name: 'Chiyuan Zhang' }],
        source: 'arxiv-api',
      },
      {
        arxivId: '1803.03635',
        title: 'The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks',
        year: 2018,
        authors: [{ name: 'Jonathan Frankle' }, { name: 'Michael Carbin' }],
        source: 'arxiv-api',
      },
    ]);
    routes();
    const run = await cli(crawl);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.summary).toMatchObject({
      submissions: 9,
      byState: { accepted: 5, rejected: 1, withdrawn: 1, 'desk-rejected': 1, 'under-review': 1 },
      joinedByTitle: 1,
      skipped: 0,
    });
    expect(logins).toBe(1);

    const submissions = await new VenueRepository(graph).submissions(VENUE);
    expect(submissions.map((s) => [s.openreviewId, s.state])).toEqual(
      expect.arrayContaining([
        ['kR7mZq2VtP', 'accepted'],
        ['Rj4eKq7LmX', 'rejected'],
        ['Wd8tBn3CvY', 'withdrawn'],
        ['Dr6hPs9GwF', 'desk-rejected'],
        ['Ur1xMk5JqN', 'under-review'],
      ]),
    );
    expect(submissions.find((s) => s.openreviewId === 'kR7mZq2VtP')?.decision).toBe('Accept (Oral)');
    const rejected = await papers.getById('Rj4eKq7LmX');
    expect(rejected).toMatchObject({
      pdfUrl: 'https://openreview.net/pdf?id=Rj4eKq7LmX',
      source: 'openreview',
    });
    expect((rejected?.keywords as string[] | undefined)?.length).toBeGreaterThan(0);
    expect(rejected?.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const byId = await papers.getById('kR7mZq2VtP');
    expect(byId).toMatchObject({
      id: 'arxiv:1611.03530',
      arxivId: '1611.03530',
      matchMethod: 'arxiv-id',
      matchConfidence: 1,
    });
    const byTitle = await papers.getById('Lt9cHx4NbW');
    expect(byTitle).toMatchObject({
      id: 'arxiv:1803.03635',
      openreviewId: 'Lt9cHx4NbW',
      matchMethod: 'title+first-author+year',
      matchConfidence: 0.85,
    });
    // arXiv's metadata of the work stays; OpenReview only filled what was missing (its abstract).
    expect(byTitle).toMatchObject({ year: 2018, source: 'arxiv-api' });
    expect(byTitle?.abstract).toBeTruthy();
    expect(byTitle?.authors.map((a) => [a.name, a.openreviewId])).toEqual([
      ['Jonathan Frankle', '~Jonathan_Frankle1'],
      ['Michael Carbin', '~Michael_Carbin1'],
    ]);
    const frankle = await new AuthorRepository(graph).affiliations('~Jonathan_Frankle1');
    expect(frankle.length).toBeGreaterThan(0);
    expect(JSON.stringify(await dump())).not.toMatch(/@/); // no e-mail address stored anywhere

    const before = await dump();
    const again = await cli(crawl);
    expect(again.summary).toMatchObject({ submissions: 9, created: 0, profiles: 0, joinedByTitle: 0 });
    expect(await dump()).toEqual(before);
  });

  it('should join a submission with its arXiv paper crawled afterwards', async () => {
    routes();
    await cli(crawl);
    expect((await papers.getById('Lt9cHx4NbW'))?.id).toBe('openreview:Lt9cHx4NbW');

    server.route(
      '/api/query',
      reply(
        200,
        readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/arxiv/api/search_cs_lg_2025-11.xml'), 'utf8'),
      ),
    );
    const arxiv = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4']);
    expect(arxiv.code).toBe(0);
    expect(arxiv.err.join('\n')).toContain('joined openreview:Lt9cHx4NbW with arxiv:1803.03635');
    expect(await papers.getById('Lt9cHx4NbW')).toMatchObject({
      id: 'arxiv:1803.03635',
      matchMethod: 'title+first-author+year',
    });
    expect(await papers.getById('1803.03635')).toMatchObject({ openreviewId: 'Lt9cHx4NbW' });
    expect(await new VenueRepository(graph).submissions(VENUE)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ openreviewId: 'Lt9cHx4NbW', arxivId: '1803.03635', state: 'accepted' }),
      ]),
    );
  });

  it('should report an ambiguous match and merge nothing', async () => {
    const title = 'The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks';
    await papers.upsert([
      {
        arxivId: '1803.03635',
        title,
        year: 2018,
        authors: [{ name: 'Jonathan Frankle' }],
        source: 'arxiv-api',
      },
      // A second record of the same title and first author under an id arXiv never assigned: two candidates.
      {
        arxivId: '1803.99999',
        title,
        year: 2019,
        authors: [{ name: 'Jonathan Frankle' }],
        source: 'test',
      },
    ]);
    routes();
    const run = await cli([...crawl, '--states', 'accepted']);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ ambiguous: 1, joinedByTitle: 0 });
    expect(run.err.join('\n')).toMatch(
      /not joined openreview:Lt9cHx4NbW: ambiguous between arxiv:1803\.03635, arxiv:1803\.99999/,
    );
    expect((await papers.getById('Lt9cHx4NbW'))?.id).toBe('openreview:Lt9cHx4NbW');
  });

  it('should report malformed notes by id and store the rest', async () => {
    routes([notes({ [`${VENUE}|0`]: 'notes_malformed.json' })]);
    const run = await cli([...crawl.slice(0, 4), '--states', 'accepted', '--page-size', '1000']);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ submissions: 2 });
    const skipped = run.err.filter((l) => l.startsWith('skipped')).join('\n');
    for (const id of ['Mt0tLe5Xk2', 'Wt7yPe3Zr8', 'Uw5rAp2Vq6', 'Ov2eNu6Bf3'])
      expect(skipped).toContain(`skipped ${id}`);
    expect(await papers.getById('Ad4mOp1Qz9')).toMatchObject({ arxivId: '1412.6980', stub: false });
  });

  it('should say clearly that credentials are needed when OpenReview answers 403 to an anonymous call', async () => {
    routes();
    const run = await cli(crawl, {});
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /refuses anonymous reads .*OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD/,
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/notes']);
  });

  it('should log in again when the token expires, and wait out a 429 for the time it names', async () => {
    routes([
      reply(401, fixture('error_401_token_expired.json'), json),
      reply(429, 'Too many requests: You have made 102 requests. Please try again in 1 second (test).'),
      notes(),
    ]);
    const started = performance.now();
    const run = await cli([...crawl, '--states', 'rejected']);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.summary).toMatchObject({ submissions: 1, byState: { rejected: 1 } });
    expect(logins).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(JSON.stringify(run)).not.toContain(CREDENTIALS.OPENREVIEW_PASSWORD);
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });
});
