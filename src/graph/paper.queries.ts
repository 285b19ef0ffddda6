/**
 * The Cypher of PaperRepository, as pure statement builders so that test/graph/paper.cypher.test.ts can
 * snapshot each statement and its parameters for review without a database. Values always travel as
 * parameters; nothing is interpolated into the text.
 */
import type { PaperRef } from '../domain/identifiers.js';
import type { Statement } from './driver.js';

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

/** A full paper row: `props` holds only the properties the record has (no nulls: `+=` would erase). */
export interface PaperRow {
  readonly key: string;
  readonly props: Record<string, string | number | boolean>;
}

/** Creates or completes papers; a stub that is crawled becomes a full paper and keeps its edges. */
export function upsertPapers(rows: readonly PaperRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (p:Paper {id: row.key})
ON CREATE SET p.createdAt = datetime()
SET p += row.props, p.stub = false`,
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

export interface AuthorshipRow {
  readonly paperKey: string;
  readonly authorKey: string;
  readonly name: string;
  readonly nameKey: string;
  readonly openreviewId: string | null;
  readonly position: number;
}

/** Removes authorships a newer byline no longer lists (for the papers whose record lists authors). */
export function removeStaleAuthorships(
  papers: ReadonlyArray<{ key: string; authorKeys: string[] }>,
): Statement {
  return {
    text: `UNWIND $papers AS row
MATCH (p:Paper {id: row.key})<-[r:AUTHORED]-(a:Author)
WHERE NOT a.key IN row.authorKeys
DELETE r`,
    params: { papers },
  };
}

/** Authors (merged on their key) and AUTHORED edges with the byline position. */
export function upsertAuthorships(rows: readonly AuthorshipRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (a:Author {key: row.authorKey})
ON CREATE SET a.name = row.name, a.nameKey = row.nameKey, a.openreviewId = row.openreviewId
WITH a, row
MATCH (p:Paper {id: row.paperKey})
MERGE (a)-[r:AUTHORED]->(p)
SET r.position = row.position`,
    params: { rows },
  };
}

/** Removes category links a newer record no longer lists. */
export function removeStaleCategories(
  papers: ReadonlyArray<{ key: string; categories: string[] }>,
): Statement {
  return {
    text: `UNWIND $papers AS row
MATCH (p:Paper {id: row.key})-[r:IN_CATEGORY]->(c:Category)
WHERE NOT c.id IN row.categories
DELETE r`,
    params: { papers },
  };
}

export interface CategoryRow {
  readonly paperKey: string;
  readonly id: string;
  readonly primary: boolean;
}

export function upsertCategories(rows: readonly CategoryRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MERGE (c:Category {id: row.id})
WITH c, row
MATCH (p:Paper {id: row.paperKey})
MERGE (p)-[r:IN_CATEGORY]->(c)
SET r.primary = row.primary`,
    params: { rows },
  };
}

export interface CitationRow {
  readonly from: string;
  readonly to: string;
  readonly contexts: readonly string[];
  readonly source: string;
}

/**
 * CITES edges. Contexts and sources accumulate without repeats, so the same citation read twice, or
 * read from two sources, is one edge and re-running changes nothing.
 */
export function mergeCitations(rows: readonly CitationRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (a:Paper {id: row.from})
MATCH (b:Paper {id: row.to})
MERGE (a)-[c:CITES]->(b)
ON CREATE SET c.contexts = row.contexts, c.sources = [row.source]
ON MATCH SET
  c.contexts = c.contexts + [x IN row.contexts WHERE NOT x IN c.contexts],
  c.sources = CASE WHEN row.source IN c.sources THEN c.sources ELSE c.sources + row.source END`,
    params: { rows },
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

/** The papers a paper cites, with the citing sentences. */
export function getReferences(key: string): Statement {
  return {
    text: `MATCH (:Paper {id: $key})-[c:CITES]->(q:Paper)
RETURN q.id AS key, q.stub AS stub, q.title AS title, c.contexts AS contexts, c.sources AS sources
ORDER BY key`,
    params: { key },
  };
}
