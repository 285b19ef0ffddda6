/**
 * ArxivCrawler.harvest reports each skipped record through `onSkipped` before the page that held it is
 * checkpointed: a harvest killed after that page resumes past it and never meets the record again, so a
 * report left for the end of the run would be lost (issue 10, kill and resume). Fakes stand in for HTTP,
 * the paper store and the checkpoints; the pages are the recorded OAI-PMH fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpResponse } from '../../../ingest/http.js';
import { ArxivCrawler } from '../../../ingest/sources/arxiv/arxiv.crawler.js';
import { parseListRecords } from '../../../ingest/sources/arxiv/oai.parser.js';
import { PROJECT_ROOT } from '../../../src/config.js';
import type { CheckpointRepository } from '../../../src/graph/checkpoint.repository.js';
import type { PaperRepository, WriteResult } from '../../../src/graph/paper.repository.js';

const PAGES = [1, 2, 3].map((n) =>
  readFileSync(
    path.join(PROJECT_ROOT, 'test', 'fixtures', 'arxiv', 'oai', `listrecords_cs-LG_page${n}.xml`),
    'utf8',
  ),
);
const OAI = 'https://oaipmh.arxiv.org/oai';

function harness(options: { failSaveOfPage?: number } = {}) {
  const events: string[] = [];
  const http = {
    get: async (url: string): Promise<HttpResponse> => {
      const token = new URL(url).searchParams.get('resumptionToken');
      const index = token
        ? PAGES.findIndex((p) => parseListRecords(p).resumptionToken?.token === token) + 1
        : 0;
      events.push(`fetch ${index + 1}`);
      return { url, status: 200, contentType: 'text/xml', body: PAGES[index] as string, fromCache: false };
    },
  };
  const papers = {
    upsert: async (records: readonly unknown[]): Promise<WriteResult> => {
      events.push(`store ${records.length}`);
      return { written: records.length, created: records.length, rejected: [] };
    },
  };
  const checkpoints = {
    get: async () => undefined,
    save: async (_id: string, _status: string, state: { pages: number }) => {
      if (state.pages === options.failSaveOfPage) throw new Error('killed');
      events.push(`checkpoint ${state.pages}`);
    },
  };
  const crawler = new ArxivCrawler({
    http: http as unknown as HttpClient,
    papers: papers as unknown as PaperRepository,
    checkpoints: checkpoints as unknown as CheckpointRepository,
    urls: { api: '', oai: OAI, html: '', ar5iv: '' },
    onSkipped: (skipped) => events.push(`skipped ${skipped.id}`),
  });
  return { crawler, events };
}

describe('ArxivCrawler.harvest: skipped records', () => {
  it('should report a skipped record before the checkpoint of its page', async () => {
    const { crawler, events } = harness();
    const summary = await crawler.harvest({ set: 'cs:cs:LG', from: '2025-06-02', until: '2025-06-04' });
    expect(summary.skipped.map((s) => s.id)).toEqual(['2002.99999']);
    const reported = events.indexOf('skipped 2002.99999');
    expect(reported).toBeGreaterThan(events.indexOf('fetch 2'));
    expect(reported).toBeLessThan(events.indexOf('checkpoint 2'));
  });

  it('should have reported the skipped records of a harvest that dies before its checkpoint', async () => {
    const { crawler, events } = harness({ failSaveOfPage: 2 });
    await expect(
      crawler.harvest({ set: 'cs:cs:LG', from: '2025-06-02', until: '2025-06-04' }),
    ).rejects.toThrow('killed');
    expect(events).toContain('skipped 2002.99999');
  });
});
