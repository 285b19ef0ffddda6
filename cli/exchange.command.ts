/**
 * Exports and re-import:
 *   `empirica export --format bibtex|jsonl|graphml|csv [--out FILE] [selection]`  the whole graph (streamed
 *       page by page) or a selection: `--search "query" [--limit N]`, `--follow-ups ID` / `--lineage ID`
 *       with `--depth N --per-level N`;
 *   `empirica import FILE`  loads a JSON Lines file (an export, or hand-made): papers, stubs, citations and
 *       tags as recorded, without running the tagger; `empirica ingest FILE` is the same with the tagger.
 * Formats: src/exchange/formats.ts; the import format and its limits: docs/exchange.md.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ingestJsonl } from '../ingest/jsonl.js';
import { openDatabase } from '../src/database.js';
import {
  bibtexEntry,
  type CitationEnd,
  createBibtexKeys,
  csvHeader,
  csvRow,
  exportBundle,
  graphmlEdge,
  graphmlFooter,
  graphmlHeader,
  graphmlNode,
  jsonlCitation,
  jsonlHeader,
  jsonlPaper,
  jsonlTags,
} from '../src/exchange/formats.js';
import {
  EXPORT_FORMATS,
  type ExportCitation,
  type ExportFormat,
  type ExportPaper,
} from '../src/exchange/model.js';
import {
  CatalogRepository,
  type PaperIdentifier,
  parsePaperIdentifier,
} from '../src/graph/catalog.repository.js';
import { CitationRepository } from '../src/graph/citation.repository.js';
import type { Graph } from '../src/graph/driver.js';
import { ExchangeRepository } from '../src/graph/exchange.repository.js';
import {
  MAX_SEARCH_HITS,
  relevanceSearch,
  SearchRepository,
  toLuceneQuery,
} from '../src/graph/search.repository.js';
import { loadTagger } from '../src/tagging/tagger.js';
import { type CommandContext, EXIT } from './context.js';
import { refreshRankings } from './rank.command.js';

export const MAX_CHAIN_DEPTH = 6;
export const MAX_CHAIN_PER_LEVEL = 1000;

/** Where an export goes: complete lines of text, written in order. */
interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** A file, written with back-pressure; the file is created (or emptied) before the first read. */
async function fileSink(file: string): Promise<Sink> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new Error(`Cannot write ${file}: ${(error as Error).message}`);
  }
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async close() {
      await new Promise<void>((resolve, reject) =>
        stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    },
  };
}

/** The CLI's output, line by line (line breaks inside the text become separate lines; CR is kept). */
function lineSink(out: (line: string) => void): Sink {
  let rest = '';
  return {
    async write(text) {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out(line);
    },
    async close() {
      if (rest) out(rest);
      rest = '';
    },
  };
}

const integer = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
  return n;
};

const paperId = (value: string): PaperIdentifier & { raw: string } => {
  const id = parsePaperIdentifier(value);
  if (!id) throw new InvalidArgumentError(`not an arXiv id, DOI or OpenReview id: ${JSON.stringify(value)}`);
  return { ...id, raw: value };
};

const searchQuery = (value: string): { text: string; lucene: string } => {
  const lucene = toLuceneQuery(value);
  if (!lucene) throw new InvalidArgumentError('the search needs at least one word.');
  return { text: value, lucene };
};

interface ExportOptions {
  format: ExportFormat;
  out?: string;
  search?: { text: string; lucene: string };
  limit: number;
  followUps?: PaperIdentifier & { raw: string };
  lineage?: PaperIdentifier & { raw: string };
  depth: number;
  perLevel: number;
  pageSize: number;
}

export interface ExportSummary {
  readonly format: ExportFormat;
  readonly selection: string;
  readonly papers: number;
  readonly stubs: number;
  readonly citations: number;
  readonly tags: number;
  readonly seconds: number;
}

/** The keys a selection names, in its order (search rank; tree: root, then hop by hop); and its name. */
async function selectionKeys(
  graph: Graph,
  options: ExportOptions,
): Promise<{ keys: string[]; selection: string } | undefined> {
  if (options.search) {
    const hits = await new SearchRepository(graph).page(
      relevanceSearch(options.search.lucene),
      null,
      options.limit,
    );
    return {
      keys: hits.map((hit) => hit.key),
      selection: `search ${JSON.stringify(options.search.text)} (first ${options.limit})`,
    };
  }
  const chain = options.followUps
    ? { id: options.followUps, direction: 'citations' as const, name: 'follow-ups' }
    : options.lineage
      ? { id: options.lineage, direction: 'references' as const, name: 'lineage' }
      : undefined;
  if (!chain) return undefined;
  const root = await new CatalogRepository(graph).resolvePaper(chain.id);
  if (!root) throw new Error(`No paper ${chain.id.raw} in the graph.`);
  const tree = await new CitationRepository(graph).tree(
    chain.direction,
    root,
    options.depth,
    options.perLevel,
    null,
  );
  return {
    keys: [root, ...tree.levels.flatMap((level) => level.nodes.map((node) => node.key))],
    selection: `${chain.name} of ${root} (depth ${options.depth}, ${options.perLevel} per level)`,
  };
}

/** Streams the whole graph in one format, page by page; never holds more than a page. */
async function exportWholeGraph(
  exchange: ExchangeRepository,
  format: ExportFormat,
  sink: Sink,
  pageSize: number,
  progress: (what: string, done: number, total: number) => void,
): Promise<Omit<ExportSummary, 'format' | 'selection' | 'seconds'>> {
  const total = await exchange.counts();
  const done = { papers: 0, stubs: 0, citations: 0, tags: 0 };
  const eachPaper = async (visit: (paper: ExportPaper) => string) => {
    for await (const page of exchange.paperPages(pageSize)) {
      let text = '';
      for (const paper of page) {
        text += visit(paper);
        if (paper.stub) done.stubs++;
        else done.papers++;
        // JSON Lines reads the tags in a pass of their own (below).
        if (format !== 'jsonl') done.tags += paper.tags.length;
      }
      await sink.write(text);
      progress('papers', done.papers + done.stubs, total.papers + total.stubs);
    }
  };
  const eachCitation = async (
    visit: (citation: ExportCitation, from: CitationEnd, to: CitationEnd) => string,
  ) => {
    for await (const page of exchange.citationPages(pageSize)) {
      let text = '';
      for (const { citation, from, to } of page) {
        text += visit(citation, from, to);
        done.citations++;
      }
      await sink.write(text);
      progress('citations', done.citations, total.citations);
    }
  };

  switch (format) {
    case 'jsonl': {
      await sink.write(`${jsonlHeader(total)}\n`);
      await eachPaper((paper) => `${jsonlPaper(paper)}\n`);
      await eachCitation((citation, from, to) =>
        jsonlCitation(citation, from, to)
          .map((line) => `${line}\n`)
          .join(''),
      );
      for await (const page of exchange.tagPages(pageSize)) {
        let text = '';
        for (const paper of page) {
          for (const line of jsonlTags(paper)) text += `${line}\n`;
          done.tags += paper.tags.length;
        }
        await sink.write(text);
        progress('tags', done.tags, total.tags);
      }
      break;
    }
    case 'csv': {
      await sink.write(csvHeader());
      await eachPaper(csvRow);
      break;
    }
    case 'bibtex': {
      const keyOf = createBibtexKeys();
      let first = true;
      await eachPaper((paper) => {
        if (paper.stub || !paper.title) return '';
        const entry = bibtexEntry(paper, keyOf(paper));
        const text = first ? entry : `\n${entry}`;
        first = false;
        return text;
      });
      break;
    }
    case 'graphml': {
      await sink.write(graphmlHeader());
      await eachPaper(graphmlNode);
      let index = 0;
      await eachCitation((citation) => graphmlEdge(citation, index++));
      await sink.write(graphmlFooter());
      break;
    }
  }
  return done;
}

async function runExport(context: CommandContext, options: ExportOptions): Promise<void> {
  const { setup, out, err } = context;
  const selections = [options.search, options.followUps, options.lineage].filter(Boolean).length;
  if (selections > 1) throw new InvalidArgumentError('Choose one of --search, --follow-ups and --lineage.');
  const { config, logger } = setup();
  const database = await openDatabase(config, logger, { source: 'cli:export' });
  let sink: Sink | undefined;
  try {
    const started = Date.now();
    const exchange = new ExchangeRepository(database.graph);
    // Resolve the selection before the output file is created: an unknown id leaves no empty file behind.
    const selected = await selectionKeys(database.graph, options);
    sink = options.out ? await fileSink(options.out) : lineSink(out);
    let figures: Omit<ExportSummary, 'format' | 'selection' | 'seconds'>;
    if (selected) {
      const bundle = await exchange.bundle(selected.keys);
      await sink.write(exportBundle(bundle, options.format, { selection: selected.selection }));
      const keys = new Set(bundle.papers.map((p) => p.key));
      figures = {
        papers: bundle.papers.filter((p) => !p.stub).length,
        stubs: bundle.papers.filter((p) => p.stub).length,
        citations:
          options.format === 'jsonl' || options.format === 'graphml'
            ? bundle.citations.filter((c) => keys.has(c.from) && keys.has(c.to)).length
            : 0,
        tags: bundle.papers.reduce((n, p) => n + p.tags.length, 0),
      };
    } else {
      let last = 0;
      figures = await exportWholeGraph(
        exchange,
        options.format,
        sink,
        options.pageSize,
        (what, done, total) => {
          if (Date.now() - last < 2000 && done < total) return;
          last = Date.now();
          err(`exported ${done}/${total} ${what}`);
        },
      );
    }
    await sink.close();
    sink = undefined;
    const summary: ExportSummary = {
      format: options.format,
      selection: selected?.selection ?? 'whole graph',
      ...figures,
      seconds: (Date.now() - started) / 1000,
    };
    // Standard output carries the export itself unless --out names a file.
    (options.out ? out : err)(JSON.stringify({ ...summary, ...(options.out ? { out: options.out } : {}) }));
  } finally {
    await sink?.close().catch(() => {});
    await database.close();
  }
}

/**
 * Loads a JSON Lines file: `empirica import` (recorded tags only) and `empirica ingest` (the tagger tags
 * the papers as they are stored, then recorded tags are written over its own). Prints a JSON summary;
 * exit code 3 when some lines were rejected (each is listed on stderr with its line number).
 */
export async function runImport(
  context: CommandContext,
  file: string,
  options: { batchSize: number; tag: boolean },
): Promise<void> {
  const { setup, out, err, setExitCode } = context;
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
    throw new Error('--batch-size must be a positive integer.');
  await access(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const { config, logger } = setup();
  const database = await openDatabase(config, logger, {
    source: options.tag ? 'ingest:jsonl' : 'cli:import',
  });
  try {
    const started = Date.now();
    const exchange = new ExchangeRepository(database.graph, {
      chunk: options.batchSize,
      ...(options.tag ? { tagger: loadTagger() } : {}),
    });
    const summary = await ingestJsonl(file, exchange, {
      batchSize: options.batchSize,
      onProgress: (s) =>
        logger.info(
          `line ${s.lines}: ${s.papers} papers, ${s.stubs} stubs, ${s.citations} citations, ${s.tags} tags written`,
        ),
    });
    for (const problem of summary.problems) {
      err(`${file}:${problem.line} ${problem.record}: ${problem.errors.join('; ')}`);
    }
    await refreshRankings(database.graph, logger);
    out(
      JSON.stringify({
        ...summary,
        problems: summary.problems.length,
        seconds: (Date.now() - started) / 1000,
      }),
    );
    if (summary.problems.length) setExitCode(EXIT.partial);
  } finally {
    await database.close();
  }
}

export function exchangeCommands(context: CommandContext): Command[] {
  const exportCommand = new Command('export')
    .description(
      'Export the whole graph (streamed page by page) or a selection (--search, --follow-ups, --lineage) as ' +
        'BibTeX, JSON Lines (re-importable with `empirica import`), GraphML or CSV. Writes to standard output ' +
        'unless --out names a file; progress and the JSON summary go to stderr (the summary to stdout with --out).',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory(),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .addOption(
      new Option('--search <query>', 'the papers a full-text search finds, best first')
        .argParser(searchQuery)
        .conflicts(['followUps', 'lineage']),
    )
    .option(
      '--limit <n>',
      `search hits to export (1–${MAX_SEARCH_HITS})`,
      integer('--limit', 1, MAX_SEARCH_HITS),
      100,
    )
    .addOption(
      new Option(
        '--follow-ups <id>',
        'a paper and the papers citing it, hop by hop (arXiv id, DOI, OpenReview id)',
      )
        .argParser(paperId)
        .conflicts(['lineage']),
    )
    .addOption(new Option('--lineage <id>', 'a paper and the papers it cites, hop by hop').argParser(paperId))
    .option(
      '--depth <n>',
      `hops of a chain (1–${MAX_CHAIN_DEPTH})`,
      integer('--depth', 1, MAX_CHAIN_DEPTH),
      2,
    )
    .option(
      '--per-level <n>',
      `papers per hop of a chain, most influential first (1–${MAX_CHAIN_PER_LEVEL})`,
      integer('--per-level', 1, MAX_CHAIN_PER_LEVEL),
      10,
    )
    .option('--page-size <n>', 'papers per read of the whole graph', integer('--page-size', 1, 10_000), 500)
    .action(async (options: ExportOptions) => {
      await runExport(context, options);
    });

  const importCommand = new Command('import')
    .description(
      'Load a JSON Lines file (an `empirica export --format jsonl`, or hand-made; see docs/exchange.md): papers, ' +
        'stubs, citations and tags exactly as recorded, without running the tagger. Bad lines are listed with ' +
        'their line numbers and skipped (exit code 3); importing twice changes nothing.',
    )
    .argument('<file>', 'path to the .jsonl file')
    .option('--batch-size <n>', 'records per transaction', integer('--batch-size', 1, 100_000), 1000)
    .action(async (file: string, options: { batchSize: number }) => {
      await runImport(context, file, { batchSize: options.batchSize, tag: false });
    });

  return [exportCommand, importCommand];
}
