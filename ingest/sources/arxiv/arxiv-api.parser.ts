/**
 * Reads one page of the arXiv search API (`export.arxiv.org/api/query`, Atom 1.0) into paper records.
 * Pure: a string in, records out; nothing is fetched.
 *
 * Both serialisations are read (shared/reference/formats.md §1.3): the legacy one (until 2025-11-10:
 * `opensearch:` / `arxiv:` namespaces declared inline on each element, hard-wrapped titles and abstracts,
 * MSC/ACM classes among the categories, `arxiv:primary_category` with a scheme) and the current one
 * (namespaces on `<feed>`, one-line text, another element order, `https` links without `rel`, `updated`
 * meaning "last modified"). Elements are read by local name, never by prefix or position.
 *
 * Hardened against hostile input by `ingest/xml.ts` (shared with the OAI-PMH parser): a DOCTYPE or ENTITY
 * declaration is refused before parsing, entities are not expanded by the XML parser (only the five
 * predefined ones and numeric character references are decoded), tag values are never converted to
 * numbers (`2301.10000` stays a string), and the text must be well-formed XML; here, with a `<feed>` root.
 */
import { normalizeDoi, parseArxivId } from '../../../src/domain/identifiers.js';
import { type PaperRecordInput, paperRecordSchema } from '../../../src/domain/records.js';
import { NonRetryableError } from '../../errors.js';
import {
  asArray,
  asNode,
  attributeOf,
  isNode,
  parseXml,
  textOf,
  XmlInputError,
  type XmlNode,
} from '../../xml.js';

/** Decodes the five predefined XML entities and numeric character references (defined in `ingest/xml.ts`). */
export { decodeXml } from '../../xml.js';

/** The `source` of every record this parser produces. */
export const ARXIV_API_SOURCE = 'arxiv-api';

/** An entry that could not be turned into a valid record, and why. */
export interface ArxivAtomProblem {
  /** The canonical arXiv id, else the raw `<id>` text, else `entry N` (1-based position in the feed). */
  id: string;
  errors: string[];
}

export interface ArxivAtomPage {
  /** `opensearch:totalResults`: the size of the whole result set (unreliable for `id_list` lookups). */
  totalResults: number;
  /** `opensearch:startIndex`: the `start` of the request. */
  startIndex: number;
  /** `opensearch:itemsPerPage`: the `max_results` of the request (not the number of entries returned). */
  itemsPerPage: number;
  /** One valid record per well-formed entry, in feed order; each passes `paperRecordSchema`. */
  records: PaperRecordInput[];
  /** One per malformed entry; the other entries are still read. */
  problems: ArxivAtomProblem[];
  /**
   * Empty placeholder entries skipped: the legacy backend answered an unknown id in `id_list` with an
   * `<entry>` holding nothing but empty category terms (the current backend omits it). Not problems.
   */
  emptyEntries: number;
}

/**
 * The API answered with its error feed: one entry whose id is under `arxiv.org/api/errors` (or titled
 * `Error` by author `arXiv api core`) with the message in `<summary>`. The legacy backend sent it with
 * HTTP 200, the current one with HTTP 400. Asking again with the same parameters cannot help.
 */
export class ArxivApiError extends NonRetryableError {
  /** arXiv's own message, e.g. `incorrect id format for 1234.1234`. */
  readonly apiMessage: string;
  /** The error entry's id, e.g. `https://arxiv.org/api/errors#incorrect_id_format_for_1234.1234`. */
  readonly errorId: string | undefined;

  constructor(apiMessage: string, errorId?: string) {
    super(`arXiv API error: ${apiMessage}`);
    this.apiMessage = apiMessage;
    this.errorId = errorId;
  }
}

/** The text is not an arXiv Atom feed we can read: not XML, truncated, refused DTD, another root element. */
export class ArxivFeedError extends NonRetryableError {}

/** Elements that may repeat; always arrays, even with one occurrence. */
const REPEATABLE: ReadonlySet<string> = new Set(['entry', 'author', 'category', 'link', 'affiliation']);

/**
 * Parses one API response body. Malformed entries (no id, an id that is not an arXiv id, no title, a bad
 * date or DOI, anything `paperRecordSchema` rejects) are listed in `problems` and the others still parse;
 * an empty result (totalResults 0) gives no records and no problems.
 *
 * Errors are thrown, never returned:
 * - `ArxivApiError` when the body is arXiv's error feed (check the HTTP status first for 429/503 and the
 *   non-XML `Rate exceeded.`; a 400 body should still be passed here to read arXiv's message);
 * - `ArxivFeedError` when the body contains a DOCTYPE or ENTITY declaration (refused before parsing), is
 *   not well-formed XML (e.g. truncated), is not an Atom `<feed>`, or lacks the OpenSearch counts.
 */
export function parseArxivAtom(xml: string): ArxivAtomPage {
  const feed = readFeed(xml);
  const entries = asArray(feed.entry);

  const apiError = findErrorEntry(entries);
  if (apiError) throw new ArxivApiError(apiError.message, apiError.id);

  const page: ArxivAtomPage = {
    totalResults: count(feed, 'totalResults'),
    startIndex: count(feed, 'startIndex'),
    itemsPerPage: count(feed, 'itemsPerPage'),
    records: [],
    problems: [],
    emptyEntries: 0,
  };
  entries.forEach((raw, index) => {
    const entry = asNode(raw) ?? {};
    if (isPlaceholder(entry)) {
      page.emptyEntries += 1;
      return;
    }
    const result = readEntry(entry, index);
    if ('record' in result) page.records.push(result.record);
    else page.problems.push(result.problem);
  });
  return page;
}

// ---------------------------------------------------------------------------------------------------
// Feed

function readFeed(xml: string): XmlNode {
  let parsed: XmlNode;
  try {
    parsed = parseXml(xml, REPEATABLE);
  } catch (error) {
    if (error instanceof XmlInputError) throw feedError(error);
    throw error;
  }
  const roots = Object.keys(parsed).filter((key) => !key.startsWith('?'));
  if (roots.length > 1 || Array.isArray(parsed.feed))
    throw new ArxivFeedError('arXiv API response is not an Atom feed: it has more than one root element');
  const feed = asNode(parsed.feed) ?? (parsed.feed === '' ? {} : undefined);
  if (!feed)
    throw new ArxivFeedError(
      `arXiv API response is not an Atom feed: root element is <${roots[0] ?? '(none)'}>`,
    );
  return feed;
}

/** The shared XML refusal, worded for this API and thrown as the feed error callers catch. */
function feedError(error: XmlInputError): ArxivFeedError {
  const options = { cause: error };
  switch (error.problem) {
    case 'not-a-string':
    case 'empty':
      return new ArxivFeedError('arXiv API response is empty', options);
    case 'too-large':
      return new ArxivFeedError(
        `arXiv API response refused: ${error.message.replace(/^XML refused: /, '')}`,
        options,
      );
    case 'doctype':
    case 'entity':
      return new ArxivFeedError(
        'arXiv API response refused: it contains a DOCTYPE or ENTITY declaration, which an arXiv feed never has ' +
          'and which could expand entities (billion laughs) or reach external resources',
        options,
      );
    case 'malformed':
      return new ArxivFeedError(
        `arXiv API response is not well-formed XML (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}: ${error.detail}); ` +
          `it starts with ${JSON.stringify(error.excerpt)}`,
        options,
      );
    case 'unparseable':
      return new ArxivFeedError(`arXiv API response could not be parsed: ${error.detail}`, options);
  }
}

function count(feed: XmlNode, name: 'totalResults' | 'startIndex' | 'itemsPerPage'): number {
  const value = text(feed[name]);
  if (value === undefined || !/^\d+$/.test(value))
    throw new ArxivFeedError(
      `arXiv API feed has ${value === undefined ? 'no' : `an invalid (${JSON.stringify(value)})`} opensearch:${name}`,
    );
  return Number(value);
}

const ERROR_ID = /arxiv\.org\/api\/errors/i;

/** arXiv's error entry: id under /api/errors, or the `Error` title by the `arXiv api core` author. */
function findErrorEntry(
  entries: readonly unknown[],
): { message: string; id: string | undefined } | undefined {
  for (const raw of entries) {
    const entry = asNode(raw);
    if (!entry) continue;
    const id = text(entry.id);
    const title = collapse(text(entry.title));
    const byCore = asArray(entry.author).some(
      (author) => collapse(text(asNode(author)?.name)) === 'arXiv api core',
    );
    if ((id && ERROR_ID.test(id)) || (title === 'Error' && byCore))
      return { message: collapse(text(entry.summary)) || title || 'unknown error', id };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Entries

type EntryResult = { record: PaperRecordInput } | { problem: ArxivAtomProblem };

function isPlaceholder(entry: XmlNode): boolean {
  return (
    !text(entry.id) &&
    !collapse(text(entry.title)) &&
    !collapse(text(entry.summary)) &&
    asArray(entry.author).length === 0
  );
}

function readEntry(entry: XmlNode, index: number): EntryResult {
  const errors: string[] = [];
  const rawId = text(entry.id);
  const arxiv = rawId ? parseArxivId(rawId) : undefined;
  if (!rawId) errors.push('missing <id>');
  else if (!arxiv) errors.push(`<id> is not an arXiv id: ${JSON.stringify(rawId)}`);

  const title = collapse(text(entry.title));
  if (!title) errors.push('missing or empty <title>');

  const authors = asArray(entry.author).map((author, position) => {
    const name = collapse(text(asNode(author)?.name));
    if (!name) errors.push(`author ${position + 1} has no <name>`);
    return { name };
  });

  const published = instant(entry, 'published', errors);
  const updated = instant(entry, 'updated', errors);
  const doi = readDoi(entry, errors);

  const record: PaperRecordInput = { source: ARXIV_API_SOURCE, title };
  if (arxiv) {
    record.arxivId = arxiv.id;
    if (arxiv.version !== undefined) record.arxivVersion = arxiv.version;
  }
  if (doi) record.doi = doi;
  const abstract = collapse(text(entry.summary));
  if (abstract) record.abstract = abstract;
  if (authors.length) record.authors = authors;
  const categories = readCategories(entry);
  if (categories.length) record.categories = categories;
  if (published) {
    record.publishedAt = published;
    record.year = Number(published.slice(0, 4));
  }
  if (updated) record.updatedAt = updated;
  const journalRef = collapse(text(entry.journal_ref));
  if (journalRef) record.journalRef = journalRef;
  const comments = collapse(text(entry.comment));
  if (comments) record.comments = comments;

  if (!errors.length) {
    const checked = paperRecordSchema.safeParse(record);
    if (checked.success) return { record };
    errors.push(...checked.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`));
  }
  const label =
    arxiv?.id ?? rawId ?? `entry ${index + 1}${title ? ` (${JSON.stringify(title.slice(0, 80))})` : ''}`;
  return { problem: { id: label, errors } };
}

/** Same pattern as the record schema; drops the legacy MSC/ACM classes (`35`, `28A80 (Primary)`, `I.2.6`). */
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** The primary category first, then the others in feed order, without repeats. */
function readCategories(entry: XmlNode): string[] {
  const primary = asArray(entry.primary_category).map((c) => attribute(c, 'term'));
  const others = asArray(entry.category).map((c) => attribute(c, 'term'));
  const terms = [...primary, ...others].filter((term): term is string => !!term && CATEGORY.test(term));
  return [...new Set(terms)];
}

/**
 * `arxiv:doi`, else the DOI of a `doi.org` link. arXiv sometimes lists several DOIs in one element,
 * separated by spaces: the first is taken.
 */
function readDoi(entry: XmlNode, errors: string[]): string | undefined {
  const field = collapse(text(entry.doi));
  if (field) {
    for (const token of field.split(/[\s,;]+/)) {
      const doi = normalizeDoi(token);
      if (doi) return doi;
    }
    errors.push(`<arxiv:doi> holds no DOI: ${JSON.stringify(field)}`);
    return undefined;
  }
  for (const link of asArray(entry.link)) {
    const href = attribute(link, 'href');
    if (href && /^https?:\/\/(?:dx\.)?doi\.org\//i.test(href)) {
      const doi = normalizeDoi(decodeURIComponentSafe(href));
      if (doi) return doi;
    }
  }
  return undefined;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time element as a UTC instant `YYYY-MM-DDTHH:MM:SSZ`; an error when it is not one. */
function instant(entry: XmlNode, name: 'published' | 'updated', errors: string[]): string | undefined {
  const value = text(entry[name]);
  if (!value) return undefined;
  const match = ISO_DATE_TIME.exec(value);
  const date = new Date(value);
  const sameDay =
    match &&
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
      .toISOString()
      .slice(0, 10) === `${match[1]}-${match[2]}-${match[3]}`;
  if (!match || !sameDay || Number.isNaN(date.getTime())) {
    errors.push(`<${name}> is not an ISO 8601 date-time: ${JSON.stringify(value)}`);
    return undefined;
  }
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------------
// XML helpers

/** The decoded text of an element (the first, if it repeats); '' for an element without text; else undefined. */
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return textOf(first) ?? (isNode(first) ? '' : undefined);
}

function attribute(value: unknown, name: string): string | undefined {
  return attributeOf(value, name)?.trim();
}

/** Collapses runs of whitespace (the legacy backend hard-wraps titles, abstracts and comments). */
function collapse(value: string | undefined): string {
  return value ? value.replace(/\s+/g, ' ').trim() : '';
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
