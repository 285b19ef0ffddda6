import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestJsonl } from '../../ingest/jsonl.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let dir: string;

beforeAll(async () => {
  graph = await connectTestGraph('ingest-test');
  scope = new TestScope(graph);
  dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-jsonl-'));
});
afterAll(async () => {
  await scope.cleanup();
  await graph.close();
  await rm(dir, { recursive: true, force: true });
});

describe(ingestJsonl.name, () => {
  it('should load papers and citations, report bad lines by number, and change nothing on a second load', async () => {
    const lines = [
      JSON.stringify({
        type: 'citation',
        from: { arxivId: scope.arxiv(2) },
        to: { arxivId: scope.arxiv(1) },
        contexts: ['x'],
        source: 'file',
      }),
      JSON.stringify({
        type: 'paper',
        arxivId: scope.arxiv(1),
        title: 'One',
        authors: [{ name: scope.author('A') }],
        source: 'file',
      }),
      '{ this is not json',
      '',
      JSON.stringify({ type: 'paper', arxivId: scope.arxiv(2), title: 'Two', source: 'file' }),
      JSON.stringify({ type: 'paper', arxivId: scope.arxiv(3), source: 'file' }),
      JSON.stringify({ type: 'review', id: 1 }),
    ];
    const file = path.join(dir, 'corpus.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const repository = new PaperRepository(graph);

    const first = await ingestJsonl(file, repository, { batchSize: 2 });
    expect(first).toMatchObject({ lines: 7, papers: 2, citations: 1 });
    expect(first.problems.map((p) => [p.line, p.errors[0]?.split(':')[0]])).toEqual([
      [3, 'not JSON'],
      [6, 'title'],
      [7, 'type'],
    ]);
    const counts = await scope.counts();
    expect(counts).toMatchObject({ papers: 2, authors: 1 });

    await ingestJsonl(file, repository, { batchSize: 2 });
    expect(await scope.counts()).toEqual(counts);
    expect(await repository.getById(scope.arxiv(1))).toMatchObject({ stub: false, title: 'One' });
  });
});
