/**
 * The Cypher of PaperRepository, as pure statement builders so that test/graph/paper.cypher.test.ts can
 * snapshot each statement and its parameters for review without a database. Values always travel as
 * parameters; nothing is interpolated into the text.
 */
import type { PaperRef } from '../domain/identifiers.js';
import type { Statement } from './driver.js';
import { DENSE_CITERS } from './ranking.queries.js';

/** Existing papers that hold any of the given identifiers. */
export function lookupIdentities(refs: readonly PaperRef[]): Statement {
  const distinct = (values: Array<string | undefined>) => [
    ...new Set(values.filter((v): v is string => !!v)),
  ];
  return {
    text: `CALL () {
  UNWIND $arxivIds AS value MATCH (p:Paper {arxivId: value}) RETURN p
  UNION
  UNWIND $dois AS value MATCH (p:Paper {doi: value}) RETURN p
  UNION
  UNWIND $openreviewIds AS value MATCH (p:Paper {openreviewId: value}) RETURN p
}
RETURN p.id AS key, p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId`,
    params: {
      arxivIds: distinct(refs.map((r) => r.arxivId)),
      dois: distinct(refs.map((r) => r.doi)),
      openreviewIds: distinct(refs.map((r) => r.openreviewId)),
    },
  };
}

/** Properties for a node: only those the record has (no nulls: `SET p += …` would erase them). */
export type NodeProps = Record<string, string | number | boolean | readonly string[]>;

/** A stub or identifier row: a key and the properties to set. */
export interface PaperRow {
  readonly key: string;
  readonly props: NodeProps;
}

export interface BylineEntry {
  readonly key: string;
  readonly name: string;
  readonly nameKey: string;
  readonly openreviewId: string | null;
  readonly position: number;
}

/**
 * A paper to upsert. `authors` / `categories` are null when the record does not list them (the paper's
 * existing ones are then kept); a list replaces the old one.
 */
export interface PaperUpsertRow extends PaperRow {
  /** Fill gaps only in a full paper another source wrote (see PaperRepository.upsert). */
  readonly fill: boolean;
  readonly authors: readonly BylineEntry[] | null;
  readonly categories: ReadonlyArray<{ readonly id: string; readonly primary: boolean }> | null;
}

/**
 * Creates or completes papers with their byline and categories, in one statement per batch. A stub that
 * is crawled becomes a full paper and keeps its edges. Within a paper an author is one per normalised
 * name, and an author with an OpenReview profile wins over a name-keyed one: a byline from arXiv keeps the
 * profile-keyed authors OpenReview gave the paper, and an OpenReview byline replaces name-keyed ones.
 * Authorships and category links that a newer record no longer lists are removed.
 */
export function upsertPapers(rows: readonly PaperUpsertRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (p:Paper {id: row.key})
ON CREATE SET p.createdAt = datetime()
WITH p, row, row.fill AND p.stub = false AND p.source <> row.props.source AS fillOnly
SET p += CASE WHEN fillOnly THEN {} ELSE row.props END, p.stub = false
FOREACH (k IN CASE WHEN fillOnly THEN [k IN keys(row.props) WHERE p[k] IS NULL] ELSE [] END | SET p[k] = row.props[k])
WITH p, row, fillOnly
CALL (p, row, fillOnly) {
  WITH p, row, fillOnly WHERE row.authors IS NOT NULL
  MATCH (p)<-[r:AUTHORED]-(old:Author)
  WHERE (NOT coalesce(fillOnly, false) AND NOT old.nameKey IN [au IN row.authors | au.nameKey])
    OR (old.openreviewId IS NULL AND old.nameKey IN [au IN row.authors WHERE au.openreviewId IS NOT NULL | au.nameKey])
  DELETE r
}
CALL (p, row) {
  UNWIND coalesce(row.authors, []) AS au
  OPTIONAL MATCH (p)<-[:AUTHORED]-(profiled:Author {nameKey: au.nameKey})
  WHERE au.openreviewId IS NULL AND profiled.openreviewId IS NOT NULL
  WITH p, au, head(collect(profiled.key)) AS profiledKey
  MERGE (a:Author {key: coalesce(profiledKey, au.key)})
  ON CREATE SET a.name = au.name, a.nameKey = au.nameKey, a.openreviewId = au.openreviewId
  MERGE (a)-[r:AUTHORED]->(p)
  SET r.position = au.position
}
CALL (p, row) {
  WITH p, row WHERE row.categories IS NOT NULL
  MATCH (p)-[r:IN_CATEGORY]->(old:Category)
  WHERE NOT old.id IN [c IN row.categories | c.id]
  DELETE r
}
CALL (p, row) {
  UNWIND coalesce(row.categories, []) AS cat
  MERGE (c:Category {id: cat.id})
  MERGE (p)-[r:IN_CATEGORY]->(c)
  SET r.primary = cat.primary
}`,
    params: { rows },
  };
}

/** Creates stubs for cited papers that are not in the graph; an existing paper is left as it is. */
export function createStubs(rows: readonly PaperRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (p:Paper {id: row.key})
ON CREATE SET p += row.props, p.stub = true, p.createdAt = datetime()`,
    params: { rows },
  };
}

/** Records identifiers learnt for existing papers (e.g. a DOI read from a reference). */
export function addIdentifiers(rows: ReadonlyArray<{ key: string; ids: Record<string, string> }>): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {id: row.key})
SET p += row.ids`,
    params: { rows },
  };
}

export interface CitationRow {
  readonly from: string;
  readonly to: string;
  readonly contexts: readonly string[];
  readonly sources: readonly string[];
}

/**
 * CITES edges. Contexts and sources accumulate without repeats, so the same citation read twice, or
 * read from two sources, is one edge and re-running changes nothing. A new edge records when it entered
 * the graph (`createdAt`, the statement's clock, which also tells this statement's new edges apart): what
 * `followUps(addedSince:)` and `empirica watch` look at. A new citation of a
 * paper with a ranked citer list, or of one that just became dense, marks it for `empirica rank`
 * (ranking.queries.ts).
 */
export function mergeCitations(rows: readonly CitationRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (a:Paper {id: row.from})
MATCH (b:Paper {id: row.to})
MERGE (a)-[c:CITES]->(b)
ON CREATE SET c.contexts = row.contexts, c.sources = row.sources, c.createdAt = datetime()
ON MATCH SET
  c.contexts = coalesce(c.contexts, []) + [x IN row.contexts WHERE NOT x IN coalesce(c.contexts, [])],
  c.sources = coalesce(c.sources, []) + [x IN row.sources WHERE NOT x IN coalesce(c.sources, [])]
WITH b, c WHERE c.createdAt = datetime()
WITH DISTINCT b WHERE b.rankedCiters IS NOT NULL OR COUNT { (b)<-[:CITES]-() } >= $denseCiters
SET b.rankedStale = true`,
    params: { rows, denseCiters: DENSE_CITERS },
  };
}

/** Papers by their keys, with authors in byline order and categories (primary first). */
export function getPapersByKeys(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
RETURN p {
  .*,
  createdAt: toString(p.createdAt),
  authors: COLLECT {
    MATCH (a:Author)-[r:AUTHORED]->(p)
    RETURN a {.key, .name, .openreviewId, position: r.position} ORDER BY r.position
  },
  categories: COLLECT {
    MATCH (p)-[r:IN_CATEGORY]->(c:Category)
    RETURN c.id ORDER BY r.primary DESC, c.id
  }
} AS paper`,
    params: { keys },
  };
}

/** Records the outcome of a reference crawl on each paper (`ok` with the count, or `no-html`). */
export function markReferences(
  rows: ReadonlyArray<{ arxivId: string; status: string; count: number }>,
): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {arxivId: row.arxivId})
SET p.refsStatus = row.status, p.refsCount = row.count`,
    params: { rows },
  };
}

/** Crawled arXiv papers whose references were never read (first), or failed before (after), by id. */
export function papersMissingReferences(limit: number): Statement {
  return {
    text: `MATCH (p:Paper)
WHERE p.arxivId IS NOT NULL AND p.stub = false AND (p.refsStatus IS NULL OR p.refsStatus = 'error')
RETURN p.arxivId AS arxivId
ORDER BY p.refsStatus IS NULL DESC, arxivId
LIMIT toInteger($limit)`,
    params: { limit },
  };
}

/**
 * Papers (incl. stubs) sharing a normalised title, with their identifiers and what matching compares
 * (first author, year). Serves both reference resolution by title and the OpenReview matcher.
 */
export function matchCandidates(titleKeys: readonly string[]): Statement {
  return {
    text: `UNWIND $titleKeys AS titleKey
MATCH (p:Paper {titleKey: titleKey})
OPTIONAL MATCH (p)<-[:AUTHORED {position: 0}]-(first:Author)
RETURN p.id AS key, p.titleKey AS titleKey, first.name AS firstAuthor, p.year AS year,
  p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId`,
    params: { titleKeys },
  };
}

/** OpenReview submissions not joined with an arXiv paper yet: what the matcher tries to join. */
export function openReviewOnlyPapers(limit: number): Statement {
  return {
    text: `MATCH (p:Paper)
WHERE p.openreviewId IS NOT NULL AND p.arxivId IS NULL AND p.titleKey IS NOT NULL
OPTIONAL MATCH (p)<-[:AUTHORED {position: 0}]-(first:Author)
RETURN p.id AS key, p.titleKey AS titleKey, first.name AS firstAuthor, p.year AS year
ORDER BY key
LIMIT toInteger($limit)`,
    params: { limit },
  };
}

/**
 * Moves the duplicate's tags of one kind onto the kept paper: a label the kept paper lacks, or a curator's
 * decision over a tagger's tag (a curator always wins); onto a paper whose tags are curated as a whole,
 * curator tags only. Relationship type and label are fixed constants.
 */
function moveTags(rel: 'IN_SUBFIELD' | 'HAS_CONTRIBUTION', label: 'Subfield' | 'ContributionType'): string {
  return `CALL (o, a) {
  MATCH (o)-[r:${rel}]->(t:${label})
  OPTIONAL MATCH (a)-[e:${rel}]->(t)
  WITH a, r, t, e
  WHERE (e IS NULL OR (r.source = 'curator' AND coalesce(e.source, '') <> 'curator'))
    AND (r.source = 'curator' OR NOT coalesce(a.tagsCurated, false))
  MERGE (a)-[n:${rel}]->(t)
  SET n = properties(r)
}`;
}

/**
 * Merges paper `from` into paper `into` (the same work under two nodes): every relationship moves over
 * (citing sentences and sources accumulate), every property `into` lacks is copied from `from` (its
 * identifiers among them; what `into` has wins, as with `upsert(…, {fill})`), `from` is deleted, and the
 * decision is recorded on `into` (`matchMethod`, `matchConfidence`).
 */
export function mergePaper(from: string, into: string, method: string, confidence: number): Statement {
  return {
    text: `MATCH (o:Paper {id: $from}), (a:Paper {id: $into})
CALL (o, a) {
  MATCH (o)<-[r:AUTHORED]-(x:Author)
  WHERE NOT EXISTS { (a)<-[:AUTHORED]-(:Author {nameKey: x.nameKey}) } OR x.openreviewId IS NOT NULL
  OPTIONAL MATCH (a)<-[same:AUTHORED]-(:Author {nameKey: x.nameKey}) WHERE x.openreviewId IS NOT NULL
  DELETE same
  MERGE (x)-[n:AUTHORED]->(a)
  SET n.position = r.position
}
CALL (o, a) {
  MATCH (o)-[r:SUBMITTED_TO]->(v:Venue)
  MERGE (a)-[n:SUBMITTED_TO]->(v)
  SET n += properties(r)
}
CALL (o, a) {
  MATCH (o)-[r:IN_CATEGORY]->(c:Category)
  MERGE (a)-[n:IN_CATEGORY]->(c)
  SET n.primary = coalesce(n.primary, r.primary)
}
CALL (o, a) {
  MATCH (o)-[r:CITES]->(q:Paper) WHERE q <> a
  MERGE (a)-[n:CITES]->(q)
  SET n.contexts = coalesce(n.contexts, []) + [x IN r.contexts WHERE NOT x IN coalesce(n.contexts, [])],
    n.sources = coalesce(n.sources, []) + [x IN r.sources WHERE NOT x IN coalesce(n.sources, [])],
    n.createdAt = coalesce(n.createdAt, r.createdAt)
}
CALL (o, a) {
  MATCH (o)<-[r:CITES]-(q:Paper) WHERE q <> a
  MERGE (q)-[n:CITES]->(a)
  SET n.contexts = coalesce(n.contexts, []) + [x IN r.contexts WHERE NOT x IN coalesce(n.contexts, [])],
    n.sources = coalesce(n.sources, []) + [x IN r.sources WHERE NOT x IN coalesce(n.sources, [])],
    n.createdAt = coalesce(n.createdAt, r.createdAt)
}
${moveTags('IN_SUBFIELD', 'Subfield')}
${moveTags('HAS_CONTRIBUTION', 'ContributionType')}
CALL (o, a) {
  // Ranked citer lists that held the merged-away paper, and the survivor's own, are rebuilt by \`rank\`.
  MATCH (x:Paper)-[:RANKED_CITER]->(o)
  SET x.rankedStale = true
}
SET a.rankedStale = CASE WHEN a.rankedCiters IS NOT NULL OR o.rankedCiters IS NOT NULL THEN true ELSE a.rankedStale END
WITH o, a, properties(o) AS old
DETACH DELETE o
FOREACH (k IN [k IN keys(old) WHERE a[k] IS NULL AND NOT k IN ['taggerVersion', 'taggedAt', 'tagsCurated', 'rankedCiters', 'rankedStale']] |
  SET a[k] = old[k])
SET a.stub = false, a.matchMethod = $method, a.matchConfidence = $confidence
RETURN a.id AS key`,
    params: { from, into, method, confidence },
  };
}

/** Records how a submission was joined with its paper when it happened through identifiers. */
export function recordMatches(
  rows: ReadonlyArray<{ openreviewId: string; method: string; confidence: number }>,
): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {openreviewId: row.openreviewId})
SET p.matchMethod = row.method, p.matchConfidence = row.confidence`,
    params: { rows },
  };
}

/** The papers a paper cites, with the citing sentences. */
export function getReferences(key: string): Statement {
  return {
    text: `MATCH (:Paper {id: $key})-[c:CITES]->(q:Paper)
RETURN q.id AS key, q.stub AS stub, q.title AS title, c.contexts AS contexts, c.sources AS sources
ORDER BY key`,
    params: { key },
  };
}
