/** The page's export data: citations among the exported papers in batches, and fetched once per view. */
import { describe, expect, it, vi } from 'vitest';
import { bundleOf, fetchCitationsAmong, memoise } from '../../web/src/exporting.js';
import {
  AMONG_MAX,
  type AmongAnswer,
  CITATIONS_AMONG,
  type PaperExportFields,
} from '../../web/src/queries.js';

/** A fake API: `citationsAmong` over a fixed edge list, recording the key sets asked about. */
function fakeApi(edges: ReadonlyArray<[string, string]>) {
  const asked: string[][] = [];
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    expect(query).toBe(CITATIONS_AMONG);
    const keys = variables.papers as string[];
    expect(keys.length).toBeLessThanOrEqual(AMONG_MAX);
    asked.push(keys);
    const set = new Set(keys);
    const answer: AmongAnswer = {
      citationsAmong: edges
        .filter(([from, to]) => set.has(from) && set.has(to))
        .map(([from, to]) => ({ citing: { key: from }, cited: { key: to }, contexts: [], addedAt: null })),
    };
    return answer as T;
  };
  return { ask, asked };
}

function paper(key: string): PaperExportFields {
  return {
    id: key,
    key,
    arxivId: null,
    doi: null,
    openreviewId: null,
    title: key,
    year: 2020,
    publishedAt: null,
    updatedAt: null,
    venue: null,
    categories: [],
    abstract: null,
    summary: null,
    stub: false,
    withdrawn: false,
    citationCount: 0,
    authors: [],
    tags: [],
  };
}

describe('fetchCitationsAmong and bundleOf', () => {
  it('should ask once with every key when they fit in one call', async () => {
    const api = fakeApi([
      ['p1', 'p0'],
      ['p2', 'p0'],
      ['p2', 'p1'],
      ['p3', 'outside'],
    ]);
    const bundle = await bundleOf(['p0', 'p1', 'p2', 'p3'].map(paper), undefined, api.ask);
    expect(api.asked).toEqual([['p0', 'p1', 'p2', 'p3']]);
    expect(bundle.citations.map((c) => `${c.from}>${c.to}`)).toEqual(['p1>p0', 'p2>p0', 'p2>p1']);
  });

  it('should find every citation among more than AMONG_MAX papers, each once', async () => {
    const keys = Array.from({ length: 1100 }, (_, i) => `p${String(i).padStart(4, '0')}`);
    // Each paper cites the one 300 before it and the one just before: edges inside and across chunks.
    const edges: Array<[string, string]> = [];
    keys.forEach((key, i) => {
      if (i >= 1) edges.push([key, keys[i - 1] as string]);
      if (i >= 300) edges.push([key, keys[i - 300] as string]);
    });
    const api = fakeApi(edges);
    const found = await fetchCitationsAmong(keys, api.ask);
    expect(api.asked.length).toBeGreaterThan(1);
    const bundle = await bundleOf(keys.map(paper), undefined, api.ask);
    expect(bundle.citations).toHaveLength(edges.length);
    expect(new Set(found.map((e) => `${e.citing.key}>${e.cited.key}`))).toEqual(
      new Set(edges.map(([from, to]) => `${from}>${to}`)),
    );
  });
});

describe('memoise', () => {
  it('should build once and share the answer', async () => {
    const build = vi.fn(async () => ({ n: 1 }));
    const data = memoise(build);
    const [first, second] = await Promise.all([data(), data()]);
    expect(await data()).toBe(first);
    expect(second).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('should forget a failure, so the next call tries again', async () => {
    const build = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce('ok');
    const data = memoise(build as () => Promise<string>);
    await expect(data()).rejects.toThrow('offline');
    expect(await data()).toBe('ok');
    expect(build).toHaveBeenCalledTimes(2);
  });
});
