/**
 * A Fenwick (binary indexed) tree of non-negative integer weights over indices 0..n-1: add to a weight,
 * and draw an index with probability proportional to its weight, each in O(log n). Preferential
 * attachment needs nothing else, so the generator keeps one Int32 per paper (and one per author) instead
 * of a list of edges. Appending grows the capacity by doubling.
 */
export class Fenwick {
  private tree: Int32Array;
  private weights: Int32Array;
  private size = 0;
  private sum = 0;

  /** `length` indices start with weight 0; more can be appended (`push`). */
  constructor(length = 0, capacity = Math.max(1024, length)) {
    this.tree = new Int32Array(Math.max(1, capacity, length) + 1);
    this.weights = new Int32Array(Math.max(1, capacity, length));
    this.size = length;
  }

  get length(): number {
    return this.size;
  }

  /** Sum of all weights. */
  get total(): number {
    return this.sum;
  }

  weight(index: number): number {
    return this.weights[index] as number;
  }

  /** Appends an index with the given weight and returns it. */
  push(weight: number): number {
    if (this.size === this.weights.length) this.grow();
    const index = this.size++;
    this.add(index, weight);
    return index;
  }

  /** Adds `delta` to the weight at `index` (< length); weights must stay ≥ 0. */
  add(index: number, delta: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new RangeError(`Fenwick index ${index} outside 0..${this.size - 1}`);
    if (delta === 0) return;
    const next = (this.weights[index] as number) + delta;
    if (next < 0) throw new Error(`Fenwick weight at ${index} would be negative`);
    this.weights[index] = next;
    this.sum += delta;
    const tree = this.tree;
    for (let i = index + 1; i < tree.length; i += i & -i) tree[i] = (tree[i] as number) + delta;
  }

  /**
   * The index whose cumulative weight range holds `u * total` (u in [0, 1)): an index drawn with
   * probability weight / total. Undefined when every weight is 0.
   */
  sample(u: number): number | undefined {
    if (this.sum <= 0) return undefined;
    let target = Math.floor(u * this.sum);
    const tree = this.tree;
    let position = 0;
    let step = 1;
    while (step * 2 < tree.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = position + step;
      if (next < tree.length && (tree[next] as number) <= target) {
        position = next;
        target -= tree[next] as number;
      }
    }
    // position is the count of indices whose prefix sum is ≤ target: the drawn index is `position`.
    return Math.min(position, this.size - 1);
  }

  private grow(): void {
    const capacity = this.weights.length * 2;
    const weights = new Int32Array(capacity);
    weights.set(this.weights);
    const tree = new Int32Array(capacity + 1);
    // Linear-time construction from the weights.
    for (let i = 1; i <= capacity; i++) {
      tree[i] = (tree[i] as number) + (weights[i - 1] as number);
      const parent = i + (i & -i);
      if (parent <= capacity) tree[parent] = (tree[parent] as number) + (tree[i] as number);
    }
    this.weights = weights;
    this.tree = tree;
  }
}
