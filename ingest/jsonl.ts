/**
 * Loads papers and citations from a JSON Lines file (one record per line, `{"type": "paper", …}` or
 * `{"type": "citation", …}`; fields as in src/domain/records.ts) through the graph store. Used for bundled
 * corpora, exports and hand-made fixes. A bad line is reported with its line number and skipped; the rest
 * is written. Idempotent like every write: loading the same file twice changes nothing.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PaperRepository } from '../src/graph/paper.repository.js';

export interface JsonlProblem {
  readonly line: number;
  readonly record: string;
  readonly errors: readonly string[];
}

export interface JsonlSummary {
  readonly lines: number;
  readonly papers: number;
  readonly citations: number;
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

export async function ingestJsonl(
  file: string,
  repository: PaperRepository,
  options: { batchSize?: number; onProgress?: (summary: JsonlSummary) => void } = {},
): Promise<JsonlSummary> {
  const batchSize = options.batchSize ?? 1000;
  const problems: JsonlProblem[] = [];
  let lines = 0;
  let papers = 0;
  let citations = 0;
  const pending = {
    paper: [] as Array<{ line: number; value: unknown }>,
    citation: [] as Array<{ line: number; value: unknown }>,
  };
  const summary = (): JsonlSummary => ({ lines, papers, citations, problems });

  const flush = async (type: 'paper' | 'citation') => {
    const batch = pending[type].splice(0);
    if (!batch.length) return;
    const values = batch.map((entry) => entry.value);
    const result =
      type === 'paper' ? await repository.upsert(values) : await repository.linkCitations(values);
    if (type === 'paper') papers += result.written;
    else citations += result.written;
    for (const rejection of result.rejected) {
      problems.push({
        line: batch[rejection.index]?.line ?? -1,
        record: rejection.record,
        errors: rejection.errors,
      });
    }
    options.onProgress?.(summary());
  };

  for await (const entry of readJsonl(file)) {
    lines = entry.line;
    if ('error' in entry) {
      problems.push({ line: entry.line, record: '(unparsed line)', errors: [entry.error] });
      continue;
    }
    const { type, ...record } = (entry.value ?? {}) as { type?: unknown };
    if (type !== 'paper' && type !== 'citation') {
      problems.push({ line: entry.line, record: '(line)', errors: ['type: expected "paper" or "citation"'] });
      continue;
    }
    pending[type].push({ line: entry.line, value: record });
    if (pending[type].length >= batchSize) await flush(type);
  }
  // Papers before citations, so that a file's own papers are complete before edges point at them.
  await flush('paper');
  await flush('citation');
  problems.sort((a, b) => a.line - b.line);
  return summary();
}
