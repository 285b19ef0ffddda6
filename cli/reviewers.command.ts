/**
 * `empirica reviewers assign`: from a venue id (or a list of papers) to an assignment CSV in one command;
 * `empirica reviewers suggest <paper>`: ranked, explained candidates for one paper.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { openDatabase } from '../src/database.js';
import { CatalogRepository, parsePaperIdentifier } from '../src/graph/catalog.repository.js';
import type { Graph } from '../src/graph/driver.js';
import { ReviewerRepository } from '../src/graph/reviewer.repository.js';
import type { DeclaredConflict } from '../src/reviewers/affinity.js';
import { type AssignmentResult, ReviewerFinder, ReviewerInputError } from '../src/reviewers/finder.js';
import type { CommandContext } from './context.js';

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new ReviewerInputError(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return n;
};

/** Lines of a text file with their line numbers, without blanks and `#` comments. */
function numberedLines(file: string): Array<{ line: string; number: number }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ReviewerInputError(`Cannot read ${file}.`);
  }
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line && !line.startsWith('#'));
}

const lines = (file: string) => numberedLines(file).map((l) => l.line);

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** Declared conflicts from a CSV file: reviewer,with[,reason] per line (a header line is skipped). */
export function readConflicts(file: string): DeclaredConflict[] {
  return numberedLines(file)
    .filter(({ line }, i) => !(i === 0 && /^"?reviewer"?\s*,/i.test(line)))
    .map(({ line, number }) => {
      const [reviewer, target, ...reason] = csvCells(line);
      if (!reviewer || !target)
        throw new ReviewerInputError(`${file}:${number}: needs "reviewer,with[,reason]".`);
      return {
        reviewer,
        with: target,
        ...(reason.filter(Boolean).length ? { reason: reason.join(', ') } : {}),
      };
    });
}

/** One CSV cell: quoted when needed; text a spreadsheet would run as a formula is prefixed with '. */
export const csvCell = (value: string | number) => {
  const raw = String(value);
  const text = typeof value === 'string' && /^[=+\-@\t]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The assignment as CSV: one row per (submission, reviewer); understaffed slots as rows with a reason. */
export function assignmentCsv(result: AssignmentResult, perSubmission: number): string {
  const rows = [
    ['submission', 'title', 'slot', 'reviewer', 'reviewer_name', 'affinity', 'best_matching_paper', 'note'],
  ];
  for (const row of result.rows) {
    const id = row.submission.key ?? '';
    row.reviewers.forEach((r, i) => {
      rows.push([
        id,
        row.submission.title,
        String(i + 1),
        r.key,
        r.name,
        r.affinity.score.toFixed(3),
        r.affinity.matchedPapers[0]?.key ?? '',
        '',
      ]);
    });
    for (let slot = row.reviewers.length; slot < perSubmission; slot++) {
      rows.push([id, row.submission.title, String(slot + 1), '', '', '', '', row.shortfall ?? 'unstaffed']);
    }
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

async function resolveSubmissions(graph: Graph, options: { venue?: string; submissions?: string }) {
  const reviewers = new ReviewerRepository(graph);
  if (options.venue) {
    const keys = await reviewers.venueSubmissions(options.venue);
    if (!keys)
      throw new ReviewerInputError(
        `No venue ${options.venue} in the graph (crawl it with \`empirica crawl openreview --venue …\`).`,
      );
    if (!keys.length) throw new ReviewerInputError(`Venue ${options.venue} has no submissions in the graph.`);
    return keys;
  }
  if (!options.submissions)
    throw new ReviewerInputError('Give --venue <id> or --submissions <file of paper ids>.');
  const catalog = new CatalogRepository(graph);
  const keys: string[] = [];
  for (const id of lines(options.submissions)) {
    const parsed = parsePaperIdentifier(id);
    if (!parsed)
      throw new ReviewerInputError(`${options.submissions}: ${JSON.stringify(id)} is not a paper id.`);
    const key = await catalog.resolvePaper(parsed);
    if (!key) throw new ReviewerInputError(`${options.submissions}: no paper ${id} in the graph.`);
    keys.push(key);
  }
  return keys;
}

export function reviewersCommand(context: CommandContext): Command {
  const { setup, out, err } = context;
  const command = new Command('reviewers').description('Reviewer finding for workshop organizers.');

  command
    .command('assign')
    .description(
      'Give every submission --per-paper reviewers, none more than --max-load papers, no conflicts, maximising ' +
        'the total affinity (exact min-cost flow); writes a CSV (and optionally JSON).',
    )
    .option('--venue <id>', 'the venue whose submissions to assign (e.g. NeurIPS.cc/2024/Workshop/SciForDL)')
    .option('--submissions <file>', 'instead of --venue: a file of paper ids, one per line')
    .option(
      '--pool <file>',
      'reviewer author keys, one per line (default: authors in the graph with --pool-min-papers papers)',
    )
    .option('--pool-min-papers <n>', 'papers a default-pool reviewer needs', int('--pool-min-papers'), 2)
    .option('--per-paper <k>', 'reviewers per submission', int('--per-paper'), 3)
    .option('--max-load <l>', 'most submissions per reviewer', int('--max-load'), 4)
    .option('--min-load <m>', 'fewest submissions per reviewer, where the slots allow', int('--min-load'), 0)
    .option(
      '--coauthor-years <n>',
      'co-authorship within this many years is a conflict',
      int('--coauthor-years'),
      3,
    )
    .option('--conflicts <file>', 'declared conflicts: CSV lines reviewer,with[,reason]')
    .requiredOption('--out <file>', 'the CSV to write')
    .option('--json <file>', 'also write the full result (explanations included) as JSON')
    .action(
      async (options: {
        venue?: string;
        submissions?: string;
        pool?: string;
        poolMinPapers: number;
        perPaper: number;
        maxLoad: number;
        minLoad: number;
        coauthorYears: number;
        conflicts?: string;
        out: string;
        json?: string;
      }) => {
        const { config, logger } = setup();
        const database = await openDatabase(config, logger, { source: 'cli:reviewers' });
        try {
          const started = Date.now();
          const submissions = await resolveSubmissions(database.graph, options);
          err(`Assigning ${submissions.length} submission(s) …`);
          const result = await new ReviewerFinder(new ReviewerRepository(database.graph)).assign({
            submissions,
            pool: options.pool ? lines(options.pool) : null,
            perSubmission: options.perPaper,
            maxLoad: options.maxLoad,
            minLoad: options.minLoad,
            poolMinPapers: options.poolMinPapers,
            finder: {
              coauthorYears: options.coauthorYears,
              declared: options.conflicts ? readConflicts(options.conflicts) : [],
            },
          });
          writeFileSync(options.out, assignmentCsv(result, options.perPaper));
          if (options.json)
            writeFileSync(
              options.json,
              `${JSON.stringify({ ...result, loads: Object.fromEntries(result.loads) }, null, 2)}\n`,
            );
          const understaffed = result.rows.filter((r) => r.shortfall);
          for (const row of understaffed)
            err(`${row.submission.key}: ${row.reviewers.length}/${options.perPaper} — ${row.shortfall}`);
          out(
            JSON.stringify({
              submissions: result.rows.length,
              pool: result.poolSize,
              assigned: result.rows.reduce((n, r) => n + r.reviewers.length, 0),
              understaffed: understaffed.length,
              underloaded: result.underloaded.length,
              totalAffinity: Math.round(result.totalAffinity * 1000) / 1000,
              meanQuality:
                Math.round((result.rows.reduce((t, r) => t + r.quality, 0) / result.rows.length) * 1000) /
                1000,
              out: options.out,
              seconds: (Date.now() - started) / 1000,
            }),
          );
        } finally {
          await database.close();
        }
      },
    );

  command
    .command('suggest')
    .description('Ranked, explained, conflict-free reviewers for one paper in the graph.')
    .argument('<paper>', 'arXiv id, DOI or OpenReview id')
    .option('--first <n>', 'how many', int('--first'), 10)
    .option(
      '--coauthor-years <n>',
      'co-authorship within this many years is a conflict',
      int('--coauthor-years'),
      3,
    )
    .action(async (paper: string, options: { first: number; coauthorYears: number }) => {
      const { config, logger } = setup();
      const database = await openDatabase(config, logger, { source: 'cli:reviewers' });
      try {
        const parsed = parsePaperIdentifier(paper);
        if (!parsed) throw new ReviewerInputError(`${JSON.stringify(paper)} is not a paper id.`);
        const key = await new CatalogRepository(database.graph).resolvePaper(parsed);
        if (!key) throw new ReviewerInputError(`No paper ${paper} in the graph.`);
        const result = await new ReviewerFinder(new ReviewerRepository(database.graph)).candidates(
          { key },
          {},
          { coauthorYears: options.coauthorYears },
          options.first,
        );
        for (const c of result.candidates) {
          out(
            `${c.affinity.score.toFixed(3)}  ${c.name} (${c.key}) — ` +
              `${c.affinity.matchedPapers.map((m) => `${m.key} ${m.similarity.toFixed(2)}`).join('; ')}`,
          );
        }
        err(`${result.conflicted.length} candidate(s) left out for a conflict.`);
      } finally {
        await database.close();
      }
    });

  return command;
}
