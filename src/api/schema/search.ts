/**
 * `search(query, filter)`: full-text search over titles, abstracts and summaries, with filters, relevance
 * order (optionally blended with citations), keyset pages and facets over the whole result set.
 */
import { createHash } from 'node:crypto';
import { MAX_SEARCH_HITS, type SearchParams, toLuceneQuery } from '../../graph/search.repository.js';
import { builder } from '../builder.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badInput } from '../errors.js';
import { forwardPage, toConnection } from '../paging.js';
import { PaperFilterInput, toFilterParams } from './filter.js';
import { PaperRef } from './refs.js';

const SearchOrderEnum = builder.enumType('SearchOrder', {
  values: {
    RELEVANCE: { description: 'Lucene relevance of the words in title, abstract and summary.' },
    RELEVANCE_AND_CITATIONS: { description: 'Relevance × (1 + ln(1 + citations within the graph) / 4).' },
  } as const,
});

const SearchFilterInput = builder.inputType('SearchFilter', {
  description: 'Filters on the results; every field optional.',
  fields: (t) => ({
    papers: t.field({
      type: PaperFilterInput,
      required: false,
      description: 'Subfields, contribution types, years.',
    }),
    venue: t.string({
      required: false,
      description: 'A venue id (`ICLR.cc/2024/Conference`) or display name (`ICLR 2017`).',
    }),
    category: t.string({ required: false, description: 'An arXiv category, e.g. `cs.LG`.' }),
  }),
});

interface FacetCount {
  readonly value: string;
  readonly count: number;
}

const FacetCountRef = builder.objectRef<FacetCount>('FacetCount').implement({
  fields: (t) => ({ value: t.exposeString('value'), count: t.exposeInt('count') }),
});

interface Facets {
  readonly subfields: readonly FacetCount[];
  readonly contributionTypes: readonly FacetCount[];
  readonly years: readonly FacetCount[];
}

const FacetsRef = builder.objectRef<Facets>('SearchFacets').implement({
  description: 'Papers per value over the whole result set (not just this page).',
  fields: (t) => ({
    subfields: t.field({ type: [FacetCountRef], resolve: (f) => [...f.subfields] }),
    contributionTypes: t.field({ type: [FacetCountRef], resolve: (f) => [...f.contributionTypes] }),
    years: t.field({ type: [FacetCountRef], resolve: (f) => [...f.years] }),
  }),
});

const SearchConnection = builder.connectionObject(
  { type: PaperRef, name: 'SearchConnection' },
  {
    name: 'SearchEdge',
    fields: (t) => ({
      score: t.float({
        description: 'The order key: relevance, or relevance blended with citations.',
        resolve: (edge) => (edge as unknown as { score: number }).score,
      }),
    }),
  },
);

builder.objectFields(SearchConnection, (t) => ({
  totalCount: t.int({
    description: `Papers matching, after filters (counted over at most ${MAX_SEARCH_HITS} index hits).`,
    resolve: async (connection) => (await (connection as unknown as SearchResult).facets()).total,
  }),
  totalIsLowerBound: t.boolean({
    description: `True when the index returned its cap of ${MAX_SEARCH_HITS} hits: there may be more.`,
    resolve: async (connection) =>
      (await (connection as unknown as SearchResult).facets()).hits >= MAX_SEARCH_HITS,
  }),
  facets: t.field({
    type: FacetsRef,
    resolve: async (connection) => await (connection as unknown as SearchResult).facets(),
  }),
}));

interface SearchResult {
  /** Runs the facet query on first use only (a page without facets costs one query). */
  readonly facets: () => Promise<Facets & { total: number; hits: number }>;
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Full-text search over titles, abstracts and summaries. Every word must occur (any order); "quoted phrases" ' +
      'must occur as written; Lucene syntax is not interpreted. Facets count the whole result set.',
    args: {
      query: t.arg.string({ required: true }),
      filter: t.arg({ type: SearchFilterInput, required: false }),
      order: t.arg({ type: SearchOrderEnum, required: false, defaultValue: 'RELEVANCE' }),
      ...t.arg.connectionArgs(),
    },
    resolve: (async (_root: unknown, args: Record<string, unknown>, ctx: import('../context.js').Context) => {
      const { first, after } = forwardPage(args);
      const lucene = toLuceneQuery(String(args.query ?? ''));
      if (!lucene) throw badInput('`query` needs at least one word.', 'query');
      const filter = args.filter as {
        papers?: unknown;
        venue?: string | null;
        category?: string | null;
      } | null;
      const search: SearchParams = {
        ...toFilterParams(ctx, filter?.papers as never),
        lucene,
        venue: filter?.venue?.slice(0, 300) ?? null,
        category: filter?.category?.slice(0, 100) ?? null,
        blend: args.order === 'RELEVANCE_AND_CITATIONS',
      };
      // The cursor names the query, filter and order it belongs to: another search's cursor is refused.
      const list = `search:${createHash('sha256')
        .update(JSON.stringify([search, args.order]))
        .digest('base64url')
        .slice(0, 12)}`;
      const position = after ? (decodeCursor(list, after, ['n', 's']) as [number, string]) : null;
      const rows = await ctx.search.page(search, position, first + 1);
      let facets: Promise<Facets & { total: number; hits: number }> | undefined;
      return {
        ...toConnection(
          rows,
          first,
          (row) => encodeCursor(list, [row.rank, row.key]),
          (row) => ({ node: row.key, score: row.rank }),
        ),
        facets: () => {
          facets ??= ctx.search.facets(search);
          return facets;
        },
      };
    }) as never,
  }),
);
