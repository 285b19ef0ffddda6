/**
 * Reading XML from the network, which is hostile input: the one place where the arXiv parsers (Atom API,
 * OAI-PMH) check, parse and decode it, so that the hardening is written, tested and fixed once.
 *
 * Why each rule:
 * - A DOCTYPE or ENTITY declaration is refused before parsing. No feed we read has one, and one could
 *   define entities that expand exponentially (billion laughs) or name external resources (XXE).
 * - The XML parser expands no entity at all (`processEntities: false`, `htmlEntities: false`): the text
 *   keeps its references, and `textOf` / `attributeOf` / `decodeXml` decode only the five predefined
 *   entities and numeric character references, once. So `&amp;lt;` is `&lt;`, not `<`; `&nbsp;` or an
 *   undeclared `&lol9;` stays as written; a reference to a code point XML does not allow (`&#0;`,
 *   `&#x110000;`) stays as written too; digit counts are bounded, so no huge number is ever computed.
 * - CDATA sections are rewritten as escaped text before parsing, so that their content is taken literally
 *   and still goes through the one decoder (the parser, with entities off, would merge CDATA into the
 *   surrounding text where it could no longer be told apart and would be decoded twice).
 * - Values are never converted (`parseTagValue` / `parseAttributeValue` off): an arXiv id `2301.10000`
 *   must stay the string `2301.10000`, not the number 2301.1; a title `1e3` stays `1e3`.
 * - The text must be well-formed (a truncated page is an error, not a shorter page), and repeatable
 *   elements are always arrays, so that a page with one record reads like a page with many.
 * - Size is bounded before parsing: at most MAX_XML_BYTES (the HTTP client's body cap), MAX_XML_TAGS
 *   tags, MAX_XML_ATTRIBUTES attributes and MAX_XML_NAMES distinct names. The parser builds about 35
 *   bytes of objects per byte of text and is slowest on attributes and distinct names (20 MB of attributes
 *   took 46 s and 1.6 GB of heap, 500,000 distinct element names 13 s); a real arXiv page of 2,000
 *   entries has about 150,000 tags, 30,000 attributes and 40 names.
 *
 * Elements are read by local name (`removeNSPrefix`): feeds declare and place namespaces differently over
 * time. Attributes are `@_name` keys, text next to child elements is `#text`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as parsed: child elements by local name, attributes as `@_name`, mixed text as `#text`. */
export type XmlNode = { [key: string]: unknown };

/** Why the text was not parsed. */
export type XmlInputProblem =
  | 'not-a-string'
  | 'empty'
  | 'too-large'
  | 'doctype'
  | 'entity'
  | 'malformed'
  | 'unparseable';

/** Largest text accepted, in UTF-8 bytes: the HTTP client's default body cap. */
export const MAX_XML_BYTES = 20 * 1024 * 1024;
/** Most tags (`<` of elements, comments, declarations, counted together) accepted. */
export const MAX_XML_TAGS = 2_000_000;
/** Most attributes (`=` followed by a quote) accepted. */
export const MAX_XML_ATTRIBUTES = 200_000;
/** Most distinct element and attribute names accepted (a feed has a few dozen). */
export const MAX_XML_NAMES = 1_000;

/**
 * The text is not XML we accept: not a string, empty, over the size limits, holding a DOCTYPE or ENTITY
 * declaration (refused before parsing), not well-formed (`line` / `column` say where), or beyond the parser's limits (e.g.
 * nesting too deep). Each parser re-labels it into its own error, naming what it expected to read.
 */
export class XmlInputError extends Error {
  readonly problem: XmlInputProblem;
  /** The validator's or parser's own message, for `malformed` and `unparseable`. */
  readonly detail: string | undefined;
  /** 1-based position of a well-formedness error. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The first 80 characters (leading whitespace skipped), to show what came instead of the XML. */
  readonly excerpt: string;

  constructor(
    problem: XmlInputProblem,
    message: string,
    fields: { detail?: string; line?: number; column?: number; excerpt?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'XmlInputError';
    this.problem = problem;
    this.detail = fields.detail;
    this.line = fields.line;
    this.column = fields.column;
    this.excerpt = fields.excerpt ?? '';
  }
}

const parsers = new WeakMap<ReadonlySet<string>, XMLParser>();

function parserFor(repeatable: ReadonlySet<string>): XMLParser {
  let parser = parsers.get(repeatable);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      processEntities: false,
      htmlEntities: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      // The declaration and processing instructions carry nothing we read; ignored, they never show up
      // as `?xml` / `?name` keys among the elements.
      ignoreDeclaration: true,
      ignorePiTags: true,
      isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && repeatable.has(name),
    });
    parsers.set(repeatable, parser);
  }
  return parser;
}

/**
 * Checks and parses one response body (see the module comment for the rules), returning the document:
 * its keys are the root element(s) by local name. `repeatable` names the elements that are always arrays,
 * whatever their parent and however many there are; pass the same Set each time (its parser is reused).
 * A leading byte order mark is ignored. Throws `XmlInputError`, and nothing else, when the text is refused.
 */
export function parseXml(xml: string, repeatable: ReadonlySet<string>): XmlNode {
  if (typeof xml !== 'string')
    throw new XmlInputError('not-a-string', `XML input must be a string, got ${typeOf(xml)}`);
  // The length first: it costs nothing, where anything else would copy a huge text before refusing it.
  if (xml.length > MAX_XML_BYTES)
    throw tooLarge(`${xml.length} characters, over the ${MAX_XML_BYTES}-byte limit`, '');
  const text = xml.replace(/^\uFEFF/, '');
  const excerpt = text.trimStart().slice(0, 80);
  checkSize(text, excerpt);
  if (/<!DOCTYPE/i.test(text))
    throw new XmlInputError(
      'doctype',
      'XML refused: it contains a <!DOCTYPE> declaration, which could define entities that expand ' +
        'exponentially (billion laughs) or reach external resources',
      { excerpt },
    );
  if (/<!ENTITY/i.test(text))
    throw new XmlInputError(
      'entity',
      'XML refused: it contains an <!ENTITY> declaration (possible entity expansion or external entity attack)',
      { excerpt },
    );
  if (text.trim() === '') throw new XmlInputError('empty', 'XML input is empty');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new XmlInputError(
      'malformed',
      `XML is not well-formed (line ${line}, column ${col}: ${msg}); it starts with ${JSON.stringify(excerpt)}`,
      { detail: msg, line, column: col, excerpt },
    );
  }
  let doc: unknown;
  try {
    doc = parserFor(repeatable).parse(inlineCdata(text));
  } catch (error) {
    // e.g. nesting deeper than the parser's limit, which the validator does not check
    const detail = error instanceof Error ? error.message : String(error);
    throw new XmlInputError(
      'unparseable',
      `XML could not be parsed: ${detail}`,
      { detail, excerpt },
      { cause: error },
    );
  }
  return asNode(doc) ?? {};
}

/**
 * Refuses text over MAX_XML_BYTES, MAX_XML_TAGS, MAX_XML_ATTRIBUTES or MAX_XML_NAMES, in one linear
 * pass at most.
 */
function checkSize(text: string, excerpt: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_XML_BYTES)
    throw tooLarge(`${Buffer.byteLength(text, 'utf8')} bytes, over the ${MAX_XML_BYTES}-byte limit`, excerpt);
  const names = new Set<string>();
  const name = (from: number, to: number) => {
    names.add(text.slice(from, to));
    if (names.size > MAX_XML_NAMES)
      throw tooLarge(`more than ${MAX_XML_NAMES} distinct element and attribute names`, excerpt);
  };
  let tags = 0;
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    if (++tags > MAX_XML_TAGS) throw tooLarge(`more than ${MAX_XML_TAGS} tags`, excerpt);
    let end = at + 1;
    while (end < text.length && !NAME_END.test(text[end] as string)) end += 1;
    if (end > at + 1) name(at + 1, end);
  }
  let attributes = 0;
  for (let at = text.indexOf('='); at >= 0; at = text.indexOf('=', at + 1)) {
    let next = at + 1;
    while (next < text.length && /\s/.test(text[next] as string)) next += 1;
    const quote = text[next];
    if (quote !== '"' && quote !== "'") continue;
    if (++attributes > MAX_XML_ATTRIBUTES)
      throw tooLarge(`more than ${MAX_XML_ATTRIBUTES} attributes`, excerpt);
    let end = at;
    while (end > 0 && /\s/.test(text[end - 1] as string)) end -= 1;
    let start = end;
    while (start > 0 && !NAME_END.test(text[start - 1] as string) && text[start - 1] !== '=') start -= 1;
    if (end > start) name(start, end);
  }
}

/** What ends a name after `<` (an end tag's `/`, a comment's or declaration's `!`, `?` start none). */
const NAME_END = /[\s/>!?<="']/;

function tooLarge(what: string, excerpt: string): XmlInputError {
  return new XmlInputError('too-large', `XML refused: ${what}`, { detail: what, excerpt });
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/**
 * Rewrites CDATA sections as escaped text, so that all text goes through `decodeXml` exactly once and
 * CDATA content comes out literally (`<![CDATA[a &amp; b]]>` reads `a &amp; b`).
 */
function inlineCdata(xml: string): string {
  if (!xml.includes('<![CDATA[')) return xml;
  return xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_match, content: string) =>
    content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
}

// ---------------------------------------------------------------------------------------------------
// Entities

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/**
 * The five predefined entities and numeric character references. Digit counts are bounded (U+10FFFF is
 * 7 decimal / 6 hex digits), so a reference with hundreds of digits is left as text without computing it.
 * Only a lowercase `x` is XML (`&#X41;` is not well-formed and never gets here).
 */
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/**
 * Decodes the five predefined entities and numeric character references in one pass, and nothing else:
 * `&amp;lt;` → `&lt;` (never `<`), `&nbsp;` and undeclared entities stay as written, and so does a
 * reference to a code point XML does not allow (`&#0;`, `&#xD800;`, `&#x110000;`), rather than smuggling
 * a control character or a lone surrogate into the data.
 */
export function decodeXml(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (match, name?: string, decimal?: string, hex?: string) => {
    if (name) return PREDEFINED[name] ?? match;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    return isXmlChar(code) ? String.fromCodePoint(code) : match;
  });
}

/** The `Char` production of XML 1.0: the code points a document may contain. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

// ---------------------------------------------------------------------------------------------------
// Nodes

/** An element with attributes or children (an element with text only is parsed as its string). */
export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an element node, or undefined when it is text, a list or absent. */
export function asNode(value: unknown): XmlNode | undefined {
  return isNode(value) ? value : undefined;
}

/** An absent element as `[]`, one as `[it]`, a repeated one as is. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The names of the child elements of a node (attributes and text left out). */
export function elementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((key) => !key.startsWith('@_') && key !== '#text');
}

/**
 * The decoded text of an element (the first, if it repeats), or undefined when it is absent or has no
 * text of its own (an element with only attributes or children).
 */
export function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return decodeXml(first);
  if (isNode(first) && typeof first['#text'] === 'string') return decodeXml(first['#text']);
  return undefined;
}

/** The decoded value of an element's attribute, or undefined when it has none of that name. */
export function attributeOf(value: unknown, name: string): string | undefined {
  const raw = isNode(value) ? value[`@_${name}`] : undefined;
  return typeof raw === 'string' ? decodeXml(raw) : undefined;
}
