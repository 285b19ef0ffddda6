/**
 * The Cypher of ExchangeRepository (exports and re-import) as pure statement builders, snapshotted in
 * test/graph/exchange.cypher.test.ts. Values always travel as parameters; texts vary only by fixed
 * constants (the tag relationship type and taxonomy label).
 *
 * Whole-graph reads are keyset pages in `Paper.id` order (the unique constraint's index serves both the
 * seek and the order), so an export never holds the graph in memory.
 */
import type { Statement } from './driver.js';

/** What an export page says of one paper: identifiers, metadata, byline, categories, every tag. */
const PAPER_PROJECTION = `p.id AS key, p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId,
  p.title AS title, p.year AS year, p.publishedAt AS publishedAt, p.venue AS venue, p.abstract AS abstract,
  p.summary AS summary, coalesce(p.stub, false) AS stub, p.source AS source,
  COUNT { (p)<-[:CITES]-() } AS citationCount,
  p {.updatedAt, .arxivVersion, .withdrawn, .journalRef, .comments, .keywords, .pdfUrl, .tagsCurated,
     .taggerVersion, taggedAt: toString(p.taggedAt), .refsStatus, .refsCount} AS extra,
  COLLECT { MATCH (p)-[r:IN_CATEGORY]->(c:Category) RETURN c.id ORDER BY r.primary DESC, c.id } AS categories,
  COLLECT {
    MATCH (a:Author)-[r:AUTHORED]->(p)
    RETURN a {.key, .name, .openreviewId} ORDER BY r.position, a.key
  } AS authors,
  ${TAGS('p')} AS tags`;

/** Every tag of a paper, curator rejections included, by kind and label. */
function TAGS(paper: 'p'): string {
  return `COLLECT {
    MATCH (${paper})-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
    WITH CASE type(r) WHEN 'IN_SUBFIELD' THEN 'subfield' ELSE 'contribution' END AS kind, t, r
    RETURN {kind: kind, label: t.slug, confidence: r.confidence, evidence: r.evidence, source: r.source,
      taggedAt: toString(r.taggedAt), curator: r.curator, reason: r.reason,
      rejected: coalesce(r.rejected, false)}
    ORDER BY kind, t.slug
  }`;
}

/** How many full papers, stubs, citations and tags the graph holds (the JSON Lines header). */
export function exportCounts(): Statement {
  return {
    text: `CALL () { MATCH (p:Paper) RETURN count(p) AS all }
CALL () { MATCH (p:Paper {stub: true}) RETURN count(p) AS stubs }
CALL () { MATCH ()-[c:CITES]->() RETURN count(c) AS citations }
CALL () { MATCH ()-[r:IN_SUBFIELD]->() RETURN count(r) AS subfieldTags }
CALL () { MATCH ()-[r:HAS_CONTRIBUTION]->() RETURN count(r) AS contributionTags }
RETURN all - stubs AS papers, stubs, citations, subfieldTags + contributionTags AS tags`,
    params: {},
  };
}

/** A page of papers (stubs included) after `after` in key order. */
export function paperPage(after: string, limit: number): Statement {
  return {
    text: `MATCH (p:Paper) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT toInteger($limit)
RETURN ${PAPER_PROJECTION}
ORDER BY key`,
    params: { after, limit },
  };
}

/** Papers by key (a search result, a chain); missing keys are left out. */
export function papersByKeys(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
RETURN ${PAPER_PROJECTION}`,
    params: { keys },
  };
}

const END = (node: string) =>
  `{key: ${node}.id, arxivId: ${node}.arxivId, doi: ${node}.doi, openreviewId: ${node}.openreviewId, ` +
  `stub: coalesce(${node}.stub, false), title: ${node}.title, year: ${node}.year}`;

/**
 * A page of citing papers after `after` in key order, each with every citation it makes (the cited end's
 * identifiers and, for a stub, its hints). A page is bounded in citing papers, not in edges.
 */
export function citationPage(after: string, limit: number): Statement {
  return {
    text: `MATCH (a:Paper) WHERE a.id > $after AND EXISTS { (a)-[:CITES]->(:Paper) }
WITH a ORDER BY a.id LIMIT toInteger($limit)
RETURN ${END('a')} AS from,
  COLLECT {
    MATCH (a)-[c:CITES]->(b:Paper)
    RETURN {to: ${END('b')}, contexts: coalesce(c.contexts, []), sources: coalesce(c.sources, []),
      addedAt: toString(c.createdAt)}
    ORDER BY b.id
  } AS cites
ORDER BY from.key`,
    params: { after, limit },
  };
}

/** The citations among the given papers. */
export function citationsAmong(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (a:Paper {id: key})-[c:CITES]->(b:Paper)
WHERE b.id IN $keys
RETURN a.id AS from, b.id AS to, coalesce(c.contexts, []) AS contexts, coalesce(c.sources, []) AS sources,
  toString(c.createdAt) AS addedAt
ORDER BY from, to`,
    params: { keys },
  };
}

/** A page of tagged papers after `after` in key order: identifiers and every tag. */
export function tagPage(after: string, limit: number): Statement {
  return {
    text: `MATCH (p:Paper) WHERE p.id > $after AND EXISTS { (p)-[:IN_SUBFIELD|HAS_CONTRIBUTION]->() }
WITH p ORDER BY p.id LIMIT toInteger($limit)
RETURN p.id AS key, p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId, ${TAGS('p')} AS tags
ORDER BY key`,
    params: { after, limit },
  };
}

/** The taxonomy labels the graph knows (tags of other labels cannot be stored). */
export function taxonomyLabels(): Statement {
  return {
    text: `MATCH (s:Subfield) RETURN 'subfield' AS kind, s.slug AS label
UNION ALL
MATCH (t:ContributionType) RETURN 'contribution' AS kind, t.slug AS label`,
    params: {},
  };
}

/** A tagger tag to store as recorded (index: its position in the import batch). */
export interface RecordedTagRow {
  readonly index: number;
  readonly key: string;
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string | null;
  /** `tagger@<version>`. */
  readonly source: string;
  readonly taggedAt: string | null;
}

const RECORDED_TAGS = (rel: string, label: string) => `UNWIND $tags AS tag
MATCH (p:Paper {id: tag.key})
MATCH (t:${label} {slug: tag.label})
CALL (p, t, tag) {
  // As the tagger does: never over a curator's relationship, never on a paper curated as a whole.
  WITH p, t, tag
  WHERE NOT coalesce(p.tagsCurated, false) AND NOT EXISTS { (p)-[:${rel} {source: 'curator'}]->(t) }
  MERGE (p)-[r:${rel}]->(t)
  SET r.confidence = tag.confidence, r.evidence = tag.evidence, r.source = tag.source,
      r.taggedAt = coalesce(datetime(tag.taggedAt), r.taggedAt, datetime($now))
  RETURN count(r) AS written
}
RETURN tag.index AS index, written > 0 AS written`;

/**
 * Tagger tags exactly as recorded (source with its version, confidence, evidence, time), with the same
 * relationship and properties the tagger writes (tag.queries.ts#writeTaggerTags). A curator's
 * relationship for the label, or a paper whose tags are curated as a whole, keeps what it has: the row
 * comes back with `written: false`. Idempotent.
 */
export function writeRecordedTags(
  kind: 'subfield' | 'contribution',
  tags: readonly RecordedTagRow[],
  now: string,
): Statement {
  return {
    text:
      kind === 'subfield'
        ? RECORDED_TAGS('IN_SUBFIELD', 'Subfield')
        : RECORDED_TAGS('HAS_CONTRIBUTION', 'ContributionType'),
    params: { tags, now },
  };
}

export interface PaperStateRow {
  readonly key: string;
  readonly taggerVersion: string | null;
  readonly taggedAt: string | null;
  readonly refsStatus: string | null;
  readonly refsCount: number | null;
}

/** A paper's tagging and reference-crawl state as recorded; absent values leave the graph's own. */
export function writePaperState(rows: readonly PaperStateRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {id: row.key})
SET p.taggerVersion = coalesce(row.taggerVersion, p.taggerVersion),
    p.taggedAt = coalesce(datetime(row.taggedAt), p.taggedAt),
    p.refsStatus = coalesce(row.refsStatus, p.refsStatus),
    p.refsCount = coalesce(row.refsCount, p.refsCount)`,
    params: { rows },
  };
}

/** Sets a citation's `createdAt` to the recorded instant when that is earlier (re-running changes nothing). */
export function stampCitations(
  rows: ReadonlyArray<{ from: string; to: string; addedAt: string }>,
): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (a:Paper {id: row.from})-[c:CITES]->(b:Paper {id: row.to})
WITH c, datetime(row.addedAt) AS at
WHERE c.createdAt IS NULL OR at < c.createdAt
SET c.createdAt = at`,
    params: { rows },
  };
}
