import { parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/api/cursor.js';
import { compactJson, extractExamples, normalizeAnswer } from '../../src/api/examples.js';
import { LIMITS, limitsRule } from '../../src/api/limits.js';
import { forwardPage } from '../../src/api/paging.js';
import { schema } from '../../src/api/schema/index.js';
import { webFileOf } from '../../src/api/web.js';
import { parsePaperIdentifier } from '../../src/graph/catalog.repository.js';
import { escapeLuceneTerm, toLuceneQuery } from '../../src/graph/search.queries.js';

describe('toLuceneQuery', () => {
  it('should require every term, keep quoted phrases and escape Lucene syntax', () => {
    expect(toLuceneQuery('Lottery  Ticket')).toBe('lottery AND ticket');
    expect(toLuceneQuery('"edge of stability" sharpness')).toBe('"edge of stability" AND sharpness');
    expect(toLuceneQuery('title:(a OR b)')).toBe('title\\:\\(a AND or AND b\\)');
    expect(toLuceneQuery('grok* NOT')).toBe('grok\\* AND not');
    expect(escapeLuceneTerm('a/b\\c')).toBe('a\\/b\\\\c');
  });

  it('should give nothing for text without a word', () => {
    for (const text of ['', '   ', '***', '"', '&& ||', '""'])
      expect(toLuceneQuery(text), text).toBeUndefined();
  });
});

describe('cursors', () => {
  it('should round-trip a position and refuse other lists, shapes and garbage', () => {
    const cursor = encodeCursor('Paper.citations', [3, 2019, 'arxiv:1611.03530']);
    expect(decodeCursor('Paper.citations', cursor, ['n', 'n', 's'])).toEqual([3, 2019, 'arxiv:1611.03530']);
    expect(() => decodeCursor('Paper.references', cursor, ['n', 'n', 's'])).toThrow(/Invalid cursor/);
    expect(() => decodeCursor('Paper.citations', cursor, ['n', 's'])).toThrow(/Invalid cursor/);
    expect(() => decodeCursor('Paper.citations', '%%%', ['n'])).toThrow(/Invalid cursor/);
    expect(() => decodeCursor('x', encodeCursor('x', ['NaN-ish']), ['n'])).toThrow(/Invalid cursor/);
  });
});

describe('forwardPage', () => {
  it('should default first, bound it, and refuse backward paging', () => {
    expect(forwardPage({})).toEqual({ first: 20, after: null });
    expect(() => forwardPage({ first: 0 })).toThrow(/between 1 and 100/);
    expect(() => forwardPage({ first: 101 })).toThrow(/between 1 and 100/);
    expect(() => forwardPage({ last: 3 })).toThrow(/forward/);
  });
});

describe('parsePaperIdentifier', () => {
  it('should read arXiv ids, DOIs and OpenReview ids as users type them', () => {
    expect(parsePaperIdentifier('arXiv:1611.03530v2')).toEqual({ kind: 'arxivId', value: '1611.03530' });
    expect(parsePaperIdentifier('hep-th/9901001')).toEqual({ kind: 'arxivId', value: 'hep-th/9901001' });
    expect(parsePaperIdentifier('https://doi.org/10.1145/3446776')).toEqual({
      kind: 'doi',
      value: '10.1145/3446776',
    });
    expect(parsePaperIdentifier('https://openreview.net/forum?id=Sy8gdB9xx')).toEqual({
      kind: 'openreviewId',
      value: 'Sy8gdB9xx',
    });
    expect(parsePaperIdentifier('what is grokking?')).toBeUndefined();
    expect(parsePaperIdentifier('x'.repeat(400))).toBeUndefined();
  });
});

describe('limitsRule', () => {
  const errors = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, limitsRule]).map((e) => e.message);

  it('should accept the documented kinds of query', () => {
    expect(
      errors(`query ($p: String!, $f: Int, $d: Int) { followUps(paper: $p, first: $f, depth: $d) {
        levels { papers { paper { title authors { name } tags { label } } } } papers { path { title } } edges { contexts } } }`),
    ).toEqual([]);
    expect(errors('{ search(query: "x", first: 100) { edges { node { title tags { label } } } } }')).toEqual(
      [],
    );
  });

  it('should name the limit a query breaks', () => {
    const costly =
      '{ search(query: "x", first: 100) { edges { node { citations(first: 100) { edges { node { title } } } } } } }';
    expect(errors(costly).join()).toMatch(new RegExp(`limit is ${LIMITS.maxCost}`));
    const aliases = `{ ${Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: status { version }`).join(' ')} }`;
    expect(errors(aliases).join()).toMatch(/aliases/);
  });

  it('should count lists under a tree’s root and batches of nodes', () => {
    const underRoot = `{ followUps(paper: "x", first: 1, depth: 1) { root { citations(first: 100) { edges { node {
      citations(first: 100) { edges { node { title } } } } } } } } }`;
    expect(errors(underRoot).join()).toMatch(/estimated cost/);
    const ids = Array.from({ length: 1500 }, (_, i) => `"id${i}"`).join(',');
    const nodes = `{ nodes(ids: [${ids}]) { ... on Paper { citations(first: 100) { edges { node { title } } } } } }`;
    expect(errors(nodes).join()).toMatch(/estimated cost/);
    const aliasedTrees = `{ ${Array.from({ length: 25 }, (_, i) => `t${i}: followUps(paper: "x") { truncated }`).join(' ')} }`;
    expect(errors(aliasedTrees).join()).toMatch(/estimated cost/);
  });

  it('should survive fragment cycles without looping', () => {
    const query = `{ paper(id: "x") { ...A } } fragment A on Paper { authors { papers { edges { node { ...A } } } } }`;
    expect(Array.isArray(errors(query))).toBe(true);
  });
});

describe('docs examples', () => {
  it('should pair each graphql block with the json block after it', () => {
    const markdown =
      '# A\n```graphql\n{ a }\n```\n\n```json\n{"x": 1}\n```\n## B\n```graphql\nmutation { b }\n```\n';
    const examples = extractExamples(markdown);
    expect(examples.map((e) => [e.title, e.query.trim(), e.answer?.trim(), e.authenticated])).toEqual([
      ['A', '{ a }', '{"x": 1}', false],
      ['B', 'mutation { b }', undefined, true],
    ]);
    const [first] = examples;
    expect(markdown.slice(...(first?.answerRange ?? [0, 0]))).toBe('{"x": 1}\n');
  });

  it('should sort search edges only, and print compact JSON that parses back to the same value', () => {
    const value = {
      data: { search: { edges: [{ n: 2 }, { n: 1 }] }, other: { edges: [{ n: 2 }, { n: 1 }] } },
    };
    expect(normalizeAnswer(value)).toEqual({
      data: { search: { edges: [{ n: 1 }, { n: 2 }] }, other: { edges: [{ n: 2 }, { n: 1 }] } },
    });
    const tricky = { title: 'a,1:b "c"', list: [1, 2, { deep: ['x'.repeat(120)] }] };
    expect(JSON.parse(compactJson(tricky))).toEqual(tricky);
  });
});

describe('sameShape', () => {
  it('should compare keys, emptiness and types, not values', async () => {
    const { sameShape } = await import('../../src/api/examples.js');
    expect(sameShape({ a: [{ x: 1 }], b: 'y' }, { b: 'z', a: [{ x: 2 }, { x: 3 }] })).toBe(true);
    expect(sameShape({ a: [] }, { a: [1] })).toBe(false);
    expect(sameShape({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameShape({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameShape({ a: null }, { a: null })).toBe(true);
  });
});

describe('webFileOf', () => {
  it('should map the root to the page and plain names to files of known types', () => {
    expect(webFileOf('/')).toBe('index.html');
    expect(webFileOf('/index.html')).toBe('index.html');
    expect(webFileOf('/app.js')).toBe('app.js');
    expect(webFileOf('/app.js.map')).toBe('app.js.map');
  });

  it('should refuse folders, dot files, traversal and unknown types', () => {
    for (const p of [
      '/graphql',
      '/health',
      '/a/b.js',
      '/../x.js',
      '/..',
      '/.env',
      '/app.exe',
      '/%2e%2e.js',
      '/x',
    ]) {
      expect(webFileOf(p), p).toBeUndefined();
    }
  });
});
