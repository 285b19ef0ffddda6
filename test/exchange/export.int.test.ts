/**
 * `empirica export` of a selection, in every format, read back: a full-text search and a follow-up chain
 * of the landmark corpus; the expected papers come from the search and citation repositories themselves.
 * Also the errors a user can make (unknown paper, not an identifier, unknown format, two selections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../cli/main.js';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { CSV_COLUMNS } from '../../src/exchange/formats.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/exchange/model.js';
import { CitationRepository } from '../../src/graph/citation.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { relevanceSearch, SearchRepository, toLuceneQuery } from '../../src/graph/search.repository.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { testDatabaseEnv } from '../helpers/cli.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';
import { parseBibtex, parseCsv, readGraphml } from './parsers.js';

let graph: Graph;
const landmarks = loadLandmarks(taxonomies());

beforeAll(async () => {
  graph = await connectTestGraph('exchange-export');
  await loadLandmarkCorpus(graph, loadTagger());
}, 120_000);
afterAll(async () => {
  await deletePapers(graph, { arxivIds: landmarks.map((p) => p.arxivId) });
  await graph.close();
});

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: testDatabaseEnv(),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  const code = await runCli(argv, io);
  return { code, text: out.map((line) => `${line}\n`).join(''), err };
}

/** The citations among the given papers, as `from>to` keys. */
async function edgesAmong(keys: readonly string[]): Promise<string[]> {
  const rows = await graph.read<{ edge: string }>({
    text: `MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.id IN $keys AND b.id IN $keys
RETURN a.id + '>' + b.id AS edge ORDER BY edge`,
    params: { keys },
  });
  return rows.map((row) => row.edge);
}

/** Reads an export back: the papers' keys (arXiv ids as keys), in file order, and the edges if the format has them. */
function readBack(format: ExportFormat, text: string): { keys: string[]; edges?: string[] } {
  switch (format) {
    case 'bibtex':
      return { keys: parseBibtex(text).map((e) => `arxiv:${e.fields.eprint}`) };
    case 'csv': {
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual([...CSV_COLUMNS]);
      return { keys: rows.map((row) => row[CSV_COLUMNS.indexOf('key')] as string) };
    }
    case 'graphml': {
      const doc = readGraphml(text);
      return {
        keys: (doc.graphml.graph.node ?? []).map((n) => n.id),
        edges: (doc.graphml.graph.edge ?? []).map((e) => `${e.source}>${e.target}`).sort(),
      };
    }
    case 'jsonl': {
      const records = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });
      const [header, ...rest] = records;
      const papers = rest.filter((r) => r.type === 'paper');
      const citations = rest.filter((r) => r.type === 'citation');
      expect(header).toMatchObject({
        type: 'header',
        counts: { papers: papers.length, stubs: 0, citations: citations.length },
      });
      const keyOf = (ref: unknown) => `arxiv:${(ref as { arxivId: string }).arxivId}`;
      return {
        keys: papers.map((p) => p.key as string),
        edges: citations.map((c) => `${keyOf(c.from)}>${keyOf(c.to)}`).sort(),
      };
    }
  }
}

describe('empirica export of a selection', () => {
  it.each(EXPORT_FORMATS)('should export a search result as %s, best hit first', async (format) => {
    const query = 'generalization';
    const hits = await new SearchRepository(graph).page(
      relevanceSearch(toLuceneQuery(query) as string),
      null,
      6,
    );
    const expected = hits.map((hit) => hit.key);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const run = await cli(['export', '--format', format, '--search', query, '--limit', '6']);
    expect(run.code).toBe(0);
    const back = readBack(format, run.text);
    expect(back.keys).toEqual(expected);
    if (back.edges) expect(back.edges).toEqual(await edgesAmong(expected));
    const summary = JSON.parse(run.err.at(-1) ?? '{}');
    expect(summary).toMatchObject({
      format,
      papers: expected.length,
      selection: `search "${query}" (first 6)`,
    });
  });

  it.each(EXPORT_FORMATS)('should export the follow-ups of a paper as %s', async (format) => {
    const tree = await new CitationRepository(graph).tree('citations', 'arxiv:1611.03530', 2, 4, null);
    const expected = ['arxiv:1611.03530', ...tree.levels.flatMap((l) => l.nodes.map((n) => n.key))];
    expect(expected.length).toBeGreaterThan(2);
    const run = await cli([
      'export',
      '--format',
      format,
      '--follow-ups',
      'arXiv:1611.03530v2',
      '--depth',
      '2',
      '--per-level',
      '4',
    ]);
    expect(run.code).toBe(0);
    const back = readBack(format, run.text);
    expect(back.keys).toEqual(expected);
    if (back.edges) {
      const edges = await edgesAmong(expected);
      expect(edges.length).toBeGreaterThanOrEqual(expected.length - 1);
      expect(back.edges).toEqual(edges);
    }
  });

  it('should export a lineage', async () => {
    const tree = await new CitationRepository(graph).tree('references', 'arxiv:1611.03530', 1, 10, null);
    const run = await cli(['export', '--format', 'csv', '--lineage', '1611.03530', '--depth', '1']);
    expect(run.code).toBe(0);
    expect(readBack('csv', run.text).keys).toEqual([
      'arxiv:1611.03530',
      ...(tree.levels[0]?.nodes.map((n) => n.key) ?? []),
    ]);
  });

  it('should refuse unknown papers, non-identifiers, unknown formats and two selections, writing nothing', async () => {
    const unknown = await cli(['export', '--format', 'csv', '--follow-ups', '2101.99999']);
    expect(unknown).toMatchObject({ code: 1, text: '' });
    expect(unknown.err.join('\n')).toMatch(/No paper 2101\.99999 in the graph/);
    const notAnId = await cli(['export', '--format', 'csv', '--lineage', 'not an id']);
    expect(notAnId.code).toBe(2);
    expect(notAnId.err.join('\n')).toMatch(/not an arXiv id, DOI or OpenReview id/);
    const format = await cli(['export', '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.err.join('\n')).toMatch(/bibtex, jsonl, graphml, csv/);
    const two = await cli(['export', '--format', 'csv', '--search', 'x', '--lineage', '1611.03530']);
    expect(two.code).toBe(2);
    const noWords = await cli(['export', '--format', 'csv', '--search', '"" ?']);
    expect(noWords.code).toBe(2);
  });
});
