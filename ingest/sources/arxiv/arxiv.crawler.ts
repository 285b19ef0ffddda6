/**
 * The arXiv crawls: search-API queries, OAI-PMH harvests of a category window, and references with
 * citation contexts from the HTML full text. All I/O goes through the injected HttpClient (politeness,
 * retries, cache) and the graph repositories; parsing is done by the pure parsers beside this file.
 *
 * Every crawl returns a CrawlSummary (fetched, new, updated, skipped with reasons). A malformed record is
 * skipped and reported; only a CriticalError (or an error that makes further requests pointless, such as
 * arXiv rejecting the query) ends a crawl early.
 */
import { normalizeTitle } from '../../../src/domain/identifiers.js';
import type { CitationRecordInput, PaperRecordInput } from '../../../src/domain/records.js';
import type { CheckpointRepository } from '../../../src/graph/checkpoint.repository.js';
import type { PaperRepository, WriteResult } from '../../../src/graph/paper.repository.js';
import { CrawlError, CriticalError, NonRetryableError } from '../../errors.js';
import { type HttpClient, HttpStatusError } from '../../http.js';
import type { Progress } from '../../progress.js';
import { ArxivApiError, type ArxivAtomPage, parseArxivAtom } from './arxiv-api.parser.js';
import { ARXIV_MAX_RESULTS_PER_CALL, type ArxivQueryOptions, buildArxivQueryUrl } from './arxiv-api.query.js';
import {
  ARXIV_HTML_SOURCE,
  extractReferences,
  type HtmlReferences,
  NotArticleHtmlError,
  referencesToCitations,
  type UnresolvedReference,
} from './html-refs.parser.js';
import { buildListRecordsUrl, OaiError, type OaiPage, parseListRecords } from './oai.parser.js';

export interface Skipped {
  readonly id: string;
  readonly reason: string;
}

export interface CrawlSummary {
  /** HTTP responses used (network or cache). */
  fetched: number;
  /** Of which from the on-disk cache. */
  fromCache: number;
  /** Valid records read. */
  records: number;
  /** Papers created (new to the graph). */
  created: number;
  /** Papers written that already existed (updated, or unchanged by an identical re-crawl). */
  updated: number;
  /** Citation edges written, and stubs created for cited papers not in the graph. */
  citations: number;
  stubs: number;
  /** Papers whose latest version is a withdrawal (stored, and flagged `withdrawn`). */
  withdrawn: number;
  /** References that name no arXiv id, DOI or known title (not linked). */
  unresolved: number;
  skipped: Skipped[];
  /** Set when nothing was written (`--dry-run`). */
  dryRun: boolean;
}

export function emptySummary(dryRun: boolean): CrawlSummary {
  return {
    fetched: 0,
    fromCache: 0,
    records: 0,
    created: 0,
    updated: 0,
    citations: 0,
    stubs: 0,
    withdrawn: 0,
    unresolved: 0,
    skipped: [],
    dryRun,
  };
}

export interface ArxivCrawlerDeps {
  readonly http: HttpClient;
  /** Absent in a dry run: nothing is written. */
  readonly papers?: PaperRepository | undefined;
  readonly checkpoints?: CheckpointRepository | undefined;
  readonly urls: {
    readonly api: string;
    readonly oai: string;
    readonly html: string;
    readonly ar5iv: string;
  };
  readonly progress?: (label: string) => Progress | undefined;
  /**
   * Told of each skipped record as soon as it is known (before its page is checkpointed), so a run that
   * is killed has still reported the records it skipped (the summary holds them all too).
   */
  readonly onSkipped?: (skipped: Skipped) => void;
}

export class ArxivCrawler {
  constructor(private readonly deps: ArxivCrawlerDeps) {}

  private get dryRun(): boolean {
    return !this.deps.papers;
  }

  private skip(summary: CrawlSummary, skipped: Skipped): void {
    summary.skipped.push(skipped);
    this.deps.onSkipped?.(skipped);
  }

  /** Records the graph store refused are skipped, with its reasons. */
  private noteRejections(result: WriteResult, summary: CrawlSummary): void {
    for (const rejection of result.rejected)
      this.skip(summary, { id: rejection.record, reason: rejection.errors.join('; ') });
  }

  /** Writes paper records (unless dry run) and counts the outcome into `summary`. */
  private async storePapers(records: readonly PaperRecordInput[], summary: CrawlSummary): Promise<void> {
    summary.records += records.length;
    if (!this.deps.papers || !records.length) return;
    const result = await this.deps.papers.upsert(records);
    summary.created += result.created;
    summary.updated += result.written - result.created;
    this.noteRejections(result, summary);
  }

  /** Writes citation records (unless dry run) and counts the outcome into `summary`. */
  private async storeCitations(
    records: readonly CitationRecordInput[],
    summary: CrawlSummary,
  ): Promise<void> {
    if (!this.deps.papers || !records.length) {
      summary.citations += this.deps.papers ? 0 : records.length;
      return;
    }
    const result = await this.deps.papers.linkCitations(records);
    summary.citations += result.written;
    summary.stubs += result.created;
    this.noteRejections(result, summary);
  }

  /**
   * Runs a search-API query page by page (`start`/`max_results`) until the result set, or `limit`, is
   * exhausted; a pure id list is fetched in chunks of `pageSize` ids instead (its totals are unreliable).
   * arXiv rejecting the query (its error feed, HTTP 400) ends the crawl with arXiv's message.
   */
  async search(
    query: ArxivQueryOptions,
    options: { limit?: number; pageSize?: number } = {},
  ): Promise<CrawlSummary> {
    const summary = emptySummary(this.dryRun);
    const pageSize = Math.min(options.pageSize ?? 100, ARXIV_MAX_RESULTS_PER_CALL);
    const progress = this.deps.progress?.('arXiv search');
    try {
      const idsOnly = query.idList && !query.categories && !query.title && !query.abstract && !query.all;
      if (idsOnly && query.idList) {
        const ids = query.idList.slice(0, options.limit ?? query.idList.length);
        for (let i = 0; i < ids.length; i += pageSize) {
          const chunk = ids.slice(i, i + pageSize);
          const page = await this.fetchAtom(
            buildArxivQueryUrl({ idList: chunk, maxResults: chunk.length }, this.deps.urls.api),
            summary,
          );
          await this.storePage(page, summary);
          progress?.update(i / pageSize + 1, Math.ceil(ids.length / pageSize), `${summary.records} papers`);
        }
        return summary;
      }
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      let start = query.start ?? 0;
      let total = Number.POSITIVE_INFINITY;
      let emptyRetries = 0;
      while (start < Math.min(total, limit)) {
        const maxResults = Math.min(pageSize, limit - start);
        const page = await this.fetchAtom(
          buildArxivQueryUrl({ ...query, start, maxResults }, this.deps.urls.api),
          summary,
        );
        total = page.totalResults;
        const seen = page.records.length + page.problems.length + page.emptyEntries;
        if (seen === 0) {
          if (start >= total) break;
          // A known quirk: an empty page although the total says more remain. Ask again, a bounded number of times.
          if (++emptyRetries > 2) {
            this.skip(summary, {
              id: `start=${start}`,
              reason: `empty page although ${total} results were announced`,
            });
            break;
          }
          continue;
        }
        emptyRetries = 0;
        await this.storePage(page, summary);
        start += seen;
        const pages = Math.ceil(Math.min(total, limit) / pageSize);
        progress?.update(Math.ceil(start / pageSize), pages, `${summary.records} papers`);
      }
      return summary;
    } finally {
      progress?.done();
    }
  }

  private async storePage(page: ArxivAtomPage, summary: CrawlSummary): Promise<void> {
    for (const problem of page.problems)
      this.skip(summary, { id: problem.id, reason: problem.errors.join('; ') });
    await this.storePapers(page.records, summary);
  }

  /** One API page. A 400 carries arXiv's explanation in an error feed: it becomes a CriticalError with it. */
  private async fetchAtom(url: string, summary: CrawlSummary): Promise<ArxivAtomPage> {
    let body: string;
    let rejected: HttpStatusError | undefined;
    try {
      // Search results change as papers arrive: never answered from the cache.
      const response = await this.deps.http.get(url, { accept: 'application/atom+xml', noCache: true });
      summary.fetched += 1;
      if (response.fromCache) summary.fromCache += 1;
      body = response.body;
    } catch (error) {
      if (!(error instanceof HttpStatusError && error.status === 400)) throw error;
      rejected = error;
      body = error.body;
    }
    try {
      const page = parseArxivAtom(body);
      if (rejected) throw rejected;
      return page;
    } catch (error) {
      if (error instanceof ArxivApiError) throw new CriticalError(error.message, { url, cause: error });
      throw error;
    }
  }

  /**
   * Harvests an OAI-PMH window (a set such as `cs:cs:LG`, `from`/`until` days) page by page. After each
   * page's records are committed, the resumption token is saved as a CrawlCheckpoint, so a killed harvest
   * resumes at the next page; a page done twice is harmless because writes are idempotent.
   * `noRecordsMatch` is success with nothing new; an expired token (`badResumptionToken`) restarts the
   * window. A closed window (with `until`) that finished is not harvested again unless `restart`.
   */
  async harvest(
    window: { set: string; from?: string | undefined; until?: string | undefined },
    options: { restart?: boolean } = {},
  ): Promise<CrawlSummary & { pages: number; resumed: boolean }> {
    const summary = { ...emptySummary(this.dryRun), pages: 0, resumed: false };
    const id = `arxiv-oai:${window.set}:${window.from ?? ''}:${window.until ?? ''}`;
    const checkpoints = this.deps.checkpoints;
    const saved = options.restart ? undefined : await checkpoints?.get<HarvestState>(id);
    if (saved?.status === 'done' && window.until) {
      this.skip(summary, {
        id,
        reason: `window already harvested (${saved.state.pages} pages); use --restart to redo it`,
      });
      return summary;
    }
    let state: HarvestState = saved?.status === 'running' ? saved.state : { pages: 0 };
    summary.resumed = state.token !== undefined;
    let restarts = 0;
    const progress = this.deps.progress?.(`arXiv OAI ${window.set}`);
    try {
      for (;;) {
        const url = state.token
          ? buildListRecordsUrl({ resumptionToken: state.token }, this.deps.urls.oai)
          : buildListRecordsUrl(
              { set: window.set, from: window.from, until: window.until },
              this.deps.urls.oai,
            );
        // OAI pages are never cached: their tokens expire.
        const response = await this.deps.http.get(url, { accept: 'text/xml', noCache: true });
        summary.fetched += 1;
        let page: OaiPage;
        try {
          page = parseListRecords(response.body);
        } catch (error) {
          if (error instanceof OaiError && error.code === 'badResumptionToken' && restarts < 2) {
            restarts += 1;
            this.skip(summary, {
              id,
              reason: `resumption token refused (${error.description}); window restarted`,
            });
            state = { pages: 0 };
            continue;
          }
          if (error instanceof OaiError) throw new CriticalError(error.message, { url, cause: error });
          throw new NonRetryableError(`Unreadable OAI-PMH page: ${(error as Error).message}`, {
            url,
            cause: error,
          });
        }
        const withdrawn = new Set(page.withdrawn);
        const records = page.records.map((r) =>
          r.arxivId && withdrawn.has(r.arxivId) ? { ...r, withdrawn: true } : r,
        );
        summary.withdrawn += withdrawn.size;
        for (const deleted of page.deleted)
          this.skip(summary, { id: deleted, reason: 'deleted at the source' });
        for (const problem of page.problems)
          this.skip(summary, { id: problem.id, reason: problem.errors.join('; ') });
        await this.storePapers(records, summary);
        summary.pages += 1;
        state = {
          token: page.resumptionToken?.token,
          pages: state.pages + 1,
          records: (state.records ?? 0) + records.length,
          completeListSize:
            page.completeListSize ?? page.resumptionToken?.completeListSize ?? state.completeListSize,
        };
        const done = !page.resumptionToken;
        await checkpoints?.save(id, done ? 'done' : 'running', state);
        const perPage = state.records && state.pages ? state.records / state.pages : undefined;
        const totalPages =
          state.completeListSize && perPage
            ? Math.max(state.pages, Math.ceil(state.completeListSize / perPage))
            : undefined;
        progress?.update(state.pages, done ? state.pages : totalPages, `${summary.records} papers`);
        if (done) return summary;
      }
    } finally {
      progress?.done();
    }
  }

  /**
   * Reads each paper's references and citing sentences from arXiv's HTML full text (ar5iv when arXiv has
   * no HTML for it) and links them: by arXiv id or DOI (unknown ones become stubs), else by a title that
   * names exactly one paper in the graph. A paper without HTML is reported and marked, not failed.
   */
  async crawlReferences(arxivIds: readonly string[]): Promise<CrawlSummary> {
    const summary = emptySummary(this.dryRun);
    const progress = this.deps.progress?.('arXiv references');
    try {
      for (const [index, arxivId] of arxivIds.entries()) {
        let refs: HtmlReferences | undefined;
        try {
          refs = await this.fetchReferences(arxivId, summary);
        } catch (error) {
          // One paper's failure (a 403, a 5xx after the retries, a page over the cap) never ends the run.
          if (!(error instanceof CrawlError) || error instanceof CriticalError) throw error;
          this.skip(summary, { id: arxivId, reason: error.message });
          await this.deps.papers?.markReferences([{ arxivId, status: 'error', count: 0 }]);
          progress?.update(index + 1, arxivIds.length, `${summary.citations} citations`);
          continue;
        }
        if (!refs) {
          await this.deps.papers?.markReferences([{ arxivId, status: 'no-html', count: 0 }]);
        } else {
          const { citations, unresolved } = referencesToCitations(arxivId, refs);
          const byTitle = await this.resolveByTitle(arxivId, refs, unresolved);
          summary.unresolved += unresolved.length - byTitle.length;
          summary.records += 1;
          await this.storeCitations([...citations, ...byTitle], summary);
          await this.deps.papers?.markReferences([{ arxivId, status: 'ok', count: refs.references.length }]);
        }
        progress?.update(index + 1, arxivIds.length, `${summary.citations} citations`);
      }
      return summary;
    } finally {
      progress?.done();
    }
  }

  /** The page of one paper: arXiv's HTML, else ar5iv's; undefined (and a skipped entry) when neither has it. */
  private async fetchReferences(arxivId: string, summary: CrawlSummary): Promise<HtmlReferences | undefined> {
    const reasons: string[] = [];
    for (const [name, base] of [
      ['arxiv.org/html', this.deps.urls.html],
      ['ar5iv', this.deps.urls.ar5iv],
    ] as const) {
      try {
        const response = await this.deps.http.get(`${base}${arxivId}`, { accept: 'text/html' });
        summary.fetched += 1;
        if (response.fromCache) summary.fromCache += 1;
        return extractReferences(response.body);
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 404) reasons.push(`${name}: 404`);
        else if (error instanceof NotArticleHtmlError) reasons.push(`${name}: ${error.reason}`);
        else throw error;
      }
    }
    this.skip(summary, { id: arxivId, reason: `no HTML full text (${reasons.join(', ')})` });
    return undefined;
  }

  /** Citations for references without identifiers whose title names exactly one paper in the graph. */
  private async resolveByTitle(
    arxivId: string,
    refs: HtmlReferences,
    unresolved: readonly UnresolvedReference[],
  ): Promise<CitationRecordInput[]> {
    const titled = unresolved.filter((u): u is UnresolvedReference & { title: string } => Boolean(u.title));
    if (!this.deps.papers || !titled.length) return [];
    const found = await this.deps.papers.findByTitles(titled.map((u) => u.title));
    const contexts = new Map(refs.references.map((r) => [r.bibId, r.contexts]));
    return titled.flatMap((u) => {
      const to = found.get(normalizeTitle(u.title));
      if (!to || to.arxivId === arxivId) return [];
      return [{ from: { arxivId }, to, contexts: contexts.get(u.bibId) ?? [], source: ARXIV_HTML_SOURCE }];
    });
  }
}

interface HarvestState {
  /** Token of the next page; absent before the first page and after the last. */
  readonly token?: string | undefined;
  readonly pages: number;
  readonly records?: number;
  readonly completeListSize?: number | undefined;
}
