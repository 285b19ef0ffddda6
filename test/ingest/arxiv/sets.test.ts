import { describe, expect, it } from 'vitest';
import { categoryToSet } from '../../../ingest/sources/arxiv/sets.js';

describe(categoryToSet.name, () => {
  it.each([
    ['cs.LG', 'cs:cs:LG'],
    ['stat.ML', 'stat:stat:ML'],
    ['math.GT', 'math:math:GT'],
    ['eess.IV', 'eess:eess:IV'],
    ['astro-ph.EP', 'physics:astro-ph:EP'],
    ['hep-th', 'physics:hep-th'],
    ['quant-ph', 'physics:quant-ph'],
    ['math-ph', 'math:math-ph'],
    ['cs', 'cs'],
    ['physics', 'physics'],
  ])('should map %s to %s', (category, set) => {
    expect(categoryToSet(category)).toBe(set);
  });

  it('should name an unknown category', () => {
    expect(() => categoryToSet('bio.XX')).toThrow(/Unknown arXiv archive "bio"/);
    expect(() => categoryToSet('cs LG')).toThrow(/Not an arXiv category/);
  });
});
