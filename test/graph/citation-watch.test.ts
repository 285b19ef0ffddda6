import { describe, expect, it } from 'vitest';
import { WATCH_CITATION_BUDGET, WATCH_FRONTIER_MAX } from '../../src/graph/citation.queries.js';
import { watchFrontier } from '../../src/graph/citation.repository.js';

describe('watchFrontier', () => {
  it('should keep the best-ranked papers up to the paper and citation bounds, at least one', () => {
    expect(watchFrontier([])).toEqual([]);
    expect(watchFrontier([['a', WATCH_CITATION_BUDGET * 2]])).toEqual(['a']);
    expect(
      watchFrontier([
        ['a', WATCH_CITATION_BUDGET / 2],
        ['b', WATCH_CITATION_BUDGET / 2],
        ['c', 1],
      ]),
    ).toEqual(['a', 'b']);
    const many = Array.from({ length: WATCH_FRONTIER_MAX + 5 }, (_, i) => [`p${i}`, 3] as const);
    expect(watchFrontier(many)).toHaveLength(WATCH_FRONTIER_MAX);
  });
});
