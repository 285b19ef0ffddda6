/**
 * `empirica crawl refs` end to end: the CLI against a fake arXiv HTML / ar5iv on 127.0.0.1 serving the
 * LaTeXML fixtures, writing CITES edges with their sentences into the test Neo4j.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractReferences, referencesToCitations } from '../../../ingest/sources/arxiv/html-refs.parser.js';
import { PROJECT_ROOT } from '../../../src/config.js';
import type { Graph } from '../../../src/graph/driver.js';
import { PaperRepository } from '../../../src/graph/paper.repository.js';
import { runCrawlCli } from '../../helpers/cli.js';
import { FixtureServer, reply } from '../../helpers/fixture-server.js';
import { connectTestGraph, deletePapers } from '../../helpers/neo4j.js';

const page = (name: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'arxiv', 'html', name), 'utf8');
const ARTICLE = page('article_2412.99999v1.html');
const AR5IV = page('ar5iv_1307.9999.html');
const html = { 'content-type': 'text/html; charset=utf-8' };

/** A paper in the graph whose title an identifier-less reference of the article names. */
const ALEXNET = {
  doi: '10.1145/3065386',
  title: 'ImageNet Classification with Deep Convolutional Neural Networks',
  year: 2017,
  source: 'test',
};
const CITING = ['2412.99999', '2412.99998', '2412.99997', '1307.9999'];

/** Everything these tests can create: the citing papers and every paper their fixtures cite. */
const CITED = [
  referencesToCitations('2412.99999', extractReferences(ARTICLE)),
  referencesToCitations('1307.9999', extractReferences(AR5IV)),
].flatMap((r) => r.citations.map((c) => c.to));
const ARXIV_IDS = [...CITING, ...CITED.flatMap((to) => (to.arxivId ? [to.arxivId] : []))];
const DOIS = [ALEXNET.doi, ...CITED.flatMap((to) => (to.doi ? [to.doi] : []))];

let server: FixtureServer;
let graph: Graph;
let papers: PaperRepository;

beforeAll(async () => {
  graph = await connectTestGraph('crawl-refs-test');
  papers = new PaperRepository(graph);
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  server = await new FixtureServer().start();
  await cleanup();
  await papers.upsert(
    CITING.map((arxivId) => ({ arxivId, title: `Citing paper ${arxivId}`, source: 'test' })),
  );
});
afterEach(async () => {
  await server.stop();
  await cleanup();
});

async function cleanup(): Promise<void> {
  await deletePapers(graph, { arxivIds: ARXIV_IDS, dois: DOIS });
}

const cli = (argv: string[]) => runCrawlCli(server, argv);

async function citationsOf(arxivId: string) {
  return await graph.read<{ to: string; stub: boolean; contexts: string[]; sources: string[] }>({
    text: `MATCH (:Paper {arxivId: $arxivId})-[c:CITES]->(q:Paper)
RETURN coalesce(q.arxivId, q.doi) AS to, q.stub AS stub, c.contexts AS contexts, c.sources AS sources ORDER BY to`,
    params: { arxivId },
  });
}

describe('empirica crawl refs', () => {
  it('should link every identified reference with its citing sentences, stubbing unknown papers, once', async () => {
    await papers.upsert([
      ALEXNET,
      {
        arxivId: '1611.03530',
        title: 'Understanding deep learning requires rethinking generalization',
        source: 'test',
      },
    ]);
    server.route('/html/2412.99999', reply(200, ARTICLE, html));

    const run = await cli(['crawl', 'refs', '--ids', 'arXiv:2412.99999v1']);
    expect(run.code).toBe(0);
    // 10 references with an arXiv id or DOI, plus the identifier-less one resolved by its title.
    expect(run.summary).toMatchObject({ fetched: 1, citations: 11, stubs: 9, unresolved: 0, skipped: 0 });
    const edges = await citationsOf('2412.99999');
    expect(edges).toHaveLength(11);
    expect(edges.find((e) => e.to === '1611.03530')).toMatchObject({ stub: false, sources: ['arxiv-html'] });
    expect(edges.find((e) => e.to === ALEXNET.doi)?.stub).toBe(false);
    expect(edges.filter((e) => e.stub)).toHaveLength(9);
    expect(edges.filter((e) => e.contexts.length > 0).length).toBeGreaterThan(5);
    expect(await papers.getById('2412.99999')).toMatchObject({ refsStatus: 'ok', refsCount: 12 });

    const again = await cli(['crawl', 'refs', '--ids', '2412.99999']);
    expect(again.summary).toMatchObject({ citations: 11, stubs: 0 });
    expect(await citationsOf('2412.99999')).toEqual(edges);
    expect(server.unexpected).toEqual([]);
  });

  it('should fall back to ar5iv, and report a paper with no HTML anywhere without failing', async () => {
    server.route('/html/1307.9999', reply(404, 'Not Found'));
    server.route('/ar5iv/html/1307.9999', reply(200, AR5IV, html));
    server.route('/html/2412.99997', reply(200, page('no_html_2412.99997v1.html'), html));
    server.route('/ar5iv/html/2412.99997', reply(404, 'Not Found'));
    server.route('/html/2412.99998', reply(200, page('no_bibliography_2412.99998v1.html'), html));
    server.route('/html/2412.99999', reply(200, ARTICLE, html));

    const run = await cli(['crawl', 'refs', '--missing']);
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toMatch(
      /skipped 2412\.99997: no HTML full text \(arxiv\.org\/html: no-html, ar5iv: 404\)/,
    );
    expect(run.summary).toMatchObject({ skipped: 1 });
    expect((await citationsOf('1307.9999')).length).toBe(4);
    expect(await papers.getById('2412.99997')).toMatchObject({ refsStatus: 'no-html', refsCount: 0 });
    expect(await papers.getById('2412.99998')).toMatchObject({ refsStatus: 'ok', refsCount: 0 });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/html/1307.9999',
      '/ar5iv/html/1307.9999',
      '/html/2412.99997',
      '/ar5iv/html/2412.99997',
      '/html/2412.99998',
      '/html/2412.99999',
    ]);

    // Nothing is left to read: the next --missing run fetches nothing.
    const next = await cli(['crawl', 'refs', '--missing']);
    expect(next.summary).toMatchObject({ fetched: 0 });
  });

  it('should skip a paper whose page fails, go on with the others, and try it again last', async () => {
    server.route('/html/1307.9999', reply(403, 'Forbidden'));
    server.route('/html/2412.99997', reply(404, 'Not Found'));
    server.route('/ar5iv/html/2412.99997', reply(404, 'Not Found'));
    server.route('/html/2412.99998', reply(200, page('no_bibliography_2412.99998v1.html'), html));
    server.route('/html/2412.99999', reply(200, ARTICLE, html));
    const run = await cli(['crawl', 'refs', '--missing']);
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toMatch(/skipped 1307\.9999: HTTP 403/);
    expect(await papers.getById('1307.9999')).toMatchObject({ refsStatus: 'error' });
    expect(await papers.getById('2412.99999')).toMatchObject({ refsStatus: 'ok' });

    // A new paper to read comes before the one that failed.
    await papers.upsert([{ arxivId: '1206.5538', title: 'A paper never tried', source: 'test' }]);
    server.route('/html/1206.5538', reply(200, page('no_bibliography_2412.99998v1.html'), html));
    server.route('/html/1307.9999', reply(200, AR5IV, html));
    const before = server.requests.length;
    await cli(['crawl', 'refs', '--missing']);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/html/1206.5538', '/html/1307.9999']);
    expect(await papers.getById('1307.9999')).toMatchObject({ refsStatus: 'ok', refsCount: 6 });
  });

  it('should refetch nothing it already has when the response cache is on', async () => {
    server.route('/html/2412.99999', reply(200, ARTICLE, html));
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'empirica-crawl-cache-'));
    try {
      const first = await runCrawlCli(server, ['crawl', 'refs', '--ids', '2412.99999'], {
        EMPIRICA_HTTP_CACHE_DIR: cacheDir,
      });
      const second = await runCrawlCli(server, ['crawl', 'refs', '--ids', '2412.99999'], {
        EMPIRICA_HTTP_CACHE_DIR: cacheDir,
      });
      expect(first.summary).toMatchObject({ fetched: 1, fromCache: 0 });
      expect(second.summary).toMatchObject({ fetched: 1, fromCache: 1, citations: first.summary?.citations });
      expect(server.requests).toHaveLength(1);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
