/**
 * Export formats over the shared export model (./model.ts): BibTeX, CSV, GraphML and the project's own
 * JSON Lines (re-importable with `empirica import`). Pure and browser-safe: no Node modules, no database
 * code, so the web page builds the same downloads the CLI writes.
 *
 * Every format comes in pieces (`bibtexEntry`, `csvRow`, `graphmlNode`, `jsonlPaper`, …) so that the CLI
 * can stream a whole graph page by page; the whole-string functions (`toBibtex`, `toCsv`, `toGraphml`,
 * `toJsonl`) are built from the same pieces and give the same text.
 */
import type { ExportBundle, ExportCitation, ExportFormat, ExportPaper, ExportTag } from './model.js';

// ---------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------

/**
 * Drops what no text format should carry: C0 controls but tab, newline and carriage return; DEL and C1
 * controls; lone surrogates; U+FFFE / U+FFFF. Everything the drop leaves is a valid XML 1.0 character.
 */
export function stripInvalidChars(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    if (code >= 0x7f && code <= 0x9f) continue;
    if (code >= 0xd800 && code <= 0xdfff) continue; // a lone surrogate (a pair iterates as one code point)
    if (code === 0xfffe || code === 0xffff) continue;
    out += char;
  }
  return out;
}

/** One line of text: invalid characters dropped, whitespace runs collapsed. */
function oneLine(text: string): string {
  return stripInvalidChars(text).replace(/\s+/g, ' ').trim();
}

/** A curator's rejection says "this label does not apply": it is never shown as a label. */
function activeTags(paper: ExportPaper, kind: ExportTag['kind']): ExportTag[] {
  return paper.tags
    .filter((tag) => tag.kind === kind && !tag.rejected)
    .sort((a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Labels of a paper's subfields (non-rejected), most confident first. */
export function subfieldLabels(paper: ExportPaper): string[] {
  return activeTags(paper, 'subfield').map((tag) => tag.label);
}

/** Labels of a paper's contribution types (non-rejected), most confident first. */
export function contributionLabels(paper: ExportPaper): string[] {
  return activeTags(paper, 'contribution').map((tag) => tag.label);
}

/**
 * The contribution type to colour a paper by: the most confident non-rejected one (a curator's tag has
 * confidence 1), ties broken by label; null when it has none.
 */
export function primaryContributionType(paper: ExportPaper): string | null {
  return contributionLabels(paper)[0] ?? null;
}

/** Where a reader finds the paper: arXiv abstract page, else the DOI resolver, else OpenReview. */
export function paperUrl(paper: Pick<ExportPaper, 'arxivId' | 'doi' | 'openreviewId'>): string | null {
  if (paper.arxivId) return `https://arxiv.org/abs/${paper.arxivId}`;
  if (paper.doi) return `https://doi.org/${paper.doi}`;
  if (paper.openreviewId) return `https://openreview.net/forum?id=${encodeURIComponent(paper.openreviewId)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// BibTeX
// ---------------------------------------------------------------------------------------------------

const BIBTEX_PLAIN: Record<string, string> = {
  '\\': '\\textbackslash{}',
  // BibTeX counts every brace, escaped or not, so literal braces become commands with balanced braces.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Plain text (names, venues) for a brace-delimited BibTeX field: every special character escaped. */
export function bibtexEscape(text: string): string {
  return [...oneLine(text)].map((char) => BIBTEX_PLAIN[char] ?? char).join('');
}

/** Braces balance the way BibTeX counts them (every brace, escaped or not). */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A title for BibTeX: LaTeX already in it (`$\ell_1$`, `\"{o}`, `{BERT}`, `\&`) is left as it is; bare
 * specials are escaped (`&`, `%`, `#`, and outside math `_`, `^`, an unpaired `$`, a lone backslash).
 * When the braces do not balance the title is taken as plain text and escaped entirely, so the entry
 * always parses.
 */
export function bibtexTitle(title: string): string {
  const text = oneLine(title);
  let out = '';
  let inMath = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\') {
      const command = /^\\(?:[A-Za-z]+|[^A-Za-z\s])/.exec(text.slice(i))?.[0];
      if (command) {
        out += command;
        i += command.length - 1;
      } else out += '\\textbackslash{}';
      continue;
    }
    if (char === '$') {
      if (inMath || text.indexOf('$', i + 1) > i + 1) {
        inMath = !inMath;
        out += '$';
      } else out += '\\$';
      continue;
    }
    if (char === '&' || char === '%' || char === '#') out += `\\${char}`;
    else if (!inMath && char === '_') out += '\\_';
    else if (!inMath && char === '^') out += '\\textasciicircum{}';
    else out += char;
  }
  return bracesBalance(out) ? out : bibtexEscape(text);
}

/** A name for the `author` list: a name BibTeX would split (a comma, the word "and") is kept whole in braces. */
function bibtexName(name: string): string {
  const escaped = bibtexEscape(name);
  return /,|\band\b/i.test(escaped) ? `{${escaped}}` : escaped;
}

/** Identifiers and URLs go in as they are, without braces, backslashes or whitespace. */
function bibtexVerbatim(value: string): string {
  return oneLine(value).replace(/[{}\\\s]/g, '');
}

const KEY_STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'to', 'for', 'and', 'is', 'are', 'do']);

/** ASCII letters and digits of a text, lower-cased, accents folded (`Schölkopf` → `scholkopf`). */
function keyPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** First author's surname + year + first title word: `zhang2016understanding`. */
export function bibtexKeyBase(paper: Pick<ExportPaper, 'authors' | 'year' | 'title'>): string {
  const name = paper.authors[0]?.name ?? '';
  const surname = name.includes(',') ? (name.split(',')[0] ?? '') : (name.trim().split(/\s+/).at(-1) ?? '');
  const words = (paper.title ?? '')
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/\\[A-Za-z]+/g, ' ')
    .split(/[\s\-–—/:]+/)
    .map(keyPart)
    .filter((word) => word && !KEY_STOP_WORDS.has(word));
  return `${keyPart(surname) || 'anon'}${paper.year ?? 'nd'}${words[0] ?? 'paper'}`;
}

/** a, b, …, z, aa, ab, … */
function suffix(n: number): string {
  let out = '';
  let i = n;
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return out;
}

/**
 * A citation-key allocator for one file: the first paper with a base key gets it as it is, later ones
 * get `a`, `b`, `c`, … appended (never a key already given). Deterministic for a given paper order.
 */
export function createBibtexKeys(): (paper: Pick<ExportPaper, 'authors' | 'year' | 'title'>) => string {
  const used = new Set<string>();
  return (paper) => {
    const base = bibtexKeyBase(paper);
    let key = base;
    for (let n = 0; used.has(key); n++) key = `${base}${suffix(n)}`;
    used.add(key);
    return key;
  };
}

/**
 * One BibTeX entry: `@inproceedings` (booktitle) when the venue is known, `@article` for an arXiv
 * preprint (eprint, archivePrefix, primaryClass), `@misc` otherwise. Stubs have no entry (empty string).
 */
export function bibtexEntry(paper: ExportPaper, key: string): string {
  if (paper.stub || !paper.title) return '';
  const fields: Array<[string, string]> = [['title', `{${bibtexTitle(paper.title)}}`]];
  if (paper.authors.length)
    fields.push(['author', paper.authors.map((author) => bibtexName(author.name)).join(' and ')]);
  const venue = paper.venue ? bibtexEscape(paper.venue) : '';
  const journalRef = paper.extra?.journalRef ? bibtexEscape(paper.extra.journalRef) : '';
  let type: string;
  if (venue) {
    type = 'inproceedings';
    fields.push(['booktitle', venue]);
  } else if (paper.arxivId) {
    type = 'article';
    fields.push(['journal', journalRef || `arXiv preprint arXiv:${bibtexVerbatim(paper.arxivId)}`]);
  } else type = 'misc';
  if (paper.year !== null) fields.push(['year', String(paper.year)]);
  if (paper.arxivId) {
    fields.push(['eprint', bibtexVerbatim(paper.arxivId)], ['archivePrefix', 'arXiv']);
    const primary = paper.categories[0];
    if (primary) fields.push(['primaryClass', bibtexVerbatim(primary)]);
  }
  if (paper.doi) fields.push(['doi', bibtexVerbatim(paper.doi)]);
  const url = paperUrl(paper);
  if (url) fields.push(['url', bibtexVerbatim(url)]);
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n');
  return `@${type}{${key},\n${body}\n}\n`;
}

/** A BibTeX file: one entry per full paper (stubs are left out), keys unique within the file. */
export function toBibtex(papers: readonly ExportPaper[]): string {
  const keyOf = createBibtexKeys();
  return papers
    .filter((paper) => !paper.stub && paper.title)
    .map((paper) => bibtexEntry(paper, keyOf(paper)))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------------

export const CSV_COLUMNS = [
  'key',
  'arxivId',
  'doi',
  'openreviewId',
  'title',
  'year',
  'publishedAt',
  'venue',
  'authors',
  'categories',
  'subfields',
  'contributionTypes',
  'primaryContributionType',
  'citationCount',
  'stub',
  'url',
] as const;

/**
 * One RFC 4180 field. Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * single quote, so a spreadsheet shows it as text instead of running it as a formula (CSV injection);
 * a field with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? stripInvalidChars(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header record, CRLF-terminated. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One paper as a CSV record, CRLF-terminated. */
export function csvRow(paper: ExportPaper): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null | undefined> = {
    key: paper.key,
    arxivId: paper.arxivId,
    doi: paper.doi,
    openreviewId: paper.openreviewId,
    title: paper.title,
    year: paper.year,
    publishedAt: paper.publishedAt,
    venue: paper.venue,
    authors: paper.authors.map((author) => author.name).join('; '),
    categories: paper.categories.join('; '),
    subfields: subfieldLabels(paper).join('; '),
    contributionTypes: contributionLabels(paper).join('; '),
    primaryContributionType: primaryContributionType(paper),
    citationCount: paper.citationCount,
    stub: paper.stub,
    url: paperUrl(paper),
  };
  return `${CSV_COLUMNS.map((column) => csvCell(values[column])).join(',')}\r\n`;
}

/** A CSV file: the header and one record per paper (stubs included, marked in the `stub` column). */
export function toCsv(papers: readonly ExportPaper[]): string {
  return csvHeader() + papers.map(csvRow).join('');
}

// ---------------------------------------------------------------------------------------------------
// GraphML
// ---------------------------------------------------------------------------------------------------

/** Text for XML content or a double-quoted attribute: invalid characters dropped, markup escaped. */
export function xmlEscape(text: string): string {
  return stripInvalidChars(text).replace(/[&<>"'\t\n\r]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        // Tab and line breaks as references: attribute normalisation would turn them into spaces.
        return `&#${char.charCodeAt(0)};`;
    }
  });
}

type GraphmlType = 'string' | 'int' | 'boolean';

/** The GraphML attributes: id, what they describe, name and type. */
export const GRAPHML_KEYS: ReadonlyArray<{
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: GraphmlType;
}> = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'title', for: 'node', name: 'title', type: 'string' },
  { id: 'year', for: 'node', name: 'year', type: 'int' },
  { id: 'venue', for: 'node', name: 'venue', type: 'string' },
  { id: 'arxivId', for: 'node', name: 'arxivId', type: 'string' },
  { id: 'doi', for: 'node', name: 'doi', type: 'string' },
  { id: 'openreviewId', for: 'node', name: 'openreviewId', type: 'string' },
  { id: 'authors', for: 'node', name: 'authors', type: 'string' },
  { id: 'categories', for: 'node', name: 'categories', type: 'string' },
  { id: 'subfields', for: 'node', name: 'subfields', type: 'string' },
  { id: 'contributionTypes', for: 'node', name: 'contributionTypes', type: 'string' },
  { id: 'primaryContributionType', for: 'node', name: 'primaryContributionType', type: 'string' },
  { id: 'citationCount', for: 'node', name: 'citationCount', type: 'int' },
  { id: 'stub', for: 'node', name: 'stub', type: 'boolean' },
  { id: 'contexts', for: 'edge', name: 'contexts', type: 'string' },
  { id: 'contextCount', for: 'edge', name: 'contextCount', type: 'int' },
  { id: 'sources', for: 'edge', name: 'sources', type: 'string' },
];

/** The XML declaration, the attribute declarations and the opening of one directed graph. */
export function graphmlHeader(): string {
  const keys = GRAPHML_KEYS.map(
    (key) => `  <key id="${key.id}" for="${key.for}" attr.name="${key.name}" attr.type="${key.type}"/>\n`,
  ).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    keys +
    '  <graph id="citations" edgedefault="directed">\n'
  );
}

function graphmlData(values: ReadonlyArray<[string, string | number | boolean | null | undefined]>): string {
  return values
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `      <data key="${key}">${xmlEscape(String(value))}</data>\n`)
    .join('');
}

/** A paper as a node; its id is the paper's graph key. Absent values have no `<data>`. */
export function graphmlNode(paper: ExportPaper): string {
  const data = graphmlData([
    ['label', paper.title ?? paper.arxivId ?? paper.doi ?? paper.openreviewId ?? paper.key],
    ['title', paper.title],
    ['year', paper.year],
    ['venue', paper.venue],
    ['arxivId', paper.arxivId],
    ['doi', paper.doi],
    ['openreviewId', paper.openreviewId],
    ['authors', paper.authors.map((author) => author.name).join('; ')],
    ['categories', paper.categories.join('; ')],
    ['subfields', subfieldLabels(paper).join('; ')],
    ['contributionTypes', contributionLabels(paper).join('; ')],
    ['primaryContributionType', primaryContributionType(paper)],
    ['citationCount', paper.citationCount],
    ['stub', paper.stub],
  ]);
  return `    <node id="${xmlEscape(paper.key)}">\n${data}    </node>\n`;
}

/** A citation as a directed edge `from → to`; citing sentences one per line. */
export function graphmlEdge(citation: ExportCitation, index: number): string {
  const data = graphmlData([
    ['contexts', citation.contexts.map(oneLine).join('\n')],
    ['contextCount', citation.contexts.length],
    ['sources', citation.sources?.join('; ')],
  ]);
  return (
    `    <edge id="e${index}" source="${xmlEscape(citation.from)}" target="${xmlEscape(citation.to)}">\n` +
    `${data}    </edge>\n`
  );
}

export function graphmlFooter(): string {
  return '  </graph>\n</graphml>\n';
}

/** A GraphML document: papers as nodes, the citations whose both ends are in the bundle as edges. */
export function toGraphml(bundle: ExportBundle): string {
  const keys = new Set(bundle.papers.map((paper) => paper.key));
  const edges = bundle.citations.filter((c) => keys.has(c.from) && keys.has(c.to));
  return (
    graphmlHeader() +
    bundle.papers.map(graphmlNode).join('') +
    edges.map((citation, index) => graphmlEdge(citation, index)).join('') +
    graphmlFooter()
  );
}

// ---------------------------------------------------------------------------------------------------
// JSON Lines (the import format; see docs/exchange.md)
// ---------------------------------------------------------------------------------------------------

export const JSONL_FORMAT = 'empirica-jsonl';
export const JSONL_VERSION = 1;
/** The `source` of papers and citations that do not say where they came from. */
export const EXPORT_SOURCE = 'empirica-export';
/** A citation record holds at most this many citing sentences (src/domain/records.ts). */
const CONTEXTS_PER_LINE = 200;

export interface JsonlCounts {
  /** Full papers (stubs not included). */
  readonly papers: number;
  readonly stubs: number;
  /** Citation edges (one edge may take several lines, one per source). */
  readonly citations: number;
  /** Tag lines, curator rejections included. */
  readonly tags: number;
}

/** What a citation line needs of each end: identifiers, and for a stub the title / year hints. */
export type CitationEnd = Pick<
  ExportPaper,
  'key' | 'arxivId' | 'doi' | 'openreviewId' | 'stub' | 'title' | 'year'
>;

type Ref = { arxivId?: string; doi?: string; openreviewId?: string };

function refOf(paper: Pick<ExportPaper, 'arxivId' | 'doi' | 'openreviewId'>): Ref {
  return {
    ...(paper.arxivId ? { arxivId: paper.arxivId } : {}),
    ...(paper.doi ? { doi: paper.doi } : {}),
    ...(paper.openreviewId ? { openreviewId: paper.openreviewId } : {}),
  };
}

/** The object without null, undefined and empty-list members (the import schema has no nulls). */
function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && !value.length),
    ),
  );
}

export function bundleCounts(bundle: ExportBundle): JsonlCounts {
  const keys = new Set(bundle.papers.map((paper) => paper.key));
  return {
    papers: bundle.papers.filter((paper) => !paper.stub).length,
    stubs: bundle.papers.filter((paper) => paper.stub).length,
    citations: bundle.citations.filter((c) => keys.has(c.from) && keys.has(c.to)).length,
    tags: bundle.papers.reduce((n, paper) => n + paper.tags.length, 0),
  };
}

/** The first line: format, version, when, and how many records of each kind follow. */
export function jsonlHeader(
  counts: JsonlCounts,
  options: { exportedAt?: string; selection?: string } = {},
): string {
  return JSON.stringify({
    type: 'header',
    format: JSONL_FORMAT,
    version: JSONL_VERSION,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    ...(options.selection ? { selection: options.selection } : {}),
    counts,
  });
}

/**
 * A paper line: the fields of a paper record (src/domain/records.ts) plus the paper's tagging and
 * reference-crawl state. A stub is `{"type":"paper","stub":true, identifiers, title?, year?}`. `key` is
 * informational: the importer finds papers by their identifiers.
 */
export function jsonlPaper(paper: ExportPaper): string {
  if (paper.stub) {
    return JSON.stringify(
      compact({
        type: 'paper',
        stub: true,
        key: paper.key,
        ...refOf(paper),
        title: paper.title,
        year: paper.year,
      }),
    );
  }
  const extra = paper.extra ?? {};
  return JSON.stringify(
    compact({
      type: 'paper',
      key: paper.key,
      ...refOf(paper),
      title: paper.title,
      year: paper.year,
      publishedAt: paper.publishedAt,
      updatedAt: extra.updatedAt,
      arxivVersion: extra.arxivVersion,
      withdrawn: extra.withdrawn ?? undefined,
      journalRef: extra.journalRef,
      venue: paper.venue,
      authors: paper.authors.map((author) =>
        compact({ name: author.name, openreviewId: author.openreviewId }),
      ),
      categories: paper.categories,
      keywords: extra.keywords,
      pdfUrl: extra.pdfUrl,
      comments: extra.comments,
      summary: paper.summary,
      abstract: paper.abstract,
      source: paper.source ?? EXPORT_SOURCE,
      tagsCurated: extra.tagsCurated || undefined,
      taggerVersion: extra.taggerVersion,
      taggedAt: extra.taggedAt,
      refsStatus: extra.refsStatus,
      refsCount: extra.refsCount,
    }),
  );
}

/** One line per tag of the paper, curator rejections included (`"rejected": true`). */
export function jsonlTags(paper: Pick<ExportPaper, 'arxivId' | 'doi' | 'openreviewId' | 'tags'>): string[] {
  return paper.tags.map((tag) =>
    JSON.stringify(
      compact({
        type: 'tag',
        paper: refOf(paper),
        kind: tag.kind,
        label: tag.label,
        confidence: tag.confidence,
        evidence: tag.evidence,
        source: tag.source,
        taggedAt: tag.taggedAt,
        curator: tag.curator,
        reason: tag.reason,
        rejected: tag.rejected,
      }),
    ),
  );
}

/**
 * The lines of one citation edge: one per source it was read from (the citing sentences ride on the
 * first, at most 200 a line), so a re-import rebuilds the same edge. A stub end carries its hints.
 */
export function jsonlCitation(citation: ExportCitation, from: CitationEnd, to: CitationEnd): string[] {
  const sources = citation.sources?.length ? citation.sources : [EXPORT_SOURCE];
  const toRef = { ...refOf(to), ...(to.stub ? compact({ title: to.title, year: to.year }) : {}) };
  const contextChunks: string[][] = [];
  for (let i = 0; i < citation.contexts.length; i += CONTEXTS_PER_LINE)
    contextChunks.push(citation.contexts.slice(i, i + CONTEXTS_PER_LINE));
  const lines: string[] = [];
  const count = Math.max(sources.length, contextChunks.length);
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        type: 'citation',
        from: refOf(from),
        to: toRef,
        contexts: contextChunks[i] ?? [],
        source: sources[i] ?? sources[0],
        ...(i === 0 && citation.addedAt ? { addedAt: citation.addedAt } : {}),
      }),
    );
  }
  return lines;
}

/**
 * The JSON Lines of a bundle (no trailing newlines): the header, every paper (stubs too), the citations
 * whose both ends are in the bundle, then every tag.
 */
export function* jsonlLines(
  bundle: ExportBundle,
  options: { exportedAt?: string; selection?: string } = {},
): Generator<string> {
  yield jsonlHeader(bundleCounts(bundle), options);
  const byKey = new Map(bundle.papers.map((paper) => [paper.key, paper]));
  for (const paper of bundle.papers) yield jsonlPaper(paper);
  for (const citation of bundle.citations) {
    const from = byKey.get(citation.from);
    const to = byKey.get(citation.to);
    if (from && to) yield* jsonlCitation(citation, from, to);
  }
  for (const paper of bundle.papers) yield* jsonlTags(paper);
}

/** A JSON Lines file (newline-terminated lines). */
export function toJsonl(
  bundle: ExportBundle,
  options: { exportedAt?: string; selection?: string } = {},
): string {
  let out = '';
  for (const line of jsonlLines(bundle, options)) out += `${line}\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// One entry point per format
// ---------------------------------------------------------------------------------------------------

export const FORMAT_FILE: Readonly<Record<ExportFormat, { extension: string; mediaType: string }>> = {
  bibtex: { extension: 'bib', mediaType: 'application/x-bibtex' },
  jsonl: { extension: 'jsonl', mediaType: 'application/x-ndjson' },
  graphml: { extension: 'graphml', mediaType: 'application/graphml+xml' },
  csv: { extension: 'csv', mediaType: 'text/csv' },
};

/** The whole file of a bundle in one format. */
export function exportBundle(
  bundle: ExportBundle,
  format: ExportFormat,
  options: { exportedAt?: string; selection?: string } = {},
): string {
  switch (format) {
    case 'bibtex':
      return toBibtex(bundle.papers);
    case 'csv':
      return toCsv(bundle.papers);
    case 'graphml':
      return toGraphml(bundle);
    case 'jsonl':
      return toJsonl(bundle, options);
  }
}
