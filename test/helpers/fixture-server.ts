/**
 * A fake upstream on 127.0.0.1 for crawler tests: routes answer with recorded-format fixtures or inject
 * faults (429/503 with Retry-After, slow or endless bodies, truncated bodies, redirects). Every request is
 * logged with its arrival time; a request to a path no route knows is recorded as unexpected and answered
 * 599, so a test can assert that nothing unplanned was fetched.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoggedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly at: number;
  readonly userAgent: string | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export class FixtureServer {
  readonly requests: LoggedRequest[] = [];
  readonly unexpected: string[] = [];
  private readonly routes = new Map<string, Handler[]>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;

  /** Host and port, as the HTTP client's allow-list wants it. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get origin(): string {
    return `http://${this.host}`;
  }

  /**
   * Answers `path` with the handlers in turn (one per request); the last one answers all later requests.
   */
  route(path: string, ...handlers: Handler[]): this {
    this.routes.set(path, handlers);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      this.requests.push({
        path: url.pathname,
        query: url.searchParams,
        at: performance.now(),
        userAgent: req.headers['user-agent'],
      });
      const handlers = this.routes.get(url.pathname);
      if (!handlers?.length) {
        this.unexpected.push(`${req.method} ${req.url}`);
        res.writeHead(599).end('unexpected request');
        return;
      }
      const handler = handlers.length > 1 ? (handlers.shift() as Handler) : (handlers[0] as Handler);
      void Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Answers with a body and status. */
export const reply =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
  };

/** Sends headers and part of the body, then never finishes. */
export const endless: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/atom+xml' });
  res.write('<?xml version="1.0"?><feed>');
};

/** Promises a long body and closes the connection half-way. */
export const truncated =
  (body: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-length': String(body.length * 2) });
    res.write(body);
    res.socket?.destroy();
  };
