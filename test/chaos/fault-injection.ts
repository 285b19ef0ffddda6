/**
 * A fault-injecting upstream for the HTTP chaos test: routes answer with a body (an `Answer`), and a
 * seeded PRNG turns exactly one request in every five into a fault — 429 or 503 with Retry-After, a reset
 * before any answer, a body trickled slowly (within the client's timeout, or past it), or a body cut short
 * of its Content-Length. The kinds come from a shuffled bag, so every kind shows up once per six faults.
 * Every request is logged with its arrival and end times, the fault it got, the number of requests still
 * open when it arrived and its User-Agent, so a test can check politeness pair by pair.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rng } from '../../scripts/random.js';
import type { Handler } from '../helpers/fixture-server.js';

export const FAULT_KINDS = [
  '429-retry-after',
  '503-retry-after',
  'reset',
  'slow-body',
  'slow-past-timeout',
  'truncated',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a route answers when no fault is injected. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface LoggedExchange {
  readonly seq: number;
  readonly path: string;
  readonly query: string;
  readonly at: number;
  /** When the server saw the exchange end (response finished or connection closed). */
  end: number | undefined;
  readonly fault: FaultKind | undefined;
  /** The wait a 429/503 asked for. */
  readonly retryAfterMs: number | undefined;
  /** Exchanges still open when this one arrived. */
  readonly openAtArrival: number;
  readonly userAgent: string | undefined;
  /** Which part of the test sent it (see FaultInjector.phase). */
  readonly phase: string;
}

export interface FaultOptions {
  /** Seeds the fault plan (scripts/random.ts): the same seed gives the same plan. */
  readonly seed: number;
  /** The client's whole-exchange timeout: a slow body stays well within it, or goes past it. */
  readonly clientTimeoutMs: number;
  /** One fault in every `block` requests (5 → 20 %). */
  readonly block?: number;
}

export class FaultInjector {
  readonly log: LoggedExchange[] = [];
  /** Requests a route could not answer (an unknown page): none expected. */
  readonly unanswerable: string[] = [];
  /** Set by the test before each crawl, recorded with every request. */
  phase = 'start';
  private readonly random: () => number;
  private readonly block: number;
  private faultyInBlock = -1;
  private bag: FaultKind[] = [];
  private open = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: FaultOptions) {
    this.random = rng(options.seed);
    this.block = options.block ?? 5;
  }

  /** A FixtureServer handler answering with `answer(url)`, or with a fault when the plan says so. */
  handler(answer: (url: URL) => Answer | undefined): Handler {
    return (req, res, url) => {
      const seq = this.log.length;
      const fault = this.planFor(seq);
      const retryAfterMs =
        fault === '429-retry-after' || fault === '503-retry-after'
          ? 1000 * (1 + Math.floor(this.random() * 2))
          : undefined;
      const entry: LoggedExchange = {
        seq,
        path: url.pathname,
        query: url.search,
        at: performance.now(),
        end: undefined,
        fault,
        retryAfterMs,
        openAtArrival: this.open,
        userAgent: req.headers['user-agent'],
        phase: this.phase,
      };
      this.log.push(entry);
      this.open += 1;
      res.on('close', () => {
        entry.end = performance.now();
        this.open -= 1;
      });
      res.on('error', () => {}); // a write after the client gave up is expected, not a failure
      const body = answer(url);
      if (!body) {
        this.unanswerable.push(`${req.method} ${req.url}`);
        res.writeHead(500).end('no answer for this request');
        return;
      }
      this.serve(fault, retryAfterMs, body, req, res);
    };
  }

  /** Clears pending trickle timers (call when the server stops). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Requests per fault kind (`none` for the clean ones). */
  countsByKind(): Record<FaultKind | 'none', number> {
    const counts = Object.fromEntries(['none', ...FAULT_KINDS].map((k) => [k, 0])) as Record<
      FaultKind | 'none',
      number
    >;
    for (const entry of this.log) counts[entry.fault ?? 'none'] += 1;
    return counts;
  }

  /** Exactly one fault per block of `block` requests, at a position and of a kind the PRNG draws. */
  private planFor(seq: number): FaultKind | undefined {
    if (seq % this.block === 0) this.faultyInBlock = Math.floor(this.random() * this.block);
    if (seq % this.block !== this.faultyInBlock) return undefined;
    if (!this.bag.length) {
      this.bag = [...FAULT_KINDS];
      for (let i = this.bag.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.bag[i], this.bag[j]] = [this.bag[j] as FaultKind, this.bag[i] as FaultKind];
      }
    }
    return this.bag.pop();
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  private serve(
    fault: FaultKind | undefined,
    retryAfterMs: number | undefined,
    answer: Answer,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const headers = { 'content-type': answer.contentType };
    const bytes = Buffer.from(answer.body, 'utf8');
    const alive = () => !res.destroyed && !res.writableEnded;
    switch (fault) {
      case undefined:
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) }).end(bytes);
        return;
      case '429-retry-after':
      case '503-retry-after':
        res
          .writeHead(fault === '429-retry-after' ? 429 : 503, {
            'content-type': 'text/plain',
            'retry-after': String((retryAfterMs ?? 1000) / 1000),
          })
          .end(fault === '429-retry-after' ? 'Too Many Requests' : 'Service Unavailable');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'truncated':
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length * 2) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
        return;
      case 'slow-body': {
        // The whole body in 8 pieces over 40 % of the client's timeout: slow, but in time.
        const pieces = 8;
        const step = Math.floor((this.options.clientTimeoutMs * 0.4) / pieces);
        const size = Math.ceil(bytes.length / pieces);
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) });
        const send = (i: number) => {
          if (!alive()) return;
          const piece = bytes.subarray(i * size, (i + 1) * size);
          if (i === pieces - 1) res.end(piece);
          else {
            res.write(piece);
            this.later(step, () => send(i + 1));
          }
        };
        send(0);
        return;
      }
      case 'slow-past-timeout': {
        // A byte every 100 ms: the body would take far longer than the client waits; cut after 3 timeouts.
        res.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) });
        const deadline = performance.now() + 3 * this.options.clientTimeoutMs;
        const send = (i: number) => {
          if (!alive()) return;
          if (performance.now() > deadline || i >= bytes.length - 1) {
            res.socket?.destroy();
            return;
          }
          res.write(bytes.subarray(i, i + 1));
          this.later(100, () => send(i + 1));
        };
        send(0);
        return;
      }
    }
  }
}
