import { describe, expect, it } from 'vitest';
import {
  normalizeDoi,
  normalizeOpenReviewId,
  paperKeyFor,
  parseArxivId,
  parsePaperId,
} from '../../src/domain/identifiers.js';

describe(parseArxivId.name, () => {
  it.each([
    ['2301.12345', { id: '2301.12345' }],
    ['2301.12345v3', { id: '2301.12345', version: 3 }],
    ['arXiv:1611.03530v2', { id: '1611.03530', version: 2 }],
    ['0704.0001', { id: '0704.0001' }],
    ['https://arxiv.org/abs/1803.03635v5', { id: '1803.03635', version: 5 }],
    ['http://arxiv.org/pdf/2001.08361v1.pdf', { id: '2001.08361', version: 1 }],
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['math.GT/0309136', { id: 'math/0309136' }],
    ['cond-mat/0102536v1', { id: 'cond-mat/0102536', version: 1 }],
  ])('should read %s', (text, expected) => {
    expect(parseArxivId(text)).toEqual(expected);
  });

  it.each(['', '2301.123', '23011.2345', 'hep-th/990100', '10.1000/xyz', 'rJl-b3RcF7'])(
    'should reject %j',
    (text) => {
      expect(parseArxivId(text)).toBeUndefined();
    },
  );
});

describe(normalizeDoi.name, () => {
  it('should strip prefixes and lower-case', () => {
    expect(normalizeDoi('https://doi.org/10.1145/3446776')).toBe('10.1145/3446776');
    expect(normalizeDoi('doi:10.48550/arXiv.1611.03530')).toBe('10.48550/arxiv.1611.03530');
    expect(normalizeDoi('1611.03530')).toBeUndefined();
  });
});

describe(normalizeOpenReviewId.name, () => {
  it('should accept forum ids and forum URLs', () => {
    expect(normalizeOpenReviewId('Sy8gdB9xx')).toBe('Sy8gdB9xx');
    expect(normalizeOpenReviewId('https://openreview.net/forum?id=rJl-b3RcF7')).toBe('rJl-b3RcF7');
    expect(normalizeOpenReviewId('has space')).toBeUndefined();
  });
});

describe(parsePaperId.name, () => {
  it('should prefer arXiv, then DOI, then OpenReview', () => {
    expect(parsePaperId('1611.03530')).toEqual({ arxivId: '1611.03530' });
    expect(parsePaperId('10.1145/3446776')).toEqual({ doi: '10.1145/3446776' });
    expect(parsePaperId('Sy8gdB9xx')).toEqual({ openreviewId: 'Sy8gdB9xx' });
    expect(parsePaperId('?!')).toBeUndefined();
  });
});

describe(paperKeyFor.name, () => {
  it('should key a new paper by its most stable identifier', () => {
    expect(paperKeyFor({ arxivId: '1611.03530', doi: '10.1145/3446776' })).toBe('arxiv:1611.03530');
    expect(paperKeyFor({ doi: '10.1145/3446776', openreviewId: 'Sy8gdB9xx' })).toBe('doi:10.1145/3446776');
    expect(paperKeyFor({ openreviewId: 'Sy8gdB9xx' })).toBe('openreview:Sy8gdB9xx');
    expect(paperKeyFor({})).toBeUndefined();
  });
});
