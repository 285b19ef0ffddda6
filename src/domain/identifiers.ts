/**
 * Paper identifiers and their canonical forms. A paper is one node however many identifiers it has
 * (design brief, graph model): the arXiv id without version, the OpenReview forum id, the DOI. Every
 * writer and reader normalises through these functions, so `arXiv:2301.12345v3`, `2301.12345` and
 * `https://arxiv.org/abs/2301.12345v1` all name the same paper.
 */

/** New-style arXiv id (since April 2007): YYMM.NNNN (to 2014) or YYMM.NNNNN, optional version. */
const ARXIV_NEW = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
/** Old-style arXiv id: archive, optional subject class, YYMMNNN, optional version (`math.GT/0309136v2`). */
const ARXIV_OLD = /^([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]{2})?\/(\d{7})(?:v(\d+))?$/;
const ARXIV_PREFIX = /^(?:arxiv:|https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf|html)\/)/i;

export interface ArxivId {
  /** Canonical id without version: `2301.12345`, `hep-th/9901001`, `math/0309136`. */
  readonly id: string;
  /** The version when one was given (`v3` → 3). */
  readonly version?: number;
}

/**
 * Parses an arXiv identifier in any common spelling. Old-style ids drop the subject class, which is not
 * part of the identifier (`math.GT/0309136` is `math/0309136`). Returns undefined when it is not one.
 */
export function parseArxivId(text: string): ArxivId | undefined {
  const bare = text
    .trim()
    .replace(ARXIV_PREFIX, '')
    .replace(/\.pdf$/i, '');
  const modern = ARXIV_NEW.exec(bare);
  if (modern?.[1]) return modern[2] ? { id: modern[1], version: Number(modern[2]) } : { id: modern[1] };
  const old = ARXIV_OLD.exec(bare);
  if (old?.[1] && old[2]) {
    const id = `${old[1].toLowerCase()}/${old[2]}`;
    return old[3] ? { id, version: Number(old[3]) } : { id };
  }
  return undefined;
}

const DOI = /^10\.\d{4,9}\/\S+$/;
const DOI_PREFIX = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i;

/** Canonical DOI: prefix stripped, lower case (DOIs are case-insensitive). Undefined when not a DOI. */
export function normalizeDoi(text: string): string | undefined {
  const bare = text.trim().replace(DOI_PREFIX, '').toLowerCase();
  return DOI.test(bare) ? bare : undefined;
}

/** OpenReview forum / note ids: URL-safe tokens such as `ryJl-b3RcF7` or `Sy8gdB9xx`. */
const OPENREVIEW = /^[A-Za-z0-9_-]{6,32}$/;
const OPENREVIEW_PREFIX = /^(?:openreview:|https?:\/\/openreview\.net\/(?:forum|pdf)\?id=)/i;

export function normalizeOpenReviewId(text: string): string | undefined {
  const bare = text.trim().replace(OPENREVIEW_PREFIX, '');
  return OPENREVIEW.test(bare) ? bare : undefined;
}

/** The identifiers a record or a reference carries; at least one is set in a valid reference. */
export interface PaperRef {
  readonly arxivId?: string | undefined;
  readonly doi?: string | undefined;
  readonly openreviewId?: string | undefined;
}

export const IDENTIFIER_KINDS = ['arxivId', 'doi', 'openreviewId'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * Reads a user-supplied paper id (API, CLI): an arXiv id, a DOI, or an OpenReview id, with or without
 * the usual prefixes and URLs. An arXiv-looking id is always taken as arXiv.
 */
export function parsePaperId(text: string): PaperRef | undefined {
  const arxiv = parseArxivId(text);
  if (arxiv) return { arxivId: arxiv.id };
  const doi = normalizeDoi(text);
  if (doi) return { doi };
  const openreview = normalizeOpenReviewId(text);
  if (openreview) return { openreviewId: openreview };
  return undefined;
}

/**
 * The key a NEW paper node is created with (`Paper.id`): its most stable identifier with a kind prefix.
 * It never changes afterwards, even when the paper later gains other identifiers.
 */
export function paperKeyFor(ref: PaperRef): string | undefined {
  if (ref.arxivId) return `arxiv:${ref.arxivId}`;
  if (ref.doi) return `doi:${ref.doi}`;
  if (ref.openreviewId) return `openreview:${ref.openreviewId}`;
  return undefined;
}

/** `arxivId=2301.12345`-style label naming a reference in errors and logs. */
export function describeRef(ref: PaperRef): string {
  const parts = IDENTIFIER_KINDS.filter((kind) => ref[kind]).map((kind) => `${kind}=${ref[kind]}`);
  return parts.length ? parts.join(' ') : '(no identifier)';
}

/**
 * A title reduced for matching: LaTeX commands and braces dropped, accents removed, lower case,
 * punctuation to spaces. `{\em Deep} Double-Descent: where…` → `deep double descent where …`.
 * Used to resolve references that carry no identifier, and later to match OpenReview with arXiv.
 */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\\[a-zA-Z]+\*?/g, ' ')
    .replace(/[{}$]/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
