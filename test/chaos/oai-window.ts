/**
 * A large OAI-PMH window for the chaos suite, in the recorded format of test/fixtures/arxiv/oai/
 * (metadataPrefix arXiv, a resumptionToken per page with cursor and completeListSize, an empty token on
 * the last page). Its records are the landmark corpus's real papers (ids, titles, authors, categories;
 * the abstract is the corpus's own summary), and every `damagedEvery`-th record is damaged (no title), so
 * a run must report it by id and store everything else.
 */

import { loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import type { Handler } from '../helpers/fixture-server.js';

export interface OaiWindow {
  /** The pages in order: page i's token leads to page i + 1. */
  readonly pages: readonly string[];
  /** arXiv ids of the records a complete harvest stores. */
  readonly storedIds: readonly string[];
  /** arXiv ids of the damaged records, which a harvest reports as skipped. */
  readonly damagedIds: readonly string[];
  /** The set spec and dates to crawl it with. */
  readonly category: string;
  readonly from: string;
  readonly until: string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const tokenOf = (window: string, skip: number) => `chaos-${window}-skip-${skip}`;

function authorXml(name: string): string {
  const cut = name.lastIndexOf(' ');
  const keyname = cut > 0 ? name.slice(cut + 1) : name;
  const forenames = cut > 0 ? name.slice(0, cut) : '';
  return `<author><keyname>${escapeXml(keyname)}</keyname>${forenames ? `<forenames>${escapeXml(forenames)}</forenames>` : ''}</author>`;
}

export function buildOaiWindow(
  options: { pages?: number; perPage?: number; damagedEvery?: number; name?: string } = {},
): OaiWindow {
  const perPage = options.perPage ?? 20;
  const pageCount = options.pages ?? 24;
  const damagedEvery = options.damagedEvery ?? 37;
  const name = options.name ?? 'window';
  const papers = loadLandmarks(taxonomies()).slice(0, perPage * pageCount);
  if (papers.length < perPage * pageCount)
    throw new Error(`the landmark corpus has ${papers.length} papers, fewer than ${perPage * pageCount}`);
  const from = '2025-06-02';
  const until = '2025-06-20';
  const storedIds: string[] = [];
  const damagedIds: string[] = [];
  const pages: string[] = [];
  for (let p = 0; p < pageCount; p++) {
    const records = papers.slice(p * perPage, (p + 1) * perPage).map((paper, i) => {
      const damaged = (p * perPage + i + 1) % damagedEvery === 0;
      (damaged ? damagedIds : storedIds).push(paper.arxivId);
      const sets = [...new Set(paper.categories.map((c) => `${c.split('.')[0]}:${c}`))].sort();
      return `<record>
<header>
 <identifier>oai:arXiv.org:${paper.arxivId}</identifier>
 <datestamp>2025-06-${String(2 + (p % 18)).padStart(2, '0')}</datestamp>
${sets.map((s) => ` <setSpec>${escapeXml(s)}</setSpec>`).join('\n')}
</header>
<metadata>
 <arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd">
 <id>${paper.arxivId}</id><created>${paper.year}-01-15</created><authors>${paper.authors.map(authorXml).join('')}</authors>${damaged ? '' : `<title>${escapeXml(paper.title)}</title>`}<categories>${paper.categories.join(' ')}</categories><abstract>  ${escapeXml(paper.summary)}
</abstract></arXiv>
</metadata>
</record>`;
    });
    const last = p === pageCount - 1;
    const total = perPage * pageCount;
    const token = last
      ? `<resumptionToken cursor="${p * perPage}" completeListSize="${total}"/>`
      : `<resumptionToken cursor="${p * perPage}" completeListSize="${total}">${tokenOf(name, (p + 1) * perPage)}</resumptionToken>`;
    const request =
      p === 0
        ? `<request verb="ListRecords" metadataPrefix="arXiv" set="cs:cs:LG" from="${from}" until="${until}">https://oaipmh.arxiv.org/oai</request>`
        : `<request verb="ListRecords" resumptionToken="${tokenOf(name, p * perPage)}">https://oaipmh.arxiv.org/oai</request>`;
    pages.push(`<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2025-06-21T09:00:00Z</responseDate>
${request}
<ListRecords>
${records.join('\n')}
${token}
</ListRecords>
</OAI-PMH>
`);
  }
  return { pages, storedIds, damagedIds, category: 'cs.LG', from, until };
}

const BAD_TOKEN = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2025-06-21T09:00:00Z</responseDate>
<request verb="ListRecords">https://oaipmh.arxiv.org/oai</request>
<error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error>
</OAI-PMH>
`;

/** Which page a request asks for: 0 without a token, else the page its token leads to; -1 for a bad token. */
/** The `empirica crawl arxiv` arguments that harvest exactly this window. */
export function harvestArgs(window: OaiWindow): string[] {
  return ['crawl', 'arxiv', '--category', window.category, '--from', window.from, '--until', window.until];
}

export function pageIndexOf(window: OaiWindow, url: URL, name = 'window'): number {
  const token = url.searchParams.get('resumptionToken');
  if (!token) return 0;
  const match = new RegExp(`^chaos-${name}-skip-(\\d+)$`).exec(token);
  const perPage = window.storedIds.length + window.damagedIds.length;
  const skip = match ? Number(match[1]) : -1;
  const index = skip > 0 ? (skip * window.pages.length) / perPage : -1;
  return Number.isInteger(index) && index < window.pages.length ? index : -1;
}

/** Serves the window: each request gets the page its token names (an OAI error for an unknown token). */
export function oaiWindowHandler(window: OaiWindow, name = 'window'): Handler {
  return (_req, res, url) => {
    const index = pageIndexOf(window, url, name);
    res
      .writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
      .end(index < 0 ? BAD_TOKEN : window.pages[index]);
  };
}
