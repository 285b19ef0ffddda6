/**
 * A loopback TCP proxy for fault injection (node:net): clients connect to 127.0.0.1:<port> and every
 * connection is piped to the target (Neo4j's Bolt port in the chaos suite). Faults, all reversible with
 * `resume()`:
 *   - reset: destroy both sides of every active connection now (`resetAll`), of a random fraction of them
 *     (`resetFraction`), or of a fraction of new connections a random moment after they open (`faults`);
 *   - delay: hold data chunks in both directions for a random time in [minMs, maxMs] (order kept);
 *   - refuse: stop listening (new connects fail with ECONNREFUSED) or accept and destroy at once.
 * `stats()` counts what it did: connections, resets, refusals, delayed chunks, bytes, upstream failures.
 */
import net from 'node:net';

export interface TcpProxyOptions {
  readonly targetPort: number;
  readonly targetHost?: string;
  /** Port to listen on (127.0.0.1); 0 (default) = a free one. Kept when listening again after `refuse`. */
  readonly port?: number;
}

export interface DelayFault {
  readonly minMs: number;
  readonly maxMs: number;
  /** Share of chunks delayed (default 1: every chunk). */
  readonly fraction?: number;
}

export interface ProxyFaults {
  /** Delay data chunks in both directions. */
  readonly delay?: DelayFault | undefined;
  /** Share of new connections reset a random moment (up to `resetNewAfterMs`) after they open. */
  readonly resetNewFraction?: number;
  readonly resetNewAfterMs?: number;
}

export interface ProxyStats {
  /** Client connections accepted (refused ones included). */
  readonly connections: number;
  readonly active: number;
  /** Connections destroyed by a reset fault. */
  readonly resets: number;
  /** Connections accepted and reset at once (`refuse('destroy')`); connects while not listening never arrive. */
  readonly refused: number;
  /** Upstream connects that failed (target down): the client side was destroyed. */
  readonly upstreamFailures: number;
  readonly delayedChunks: number;
  readonly bytesToTarget: number;
  readonly bytesToClient: number;
}

interface Link {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
  readonly timers: Set<NodeJS.Timeout>;
}

type RefuseMode = 'close' | 'destroy';

export class TcpProxy {
  private readonly server: net.Server;
  private readonly links = new Set<Link>();
  private faults: ProxyFaults = {};
  private refusing: RefuseMode | undefined;
  private listening = false;
  private counts = {
    connections: 0,
    resets: 0,
    refused: 0,
    upstreamFailures: 0,
    delayedChunks: 0,
    bytesToTarget: 0,
    bytesToClient: 0,
  };

  private constructor(
    private readonly options: TcpProxyOptions,
    private boundPort: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const proxy = new TcpProxy(options, options.port ?? 0);
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    return this.boundPort;
  }

  /** The Bolt URI of the proxy. */
  get uri(): string {
    return `bolt://127.0.0.1:${this.boundPort}`;
  }

  stats(): ProxyStats {
    return { ...this.counts, active: this.links.size };
  }

  /** Sets the delay / reset-new-connection faults (replacing the previous ones). */
  setFaults(faults: ProxyFaults): void {
    this.faults = { ...faults };
  }

  /** Destroys both sides of every active connection; returns how many. */
  resetAll(): number {
    return this.resetFraction(1);
  }

  /** Destroys both sides of a random share of the active connections; returns how many. */
  resetFraction(fraction: number): number {
    let count = 0;
    for (const link of [...this.links]) {
      if (fraction >= 1 || Math.random() < fraction) {
        this.reset(link);
        count++;
      }
    }
    return count;
  }

  /**
   * Refuses new connections: `close` stops listening (connects fail with ECONNREFUSED), `destroy` accepts
   * and destroys them at once. Active connections are left alone (reset them with `resetAll`).
   */
  async refuse(mode: RefuseMode = 'close'): Promise<void> {
    this.refusing = mode;
    if (mode === 'close' && this.listening) await this.stopListening();
  }

  /** Back to normal: no faults, listening. Active connections are kept. */
  async resume(): Promise<void> {
    this.faults = {};
    this.refusing = undefined;
    if (!this.listening) await this.listen();
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    this.faults = {};
    for (const link of [...this.links]) this.drop(link);
    if (this.listening) await this.stopListening();
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.boundPort, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as net.AddressInfo).port;
    this.listening = true;
  }

  private async stopListening(): Promise<void> {
    this.listening = false;
    // close() waits for open connections; do not wait for them, only for the listening socket to go.
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      setImmediate(resolve);
    });
  }

  private accept(client: net.Socket): void {
    this.counts.connections++;
    if (this.refusing) {
      this.counts.refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.options.targetPort, this.options.targetHost ?? '127.0.0.1');
    const link: Link = { client, upstream, timers: new Set() };
    this.links.add(link);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
    });
    const onError = () => {
      if (!connected) this.counts.upstreamFailures++;
      this.drop(link);
    };
    client.on('error', () => this.drop(link));
    upstream.on('error', onError);
    client.on('close', () => this.drop(link));
    upstream.on('close', () => this.drop(link));
    this.pipe(link, client, upstream, 'bytesToTarget');
    this.pipe(link, upstream, client, 'bytesToClient');

    const { resetNewFraction = 0, resetNewAfterMs = 1000 } = this.faults;
    if (resetNewFraction > 0 && Math.random() < resetNewFraction) {
      this.schedule(link, Math.random() * resetNewAfterMs, () => this.reset(link));
    }
  }

  /**
   * Forwards data from one side to the other. Delayed chunks wait in a FIFO queue released by one timer:
   * a later chunk never overtakes an earlier one (separate timers with equal deadlines may fire out of
   * order), and a chunk behind a delayed one waits for it.
   */
  private pipe(
    link: Link,
    from: net.Socket,
    to: net.Socket,
    counter: 'bytesToTarget' | 'bytesToClient',
  ): void {
    const queue: Array<{ at: number; chunk: Buffer }> = [];
    let waiting = false;
    const write = (chunk: Buffer) => {
      if (to.destroyed) return;
      this.counts[counter] += chunk.length;
      if (!to.write(chunk) && !from.isPaused()) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    };
    const release = () => {
      waiting = false;
      for (let head = queue[0]; head; head = queue[0]) {
        const wait = head.at - Date.now();
        if (wait > 0) {
          waiting = true;
          this.schedule(link, wait, release);
          return;
        }
        queue.shift();
        write(head.chunk);
      }
    };
    from.on('data', (chunk: Buffer) => {
      const delay = this.faults.delay;
      const delayed = delay !== undefined && Math.random() < (delay.fraction ?? 1);
      if (!delayed && queue.length === 0) {
        write(chunk);
        return;
      }
      const wait = delay && delayed ? delay.minMs + Math.random() * (delay.maxMs - delay.minMs) : 0;
      if (delayed) this.counts.delayedChunks++;
      queue.push({ at: Math.max(queue.at(-1)?.at ?? 0, Date.now() + wait), chunk });
      if (!waiting) release();
    });
  }

  private schedule(link: Link, ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      link.timers.delete(timer);
      action();
    }, ms);
    link.timers.add(timer);
  }

  private reset(link: Link): void {
    if (!this.links.has(link)) return;
    this.counts.resets++;
    this.drop(link, true);
  }

  private drop(link: Link, hard = false): void {
    if (!this.links.delete(link)) return;
    for (const timer of link.timers) clearTimeout(timer);
    link.timers.clear();
    for (const socket of [link.client, link.upstream]) {
      if (socket.destroyed) continue;
      // A reset sends RST (the peer sees ECONNRESET); an ordinary end of one side just closes the other.
      if (hard && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
