/**
 * Exports and re-import. Reads: the whole graph in keyset pages (papers with byline, categories and every
 * tag; citations by citing paper; tags), or a set of papers with the citations among them. Writes: what a
 * JSON Lines export holds — papers (through PaperRepository, tagged only when a tagger is given), stubs,
 * citations, and tags exactly as recorded (tagger tags keep source, version, confidence and evidence;
 * curator tags go through the curator's statement, so they stay curator tags and win). Records are
 * validated here; a bad one is rejected with the reason and the rest is written. Idempotent.
 */
import { parseSince } from '../domain/dates.js';
import { describeRef, IDENTIFIER_KINDS, normalizeTitle, type PaperRef } from '../domain/identifiers.js';
import { labelPaperInput, paperRefSchema, type RecordRejection, validateRecords } from '../domain/records.js';
import type { CitationEnd, JsonlCounts } from '../exchange/formats.js';
import type { ExportBundle, ExportCitation, ExportPaper, ExportTag } from '../exchange/model.js';
import {
  labelTagInput,
  type PaperState,
  paperStateSchema,
  type StubRecord,
  stubRecordSchema,
  type TagRecord,
  tagRecordSchema,
} from '../exchange/records.js';
import type { Tagger } from '../tagging/tagger.js';
import type { Graph, TransactionRunner } from './driver.js';
import * as q from './exchange.queries.js';
import { type KnownPaper, planIdentities } from './identity.js';
import * as pq from './paper.queries.js';
import { PaperRepository, type WriteResult } from './paper.repository.js';
import * as tq from './tag.queries.js';

export interface TagWriteResult extends WriteResult {
  /** Tagger tags not written because a curator decided the label, or the paper's tags are curated. */
  readonly skipped: number;
}

/** A citation of an export page with both its ends. */
export interface CitationWithEnds {
  readonly citation: ExportCitation;
  readonly from: CitationEnd;
  readonly to: CitationEnd;
}

/** A tagged paper of an export page: its identifiers and every tag. */
export type TaggedPaper = Pick<ExportPaper, 'key' | 'arxivId' | 'doi' | 'openreviewId' | 'tags'>;

export interface ExchangeRepositoryOptions {
  /** Tags papers as they are imported (`empirica ingest`); `empirica import` stores recorded tags only. */
  readonly tagger?: Tagger;
  /** Records per transaction for papers, stubs and tags. */
  readonly chunk?: number;
  readonly now?: () => Date;
}

type PaperRow = Omit<ExportPaper, 'tags' | 'authors'> & {
  readonly tags: ExportTag[];
  readonly authors: ExportPaper['authors'];
  readonly [k: string]: unknown;
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function onlyIds(ids: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v)) as Record<string, string>;
}

/** Plain objects for the export model: Neo4j answers absent properties with null. */
function toExportPaper(row: PaperRow): ExportPaper {
  const extra = Object.fromEntries(
    Object.entries((row.extra ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null),
  );
  return {
    key: row.key,
    arxivId: row.arxivId ?? null,
    doi: row.doi ?? null,
    openreviewId: row.openreviewId ?? null,
    title: row.title ?? null,
    year: row.year ?? null,
    publishedAt: row.publishedAt ?? null,
    venue: row.venue ?? null,
    categories: row.categories ?? [],
    abstract: row.abstract ?? null,
    summary: row.summary ?? null,
    stub: Boolean(row.stub),
    authors: row.authors.map((a) => ({ key: a.key, name: a.name, openreviewId: a.openreviewId ?? null })),
    tags: row.tags,
    citationCount: row.citationCount ?? 0,
    source: row.source ?? null,
    extra,
  };
}

export class ExchangeRepository {
  private readonly papers: PaperRepository;
  private readonly chunk: number;
  private readonly now: () => Date;
  private labels: Promise<Set<string>> | undefined;

  constructor(
    private readonly graph: Graph,
    options: ExchangeRepositoryOptions = {},
  ) {
    this.chunk = options.chunk ?? 1000;
    this.now = options.now ?? (() => new Date());
    this.papers = new PaperRepository(graph, {
      paperChunk: this.chunk,
      ...(options.tagger ? { tagger: options.tagger } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Export
  // -------------------------------------------------------------------------------------------------

  async counts(): Promise<JsonlCounts> {
    const [row] = await this.graph.read<JsonlCounts & Record<string, number>>(q.exportCounts());
    return row ?? { papers: 0, stubs: 0, citations: 0, tags: 0 };
  }

  /** Every paper, stubs included, page by page in key order. */
  async *paperPages(pageSize = 500): AsyncGenerator<ExportPaper[]> {
    let after = '';
    for (;;) {
      const rows = await this.graph.read<PaperRow>(q.paperPage(after, pageSize));
      if (!rows.length) return;
      yield rows.map(toExportPaper);
      after = (rows.at(-1) as PaperRow).key;
      if (rows.length < pageSize) return;
    }
  }

  /** Every citation, page by page (`pageSize` citing papers a page), in (from, to) key order. */
  async *citationPages(pageSize = 500): AsyncGenerator<CitationWithEnds[]> {
    type End = CitationEnd & Record<string, unknown>;
    let after = '';
    for (;;) {
      const rows = await this.graph.read<{
        from: End;
        cites: Array<{ to: End; contexts: string[]; sources: string[]; addedAt: string | null }>;
      }>(q.citationPage(after, pageSize));
      if (!rows.length) return;
      yield rows.flatMap((row) =>
        row.cites.map((cite) => ({
          citation: {
            from: row.from.key,
            to: cite.to.key,
            contexts: cite.contexts,
            sources: cite.sources,
            addedAt: cite.addedAt,
          },
          from: row.from,
          to: cite.to,
        })),
      );
      after = (rows.at(-1) as { from: End }).from.key;
      if (rows.length < pageSize) return;
    }
  }

  /** Every tagged paper with its tags (curator rejections included), page by page in key order. */
  async *tagPages(pageSize = 500): AsyncGenerator<TaggedPaper[]> {
    let after = '';
    for (;;) {
      const rows = await this.graph.read<TaggedPaper & Record<string, unknown>>(q.tagPage(after, pageSize));
      if (!rows.length) return;
      yield rows;
      after = (rows.at(-1) as TaggedPaper).key;
      if (rows.length < pageSize) return;
    }
  }

  /** The given papers (in the order given; unknown keys left out) and the citations among them. */
  async bundle(keys: readonly string[]): Promise<ExportBundle> {
    const distinct = [...new Set(keys)];
    if (!distinct.length) return { papers: [], citations: [] };
    const rows = await this.graph.read<PaperRow>(q.papersByKeys(distinct));
    const byKey = new Map(rows.map((row) => [row.key, toExportPaper(row)]));
    const papers = distinct.flatMap((key) => byKey.get(key) ?? []);
    const citations = await this.graph.read<ExportCitation & Record<string, unknown>>(
      q.citationsAmong(papers.map((p) => p.key)),
    );
    return { papers, citations };
  }

  // -------------------------------------------------------------------------------------------------
  // Import
  // -------------------------------------------------------------------------------------------------

  /**
   * Full papers from paper lines: the record (src/domain/records.ts) through PaperRepository.upsert, then
   * the line's tagging and reference-crawl state (tagsCurated, taggerVersion, taggedAt, refsStatus,
   * refsCount).
   */
  async importPapers(inputs: readonly unknown[]): Promise<WriteResult> {
    const rejected: RecordRejection[] = [];
    const accepted: Array<{ index: number; input: unknown; state: PaperState }> = [];
    inputs.forEach((input, index) => {
      const state = paperStateSchema.safeParse(input);
      if (state.success) accepted.push({ index, input, state: state.data });
      else
        rejected.push({
          index,
          record: labelPaperInput(input),
          errors: state.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`),
        });
    });
    const result = await this.papers.upsert(accepted.map((a) => a.input));
    const failed = new Set<number>();
    for (const rejection of result.rejected) {
      const original = accepted[rejection.index]?.index ?? -1;
      failed.add(rejection.index);
      rejected.push({ ...rejection, index: original });
    }
    const withState = accepted.filter(
      (a, i) =>
        !failed.has(i) &&
        (a.state.tagsCurated ||
          a.state.taggerVersion ||
          a.state.taggedAt ||
          a.state.refsStatus ||
          a.state.refsCount !== undefined),
    );
    if (withState.length) {
      const refs = withState.map((a) => {
        const ref = paperRefSchema.safeParse(a.input);
        return ref.success ? ref.data : {};
      });
      const keys = await this.resolve(refs);
      const rows = withState.flatMap((a, i) => {
        const key = keys[i];
        return key ? [{ key, state: a.state }] : [];
      });
      await this.graph.writeTransaction(async (tx) => {
        await tx.run(
          q.writePaperState(
            rows.map(({ key, state }) => ({
              key,
              taggerVersion: state.taggerVersion ?? null,
              taggedAt: state.taggedAt ?? null,
              refsStatus: state.refsStatus ?? null,
              refsCount: state.refsCount ?? null,
            })),
          ),
        );
        const curated = rows.filter((row) => row.state.tagsCurated).map((row) => row.key);
        if (curated.length) await tx.run(tq.markTagsCurated(curated));
      });
    }
    return {
      written: result.written,
      created: result.created,
      rejected: rejected.sort((a, b) => a.index - b.index),
    };
  }

  /**
   * Stubs from `{"type":"paper","stub":true,…}` lines: a paper not in the graph becomes a stub with the
   * hints; an existing paper (stub or full) is left as it is but for identifiers it lacked.
   */
  async importStubs(inputs: readonly unknown[]): Promise<WriteResult> {
    const { valid, rejected } = validateRecords(stubRecordSchema, inputs, labelPaperInput);
    let written = 0;
    let created = 0;
    for (const chunk of chunks(valid, this.chunk)) {
      const outcome = await this.graph.writeTransaction((tx) => this.stubChunk(tx, chunk));
      written += outcome.written;
      created += outcome.created;
      rejected.push(...outcome.rejected);
    }
    return { written, created, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  private async stubChunk(
    tx: TransactionRunner,
    chunk: ReadonlyArray<{ index: number; record: StubRecord }>,
  ): Promise<WriteResult> {
    const refs: PaperRef[] = chunk.map(({ record }) => ({
      ...(record.arxivId ? { arxivId: record.arxivId } : {}),
      ...(record.doi ? { doi: record.doi } : {}),
      ...(record.openreviewId ? { openreviewId: record.openreviewId } : {}),
    }));
    const known = await tx.run<KnownPaper & Record<string, unknown>>(pq.lookupIdentities(refs));
    const knownByKey = new Map(known.map((k) => [k.key, k]));
    const plan = planIdentities(refs, known);
    const rejected: RecordRejection[] = [];
    const hints = new Map<string, pq.NodeProps>();
    chunk.forEach(({ index, record }, i) => {
      const resolution = plan.resolutions[i];
      if (!resolution?.ok) {
        rejected.push({
          index,
          record: describeRef(refs[i] ?? {}),
          errors: [`identity: ${resolution ? resolution.conflict : 'unresolved'}`],
        });
        return;
      }
      if (!hints.has(resolution.key))
        hints.set(resolution.key, {
          ...(record.title ? { title: record.title, titleKey: normalizeTitle(record.title) } : {}),
          ...(record.year ? { year: record.year } : {}),
        });
    });
    const stubs: pq.PaperRow[] = [];
    const learnt: Array<{ key: string; ids: Record<string, string> }> = [];
    for (const [key, ids] of plan.identifiers) {
      const before = knownByKey.get(key);
      if (!before) {
        if (hints.has(key)) stubs.push({ key, props: { ...onlyIds(ids), ...hints.get(key) } });
      } else if (IDENTIFIER_KINDS.some((kind) => ids[kind] && !before[kind])) {
        learnt.push({ key, ids: onlyIds(ids) });
      }
    }
    if (stubs.length) await tx.run(pq.createStubs(stubs));
    if (learnt.length) await tx.run(pq.addIdentifiers(learnt));
    return { written: chunk.length - rejected.length, created: stubs.length, rejected };
  }

  /** Citation lines, as PaperRepository.linkCitations reads them (unknown ends become stubs). */
  async importCitations(inputs: readonly unknown[]): Promise<WriteResult> {
    const result = await this.papers.linkCitations(inputs);
    await this.stampCitations(inputs, new Set(result.rejected.map((r) => r.index)));
    return result;
  }

  /**
   * Gives imported citations the `addedAt` they had in the exported graph (the earlier of it and the edge's
   * own, so re-importing changes nothing and `watch` does not see an old link as new). A line without a
   * readable `addedAt` keeps the import time.
   */
  private async stampCitations(inputs: readonly unknown[], rejected: ReadonlySet<number>): Promise<void> {
    const stamped: Array<{ from: PaperRef; to: PaperRef; addedAt: string }> = [];
    inputs.forEach((input, index) => {
      if (rejected.has(index) || !input || typeof input !== 'object') return;
      const { from, to, addedAt } = input as { from?: unknown; to?: unknown; addedAt?: unknown };
      if (typeof addedAt !== 'string') return;
      const when = parseSince(addedAt);
      const fromRef = paperRefSchema.safeParse(from);
      const toRef = paperRefSchema.safeParse(to);
      if (!when || !fromRef.success || !toRef.success) return;
      stamped.push({ from: fromRef.data, to: toRef.data, addedAt: when.toISOString() });
    });
    if (!stamped.length) return;
    const keys = await this.resolve(stamped.flatMap((s) => [s.from, s.to]));
    const rows = stamped
      .map((s, i) => ({ from: keys[2 * i], to: keys[2 * i + 1], addedAt: s.addedAt }))
      .filter((row): row is { from: string; to: string; addedAt: string } => !!row.from && !!row.to);
    if (rows.length) await this.graph.write(q.stampCitations(rows));
  }

  /**
   * Tag lines as recorded. A tag whose paper is not in the graph, or whose label the taxonomy does not
   * have, is rejected with the reason. Curator tags replace a tagger tag of the label (a curator always
   * wins); a tagger tag never replaces a curator's (counted in `skipped`).
   */
  async importTags(inputs: readonly unknown[]): Promise<TagWriteResult> {
    const { valid, rejected } = validateRecords(tagRecordSchema, inputs, labelTagInput);
    const labels = await this.taxonomyLabels();
    let written = 0;
    let skipped = 0;
    for (const chunk of chunks(valid, this.chunk)) {
      const keys = await this.resolve(chunk.map(({ record }) => record.paper));
      const rows: Array<{ index: number; key: string; record: TagRecord }> = [];
      chunk.forEach(({ index, record }, i) => {
        const key = keys[i];
        const problems = [
          ...(key ? [] : [`paper: ${describeRef(record.paper)} is not in the graph`]),
          ...(labels.has(`${record.kind}:${record.label}`)
            ? []
            : [`label: ${record.label} is not a ${record.kind} of the taxonomy`]),
        ];
        if (problems.length || !key)
          rejected.push({ index, record: labelTagInput(inputs[index]), errors: problems });
        else rows.push({ index, key, record });
      });
      const outcome = await this.graph.writeTransaction((tx) => this.tagChunk(tx, rows));
      written += outcome.written;
      skipped += outcome.skipped;
    }
    return { written, created: 0, skipped, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  private async tagChunk(
    tx: TransactionRunner,
    rows: ReadonlyArray<{ index: number; key: string; record: TagRecord }>,
  ): Promise<{ written: number; skipped: number }> {
    const now = this.now().toISOString();
    let written = 0;
    let skipped = 0;
    for (const kind of ['subfield', 'contribution'] as const) {
      const ofKind = rows.filter((row) => row.record.kind === kind);
      const curator = ofKind.filter((row) => row.record.source === 'curator');
      const tagger = ofKind.filter((row) => row.record.source !== 'curator');
      if (curator.length) {
        const [row] = await tx.run<{ written: number }>(
          tq.curateTags(
            kind,
            curator.map(({ key, record }) => ({
              key,
              slug: record.label,
              curator: record.curator as string,
              reason: record.reason as string,
              rejected: record.rejected,
              at: record.taggedAt ?? now,
            })),
          ),
        );
        written += row?.written ?? 0;
      }
      if (tagger.length) {
        const results = await tx.run<{ index: number; written: boolean }>(
          q.writeRecordedTags(
            kind,
            tagger.map(({ index, key, record }) => ({
              index,
              key,
              label: record.label,
              confidence: record.confidence,
              evidence: record.evidence ?? null,
              source: record.source,
              taggedAt: record.taggedAt ?? null,
            })),
            now,
          ),
        );
        for (const result of results) {
          if (result.written) written++;
          else skipped++;
        }
      }
    }
    return { written, skipped };
  }

  /** The graph key of each reference (undefined where no paper holds any of its identifiers). */
  private async resolve(refs: readonly PaperRef[]): Promise<Array<string | undefined>> {
    const known = await this.graph.read<KnownPaper & Record<string, unknown>>(pq.lookupIdentities(refs));
    const index = new Map<string, string>();
    for (const paper of known)
      for (const kind of IDENTIFIER_KINDS) if (paper[kind]) index.set(`${kind}:${paper[kind]}`, paper.key);
    return refs.map((ref) => {
      for (const kind of IDENTIFIER_KINDS) {
        const key = ref[kind] ? index.get(`${kind}:${ref[kind]}`) : undefined;
        if (key) return key;
      }
      return undefined;
    });
  }

  private async taxonomyLabels(): Promise<Set<string>> {
    this.labels ??= this.graph
      .read<{ kind: string; label: string }>(q.taxonomyLabels())
      .then((rows) => new Set(rows.map((row) => `${row.kind}:${row.label}`)));
    return await this.labels;
  }
}
