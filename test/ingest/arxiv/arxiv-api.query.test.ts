import { describe, expect, it } from 'vitest';
import {
  ARXIV_API_URL,
  type ArxivQueryOptions,
  buildArxivQuery,
  buildArxivQueryUrl,
  buildSearchQuery,
} from '../../../ingest/sources/arxiv/arxiv-api.query.js';

describe(buildSearchQuery.name, () => {
  it('should query one category with cat:', () => {
    expect(buildSearchQuery({ categories: ['cs.LG'] })).toBe('cat:cs.LG');
  });

  it('should OR several categories in parentheses, without repeats', () => {
    expect(buildSearchQuery({ categories: ['cs.LG', 'stat.ML', 'cs.LG', 'hep-th'] })).toBe(
      '(cat:cs.LG OR cat:stat.ML OR cat:hep-th)',
    );
  });

  it('should AND title, abstract and all-field terms, quoting phrases', () => {
    expect(
      buildSearchQuery({
        title: ['lottery', 'sparse networks'],
        abstract: 'rethinking  generalization',
        all: 'transformer',
      }),
    ).toBe('ti:lottery AND ti:"sparse networks" AND abs:"rethinking generalization" AND all:transformer');
  });

  it('should quote terms that carry query syntax or are operators', () => {
    expect(buildSearchQuery({ title: ['(attention', 'cs:LG', 'AND', 'self-supervised', "Hopfield's"] })).toBe(
      'ti:"(attention" AND ti:"cs:LG" AND ti:"AND" AND ti:self-supervised AND ti:Hopfield\'s',
    );
  });

  it('should write a submitted-date range of days from the start of the first to the end of the last', () => {
    expect(buildSearchQuery({ submittedDate: { from: '2023-01-01', to: '2023-12-31' } })).toBe(
      'submittedDate:[202301010000 TO 202312312359]',
    );
  });

  it('should write Dates in GMT, to the minute', () => {
    expect(
      buildSearchQuery({
        submittedDate: { from: new Date('2024-03-05T07:08:59.999Z'), to: new Date('2024-03-06T00:00:00Z') },
      }),
    ).toBe('submittedDate:[202403050708 TO 202403060000]');
  });

  it('should combine categories, terms and dates in one AND', () => {
    expect(
      buildSearchQuery({
        categories: ['cs.LG', 'cs.CV'],
        title: 'neural',
        submittedDate: { from: '2020-01-01', to: '2020-01-31' },
      }),
    ).toBe('(cat:cs.LG OR cat:cs.CV) AND ti:neural AND submittedDate:[202001010000 TO 202001312359]');
  });

  it('should give undefined without search options', () => {
    expect(buildSearchQuery({ idList: ['1611.03530'] })).toBeUndefined();
  });
});

describe(buildArxivQuery.name, () => {
  it('should set every parameter in a fixed order and URL-encode them', () => {
    const params = buildArxivQuery({
      categories: ['cs.LG'],
      title: 'neural network',
      start: 200,
      maxResults: 100,
      sortBy: 'submittedDate',
      sortOrder: 'descending',
    });
    expect([...params.keys()]).toEqual(['search_query', 'start', 'max_results', 'sortBy', 'sortOrder']);
    expect(params.toString()).toBe(
      'search_query=cat%3Acs.LG+AND+ti%3A%22neural+network%22&start=200&max_results=100' +
        '&sortBy=submittedDate&sortOrder=descending',
    );
  });

  it('should encode the brackets of a date range', () => {
    const encoded = buildArxivQuery({ submittedDate: { from: '2023-01-01', to: '2023-01-02' } }).toString();
    expect(encoded).toBe('search_query=submittedDate%3A%5B202301010000+TO+202301022359%5D');
  });

  it('should normalise the id list and keep the versions given', () => {
    const params = buildArxivQuery({
      idList: [
        'arXiv:1611.03530v2',
        'https://arxiv.org/abs/1803.03635',
        'math.GT/0309136',
        'hep-th/9901001v3',
        '1803.03635',
      ],
    });
    expect(params.get('id_list')).toBe('1611.03530v2,1803.03635,math/0309136,hep-th/9901001v3');
    expect(params.has('search_query')).toBe(false);
  });

  it('should send a search query and an id list together (a filter)', () => {
    const params = buildArxivQuery({ categories: ['cs.LG'], idList: ['2001.08361'] });
    expect(params.toString()).toBe('search_query=cat%3Acs.LG&id_list=2001.08361');
  });

  it('should accept the page-size bounds 0 and 2000', () => {
    expect(buildArxivQuery({ categories: ['cs.LG'], maxResults: 0 }).get('max_results')).toBe('0');
    expect(buildArxivQuery({ categories: ['cs.LG'], maxResults: 2000 }).get('max_results')).toBe('2000');
  });

  it.each<[string, ArxivQueryOptions, RegExp]>([
    ['no search option nor id list', {}, /needs a search option .* or "idList"/],
    [
      'maxResults above 2000',
      { categories: ['cs.LG'], maxResults: 2001 },
      /"maxResults" must be an integer from 0 to 2000, got 2001/,
    ],
    ['a negative maxResults', { categories: ['cs.LG'], maxResults: -1 }, /"maxResults"/],
    ['a fractional maxResults', { categories: ['cs.LG'], maxResults: 1.5 }, /"maxResults"/],
    ['a negative start', { categories: ['cs.LG'], start: -1 }, /"start" must be an integer >= 0, got -1/],
    ['a NaN start', { categories: ['cs.LG'], start: Number.NaN }, /"start"/],
    [
      'an unknown sortBy',
      { categories: ['cs.LG'], sortBy: 'date' as never },
      /"sortBy" must be one of relevance, lastUpdatedDate, submittedDate/,
    ],
    ['an unknown sortOrder', { categories: ['cs.LG'], sortOrder: 'desc' as never }, /"sortOrder"/],
    ['a bad category', { categories: ['cs LG'] }, /"categories": "cs LG" is not an arXiv category/],
    ['no categories', { categories: [] }, /"categories" must be a non-empty array/],
    ['an empty term', { title: ['  '] }, /"title": terms must be non-empty strings/],
    ['no abstract terms', { abstract: [] }, /"abstract" must be a term or a non-empty array/],
    ['a double quote in a term', { all: 'say "hi"' }, /"all": .* contains a double quote/],
    [
      'an impossible day',
      { submittedDate: { from: '2023-02-30', to: '2023-03-01' } },
      /"submittedDate.from": "2023-02-30" is neither/,
    ],
    [
      'a day in another spelling',
      { submittedDate: { from: '2023-01-01', to: '01/02/2023' } },
      /"submittedDate.to"/,
    ],
    [
      'an invalid Date',
      { submittedDate: { from: new Date('nope'), to: '2023-01-01' } },
      /"submittedDate.from" is an invalid Date/,
    ],
    [
      'from after to',
      { submittedDate: { from: '2023-02-01', to: '2023-01-01' } },
      /"submittedDate": from \(202302010000\) is after to/,
    ],
    ['a bad id', { idList: ['1611.03530', '1234.567'] }, /"idList": "1234.567" is not an arXiv id/],
    ['an empty id list', { idList: [] }, /"idList" must be a non-empty array/],
  ])('should throw an Error naming the option for %s', (_label, options, message) => {
    expect(() => buildArxivQuery(options)).toThrow(message);
  });
});

describe(buildArxivQueryUrl.name, () => {
  it('should build a URL on the API endpoint by default', () => {
    const url = buildArxivQueryUrl({ categories: ['cs.LG', 'stat.ML'], start: 0, maxResults: 50 });
    expect(ARXIV_API_URL).toBe('https://export.arxiv.org/api/query');
    expect(url).toBe(
      'https://export.arxiv.org/api/query?search_query=%28cat%3Acs.LG+OR+cat%3Astat.ML%29&start=0&max_results=50',
    );
    expect(new URL(url).searchParams.get('search_query')).toBe('(cat:cs.LG OR cat:stat.ML)');
  });

  it('should build on a given base URL, replacing its query', () => {
    expect(buildArxivQueryUrl({ idList: ['cs/9605103'] }, 'http://127.0.0.1:8080/api/query?x=1')).toBe(
      'http://127.0.0.1:8080/api/query?id_list=cs%2F9605103',
    );
  });
});
