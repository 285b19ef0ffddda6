/**
 * Citation reads as pure builders: pages of a paper's citations and references, one level of a
 * follow-up (or lineage) tree, the filter test for returned papers, and shortest citation paths.
 *
 * Trees expand level by level with a bounded number of papers per level, never with a variable-length
 * pattern over the whole graph (../shared/reference/scale-probe.md: `[:CITES*1..3]` from a hub reaches the
 * whole graph). Candidates of a level are ranked by influence (citations within the graph, read from the
 * degree store) and then recency. `direction` picks the relationship direction from fixed texts.
 */
import { paperViewMap } from './catalog.queries.js';
import type { Statement } from './driver.js';

export type Direction = 'citations' | 'references';

/** Keyset position in a citation list: (influence, year, key), ordered influence DESC, year DESC, key ASC. */
export type CitationCursor = readonly [number, number, string];

const EDGE = {
  citations: '(p:Paper {id: $key})<-[c:CITES]-(x:Paper)',
  references: '(p:Paper {id: $key})-[c:CITES]->(x:Paper)',
} as const;

/** A page of the papers citing (or cited by) a paper, with the citing sentences of each edge. */
export function citationPage(
  direction: Direction,
  key: string,
  after: CitationCursor | null,
  limit: number,
): Statement {
  return {
    text: `MATCH ${EDGE[direction]}
WITH x, c, COUNT { (x)<-[:CITES]-() } AS influence, coalesce(x.year, 0) AS year
WHERE $after IS NULL
   OR influence < $after[0]
   OR (influence = $after[0] AND (year < $after[1] OR (year = $after[1] AND x.id > $after[2])))
WITH x, c, influence, year
ORDER BY influence DESC, year DESC, x.id
LIMIT toInteger($limit)
RETURN x.id AS key, c.contexts AS contexts, influence, year, ${paperViewMap('x')} AS view`,
    params: { key, after: after ? [...after] : null, limit },
  };
}

const KEYSET = `($after IS NULL
     OR influence < $after[0]
     OR (influence = $after[0] AND (year < $after[1] OR (year = $after[1] AND x.id > $after[2]))))`;

/**
 * `citationPage` for the papers citing a paper, in one statement: a dense paper's page is read from its
 * ranked citer list (ranking.queries.ts) — the list's entries ranked by live influence and year, after the
 * cursor, citing sentences read for the page only — when the page lies within the list (it is full, or the
 * list holds every citer); otherwise every citer is ranked. Exact while the list is current.
 */
export function citingPage(key: string, after: CitationCursor | null, limit: number): Statement {
  return {
    text: `MATCH (f:Paper {id: $key})
CALL (f) {
  MATCH (f)-[:RANKED_CITER]->(x:Paper)
  WITH x, COUNT { (x)<-[:CITES]-() } AS influence, coalesce(x.year, 0) AS year
  WHERE ${KEYSET}
  WITH x, influence, year ORDER BY influence DESC, year DESC, x.id LIMIT toInteger($limit)
  MATCH (x)-[c:CITES]->(f)
  RETURN collect({key: x.id, contexts: c.contexts, influence: influence, year: year, x: x}) AS listed
}
WITH f, listed, f.rankedCiters IS NOT NULL
  AND (size(listed) = $limit OR f.rankedCiters >= COUNT { (f)<-[:CITES]-() }) AS fromList
CALL (f, fromList) {
  WITH f WHERE NOT fromList
  MATCH (f)<-[c:CITES]-(x:Paper)
  WITH x, c, COUNT { (x)<-[:CITES]-() } AS influence, coalesce(x.year, 0) AS year
  WHERE ${KEYSET}
  WITH x, c, influence, year ORDER BY influence DESC, year DESC, x.id LIMIT toInteger($limit)
  RETURN collect({key: x.id, contexts: c.contexts, influence: influence, year: year, x: x}) AS ranked
}
UNWIND CASE WHEN fromList THEN listed ELSE ranked END AS row
WITH row, row.x AS x
RETURN row.key AS key, row.contexts AS contexts, row.influence AS influence, row.year AS year,
  ${paperViewMap('x')} AS view`,
    params: { key, after: after ? [...after] : null, limit },
  };
}

const LEVEL_EDGE = {
  citations: '(f:Paper {id: $frontier[i]})<-[c:CITES]-(p:Paper)',
  references: '(f:Paper {id: $frontier[i]})-[c:CITES]->(p:Paper)',
} as const;

/**
 * With `addedSince`, a new follow-up may cite any paper of the previous hop, not only the `first` shown: the
 * next hop searches the citers of up to this many papers of a hop (best-ranked first), and of no more papers
 * than have WATCH_CITATION_BUDGET citations between them, so a watch stays bounded on a hub.
 */
export const WATCH_FRONTIER_MAX = 1000;
export const WATCH_CITATION_BUDGET = 200_000;

/** Filters on returned papers; every field optional. */
export interface PaperFilterParams {
  readonly subfields: readonly string[] | null;
  readonly contributionTypes: readonly string[] | null;
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
}

/** Cypher predicate on `p` for a PaperFilterParams in `$filter` (fixed text; values are parameters). */
export const FILTER_PREDICATE = `($filter.yearFrom IS NULL OR p.year >= $filter.yearFrom)
  AND ($filter.yearTo IS NULL OR p.year <= $filter.yearTo)
  AND ($filter.subfields IS NULL OR EXISTS {
    MATCH (p)-[r:IN_SUBFIELD]->(s:Subfield) WHERE s.slug IN $filter.subfields AND NOT coalesce(r.rejected, false) })
  AND ($filter.contributionTypes IS NULL OR EXISTS {
    MATCH (p)-[r:HAS_CONTRIBUTION]->(t:ContributionType)
    WHERE t.slug IN $filter.contributionTypes AND NOT coalesce(r.rejected, false) })`;

/**
 * The next level of a tree: papers citing (or cited by) any paper of the frontier, not seen before,
 * ranked — papers passing the filter first (when there is one), then influence, then recency; each keeps
 * the edge to its best-ranked frontier paper (the frontier is passed in rank order). Returns how many
 * candidates there were, how many pass the filter, and the top `limit`. With `addedSince` (ISO 8601) a
 * paper passes only if one of its edges into the frontier entered the graph at or after that instant
 * (`CITES.createdAt`; edges written before that property existed never count as new), and that edge is
 * the one kept.
 */
export function treeLevel(
  direction: Direction,
  frontier: readonly string[],
  seen: readonly string[],
  limit: number,
  filter: PaperFilterParams | null,
  addedSince: string | null = null,
): Statement {
  return {
    text: `UNWIND range(0, size($frontier) - 1) AS i
MATCH ${LEVEL_EDGE[direction]}
WHERE NOT p.id IN $seen
WITH p, i, c, $since IS NOT NULL AND coalesce(c.createdAt >= datetime($since), false) AS fresh
ORDER BY fresh DESC, i
WITH p, collect({parent: $frontier[i], contexts: c.contexts, addedAt: c.createdAt, fresh: fresh})[0] AS via
WITH p, via, COUNT { (p)<-[:CITES]-() } AS influence, coalesce(p.year, 0) AS year,
  CASE WHEN $filter IS NULL THEN true ELSE ${FILTER_PREDICATE} END AND ($since IS NULL OR via.fresh) AS matches
ORDER BY matches DESC, influence DESC, year DESC, p.id
WITH collect({key: p.id, parent: via.parent, contexts: via.contexts, addedAt: toString(via.addedAt),
  influence: influence, matches: matches}) AS ranked
RETURN size(ranked) AS candidates, size([r IN ranked WHERE r.matches]) AS matching,
  ranked[0..toInteger($limit)] AS top,
  CASE WHEN $since IS NULL THEN [] ELSE [r IN ranked[0..toInteger($watchMax)] | [r.key, r.influence]] END AS watch`,
    params: { frontier, seen, limit, filter, since: addedSince, watchMax: WATCH_FRONTIER_MAX },
  };
}

/**
 * The next level of a follow-up tree without a filter, reading dense frontier papers through their ranked
 * citer lists (ranking.queries.ts): the best `take` = `limit` + |seen| entries of a list always hold its best
 * `limit` unseen citers, so a hub costs `take` rows instead of all its citers. Papers without a long enough
 * list are expanded in full. Candidates are ranked by influence then recency as in `treeLevel`; each keeps
 * the edge to its best-ranked frontier paper (found for the top only, among all the frontier papers it cites,
so the parent is the one `treeLevel` picks), with that edge's citing sentences. `listed`
 * says some frontier paper was read through its list: `candidates` then counts the papers examined, a
 * lower bound.
 */
export function rankedFollowUpLevel(
  frontier: readonly string[],
  seen: readonly string[],
  limit: number,
): Statement {
  return {
    text: `UNWIND range(0, size($frontier) - 1) AS i
MATCH (f:Paper {id: $frontier[i]})
CALL (f) {
  WITH f WHERE coalesce(f.rankedCiters, 0) < $take
  MATCH (f)<-[:CITES]-(p:Paper)
  RETURN p, false AS listed
  UNION
  WITH f WHERE f.rankedCiters >= $take
  MATCH (f)-[r:RANKED_CITER]->(p:Paper) WHERE r.rank < $take
  RETURN p, true AS listed
}
WITH p, max(listed) AS listed
WHERE NOT p.id IN $seen
WITH p, listed, COUNT { (p)<-[:CITES]-() } AS influence, coalesce(p.year, 0) AS year
ORDER BY influence DESC, year DESC, p.id
WITH collect({p: p, influence: influence}) AS ranked, coalesce(max(listed), false) AS listed
CALL (ranked) {
  UNWIND range(0, size(ranked[0..toInteger($limit)]) - 1) AS k
  WITH k, ranked[k] AS r
  WITH k, r, r.p AS p
  MATCH (p)-[c:CITES]->(f:Paper) WHERE f.id IN $frontier
  WITH k, r, p, c, f, [j IN range(0, size($frontier) - 1) WHERE $frontier[j] = f.id][0] AS j
  ORDER BY k, j
  WITH k, r, p, collect({parent: f.id, c: c})[0] AS via
  ORDER BY k
  RETURN collect({key: p.id, parent: via.parent, contexts: via.c.contexts, addedAt: toString(via.c.createdAt),
    influence: r.influence, matches: true}) AS top
}
RETURN size(ranked) AS candidates, size(ranked) AS matching, top, listed`,
    params: { frontier, seen, limit, take: limit + seen.length },
  };
}

/** Every citation among a set of papers (both ends in the set), in key order. */
export function citationsAmong(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (a:Paper {id: key})-[c:CITES]->(b:Paper)
WHERE b.id IN $keys
RETURN a.id AS citing, b.id AS cited, coalesce(c.contexts, []) AS contexts, toString(c.createdAt) AS addedAt
ORDER BY citing, cited`,
    params: { keys },
  };
}

/** Longest citation path the API allows; each length has its own fixed pattern text. */
export const MAX_PATH_LENGTH = 6;

/**
 * Shortest chains of citations by which `from` leads to `to`: `to` cites a paper that cites … that cites
 * `from`. Returns the keys along each chain (from → to) and the citing sentences of each hop; when there
 * are more shortest chains than `limit`, the first in key order (so the answer is stable).
 */
export function shortestCitationPaths(from: string, to: string, maxLength: number, limit: number): Statement {
  const length = Math.min(Math.max(Math.trunc(maxLength), 1), MAX_PATH_LENGTH);
  const patterns = ['', '*1..1', '*1..2', '*1..3', '*1..4', '*1..5', '*1..6'] as const;
  return {
    text: `MATCH (a:Paper {id: $from}), (b:Paper {id: $to})
MATCH path = allShortestPaths((b)-[:CITES${patterns[length]}]->(a))
WITH path, reverse([n IN nodes(path) | n.id]) AS keys
ORDER BY keys
LIMIT toInteger($limit)
RETURN keys, reverse([r IN relationships(path) | r.contexts]) AS contexts`,
    params: { from, to, limit },
  };
}
