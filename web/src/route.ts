/**
 * The page's state lives in the URL hash, so every view is linkable and the back button works:
 *
 *   #/search?q=grokking&sf=TRAINING_DYNAMICS&ct=FALSIFICATION&from=2018&to=2022&after=<cursor>
 *   #/paper/1611.03530?view=followups&depth=2&first=10&ct=FALSIFICATION
 *   #/path/1611.03530/2302.07011?max=4
 *
 * Pure (no DOM): parseRoute(hash) and formatRoute(route) are inverse on every route they produce.
 */

/** Subfield, contribution-type and year filters, as the API's PaperFilter takes them. */
export interface Filters {
  readonly subfields: readonly string[];
  readonly contributionTypes: readonly string[];
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
}

export const NO_FILTERS: Filters = { subfields: [], contributionTypes: [], yearFrom: null, yearTo: null };

export type ChainView = 'followups' | 'lineage';

export interface SearchRoute extends Filters {
  readonly view: 'search';
  readonly query: string;
  /** The cursor the page starts after (null: the first page). */
  readonly after: string | null;
}

export interface PaperRoute extends Filters {
  readonly view: 'paper';
  /** arXiv id, DOI or OpenReview id, as the API's `paper(id:)` takes it. */
  readonly id: string;
  readonly chain: ChainView;
  /** Hops, 1–4. */
  readonly depth: number;
  /** Papers per hop, 1–50. */
  readonly first: number;
}

export interface PathRoute {
  readonly view: 'path';
  readonly from: string;
  readonly to: string;
  /** Citations at most, 1–6. */
  readonly maxLength: number;
}

export type Route = SearchRoute | PaperRoute | PathRoute;

export const DEFAULT_DEPTH = 2;
export const DEFAULT_FIRST = 10;
export const DEFAULT_MAX_LENGTH = 4;
export const MAX_DEPTH = 4;
export const MAX_PER_HOP = 50;
export const MAX_PATH_LENGTH = 6;

export const HOME: SearchRoute = { view: 'search', query: '', after: null, ...NO_FILTERS };

function intIn(raw: string | null, min: number, max: number, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const value = Number(raw);
  return value >= min && value <= max ? value : fallback;
}

function year(raw: string | null): number | null {
  return raw !== null && /^\d{4}$/.test(raw) ? Number(raw) : null;
}

/** Upper-case taxonomy slugs, comma separated; anything else is dropped. */
function slugs(raw: string | null): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').filter((s) => /^[A-Z][A-Z0-9_]*$/.test(s)))];
}

function filtersOf(params: URLSearchParams): Filters {
  return {
    subfields: slugs(params.get('sf')),
    contributionTypes: slugs(params.get('ct')),
    yearFrom: year(params.get('from')),
    yearTo: year(params.get('to')),
  };
}

function decode(segment: string | undefined): string {
  if (segment === undefined) return '';
  try {
    return decodeURIComponent(segment).trim();
  } catch {
    return '';
  }
}

/** Reads a location hash (`#/paper/…`, with or without the `#`); anything unknown is the search page. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = splitOnce(text, '?');
  const params = new URLSearchParams(queryPart);
  const segments = pathPart.split('/').filter((s) => s !== '');
  const [head, ...rest] = segments;
  if (head === 'paper' && rest.length > 0) {
    // An identifier may hold slashes (hep-th/9901001, DOIs): everything after `paper/` is the id.
    const id = decode(rest.join('/'));
    if (id) {
      return {
        view: 'paper',
        id,
        chain: params.get('view') === 'lineage' ? 'lineage' : 'followups',
        depth: intIn(params.get('depth'), 1, MAX_DEPTH, DEFAULT_DEPTH),
        first: intIn(params.get('first'), 1, MAX_PER_HOP, DEFAULT_FIRST),
        ...filtersOf(params),
      };
    }
  }
  if (head === 'path') {
    // Both ids are URI-encoded, so their own slashes arrive as %2F and split cleanly here.
    return {
      view: 'path',
      from: decode(rest[0]),
      to: decode(rest[1]),
      maxLength: intIn(params.get('max'), 1, MAX_PATH_LENGTH, DEFAULT_MAX_LENGTH),
    };
  }
  return {
    view: 'search',
    query: (params.get('q') ?? '').trim(),
    after: params.get('after'),
    ...filtersOf(params),
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function setFilters(params: URLSearchParams, filters: Filters): void {
  if (filters.subfields.length > 0) params.set('sf', filters.subfields.join(','));
  if (filters.contributionTypes.length > 0) params.set('ct', filters.contributionTypes.join(','));
  if (filters.yearFrom !== null) params.set('from', String(filters.yearFrom));
  if (filters.yearTo !== null) params.set('to', String(filters.yearTo));
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The hash of a route, `#` included; defaults are left out so links stay short. */
export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  switch (route.view) {
    case 'search': {
      if (route.query) params.set('q', route.query);
      setFilters(params, route);
      if (route.after) params.set('after', route.after);
      return `#${withQuery('/search', params)}`;
    }
    case 'paper': {
      params.set('view', route.chain);
      if (route.depth !== DEFAULT_DEPTH) params.set('depth', String(route.depth));
      if (route.first !== DEFAULT_FIRST) params.set('first', String(route.first));
      setFilters(params, route);
      return `#${withQuery(`/paper/${encodeURIComponent(route.id)}`, params)}`;
    }
    case 'path': {
      if (route.maxLength !== DEFAULT_MAX_LENGTH) params.set('max', String(route.maxLength));
      return `#${withQuery(`/path/${encodeURIComponent(route.from)}/${encodeURIComponent(route.to)}`, params)}`;
    }
  }
}

/** The page of a paper, with the chain settings of `base` (a paper route) kept, filters included. */
export function paperRoute(id: string, base?: Partial<Omit<PaperRoute, 'view' | 'id'>>): PaperRoute {
  return {
    view: 'paper',
    id,
    chain: base?.chain ?? 'followups',
    depth: base?.depth ?? DEFAULT_DEPTH,
    first: base?.first ?? DEFAULT_FIRST,
    subfields: base?.subfields ?? [],
    contributionTypes: base?.contributionTypes ?? [],
    yearFrom: base?.yearFrom ?? null,
    yearTo: base?.yearTo ?? null,
  };
}

/** The API's PaperFilter for these filters, or null when none is set. */
export function toPaperFilter(filters: Filters): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (filters.subfields.length > 0) filter.subfields = [...filters.subfields];
  if (filters.contributionTypes.length > 0) filter.contributionTypes = [...filters.contributionTypes];
  if (filters.yearFrom !== null) filter.yearFrom = filters.yearFrom;
  if (filters.yearTo !== null) filter.yearTo = filters.yearTo;
  return Object.keys(filter).length > 0 ? filter : null;
}
