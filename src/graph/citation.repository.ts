/**
 * Citation reads for the API: pages of citations and references, follow-up trees and lineages (level by
 * level, bounded per level, so a paper with thousands of citations costs the same as one with fifty), and
 * shortest citation paths.
 */
import type { PaperView } from './catalog.repository.js';
import * as q from './citation.queries.js';
import type { Graph } from './driver.js';

export type { CitationCursor, Direction, PaperFilterParams } from './citation.queries.js';

export interface CitationRow {
  readonly key: string;
  /** The citing (or cited) paper's fields, read with the page. */
  readonly view?: PaperView;
  readonly contexts: readonly string[] | null;
  readonly influence: number;
  readonly year: number;
}

export interface TreeNode {
  readonly key: string;
  /** The paper one hop closer to the root. */
  readonly parent: string;
  /** Citing sentences of the edge between the paper and its parent. */
  readonly contexts: readonly string[];
  readonly influence: number;
  readonly hops: number;
  /** Passes the filter (true when there is none). */
  readonly matches: boolean;
  /** When the edge to the parent entered the graph (ISO 8601); null for edges older than that record. */
  readonly addedAt: string | null;
}

export interface TreeLevel {
  readonly hops: number;
  /** Distinct papers reachable at this hop before ranking cut the level (a lower bound when `listed`). */
  readonly candidates: number;
  /** Some frontier paper was read through its ranked citer list: `candidates` counts those examined. */
  readonly listed: boolean;
  /**
   * With `addedSince`: the next hop searched the citers of only part of this hop's papers (the bounds in
   * WATCH_FRONTIER_MAX / WATCH_CITATION_BUDGET), so new follow-ups further out may be missing.
   */
  readonly frontierCut: boolean;
  /** How many of the candidates pass the filter. */
  readonly matching: number;
  readonly nodes: readonly TreeNode[];
}

export interface CitationTree {
  readonly root: string;
  readonly levels: readonly TreeLevel[];
}

export interface CitationPathRow {
  readonly keys: readonly string[];
  readonly contexts: ReadonlyArray<readonly string[] | null>;
}

/** The best-ranked prefix of a hop within the watch bounds (at least one paper). */
export function watchFrontier(ranked: ReadonlyArray<readonly [string, number]>): string[] {
  const keys: string[] = [];
  let citations = 0;
  for (const [key, influence] of ranked.slice(0, q.WATCH_FRONTIER_MAX)) {
    if (keys.length && citations + influence > q.WATCH_CITATION_BUDGET) break;
    keys.push(key);
    citations += influence;
  }
  return keys;
}

export class CitationRepository {
  constructor(private readonly graph: Graph) {}

  async page(
    direction: q.Direction,
    key: string,
    after: q.CitationCursor | null,
    limit: number,
  ): Promise<CitationRow[]> {
    // Citations of a dense paper come from its ranked citer list when the page lies within it.
    return await this.graph.read<CitationRow & Record<string, unknown>>(
      direction === 'citations'
        ? q.citingPage(key, after, limit)
        : q.citationPage(direction, key, after, limit),
    );
  }

  /**
   * The tree of papers citing `root` (direction `citations`: follow-ups) or cited by it (`references`:
   * lineage), `depth` hops deep, at most `perLevel` papers per hop. Filters do not prune the expansion:
   * papers that pass rank first within a level, and every node says whether it passes. `addedSince`
   * (ISO 8601) adds "its edge into the tree is that recent" to the filter: what a watch lists.
   */
  async tree(
    direction: q.Direction,
    root: string,
    depth: number,
    perLevel: number,
    filter: q.PaperFilterParams | null,
    options: {
      readonly addedSince?: string | null;
      /** Read dense papers through their ranked citer lists when the tree allows it (default true). */
      readonly rankedLists?: boolean;
    } = {},
  ): Promise<CitationTree> {
    const levels: TreeLevel[] = [];
    const seen = [root];
    let frontier = [root];
    // Unfiltered follow-ups can read dense papers' ranked citer lists; a filter needs every candidate.
    const ranked =
      direction === 'citations' && !filter && !options.addedSince && options.rankedLists !== false;
    for (let hops = 1; hops <= depth && frontier.length; hops++) {
      const [row] = await this.graph.read<{
        candidates: number;
        matching: number;
        listed?: boolean;
        top: Array<{
          key: string;
          parent: string;
          contexts: string[] | null;
          influence: number;
          matches: boolean;
          addedAt: string | null;
        }>;
        watch?: Array<[string, number]>;
      }>(
        ranked
          ? q.rankedFollowUpLevel(frontier, seen, perLevel)
          : q.treeLevel(direction, frontier, seen, perLevel, filter, options.addedSince ?? null),
      );
      const nodes = (row?.top ?? []).map((n) => ({ ...n, contexts: n.contexts ?? [], hops }));
      const candidates = row?.candidates ?? 0;
      // A watch searches on from every paper of the hop it can afford; a tree from the papers it shows.
      const next = options.addedSince ? watchFrontier(row?.watch ?? []) : nodes.map((n) => n.key);
      levels.push({
        hops,
        candidates,
        matching: row?.matching ?? 0,
        listed: row?.listed ?? false,
        frontierCut: Boolean(options.addedSince) && hops < depth && next.length < candidates,
        nodes,
      });
      frontier = next;
      seen.push(...new Set([...nodes.map((n) => n.key), ...next]));
    }
    return { root, levels };
  }

  /** Every citation among these papers (graph keys). */
  async among(
    keys: readonly string[],
  ): Promise<Array<{ citing: string; cited: string; contexts: string[]; addedAt: string | null }>> {
    return await this.graph.read(q.citationsAmong([...new Set(keys)]));
  }

  async paths(from: string, to: string, maxLength: number, limit: number): Promise<CitationPathRow[]> {
    return await this.graph.read<CitationPathRow & Record<string, unknown>>(
      q.shortestCitationPaths(from, to, maxLength, limit),
    );
  }
}
