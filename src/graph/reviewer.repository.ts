/**
 * What reviewer finding reads from the graph, in batches: submission profiles (text, authors, labels,
 * references), candidates retrieved by full-text search and through the submission's references, the
 * candidates' papers, co-authorships and affiliation histories, and a venue's submissions.
 */
import { normalizeName } from '../domain/authors.js';
import type { Graph, Statement } from './driver.js';
import { SEARCH_INDEX } from './search.queries.js';

export interface SubmissionRow {
  readonly key: string;
  readonly title: string | null;
  readonly text: string;
  readonly year: number | null;
  readonly authors: ReadonlyArray<{ key: string; name: string }>;
  readonly labels: readonly string[];
  readonly references: readonly string[];
}

export interface CandidateRow {
  readonly key: string;
  readonly name: string;
  readonly papers: ReadonlyArray<{
    key: string;
    title: string;
    text: string;
    year: number | null;
    labels: string[];
  }>;
}

const NON_REJECTED_LABELS = `COLLECT { MATCH (p)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t) WHERE NOT coalesce(r.rejected, false) RETURN t.slug }`;

export const reviewerStatements = {
  submissions(keys: readonly string[]): Statement {
    return {
      text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
RETURN p.id AS key, p.title AS title, coalesce(p.abstract, p.summary, '') AS text, p.year AS year,
  COLLECT { MATCH (p)<-[r:AUTHORED]-(a:Author) RETURN {key: a.key, name: a.name} ORDER BY r.position } AS authors,
  ${NON_REJECTED_LABELS} AS labels,
  COLLECT { MATCH (p)-[:CITES]->(q:Paper) RETURN q.id } AS references`,
      params: { keys },
    };
  },

  /** Authors of the best full-text matches and of the papers the submission cites. */
  retrieve(
    lucene: string | null,
    references: readonly string[],
    limit: number,
    exclude: string | null,
  ): Statement {
    return {
      text: `CALL () {
  CALL db.index.fulltext.queryNodes($index, coalesce($lucene, '__nothing__'), {limit: $limit}) YIELD node
  WHERE $lucene IS NOT NULL AND node.id <> coalesce($exclude, '')
  MATCH (node)<-[:AUTHORED]-(a:Author)
  RETURN a.key AS key
  UNION
  UNWIND $references AS ref
  MATCH (:Paper {id: ref})<-[:AUTHORED]-(a:Author)
  RETURN a.key AS key
}
RETURN DISTINCT key`,
      params: { index: SEARCH_INDEX, lucene, references, limit, exclude },
    };
  },

  /** Candidates with their (non-stub) papers, newest first, at most `perAuthor` each. */
  candidates(
    keys: readonly string[],
    sinceYear: number | null,
    perAuthor: number,
    exclude: string | null,
  ): Statement {
    return {
      text: `UNWIND $keys AS key
MATCH (a:Author {key: key})
RETURN a.key AS key, a.name AS name,
  COLLECT {
    // No label on p in the pattern: with one, the planner may scan every paper through an index and test
    // each for the author's edge (seen: 15M db hits for 575 authors on 2,000 papers); AUTHORED only ever
    // points at papers, so expanding from the author is both right and cheap.
    MATCH (a)-[:AUTHORED]->(p)
    WHERE NOT coalesce(p.stub, false) AND p.id <> coalesce($exclude, '')
      AND ($sinceYear IS NULL OR p.year >= $sinceYear)
    WITH p ORDER BY coalesce(p.year, 0) DESC, p.id LIMIT toInteger($perAuthor)
    RETURN {key: p.id, title: coalesce(p.title, ''), text: coalesce(p.abstract, p.summary, ''), year: p.year,
            labels: ${NON_REJECTED_LABELS}}
  } AS papers`,
      params: { keys, sinceYear, perAuthor, exclude },
    };
  },

  /** Unlabelled p and a: expand from each candidate (see `candidates`), never scan papers or authors. */
  coauthorships(candidates: readonly string[], authors: readonly string[]): Statement {
    return {
      text: `UNWIND $candidates AS candidate
MATCH (:Author {key: candidate})-[:AUTHORED]->(p)<-[:AUTHORED]-(a)
WHERE a.key IN $authors AND a.key <> candidate
RETURN candidate, a.key AS author, p.id AS paper, p.year AS year`,
      params: { candidates, authors },
    };
  },

  affiliations(keys: readonly string[]): Statement {
    return {
      text: `UNWIND $keys AS key
MATCH (:Author {key: key})-[r:AFFILIATED]->(:Institution)
RETURN key AS author, r.domain AS domain, r.start AS start, r.end AS end`,
      params: { keys },
    };
  },

  authorsByNames(nameKeys: readonly string[]): Statement {
    return {
      text: `UNWIND $nameKeys AS nameKey
MATCH (a:Author {nameKey: nameKey})
RETURN nameKey, a.key AS key, a.name AS name`,
      params: { nameKeys },
    };
  },

  venueSubmissions(venue: string): Statement {
    return {
      text: `MATCH (v:Venue {id: $venue})
OPTIONAL MATCH (p:Paper)-[r:SUBMITTED_TO]->(v)
RETURN v.id AS venue, collect(p.id) AS keys`,
      params: { venue },
    };
  },

  /** Authors with at least `minPapers` full papers: the default reviewer pool. */
  pool(minPapers: number, limit: number): Statement {
    return {
      text: `MATCH (a:Author)
WITH a, COUNT { (a)-[:AUTHORED]->(p:Paper) WHERE NOT coalesce(p.stub, false) } AS papers
WHERE papers >= $minPapers
RETURN a.key AS key
ORDER BY papers DESC, key
LIMIT toInteger($limit)`,
      params: { minPapers, limit },
    };
  },
};

export class ReviewerRepository {
  constructor(private readonly graph: Graph) {}

  async submissions(keys: readonly string[]): Promise<SubmissionRow[]> {
    return await this.graph.read<SubmissionRow & Record<string, unknown>>(
      reviewerStatements.submissions(keys),
    );
  }

  async retrieve(
    lucene: string | null,
    references: readonly string[],
    limit: number,
    exclude: string | null,
  ) {
    const rows = await this.graph.read<{ key: string }>(
      reviewerStatements.retrieve(lucene, references, limit, exclude),
    );
    return rows.map((r) => r.key);
  }

  async candidates(
    keys: readonly string[],
    sinceYear: number | null,
    perAuthor: number,
    exclude: string | null,
  ) {
    if (!keys.length) return [];
    return await this.graph.read<CandidateRow & Record<string, unknown>>(
      reviewerStatements.candidates(keys, sinceYear, perAuthor, exclude),
    );
  }

  async coauthorships(candidates: readonly string[], authors: readonly string[]) {
    if (!candidates.length || !authors.length) return [];
    return await this.graph.read<{ candidate: string; author: string; paper: string; year: number | null }>(
      reviewerStatements.coauthorships(candidates, authors),
    );
  }

  async affiliations(keys: readonly string[]) {
    if (!keys.length) return [];
    return await this.graph.read<{
      author: string;
      domain: string;
      start: number | null;
      end: number | null;
    }>(reviewerStatements.affiliations(keys));
  }

  /** Authors in the graph for names as printed (several people may share a normalised name). */
  async authorsByNames(names: readonly string[]): Promise<Map<string, Array<{ key: string; name: string }>>> {
    const keyOf = new Map(names.map((n) => [normalizeName(n), n]));
    const rows = await this.graph.read<{ nameKey: string; key: string; name: string }>(
      reviewerStatements.authorsByNames([...keyOf.keys()]),
    );
    const out = new Map<string, Array<{ key: string; name: string }>>();
    for (const row of rows) {
      const name = keyOf.get(row.nameKey) ?? row.name;
      out.set(name, [...(out.get(name) ?? []), { key: row.key, name: row.name }]);
    }
    return out;
  }

  /** The venue's submissions, or undefined when the graph has no such venue. */
  async venueSubmissions(venue: string): Promise<string[] | undefined> {
    const [row] = await this.graph.read<{ venue: string; keys: string[] }>(
      reviewerStatements.venueSubmissions(venue),
    );
    return row ? row.keys : undefined;
  }

  async pool(minPapers: number, limit: number): Promise<string[]> {
    const rows = await this.graph.read<{ key: string }>(reviewerStatements.pool(minPapers, limit));
    return rows.map((r) => r.key);
  }
}
