/**
 * `empirica crawl …`: the crawl commands. They build the polite HTTP client from the configuration, open
 * the database unless `--dry-run`, run the crawl with a progress line, list the skipped records with their
 * reasons on stderr as they are met, and print a summary (JSON on stdout). Only a fatal error gives a
 * non-zero exit.
 */
import { Command } from 'commander';
import { CriticalError } from '../ingest/errors.js';
import { HttpClient } from '../ingest/http.js';
import { matchOpenReviewPapers } from '../ingest/match.js';
import { Progress } from '../ingest/progress.js';
import { ArxivCrawler, type CrawlSummary, type Skipped } from '../ingest/sources/arxiv/arxiv.crawler.js';
import { categoryToSet } from '../ingest/sources/arxiv/sets.js';
import { OpenReviewClient } from '../ingest/sources/openreview/openreview.client.js';
import { OpenReviewCrawler } from '../ingest/sources/openreview/openreview.crawler.js';
import {
  readApiError,
  SUBMISSION_STATES,
  type SubmissionState,
} from '../ingest/sources/openreview/openreview.parser.js';
import type { Config } from '../src/config.js';
import { type OpenDatabase, openDatabase } from '../src/database.js';
import { parseArxivId } from '../src/domain/identifiers.js';
import { AuthorRepository } from '../src/graph/author.repository.js';
import { CheckpointRepository } from '../src/graph/checkpoint.repository.js';
import { PaperRepository } from '../src/graph/paper.repository.js';
import { VenueRepository } from '../src/graph/venue.repository.js';
import type { Logger } from '../src/logger.js';
import { loadTagger } from '../src/tagging/tagger.js';
import { refreshRankings } from './rank.command.js';

export interface CrawlCommandDeps {
  readonly setup: () => { config: Config; logger: Logger };
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly version: string;
}

/** A polite HTTP client for some hosts: contact address required, one request per interval per host. */
export function createHttp(
  config: Config,
  version: string,
  logger: Logger,
  options: {
    urls: readonly string[];
    intervalMs: number;
    retryAfterFromBody?: (status: number, body: string) => number | undefined;
  },
): HttpClient {
  const contact = config.crawl.contactEmail;
  if (!contact) {
    throw new CriticalError(
      "Set EMPIRICA_CONTACT_EMAIL to an address where the sources can reach you: arXiv's terms ask crawlers " +
        'to identify themselves, and Empirica sends it in the User-Agent.',
    );
  }
  const hosts = [...new Set(options.urls.map((u) => new URL(u).host))];
  return new HttpClient({
    userAgent: `Empirica/${version} (research knowledge graph; mailto:${contact})`,
    allowedHosts: hosts,
    hostIntervalsMs: Object.fromEntries(hosts.map((host) => [host, options.intervalMs])),
    timeoutMs: config.crawl.timeoutMs,
    cacheDir: config.crawl.cacheDir,
    ...(options.retryAfterFromBody ? { retryAfterFromBody: options.retryAfterFromBody } : {}),
    onRetry: ({ url, attempt, delayMs, error }) =>
      logger.warn(
        `${error.message}; attempt ${attempt} for ${url}, trying again in ${(delayMs / 1000).toFixed(1)} s`,
      ),
    onGiveUp: ({ url, attempts, error }) =>
      logger.error(`giving up on ${url} after ${attempts} attempts: ${error.message}`),
  });
}

/** The HTTP client for arXiv's hosts. */
export function createArxivHttp(config: Config, version: string, logger: Logger): HttpClient {
  const { arxiv } = config.crawl;
  return createHttp(config, version, logger, {
    urls: [arxiv.apiUrl, arxiv.oaiUrl, arxiv.htmlUrl, arxiv.ar5ivUrl],
    intervalMs: arxiv.intervalMs,
  });
}

/** Progress on stderr: redrawn in place on a terminal, a line per update elsewhere. */
function progressFor(intervalMs: number) {
  return (label: string) =>
    new Progress({
      label,
      intervalMs,
      write: (text) => process.stderr.write(text),
      inPlace: Boolean(process.stderr.isTTY),
    });
}

/** Skipped records listed one per line on stderr; beyond this many, only counted. */
const SKIPPED_SHOWN = 50;

/**
 * Lists skipped records on stderr as the crawl meets them (a crawl killed half-way has reported what it
 * skipped; a resumed harvest does not meet those pages again), up to SKIPPED_SHOWN.
 */
function skippedPrinter(err: (line: string) => void): (skipped: Skipped) => void {
  let count = 0;
  return (skipped) => {
    if (count++ >= SKIPPED_SHOWN) return;
    // On a terminal the progress line is redrawn in place: clear it first.
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    err(`skipped ${skipped.id}: ${skipped.reason}`);
  };
}

function printSummary(summary: CrawlSummary, out: (line: string) => void, err: (line: string) => void): void {
  if (summary.skipped.length > SKIPPED_SHOWN)
    err(`… and ${summary.skipped.length - SKIPPED_SHOWN} more skipped`);
  err(
    `${summary.dryRun ? 'dry run, nothing written: ' : ''}fetched ${summary.fetched} (${summary.fromCache} from cache), ` +
      `${summary.records} records: ${summary.created} new, ${summary.updated} updated; ` +
      `${summary.citations} citations, ${summary.stubs} new stubs; ${summary.skipped.length} skipped`,
  );
  out(JSON.stringify({ ...summary, skipped: summary.skipped.length }));
}

const splitList = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function crawlCommand(deps: CrawlCommandDeps): Command {
  const crawl = new Command('crawl').description(
    'Crawl sources into the graph (arXiv today; OpenReview to come).',
  );

  crawl
    .command('arxiv')
    .description(
      'Crawl arXiv. With --category and --from: an incremental OAI-PMH harvest of the category, resumable ' +
        '(a checkpoint is stored after every page). Otherwise a search-API query built from --query, --title, ' +
        '--abstract, --category and --ids. One request every EMPIRICA_ARXIV_INTERVAL_MS (3 s) as arXiv asks.',
    )
    .option('--query <terms>', 'terms anywhere in the record (all:)')
    .option('--title <terms>', 'terms in the title (ti:)')
    .option('--abstract <terms>', 'terms in the abstract (abs:)')
    .option('--category <categories>', 'arXiv categories, comma-separated (cs.LG,stat.ML)')
    .option('--ids <ids>', 'arXiv ids, comma-separated')
    .option('--from <day>', 'harvest: first day (YYYY-MM-DD) of records added or changed')
    .option('--until <day>', 'harvest: last day (YYYY-MM-DD), inclusive')
    .option('--restart', 'harvest: redo a window that finished or resume from its first page', false)
    .option('--limit <n>', 'search: at most this many results', (v) => Number.parseInt(v, 10))
    .option('--page-size <n>', 'search: results per request (≤ 2000)', (v) => Number.parseInt(v, 10), 100)
    .option('--dry-run', 'fetch and parse, write nothing (no database needed)', false)
    .action(async (options: ArxivOptions) => {
      const harvesting = options.from !== undefined;
      if (
        harvesting &&
        (!options.category || options.query || options.title || options.abstract || options.ids)
      ) {
        throw new CriticalError('A harvest (--from) takes exactly one --category and no search options.');
      }
      if (
        !harvesting &&
        !options.query &&
        !options.title &&
        !options.abstract &&
        !options.category &&
        !options.ids
      ) {
        throw new CriticalError(
          'Say what to crawl: --query/--title/--abstract/--category/--ids, or --category with --from.',
        );
      }
      await withCrawler(deps, { dryRun: options.dryRun }, async (crawler) => {
        if (harvesting) {
          const categories = splitList(options.category ?? '');
          if (categories.length !== 1)
            throw new CriticalError('A harvest takes one category (or group) at a time.');
          return await crawler.harvest(
            { set: categoryToSet(categories[0] as string), from: options.from, until: options.until },
            { restart: options.restart },
          );
        }
        return await crawler.search(
          {
            ...(options.query ? { all: options.query } : {}),
            ...(options.title ? { title: options.title } : {}),
            ...(options.abstract ? { abstract: options.abstract } : {}),
            ...(options.category ? { categories: splitList(options.category) } : {}),
            ...(options.ids ? { idList: splitList(options.ids) } : {}),
            sortBy: 'submittedDate',
            sortOrder: 'descending',
          },
          { ...(options.limit ? { limit: options.limit } : {}), pageSize: options.pageSize },
        );
      });
    });

  crawl
    .command('openreview')
    .description(
      'Crawl an OpenReview venue (API v2): every submission in every state (accepted with its decision, ' +
        'rejected, withdrawn, desk-rejected, under review), its authors with profile ids and institution ' +
        'history, joined with arXiv papers by arXiv id or by title + first-author surname + year. Needs ' +
        'OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD.',
    )
    .requiredOption(
      '--venue <id>',
      'venue id, e.g. NeurIPS.cc/2024/Workshop/SciForDL or ICLR.cc/2024/Conference',
    )
    .option('--states <states>', `comma-separated subset of ${SUBMISSION_STATES.join(',')}`)
    .option('--page-size <n>', 'notes per request (≤ 1000)', (v) => Number.parseInt(v, 10), 1000)
    .action(async (options: { venue: string; states?: string; pageSize: number }) => {
      const states = options.states ? splitList(options.states) : [...SUBMISSION_STATES];
      const unknown = states.filter((s) => !(SUBMISSION_STATES as readonly string[]).includes(s));
      if (unknown.length)
        throw new CriticalError(
          `Unknown states: ${unknown.join(', ')} (use ${SUBMISSION_STATES.join(', ')})`,
        );
      const { config, logger } = deps.setup();
      const { openreview } = config.crawl;
      const http = createHttp(config, deps.version, logger, {
        urls: [openreview.apiUrl],
        intervalMs: openreview.intervalMs,
        retryAfterFromBody: (status, body) => readApiError(status, body).retryAfterMs,
      });
      const database = await openDatabase(config, logger, { source: 'ingest:openreview' });
      try {
        const crawler = new OpenReviewCrawler({
          client: new OpenReviewClient(http, openreview.apiUrl, openreview),
          papers: new PaperRepository(database.graph, { tagger: loadTagger() }),
          venues: new VenueRepository(database.graph),
          authors: new AuthorRepository(database.graph),
          progress: progressFor(openreview.intervalMs),
        });
        const summary = await crawler.crawlVenue(options.venue, {
          states: states as SubmissionState[],
          pageSize: options.pageSize,
        });
        for (const skipped of summary.skipped.slice(0, 50))
          deps.err(`skipped ${skipped.id}: ${skipped.reason}`);
        for (const a of summary.ambiguous)
          deps.err(`not joined ${a.key}: ambiguous between ${a.candidates.join(', ')}`);
        deps.err(
          `${summary.submissions} submissions (${Object.entries(summary.byState)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}): ` +
            `${summary.created} new, ${summary.updated} updated; ${summary.profiles} profiles; joined with arXiv: ` +
            `${summary.joinedByArxivId} by id, ${summary.joinedByTitle} by title; ${summary.skipped.length} skipped`,
        );
        await refreshRankings(database.graph, logger);
        deps.out(
          JSON.stringify({
            ...summary,
            skipped: summary.skipped.length,
            ambiguous: summary.ambiguous.length,
          }),
        );
      } finally {
        await database.close();
      }
    });

  crawl
    .command('refs')
    .description(
      "Read papers' references and citing sentences from arXiv's HTML full text (ar5iv as fallback) and " +
        'store them as CITES edges; cited papers not in the graph become stubs. Papers without HTML are ' +
        'reported and marked, not failed.',
    )
    .option('--ids <ids>', 'arXiv ids, comma-separated')
    .option('--missing', 'every crawled arXiv paper whose references were never read', false)
    .option('--limit <n>', 'with --missing: at most this many papers', (v) => Number.parseInt(v, 10), 1000)
    .option('--dry-run', 'fetch and parse, write nothing', false)
    .action(async (options: { ids?: string; missing: boolean; limit: number; dryRun: boolean }) => {
      if (Boolean(options.ids) === options.missing)
        throw new CriticalError('Give either --ids or --missing.');
      await withCrawler(
        deps,
        { dryRun: options.dryRun, readsDatabase: options.missing },
        async (crawler, database) => {
          const ids = options.ids
            ? splitList(options.ids).map((id) => {
                const parsed = parseArxivId(id);
                if (!parsed) throw new CriticalError(`Not an arXiv id: ${JSON.stringify(id)}`);
                return parsed.id;
              })
            : await new PaperRepository((database as OpenDatabase).graph).papersMissingReferences(
                options.limit,
              );
          return await crawler.crawlReferences(ids);
        },
      );
    });

  return crawl;
}

interface ArxivOptions {
  query?: string;
  title?: string;
  abstract?: string;
  category?: string;
  ids?: string;
  from?: string;
  until?: string;
  restart: boolean;
  limit?: number;
  pageSize: number;
  dryRun: boolean;
}

/** Builds the crawler (with the database unless a dry run), runs `work`, prints the summary, closes all. */
export async function withCrawler(
  deps: CrawlCommandDeps,
  options: { dryRun: boolean; readsDatabase?: boolean },
  work: (crawler: ArxivCrawler, database: OpenDatabase | undefined) => Promise<CrawlSummary>,
): Promise<void> {
  const { dryRun } = options;
  const { config, logger } = deps.setup();
  const http = createArxivHttp(config, deps.version, logger);
  const database =
    dryRun && !options.readsDatabase
      ? undefined
      : await openDatabase(config, logger, { source: 'ingest:arxiv' });
  try {
    const { arxiv } = config.crawl;
    const crawler = new ArxivCrawler({
      http,
      papers: database && !dryRun ? new PaperRepository(database.graph, { tagger: loadTagger() }) : undefined,
      checkpoints: database && !dryRun ? new CheckpointRepository(database.graph) : undefined,
      urls: { api: arxiv.apiUrl, oai: arxiv.oaiUrl, html: arxiv.htmlUrl, ar5iv: arxiv.ar5ivUrl },
      progress: progressFor(arxiv.intervalMs),
      onSkipped: skippedPrinter(deps.err),
    });
    const summary = await work(crawler, database);
    if (database && !dryRun) {
      // Join OpenReview submissions crawled earlier with the arXiv papers this crawl may have added.
      const matched = await matchOpenReviewPapers(
        new PaperRepository(database.graph, { tagger: loadTagger() }),
      );
      for (const m of matched.merged)
        deps.err(`joined ${m.from} with ${m.into} (${m.method}, confidence ${m.confidence})`);
      for (const a of matched.ambiguous)
        deps.err(`not joined ${a.key}: ambiguous between ${a.candidates.join(', ')}`);
      await refreshRankings(database.graph, logger);
    }
    printSummary(summary, deps.out, deps.err);
  } finally {
    await database?.close();
  }
}
