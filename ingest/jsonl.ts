/**
 * Loads a JSON Lines file through the graph store: one record per line, `{"type": …}` one of
 *   `header`   (optional, first): `{"format":"empirica-jsonl","version":1,…}` — what `empirica export` writes;
 *   `paper`    a paper record (src/domain/records.ts), with `"stub": true` a stub (identifiers, title, year);
 *   `citation` from / to by identifiers, citing sentences, source;
 *   `tag`      a recorded tag (src/exchange/records.ts), stored as it is: tagger tags keep their source and
 *              confidence, curator tags stay curator tags (they win over the tagger's).
 * Format: docs/exchange.md. Used by `empirica import` (exports, shared graphs) and `empirica ingest`
 * (the same, with the tagger run on the papers). A bad line is reported with its line number and record,
 * and skipped; the rest is written. Idempotent like every write: loading the same file twice changes
 * nothing.
 *
 * Papers are written before the stubs, citations and tags that follow them (pending papers are flushed
 * first), so a file in export order — papers, citations, tags — resolves every reference.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordRejection } from '../src/domain/records.js';
import { headerRecordSchema } from '../src/exchange/records.js';
import type { ExchangeRepository } from '../src/graph/exchange.repository.js';

export interface JsonlProblem {
  readonly line: number;
  readonly record: string;
  readonly errors: readonly string[];
}

export interface JsonlSummary {
  readonly lines: number;
  /** Full papers written. */
  readonly papers: number;
  readonly stubs: number;
  readonly citations: number;
  readonly tags: number;
  /** Recorded tagger tags left out because a curator decided the label (a curator always wins). */
  readonly tagsSkipped: number;
  readonly problems: readonly JsonlProblem[];
}

type Line = { line: number; value: unknown } | { line: number; error: string };

/** Reads non-empty lines as JSON; a line that is not JSON yields an error entry, never a throw. */
export async function* readJsonl(file: string): AsyncGenerator<Line> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (!text.trim()) continue;
    try {
      yield { line: number, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line: number, error: `not JSON: ${(error as Error).message}` };
    }
  }
}

const KINDS = ['paper', 'stub', 'citation', 'tag'] as const;
type Kind = (typeof KINDS)[number];

/** What must be in the graph before a batch of this kind is written. */
const BEFORE: Record<Kind, readonly Kind[]> = {
  paper: [],
  stub: ['paper'],
  citation: ['paper', 'stub'],
  tag: ['paper', 'stub'],
};

export async function ingestJsonl(
  file: string,
  repository: ExchangeRepository,
  options: { batchSize?: number; onProgress?: (summary: JsonlSummary) => void } = {},
): Promise<JsonlSummary> {
  const batchSize = options.batchSize ?? 1000;
  const problems: JsonlProblem[] = [];
  const counts = { lines: 0, papers: 0, stubs: 0, citations: 0, tags: 0, tagsSkipped: 0 };
  const pending: Record<Kind, Array<{ line: number; value: unknown }>> = {
    paper: [],
    stub: [],
    citation: [],
    tag: [],
  };
  const summary = (): JsonlSummary => ({ ...counts, problems });

  const report = (batch: ReadonlyArray<{ line: number }>, rejected: readonly RecordRejection[]) => {
    for (const rejection of rejected) {
      problems.push({
        line: batch[rejection.index]?.line ?? -1,
        record: rejection.record,
        errors: rejection.errors,
      });
    }
  };

  const flush = async (kind: Kind): Promise<void> => {
    for (const first of BEFORE[kind]) await flush(first);
    const batch = pending[kind].splice(0);
    if (!batch.length) return;
    const values = batch.map((entry) => entry.value);
    switch (kind) {
      case 'paper': {
        const result = await repository.importPapers(values);
        counts.papers += result.written;
        report(batch, result.rejected);
        break;
      }
      case 'stub': {
        const result = await repository.importStubs(values);
        counts.stubs += result.written;
        report(batch, result.rejected);
        break;
      }
      case 'citation': {
        const result = await repository.importCitations(values);
        counts.citations += result.written;
        report(batch, result.rejected);
        break;
      }
      case 'tag': {
        const result = await repository.importTags(values);
        counts.tags += result.written;
        counts.tagsSkipped += result.skipped;
        report(batch, result.rejected);
        break;
      }
    }
    options.onProgress?.(summary());
  };

  for await (const entry of readJsonl(file)) {
    counts.lines = entry.line;
    if ('error' in entry) {
      problems.push({ line: entry.line, record: '(unparsed line)', errors: [entry.error] });
      continue;
    }
    const value = entry.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ line: entry.line, record: '(line)', errors: ['expected a JSON object'] });
      continue;
    }
    const { type, ...record } = value as { type?: unknown; stub?: unknown };
    if (type === 'header') {
      const header = headerRecordSchema.safeParse(record);
      if (!header.success)
        problems.push({
          line: entry.line,
          record: '(header)',
          errors: header.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`),
        });
      continue;
    }
    if (type !== 'paper' && type !== 'citation' && type !== 'tag') {
      problems.push({
        line: entry.line,
        record: '(line)',
        errors: ['type: expected "header", "paper", "citation" or "tag"'],
      });
      continue;
    }
    const kind: Kind = type === 'paper' && record.stub === true ? 'stub' : type;
    pending[kind].push({ line: entry.line, value: record });
    if (pending[kind].length >= batchSize) await flush(kind);
  }
  for (const kind of KINDS) await flush(kind);
  problems.sort((a, b) => a.line - b.line);
  return summary();
}
