/**
 * Whole-venue reviewer assignment as a min-cost flow: source → submission (capacity k) → reviewer
 * (capacity 1, when not conflicted) → sink (capacity L). Successive shortest paths with Dijkstra on
 * reduced costs (Johnson potentials) give a maximum flow of minimum cost; costs are `scale - affinity`
 * (integers, never negative), so among assignments that staff as many slots as possible it maximises the
 * total affinity. Exact and deterministic: ties are broken by input order.
 */

export interface AssignmentProblem {
  readonly submissions: readonly string[];
  readonly reviewers: readonly string[];
  /** affinity[s][r] in [0, 1]; NaN or a negative value marks a pair that must not be assigned (conflict). */
  readonly affinity: ReadonlyArray<ArrayLike<number>>;
  /** Reviewers per submission. */
  readonly perSubmission: number;
  /** Most submissions per reviewer. */
  readonly maxLoad: number;
  /**
   * Fewest submissions per reviewer, as a strong preference: after filling as many slots as possible, the
   * solver gives every reviewer `minLoad` before giving anyone more (when the slots allow), then maximises
   * affinity. Default 0.
   */
  readonly minLoad?: number;
}

export interface Assignment {
  /** For each submission (input order), the reviewers assigned (indexes, best affinity first). */
  readonly reviewersOf: readonly number[][];
  readonly totalAffinity: number;
  /** Submissions with fewer than `perSubmission` reviewers. */
  readonly understaffed: readonly number[];
  /** Reviewers below `minLoad`. */
  readonly underloaded: readonly number[];
}

/** Affinities are scaled to integers so that the optimum is exact (no float drift). */
const SCALE = 1_000_000;
/**
 * Extra cost of a slot beyond a reviewer's minimum load: more than the whole assignment's affinity cost can
 * differ (at most SCALE per slot), so fewer slots over the minimum always wins over more affinity.
 */
const overMinimum = (slots: number) => SCALE * (slots + 1);

/** A lazy binary min-heap of (distance, node), in typed arrays; ties go to the smaller node. */
class Heap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = this.keys[parent] as number;
      if (pk < key || (pk === key && (this.nodes[parent] as number) <= node)) break;
      this.keys[i] = pk;
      this.nodes[i] = this.nodes[parent] as number;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }
  /** Removes the top; read `topKey` / `topNode` first. */
  pop(): void {
    const n = --this.size;
    const key = this.keys[n] as number;
    const node = this.nodes[n] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (r < n) {
        const lk = this.keys[l] as number;
        const rk = this.keys[r] as number;
        if (rk < lk || (rk === lk && (this.nodes[r] as number) < (this.nodes[l] as number))) m = r;
      }
      const mk = this.keys[m] as number;
      if (key < mk || (key === mk && node <= (this.nodes[m] as number))) break;
      this.keys[i] = mk;
      this.nodes[i] = this.nodes[m] as number;
      i = m;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }
  get topKey(): number {
    return this.keys[0] as number;
  }
  get topNode(): number {
    return this.nodes[0] as number;
  }
}

export function assignReviewers(problem: AssignmentProblem): Assignment {
  const { submissions, reviewers, affinity, perSubmission, maxLoad } = problem;
  const minLoad = Math.min(problem.minLoad ?? 0, maxLoad);
  const S = submissions.length;
  const R = reviewers.length;
  const n = S + R + 2;
  const source = S + R;
  const sink = source + 1;

  // Edges in flat arrays; edge e and e ^ 1 are a forward edge and its residual twin.
  let allowed = 0;
  for (let s = 0; s < S; s++) {
    const row = affinity[s] as ArrayLike<number>;
    for (let r = 0; r < R; r++) if ((row[r] as number) >= 0) allowed++;
  }
  const m = 2 * (S + allowed + 2 * R);
  const to = new Int32Array(m);
  const cap = new Int32Array(m);
  const cost = new Float64Array(m);
  const next = new Int32Array(m);
  const head = new Int32Array(n).fill(-1);
  let count = 0;
  const add = (from: number, target: number, capacity: number, price: number) => {
    to[count] = target;
    cap[count] = capacity;
    cost[count] = price;
    next[count] = head[from] as number;
    head[from] = count++;
    to[count] = from;
    cap[count] = 0;
    cost[count] = -price;
    next[count] = head[target] as number;
    head[target] = count++;
  };
  for (let s = 0; s < S; s++) add(source, s, perSubmission, 0);
  // Submissions' reviewer edges are added from the last reviewer to the first, so that the linked lists
  // (newest first) visit reviewers in input order: ties are broken by input order.
  for (let s = 0; s < S; s++) {
    const row = affinity[s] as ArrayLike<number>;
    for (let r = R - 1; r >= 0; r--) {
      const a = row[r] as number;
      if (!(a >= 0)) continue; // NaN or negative: conflict
      add(s, S + r, 1, SCALE - Math.round(Math.min(a, 1) * SCALE));
    }
  }
  const penalty = overMinimum(S * perSubmission);
  for (let r = 0; r < R; r++) {
    if (minLoad > 0) add(S + r, sink, minLoad, 0);
    if (maxLoad > minLoad) add(S + r, sink, maxLoad - minLoad, minLoad > 0 ? penalty : 0);
  }

  const potential = new Float64Array(n); // all costs start non-negative: zero potentials are valid
  const dist = new Float64Array(n);
  const via = new Int32Array(n);
  const heap = new Heap();
  for (;;) {
    dist.fill(Number.POSITIVE_INFINITY);
    via.fill(-1);
    dist[source] = 0;
    heap.clear();
    heap.push(0, source);
    while (heap.size) {
      const d = heap.topKey;
      const u = heap.topNode;
      heap.pop();
      if (d > (dist[u] as number)) continue;
      const pu = potential[u] as number;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        const nd = d + (cost[e] as number) + pu - (potential[v] as number);
        if (nd < (dist[v] as number)) {
          dist[v] = nd;
          via[v] = e;
          heap.push(nd, v);
        }
      }
    }
    if (!Number.isFinite(dist[sink] as number)) break;
    for (let v = 0; v < n; v++) {
      const d = dist[v] as number;
      if (Number.isFinite(d)) potential[v] = (potential[v] as number) + d;
    }
    // Every path carries one unit (submission → reviewer edges have capacity 1).
    for (let v = sink; v !== source; ) {
      const e = via[v] as number;
      cap[e] = (cap[e] as number) - 1;
      cap[e ^ 1] = (cap[e ^ 1] as number) + 1;
      v = to[e ^ 1] as number;
    }
  }

  const reviewersOf: number[][] = [];
  let total = 0;
  for (let s = 0; s < S; s++) {
    const row = affinity[s] as ArrayLike<number>;
    const chosen: number[] = [];
    for (let e = head[s] as number; e !== -1; e = next[e] as number) {
      const v = to[e] as number;
      if ((e & 1) === 0 && v >= S && v < S + R && cap[e] === 0) chosen.push(v - S);
    }
    chosen.sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
    for (const r of chosen) total += row[r] as number;
    reviewersOf.push(chosen);
  }
  const load = new Int32Array(R);
  for (const list of reviewersOf) for (const r of list) load[r] = (load[r] as number) + 1;
  return {
    reviewersOf,
    totalAffinity: total,
    understaffed: reviewersOf.flatMap((list, s) => (list.length < perSubmission ? [s] : [])),
    underloaded: minLoad > 0 ? Array.from(load, (l, r) => (l < minLoad ? r : -1)).filter((r) => r >= 0) : [],
  };
}
