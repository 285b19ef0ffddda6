/**
 * Review aid: the exact Cypher and parameters of the API's read statements (catalog, citations, search).
 * Values only ever appear in the parameters; texts vary only by fixed constants (direction, taxonomy).
 */
import { describe, expect, it } from 'vitest';
import * as catalog from '../../src/graph/catalog.queries.js';
import * as citation from '../../src/graph/citation.queries.js';
import * as ranking from '../../src/graph/ranking.queries.js';
import * as search from '../../src/graph/search.queries.js';

const filter = { subfields: ['SCALING_LAWS'], contributionTypes: null, yearFrom: 2020, yearTo: null };

describe('catalog.queries', () => {
  it('papersByKeys, authorsOfPapers, tagsOfPapers, submissionsOfPapers, authorsByKeys', () => {
    const keys = ['arxiv:1611.03530'];
    expect(catalog.papersByKeys(keys)).toMatchSnapshot();
    expect(catalog.authorsOfPapers(keys)).toMatchSnapshot();
    expect(catalog.tagsOfPapers(keys)).toMatchSnapshot();
    expect(catalog.submissionsOfPapers(keys)).toMatchSnapshot();
    expect(catalog.authorsByKeys(['name:chiyuan zhang'])).toMatchSnapshot();
  });

  it('papersOfAuthor, coauthorsOf, subfieldProfileOf, taxonomyFigures', () => {
    expect(catalog.papersOfAuthor('name:chiyuan zhang', [2017, 'arxiv:1611.03530'], 21)).toMatchSnapshot();
    expect(catalog.coauthorsOf('name:chiyuan zhang', 10)).toMatchSnapshot();
    expect(catalog.subfieldProfileOf('name:chiyuan zhang')).toMatchSnapshot();
    expect(catalog.taxonomyFigures('subfield')).toMatchSnapshot();
    expect(catalog.taxonomyFigures('contribution').text).toContain('MATCH (t:ContributionType)');
  });
});

describe('citation.queries', () => {
  it('citationPage, treeLevel, shortestCitationPaths', () => {
    expect(
      citation.citationPage('citations', 'arxiv:1611.03530', [3, 2019, 'arxiv:1706.05394'], 21),
    ).toMatchSnapshot();
    expect(citation.citationPage('references', 'arxiv:1611.03530', null, 21).text).toContain(
      '-[c:CITES]->(x:Paper)',
    );
    expect(
      citation.treeLevel('citations', ['arxiv:1611.03530'], ['arxiv:1611.03530'], 10, filter),
    ).toMatchSnapshot();
    expect(citation.treeLevel('references', ['a'], ['a'], 10, null).text).toContain('-[c:CITES]->(p:Paper)');
    expect(citation.shortestCitationPaths('arxiv:1312.6199', 'arxiv:1905.02175', 4, 5)).toMatchSnapshot();
    // Out-of-range lengths are clamped to a fixed pattern, never interpolated.
    expect(citation.shortestCitationPaths('a', 'b', 99, 5).text).toContain('[:CITES*1..6]');
    expect(citation.shortestCitationPaths('a', 'b', -3, 5).text).toContain('[:CITES*1..1]');
  });

  it('citingPage reads a ranked list first, every citer otherwise', () => {
    expect(citation.citingPage('arxiv:1611.03530', [3, 2019, 'arxiv:1706.05394'], 21)).toMatchSnapshot();
  });

  it('rankedFollowUpLevel takes `first` + |seen| list entries', () => {
    const statement = citation.rankedFollowUpLevel(['arxiv:1611.03530'], ['arxiv:1611.03530'], 10);
    expect(statement.params.take).toBe(11);
    expect(statement).toMatchSnapshot();
  });
});

describe('ranking.queries', () => {
  it('densePapersPage, staleListsPage, rebuildRankedLists', () => {
    expect(ranking.densePapersPage('', 500, ranking.DENSE_CITERS)).toMatchSnapshot();
    expect(ranking.staleListsPage(20)).toMatchSnapshot();
    expect(
      ranking.rebuildRankedLists(['arxiv:1611.03530'], ranking.RANKED_LIST_LENGTH, ranking.DENSE_CITERS),
    ).toMatchSnapshot();
    // Every level of a depth-4 tree (≤ 50 + 151 entries) fits in a list.
    expect(ranking.RANKED_LIST_LENGTH).toBeGreaterThanOrEqual(50 + 1 + 3 * 50);
  });
});

describe('search.queries', () => {
  it('searchPage, searchFacets', () => {
    const params = { ...filter, lucene: 'lottery AND ticket', venue: null, category: 'cs.LG', blend: true };
    expect(search.searchPage(params, [1.5, 'arxiv:1803.03635'], 21)).toMatchSnapshot();
    expect(search.searchFacets(params)).toMatchSnapshot();
  });
});
