/**
 * arXiv OAI-PMH (`https://oaipmh.arxiv.org/oai`, OAI-PMH 2.0): the request builder and the response parser
 * for incremental bulk harvests of whole categories with `ListRecords`. Pure: options in, URL parameters
 * out; XML text in, records out; nothing is fetched. Flow control (HTTP 503 + Retry-After, one request per
 * 3 s) belongs to the HTTP layer; what is protocol-level lives here: the resumption token and the OAI error
 * element, which arrives with HTTP 200.
 *
 * **Metadata format: `arXivRaw` by default.** It is the only format with everything a PaperRecord needs
 * and unambiguous dates: the version history (`<version version="vN">` with the submission time of each
 * version, so v1's time is `publishedAt`, the latest's is `updatedAt` and its number `arxivVersion`, and a
 * withdrawn latest version, `source_type` `I`, can be told), the byline in order, `categories`
 * space-separated with the primary first, `doi`, `journal-ref`, `comments`, `abstract`. Its costs: the
 * byline is one string (`A. Smith (1), B. Jones ((1) Univ X)`), split here into names with affiliations
 * dropped, and TeX accents are not converted by the server (`\"u`), so they are decoded here for author
 * names (where they matter for author keys); titles and abstracts are kept as the server sends them.
 *
 * The `arXiv` format is read too (parsed `keyname` / `forenames` / `suffix`, Unicode names) but cannot give
 * the first publication: on the current server `<created>` is filled from the current version's metadata
 * row, i.e. it is the **latest** version's submission day (the server's own `oai_dc` code takes v1's day
 * from the v1 row), and `<updated>` is that row's modification time, not a version date. (On the legacy
 * `export.arxiv.org/oai2` server `created` was v1's day, as the saved samples and the format notes say.) So
 * an `arXiv` record gets `updatedAt` from `<created>` and no `publishedAt`, `year` or `arxivVersion`, and
 * withdrawals cannot be told. `oai_dc` (subject names instead of category ids) is not read.
 */
import { normalizeDoi, parseArxivId } from '../../../src/domain/identifiers.js';
import { type PaperRecordInput, paperRecordSchema } from '../../../src/domain/records.js';
import {
  asArray,
  attributeOf,
  elementNames,
  isNode,
  parseXml,
  textOf,
  XmlInputError,
  type XmlNode,
} from '../../xml.js';

/** The endpoint since the March 2025 rewrite (the legacy `export.arxiv.org/oai2` redirects to it). */
export const OAI_BASE_URL = 'https://oaipmh.arxiv.org/oai';
/** `PaperRecord.source` of every record this parser produces. */
export const OAI_SOURCE = 'arxiv-oai';

export const OAI_METADATA_PREFIXES = ['arXiv', 'arXivRaw'] as const;
/** The metadata formats this parser reads (see the module comment for why `arXivRaw` is the default). */
export type OaiMetadataPrefix = (typeof OAI_METADATA_PREFIXES)[number];
export const DEFAULT_METADATA_PREFIX: OaiMetadataPrefix = 'arXivRaw';

/** A JS Date (its UTC day is used) or a day `YYYY-MM-DD`; OAI dates are UTC days, both ends inclusive. */
export type OaiDateInput = Date | string;

/** The first request of a harvest window. */
export interface ListRecordsWindow {
  /**
   * OAI set spec: `group`, `group:archive` or `group:archive:CATEGORY` (`cs`, `physics:hep-th`,
   * `cs:cs:LG`, `stat:stat:ML`). Without it the whole archive is listed.
   */
  readonly set?: string;
  /** First datestamp (day of last modification, not submission) to list, inclusive. */
  readonly from?: OaiDateInput;
  /** Last datestamp to list, inclusive (to 23:59:59 UTC). */
  readonly until?: OaiDateInput;
  /** Defaults to `arXivRaw` (see the module comment). */
  readonly metadataPrefix?: OaiMetadataPrefix;
  readonly resumptionToken?: never;
}

/** A follow-up request: the protocol requires the token to be sent alone. */
export interface ListRecordsContinuation {
  readonly resumptionToken: string;
  readonly set?: never;
  readonly from?: never;
  readonly until?: never;
  readonly metadataPrefix?: never;
}

export type ListRecordsOptions = ListRecordsWindow | ListRecordsContinuation;

/** `group`, `group:archive` or `group:archive:CATEGORY` (`cs:cs:LG`, `physics:astro-ph:EP`, `physics:hep-th`). */
const SET_SPEC = /^[a-z][a-z-]*(?::[a-z][a-z-]*(?::[A-Za-z][A-Za-z-]*)?)?$/;
/** A category id, which is not a set spec (`cs.LG` is the set `cs:cs:LG`). */
const CATEGORY_ID = /^[a-z][a-z-]*\.[A-Za-z-]+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WINDOW_KEYS = ['set', 'from', 'until', 'metadataPrefix'] as const;

/**
 * Parameters of one `ListRecords` request, in protocol order: either the first request of a window
 * (`verb`, `metadataPrefix`, then `set`, `from`, `until` when given) or a continuation (`verb` and
 * `resumptionToken` only). Throws an Error naming the bad option: a date that is not a real `YYYY-MM-DD`
 * day, `from` after `until`, a set spec that is not one (a category id such as `cs.LG` gets a hint), a
 * metadata format this parser cannot read, an empty token or a token mixed with window options.
 */
export function buildListRecordsParams(options: ListRecordsOptions): URLSearchParams {
  if (options === null || typeof options !== 'object')
    throw new Error('ListRecords options must be an object');
  if (options.resumptionToken !== undefined) {
    const token = options.resumptionToken;
    if (typeof token !== 'string' || token.trim() === '')
      throw new Error('ListRecords option "resumptionToken" must be a non-empty string');
    const extra = WINDOW_KEYS.filter(
      (key) => (options as unknown as Record<string, unknown>)[key] !== undefined,
    );
    if (extra.length > 0)
      throw new Error(
        `ListRecords option "resumptionToken" must be sent alone (OAI-PMH); drop ${extra.map((k) => `"${k}"`).join(', ')}`,
      );
    return new URLSearchParams([
      ['verb', 'ListRecords'],
      ['resumptionToken', token],
    ]);
  }

  const window = options as ListRecordsWindow;
  const prefix = window.metadataPrefix ?? DEFAULT_METADATA_PREFIX;
  if (!(OAI_METADATA_PREFIXES as readonly string[]).includes(prefix))
    throw new Error(
      `ListRecords option "metadataPrefix" must be one of ${OAI_METADATA_PREFIXES.join(', ')} (the formats this parser reads), got ${JSON.stringify(prefix)}`,
    );
  const params = new URLSearchParams([
    ['verb', 'ListRecords'],
    ['metadataPrefix', prefix],
  ]);
  if (window.set !== undefined) params.set('set', checkSetSpec(window.set));
  const from = window.from === undefined ? undefined : toDay('from', window.from);
  const until = window.until === undefined ? undefined : toDay('until', window.until);
  if (from && until && from > until)
    throw new Error(`ListRecords option "from" (${from}) must not be after "until" (${until})`);
  if (from) params.set('from', from);
  if (until) params.set('until', until);
  return params;
}

/** The full request URL: `buildListRecordsParams` on the endpoint. */
export function buildListRecordsUrl(options: ListRecordsOptions, baseUrl: string = OAI_BASE_URL): string {
  return `${baseUrl}?${buildListRecordsParams(options).toString()}`;
}

function checkSetSpec(value: unknown): string {
  if (typeof value !== 'string' || !SET_SPEC.test(value)) {
    const hint =
      typeof value === 'string' && CATEGORY_ID.test(value)
        ? `; ${value} is a category id, its set is ${setForCategoryHint(value)}`
        : '';
    throw new Error(
      `ListRecords option "set" must be an OAI set spec such as cs, cs:cs:LG or physics:hep-th, got ${JSON.stringify(value)}${hint}`,
    );
  }
  return value;
}

/** `cs.LG` → `cs:cs:LG`; the group of physics archives (`astro-ph.EP`) is `physics`. Only used in hints. */
function setForCategoryHint(category: string): string {
  const [archive = '', sub = ''] = category.split('.');
  const group = ['cs', 'math', 'stat', 'eess', 'econ', 'q-bio', 'q-fin'].includes(archive)
    ? archive
    : 'physics';
  return `${group}:${archive}:${sub}`;
}

function toDay(option: 'from' | 'until', value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error(`ListRecords option "${option}" is an invalid Date`);
    return value.toISOString().slice(0, 10);
  }
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3])))
    throw new Error(
      `ListRecords option "${option}" must be a Date or a day YYYY-MM-DD (UTC), got ${JSON.stringify(value)}`,
    );
  return value as string;
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------------------------
// Response

export const OAI_ERROR_CODES = [
  'badArgument',
  'badResumptionToken',
  'badVerb',
  'cannotDisseminateFormat',
  'idDoesNotExist',
  'noMetadataFormats',
  'noRecordsMatch',
  'noSetHierarchy',
] as const;
/** The error codes of OAI-PMH 2.0 §3.6. */
export type OaiErrorCode = (typeof OAI_ERROR_CODES)[number];

/**
 * An OAI-PMH error element in a response (sent with HTTP 200). `parseListRecords` throws it for every code
 * except `noRecordsMatch`, which it returns as an empty page. `badResumptionToken` means the token expired
 * (the current server's tokens expire at the next UTC midnight): restart the window from its `from` day.
 */
export class OaiError extends Error {
  readonly code: OaiErrorCode;
  /** The server's own text. */
  readonly description: string;

  constructor(code: OaiErrorCode, description: string) {
    super(`OAI-PMH error ${code}${description ? `: ${description}` : ''}`);
    this.name = 'OaiError';
    this.code = code;
    this.description = description;
  }
}

export interface OaiResumptionToken {
  /** Opaque; sent back as is (`buildListRecordsParams({ resumptionToken })`). */
  readonly token: string;
  /** Size of the whole list, when the server says (the legacy server did; the current one does not). */
  readonly completeListSize?: number;
  /** How many records of the list came before this page (0 on the first), when the server says. */
  readonly cursor?: number;
  /** When the token stops working (`expires` on the current server, `expirationDate` in the OAI spec). */
  readonly expires?: string;
}

/** A record of the page that could not be turned into a PaperRecord; it is not in `records`. */
export interface OaiProblem {
  /** The record's OAI identifier as written (`oai:arXiv.org:2301.12345`), or its position when it has none. */
  readonly id: string;
  readonly errors: string[];
}

export interface OaiPage {
  readonly responseDate: string;
  /** Valid records (each passes `paperRecordSchema`), `source: 'arxiv-oai'`, in the order of the page. */
  readonly records: PaperRecordInput[];
  /** Canonical arXiv ids of records whose header says `status="deleted"`. */
  readonly deleted: string[];
  /**
   * Canonical arXiv ids whose latest version is a withdrawal (arXivRaw only: `source_type` with `I`).
   * Their records stay in `records` (or in `problems` when unreadable) with the metadata the server shows,
   * unchanged: the paper still exists, keeps its id and stays citable; the caller decides how to flag it.
   */
  readonly withdrawn: string[];
  readonly problems: OaiProblem[];
  /** Present when more records follow; absent on the last page (empty token element) and a single page. */
  readonly resumptionToken: OaiResumptionToken | undefined;
  /** `completeListSize` of the token element, also when it is the empty one that ends the list. */
  readonly completeListSize?: number;
}

/**
 * Parses one `ListRecords` response. A harvest window with nothing new is answered by the server with the
 * error `noRecordsMatch`; that is success, so it comes back as a page with no records and no token
 * (never thrown). Every other OAI error code throws an `OaiError` with that code. Throws a plain Error for
 * input that is not a well-formed OAI-PMH response (truncated, invalid, no `<OAI-PMH>` root, no
 * `<responseDate>`, no `<ListRecords>`) and for input with a DOCTYPE or entity declaration, which a real
 * response never has and which could expand into an entity bomb. A record that cannot be read (no title,
 * an id that is not an arXiv id, a format this parser does not read, …) is reported in `problems` under its
 * OAI identifier; the rest of the page is still parsed.
 */
export function parseListRecords(xml: string): OaiPage {
  const root = parseOaiXml(xml);
  const responseDate = textOf(root.responseDate);
  if (!responseDate) throw new Error('not a valid OAI-PMH response: no <responseDate>');

  const errors = asArray(root.error);
  if (errors.length > 0) {
    const parsed = errors.map(readError);
    const fatal = parsed.find((e) => !(e instanceof OaiError && e.code === 'noRecordsMatch'));
    if (fatal) throw fatal;
    return {
      responseDate,
      records: [],
      deleted: [],
      withdrawn: [],
      problems: [],
      resumptionToken: undefined,
    };
  }

  if (!Object.hasOwn(root, 'ListRecords'))
    throw new Error(
      `expected <ListRecords> or <error> in the OAI-PMH response, got ${elementNames(root).join(', ') || 'nothing'}`,
    );
  const list = isNode(root.ListRecords) ? root.ListRecords : {};
  const page = {
    responseDate,
    records: [] as PaperRecordInput[],
    deleted: [] as string[],
    withdrawn: [] as string[],
    problems: [] as OaiProblem[],
  };
  asArray(list.record).forEach((record, index) => {
    collect(readRecord(record, index), page);
  });
  const token = readToken(list.resumptionToken);
  return {
    ...page,
    resumptionToken: token.token,
    ...(token.completeListSize === undefined ? {} : { completeListSize: token.completeListSize }),
  };
}

/** `oai:arXiv.org:2301.12345` → `2301.12345`, `oai:arXiv.org:hep-th/9901001` → `hep-th/9901001`. */
export function oaiIdentifierToArxivId(identifier: string): string | undefined {
  const match = /^oai:arxiv\.org:(.+)$/i.exec(identifier.trim());
  return match?.[1] ? parseArxivId(match[1])?.id : undefined;
}

// --- XML ---------------------------------------------------------------------------------------------------

/** Repeatable elements, always arrays (whatever their parent: none of these names is a singleton anywhere). */
const REPEATED: ReadonlySet<string> = new Set(['record', 'setSpec', 'author', 'version', 'error']);

/** The document's `<OAI-PMH>` root, checked and parsed by the shared hardened reader (`ingest/xml.ts`). */
function parseOaiXml(xml: string): XmlNode {
  let doc: XmlNode;
  try {
    doc = parseXml(xml, REPEATED);
  } catch (error) {
    if (error instanceof XmlInputError) throw oaiInputError(error);
    throw error;
  }
  const root = doc['OAI-PMH'];
  if (!isNode(root)) throw new Error('not an OAI-PMH response: no <OAI-PMH> root element');
  return root;
}

/** The shared XML refusal, worded for OAI-PMH (a plain Error, as for every response this cannot read). */
function oaiInputError(error: XmlInputError): Error {
  const options = { cause: error };
  switch (error.problem) {
    case 'not-a-string':
      return new Error('OAI-PMH response must be a string', options);
    case 'doctype':
      return new Error('refusing XML with a <!DOCTYPE> declaration: OAI-PMH responses have none', options);
    case 'entity':
      return new Error(
        'refusing XML with an <!ENTITY> declaration (possible entity expansion attack)',
        options,
      );
    case 'empty':
      return new Error('not a valid OAI-PMH response: the body is empty', options);
    case 'too-large':
      return new Error(
        `refusing the OAI-PMH response: ${error.message.replace(/^XML refused: /, '')}`,
        options,
      );
    case 'malformed':
      return new Error(
        `not a valid OAI-PMH response (truncated or malformed XML): ${error.detail} (line ${error.line}, column ${error.column})`,
        options,
      );
    case 'unparseable':
      return new Error(`not a valid OAI-PMH response (could not be parsed): ${error.detail}`, options);
  }
}

/** Whitespace collapsed; undefined when nothing is left. */
function clean(value: string | undefined): string | undefined {
  const collapsed = value?.replace(/\s+/g, ' ').trim();
  return collapsed ? collapsed : undefined;
}

function readError(node: unknown): OaiError | Error {
  const code = attributeOf(node, 'code') ?? '';
  const description = clean(textOf(node)) ?? '';
  if ((OAI_ERROR_CODES as readonly string[]).includes(code))
    return new OaiError(code as OaiErrorCode, description);
  return new Error(`OAI-PMH error with an unknown code ${JSON.stringify(code)}: ${description}`);
}

function readToken(value: unknown): { token?: OaiResumptionToken; completeListSize?: number } {
  if (value === undefined) return {};
  const node = Array.isArray(value) ? value[value.length - 1] : value;
  const completeListSize = count(attributeOf(node, 'completeListSize'));
  const cursor = count(attributeOf(node, 'cursor'));
  const expires = attributeOf(node, 'expires') ?? attributeOf(node, 'expirationDate');
  const token = textOf(node)?.trim();
  if (!token) return completeListSize === undefined ? {} : { completeListSize };
  return {
    token: {
      token,
      ...(completeListSize === undefined ? {} : { completeListSize }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(expires === undefined ? {} : { expires }),
    },
    ...(completeListSize === undefined ? {} : { completeListSize }),
  };
}

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

// --- Records -----------------------------------------------------------------------------------------------

interface PageAccumulator {
  readonly records: PaperRecordInput[];
  readonly deleted: string[];
  readonly withdrawn: string[];
  readonly problems: OaiProblem[];
}

type RecordOutcome =
  | {
      readonly kind: 'record';
      readonly id: string;
      readonly record: PaperRecordInput;
      readonly withdrawn: boolean;
    }
  | { readonly kind: 'deleted'; readonly id: string }
  | { readonly kind: 'problem'; readonly id: string; readonly errors: string[]; readonly withdrawn?: string };

function collect(outcome: RecordOutcome, page: PageAccumulator): void {
  switch (outcome.kind) {
    case 'deleted':
      page.deleted.push(outcome.id);
      break;
    case 'record':
      page.records.push(outcome.record);
      if (outcome.withdrawn) page.withdrawn.push(outcome.id);
      break;
    case 'problem':
      page.problems.push({ id: outcome.id, errors: outcome.errors });
      if (outcome.withdrawn) page.withdrawn.push(outcome.withdrawn);
      break;
  }
}

function readRecord(node: unknown, index: number): RecordOutcome {
  const header = isNode(node) ? node.header : undefined;
  const identifier = clean(textOf(isNode(header) ? header.identifier : undefined));
  const label = identifier ?? `(record ${index + 1} of the page, without an identifier)`;
  const problem = (...errors: string[]): RecordOutcome => ({ kind: 'problem', id: label, errors });
  if (!isNode(header)) return problem('the record has no <header>');
  if (!identifier) return problem('the header has no <identifier>');
  const id = oaiIdentifierToArxivId(identifier);
  if (!id)
    return problem(
      `identifier ${JSON.stringify(identifier)} does not name an arXiv paper (oai:arXiv.org:<arXiv id>)`,
    );
  if (attributeOf(header, 'status') === 'deleted') return { kind: 'deleted', id };

  const metadata = isNode(node) ? node.metadata : undefined;
  if (!isNode(metadata)) return problem('the record has no <metadata> and is not marked deleted');
  let read: FormatResult;
  if (isNode(metadata.arXiv)) read = readArxivFormat(metadata.arXiv);
  else if (isNode(metadata.arXivRaw)) read = readArxivRawFormat(metadata.arXivRaw);
  else
    return problem(
      `unsupported metadata format <${elementNames(metadata).join('>, <') || 'nothing'}>; request arXiv or arXivRaw`,
    );

  const withdrawn = read.withdrawn ?? false;
  const errors = [...read.errors];
  const metaId = read.record.arxivId;
  if (metaId === undefined) errors.push('metadata <id> is missing or not an arXiv id');
  else if (metaId !== id) errors.push(`metadata <id> ${metaId} differs from the header identifier (${id})`);
  const record = { ...read.record, arxivId: id, source: OAI_SOURCE } as PaperRecordInput;
  if (errors.length === 0) {
    const checked = paperRecordSchema.safeParse(record);
    if (checked.success) return { kind: 'record', id, record, withdrawn };
    errors.push(...checked.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`));
  }
  return { kind: 'problem', id: label, errors, ...(withdrawn ? { withdrawn: id } : {}) };
}

type FormatResult = { record: Partial<PaperRecordInput>; errors: string[]; withdrawn?: boolean };

/** Fields the two arXiv formats share, under the same element names. */
function readCommonFields(meta: XmlNode, errors: string[]): Partial<PaperRecordInput> {
  const record: Partial<PaperRecordInput> = {};
  const arxivId = parseArxivId(textOf(meta.id) ?? '')?.id;
  if (arxivId) record.arxivId = arxivId;
  const title = clean(textOf(meta.title));
  if (title) record.title = title;
  else errors.push('title is missing or empty');
  const abstract = clean(textOf(meta.abstract));
  if (abstract) record.abstract = abstract;
  const categories = clean(textOf(meta.categories))?.split(' ');
  if (categories) record.categories = [...new Set(categories)];
  const doi = readDoi(textOf(meta.doi));
  if (doi) record.doi = doi;
  const journalRef = clean(textOf(meta['journal-ref']));
  if (journalRef) record.journalRef = journalRef;
  const comments = clean(textOf(meta.comments));
  if (comments) record.comments = comments;
  return record;
}

/**
 * The first DOI of the field that normalises (arXiv allows several, separated by spaces). A field with
 * none that parses is dropped rather than failing the record.
 */
function readDoi(value: string | undefined): string | undefined {
  for (const candidate of clean(value)?.split(/[\s,;]+/) ?? []) {
    const doi = normalizeDoi(candidate);
    if (doi) return doi;
  }
  return undefined;
}

/**
 * `arXiv` format. On the current server `created` is the latest version's submission day (`updatedAt`) and
 * `updated` a modification time that is no version date (ignored); there is no v1 day and no version
 * number (see the module comment).
 */
function readArxivFormat(meta: XmlNode): FormatResult {
  const errors: string[] = [];
  const record = readCommonFields(meta, errors);
  const created = textOf(meta.created);
  if (created === undefined) errors.push('created is missing');
  const latest = readDay('created', created, errors);
  if (latest) record.updatedAt = latest;

  const authorsNode = meta.authors;
  if (authorsNode !== undefined) {
    const authors = asArray(isNode(authorsNode) ? authorsNode.author : undefined).map((author, i) => {
      const part = (name: string) => clean(textOf(isNode(author) ? author[name] : undefined));
      const keyname = part('keyname');
      if (!keyname) errors.push(`author ${i + 1} has no keyname`);
      return { name: [part('forenames'), keyname, part('suffix')].filter(Boolean).join(' ') };
    });
    if (authors.length === 0) errors.push('<authors> lists no author');
    record.authors = authors;
  }
  return { record, errors };
}

function readDay(field: string, value: string | undefined, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  const match = DAY.exec(value.trim());
  if (match && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) return value.trim();
  errors.push(`${field} ${JSON.stringify(value)} is not a calendar day YYYY-MM-DD`);
  return undefined;
}

interface RawVersion {
  readonly number: number;
  readonly date: string;
  readonly withdrawn: boolean;
}

/**
 * `arXivRaw` format: one `<version version="vN">` per version with its submission time (RFC 822, GMT);
 * v1's time is `publishedAt`, the latest's `updatedAt` and its number `arxivVersion`; a latest version
 * whose `source_type` contains `I` is a withdrawal. The byline is one string: split into names, numbered
 * affiliations dropped, TeX accents decoded.
 */
function readArxivRawFormat(meta: XmlNode): FormatResult {
  const errors: string[] = [];
  const record = readCommonFields(meta, errors);
  const versions: RawVersion[] = [];
  for (const node of asArray(meta.version)) {
    const label = attributeOf(node, 'version') ?? '';
    const number = /^v(\d+)$/.exec(label.trim())?.[1];
    const date = readRfc822(textOf(isNode(node) ? node.date : undefined));
    if (!number || !date) {
      errors.push(`version ${JSON.stringify(label)} has no valid number or date`);
      continue;
    }
    const sourceType = textOf(isNode(node) ? node.source_type : undefined) ?? '';
    versions.push({ number: Number(number), date, withdrawn: sourceType.includes('I') });
  }
  versions.sort((a, b) => a.number - b.number);
  const first = versions[0];
  const latest = versions[versions.length - 1];
  if (first && latest) {
    record.publishedAt = first.date;
    record.year = Number(first.date.slice(0, 4));
    record.updatedAt = latest.date;
    record.arxivVersion = latest.number;
  } else if (asArray(meta.version).length === 0) errors.push('the record has no <version> history');
  const authors = splitRawAuthors(textOf(meta.authors) ?? '');
  if (authors.length > 0) record.authors = authors.map((name) => ({ name }));
  else if (meta.authors !== undefined) errors.push('<authors> lists no author');
  return { record, errors, withdrawn: latest?.withdrawn ?? false };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC822 =
  /^(?:[A-Z][a-z]{2},\s*)?(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:GMT|UTC?|\+0000)$/;

/** `Thu, 10 Nov 2016 18:38:55 GMT` → `2016-11-10T18:38:55Z`; undefined when it is not such a time. */
function readRfc822(value: string | undefined): string | undefined {
  const m = value === undefined ? null : RFC822.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] ?? '') + 1;
  const [year, day, hour, minute, second] = [m[3], m[1], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month === 0 || !isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}Z`;
}

const SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

/**
 * Splits an arXivRaw byline (`A. Smith (1), B. Jones (1 and 2), C. Doe ((1) Univ X, (2) Lab Y)`) into
 * names: parenthesised affiliations and their markers are dropped, names are separated by commas,
 * semicolons, `&` and the word `and`, a lone `Jr.` / `III` joins the name before it, TeX accents become
 * Unicode.
 */
function splitRawAuthors(raw: string): string[] {
  let text = raw;
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  }
  text = decodeTexAccents(text.replace(/[()]/g, ' '));
  const names: string[] = [];
  for (const piece of text.split(/,|;|&|\s+and\s+/)) {
    const name = clean(piece);
    if (!name) continue;
    const previous = names.length - 1;
    if (SUFFIX.test(name) && previous >= 0) names[previous] = `${names[previous]} ${name}`;
    else names.push(name);
  }
  return names;
}

const COMBINING: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030C',
  u: '\u0306',
  H: '\u030B',
  k: '\u0328',
  r: '\u030A',
};
const LETTERS: Record<string, string> = {
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/** `J\"urgen`, `{\'E}mile`, `\c{C}elik`, `\v Z`, `Ha{\ss}` → `Jürgen`, `Émile`, `Çelik`, `Ž`, `Haß`. */
function decodeTexAccents(text: string): string {
  if (!text.includes('\\')) return text;
  const base = (letter: string) => (letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter);
  return text
    .replace(
      /\\(['`^"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g,
      (_m, accent: string, braced?: string, bare?: string) =>
        base(braced ?? bare ?? '') + (COMBINING[accent] ?? ''),
    )
    .replace(
      /\\([cvuHkr])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))/g,
      (_m, accent: string, braced?: string, bare?: string) =>
        base(braced ?? bare ?? '') + (COMBINING[accent] ?? ''),
    )
    .replace(
      /\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\})?/g,
      (m, name: string) => LETTERS[name] ?? m,
    )
    .replace(/[{}]/g, '')
    .normalize('NFC');
}
