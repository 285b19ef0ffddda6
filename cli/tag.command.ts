/**
 * Tagging commands:
 *   `empirica tag-file <papers.jsonl>`  tags JSON lines offline, no database;
 *   `empirica tag --stale | --all`      (re-)tags papers in the graph; curator tags survive;
 *   `empirica landmarks load`           loads the bundled landmark corpus (idempotent).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { z } from 'zod';
import { LANDMARK_SOURCE, loadLandmarksIntoGraph } from '../ingest/landmarks.js';
import { openDatabase } from '../src/database.js';
import type { Graph } from '../src/graph/driver.js';
import { PaperRepository } from '../src/graph/paper.repository.js';
import { RankingRepository } from '../src/graph/ranking.repository.js';
import { StatusRepository } from '../src/graph/status.repository.js';
import { TagRepository } from '../src/graph/tag.repository.js';
import type { Logger } from '../src/logger.js';
import { loadLandmarks } from '../src/tagging/corpus.js';
import { loadTagger } from '../src/tagging/tagger.js';
import { taxonomies } from '../src/tagging/taxonomy.js';
import { type CommandContext, EXIT } from './context.js';

const tagFileLine = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().min(1, 'title is empty'),
  abstract: z.string().nullish(),
  categories: z.array(z.string()).optional(),
});

/** Tags JSON lines from a file (or stdin with "-"); one output line per good input line, in order. */
export async function tagFile(
  file: string,
  io: { write: (line: string) => void; err: (line: string) => void },
): Promise<{ tagged: number; rejected: number }> {
  const tagger = loadTagger();
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') resolve();
    else input.once('open', () => resolve()).once('error', reject);
  });
  await opened.catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let line = 0;
  let tagged = 0;
  let rejected = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      rejected++;
      io.err(`${file}:${line}: not JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = tagFileLine.safeParse(value);
    if (!parsed.success) {
      rejected++;
      const id = (value as { id?: unknown } | null)?.id;
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`)
        .join('; ');
      io.err(`${file}:${line}${id === undefined ? '' : ` id=${JSON.stringify(id)}`}: ${issues}`);
      continue;
    }
    const { id, title, abstract, categories } = parsed.data;
    const result = tagger.tag({ title, abstract, categories });
    io.write(JSON.stringify({ id, ...result }));
    tagged++;
  }
  return { tagged, rejected };
}

/** Loads the landmark corpus into the graph. */
export async function loadLandmarkCorpus(graph: Graph, tagger = loadTagger()) {
  const taxonomy = taxonomies();
  const landmarks = loadLandmarks(taxonomy);
  const papers = new PaperRepository(graph, { tagger });
  const tags = new TagRepository(graph);
  // Curated tags point at the taxonomy nodes: make sure they exist (idempotent).
  await tags.syncTaxonomies(taxonomy);
  const loaded = await loadLandmarksIntoGraph(landmarks, { papers, tags });
  await new RankingRepository(graph).rebuildStale();
  return { landmarks: landmarks.length, ...loaded };
}

/** The `serve` hook: an empty database gets the landmark corpus, so a first start has something to show. */
export async function loadLandmarksIfEmpty(graph: Graph, logger: Logger): Promise<void> {
  const counts = await new StatusRepository(graph).counts();
  if (counts.papers > 0) return;
  logger.info('The database is empty: loading the bundled landmark corpus …');
  const started = Date.now();
  const result = await loadLandmarkCorpus(graph);
  logger.info(
    `Loaded ${result.papers} landmark papers, ${result.citations} citations and ${result.tags} curated tags ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s (source "${LANDMARK_SOURCE}").`,
  );
}

export function tagCommands(context: CommandContext): Command[] {
  const { setup, out, err, setExitCode } = context;

  const tagFileCommand = new Command('tag-file')
    .description(
      'Tag papers offline (no database): reads JSON lines {"id","title","abstract"} ("abstract" may be empty, ' +
        '"categories" optional) and writes one JSON line per paper with its tags, confidences and evidence.',
    )
    .argument('<file>', 'a .jsonl file, or - for standard input')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (file: string, options: { output?: string }) => {
      const sink = options.output ? createWriteStream(options.output, { encoding: 'utf8' }) : undefined;
      const write = sink ? (line: string) => sink.write(`${line}\n`) : out;
      try {
        const { tagged, rejected } = await tagFile(file, { write, err });
        err(`Tagged ${tagged} paper(s)${rejected ? `; ${rejected} line(s) rejected (listed above)` : ''}.`);
        if (rejected) setExitCode(EXIT.partial);
      } finally {
        if (sink)
          await new Promise<void>((resolve, reject) =>
            sink.end((e?: Error | null) => (e ? reject(e) : resolve())),
          );
      }
    });

  const tagCommand = new Command('tag')
    .description(
      'Tag papers in the graph with the current tagger. Curator tags always win and survive; papers of the ' +
        'landmark corpus keep their curated tags.',
    )
    .option('--stale', 'only papers never tagged or tagged by another tagger version (default)')
    .option('--all', 're-tag every paper')
    .option('--page-size <n>', 'papers per transaction', (v) => Number.parseInt(v, 10), 500)
    .action(async (options: { stale?: boolean; all?: boolean; pageSize: number }) => {
      if (options.stale && options.all) throw new Error('Choose one of --stale and --all.');
      if (!Number.isInteger(options.pageSize) || options.pageSize < 1)
        throw new Error('--page-size must be a positive integer.');
      const { config, logger } = setup();
      const tagger = loadTagger();
      const database = await openDatabase(config, logger, { source: 'cli:tag' });
      try {
        const started = Date.now();
        let lastReport = 0;
        const result = await new TagRepository(database.graph).retag(tagger, {
          all: Boolean(options.all),
          pageSize: options.pageSize,
          onProgress: ({ done, total }) => {
            if (Date.now() - lastReport < 2000 && done < total) return;
            lastReport = Date.now();
            err(`tagged ${done}/${total} papers`);
          },
        });
        out(
          JSON.stringify({
            tagger: tagger.source,
            mode: options.all ? 'all' : 'stale',
            tagged: result.done,
            seconds: (Date.now() - started) / 1000,
          }),
        );
      } finally {
        await database.close();
      }
    });

  const landmarks = new Command('landmarks').description('The bundled landmark corpus (data/landmarks/).');
  landmarks
    .command('load')
    .description('Load the landmark papers, their citation links and curated tags (idempotent).')
    .action(async () => {
      const { config, logger } = setup();
      const database = await openDatabase(config, logger, { source: 'cli:landmarks' });
      try {
        out(JSON.stringify(await loadLandmarkCorpus(database.graph)));
      } finally {
        await database.close();
      }
    });

  return [tagFileCommand, tagCommand, landmarks];
}
