/**
 * Builds requests for the arXiv search API (`export.arxiv.org/api/query`, Atom 1.0). Pure: options in, URL
 * search parameters out; nothing is fetched. Every option is checked, and a bad one throws an Error that
 * names it, so a typo never turns into a silently different (or silently empty) query.
 *
 * Query language (arXiv API user manual §5.1): field prefixes (`cat:`, `ti:`, `abs:`, `all:`), the upper
 * case operators `AND` / `OR`, parentheses, phrases in double quotes, and
 * `submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]` (GMT, to the minute; both ends must be concrete: a `*`
 * end point is answered with a server error).
 */
import { parseArxivId } from '../../../src/domain/identifiers.js';

/** The endpoint; `http://` redirects to it. */
export const ARXIV_API_URL = 'https://export.arxiv.org/api/query';
/** The API returns at most this many entries per call. */
export const ARXIV_MAX_RESULTS_PER_CALL = 2000;

export const ARXIV_SORT_BY = ['relevance', 'lastUpdatedDate', 'submittedDate'] as const;
export const ARXIV_SORT_ORDER = ['ascending', 'descending'] as const;
export type ArxivSortBy = (typeof ARXIV_SORT_BY)[number];
export type ArxivSortOrder = (typeof ARXIV_SORT_ORDER)[number];

/** A JS Date (its UTC minute is used) or a calendar day `YYYY-MM-DD` (GMT). */
export type ArxivDateInput = Date | string;

/**
 * Submission-date window, both ends inclusive. A day string as `from` means the start of that day
 * (00:00 GMT), as `to` the end of that day (23:59 GMT). `submittedDate` is the time of v1, not the
 * announcement day.
 */
export interface ArxivDateRange {
  readonly from: ArxivDateInput;
  readonly to: ArxivDateInput;
}

/** One term or phrase (`'transformer'`, `'neural tangent kernel'`), or several, all required (AND). */
export type ArxivTerms = string | readonly string[];

export interface ArxivQueryOptions {
  /** arXiv categories (`cs.LG`, `stat.ML`); a paper matches if it is in any of them (primary or cross-list). */
  readonly categories?: readonly string[];
  /** Terms that must occur in the title (`ti:`). */
  readonly title?: ArxivTerms;
  /** Terms that must occur in the abstract (`abs:`). */
  readonly abstract?: ArxivTerms;
  /** Terms that must occur in any field (`all:`). */
  readonly all?: ArxivTerms;
  /** Window on the v1 submission time. */
  readonly submittedDate?: ArxivDateRange;
  /**
   * Papers by id, in any spelling `parseArxivId` reads; sent in canonical form with the version kept when
   * one is given (`arXiv:1611.03530v2` → `1611.03530v2`, `math.GT/0309136` → `math/0309136`). With a search
   * query as well, the API returns only the listed papers that also match it.
   */
  readonly idList?: readonly string[];
  /** 0-based offset of the first result (`start`). */
  readonly start?: number;
  /** Page size (`max_results`), 0 to 2000; 0 returns only the total. */
  readonly maxResults?: number;
  /** Ignored by the API for a pure `id_list` query. */
  readonly sortBy?: ArxivSortBy;
  readonly sortOrder?: ArxivSortOrder;
}

/** Same pattern as the record schema: an archive (`hep-th`), optionally with a subject class (`cs.LG`). */
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;
/** Words that go unquoted; anything else (spaces, parentheses, colons, …) is sent as a quoted phrase. */
const BARE_TERM = /^[\p{L}\p{N}_.*'-]+$/u;
const OPERATORS = new Set(['AND', 'OR', 'ANDNOT', 'NOT', 'TO']);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The `search_query` value (un-encoded) for the search options: the clauses AND-ed, categories OR-ed in
 * parentheses. Undefined when no search option is set (an `id_list`-only request).
 */
export function buildSearchQuery(options: ArxivQueryOptions): string | undefined {
  const clauses: string[] = [];
  if (options.categories !== undefined) {
    if (!Array.isArray(options.categories) || options.categories.length === 0)
      throw new Error(
        'arXiv query option "categories" must be a non-empty array of categories such as cs.LG',
      );
    const categories = unique(
      options.categories.map((category) => {
        const value = typeof category === 'string' ? category.trim() : '';
        if (!CATEGORY.test(value))
          throw new Error(
            `arXiv query option "categories": ${JSON.stringify(category)} is not an arXiv category such as cs.LG`,
          );
        return `cat:${value}`;
      }),
    );
    clauses.push(categories.length === 1 ? (categories[0] as string) : `(${categories.join(' OR ')})`);
  }
  clauses.push(...fieldClauses('ti', 'title', options.title));
  clauses.push(...fieldClauses('abs', 'abstract', options.abstract));
  clauses.push(...fieldClauses('all', 'all', options.all));
  if (options.submittedDate !== undefined) clauses.push(dateClause(options.submittedDate));
  return clauses.length ? clauses.join(' AND ') : undefined;
}

/**
 * The request parameters, in the order `search_query`, `id_list`, `start`, `max_results`, `sortBy`,
 * `sortOrder` (paging and sorting only when given). `toString()` URL-encodes them (space as `+`, which the
 * API reads as a space). Throws an Error naming the option when one is invalid, or when neither a search
 * option nor `idList` is given.
 */
export function buildArxivQuery(options: ArxivQueryOptions): URLSearchParams {
  const params = new URLSearchParams();
  const searchQuery = buildSearchQuery(options);
  const ids = options.idList === undefined ? undefined : idList(options.idList);
  if (searchQuery === undefined && ids === undefined)
    throw new Error(
      'arXiv query needs a search option (categories, title, abstract, all, submittedDate) or "idList"',
    );
  if (searchQuery !== undefined) params.set('search_query', searchQuery);
  if (ids !== undefined) params.set('id_list', ids.join(','));
  if (options.start !== undefined) params.set('start', String(integerOption('start', options.start, 0)));
  if (options.maxResults !== undefined)
    params.set(
      'max_results',
      String(integerOption('maxResults', options.maxResults, 0, ARXIV_MAX_RESULTS_PER_CALL)),
    );
  if (options.sortBy !== undefined) params.set('sortBy', oneOf('sortBy', options.sortBy, ARXIV_SORT_BY));
  if (options.sortOrder !== undefined)
    params.set('sortOrder', oneOf('sortOrder', options.sortOrder, ARXIV_SORT_ORDER));
  return params;
}

/** The full request URL: `baseUrl` (the API endpoint by default) with the parameters of `buildArxivQuery`. */
export function buildArxivQueryUrl(options: ArxivQueryOptions, baseUrl: string = ARXIV_API_URL): string {
  const url = new URL(baseUrl);
  url.search = buildArxivQuery(options).toString();
  return url.toString();
}

function fieldClauses(prefix: string, option: string, terms: ArxivTerms | undefined): string[] {
  if (terms === undefined) return [];
  const list: readonly unknown[] = typeof terms === 'string' ? [terms] : terms;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error(`arXiv query option "${option}" must be a term or a non-empty array of terms`);
  return list.map((term) => `${prefix}:${quoteTerm(option, term)}`);
}

/** A single word as is; a phrase (or anything with spaces or query syntax in it) in double quotes. */
function quoteTerm(option: string, term: unknown): string {
  const text = typeof term === 'string' ? term.replace(/\s+/g, ' ').trim() : '';
  if (!text) throw new Error(`arXiv query option "${option}": terms must be non-empty strings`);
  if (text.includes('"'))
    throw new Error(
      `arXiv query option "${option}": ${JSON.stringify(term)} contains a double quote, which the arXiv query language cannot escape`,
    );
  return BARE_TERM.test(text) && !OPERATORS.has(text) ? text : `"${text}"`;
}

function dateClause(range: ArxivDateRange): string {
  if (typeof range !== 'object' || range === null)
    throw new Error('arXiv query option "submittedDate" must be { from, to }');
  const from = dateBound('submittedDate.from', range.from, 'start');
  const to = dateBound('submittedDate.to', range.to, 'end');
  if (from.time > to.time)
    throw new Error(
      `arXiv query option "submittedDate": from (${from.stamp}) is after to (${to.stamp}); both ends are inclusive`,
    );
  return `submittedDate:[${from.stamp} TO ${to.stamp}]`;
}

/** `YYYYMMDDHHMM` in GMT, and the instant it stands for (to compare the two ends). */
function dateBound(
  option: string,
  value: ArxivDateInput,
  end: 'start' | 'end',
): { stamp: string; time: number } {
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw new Error(`arXiv query option "${option}" is an invalid Date`);
    const minute = Math.floor(time / 60_000) * 60_000;
    return { stamp: stampOf(new Date(minute)), time: minute };
  }
  const match = typeof value === 'string' ? DAY.exec(value.trim()) : null;
  const day = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!match || !day || day.toISOString().slice(0, 10) !== match[0])
    throw new Error(
      `arXiv query option "${option}": ${JSON.stringify(value)} is neither a Date nor a day written YYYY-MM-DD`,
    );
  const time = end === 'start' ? day.getTime() : day.getTime() + 24 * 3_600_000 - 60_000;
  return { stamp: stampOf(new Date(time)), time };
}

function stampOf(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new Error(`arXiv query: year ${year} cannot be written YYYY`);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

function idList(ids: readonly string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0)
    throw new Error('arXiv query option "idList" must be a non-empty array of arXiv ids');
  return unique(
    ids.map((raw) => {
      const parsed = typeof raw === 'string' ? parseArxivId(raw) : undefined;
      if (!parsed) throw new Error(`arXiv query option "idList": ${JSON.stringify(raw)} is not an arXiv id`);
      return parsed.version === undefined ? parsed.id : `${parsed.id}v${parsed.version}`;
    }),
  );
}

function integerOption(option: string, value: number, min: number, max?: number): number {
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max))
    throw new Error(
      `arXiv query option "${option}" must be an integer ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}, got ${String(value)}`,
    );
  return value;
}

function oneOf<T extends string>(option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value))
    throw new Error(
      `arXiv query option "${option}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  return value;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
