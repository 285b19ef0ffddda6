/**
 * `empirica crawl arxiv` end to end: the CLI (in-process, and once as a child process that is killed)
 * against a fake arXiv on 127.0.0.1 serving the recorded-format fixtures, writing into the test Neo4j.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../../ingest/sources/arxiv/arxiv-api.parser.js';
import { parseListRecords } from '../../../ingest/sources/arxiv/oai.parser.js';
import { PROJECT_ROOT } from '../../../src/config.js';
import type { Graph } from '../../../src/graph/driver.js';
import { PaperRepository } from '../../../src/graph/paper.repository.js';
import { crawlEnv, TEST_INTERVAL_MS as INTERVAL_MS, runCrawlCli } from '../../helpers/cli.js';
import { endless, FixtureServer, type Handler, reply, truncated } from '../../helpers/fixture-server.js';
import { connectTestGraph, deletePapers } from '../../helpers/neo4j.js';

const fixture = (name: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'arxiv', name), 'utf8');
const OAI_PAGES = [1, 2, 3].map((n) => fixture(`oai/listrecords_cs-LG_page${n}.xml`));
const tokenOf = (page: string) => parseListRecords(page).resumptionToken?.token;

/** Every arXiv id the fixtures used here can write: what each test cleans up. */
const FIXTURE_IDS = [
  ...new Set(
    [
      ...[...OAI_PAGES, fixture('oai/listrecords_arXivRaw_withdrawn.xml')].flatMap((p) => [
        ...parseListRecords(p).records.map((r) => r.arxivId),
        ...parseListRecords(p).deleted,
      ]),
      ...['api/search_cs_lg_2025-11.xml', 'api/search_malformed_2025-11.xml'].flatMap((f) =>
        parseArxivAtom(fixture(f)).records.map((r) => r.arxivId),
      ),
    ].filter((id): id is string => Boolean(id)),
  ),
];

let server: FixtureServer;
let graph: Graph;

beforeAll(async () => {
  graph = await connectTestGraph('crawl-test');
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  server = await new FixtureServer().start();
  await cleanup();
});
afterEach(async () => {
  await server.stop();
  await cleanup();
});

async function cleanup(): Promise<void> {
  await deletePapers(graph, { arxivIds: FIXTURE_IDS });
  await graph.write({
    text: "MATCH (c:CrawlCheckpoint) WHERE c.id STARTS WITH 'arxiv-oai:' DELETE c",
    params: {},
  });
}

const cli = (argv: string[], extra: Record<string, string> = {}) => runCrawlCli(server, argv, extra);
const env = () => crawlEnv(server);

/** The OAI endpoint: the window's first request gets page 1, each page's token leads to the next. */
function oaiHandler(pages: readonly string[], delayMs = 0): Handler {
  return async (_req, res, url) => {
    if (delayMs) await sleep(delayMs);
    const token = url.searchParams.get('resumptionToken');
    const index = token ? pages.findIndex((p) => tokenOf(p) === token) + 1 : 0;
    const page = pages[index];
    if (index <= 0 && token)
      res.writeHead(200, { 'content-type': 'text/xml' }).end(fixture('oai/error_badResumptionToken.xml'));
    else res.writeHead(200, { 'content-type': 'text/xml' }).end(page);
  };
}

/** Papers of the fixture ids with their properties (minus creation and tagging times), authors, categories, tags. */
async function dump(): Promise<unknown[]> {
  return await graph.read({
    text: `UNWIND $ids AS id
MATCH (p:Paper {arxivId: id})
RETURN p {.*, createdAt: null, taggedAt: null,
  authors: COLLECT { MATCH (a:Author)-[r:AUTHORED]->(p) RETURN [a.key, r.position] ORDER BY r.position },
  categories: COLLECT { MATCH (p)-[r:IN_CATEGORY]->(c) RETURN [c.id, r.primary] ORDER BY c.id },
  tags: COLLECT { MATCH (p)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t) RETURN [t.slug, r.source, r.confidence] ORDER BY t.slug }
} AS paper ORDER BY id`,
    params: { ids: FIXTURE_IDS },
  });
}

describe('empirica crawl arxiv (search API)', () => {
  it('should store a result page, and change nothing when crawled again', async () => {
    server.route(
      '/api/query',
      reply(200, fixture('api/search_cs_lg_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const first = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4']);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ fetched: 1, records: 4, created: 4, updated: 0, skipped: 0 });
    const query = server.requests[0]?.query;
    expect(query?.get('search_query')).toBe('cat:cs.LG');
    expect(query?.get('max_results')).toBe('4');
    expect(server.requests[0]?.userAgent).toMatch(/^Empirica\/\S+ \(.*mailto:crawler-tests@example\.org\)$/);

    const before = await dump();
    const second = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4']);
    expect(second.summary).toMatchObject({ records: 4, created: 0, updated: 4 });
    expect(await dump()).toEqual(before);
    expect(server.unexpected).toEqual([]);
  });

  it('should report malformed entries by id and store the rest', async () => {
    server.route(
      '/api/query',
      reply(200, fixture('api/search_malformed_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(['crawl', 'arxiv', '--title', 'residual', '--limit', '6', '--page-size', '6']);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ records: 2, created: 2, skipped: 4 });
    expect(run.err.filter((l) => l.startsWith('skipped'))).toHaveLength(4);
    expect(run.err.join('\n')).toContain('skipped 1512.03385');
    const stored = await new PaperRepository(graph).getByRefs(
      parseArxivAtom(fixture('api/search_malformed_2025-11.xml')).records.map((r) => ({
        arxivId: r.arxivId,
      })),
    );
    expect(stored.every((p) => p && !p.stub)).toBe(true);
  });

  it("should stop with arXiv's own message when it rejects the query", async () => {
    server.route(
      '/api/query',
      reply(400, fixture('api/error_invalid_query_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(['crawl', 'arxiv', '--title', '(unbalanced']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/arXiv API error: /);
    expect(server.requests).toHaveLength(1);
  });

  it('should wait out a 503 with Retry-After and "Rate exceeded." and then go on', async () => {
    server.route(
      '/api/query',
      reply(503, 'busy', { 'retry-after': '1' }),
      reply(200, 'Rate exceeded.', { 'retry-after': '0' }),
      reply(200, fixture('api/search_cs_lg_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4']);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ created: 4 });
    const [a, b] = server.requests;
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('should get past a truncated body and a body that never ends by retrying', async () => {
    const page = fixture('api/search_cs_lg_2025-11.xml');
    server.route(
      '/api/query',
      truncated(page.slice(0, 400)),
      endless,
      reply(200, page, { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4'], {
      EMPIRICA_HTTP_TIMEOUT_MS: '500',
    });
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ fetched: 1, created: 4 });
    expect(server.requests).toHaveLength(3);
  });

  it('should finish an empty result with nothing to do', async () => {
    server.route(
      '/api/query',
      reply(200, fixture('api/search_empty_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(['crawl', 'arxiv', '--title', 'no such words anywhere']);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ fetched: 1, records: 0, skipped: 0 });
  });

  it('should refuse a redirect to another host, naming it', async () => {
    server.route(
      '/api/query',
      reply(302, '', { location: 'https://export.arxiv.org.attacker.example/api/query' }),
    );
    const run = await cli(['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /to https:\/\/export\.arxiv\.org\.attacker\.example\/api\/query refused: host not allowed/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('should write nothing and need no database in a dry run', async () => {
    server.route(
      '/api/query',
      reply(200, fixture('api/search_cs_lg_2025-11.xml'), { 'content-type': 'application/atom+xml' }),
    );
    const run = await cli(
      ['crawl', 'arxiv', '--category', 'cs.LG', '--limit', '4', '--page-size', '4', '--dry-run'],
      {
        NEO4J_URI: 'bolt://127.0.0.1:9', // nothing listens there
      },
    );
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ dryRun: true, records: 4, created: 0 });
    expect(await dump()).toEqual([]);
  });

  it('should refuse to crawl without a contact address', async () => {
    const run = await cli(['crawl', 'arxiv', '--category', 'cs.LG'], { EMPIRICA_CONTACT_EMAIL: '' });
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/EMPIRICA_CONTACT_EMAIL/);
    expect(server.requests).toEqual([]);
  });
});

describe('empirica crawl arxiv (OAI-PMH harvest)', () => {
  const harvest = ['crawl', 'arxiv', '--category', 'cs.LG', '--from', '2025-06-02', '--until', '2025-06-04'];

  it('should follow resumption tokens to the end, spacing requests, and not redo a finished window', async () => {
    server.route('/oai', oaiHandler(OAI_PAGES));
    const run = await cli(harvest);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ fetched: 3, records: 6, created: 6, pages: 3, resumed: false });
    expect(run.err.join('\n')).toContain('skipped 2002.99999: deleted at the source');
    const first = server.requests[0]?.query;
    expect(first?.get('set')).toBe('cs:cs:LG');
    expect(first?.get('from')).toBe('2025-06-02');
    expect([...(server.requests[1]?.query.keys() ?? [])]).toEqual(['verb', 'resumptionToken']);
    const times = server.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(INTERVAL_MS);

    const again = await cli(harvest);
    expect(again.summary).toMatchObject({ fetched: 0, records: 0 });
    expect(again.err.join('\n')).toMatch(/already harvested \(3 pages\)/);
    const redo = await cli([...harvest, '--restart']);
    expect(redo.summary).toMatchObject({ fetched: 3, records: 6, created: 0, updated: 6 });
  });

  it('should stop on a hostile page without reading it, and resume from the page before', async () => {
    server.route(
      '/oai',
      oaiHandler([OAI_PAGES[0] as string]),
      reply(200, fixture('oai/hostile_entity-bomb.xml')),
    );
    const stopped = await cli(harvest);
    expect(stopped.code).toBe(1);
    expect(stopped.err.join('\n')).toMatch(/Unreadable OAI-PMH page: .*(DOCTYPE|ENTITY)/);
    expect(await dump()).toHaveLength(3); // page 1 only

    server.route('/oai', oaiHandler(OAI_PAGES));
    const resumed = await cli(harvest);
    expect(resumed.summary).toMatchObject({ resumed: true, fetched: 2, created: 3 });
    expect(await dump()).toHaveLength(6);
  });

  it('should store a withdrawn paper flagged as withdrawn', async () => {
    server.route(
      '/oai',
      reply(200, fixture('oai/listrecords_arXivRaw_withdrawn.xml')),
      reply(200, OAI_PAGES[2] as string),
    );
    const run = await cli(harvest);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ pages: 2, withdrawn: 1 });
    const repo = new PaperRepository(graph);
    expect(await repo.getById('2304.99999')).toMatchObject({ withdrawn: true, stub: false });
    expect((await repo.getById('1611.03530'))?.withdrawn).toBeUndefined();
  });

  it('should take noRecordsMatch as success with nothing new', async () => {
    server.route('/oai', reply(200, fixture('oai/error_noRecordsMatch.xml'), { 'content-type': 'text/xml' }));
    const run = await cli(harvest);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ fetched: 1, records: 0, pages: 1 });
  });

  it('should restart the window when the resumption token is refused', async () => {
    server.route(
      '/oai',
      oaiHandler([OAI_PAGES[0] as string]),
      reply(200, fixture('oai/error_badResumptionToken.xml'), { 'content-type': 'text/xml' }),
      oaiHandler(OAI_PAGES),
    );
    const run = await cli(harvest);
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toMatch(/resumption token refused .*window restarted/);
    expect(run.summary).toMatchObject({ created: 6 });
  });

  it('should end a harvest killed at a random page with exactly the graph of an uninterrupted run', async () => {
    server.route('/oai', oaiHandler(OAI_PAGES));
    await cli(harvest);
    const uninterrupted = await dump();
    await cleanup();
    await server.stop();

    server = await new FixtureServer().start();
    server.route('/oai', oaiHandler(OAI_PAGES, 300));
    const killAfter = 1 + Math.floor(Math.random() * 2); // after page 1 or page 2 was served
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'empirica.js'), ...harvest], {
      env: { ...process.env, ...env() } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    while (server.requests.length <= killAfter && Date.now() < deadline && child.exitCode === null)
      await sleep(20);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(server.requests.length).toBe(killAfter + 1);

    const resumed = await cli(harvest);
    expect(resumed.code).toBe(0);
    expect(resumed.summary).toMatchObject({ resumed: true, fetched: 3 - killAfter });
    expect(await dump()).toEqual(uninterrupted);
  }, 120_000);
});
