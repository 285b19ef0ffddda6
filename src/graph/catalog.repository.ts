/**
 * What the API reads about papers, authors and the taxonomies, in batches: each method takes many keys
 * and answers in one query, so the API's per-request loaders never query once per item.
 */
import { normalizeDoi, normalizeOpenReviewId, parseArxivId } from '../domain/identifiers.js';
import * as q from './catalog.queries.js';
import type { Graph } from './driver.js';
import { lookupIdentities } from './paper.queries.js';

export interface PaperView {
  readonly key: string;
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
  readonly title: string | null;
  readonly abstract: string | null;
  readonly summary: string | null;
  readonly year: number | null;
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly stub: boolean;
  readonly venue: string | null;
  readonly withdrawn: boolean;
  readonly citationCount: number;
  readonly referenceCount: number;
  readonly categories: readonly string[];
}

export interface BylineEntryView {
  readonly key: string;
  readonly name: string;
  readonly openreviewId: string | null;
  readonly position: number;
  /** The author's papers in the graph (so a byline is a whole AuthorView). */
  readonly paperCount: number;
}

export interface TagView {
  readonly kind: 'SUBFIELD' | 'CONTRIBUTION';
  readonly label: string;
  readonly confidence: number;
  readonly evidence: string | null;
  readonly source: string;
  readonly taggedAt: string | null;
  readonly curator: string | null;
  readonly reason: string | null;
}

export interface SubmissionView {
  readonly venue: string;
  readonly venueName: string | null;
  readonly state: string | null;
  readonly decision: string | null;
}

export interface VenueView {
  readonly id: string;
  readonly name: string | null;
  readonly submissionCount: number;
  readonly acceptedCount: number;
}

export interface AuthorView {
  readonly key: string;
  readonly name: string;
  readonly openreviewId: string | null;
  readonly paperCount: number;
}

export interface TaxonomyFigures {
  readonly slug: string;
  readonly name: string;
  readonly definition: string;
  readonly paperCount: number;
  readonly trend: ReadonlyArray<{ year: number; papers: number }>;
}

/** How a user named a paper: the kind of identifier and its canonical form. */
export type PaperIdentifier =
  | { readonly kind: 'arxivId'; readonly value: string }
  | { readonly kind: 'doi'; readonly value: string }
  | { readonly kind: 'openreviewId'; readonly value: string };

/**
 * Reads an identifier as a user types it: an arXiv id (new or old style, with or without version or
 * `arXiv:` prefix), a DOI (bare or as a doi.org URL), or an OpenReview id. Undefined when it is none.
 */
export function parsePaperIdentifier(raw: string): PaperIdentifier | undefined {
  const text = raw.trim();
  if (!text || text.length > 300) return undefined;
  const arxiv = parseArxivId(text);
  if (arxiv) return { kind: 'arxivId', value: arxiv.id };
  const doi = normalizeDoi(text);
  if (doi) return { kind: 'doi', value: doi };
  const openreview = normalizeOpenReviewId(text);
  if (openreview) return { kind: 'openreviewId', value: openreview };
  return undefined;
}

function groupBy<T extends { readonly paper: string }>(keys: readonly string[], rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(row.paper)?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

export class CatalogRepository {
  constructor(private readonly graph: Graph) {}

  /** The internal key of the paper a user named, or undefined when the graph has no such paper. */
  async resolvePaper(id: PaperIdentifier): Promise<string | undefined> {
    const [row] = await this.graph.read<{ key: string }>(lookupIdentities([{ [id.kind]: id.value }]));
    return row?.key;
  }

  /** The paper a user named, in one look-up, or undefined when the graph has no such paper. */
  async paperByIdentifier(id: PaperIdentifier): Promise<PaperView | undefined> {
    const [row] = await this.graph.read<PaperView & Record<string, unknown>>(
      q.paperByIdentifier(id.kind, id.value),
    );
    return row;
  }

  /** Papers aligned with `keys`; undefined where a key has no paper. */
  async papers(keys: readonly string[]): Promise<Array<PaperView | undefined>> {
    const rows = await this.graph.read<PaperView & Record<string, unknown>>(q.papersByKeys(keys));
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => byKey.get(k));
  }

  async bylines(keys: readonly string[]): Promise<BylineEntryView[][]> {
    return groupBy(keys, await this.graph.read<BylineEntryView & { paper: string }>(q.authorsOfPapers(keys)));
  }

  async tags(keys: readonly string[]): Promise<TagView[][]> {
    return groupBy(keys, await this.graph.read<TagView & { paper: string }>(q.tagsOfPapers(keys)));
  }

  async submissions(keys: readonly string[]): Promise<SubmissionView[][]> {
    return groupBy(
      keys,
      await this.graph.read<SubmissionView & { paper: string }>(q.submissionsOfPapers(keys)),
    );
  }

  async venues(ids: readonly string[]): Promise<Array<VenueView | undefined>> {
    const rows = await this.graph.read<VenueView & Record<string, unknown>>(q.venuesByIds(ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  async authors(keys: readonly string[]): Promise<Array<AuthorView | undefined>> {
    const rows = await this.graph.read<AuthorView & Record<string, unknown>>(q.authorsByKeys(keys));
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => byKey.get(k));
  }

  /** A page of an author's papers (newest first): keys with their keyset position. */
  async papersOfAuthor(
    author: string,
    after: readonly [number, string] | null,
    limit: number,
  ): Promise<Array<{ key: string; year: number }>> {
    return await this.graph.read(q.papersOfAuthor(author, after, limit));
  }

  async coauthors(author: string, limit: number): Promise<Array<{ key: string; sharedPapers: number }>> {
    return await this.graph.read(q.coauthorsOf(author, limit));
  }

  async subfieldProfile(author: string): Promise<Array<{ label: string; papers: number }>> {
    return await this.graph.read(q.subfieldProfileOf(author));
  }

  async taxonomy(kind: 'subfield' | 'contribution'): Promise<TaxonomyFigures[]> {
    const rows = await this.graph.read<TaxonomyFigures & Record<string, unknown>>(q.taxonomyFigures(kind));
    return rows.map((r) => ({ ...r, trend: r.trend.filter((t) => t !== null) }));
  }
}
