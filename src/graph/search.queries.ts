/**
 * Full-text search as pure builders over the `paper_search` index (title, abstract, summary). User text
 * never reaches Lucene's query syntax: `toLuceneQuery` escapes every term and joins them with AND (quoted
 * phrases stay phrases). The index is asked for at most MAX_SEARCH_HITS hits (as a procedure option, so
 * Lucene stops early); pages and facets are computed over those hits after the filters.
 */
import { FILTER_PREDICATE, type PaperFilterParams } from './citation.queries.js';
import type { Statement } from './driver.js';

export const SEARCH_INDEX = 'paper_search';

/** Hits read from the index per query; totals and facets beyond it are lower bounds. */
export const MAX_SEARCH_HITS = 5000;

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** Escapes one term for Lucene's classic query parser. */
export function escapeLuceneTerm(term: string): string {
  return term.replace(LUCENE_SPECIAL, (ch) => `\\${ch}`);
}

/**
 * User text → a Lucene query: every term required, special characters escaped, `"quoted phrases"` kept
 * as phrases, operator words (AND, OR, NOT, TO) treated as plain words. Undefined when nothing is left.
 */
export function toLuceneQuery(text: string): string | undefined {
  const parts: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (const match of text.slice(0, 1000).matchAll(pattern)) {
    const phrase = match[1];
    if (phrase !== undefined) {
      const words = phrase
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => escapeLuceneTerm(w.toLowerCase()));
      if (words.length) parts.push(`"${words.join(' ')}"`);
      continue;
    }
    const term = (match[2] ?? '').toLowerCase();
    if (term.replace(LUCENE_SPECIAL, '').length === 0) continue;
    parts.push(escapeLuceneTerm(term));
  }
  return parts.length ? parts.slice(0, 32).join(' AND ') : undefined;
}

export interface SearchParams extends PaperFilterParams {
  readonly lucene: string;
  readonly venue: string | null;
  readonly category: string | null;
  /** Blend relevance with citations within the graph. */
  readonly blend: boolean;
}

const HIT_FILTER = `NOT coalesce(p.stub, false)
  AND ($search.venue IS NULL OR p.venue = $search.venue
       OR EXISTS { MATCH (p)-[:SUBMITTED_TO]->(:Venue {id: $search.venue}) })
  AND ($search.category IS NULL OR EXISTS { MATCH (p)-[:IN_CATEGORY]->(:Category {id: $search.category}) })
  AND ${FILTER_PREDICATE}`;

const HITS = `CALL db.index.fulltext.queryNodes($index, $search.lucene, {limit: $maxHits})
YIELD node AS p, score
WHERE ${HIT_FILTER}`;

/** A search in relevance order with no filter (CLI selections, benchmarks). */
export function relevanceSearch(lucene: string): SearchParams {
  return {
    lucene,
    venue: null,
    category: null,
    blend: false,
    subfields: null,
    contributionTypes: null,
    yearFrom: null,
    yearTo: null,
  };
}

/** Keyset position in a result list: (rank, key), ordered rank DESC, key ASC. */
export type SearchCursor = readonly [number, string];

/** One page of hits, best first (citations are read only when the order blends them in). */
export function searchPage(search: SearchParams, after: SearchCursor | null, limit: number): Statement {
  return {
    text: `${HITS}
WITH p, score, CASE WHEN $search.blend THEN score * (1 + log(1 + COUNT { (p)<-[:CITES]-() }) / 4) ELSE score END AS rank
WHERE $after IS NULL OR rank < $after[0] OR (rank = $after[0] AND p.id > $after[1])
RETURN p.id AS key, rank, score
ORDER BY rank DESC, key
LIMIT toInteger($limit)`,
    params: { ...common(search), after: after ? [...after] : null, limit },
  };
}

/**
 * The first page in relevance order from only the best `hitLimit` index hits: Lucene stops early instead of
 * scoring and returning up to MAX_SEARCH_HITS (a frequent word at 1M papers: 33 → ms). It is the exact first
 * page when the page is full and every paper scoring as high as its last row was among the hits — fewer
 * hits than asked (`fetched < hitLimit`), or the lowest hit scoring below the last row (`floor`); the
 * repository checks, and otherwise runs `searchPage`.
 */
export function firstSearchPage(search: SearchParams, limit: number, hitLimit: number): Statement {
  return {
    text: `CALL db.index.fulltext.queryNodes($index, $search.lucene, {limit: $hitLimit}) YIELD node, score
WITH collect({p: node, score: score}) AS hits
WITH hits, size(hits) AS fetched, reduce(low = null, h IN hits | CASE WHEN low IS NULL OR h.score < low THEN h.score ELSE low END) AS floor
UNWIND hits AS hit
WITH hit.p AS p, hit.score AS score, fetched, floor
WHERE ${HIT_FILTER}
RETURN p.id AS key, score AS rank, score, fetched, floor
ORDER BY rank DESC, key
LIMIT toInteger($limit)`,
    params: { ...common(search), limit, hitLimit },
  };
}

/**
 * The total and the facets (papers per subfield, contribution type and year) of the whole result set, and
 * how many hits the index gave before filters (when that reaches MAX_SEARCH_HITS, the totals are lower bounds).
 * The index is asked once: the hits are counted, then filtered, from the same call.
 */
export function searchFacets(search: SearchParams): Statement {
  return {
    text: `CALL db.index.fulltext.queryNodes($index, $search.lucene, {limit: $maxHits}) YIELD node
WITH collect(node) AS nodes
CALL (nodes) {
  UNWIND nodes AS p
  WITH p WHERE ${HIT_FILTER.replaceAll('\n', '\n  ')}
  RETURN collect(p) AS ps
}
WITH size(nodes) AS hits, ps
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:IN_SUBFIELD]->(s:Subfield) WHERE NOT coalesce(r.rejected, false)
  WITH s.slug AS value, count(DISTINCT p) AS papers ORDER BY papers DESC, value
  RETURN collect({value: value, count: papers}) AS subfields
}
CALL (ps) {
  UNWIND ps AS p
  MATCH (p)-[r:HAS_CONTRIBUTION]->(t:ContributionType) WHERE NOT coalesce(r.rejected, false)
  WITH t.slug AS value, count(DISTINCT p) AS papers ORDER BY papers DESC, value
  RETURN collect({value: value, count: papers}) AS contributionTypes
}
CALL (ps) {
  UNWIND ps AS p
  WITH p.year AS year, count(*) AS papers WHERE year IS NOT NULL
  ORDER BY year
  RETURN collect({value: toString(toInteger(year)), count: papers}) AS years
}
RETURN hits, size(ps) AS total, subfields, contributionTypes, years`,
    params: common(search),
  };
}

function common(search: SearchParams) {
  const filter: PaperFilterParams = {
    subfields: search.subfields,
    contributionTypes: search.contributionTypes,
    yearFrom: search.yearFrom,
    yearTo: search.yearTo,
  };
  return { index: SEARCH_INDEX, maxHits: MAX_SEARCH_HITS, search, filter };
}

const ANY_STOP = new Set(
  'the and for with from that this these those are was were been into over under than then also such can may not our their its via using use based show shows find finds new study paper results'.split(
    ' ',
  ),
);

/**
 * Text → a Lucene query matching ANY of its distinct content words (escaped, at most `maxTerms`), for
 * "papers like this one" retrieval; Lucene's BM25 ranks the papers sharing the most and rarest words first.
 */
export function toLuceneAnyQuery(text: string, maxTerms = 40): string | undefined {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const match of text
    .toLowerCase()
    .slice(0, 20_000)
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (word.length < 3 || ANY_STOP.has(word) || seen.has(word)) continue;
    seen.add(word);
    words.push(escapeLuceneTerm(word));
    if (words.length >= maxTerms) break;
  }
  return words.length ? words.join(' OR ') : undefined;
}
