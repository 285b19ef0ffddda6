/** Full-text search with filters, keyset pages and facets over the whole (capped) result set. */
import type { Graph } from './driver.js';
import * as q from './search.queries.js';

export type { SearchCursor, SearchParams } from './search.queries.js';
export { MAX_SEARCH_HITS, relevanceSearch, toLuceneQuery } from './search.queries.js';

export interface SearchHit {
  readonly key: string;
  /** The order key: Lucene's score, or the score blended with citations. */
  readonly rank: number;
  readonly score: number;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface SearchFacets {
  /** Index hits before filters (at most MAX_SEARCH_HITS). */
  readonly hits: number;
  readonly total: number;
  readonly subfields: readonly FacetCount[];
  readonly contributionTypes: readonly FacetCount[];
  readonly years: readonly FacetCount[];
}

export class SearchRepository {
  constructor(private readonly graph: Graph) {}

  async page(search: q.SearchParams, after: q.SearchCursor | null, limit: number): Promise<SearchHit[]> {
    if (!after && !search.blend) {
      // The first page in relevance order from the best hits only, when that is provably the same page.
      const hitLimit = Math.min(limit * 2 + 40, q.MAX_SEARCH_HITS);
      const rows = await this.graph.read<SearchHit & { fetched: number; floor: number | null }>(
        q.firstSearchPage(search, limit, hitLimit),
      );
      const last = rows[rows.length - 1];
      if (last) {
        // Every hit was fetched, or every paper scoring as high as the last row was.
        const complete = last.fetched < hitLimit;
        const exact = complete || (rows.length === limit && last.floor !== null && last.floor < last.score);
        if (exact) return rows.map(({ key, rank, score }) => ({ key, rank, score }));
      }
    }
    return await this.graph.read<SearchHit & Record<string, unknown>>(q.searchPage(search, after, limit));
  }

  async facets(search: q.SearchParams): Promise<SearchFacets> {
    const [row] = await this.graph.read<SearchFacets & Record<string, unknown>>(q.searchFacets(search));
    return row ?? { hits: 0, total: 0, subfields: [], contributionTypes: [], years: [] };
  }
}
