/**
 * What an export holds, whatever its format: papers with their byline and tags, and the citations among
 * them. Pure data shared by the CLI (`empirica export`) and the web page (downloads built in the browser),
 * so nothing under src/exchange/ may import Node modules or the database layer.
 */

export interface ExportAuthor {
  /** The author's graph key (`openreview:~Jane_Doe1` or a normalised name). */
  readonly key: string;
  readonly name: string;
  readonly openreviewId: string | null;
}

export interface ExportTag {
  readonly kind: 'subfield' | 'contribution';
  /** Taxonomy slug, e.g. `FALSIFICATION`. */
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string | null;
  /** `tagger@<version>` or `curator`. */
  readonly source: string;
  readonly taggedAt: string | null;
  readonly curator: string | null;
  readonly reason: string | null;
  /** A curator's "this label does not apply". */
  readonly rejected: boolean;
}

export interface ExportPaper {
  /** Graph key: `arxiv:1611.03530`, `doi:…`, `openreview:…`. */
  readonly key: string;
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
  /** Null for a stub known only from reference lists. */
  readonly title: string | null;
  readonly year: number | null;
  readonly publishedAt: string | null;
  readonly venue: string | null;
  /** arXiv categories, primary first. */
  readonly categories: readonly string[];
  readonly abstract: string | null;
  readonly summary: string | null;
  /** Known only from reference lists. */
  readonly stub: boolean;
  /** Byline order. */
  readonly authors: readonly ExportAuthor[];
  readonly tags: readonly ExportTag[];
  /** Citations within the graph (CSV column; GraphML attribute), when the reader counted them. */
  readonly citationCount?: number;
  /** Which crawler or loader wrote the paper (`arxiv-api`, `landmarks`, …); re-import keeps it. */
  readonly source?: string | null;
  /** The rest of what the graph holds about a paper, so a JSON Lines export re-imports without loss. */
  readonly extra?: ExportPaperExtra;
}

/** Paper properties only the JSON Lines format carries (all optional: a web bundle may leave them out). */
export interface ExportPaperExtra {
  readonly updatedAt?: string | null;
  readonly arxivVersion?: number | null;
  readonly withdrawn?: boolean | null;
  readonly journalRef?: string | null;
  readonly comments?: string | null;
  readonly keywords?: readonly string[] | null;
  readonly pdfUrl?: string | null;
  /** The whole tag set is curated (the landmark corpus): the tagger leaves the paper alone. */
  readonly tagsCurated?: boolean | null;
  /** The tagger version that last tagged the paper, and when. */
  readonly taggerVersion?: string | null;
  readonly taggedAt?: string | null;
  /** Outcome of the reference crawl (`ok`, `no-html`, `error`) and how many references were read. */
  readonly refsStatus?: string | null;
  readonly refsCount?: number | null;
}

/** `from` cites `to` (graph keys), in these sentences. */
export interface ExportCitation {
  readonly from: string;
  readonly to: string;
  readonly contexts: readonly string[];
  /** Where the link was read (`arxiv-html`, `landmarks`, …); re-import keeps them. */
  readonly sources?: readonly string[];
  /** When the link entered the graph (ISO 8601); re-import keeps the earliest, so watches stay true. */
  readonly addedAt?: string | null;
}

export interface ExportBundle {
  readonly papers: readonly ExportPaper[];
  readonly citations: readonly ExportCitation[];
}

export const EXPORT_FORMATS = ['bibtex', 'jsonl', 'graphml', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
