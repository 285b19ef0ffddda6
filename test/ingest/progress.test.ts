import { describe, expect, it } from 'vitest';
import { formatDuration, Progress } from '../../ingest/progress.js';

describe(Progress.name, () => {
  it('should never promise an ETA faster than the politeness interval', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new Progress({
      label: 'arXiv',
      intervalMs: 3000,
      write: (t) => lines.push(t),
      inPlace: false,
      now: () => now,
    });
    now = 1000; // two requests in 1 s (cache hits): the pace would suggest 0.5 s per request
    progress.update(2, 12, 'page 2');
    expect(progress.eta(2, 12)).toBe(30_000);
    expect(lines).toEqual(['arXiv: 2/12 17%, ETA 30s · page 2\n']);
    now = 100_000; // slower than the interval: the observed pace wins
    expect(progress.eta(2, 12)).toBe(500_000);
  });

  it('should redraw one line on a terminal', () => {
    const out: string[] = [];
    const progress = new Progress({
      label: 'refs',
      intervalMs: 0,
      write: (t) => out.push(t),
      inPlace: true,
      now: () => 0,
    });
    progress.update(1, undefined, 'a long detail');
    progress.update(2, undefined, 'b');
    progress.done();
    expect(out).toEqual(['\rrefs: 1 · a long detail', '\rrefs: 2 · b'.padEnd(24), '\n']);
  });
});

describe(formatDuration.name, () => {
  it('should format seconds, minutes and hours', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });
});
