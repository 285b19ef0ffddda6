/**
 * Reads the reference list of one paper, and the sentences in which the paper cites each reference, from
 * its HTML full text: `arxiv.org/html/<id>` or, for older papers, `ar5iv.labs.arxiv.org/html/<id>`. Both
 * are LaTeXML output (shared/reference/formats.md §4). Pure: a string in, references out; nothing is
 * fetched.
 *
 * - Bibliography: every `.ltx_bibitem` (ids `bib.bibN`), its `span.ltx_bibblock` chunks (roughly authors /
 *   title / venue / URL), read for an arXiv id and a DOI (text and links), a title and a year (guesses).
 * - Citations: every link whose fragment names a bibliography item (`#bib.bib4`, absolute on arxiv.org
 *   because of `<base>`, relative on ar5iv), outside the bibliography and the page chrome. Its context is
 *   the sentence it stands in, cut from the smallest enclosing text block (a paragraph, a footnote, a list
 *   item, a caption, a table cell): footnotes are their own blocks and never part of the paragraph around
 *   them; math becomes its LaTeX `alttext`; the citation marker is kept as printed.
 * - A page that is not a LaTeXML article (arXiv's "No HTML for …" page, ar5iv's "No document for …" page,
 *   a withdrawn version, a conversion that produced nothing) throws NotArticleHtmlError. An article with no
 *   bibliography is not an error: it has zero references.
 */
import { type CheerioOptions, load } from 'cheerio';
import { adapter as domAdapter } from 'parse5-htmlparser2-tree-adapter';
import { normalizeDoi, parseArxivId } from '../../../src/domain/identifiers.js';
import type { CitationRecordInput } from '../../../src/domain/records.js';
import { NonRetryableError } from '../../errors.js';

/** The `source` of the citation records made from arXiv HTML. */
export const ARXIV_HTML_SOURCE = 'arxiv-html';
/** Largest page accepted, in UTF-8 bytes: the HTTP layer's default cap (a 20 MB page parses in about 3 s). */
export const MAX_HTML_BYTES = 20 * 1024 * 1024;
/** Longest context kept; a longer sentence is cut to a window around the citation, marked with `…`. */
export const MAX_CONTEXT_CHARS = 1000;
/** Most contexts kept per reference. */
export const MAX_CONTEXTS_PER_REFERENCE = 100;
/**
 * Deepest element nesting accepted (browsers' HTML parsers stop nesting at 512 too; the recorded LaTeXML
 * pages reach 19). The HTML5 tree builder checks scopes by walking its stack of open elements, so its time
 * grows with depth × tags: 400 kB of `<ul><li><ul><li>…` took over a minute before this limit.
 */
export const MAX_HTML_DEPTH = 512;
/**
 * Most elements and comments one page may make (about 370 MB of DOM). A LaTeXML page has one element per
 * 70–80 bytes, so a page at MAX_HTML_BYTES has about 270,000; but the HTML5 tree builder re-opens the
 * formatting elements left open (`<b>`, `<i>`, …) in every new block, so 80 kB of hostile markup made
 * tens of millions of elements and ran the process out of memory before this limit.
 */
export const MAX_HTML_NODES = 500_000;
/** Most contexts a citation record may carry (citationRecordSchema). */
const MAX_CONTEXTS_PER_RECORD = 200;

/** One bibliography item. */
export interface HtmlReference {
  /** The item's element id, `bib.bib12` (synthetic `bibitem-N` when the item has none). */
  bibId: string;
  /** Canonical arXiv id (no version) found in the item's text or links. */
  arxivId?: string;
  /** Canonical DOI found in the item's text or links (arXiv's own DataCite DOIs count as arXiv ids). */
  doi?: string;
  /** Best guess at the cited title. */
  title?: string;
  /** Best guess at the publication year. */
  year?: number;
  /** The item's text, label left out, whitespace collapsed, math as LaTeX. */
  raw: string;
  /** The sentences citing it, in document order, without repeats. */
  contexts: string[];
}

export interface HtmlReferences {
  /** One per bibliography item, in bibliography order. */
  references: HtmlReference[];
  /** What looked wrong but did not stop the extraction (dangling citations, duplicate ids, …). */
  problems: string[];
}

/** Why a page is not an article. */
export type NotArticleReason =
  | 'empty'
  | 'no-html'
  | 'not-found'
  | 'withdrawn'
  | 'conversion-failed'
  | 'not-latexml';

/**
 * The page is not a LaTeXML article: an error page or a "no HTML" notice served with status 200, an empty
 * body, or a conversion that produced nothing. Asking again will not help; report the paper as having no
 * HTML.
 */
export class NotArticleHtmlError extends NonRetryableError {
  readonly reason: NotArticleReason;
  /** The page's own heading or title, when it had one (`No HTML for '2412.00001v1'`). */
  readonly headline: string | undefined;

  constructor(reason: NotArticleReason, headline?: string) {
    super(
      `Not a LaTeXML article (${reason})${headline ? `: ${JSON.stringify(headline.slice(0, 200))}` : ''}`,
    );
    this.reason = reason;
    this.headline = headline;
  }
}

/** A reference with neither an arXiv id nor a DOI: to be matched later by its normalised title. */
export interface UnresolvedReference {
  bibId: string;
  title?: string;
  year?: number;
  raw: string;
}

/**
 * Every bibliography item of a LaTeXML page with the sentences citing it. Throws NotArticleHtmlError when
 * the page is not an article, and a NonRetryableError when it is larger than `maxBytes` (default
 * MAX_HTML_BYTES) or its markup is beyond MAX_HTML_DEPTH / MAX_HTML_NODES (see parseHtml).
 */
export function extractReferences(html: string, options: { maxBytes?: number } = {}): HtmlReferences {
  const maxBytes = options.maxBytes ?? MAX_HTML_BYTES;
  // UTF-16 length never exceeds UTF-8 length: the cheap test first, the exact one after.
  if (html.length > maxBytes || Buffer.byteLength(html, 'utf8') > maxBytes) {
    // The length alone when it decides: counting the bytes of a huge text would copy it first.
    const size =
      html.length > maxBytes ? `${html.length} characters` : `${Buffer.byteLength(html, 'utf8')} bytes`;
    throw new NonRetryableError(`HTML page of ${size} is over the ${maxBytes}-byte cap; not parsed`);
  }
  if (!html.trim()) throw new NotArticleHtmlError('empty');
  const $ = parseHtml(html);
  const problems: string[] = [];
  const fatal = checkIsArticle($, problems);

  const { references, byId } = readBibliography($, problems);
  collectContexts($, byId, problems);
  if (fatal && references.length === 0) {
    problems.push('the conversion stopped early; the bibliography may be lost');
  }
  for (const ref of references) {
    if (ref.contexts.length > MAX_CONTEXTS_PER_REFERENCE) {
      problems.push(
        `${ref.bibId}: ${ref.contexts.length} citing sentences; kept the first ${MAX_CONTEXTS_PER_REFERENCE}`,
      );
      ref.contexts.length = MAX_CONTEXTS_PER_REFERENCE;
    }
  }
  return { references, problems };
}

/**
 * Citation records from the references of the paper `citingArxivId`: one per cited paper that has an arXiv
 * id or a DOI (items naming the same paper are merged), never the paper citing itself. The others are
 * returned as unresolved.
 */
export function referencesToCitations(
  citingArxivId: string,
  refs: HtmlReferences,
  source: string = ARXIV_HTML_SOURCE,
): { citations: CitationRecordInput[]; unresolved: UnresolvedReference[] } {
  const citing = parseArxivId(citingArxivId);
  if (!citing) throw new TypeError(`not an arXiv id: ${JSON.stringify(citingArxivId)}`);
  const byTarget = new Map<string, { record: CitationRecordInput; contexts: string[] }>();
  const unresolved: UnresolvedReference[] = [];
  for (const ref of refs.references) {
    // Canonical again, in case the references were not made by extractReferences.
    const arxivId = ref.arxivId ? parseArxivId(ref.arxivId)?.id : undefined;
    const doi = ref.doi ? normalizeDoi(ref.doi) : undefined;
    const hints = {
      ...(ref.title ? { title: ref.title } : {}),
      ...(ref.year ? { year: ref.year } : {}),
    };
    if (!arxivId && !doi) {
      unresolved.push({ bibId: ref.bibId, ...hints, raw: ref.raw });
      continue;
    }
    if (arxivId === citing.id) continue;
    const key = arxivId ? `arxiv:${arxivId}` : `doi:${doi}`;
    const existing = byTarget.get(key);
    if (existing) {
      for (const context of ref.contexts) {
        if (existing.contexts.length >= MAX_CONTEXTS_PER_RECORD) break;
        if (!existing.contexts.includes(context)) existing.contexts.push(context);
      }
      continue;
    }
    const contexts = [...new Set(ref.contexts)].slice(0, MAX_CONTEXTS_PER_RECORD);
    const record: CitationRecordInput = {
      from: { arxivId: citing.id },
      to: { ...(arxivId ? { arxivId } : {}), ...(doi ? { doi } : {}), ...hints },
      contexts,
      source,
    };
    byTarget.set(key, { record, contexts });
  }
  return { citations: [...byTarget.values()].map((entry) => entry.record), unresolved };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing, within bounds.

type TreeAdapter = NonNullable<CheerioOptions['treeAdapter']>;

class HtmlTooComplexError extends Error {}

/**
 * Parses the page with cheerio (parse5, the HTML5 algorithm) through a tree adapter that counts the nodes
 * the parser makes and the depth it puts them at, and stops it past MAX_HTML_NODES or MAX_HTML_DEPTH
 * (end tags are counted against MAX_HTML_NODES before): time and memory stay bounded whatever the markup
 * (see the two limits for what happened without them).
 */
function parseHtml(html: string): Api {
  // An end tag makes nothing, so the adapter never sees it, but one closing nothing walks the whole run of
  // open inline elements (16 MB of `</x>` under 500 `<span>`s took 21 s): they are counted beforehand.
  let endTags = 0;
  for (let at = html.indexOf('</'); at >= 0; at = html.indexOf('</', at + 2)) {
    const code = html.charCodeAt(at + 2) | 0x20;
    if (code >= 0x61 && code <= 0x7a && ++endTags > MAX_HTML_NODES)
      throw new NonRetryableError(`HTML page not parsed: it has more than ${MAX_HTML_NODES} end tags`);
  }
  let nodes = 0;
  const depths = new WeakMap<object, number>();
  const depthOf = (node: object): number => {
    const known = depths.get(node);
    if (known !== undefined) return known;
    let depth = 0;
    for (let current = (node as DomNode).parent; current; current = current.parent) depth += 1;
    return depth;
  };
  const count = () => {
    nodes += 1;
    if (nodes > MAX_HTML_NODES)
      throw new HtmlTooComplexError(`the page makes more than ${MAX_HTML_NODES} elements`);
  };
  const placed = (parent: object, child: object) => {
    const depth = depthOf(parent) + 1;
    if (depth > MAX_HTML_DEPTH)
      throw new HtmlTooComplexError(`the page nests elements deeper than ${MAX_HTML_DEPTH} levels`);
    depths.set(child, depth);
  };
  const treeAdapter: TreeAdapter = {
    ...domAdapter,
    createElement: (tagName, namespaceURI, attrs) => {
      count();
      return domAdapter.createElement(tagName, namespaceURI, attrs);
    },
    createCommentNode: (data) => {
      count();
      return domAdapter.createCommentNode(data);
    },
    appendChild: (parent, child) => {
      placed(parent, child);
      domAdapter.appendChild(parent, child);
    },
    insertBefore: (parent, child, reference) => {
      placed(parent, child);
      domAdapter.insertBefore(parent, child, reference);
    },
    detachNode: (node) => {
      depths.delete(node);
      domAdapter.detachNode(node);
    },
  };
  try {
    return load(html, { treeAdapter });
  } catch (error) {
    if (!(error instanceof HtmlTooComplexError)) throw error;
    throw new NonRetryableError(`HTML page not parsed: ${error.message}`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------------------
// The DOM, as much of it as we read (domhandler nodes, typed structurally).

interface DomNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly attribs?: Record<string, string>;
  readonly children?: DomNode[];
  readonly parent: DomNode | null;
}

type Api = ReturnType<typeof load>;

const isElement = (node: DomNode) => node.type === 'tag' || node.type === 'script' || node.type === 'style';

function classList(node: DomNode): string[] {
  const value = node.attribs?.class;
  return value ? value.split(/\s+/) : [];
}

const hasClass = (node: DomNode, name: string) => classList(node).includes(name);

function elements($: Api, selector: string): DomNode[] {
  return $(selector).toArray() as DomNode[];
}

/** Text of a subtree, nothing skipped, whitespace collapsed (headings, titles, labels). */
function plainText(node: DomNode): string {
  const parts: string[] = [];
  const stack: DomNode[] = [node];
  while (stack.length) {
    const current = stack.pop() as DomNode;
    if (current.type === 'text') parts.push(current.data ?? '');
    else if (current.children && current.name !== 'script' && current.name !== 'style') {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as DomNode);
    }
  }
  return collapse(parts.join(''));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------------
// Is it an article?

const ERROR_HEADLINES: ReadonlyArray<[RegExp, NotArticleReason]> = [
  [/^No HTML for\b/i, 'no-html'],
  [/^No document for\b/i, 'not-found'],
  [/^(?:404\b|(?:Page )?Not Found\.?$)/i, 'not-found'],
  [/^This version of .* has been withdrawn\b|^File unavailable\b|^No file for\b/i, 'withdrawn'],
  [/^No content available\b/i, 'conversion-failed'],
];

const FATAL = /Conversion to HTML had a Fatal error/i;

/** Throws NotArticleHtmlError unless the page is a LaTeXML article; true when the conversion was fatal. */
function checkIsArticle($: Api, problems: string[]): boolean {
  // Every h1 (arXiv's own pages put the logo in the first one) and the title.
  const headings = [...elements($, 'h1'), ...elements($, 'title')].map(plainText).filter(Boolean);
  const headline = headings[0];
  for (const candidate of headings) {
    for (const [pattern, reason] of ERROR_HEADLINES) {
      if (pattern.test(candidate)) throw new NotArticleHtmlError(reason, candidate);
    }
  }
  if (elements($, '.ar5iv-homepage').length) throw new NotArticleHtmlError('not-latexml', headline);

  const fatal = elements($, '.ltx_ERROR').some((node) => FATAL.test(plainText(node)));
  const documents = elements($, '.ltx_document');
  if (!documents.length) {
    throw new NotArticleHtmlError(fatal ? 'conversion-failed' : 'not-latexml', headline);
  }
  const contentSelector = ['ltx_p', 'ltx_para', 'ltx_bibitem', 'ltx_title_document', 'ltx_abstract']
    .map((name) => `.ltx_document .${name}`)
    .join(', ');
  const hasContent = elements($, contentSelector).some((node) => !FATAL.test(plainText(node)));
  if (!hasContent) throw new NotArticleHtmlError(fatal ? 'conversion-failed' : 'not-latexml', headline);
  if (fatal) problems.push('the LaTeXML conversion ended with a Fatal error: the document may be truncated');
  return fatal;
}

// ---------------------------------------------------------------------------------------------------------
// The bibliography.

function readBibliography(
  $: Api,
  problems: string[],
): { references: HtmlReference[]; byId: Map<string, HtmlReference> } {
  const references: HtmlReference[] = [];
  const byId = new Map<string, HtmlReference>();
  elements($, '.ltx_bibitem').forEach((item, index) => {
    let bibId = item.attribs?.id;
    if (!bibId) {
      bibId = `bibitem-${index + 1}`;
      problems.push(`bibliography item ${index + 1} has no id; cannot be cited, called ${bibId}`);
    }
    const reference = readBibItem(item, bibId, problems);
    if (byId.has(bibId)) problems.push(`duplicate bibliography id ${bibId}; citations go to the first`);
    else byId.set(bibId, reference);
    references.push(reference);
  });
  return { references, byId };
}

function readBibItem(item: DomNode, bibId: string, problems: string[]): HtmlReference {
  const descendants = descendantElements(item);
  const cited = descendants.filter((node) => hasClass(node, 'ltx_bib_cited'));
  const insideCited = (node: DomNode) => cited.some((block) => block === node || isAncestor(block, node));
  let blocks = descendants.filter(
    (node) => hasClass(node, 'ltx_bibblock') && !hasClass(node, 'ltx_bib_cited'),
  );
  // Blocks nested in blocks would be read twice.
  blocks = blocks.filter((node) => !blocks.some((other) => other !== node && isAncestor(other, node)));
  const blockTexts = (blocks.length ? blocks : [item])
    .map((block) => cleanText(serialize(block, new Set()).text))
    .filter(Boolean);
  const raw = collapse(blockTexts.join(' '));
  const label = descendants.find((node) => hasClass(node, 'ltx_tag'));
  const hrefs = descendants
    .filter((node) => node.name === 'a' && node.attribs?.href && !insideCited(node))
    .map((node) => node.attribs?.href as string);

  const reference: HtmlReference = { bibId, raw, contexts: [] };
  const { arxivIds, dois } = findIdentifiers(hrefs, raw);
  if (arxivIds[0]) reference.arxivId = arxivIds[0];
  if (arxivIds.length > 1) {
    problems.push(`${bibId}: several arXiv ids (${arxivIds.join(', ')}); kept the first`);
  }
  if (dois[0]) reference.doi = dois[0];
  const explicitTitle = descendants.find((node) => hasClass(node, 'ltx_bib_title'));
  const title = explicitTitle ? cleanTitle(plainText(explicitTitle)) : guessTitle(blockTexts);
  if (title) reference.title = title;
  const explicitYear = descendants.find((node) => hasClass(node, 'ltx_bib_year'));
  const year =
    yearIn(explicitYear ? plainText(explicitYear) : '') ??
    yearIn(label ? plainText(label) : '') ??
    guessYear(raw);
  if (year) reference.year = year;
  return reference;
}

function descendantElements(root: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const stack: DomNode[] = [...(root.children ?? [])].reverse();
  while (stack.length) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    out.push(node);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return out;
}

function isAncestor(ancestor: DomNode, node: DomNode): boolean {
  for (let current = node.parent; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

// Identifiers.

const ARXIV_NEW_ID = String.raw`\d{4}\.\d{4,5}(?:v\d+)?`;
const ARXIV_OLD_ID = String.raw`[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?\/\d{7}(?:v\d+)?`;
const ARXIV_URL = new RegExp(
  String.raw`(?:arxiv\.org|ar5iv\.org|ar5iv\.labs\.arxiv\.org)\/(?:abs|pdf|html)\/(${ARXIV_NEW_ID}|${ARXIV_OLD_ID})`,
  'gi',
);
/** `arXiv:2301.12345`, `arXiv preprint arXiv:2301.12345v2`, `arXiv: hep-th/9901001`, `arXiv e-print 2301.12345`. */
const ARXIV_LABELLED = new RegExp(
  String.raw`\barXiv\s*(?::\s*|\s(?:e-?prints?|preprint)\s*:?\s*)(${ARXIV_NEW_ID}|${ARXIV_OLD_ID})(?![\d])`,
  'gi',
);
/** `CoRR, abs/1312.6199`. */
const CORR_ABS = new RegExp(String.raw`\babs\/(${ARXIV_NEW_ID})(?![\d])`, 'g');
/** Archives of old-style ids (before April 2007). */
const OLD_ARCHIVES = [
  'acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat',
  'cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math-ph math mtrl-th nlin nucl-ex nucl-th',
  'patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int supr-con',
]
  .join(' ')
  .split(' ');
/** An old-style id written bare: `hep-th/9901001`, `math.GT/0309136`. */
const ARXIV_OLD_BARE = new RegExp(
  String.raw`(?<![\w./-])((?:${OLD_ARCHIVES.join('|')})(?:\.[A-Za-z]{2})?\/\d{7}(?:v\d+)?)(?![\d])`,
  'g',
);
/** A new-style id written bare (only read when the item mentions arXiv, CoRR or a preprint). */
const ARXIV_NEW_BARE = /(?<![\d./])(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?(?![\d.]\d|\d)/g;
const MENTIONS_ARXIV = /\b(?:arxiv|corr|preprint|e-?prints?)\b/i;
const URL_TEXT = /\bhttps?:\/\/\S+/gi;
const DOI_TEXT = /\b10\.\d{4,9}\/[^\s"<>]+/g;
const DOI_URL = /(?:doi\.org\/|\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|book\/)?)(10\.\d{4,9}\/[^?#\s]+)/i;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/;

function findIdentifiers(hrefs: string[], raw: string): { arxivIds: string[]; dois: string[] } {
  const arxivIds: string[] = [];
  const dois: string[] = [];
  const addArxiv = (text: string | undefined) => {
    const id = text ? parseArxivId(text)?.id : undefined;
    if (id && !arxivIds.includes(id)) arxivIds.push(id);
  };
  const addDoi = (text: string | undefined) => {
    const doi = text ? normalizeDoi(trimDoi(text)) : undefined;
    if (!doi) return;
    const arxiv = ARXIV_DOI.exec(doi);
    if (arxiv) addArxiv(arxiv[1]);
    else if (!dois.includes(doi)) dois.push(doi);
  };

  for (const href of hrefs) {
    for (const match of href.matchAll(ARXIV_URL)) addArxiv(match[1]);
    const doi = DOI_URL.exec(safeDecode(href));
    if (doi) addDoi(doi[1]);
  }
  for (const match of raw.matchAll(ARXIV_URL)) addArxiv(match[1]);
  const withoutUrls = raw.replace(URL_TEXT, ' ');
  for (const match of withoutUrls.matchAll(ARXIV_LABELLED)) addArxiv(match[1]);
  for (const match of withoutUrls.matchAll(CORR_ABS)) addArxiv(match[1]);
  for (const match of withoutUrls.matchAll(ARXIV_OLD_BARE)) addArxiv(match[1]);
  for (const match of raw.matchAll(DOI_TEXT)) addDoi(match[0]);
  if (MENTIONS_ARXIV.test(raw)) {
    for (const match of withoutUrls.replace(DOI_TEXT, ' ').matchAll(ARXIV_NEW_BARE)) {
      const [whole, yy, mm, number] = match;
      if (plausibleNewStyle(Number(yy), Number(mm), number ?? '')) addArxiv(whole);
    }
  }
  return { arxivIds, dois };
}

/** New-style ids began in April 2007 with 4 digits after the dot, 5 digits from January 2015. */
function plausibleNewStyle(yy: number, mm: number, number: string): boolean {
  if (mm < 1 || mm > 12 || yy < 7 || (yy === 7 && mm < 4)) return false;
  return number.length === (yy >= 15 ? 5 : 4);
}

/** Drops what follows a DOI in running text: trailing punctuation and unbalanced closing brackets. */
function trimDoi(text: string): string {
  let doi = text.trim();
  for (;;) {
    const last = doi.at(-1);
    if (last && '.,;:\'"”’'.includes(last)) doi = doi.slice(0, -1);
    else if (last === ')' && count(doi, '(') < count(doi, ')')) doi = doi.slice(0, -1);
    else if (last === ']' && count(doi, '[') < count(doi, ']')) doi = doi.slice(0, -1);
    else return doi;
  }
}

const count = (text: string, char: string) => text.split(char).length - 1;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Title and year guesses.

const NOT_A_TITLE =
  /^(?:URL\b|https?:|www\.|arXiv\b|CoRR\b|In\s+\p{Lu}|Proceedings\b|Technical report\b|Accessed\b|doi\b)/iu;

function guessTitle(blocks: string[]): string | undefined {
  if (blocks.length >= 2) return cleanTitle(blocks[1] ?? '');
  const only = blocks[0];
  if (!only) return undefined;
  const quoted = /[“"]([^”"]{8,}?)[”"]/.exec(only);
  if (quoted?.[1]) return cleanTitle(quoted[1]);
  const pieces = splitSentences(only);
  return pieces.length >= 2 ? cleanTitle(pieces[1] ?? '') : undefined;
}

function cleanTitle(text: string): string | undefined {
  let title = collapse(text)
    .replace(/,\s*(?:19|20)\d{2}[a-z]?\.?$/, '')
    .replace(/[\s.,;:]+$/, '')
    .trim();
  // Quotes around the whole title go; quotes inside it (`fail to learn “b is a”`) stay.
  const wrapped = /^[“"‘'](.*)[”"’']$/.exec(title);
  if (wrapped?.[1] && !/[“”"]/.test(wrapped[1])) title = wrapped[1].replace(/[\s,;:]+$/, '').trim();
  if (title.length < 3 || !/\p{L}/u.test(title) || NOT_A_TITLE.test(title)) return undefined;
  if (title.length > 500) title = `${title.slice(0, 499)}…`;
  return title;
}

function yearIn(text: string): number | undefined {
  const years = [...text.matchAll(/(?<![\d.])((?:19|20)\d{2})(?:[a-z])?(?![\d])/g)].map((m) => Number(m[1]));
  return years.at(-1);
}

/** The last plausible year of the item, skipping ids, URLs, page ranges and dates such as 2024-09-27. */
function guessYear(raw: string): number | undefined {
  const text = raw
    .replace(URL_TEXT, ' ')
    .replace(DOI_TEXT, ' ')
    .replace(/\b\d{4}\.\d{4,5}(?:v\d+)?\b/g, ' ')
    .replace(/\/\d{7}\b/g, ' ');
  const years = [...text.matchAll(/(?<![\d.\-–—/])((?:19|20)\d{2})(?:[a-z])?(?![\d]|[-–—/]\d)/g)].map((m) =>
    Number(m[1]),
  );
  return years.at(-1);
}

// ---------------------------------------------------------------------------------------------------------
// Citations and their sentences.

/** Elements whose subtree holds page chrome or the bibliography: citations there are not read. */
function isExcluded(node: DomNode): boolean {
  const name = node.name;
  if (name === 'nav' || name === 'header' || name === 'footer' || name === 'head' || name === 'template') {
    return true;
  }
  const classes = classList(node);
  return (
    classes.includes('ltx_bibliography') ||
    classes.includes('ltx_bibitem') ||
    classes.includes('ltx_TOC') ||
    classes.includes('ltx_page_navbar') ||
    classes.includes('ltx_page_header') ||
    classes.includes('ltx_page_footer') ||
    classes.includes('ar5iv-footer')
  );
}

const CONTAINER_TAGS = new Set([
  ...['p', 'figcaption', 'caption', 'li', 'td', 'th', 'dd', 'dt', 'blockquote'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
]);

/** The smallest text block a citing sentence is cut from. */
function isContainer(node: DomNode): boolean {
  if (CONTAINER_TAGS.has(node.name ?? '')) return true;
  const classes = classList(node);
  return (
    classes.includes('ltx_note_content') ||
    classes.includes('ltx_note') ||
    classes.includes('ltx_p') ||
    classes.includes('ltx_caption')
  );
}

/**
 * LaTeXML cuts a paragraph at each display equation into `p` pieces inside one `div.ltx_para`; a sentence
 * running through the equation is read from the whole paragraph.
 */
function widenAroundEquations(container: DomNode | undefined): DomNode | undefined {
  const parent = container?.parent;
  if (!container || !parent || container.name !== 'p' || !hasClass(parent, 'ltx_para')) return container;
  return (parent.children ?? []).some((child) => isElement(child) && isEquation(child)) ? parent : container;
}

function fragmentOf(href: string): string | undefined {
  const hash = href.indexOf('#');
  return hash < 0 ? undefined : safeDecode(href.slice(hash + 1));
}

function collectContexts($: Api, byId: Map<string, HtmlReference>, problems: string[]): void {
  const byContainer = new Map<DomNode, Array<{ anchor: DomNode; reference: HtmlReference }>>();
  const dangling = new Map<string, number>();
  for (const anchor of elements($, 'a[href*="#"]')) {
    const fragment = fragmentOf(anchor.attribs?.href ?? '');
    if (!fragment) continue;
    const reference = byId.get(fragment);
    if (!reference && !/(?:^|\.)bib\d+$/.test(fragment)) continue;
    let container: DomNode | undefined;
    let excluded = false;
    for (let node = anchor.parent; node; node = node.parent) {
      if (!isElement(node)) continue;
      if (isExcluded(node)) {
        excluded = true;
        break;
      }
      if (!container && isContainer(node)) container = node;
    }
    if (excluded) continue;
    if (!reference) {
      dangling.set(fragment, (dangling.get(fragment) ?? 0) + 1);
      continue;
    }
    const key = widenAroundEquations(container) ?? (anchor.parent as DomNode);
    const list = byContainer.get(key) ?? [];
    list.push({ anchor, reference });
    byContainer.set(key, list);
  }
  for (const [fragment, times] of dangling) {
    problems.push(`#${fragment} is cited ${times} time(s) but no bibliography item has that id`);
  }
  const missing = elements($, '.ltx_missing_citation')
    .filter((node) => !ancestorMatches(node, isExcluded))
    .map((node) => plainText(node));
  if (missing.length) {
    const keys = [...new Set(missing)];
    problems.push(
      `${missing.length} citation(s) LaTeXML could not resolve: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}`,
    );
  }

  let unplaced = 0;
  for (const [container, cites] of byContainer) {
    const serialized = serialize(container, new Set(cites.map((cite) => cite.anchor)));
    const sentences = sentenceRanges(serialized.text, serialized.mask);
    for (const { anchor, reference } of cites) {
      const offset = serialized.offsets.get(anchor);
      if (offset === undefined) {
        unplaced += 1; // inside markup that is not read as text (a drawing, a label)
        continue;
      }
      const range = sentences.find(([start, end]) => offset >= start && offset < end) ?? sentences.at(-1);
      if (!range) continue;
      const context = boundedContext(serialized.text, range, offset);
      if (context && !reference.contexts.includes(context)) reference.contexts.push(context);
    }
  }
  if (unplaced) problems.push(`${unplaced} citation(s) inside non-text markup; no sentence kept for them`);
}

function ancestorMatches(node: DomNode, test: (node: DomNode) => boolean): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isElement(current) && test(current)) return true;
  }
  return false;
}

// Serialisation: a block's text as a reader sees it, with the places of the citations and of the spans
// that must not be split (citation markers, math).

/** Separates two blocks: always a sentence boundary. */
const HARD_BREAK = '\u2029';
/** Spacing put around math: a space, unless punctuation or a space is already next to it. */
const SOFT_SPACE = '\u200b';
const PROTECT_CITE = 1;
const PROTECT_MATH = 2;

const SKIPPED_TAGS = new Set([
  ...['script', 'style', 'noscript', 'template', 'img', 'svg', 'canvas', 'iframe', 'object', 'button'],
  ...['annotation', 'annotation-xml'],
]);
const BLOCK_TAGS = new Set([
  ...['p', 'div', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'pre', 'blockquote', 'table'],
  ...['figure', 'figcaption', 'caption', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
]);
const INLINE_IN_FLOW = new Set(['tr', 'td', 'th', 'tbody', 'thead', 'tfoot']);

function isSkipped(node: DomNode): boolean {
  if (SKIPPED_TAGS.has(node.name ?? '')) return true;
  const classes = classList(node);
  if (
    classes.includes('ltx_note') ||
    classes.includes('ltx_note_mark') ||
    classes.includes('ltx_note_type') ||
    classes.includes('ltx_ERROR')
  ) {
    return true;
  }
  return classes.includes('ltx_tag') && !classes.includes('ltx_tag_ref');
}

/** Display equations sit inside the flow of a sentence: no block break around them. */
function isEquation(node: DomNode): boolean {
  const classes = classList(node);
  return classes.some((c) => c === 'ltx_equation' || c === 'ltx_equationgroup' || c === 'ltx_eqn_table');
}

interface Serialized {
  text: string;
  /** Per character: 0, or PROTECT_CITE / PROTECT_MATH where no sentence may end. */
  mask: Uint8Array;
  /** Where each wanted anchor's text begins. */
  offsets: Map<DomNode, number>;
}

type StackItem = DomNode | { end: 'cite' | 'block' | 'equation'; start: number };

function serialize(container: DomNode, wanted: Set<DomNode>): Serialized {
  const parts: string[] = [];
  let length = 0;
  const push = (text: string) => {
    if (!text) return;
    parts.push(text);
    length += text.length;
  };
  const ranges: Array<[number, number, number]> = [];
  const offsets = new Map<DomNode, number>();
  const stack: StackItem[] = [container];
  let equationDepth = 0;
  while (stack.length) {
    const item = stack.pop() as StackItem;
    if ('end' in item) {
      if (item.end === 'cite') ranges.push([item.start, length, PROTECT_CITE]);
      else if (item.end === 'block') push(HARD_BREAK);
      else equationDepth -= 1;
      continue;
    }
    if (item.type === 'text') {
      push((item.data ?? '').replace(/[\u2029\u200b]/g, ' '));
      continue;
    }
    if (!isElement(item)) continue;
    if (item !== container && isSkipped(item)) continue;
    if (wanted.has(item)) offsets.set(item, length);
    const name = item.name ?? '';
    if (name === 'math') {
      const tex = mathText(item);
      push(SOFT_SPACE);
      ranges.push([length, length + tex.length, PROTECT_MATH]);
      push(tex);
      push(SOFT_SPACE);
      continue;
    }
    if (name === 'br') {
      push(' ');
      continue;
    }
    const children = item.children ?? [];
    if (name === 'cite') {
      stack.push({ end: 'cite', start: length });
    } else if (isEquation(item)) {
      push(' ');
      equationDepth += 1;
      stack.push({ end: 'equation', start: length });
    } else if (item.parent === container && name === 'p' && hasClass(container, 'ltx_para')) {
      push(' '); // a piece of a paragraph cut by a display equation
    } else if (item !== container && equationDepth === 0 && BLOCK_TAGS.has(name)) {
      push(HARD_BREAK);
      stack.push({ end: 'block', start: length });
    } else if (INLINE_IN_FLOW.has(name)) {
      push(' ');
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  const text = parts.join('');
  const mask = new Uint8Array(text.length);
  for (const [start, end, kind] of ranges) mask.fill(kind, start, end);
  return { text, mask, offsets };
}

/** A math element as LaTeX: its alttext, else its TeX annotation, else the text of its presentation. */
function mathText(math: DomNode): string {
  const alt = math.attribs?.alttext;
  if (alt?.trim()) return collapse(alt);
  const nodes = descendantElements(math);
  const tex = nodes.find((node) => node.name === 'annotation' && /tex/i.test(node.attribs?.encoding ?? ''));
  if (tex) return plainText(tex);
  const parts: string[] = [];
  const stack: DomNode[] = [math];
  while (stack.length) {
    const node = stack.pop() as DomNode;
    if (node.type === 'text') parts.push(node.data ?? '');
    else if (node.name !== 'annotation' && node.name !== 'annotation-xml') {
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
    }
  }
  return collapse(parts.join(''));
}

/** The final text of a serialised span: soft spaces resolved, block breaks and whitespace collapsed. */
function cleanText(text: string): string {
  return text
    .replace(/\u200b+(?=[\s,.;:!?)\]}”’]|$)/g, '')
    .replace(/(^|[\s([{“‘])\u200b+/g, '$1')
    .replace(/\u200b+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function boundedContext(text: string, [start, end]: [number, number], offset: number): string {
  const sentence = cleanText(text.slice(start, end));
  if (sentence.length <= MAX_CONTEXT_CHARS) return sentence;
  const before = cleanText(text.slice(start, offset)).length;
  const room = MAX_CONTEXT_CHARS - 2;
  let from = Math.max(0, before - Math.floor(room / 2));
  const to = Math.min(sentence.length, from + room);
  from = Math.max(0, to - room);
  let window = sentence.slice(from, to);
  if (from > 0) window = `…${window.replace(/^\S*\s/, '')}`;
  if (to < sentence.length) window = `${window.replace(/\s\S*$/, '')}…`;
  return window;
}

// Sentence splitting.

/** Words that end with a period without ending a sentence (compared in lower case). */
const ABBREVIATIONS = new Set([
  ...['al', 'e.g', 'i.e', 'cf', 'viz', 'vs', 'approx', 'resp'],
  ...['fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'sec', 'secs', 'sect', 'tab', 'tabs', 'ref', 'refs'],
  ...['thm', 'lem', 'prop', 'cor', 'def', 'alg', 'appx', 'ch', 'chap', 'vol', 'pp', 'dr', 'prof', 'jr'],
]);
/** Abbreviations only when a number follows (`No. 5`, `p. 12`), else ordinary words. */
const NUMBERED_ABBREVIATIONS = new Set(['no', 'nos', 'p']);
const TERMINATORS = '.!?…';
const CLOSERS = ')]}"”’\'»';
const OPENERS = '(["“‘\'¿¡«';

/**
 * Sentence boundaries of a block: after `.`, `!`, `?` or `…` (and any closing quotes or brackets) followed
 * by a space and a capital, a digit, an opening bracket or quote, or a citation or formula; never inside a
 * citation or a formula, after an abbreviation (`et al.`, `e.g.`, `Fig.`, `Eq.`, `Sec.`, …) or after an
 * initial (`J. Frankle`). A block break always ends a sentence. Returns [start, end) ranges.
 */
function sentenceRanges(text: string, mask: Uint8Array): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  const cut = (end: number, next: number) => {
    if (/[^\s\u200b]/.test(text.slice(start, end))) ranges.push([start, end]);
    start = next;
  };
  const isSpace = (char: string | undefined) =>
    char !== undefined && (/\s/.test(char) || char === SOFT_SPACE);
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === HARD_BREAK) {
      cut(i, i + 1);
      i += 1;
      continue;
    }
    if (!TERMINATORS.includes(char) || mask[i]) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < text.length && TERMINATORS.includes(text[j] as string)) j += 1;
    while (j < text.length && CLOSERS.includes(text[j] as string)) j += 1;
    if (j >= text.length) {
      cut(j, j);
      break;
    }
    if (!isSpace(text[j]) && text[j] !== HARD_BREAK) {
      i = j;
      continue;
    }
    let k = j;
    let hard = false;
    while (k < text.length && (isSpace(text[k]) || text[k] === HARD_BREAK)) {
      if (text[k] === HARD_BREAK) hard = true;
      k += 1;
    }
    const next = text[k];
    const startsSentence =
      hard || next === undefined || /[\p{Lu}\p{N}]/u.test(next) || OPENERS.includes(next) || mask[k] !== 0;
    if (startsSentence && (hard || char !== '.' || !isAbbreviation(text, mask, i, next ?? ''))) {
      cut(j, k);
    }
    i = k;
  }
  if (start < text.length) cut(text.length, text.length);
  return ranges;
}

/** Whether the period at `dot` belongs to an abbreviation or an initial rather than ending a sentence. */
function isAbbreviation(text: string, mask: Uint8Array, dot: number, next: string): boolean {
  if (dot > 0 && mask[dot - 1] === PROTECT_MATH) return false;
  let from = dot;
  while (from > 0 && !/[\s\u200b\u2029([{"“'‘]/.test(text[from - 1] as string) && !mask[from - 1]) from -= 1;
  const token = text.slice(from, dot);
  if (!token) return false;
  if (/^\p{Lu}$/u.test(token)) return true; // an initial: J. Frankle
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return true; // e.g, i.e, U.S, w.r.t
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  return NUMBERED_ABBREVIATIONS.has(lower) && /\p{N}/u.test(next);
}

/**
 * Splits plain text into sentences with the rules used for citation contexts (see sentenceRanges);
 * whitespace collapsed.
 */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/[\u2029\u200b]/g, ' ');
  return sentenceRanges(clean, new Uint8Array(clean.length))
    .map(([start, end]) => collapse(clean.slice(start, end)))
    .filter(Boolean);
}
