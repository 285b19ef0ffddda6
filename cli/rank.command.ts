/**
 * `empirica rank`: builds the ranked citer lists of highly cited papers (src/graph/ranking.queries.ts)
 * that unfiltered follow-up trees read; `--stale` only catches up with new citations. Ingest, import,
 * crawl and landmark loading run the `--stale` pass at their end (refreshRankings).
 */
import { Command } from 'commander';
import { openDatabase } from '../src/database.js';
import type { Graph } from '../src/graph/driver.js';
import { DENSE_CITERS, RANKED_LIST_LENGTH } from '../src/graph/ranking.queries.js';
import { type RankingProgress, RankingRepository } from '../src/graph/ranking.repository.js';
import type { Logger } from '../src/logger.js';
import type { CommandContext } from './context.js';

/** Rebuilds the lists new citations made stale; logs what it did when there was anything. */
export async function refreshRankings(graph: Graph, logger: Logger): Promise<RankingProgress> {
  const started = Date.now();
  const done = await new RankingRepository(graph).rebuildStale();
  if (done.papers)
    logger.info(
      `ranked citer lists: ${done.papers} rebuilt (${done.edges} entries) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  return done;
}

export function rankCommand({ setup, out, err }: CommandContext): Command {
  return new Command('rank')
    .description(
      `Build the ranked lists of the best ${RANKED_LIST_LENGTH} citers of every paper cited at least ${DENSE_CITERS} ` +
        'times, which follow-up trees read instead of ranking every citer. After a bulk load run it once; ' +
        'ingest, import and crawls keep it current (the --stale pass).',
    )
    .option('--stale', 'only rebuild lists marked stale by new citations or merges', false)
    .action(async (options: { stale: boolean }) => {
      const { config, logger } = setup();
      const database = await openDatabase(config, logger, { source: 'cli:rank' });
      try {
        const started = Date.now();
        const ranking = new RankingRepository(database.graph);
        let last = 0;
        const progress = (p: RankingProgress) => {
          if (Date.now() - last < 2000) return;
          last = Date.now();
          err(`… ${p.papers} papers, ${p.edges} list entries`);
        };
        const done = options.stale
          ? await ranking.rebuildStale(progress)
          : await ranking.rebuildAll(progress);
        out(
          JSON.stringify({ ...done, ...(await ranking.summary()), seconds: (Date.now() - started) / 1000 }),
        );
      } finally {
        await database.close();
      }
    });
}
