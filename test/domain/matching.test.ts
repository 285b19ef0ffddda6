import { describe, expect, it } from 'vitest';
import { decideMatch, type MatchCandidate, surnameOf } from '../../src/domain/matching.js';

const subject = {
  key: 'openreview:abc',
  titleKey: 'the lottery ticket hypothesis',
  firstAuthor: 'Jonathan Frankle',
  year: 2019,
};
const candidate = (over: Partial<MatchCandidate> = {}): MatchCandidate => ({
  key: 'arxiv:1803.03635',
  titleKey: 'the lottery ticket hypothesis',
  firstAuthor: 'Jonathan Frankle',
  year: 2018,
  arxivId: '1803.03635',
  doi: null,
  openreviewId: null,
  ...over,
});

describe(decideMatch.name, () => {
  it('should match one candidate with the same title, first-author surname and a year at most one apart', () => {
    expect(decideMatch(subject, [candidate()])).toEqual({
      kind: 'match',
      candidate: candidate(),
      method: 'title+first-author+year',
      confidence: 0.85,
    });
    expect(decideMatch(subject, [candidate({ year: 2019 })])).toMatchObject({
      kind: 'match',
      confidence: 0.95,
    });
  });

  it('should not match another first author, a distant year, or a paper already tied to another submission', () => {
    expect(decideMatch(subject, [candidate({ firstAuthor: 'Michael Carbin' })])).toEqual({ kind: 'none' });
    expect(decideMatch(subject, [candidate({ year: 2016 })])).toEqual({ kind: 'none' });
    expect(decideMatch(subject, [candidate({ openreviewId: 'xyz123abc' })])).toEqual({ kind: 'none' });
    expect(decideMatch({ ...subject, firstAuthor: null }, [candidate()])).toEqual({ kind: 'none' });
  });

  it('should report two fitting candidates as ambiguous', () => {
    const other = candidate({ key: 'arxiv:1903.01611', arxivId: '1903.01611', year: 2019 });
    expect(decideMatch(subject, [candidate(), other])).toEqual({
      kind: 'ambiguous',
      candidates: [candidate(), other],
    });
  });
});

describe(surnameOf.name, () => {
  it('should take the last word of the normalised name', () => {
    expect(surnameOf('Jürgen Schmidhuber')).toBe('schmidhuber');
    expect(surnameOf(null)).toBeNull();
  });
});
