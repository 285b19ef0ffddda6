/**
 * Review aid: the exact Cypher and parameters of each ExchangeRepository statement. Values only ever
 * appear in the parameters; texts vary only by fixed constants (the tag relationship type and label).
 */
import { describe, expect, it } from 'vitest';
import * as q from '../../src/graph/exchange.queries.js';

describe('exchange.queries', () => {
  it('exportCounts, paperPage, papersByKeys, citationPage, citationsAmong, tagPage, taxonomyLabels', () => {
    expect(q.exportCounts()).toMatchSnapshot();
    expect(q.paperPage('arxiv:1611.03530', 500)).toMatchSnapshot();
    expect(q.papersByKeys(['arxiv:1611.03530', 'doi:10.1000/x'])).toMatchSnapshot();
    expect(q.citationPage('', 500)).toMatchSnapshot();
    expect(q.citationsAmong(['arxiv:1611.03530', 'arxiv:1706.05394'])).toMatchSnapshot();
    expect(q.tagPage('', 500)).toMatchSnapshot();
    expect(q.taxonomyLabels()).toMatchSnapshot();
  });

  it('stampCitations keeps the earliest instant', () => {
    const statement = q.stampCitations([
      { from: 'arxiv:1706.05394', to: 'arxiv:1611.03530', addedAt: '2026-01-15T00:00:00.000Z' },
    ]);
    expect(statement.text).toContain('at < c.createdAt');
    expect(statement).toMatchSnapshot();
  });

  it('writeRecordedTags, writePaperState', () => {
    const row = {
      index: 0,
      key: 'arxiv:1611.03530',
      label: 'GENERALIZATION_AND_MEMORIZATION',
      confidence: 0.91,
      evidence: 'Nets fit random labels.',
      source: 'tagger@3',
      taggedAt: '2026-01-02T03:04:05.000Z',
    };
    expect(q.writeRecordedTags('subfield', [row], '2026-11-28T00:00:00.000Z')).toMatchSnapshot();
    const contribution = q.writeRecordedTags('contribution', [{ ...row, label: 'FALSIFICATION' }], 'now');
    expect(contribution.text).toContain('MERGE (p)-[r:HAS_CONTRIBUTION]->(t)');
    expect(contribution.text).toContain('MATCH (t:ContributionType {slug: tag.label})');
    expect(
      q.writePaperState([
        { key: 'arxiv:1611.03530', taggerVersion: '3', taggedAt: null, refsStatus: 'ok', refsCount: 41 },
      ]),
    ).toMatchSnapshot();
  });

  it('should never put a value into the text', () => {
    const hostile = "x' }) DETACH DELETE p //";
    for (const statement of [
      q.paperPage(hostile, 1),
      q.papersByKeys([hostile]),
      q.citationPage(hostile, 1),
      q.citationsAmong([hostile]),
      q.tagPage(hostile, 1),
      q.writeRecordedTags(
        'subfield',
        [
          {
            index: 0,
            key: hostile,
            label: hostile,
            confidence: 1,
            evidence: hostile,
            source: hostile,
            taggedAt: null,
          },
        ],
        hostile,
      ),
      q.writePaperState([
        { key: hostile, taggerVersion: hostile, taggedAt: null, refsStatus: null, refsCount: null },
      ]),
    ])
      expect(statement.text).not.toContain(hostile);
  });
});
