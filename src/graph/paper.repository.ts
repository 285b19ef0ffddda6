/**
 * Writes and reads papers, authorship, categories and citations. Every write is a batched
 * `UNWIND … MERGE` in fixed-size chunks, one transaction per chunk, and idempotent: writing the same
 * batch twice changes nothing. Records are validated here, at the boundary: an invalid record is
 * rejected with an error naming it and its fields, and the rest of the batch is still written.
 */
import { authorKeyFor, normalizeName } from '../domain/authors.js';
import {
  describeRef,
  IDENTIFIER_KINDS,
  normalizeTitle,
  type PaperRef,
  parsePaperId,
} from '../domain/identifiers.js';
import type { MatchCandidate, MatchSubject } from '../domain/matching.js';
import {
  type CitationRecord,
  citationRecordSchema,
  labelCitationInput,
  labelPaperInput,
  type PaperRecord,
  paperRecordSchema,
  type RecordRejection,
  validateRecords,
} from '../domain/records.js';
import type { Tagger } from '../tagging/tagger.js';
import type { Graph, TransactionRunner } from './driver.js';
import { type KnownPaper, planIdentities } from './identity.js';
import * as q from './paper.queries.js';
import { TagRepository } from './tag.repository.js';

/** Outcome of a batch write: how many records were written, and which were rejected and why. */
export interface WriteResult {
  readonly written: number;
  /** Paper nodes this write created (new papers for upsert, stubs for linkCitations). */
  readonly created: number;
  readonly rejected: readonly RecordRejection[];
}

export interface StoredAuthor {
  readonly key: string;
  readonly name: string;
  readonly openreviewId: string | null;
  readonly position: number;
}

/** A paper as read back from the graph. */
export interface StoredPaper {
  readonly id: string;
  readonly stub: boolean;
  readonly arxivId?: string;
  readonly doi?: string;
  readonly openreviewId?: string;
  readonly title?: string;
  readonly abstract?: string;
  readonly year?: number;
  readonly publishedAt?: string;
  readonly authors: readonly StoredAuthor[];
  readonly categories: readonly string[];
  readonly createdAt: string;
  readonly [property: string]: unknown;
}

export interface StoredReference {
  readonly key: string;
  readonly stub: boolean;
  readonly title: string | null;
  readonly contexts: readonly string[];
  readonly sources: readonly string[];
}

export interface PaperRepositoryOptions {
  /** Records per transaction for papers. */
  readonly paperChunk?: number;
  /** Records per transaction for citations. */
  readonly citationChunk?: number;
  /**
   * Tags papers as they are stored (in the same transaction), so a new paper never sits untagged. The
   * composition roots pass the project's tagger; without one, papers wait for `empirica tag --stale`.
   */
  readonly tagger?: Tagger;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The properties of a record that go on the node; absent values are left out, never nulled. */
function paperProps(record: PaperRecord, ids: Record<string, string | null>): q.NodeProps {
  const props: Record<string, q.NodeProps[string] | undefined> = {
    title: record.title,
    titleKey: normalizeTitle(record.title),
    abstract: record.abstract,
    year: record.year ?? yearOf(record.publishedAt),
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    arxivVersion: record.arxivVersion,
    withdrawn: record.withdrawn,
    journalRef: record.journalRef,
    venue: record.venue,
    summary: record.summary,
    comments: record.comments,
    keywords: record.keywords?.length ? record.keywords : undefined,
    pdfUrl: record.pdfUrl,
    source: record.source,
  };
  for (const kind of IDENTIFIER_KINDS) props[kind] = ids[kind] ?? undefined;
  return Object.fromEntries(
    Object.entries(props).filter(([, v]) => v !== undefined && v !== null),
  ) as q.NodeProps;
}

function yearOf(date: string | undefined): number | undefined {
  return date ? Number(date.slice(0, 4)) : undefined;
}

/** The identifiers that are set (the graph answers null for absent ones). */
function stripNulls(ref: { readonly [K in keyof PaperRef]?: string | null }): PaperRef {
  return Object.fromEntries(Object.entries(ref).filter(([, v]) => v)) as PaperRef;
}

function onlyIds(ids: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v)) as Record<string, string>;
}

export class PaperRepository {
  private readonly paperChunk: number;
  private readonly citationChunk: number;
  private readonly tagger: Tagger | undefined;
  private readonly tags: TagRepository;

  constructor(
    private readonly graph: Graph,
    options: PaperRepositoryOptions = {},
  ) {
    this.paperChunk = options.paperChunk ?? 1000;
    this.citationChunk = options.citationChunk ?? 5000;
    this.tagger = options.tagger;
    this.tags = new TagRepository(graph);
  }

  /**
   * Creates or updates papers with their authors and categories. A paper already in the graph under any
   * of the record's identifiers (a stub, or the same work from another source) is updated, not duplicated.
   * With `fill`, a record only fills properties missing from a full paper that another source wrote (an
   * OpenReview note does not overwrite the arXiv metadata of the same work, whatever the crawl order),
   * and adds to its byline without removing anyone; a paper the same source wrote is updated as usual.
   */
  async upsert(inputs: readonly unknown[], options: { fill?: boolean } = {}): Promise<WriteResult> {
    const { valid, rejected } = validateRecords(paperRecordSchema, inputs, labelPaperInput);
    const fill = options.fill ?? false;
    return await this.inChunks(valid, rejected, this.paperChunk, (tx, chunk) =>
      this.upsertChunk(tx, chunk, fill),
    );
  }

  /** Writes valid records chunk by chunk, one transaction each, and merges the outcomes. */
  private async inChunks<R>(
    valid: ReadonlyArray<{ index: number; record: R }>,
    rejected: readonly RecordRejection[],
    size: number,
    write: (
      tx: TransactionRunner,
      chunk: ReadonlyArray<{ index: number; record: R }>,
    ) => Promise<WriteResult>,
  ): Promise<WriteResult> {
    const rejections = [...rejected];
    let written = 0;
    let created = 0;
    for (const chunk of chunks(valid, size)) {
      const outcome = await this.graph.writeTransaction((tx) => write(tx, chunk));
      written += outcome.written;
      created += outcome.created;
      rejections.push(...outcome.rejected);
    }
    return { written, created, rejected: rejections.sort((a, b) => a.index - b.index) };
  }

  private async upsertChunk(
    tx: TransactionRunner,
    chunk: ReadonlyArray<{ index: number; record: PaperRecord }>,
    fill: boolean,
  ): Promise<WriteResult> {
    const known = await tx.run<KnownPaper & Record<string, unknown>>(
      q.lookupIdentities(chunk.map((c) => c.record)),
    );
    const plan = planIdentities(
      chunk.map((c) => c.record),
      known,
    );
    const rejected: RecordRejection[] = [];
    const rows: q.PaperUpsertRow[] = [];
    chunk.forEach(({ index, record }, i) => {
      const resolution = plan.resolutions[i];
      if (!resolution?.ok) {
        rejected.push({
          index,
          record: describeRef(record),
          errors: [`identity: ${resolution ? resolution.conflict : 'unresolved'}`],
        });
        return;
      }
      rows.push({
        key: resolution.key,
        props: paperProps(record, plan.identifiers.get(resolution.key) ?? {}),
        fill,
        authors:
          record.authors?.map((author, position) => ({
            key: authorKeyFor(author),
            name: author.name,
            nameKey: normalizeName(author.name),
            openreviewId: author.openreviewId ?? null,
            position,
          })) ?? null,
        categories: record.categories
          ? [...new Set(record.categories)].map((id, position) => ({ id, primary: position === 0 }))
          : null,
      });
    });
    if (rows.length) await tx.run(q.upsertPapers(rows));
    if (rows.length && this.tagger) {
      await this.tags.tagInTransaction(
        tx,
        this.tagger,
        rows.map((row) => row.key),
      );
    }
    const knownKeys = new Set(known.map((k) => k.key));
    const created = new Set(rows.filter((row) => !knownKeys.has(row.key)).map((row) => row.key)).size;
    return { written: rows.length, created, rejected };
  }

  /**
   * Links citing papers to cited ones with the citing sentences. A cited (or citing) paper not yet in the
   * graph becomes a stub, so citation chains pass through it until it is crawled.
   */
  async linkCitations(inputs: readonly unknown[]): Promise<WriteResult> {
    const { valid, rejected } = validateRecords(citationRecordSchema, inputs, labelCitationInput);
    return await this.inChunks(valid, rejected, this.citationChunk, (tx, chunk) => this.linkChunk(tx, chunk));
  }

  private async linkChunk(
    tx: TransactionRunner,
    chunk: ReadonlyArray<{ index: number; record: CitationRecord }>,
  ): Promise<WriteResult> {
    const refs: PaperRef[] = chunk.flatMap(({ record }) => [record.from, record.to]);
    const known = await tx.run<KnownPaper & Record<string, unknown>>(q.lookupIdentities(refs));
    const knownByKey = new Map(known.map((k) => [k.key, k]));
    const plan = planIdentities(refs, known);

    const rejected: RecordRejection[] = [];
    const edges = new Map<string, { from: string; to: string; contexts: string[]; sources: string[] }>();
    const stubHints = new Map<string, { title?: string; titleKey?: string; year?: number }>();
    chunk.forEach(({ index, record }, i) => {
      const from = plan.resolutions[2 * i];
      const to = plan.resolutions[2 * i + 1];
      const problems = [
        ...(from && !from.ok ? [`from: ${from.conflict}`] : []),
        ...(to && !to.ok ? [`to: ${to.conflict}`] : []),
      ];
      if (!from?.ok || !to?.ok || problems.length) {
        rejected.push({
          index,
          record: `${describeRef(record.from)} -> ${describeRef(record.to)}`,
          errors: problems,
        });
        return;
      }
      if (from.key === to.key) {
        rejected.push({
          index,
          record: `${describeRef(record.from)} -> ${describeRef(record.to)}`,
          errors: ['to: both ends are the same paper'],
        });
        return;
      }
      if (!stubHints.has(to.key)) {
        stubHints.set(to.key, {
          ...(record.to.title ? { title: record.to.title, titleKey: normalizeTitle(record.to.title) } : {}),
          ...(record.to.year ? { year: record.to.year } : {}),
        });
      }
      const edgeKey = `${from.key}\u0000${to.key}`;
      const edge = edges.get(edgeKey);
      if (edge) {
        for (const context of record.contexts)
          if (!edge.contexts.includes(context)) edge.contexts.push(context);
        if (!edge.sources.includes(record.source)) edge.sources.push(record.source);
      } else {
        edges.set(edgeKey, {
          from: from.key,
          to: to.key,
          contexts: [...new Set(record.contexts)],
          sources: [record.source],
        });
      }
    });

    const stubs: q.PaperRow[] = [];
    const learnt: Array<{ key: string; ids: Record<string, string> }> = [];
    for (const [key, ids] of plan.identifiers) {
      const before = knownByKey.get(key);
      if (before) {
        if (IDENTIFIER_KINDS.some((kind) => ids[kind] && !before[kind]))
          learnt.push({ key, ids: onlyIds(ids) });
      } else {
        stubs.push({ key, props: { ...onlyIds(ids), ...stubHints.get(key) } });
      }
    }
    if (stubs.length) await tx.run(q.createStubs(stubs));
    if (learnt.length) await tx.run(q.addIdentifiers(learnt));
    const rows = [...edges.values()];
    if (rows.length) await tx.run(q.mergeCitations(rows));
    // Citing sentences are tagger input: papers that gained some are re-tagged with them.
    if (this.tagger) {
      const withContexts = [...new Set(rows.filter((row) => row.contexts.length).map((row) => row.from))];
      if (withContexts.length) await this.tags.tagInTransaction(tx, this.tagger, withContexts);
    }
    return { written: chunk.length - rejected.length, created: stubs.length, rejected };
  }

  /** Papers by their internal keys (`Paper.id`), in the order asked; missing keys are left out. */
  async getByKeys(keys: readonly string[]): Promise<StoredPaper[]> {
    if (!keys.length) return [];
    const rows = await this.graph.read<{ paper: StoredPaper }>(q.getPapersByKeys(keys));
    return rows.map((row) => row.paper);
  }

  /** Papers named by any identifier (arXiv id, DOI, OpenReview id), one entry per reference (or undefined). */
  async getByRefs(refs: readonly PaperRef[]): Promise<Array<StoredPaper | undefined>> {
    const known = await this.graph.read<KnownPaper & Record<string, unknown>>(q.lookupIdentities(refs));
    const papers = new Map((await this.getByKeys(known.map((k) => k.key))).map((p) => [p.id, p]));
    const keyOf = new Map<string, string>();
    for (const k of known)
      for (const kind of IDENTIFIER_KINDS) if (k[kind]) keyOf.set(`${kind}:${k[kind]}`, k.key);
    return refs.map((ref) => {
      const kind = IDENTIFIER_KINDS.find((kind) => ref[kind] && keyOf.has(`${kind}:${ref[kind]}`));
      const key = kind ? keyOf.get(`${kind}:${ref[kind]}`) : undefined;
      return key ? papers.get(key) : undefined;
    });
  }

  /** A paper by a user-supplied id in any spelling (`arXiv:2301.12345v2`, a DOI URL, an OpenReview id). */
  async getById(id: string): Promise<StoredPaper | undefined> {
    const ref = parsePaperId(id);
    if (!ref) return undefined;
    const [paper] = await this.getByRefs([ref]);
    return paper;
  }

  /**
   * Resolves reference titles to papers by normalised title. Only a title that names exactly one paper
   * resolves; ambiguous or unknown titles are left out, never guessed.
   */
  async findByTitles(titles: readonly string[]): Promise<Map<string, PaperRef>> {
    const keys = titles.map(normalizeTitle).filter((k) => k.length >= 12);
    const byTitle = new Map<string, MatchCandidate[]>();
    for (const candidate of await this.matchCandidates(keys)) {
      byTitle.set(candidate.titleKey, [...(byTitle.get(candidate.titleKey) ?? []), candidate]);
    }
    const found = new Map<string, PaperRef>();
    for (const [titleKey, [only, ...others]] of byTitle) {
      if (only && !others.length) {
        found.set(
          titleKey,
          stripNulls({ arxivId: only.arxivId, doi: only.doi, openreviewId: only.openreviewId }),
        );
      }
    }
    return found;
  }

  /**
   * Records whether a paper's references were read (`ok`, with how many), it has no HTML (`no-html`), or
   * reading failed (`error`: `--missing` tries it again after the papers never tried).
   */
  async markReferences(
    rows: ReadonlyArray<{ arxivId: string; status: 'ok' | 'no-html' | 'error'; count: number }>,
  ): Promise<void> {
    if (rows.length) await this.graph.write(q.markReferences(rows));
  }

  /** arXiv ids of crawled papers whose references were never read (`crawl refs --missing`). */
  async papersMissingReferences(limit: number): Promise<string[]> {
    const rows = await this.graph.read<{ arxivId: string }>(q.papersMissingReferences(limit));
    return rows.map((row) => row.arxivId);
  }

  /** Papers sharing each normalised title, with the first author and year that matching compares. */
  async matchCandidates(titleKeys: readonly string[]): Promise<MatchCandidate[]> {
    if (!titleKeys.length) return [];
    return await this.graph.read<MatchCandidate & Record<string, unknown>>(
      q.matchCandidates([...new Set(titleKeys)]),
    );
  }

  /** OpenReview submissions not joined with an arXiv paper yet. */
  async openReviewOnly(limit: number): Promise<MatchSubject[]> {
    return await this.graph.read<MatchSubject & Record<string, unknown>>(q.openReviewOnlyPapers(limit));
  }

  /** Merges two nodes of one work (see paper.queries.ts#mergePaper); returns false when either is gone. */
  async merge(from: string, into: string, method: string, confidence: number): Promise<boolean> {
    return await this.graph.writeTransaction(async (tx) => {
      const rows = await tx.run(q.mergePaper(from, into, method, confidence));
      // The kept paper may have gained text from the other: tag it again (curator tags moved with it stay).
      if (rows.length && this.tagger) await this.tags.tagInTransaction(tx, this.tagger, [into]);
      return rows.length > 0;
    });
  }

  async recordMatches(
    rows: ReadonlyArray<{ openreviewId: string; method: string; confidence: number }>,
  ): Promise<void> {
    if (rows.length) await this.graph.write(q.recordMatches(rows));
  }

  /** What a paper cites, with citing sentences and provenance. */
  async getReferences(key: string): Promise<StoredReference[]> {
    return await this.graph.read<StoredReference & Record<string, unknown>>(q.getReferences(key));
  }
}
