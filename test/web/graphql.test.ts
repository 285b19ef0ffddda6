import { describe, expect, it } from 'vitest';
import { renderExport } from '../../web/src/formats.js';
import { GraphQLRequestError, gql } from '../../web/src/graphql.js';
import { toExportPaper } from '../../web/src/model.js';
import { exportNodesQuery } from '../../web/src/queries.js';

const answer =
  (body: unknown, status = 200) =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

describe('gql', () => {
  it('should POST the operation to /graphql and resolve with its data', async () => {
    const sent: Array<{ input: string; init: RequestInit }> = [];
    const data = await gql<{ status: { version: string } }>(
      '{ status { version } }',
      { a: 1 },
      {
        fetch: async (input, init) => {
          sent.push({ input, init });
          return new Response(JSON.stringify({ data: { status: { version: '1' } } }));
        },
      },
    );
    expect(data).toEqual({ status: { version: '1' } });
    expect(sent[0]?.input).toBe('/graphql');
    expect(sent[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(sent[0]?.init.body))).toEqual({
      query: '{ status { version } }',
      variables: { a: 1 },
    });
  });

  it('should reject with the API’s message and code', async () => {
    const failing = gql(
      '{ x }',
      {},
      {
        fetch: answer({
          errors: [
            { message: 'No paper "x" in the graph.', extensions: { code: 'NOT_FOUND' } },
            { message: 'b' },
          ],
          data: null,
        }),
      },
    );
    await expect(failing).rejects.toThrow('No paper "x" in the graph. (and 1 more)');
    await expect(failing).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should say when the server is unreachable or answers without JSON', async () => {
    await expect(
      gql('{ x }', {}, { fetch: async () => Promise.reject(new TypeError('fetch failed')) }),
    ).rejects.toThrow(/cannot be reached/);
    await expect(gql('{ x }', {}, { fetch: answer('<html>', 502) })).rejects.toBeInstanceOf(
      GraphQLRequestError,
    );
    await expect(gql('{ x }', {}, { fetch: answer({}) })).rejects.toThrow(/without data/);
  });
});

describe('exports from the page', () => {
  it('should ask for papers by a literal id list (the API counts its length)', () => {
    expect(exportNodesQuery(['UGFwZXI6YQ==', 'UGFwZXI6Yg=='])).toContain(
      'nodes(ids: ["UGFwZXI6YQ==","UGFwZXI6Yg=="])',
    );
  });

  it('should write a file in each format through the shared export code', () => {
    const paper = toExportPaper({
      id: 'x',
      key: 'arxiv:9901.00001',
      arxivId: '9901.00001',
      doi: null,
      openreviewId: null,
      title: 'A synthetic paper',
      year: 2019,
      publishedAt: null,
      updatedAt: null,
      venue: null,
      categories: ['cs.LG'],
      abstract: null,
      summary: null,
      stub: false,
      withdrawn: false,
      citationCount: 0,
      authors: [{ key: 'name:ada lovelace', name: 'Ada Lovelace', openreviewId: null }],
      tags: [],
    });
    const bundle = { papers: [paper], citations: [] };
    const bibtex = renderExport('bibtex', bundle);
    expect(bibtex).toMatchObject({ extension: 'bib' });
    expect(bibtex.text).toMatch(/^@\w+\{/);
    expect(bibtex.text).toContain('eprint = {9901.00001}');
    expect(renderExport('csv', bundle).text).toContain('A synthetic paper');
    expect(renderExport('graphml', bundle).text).toContain('<graphml');
    expect(renderExport('jsonl', bundle, 'web: test').text.trim().split('\n').length).toBeGreaterThanOrEqual(
      2,
    );
  });
});
