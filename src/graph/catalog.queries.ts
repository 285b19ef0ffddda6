/**
 * Read statements behind the API's objects (papers, authors, tags, submissions, taxonomy figures), as
 * pure builders. Every one takes a batch of keys, so per-request loaders resolve a whole list with one
 * query. Rejected curator tags are never returned. Patterns that start at one author leave the paper
 * unlabelled (AUTHORED only points at papers): with a label, the planner may scan every paper instead of
 * expanding from the author (see reviewer.repository.ts).
 */
import type { Statement } from './driver.js';

/** Papers by internal key, with the figures the API shows next to them. */
export function papersByKeys(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
RETURN ${PAPER_VIEW}`,
    params: { keys },
  };
}

/** What the API shows of a paper (PaperView), from `p`. */
const PAPER_VIEW = `p.id AS key, p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId, p.title AS title,
  p.abstract AS abstract, p.summary AS summary, p.year AS year, p.publishedAt AS publishedAt,
  p.updatedAt AS updatedAt, coalesce(p.stub, false) AS stub, p.venue AS venue,
  coalesce(p.withdrawn, false) AS withdrawn,
  COUNT { (p)<-[:CITES]-() } AS citationCount, COUNT { (p)-[:CITES]->() } AS referenceCount,
  COLLECT { MATCH (p)-[r:IN_CATEGORY]->(c:Category) RETURN c.id ORDER BY r.primary DESC, c.id } AS categories`;

/** PaperView as a map of the paper in `v` (citation pages return their papers' fields with the page). */
export function paperViewMap(v: 'x'): string {
  return `{key: ${v}.id, arxivId: ${v}.arxivId, doi: ${v}.doi, openreviewId: ${v}.openreviewId, title: ${v}.title,
  abstract: ${v}.abstract, summary: ${v}.summary, year: ${v}.year, publishedAt: ${v}.publishedAt,
  updatedAt: ${v}.updatedAt, stub: coalesce(${v}.stub, false), venue: ${v}.venue,
  withdrawn: coalesce(${v}.withdrawn, false),
  citationCount: COUNT { (${v})<-[:CITES]-() }, referenceCount: COUNT { (${v})-[:CITES]->() },
  categories: COLLECT {
    MATCH (${v})-[viewIn:IN_CATEGORY]->(viewCategory:Category)
    RETURN viewCategory.id ORDER BY viewIn.primary DESC, viewCategory.id
  }}`;
}

const BY_IDENTIFIER = {
  arxivId: 'MATCH (p:Paper {arxivId: $value})',
  doi: 'MATCH (p:Paper {doi: $value})',
  openreviewId: 'MATCH (p:Paper {openreviewId: $value})',
} as const;

/** The paper holding one identifier (a unique-constraint look-up), as PaperView: one query for `paper(id)`. */
export function paperByIdentifier(kind: keyof typeof BY_IDENTIFIER, value: string): Statement {
  return { text: `${BY_IDENTIFIER[kind]}\nRETURN ${PAPER_VIEW}`, params: { value } };
}

/** The byline of each paper, in order. */
export function authorsOfPapers(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})<-[r:AUTHORED]-(a:Author)
RETURN key AS paper, a.key AS key, a.name AS name, a.openreviewId AS openreviewId, r.position AS position,
  COUNT { (a)-[:AUTHORED]->() } AS paperCount
ORDER BY paper, position`,
    params: { keys },
  };
}

/** Tags of each paper (curator rejections left out), subfields and contribution types. */
export function tagsOfPapers(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
WHERE NOT coalesce(r.rejected, false)
RETURN key AS paper, CASE type(r) WHEN 'IN_SUBFIELD' THEN 'SUBFIELD' ELSE 'CONTRIBUTION' END AS kind,
  t.slug AS label, r.confidence AS confidence, r.evidence AS evidence, r.source AS source,
  toString(r.taggedAt) AS taggedAt, r.curator AS curator, r.reason AS reason
ORDER BY paper, kind, confidence DESC, label`,
    params: { keys },
  };
}

/** Where each paper was submitted, with the decision. */
export function submissionsOfPapers(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})-[r:SUBMITTED_TO]->(v:Venue)
RETURN key AS paper, v.id AS venue, v.name AS venueName, r.state AS state, r.decision AS decision
ORDER BY paper, venue`,
    params: { keys },
  };
}

/** Venues by id, with how many papers were submitted and accepted. */
export function venuesByIds(ids: readonly string[]): Statement {
  return {
    text: `UNWIND $ids AS id
MATCH (v:Venue {id: id})
RETURN v.id AS id, v.name AS name, COUNT { (v)<-[:SUBMITTED_TO]-() } AS submissionCount,
  COUNT { (v)<-[r:SUBMITTED_TO]-() WHERE r.state = 'accepted' } AS acceptedCount`,
    params: { ids },
  };
}

/** Authors by key, with their paper counts. */
export function authorsByKeys(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (a:Author {key: key})
RETURN a.key AS key, a.name AS name, a.openreviewId AS openreviewId, COUNT { (a)-[:AUTHORED]->() } AS paperCount`,
    params: { keys },
  };
}

/** A page of an author's papers, newest first, after a (year, key) cursor. */
export function papersOfAuthor(
  author: string,
  after: readonly [number, string] | null,
  limit: number,
): Statement {
  return {
    text: `MATCH (:Author {key: $author})-[:AUTHORED]->(p)
WITH p, coalesce(p.year, 0) AS year
WHERE $afterYear IS NULL OR year < $afterYear OR (year = $afterYear AND p.id > $afterKey)
RETURN p.id AS key, year
ORDER BY year DESC, key
LIMIT toInteger($limit)`,
    params: { author, afterYear: after?.[0] ?? null, afterKey: after?.[1] ?? null, limit },
  };
}

/** An author's most frequent co-authors. */
export function coauthorsOf(author: string, limit: number): Statement {
  return {
    text: `MATCH (:Author {key: $author})-[:AUTHORED]->(p)<-[:AUTHORED]-(c)
WHERE c.key <> $author
RETURN c.key AS key, count(DISTINCT p) AS sharedPapers
ORDER BY sharedPapers DESC, key
LIMIT toInteger($limit)`,
    params: { author, limit },
  };
}

/** How an author's papers spread over the subfields. */
export function subfieldProfileOf(author: string): Statement {
  return {
    text: `MATCH (:Author {key: $author})-[:AUTHORED]->(p)-[r:IN_SUBFIELD]->(s:Subfield)
WHERE NOT coalesce(r.rejected, false)
RETURN s.slug AS label, count(DISTINCT p) AS papers
ORDER BY papers DESC, label`,
    params: { author },
  };
}

/** Every taxonomy node with its paper count and papers per year (tags not rejected by a curator). */
export function taxonomyFigures(kind: 'subfield' | 'contribution'): Statement {
  const [label, rel] =
    kind === 'subfield' ? ['Subfield', 'IN_SUBFIELD'] : ['ContributionType', 'HAS_CONTRIBUTION'];
  return {
    text: `MATCH (t:${label})
CALL (t) {
  OPTIONAL MATCH (t)<-[r:${rel}]-(p:Paper)
  WHERE NOT coalesce(r.rejected, false)
  WITH p.year AS year, count(p) AS papers
  ORDER BY year
  RETURN sum(papers) AS paperCount, collect(CASE WHEN year IS NULL OR papers = 0 THEN null ELSE {year: year, papers: papers} END) AS trend
}
RETURN t.slug AS slug, t.name AS name, t.definition AS definition, paperCount, trend
ORDER BY slug`,
    params: {},
  };
}
