/**
 * Builds and refreshes the ranked citer lists that follow-up trees read for dense papers
 * (ranking.queries.ts says what they are and why).
 */
import type { Graph } from './driver.js';
import * as q from './ranking.queries.js';

export interface RankingProgress {
  /** Papers whose list was rebuilt (or removed) so far. */
  readonly papers: number;
  /** RANKED_CITER edges written so far. */
  readonly edges: number;
}

export interface RankingOptions {
  /** Papers with at least this many citers get a list (default DENSE_CITERS). */
  readonly minCiters?: number;
  /** Entries per list (default RANKED_LIST_LENGTH). */
  readonly keep?: number;
  /** Papers rebuilt per transaction. */
  readonly batch?: number;
}

export class RankingRepository {
  private readonly minCiters: number;
  private readonly keep: number;
  private readonly batch: number;

  constructor(
    private readonly graph: Graph,
    options: RankingOptions = {},
  ) {
    this.minCiters = options.minCiters ?? q.DENSE_CITERS;
    this.keep = options.keep ?? q.RANKED_LIST_LENGTH;
    this.batch = options.batch ?? 20;
  }

  /** Every dense paper's list, from scratch; lists of papers no longer dense are removed. */
  async rebuildAll(onProgress?: (progress: RankingProgress) => void): Promise<RankingProgress> {
    // Whatever holds a list now is rebuilt below or, if no longer dense, removed by the stale pass.
    await this.graph.write({
      text: 'MATCH (p:Paper) WHERE p.rankedCiters IS NOT NULL SET p.rankedStale = true',
      params: {},
    });
    let papers = 0;
    let edges = 0;
    let after = '';
    for (;;) {
      const page = await this.graph.read<{ key: string }>(q.densePapersPage(after, 500, this.minCiters));
      if (!page.length) break;
      for (let i = 0; i < page.length; i += this.batch) {
        const keys = page.slice(i, i + this.batch).map((row) => row.key);
        const done = await this.rebuild(keys);
        papers += done.rebuilt;
        edges += done.edges;
        onProgress?.({ papers, edges });
      }
      after = page[page.length - 1]?.key as string;
    }
    const stale = await this.rebuildStale(
      onProgress ? (p) => onProgress({ papers: papers + p.papers, edges: edges + p.edges }) : undefined,
    );
    return { papers: papers + stale.papers, edges: edges + stale.edges };
  }

  /** Lists marked stale by new citations or merges, and papers that became dense. */
  async rebuildStale(onProgress?: (progress: RankingProgress) => void): Promise<RankingProgress> {
    let papers = 0;
    let edges = 0;
    let previous = '';
    for (;;) {
      const keys = (await this.graph.read<{ key: string }>(q.staleListsPage(this.batch))).map((r) => r.key);
      if (!keys.length) break;
      const signature = keys.join('\n');
      // A page that stays stale after its rebuild would loop for ever: a bug, not a state to wait out.
      if (signature === previous)
        throw new Error(`ranked citer lists stay stale after a rebuild: ${keys[0]} …`);
      previous = signature;
      const done = await this.rebuild(keys);
      papers += done.rebuilt;
      edges += done.edges;
      onProgress?.({ papers, edges });
    }
    return { papers, edges };
  }

  /** Counts for status and tests: papers holding a list, their edges, lists waiting for a rebuild. */
  async summary(): Promise<{ lists: number; edges: number; stale: number }> {
    const [row] = await this.graph.read<{ lists: number; edges: number; stale: number }>({
      text: `CALL () { MATCH (p:Paper) WHERE p.rankedCiters IS NOT NULL RETURN count(p) AS lists }
CALL () { MATCH ()-[r:RANKED_CITER]->() RETURN count(r) AS edges }
CALL () { MATCH (p:Paper) WHERE p.rankedStale = true RETURN count(p) AS stale }
RETURN lists, edges, stale`,
      params: {},
    });
    return row ?? { lists: 0, edges: 0, stale: 0 };
  }

  private async rebuild(keys: readonly string[]): Promise<{ rebuilt: number; edges: number }> {
    const [row] = await this.graph.write<{ rebuilt: number; edges: number }>(
      q.rebuildRankedLists(keys, this.keep, this.minCiters),
    );
    return { rebuilt: row?.rebuilt ?? 0, edges: row?.edges ?? 0 };
  }
}
