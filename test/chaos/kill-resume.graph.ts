/**
 * What the kill-and-resume test compares and counts in the graph, for a set of papers named by arXiv id:
 * a fingerprint (each paper's properties, and every relationship touching it — byline with positions,
 * categories, citations with contexts and sources, tags with source, confidence and evidence — with the
 * node at its other end and the relationship's properties, the authors' own properties; the clock
 * stamps of writes left out), and the integrity figures: papers lost, papers duplicated, authors
 * duplicated, duplicate relationships between the same two nodes.
 */
import type { Graph } from '../../src/graph/driver.js';

/** Write-time clock stamps: they differ between any two runs, so they are not part of the fingerprint. */
const CLOCK_KEYS = ['createdAt', 'taggedAt', 'addedAt'];

type Props = Record<string, unknown>;

export interface PaperPrint {
  readonly id: string;
  readonly props: Props;
  /** Every relationship touching the paper, with the key of the node at its other end. */
  readonly rels: ReadonlyArray<{
    direction: string;
    type: string;
    labels: string[];
    other: string;
    props: Props;
  }>;
  readonly authors: readonly Props[];
}

const withoutClock = (props: Props): Props =>
  Object.fromEntries(Object.entries(props).filter(([key]) => !CLOCK_KEYS.includes(key)));

/** The fingerprint of the given papers, in id order (properties as maps: their order does not matter). */
export async function fingerprint(graph: Graph, arxivIds: readonly string[]): Promise<PaperPrint[]> {
  const rows = await graph.read<PaperPrint & Record<string, unknown>>({
    text: `UNWIND $ids AS id
MATCH (p:Paper {arxivId: id})
RETURN id, properties(p) AS props,
  COLLECT {
    MATCH (p)-[r]-(x)
    WITH r, x, CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
         coalesce(x.id, x.key, x.slug, x.name) AS other
    RETURN {direction: direction, type: type(r), labels: labels(x), other: other, props: properties(r)} AS rel
    ORDER BY direction, type(r), other
  } AS rels,
  COLLECT { MATCH (a:Author)-[:AUTHORED]->(p) RETURN properties(a) AS author ORDER BY a.key } AS authors
ORDER BY id`,
    params: { ids: arxivIds },
  });
  return rows.map((row) => ({
    id: row.id,
    props: withoutClock(row.props),
    rels: row.rels.map((rel) => ({ ...rel, props: withoutClock(rel.props) })),
    authors: row.authors.map(withoutClock),
  }));
}

export interface Integrity {
  /** Ids with no full paper in the graph. */
  readonly lost: readonly string[];
  /** Ids held by more than one Paper node. */
  readonly duplicatedPapers: number;
  /** Author keys held by more than one Author node (among the authors of these papers). */
  readonly duplicatedAuthors: number;
  /** (start, end, type) triples with more than one relationship, around these papers. */
  readonly duplicatedRelationships: number;
  readonly papers: number;
  readonly authors: number;
  readonly authored: number;
  readonly tags: number;
  readonly citations: number;
}

export async function integrity(graph: Graph, arxivIds: readonly string[]): Promise<Integrity> {
  const [row] = await graph.read<Integrity & Record<string, unknown>>({
    text: `CALL () {
  UNWIND $ids AS id
  OPTIONAL MATCH (p:Paper {arxivId: id}) WHERE NOT coalesce(p.stub, false)
  WITH id, count(p) AS n
  RETURN [x IN collect(CASE WHEN n = 0 THEN id END) WHERE x IS NOT NULL] AS lost,
         size([x IN collect(n) WHERE x > 1]) AS duplicatedPapers
}
CALL () {
  UNWIND $ids AS id
  MATCH (p:Paper {arxivId: id})
  RETURN count(p) AS papers
}
CALL () {
  UNWIND $ids AS id
  MATCH (:Paper {arxivId: id})<-[:AUTHORED]-(a:Author)
  WITH DISTINCT a.key AS key
  MATCH (b:Author {key: key})
  WITH key, count(b) AS n
  RETURN count(key) AS authors, count(CASE WHEN n > 1 THEN 1 END) AS duplicatedAuthors
}
CALL () {
  UNWIND $ids AS id
  MATCH (p:Paper {arxivId: id})-[r]-(x)
  WITH DISTINCT r
  WITH startNode(r) AS s, endNode(r) AS e, type(r) AS t, count(r) AS n
  RETURN count(CASE WHEN n > 1 THEN 1 END) AS duplicatedRelationships,
         sum(CASE t WHEN 'AUTHORED' THEN n ELSE 0 END) AS authored,
         sum(CASE WHEN t IN ['IN_SUBFIELD', 'HAS_CONTRIBUTION'] THEN n ELSE 0 END) AS tags,
         sum(CASE t WHEN 'CITES' THEN n ELSE 0 END) AS citations
}
RETURN lost, duplicatedPapers, papers, authors, duplicatedAuthors, duplicatedRelationships, authored, tags, citations`,
    params: { ids: arxivIds },
  });
  if (!row) throw new Error('integrity query returned nothing');
  return row;
}
