/**
 * Progress of a long crawl on stderr: one line redrawn in place on a terminal, a plain line per step
 * elsewhere (CI, logs). The ETA knows the politeness interval: a request cannot start sooner than
 * `intervalMs` after the previous one ended, so the remaining time is at least remaining × interval.
 */
export interface ProgressOptions {
  readonly label: string;
  readonly intervalMs: number;
  readonly write: (text: string) => void;
  /** Redraw in place (a terminal) or print one line per update. */
  readonly inPlace: boolean;
  readonly now?: () => number;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private lastLength = 0;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => Date.now());
    this.started = this.now();
  }

  /**
   * Estimated time left after `done` of `total` requests: the observed pace, but never faster than the
   * politeness interval allows.
   */
  eta(done: number, total: number | undefined): number | undefined {
    if (total === undefined || done <= 0)
      return total === undefined ? undefined : total * this.options.intervalMs;
    const remaining = Math.max(0, total - done);
    const observed = (this.now() - this.started) / done;
    return remaining * Math.max(observed, this.options.intervalMs);
  }

  update(done: number, total: number | undefined, detail: string): void {
    const eta = this.eta(done, total);
    const share = total ? ` ${Math.min(100, Math.round((100 * done) / total))}%` : '';
    const line =
      `${this.options.label}: ${done}${total !== undefined ? `/${total}` : ''}${share}` +
      `${eta !== undefined && total !== undefined && done < total ? `, ETA ${formatDuration(eta)}` : ''} · ${detail}`;
    if (this.options.inPlace) {
      this.options.write(`\r${line.padEnd(this.lastLength)}`);
      this.lastLength = line.length;
    } else {
      this.options.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so the next output starts on a fresh one. */
  done(): void {
    if (this.options.inPlace && this.lastLength) this.options.write('\n');
    this.lastLength = 0;
  }
}
