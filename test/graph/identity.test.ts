import { describe, expect, it } from 'vitest';
import { planIdentities } from '../../src/graph/identity.js';

const known = [
  { key: 'arxiv:1611.03530', arxivId: '1611.03530', doi: null, openreviewId: null },
  { key: 'doi:10.1/b', arxivId: null, doi: '10.1/b', openreviewId: null },
];

describe(planIdentities.name, () => {
  it('should join existing papers by any identifier and record the identifiers they gain', () => {
    const plan = planIdentities(
      [{ arxivId: '1611.03530', openreviewId: 'Sy8gdB9xx' }, { doi: '10.1/b' }],
      known,
    );
    expect(plan.resolutions).toEqual([
      { ok: true, key: 'arxiv:1611.03530', isNew: false },
      { ok: true, key: 'doi:10.1/b', isNew: false },
    ]);
    expect(plan.identifiers.get('arxiv:1611.03530')).toEqual({
      arxivId: '1611.03530',
      doi: null,
      openreviewId: 'Sy8gdB9xx',
    });
  });

  it('should make references in one batch that share an identifier one new paper', () => {
    const plan = planIdentities([{ doi: '10.1/new' }, { arxivId: '2001.08361', doi: '10.1/new' }], []);
    expect(plan.resolutions).toEqual([
      { ok: true, key: 'doi:10.1/new', isNew: true },
      { ok: true, key: 'doi:10.1/new', isNew: false },
    ]);
    expect(plan.identifiers.get('doi:10.1/new')?.arxivId).toBe('2001.08361');
  });

  it('should report identifiers that point at two papers', () => {
    const plan = planIdentities([{ arxivId: '1611.03530', doi: '10.1/b' }], known);
    expect(plan.resolutions[0]).toEqual({
      ok: false,
      conflict:
        'its identifiers belong to different papers (arxivId=1611.03530 is arxiv:1611.03530, doi=10.1/b is doi:10.1/b)',
    });
  });

  it('should report an identifier that contradicts the paper it joins', () => {
    const plan = planIdentities(
      [{ arxivId: '2001.08361', doi: '10.1/b' }],
      [{ key: 'arxiv:2001.08361', arxivId: '2001.08361', doi: '10.1/other', openreviewId: null }],
    );
    expect(plan.resolutions[0]).toEqual({
      ok: false,
      conflict: 'doi=10.1/b contradicts arxiv:2001.08361, which has doi=10.1/other',
    });
  });
});
