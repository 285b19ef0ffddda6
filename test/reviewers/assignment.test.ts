import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReviewers } from '../../src/reviewers/assignment.js';

/**
 * Best by trying every assignment: most staffed slots, then fewest slots above the minimum load, then the
 * largest total affinity.
 */
function bruteForce(
  affinity: number[][],
  k: number,
  load: number,
  minLoad = 0,
): { slots: number; over: number; total: number } {
  const S = affinity.length;
  const R = affinity[0]?.length ?? 0;
  let best = { slots: -1, over: Number.POSITIVE_INFINITY, total: -1 };
  const loads = new Array(R).fill(0);
  const choose = (s: number, slots: number, total: number) => {
    if (s === S) {
      const over = loads.reduce((n: number, l: number) => n + Math.max(0, l - minLoad), 0);
      const better =
        slots > best.slots ||
        (slots === best.slots && (over < best.over || (over === best.over && total > best.total + 1e-9)));
      if (better) best = { slots, over, total };
      return;
    }
    const row = affinity[s] as number[];
    const pick = (start: number, taken: number[]) => {
      // Any subset of at most k allowed reviewers for submission s.
      choose(s + 1, slots + taken.length, total + taken.reduce((t, r) => t + (row[r] as number), 0));
      if (taken.length === k) return;
      for (let r = start; r < R; r++) {
        if (!((row[r] as number) >= 0) || loads[r] >= load) continue;
        loads[r]++;
        pick(r + 1, [...taken, r]);
        loads[r]--;
      }
    };
    pick(0, []);
  };
  choose(0, 0, 0);
  return best;
}

const instance = fc
  .record({
    S: fc.integer({ min: 1, max: 4 }),
    R: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 1, max: 3 }),
    load: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ S, R, k, load }) =>
    fc.record({
      k: fc.constant(k),
      load: fc.constant(load),
      affinity: fc.array(
        fc.array(
          fc.oneof(
            fc.constant(Number.NaN),
            fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
          ),
          {
            minLength: R,
            maxLength: R,
          },
        ),
        { minLength: S, maxLength: S },
      ),
    }),
  );

describe('assignReviewers', () => {
  it('should be optimal on small instances (checked by brute force) and respect every constraint', () => {
    fc.assert(
      fc.property(instance, ({ affinity, k, load }) => {
        const result = assignReviewers({
          submissions: affinity.map((_, i) => `s${i}`),
          reviewers: (affinity[0] ?? []).map((_, i) => `r${i}`),
          affinity,
          perSubmission: k,
          maxLoad: load,
        });
        const loads = new Map<number, number>();
        let slots = 0;
        result.reviewersOf.forEach((list, s) => {
          expect(list.length).toBeLessThanOrEqual(k);
          expect(new Set(list).size).toBe(list.length);
          for (const r of list) {
            expect(Number.isNaN(affinity[s]?.[r])).toBe(false); // never a conflicted pair
            loads.set(r, (loads.get(r) ?? 0) + 1);
          }
          slots += list.length;
        });
        for (const count of loads.values()) expect(count).toBeLessThanOrEqual(load);
        const best = bruteForce(affinity, k, load);
        expect(slots).toBe(best.slots);
        expect(result.totalAffinity).toBeCloseTo(best.total, 6);
        expect(result.understaffed).toEqual(result.reviewersOf.flatMap((l, s) => (l.length < k ? [s] : [])));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('should give every reviewer the minimum load first when asked, and stay optimal after that', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 1, max: 2 }), ({ affinity, k, load }, minLoad) => {
        const result = assignReviewers({
          submissions: affinity.map((_, i) => `s${i}`),
          reviewers: (affinity[0] ?? []).map((_, i) => `r${i}`),
          affinity,
          perSubmission: k,
          maxLoad: load,
          minLoad,
        });
        const loads = new Array(affinity[0]?.length ?? 0).fill(0);
        for (const list of result.reviewersOf) for (const r of list) loads[r]++;
        const slots = loads.reduce((n, l) => n + l, 0);
        const over = loads.reduce((n, l) => n + Math.max(0, l - Math.min(minLoad, load)), 0);
        const best = bruteForce(affinity, k, load, Math.min(minLoad, load));
        expect(slots).toBe(best.slots);
        expect(over).toBe(best.over);
        expect(result.totalAffinity).toBeCloseTo(best.total, 6);
        expect(result.underloaded).toEqual(loads.flatMap((l, r) => (l < Math.min(minLoad, load) ? [r] : [])));
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('should be deterministic and prefer the better reviewer when loads bind', () => {
    const problem = {
      submissions: ['a', 'b'],
      reviewers: ['x', 'y'],
      affinity: [
        [0.9, 0.8],
        [0.85, 0.1],
      ],
      perSubmission: 1,
      maxLoad: 1,
    };
    const result = assignReviewers(problem);
    // a→y, b→x (0.8 + 0.85 = 1.65) beats a→x, b→y (0.9 + 0.1 = 1.0).
    expect(result.reviewersOf).toEqual([[1], [0]]);
    expect(assignReviewers(problem)).toEqual(result);
  });
});
