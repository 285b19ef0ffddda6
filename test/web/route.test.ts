import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEPTH,
  DEFAULT_FIRST,
  formatRoute,
  HOME,
  paperRoute,
  parseRoute,
  type Route,
  toPaperFilter,
} from '../../web/src/route.js';

describe('parseRoute', () => {
  it('should read the search page with its query, filters and cursor', () => {
    expect(
      parseRoute(
        '#/search?q=rethinking+generalization&sf=TRAINING_DYNAMICS&ct=FALSIFICATION,REGULARITY&from=2018&to=2020&after=abc',
      ),
    ).toEqual({
      view: 'search',
      query: 'rethinking generalization',
      subfields: ['TRAINING_DYNAMICS'],
      contributionTypes: ['FALSIFICATION', 'REGULARITY'],
      yearFrom: 2018,
      yearTo: 2020,
      after: 'abc',
    });
  });

  it('should take an empty or unknown hash for the home page', () => {
    expect(parseRoute('')).toEqual(HOME);
    expect(parseRoute('#')).toEqual(HOME);
    expect(parseRoute('#/nowhere/at/all')).toEqual(HOME);
  });

  it('should read a paper with its chain settings, and default what is missing', () => {
    expect(parseRoute('#/paper/1611.03530?view=lineage&depth=3&first=20&ct=FALSIFICATION')).toEqual({
      view: 'paper',
      id: '1611.03530',
      chain: 'lineage',
      depth: 3,
      first: 20,
      subfields: [],
      contributionTypes: ['FALSIFICATION'],
      yearFrom: null,
      yearTo: null,
    });
    expect(parseRoute('#/paper/1611.03530')).toEqual(paperRoute('1611.03530'));
  });

  it('should keep slashes of old-style arXiv ids and DOIs, encoded or not', () => {
    expect(parseRoute('#/paper/hep-th/9901001')).toMatchObject({ view: 'paper', id: 'hep-th/9901001' });
    expect(parseRoute('#/paper/10.48550%2FarXiv.1611.03530')).toMatchObject({
      id: '10.48550/arXiv.1611.03530',
    });
    expect(parseRoute('#/path/hep-th%2F9901001/10.1%2Fx')).toMatchObject({
      from: 'hep-th/9901001',
      to: '10.1/x',
    });
  });

  it('should fall back to defaults on values out of range or malformed', () => {
    const route = parseRoute('#/paper/1611.03530?depth=9&first=0&from=18&to=abcd&ct=lower,OK_1,%3Cscript%3E');
    expect(route).toMatchObject({ depth: DEFAULT_DEPTH, first: DEFAULT_FIRST, yearFrom: null, yearTo: null });
    expect(route).toMatchObject({ contributionTypes: ['OK_1'] });
    expect(parseRoute('#/path/a/b?max=7')).toMatchObject({ maxLength: 4 });
    expect(parseRoute('#/path/%E0%A4%A/b')).toMatchObject({ from: '', to: 'b' });
  });

  it('should read an empty path form', () => {
    expect(parseRoute('#/path//')).toEqual({ view: 'path', from: '', to: '', maxLength: 4 });
  });
});

describe('formatRoute', () => {
  it('should write short links, defaults left out', () => {
    expect(formatRoute(paperRoute('1611.03530'))).toBe('#/paper/1611.03530?view=followups');
    expect(formatRoute({ ...paperRoute('1611.03530'), depth: 3, contributionTypes: ['FALSIFICATION'] })).toBe(
      '#/paper/1611.03530?view=followups&depth=3&ct=FALSIFICATION',
    );
    expect(formatRoute(HOME)).toBe('#/search');
    expect(formatRoute({ view: 'path', from: '1611.03530', to: '2302.07011', maxLength: 4 })).toBe(
      '#/path/1611.03530/2302.07011',
    );
  });

  it('should be inverse to parseRoute on every route it writes', () => {
    const slug = fc.constantFrom('FALSIFICATION', 'REGULARITY', 'SCALING_LAWS', 'TRAINING_DYNAMICS');
    const filters = {
      subfields: fc.uniqueArray(slug, { maxLength: 3 }),
      contributionTypes: fc.uniqueArray(slug, { maxLength: 3 }),
      yearFrom: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: null }),
      yearTo: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: null }),
    };
    const id = fc.oneof(
      fc.constantFrom('1611.03530', 'hep-th/9901001', '10.48550/arXiv.1611.03530', 'rJl-b3RcF7'),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );
    const route: fc.Arbitrary<Route> = fc.oneof(
      fc.record({
        view: fc.constant('search' as const),
        query: fc.string({ maxLength: 30 }).map((s) => s.trim()),
        after: fc.option(fc.base64String({ minLength: 4, maxLength: 40 }), { nil: null }),
        ...filters,
      }),
      fc.record({
        view: fc.constant('paper' as const),
        id,
        chain: fc.constantFrom('followups' as const, 'lineage' as const),
        depth: fc.integer({ min: 1, max: 4 }),
        first: fc.integer({ min: 1, max: 50 }),
        ...filters,
      }),
      fc.record({
        view: fc.constant('path' as const),
        from: id,
        to: id,
        maxLength: fc.integer({ min: 1, max: 6 }),
      }),
    );
    fc.assert(
      fc.property(route, (r) => {
        expect(parseRoute(formatRoute(r))).toEqual(r);
      }),
    );
  });
});

describe('toPaperFilter', () => {
  it('should give null without filters and only the set fields otherwise', () => {
    expect(toPaperFilter(HOME)).toBeNull();
    expect(toPaperFilter({ ...HOME, contributionTypes: ['FALSIFICATION'], yearFrom: 2018 })).toEqual({
      contributionTypes: ['FALSIFICATION'],
      yearFrom: 2018,
    });
  });
});
