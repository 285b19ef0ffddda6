/**
 * Every GraphQL operation the page sends, and the shapes of their answers. Pure: strings and types only.
 * Tree sizes (`depth`, `first`) are written into the query as literals, not variables: the API's cost
 * estimate counts a variable at its largest allowed value.
 */

export interface TagBrief {
  readonly kind: 'SUBFIELD' | 'CONTRIBUTION';
  readonly label: string;
  readonly name: string;
  readonly confidence: number;
}

/** What a list, a graph node or a table row shows of a paper. */
export interface PaperBrief {
  /** The API's global node id (for `nodes(ids:)`). */
  readonly id: string;
  /** Graph key: `arxiv:1611.03530`, `doi:…`, `openreview:…`. */
  readonly key: string;
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
  readonly title: string | null;
  readonly year: number | null;
  readonly venue: string | null;
  readonly stub: boolean;
  readonly citationCount: number;
  readonly tags: readonly TagBrief[];
}

const BRIEF = `id key arxivId doi openreviewId title year venue stub citationCount
  tags { kind label name confidence }`;

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface SearchAnswer {
  readonly search: {
    readonly totalCount: number;
    readonly totalIsLowerBound: boolean;
    readonly facets: {
      readonly subfields: readonly FacetCount[];
      readonly contributionTypes: readonly FacetCount[];
      readonly years: readonly FacetCount[];
    };
    readonly edges: ReadonlyArray<{
      readonly node: PaperBrief & { readonly authors: readonly { name: string }[] };
    }>;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

export const SEARCH_PAGE_SIZE = 20;

export const SEARCH = `query Search($query: String!, $filter: SearchFilter, $after: String) {
  search(query: $query, filter: $filter, after: $after, first: ${SEARCH_PAGE_SIZE}) {
    totalCount totalIsLowerBound
    facets { subfields { value count } contributionTypes { value count } years { value count } }
    edges { node { ${BRIEF} authors { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Label {
  readonly slug: string;
  readonly name: string;
  readonly definition: string;
}

export interface TaxonomyAnswer {
  readonly subfields: readonly Label[];
  readonly contributionTypes: readonly Label[];
}

export const TAXONOMY = `query Taxonomy {
  subfields { slug name definition }
  contributionTypes { slug name definition }
}`;

export interface TagFull extends TagBrief {
  readonly evidence: string | null;
  readonly source: string;
  readonly curator: string | null;
  readonly reason: string | null;
  readonly taggedAt: string | null;
}

export interface PaperDetail extends PaperBrief {
  readonly abstract: string | null;
  readonly summary: string | null;
  readonly publishedAt: string | null;
  readonly categories: readonly string[];
  readonly referenceCount: number;
  readonly withdrawn: boolean;
  readonly authors: ReadonlyArray<{ readonly name: string }>;
  readonly tags: readonly TagFull[];
}

export interface PaperAnswer {
  readonly paper: PaperDetail | null;
}

export const PAPER = `query Paper($id: String!) {
  paper(id: $id) {
    ${BRIEF.replace('tags { kind label name confidence }', '')}
    abstract summary publishedAt categories referenceCount withdrawn
    authors { name }
    tags { kind label name confidence evidence source curator reason taggedAt }
  }
}`;

export interface TreePaper {
  readonly hops: number;
  readonly influence: number;
  readonly matchesFilter: boolean;
  readonly contexts: readonly string[];
  readonly parent: { readonly key: string };
  readonly paper: PaperBrief;
}

export interface TreeLevel {
  readonly hops: number;
  readonly candidates: number;
  readonly matching: number;
  readonly truncated: boolean;
  readonly papers: readonly TreePaper[];
}

export interface CitationTree {
  readonly root: PaperBrief;
  readonly direction: 'FOLLOW_UPS' | 'LINEAGE';
  readonly truncated: boolean;
  readonly filterScope: string;
  readonly levels: readonly TreeLevel[];
}

export type TreeAnswer = { readonly followUps: CitationTree } | { readonly lineage: CitationTree };

/** The whole tree, level by level (papers that miss the filter too: they carry chains to those that pass). */
export function treeQuery(field: 'followUps' | 'lineage', depth: number, first: number): string {
  return `query Tree($paper: String!, $filter: PaperFilter) {
  ${field}(paper: $paper, depth: ${Math.trunc(depth)}, first: ${Math.trunc(first)}, filter: $filter) {
    root { ${BRIEF} }
    direction truncated filterScope
    levels {
      hops candidates matching truncated
      papers { hops influence matchesFilter contexts parent { key } paper { ${BRIEF} } }
    }
  }
}`;
}

export interface PathEdge {
  readonly citing: { readonly key: string };
  readonly cited: { readonly key: string };
  readonly contexts: readonly string[];
}

export interface PathsAnswer {
  readonly citationPaths: {
    readonly length: number | null;
    readonly from: PaperBrief;
    readonly to: PaperBrief;
    readonly paths: ReadonlyArray<{
      readonly papers: readonly PaperBrief[];
      readonly edges: readonly PathEdge[];
    }>;
  };
}

export const PATH_COUNT = 5;

export function pathsQuery(maxLength: number): string {
  return `query Paths($from: String!, $to: String!) {
  citationPaths(from: $from, to: $to, maxLength: ${Math.trunc(maxLength)}, first: ${PATH_COUNT}) {
    length
    from { ${BRIEF} }
    to { ${BRIEF} }
    paths { papers { ${BRIEF} } edges { citing { key } cited { key } contexts } }
  }
}`;
}

/** Everything an export holds of a paper (src/exchange/model.ts ExportPaper). */
export interface PaperExportFields {
  readonly id: string;
  readonly key: string;
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
  readonly title: string | null;
  readonly year: number | null;
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly venue: string | null;
  readonly categories: readonly string[];
  readonly abstract: string | null;
  readonly summary: string | null;
  readonly stub: boolean;
  readonly withdrawn: boolean;
  readonly citationCount: number;
  readonly authors: ReadonlyArray<{
    readonly key: string;
    readonly name: string;
    readonly openreviewId: string | null;
  }>;
  readonly tags: ReadonlyArray<{
    readonly kind: 'SUBFIELD' | 'CONTRIBUTION';
    readonly label: string;
    readonly confidence: number;
    readonly evidence: string | null;
    readonly source: string;
    readonly taggedAt: string | null;
    readonly curator: string | null;
    readonly reason: string | null;
  }>;
}

const EXPORT_FIELDS = `id key arxivId doi openreviewId title year publishedAt updatedAt venue categories abstract summary
  stub withdrawn citationCount
  authors { key name openreviewId }
  tags { kind label confidence evidence source taggedAt curator reason }`;

/** Papers by global id, at most EXPORT_BATCH per request (the API counts `nodes` by its ids). */
export const EXPORT_BATCH = 50;

export interface NodesAnswer {
  readonly nodes: ReadonlyArray<PaperExportFields | null>;
}

export function exportNodesQuery(ids: readonly string[]): string {
  // The ids are written as a literal list so the cost estimate counts them, not the largest allowed list.
  return `query ExportPapers {
  nodes(ids: ${JSON.stringify(ids)}) { ... on Paper { ${EXPORT_FIELDS} } }
}`;
}

export interface SearchExportAnswer {
  readonly search: {
    readonly edges: ReadonlyArray<{ readonly node: PaperExportFields }>;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

export const SEARCH_EXPORT_PAGE = 50;
/** A search export stops after this many papers (the whole graph: the CLI). */
export const SEARCH_EXPORT_MAX = 500;

export const SEARCH_EXPORT = `query SearchExport($query: String!, $filter: SearchFilter, $after: String) {
  search(query: $query, filter: $filter, after: $after, first: ${SEARCH_EXPORT_PAGE}) {
    edges { node { ${EXPORT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A citation between two papers of a set, as `citationsAmong` returns it. */
export interface AmongEdge {
  readonly citing: { readonly key: string };
  readonly cited: { readonly key: string };
  readonly contexts: readonly string[];
  readonly addedAt: string | null;
}

export interface AmongAnswer {
  readonly citationsAmong: readonly AmongEdge[];
}

/** The most keys `citationsAmong` takes in one call (the API's MAX_AMONG). */
export const AMONG_MAX = 500;

/**
 * Every citation among a set of papers (graph keys). The keys go in a variable: written out, 500 keys
 * would pass the API's token limit; as a variable they count at the largest list allowed, which the cost
 * limit admits.
 */
export const CITATIONS_AMONG = `query CitationsAmong($papers: [String!]!) {
  citationsAmong(papers: $papers) { citing { key } cited { key } contexts addedAt }
}`;
