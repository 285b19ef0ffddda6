/**
 * Review aid: the exact Cypher and parameters of each TagRepository statement. Values only ever appear in
 * the parameters; the relationship types and labels in the text come from fixed constants.
 */
import { describe, expect, it } from 'vitest';
import * as q from '../../src/graph/tag.queries.js';

describe('tag.queries', () => {
  it('writeTaggerTags', () => {
    expect(
      q.writeTaggerTags(
        [
          {
            key: 'arxiv:1611.03530',
            subfields: [
              {
                slug: 'GENERALIZATION_AND_MEMORIZATION',
                confidence: 0.91,
                evidence: 'Nets fit random labels.',
              },
            ],
            contributions: [],
          },
        ],
        '1.0.0',
        '2026-11-28T00:00:00.000Z',
      ),
    ).toMatchSnapshot();
  });

  it('curateTags', () => {
    const tag = {
      key: 'arxiv:1611.03530',
      slug: 'FALSIFICATION',
      curator: 'ada',
      reason: 'why',
      rejected: false,
      at: '2026-11-28T00:00:00.000Z',
    };
    expect(q.curateTags('contribution', [tag])).toMatchSnapshot();
    expect(q.curateTags('subfield', [{ ...tag, slug: 'SCALING_LAWS' }]).text).toContain(
      'MERGE (p)-[r:IN_SUBFIELD]->(t)',
    );
  });

  it('papersToTag, countPapersToTag, taggerInputs, tagsOf, clearCuratorTag, markTagsCurated, syncTaxonomies', () => {
    expect(q.papersToTag({ all: false, version: '1.0.0', after: '', limit: 500 })).toMatchSnapshot();
    expect(q.countPapersToTag({ all: true, version: '1.0.0' })).toMatchSnapshot();
    expect(q.taggerInputs(['arxiv:1611.03530'])).toMatchSnapshot();
    expect(q.tagsOf('arxiv:1611.03530')).toMatchSnapshot();
    expect(q.clearCuratorTag('arxiv:1611.03530', 'FALSIFICATION')).toMatchSnapshot();
    expect(q.markTagsCurated(['arxiv:1611.03530'])).toMatchSnapshot();
    expect(
      q.syncTaxonomies(
        [
          {
            slug: 'SCALING_LAWS',
            props: { name: 'Scaling laws', definition: 'd', taxonomyVersion: 1, examples: ['2001.08361'] },
          },
        ],
        [],
      ),
    ).toMatchSnapshot();
  });
});
