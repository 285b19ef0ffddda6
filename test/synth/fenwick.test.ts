import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/random.js';
import { Fenwick } from '../../scripts/synth/fenwick.js';

describe('Fenwick', () => {
  it('draws indices in proportion to their weights and never a zero weight', () => {
    const tree = new Fenwick(5);
    tree.add(0, 1);
    tree.add(2, 3);
    tree.add(4, 6);
    const random = rng(42);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) {
      const index = tree.sample(random()) as number;
      counts[index] = (counts[index] as number) + 1;
    }
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect((counts[0] as number) / 100_000).toBeCloseTo(0.1, 1);
    expect((counts[2] as number) / 100_000).toBeCloseTo(0.3, 1);
    expect((counts[4] as number) / 100_000).toBeCloseTo(0.6, 1);
  });

  it('maps the cumulative ranges exactly', () => {
    const tree = new Fenwick(3);
    tree.add(0, 2);
    tree.add(2, 2);
    expect(tree.sample(0)).toBe(0);
    expect(tree.sample(0.49)).toBe(0);
    expect(tree.sample(0.5)).toBe(2);
    expect(tree.sample(0.999)).toBe(2);
  });

  it('has nothing to draw when every weight is zero', () => {
    expect(new Fenwick(10).sample(0.5)).toBeUndefined();
  });

  it('keeps weights and totals when it grows by appending', () => {
    const tree = new Fenwick(0, 2);
    for (let i = 0; i < 1000; i++) tree.push(i % 3);
    expect(tree.length).toBe(1000);
    expect(tree.total).toBe(999);
    expect(tree.weight(998)).toBe(2);
    tree.add(998, -2);
    expect(tree.total).toBe(997);
    // The last index with weight: 997 (weight 1).
    expect(tree.sample(0.99999)).toBe(997);
  });

  it('refuses indices outside its length and negative weights', () => {
    const tree = new Fenwick(3);
    expect(() => tree.add(3, 1)).toThrow(RangeError);
    expect(() => tree.add(-1, 1)).toThrow(RangeError);
    expect(() => tree.add(0, -1)).toThrow(/negative/);
  });
});
