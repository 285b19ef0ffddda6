/**
 * Ranked citer lists: for every paper cited at least DENSE_CITERS times, its RANKED_LIST_LENGTH best citers
 * (most cited within the graph, then newest, then key) as derived `(cited)-[:RANKED_CITER {rank}]->(citer)`
 * edges, with the list's length in `cited.rankedCiters`. Follow-up trees read a dense paper's best citers
 * from its list instead of ranking its whole citer list on every query (../shared/reference/scale-probe.md:
 * ranking a hub's citers live costs seconds at depth 3; the lists answer in tens of milliseconds).
 *
 * A new citation of a listed paper marks the list stale (`rankedStale`, see mergeCitations); `empirica rank`
 * rebuilds stale lists and lists papers that became dense, and every ingest, import and crawl runs it at the
 * end. Until then a tree ranks by the list as built (documented in docs/api.md).
 */
import type { Statement } from './driver.js';

/** Papers with at least this many citers get a ranked list. */
export const DENSE_CITERS = 256;
/**
 * Entries kept per list. A level needs the best `first` (≤ 50) citers not seen at earlier levels (≤ 151
 * papers at depth 4), so the best 201 of a list always contain them; the rest is margin.
 */
export const RANKED_LIST_LENGTH = 256;

/** One page of papers, in key order after `after`, cited at least `minCiters` times. */
export function densePapersPage(after: string, limit: number, minCiters: number): Statement {
  return {
    text: `MATCH (p:Paper) WHERE p.id > $after AND COUNT { (p)<-[:CITES]-() } >= $minCiters
RETURN p.id AS key
ORDER BY key
LIMIT toInteger($limit)`,
    params: { after, limit, minCiters },
  };
}

/** Papers whose list is stale, or that hold a list although no longer dense enough (after merges). */
export function staleListsPage(limit: number): Statement {
  return {
    text: `MATCH (p:Paper) WHERE p.rankedStale = true
RETURN p.id AS key
ORDER BY key
LIMIT toInteger($limit)`,
    params: { limit },
  };
}

/**
 * Rebuilds the lists of these papers: drops the old edges, ranks every citer, keeps the best `keep`, and
 * records the length (or removes the list when the paper has fewer than `minCiters` citers).
 */
export function rebuildRankedLists(keys: readonly string[], keep: number, minCiters: number): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (f:Paper {id: key})
CALL (f) {
  MATCH (f)-[old:RANKED_CITER]->()
  DELETE old
}
WITH f, COUNT { (f)<-[:CITES]-() } AS citers
CALL (f, citers) {
  WITH f, citers WHERE citers >= $minCiters
  MATCH (f)<-[:CITES]-(p:Paper)
  WITH f, p, COUNT { (p)<-[:CITES]-() } AS influence, coalesce(p.year, 0) AS year
  ORDER BY influence DESC, year DESC, p.id
  LIMIT toInteger($keep)
  WITH f, collect(p) AS ranked
  UNWIND range(0, size(ranked) - 1) AS rank
  WITH f, ranked[rank] AS p, rank
  CREATE (f)-[:RANKED_CITER {rank: rank}]->(p)
  RETURN count(*) AS listed
  UNION
  WITH f, citers WHERE citers < $minCiters
  RETURN 0 AS listed
}
SET f.rankedCiters = CASE WHEN listed > 0 THEN listed END, f.rankedStale = null
RETURN count(f) AS rebuilt, sum(listed) AS edges`,
    params: { keys, keep, minCiters },
  };
}
