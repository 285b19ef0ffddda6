/**
 * `empirica watch <paper> --since <when>`: the follow-ups of a paper whose citation entered the graph since
 * a date, nearest hop first — what is new after a crawl. The same tree as GraphQL
 * `followUps(addedSince:)`, read straight from the repositories.
 */
import { Command, InvalidArgumentError } from 'commander';
import { openDatabase } from '../src/database.js';
import { parseSince } from '../src/domain/dates.js';
import { CatalogRepository, parsePaperIdentifier } from '../src/graph/catalog.repository.js';
import { CitationRepository } from '../src/graph/citation.repository.js';
import type { CommandContext } from './context.js';

export interface WatchedPaper {
  readonly key: string;
  readonly arxivId: string | null;
  readonly title: string | null;
  readonly year: number | null;
  readonly hops: number;
  readonly parent: string;
  readonly addedAt: string | null;
  readonly contexts: readonly string[];
}

export interface WatchReport {
  readonly root: { readonly key: string; readonly title: string | null };
  readonly since: string;
  readonly depth: number;
  readonly perHop: number;
  readonly papers: readonly WatchedPaper[];
  /** Hops where more new follow-ups exist than were shown. */
  readonly cut: ReadonlyArray<{ readonly hops: number; readonly shown: number; readonly matching: number }>;
  /** Hops whose papers were too many to search all of them for new citers at the next hop. */
  readonly searchCut: readonly number[];
}

const bounded = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
  return n;
};

const since = (value: string) => {
  const date = parseSince(value);
  if (!date)
    throw new InvalidArgumentError(
      'expected an ISO 8601 date (2026-11-01), a date-time with offset (2026-11-01T08:00:00Z) or a span (7d, 36h).',
    );
  return date;
};

/** Reads the watch report: the tree with `addedSince`, the papers that pass, and their titles. */
export async function watchReport(
  catalog: CatalogRepository,
  citations: CitationRepository,
  paper: string,
  options: { since: Date; depth: number; perHop: number },
): Promise<WatchReport> {
  const parsed = parsePaperIdentifier(paper);
  if (!parsed) throw new Error(`${JSON.stringify(paper)} is not an arXiv id, DOI or OpenReview id.`);
  const key = await catalog.resolvePaper(parsed);
  if (!key) throw new Error(`No paper ${paper} in the graph.`);
  const tree = await citations.tree('citations', key, options.depth, options.perHop, null, {
    addedSince: options.since.toISOString(),
  });
  const fresh = tree.levels.flatMap((level) => level.nodes.filter((node) => node.matches));
  const views = await catalog.papers([key, ...fresh.map((node) => node.key)]);
  const byKey = new Map(views.filter((v) => v !== undefined).map((v) => [v.key, v]));
  return {
    root: { key, title: byKey.get(key)?.title ?? null },
    since: options.since.toISOString(),
    depth: options.depth,
    perHop: options.perHop,
    papers: fresh.map((node) => ({
      key: node.key,
      arxivId: byKey.get(node.key)?.arxivId ?? null,
      title: byKey.get(node.key)?.title ?? null,
      year: byKey.get(node.key)?.year ?? null,
      hops: node.hops,
      parent: node.parent,
      addedAt: node.addedAt,
      contexts: node.contexts,
    })),
    cut: tree.levels
      .map((level) => ({
        hops: level.hops,
        shown: level.nodes.filter((node) => node.matches).length,
        matching: level.matching,
      }))
      .filter((level) => level.matching > level.shown),
    searchCut: tree.levels.filter((level) => level.frontierCut).map((level) => level.hops),
  };
}

/** The report as the lines the command prints. */
export function formatWatch(report: WatchReport): string[] {
  const root = `${report.root.title ? JSON.stringify(report.root.title) : report.root.key} (${report.root.key})`;
  if (!report.papers.length && !report.searchCut.length)
    return [`No follow-ups of ${root} added since ${report.since} (depth ${report.depth}).`];
  const lines = [
    `${report.papers.length} follow-up${report.papers.length === 1 ? '' : 's'} of ${root} added since ${report.since} (depth ${report.depth}):`,
  ];
  for (const p of report.papers) {
    const via = p.hops > 1 ? `  via ${p.parent}` : '';
    lines.push(
      `  ${(p.addedAt ?? '').slice(0, 10)}  ${p.hops} hop${p.hops === 1 ? ' ' : 's'}  ${p.key}  ${p.title ?? '(untitled)'}${p.year ? ` (${p.year})` : ''}${via}`,
    );
  }
  for (const c of report.cut)
    lines.push(`  (hop ${c.hops}: ${c.matching} new, ${c.shown} shown; raise --per-hop to see more)`);
  for (const hops of report.searchCut)
    lines.push(
      `  (hop ${hops} has too many papers to search them all: new follow-ups of its least cited ones, ` +
        `${hops + 1} hops out, may be missing)`,
    );
  return lines;
}

export function watchCommand({ setup, out, err }: CommandContext): Command {
  return new Command('watch')
    .description(
      'List the follow-ups of a paper whose citation entered the graph since a date (what is new after a crawl), ' +
        'nearest hop first.',
    )
    .argument('<paper>', 'arXiv id, DOI or OpenReview id')
    .option(
      '--since <when>',
      'ISO 8601 date or date-time, or a span back from now (7d, 36h)',
      since,
      since('7d'),
    )
    .option('--depth <n>', 'hops out from the paper, 1-4', bounded('--depth', 1, 4), 2)
    .option('--per-hop <n>', 'papers kept per hop, 1-50', bounded('--per-hop', 1, 50), 50)
    .option('--json', 'print the report as JSON', false)
    .action(
      async (paper: string, options: { since?: Date; depth: number; perHop: number; json: boolean }) => {
        const { config, logger } = setup();
        const database = await openDatabase(config, logger, { source: 'cli:watch' });
        try {
          const report = await watchReport(
            new CatalogRepository(database.graph),
            new CitationRepository(database.graph),
            paper,
            { ...options, since: options.since ?? since('7d') },
          );
          if (options.json) out(JSON.stringify(report, null, 2));
          else for (const line of formatWatch(report)) out(line);
          if (report.cut.length) err('Some hops had more new follow-ups than --per-hop; the list is cut.');
        } finally {
          await database.close();
        }
      },
    );
}
