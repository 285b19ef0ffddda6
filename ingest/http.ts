/**
 * The one HTTP client every source uses. It is polite and defensive:
 * - a descriptive User-Agent with a contact address;
 * - an allow-list of hosts: a request elsewhere is a CriticalError, a redirect elsewhere is refused;
 * - per host, one request at a time and at least `interval` ms from the end of one request to the start
 *   of the next (arXiv: 3 s), retries included;
 * - a timeout over the whole exchange (headers and body) and a cap on the body size;
 * - retries by error class (ingest/errors.ts): backoff with jitter for RetryableError, waiting as told for
 *   RateLimitedError (Retry-After in seconds or as an HTTP date; arXiv's "Rate exceeded.");
 * - an optional on-disk cache of successful responses, so a re-run refetches nothing it has.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { CrawlError, CriticalError, NonRetryableError, RateLimitedError, RetryableError } from './errors.js';

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** True when the answer came from the on-disk cache (no request was made). */
  readonly fromCache: boolean;
}

export interface HttpClientOptions {
  /** Sent with every request; must name the project and a contact address. */
  readonly userAgent: string;
  /** Hosts (with port when not the default) that may be requested. */
  readonly allowedHosts: readonly string[];
  /** Minimum gap between two requests to one host, by host; `defaultIntervalMs` otherwise. */
  readonly hostIntervalsMs?: Readonly<Record<string, number>>;
  readonly defaultIntervalMs?: number;
  /** Whole-exchange timeout per attempt. */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  readonly maxBytes?: number;
  /** Retries of RetryableError before giving up. */
  readonly maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter, up to `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Waits for RateLimitedError allowed per request (they do not count as retries, but are bounded). */
  readonly maxRateLimitWaits?: number;
  /** A Retry-After longer than this gives up instead of waiting. */
  readonly maxRetryAfterMs?: number;
  /** Folder of the response cache; no cache when absent. */
  readonly cacheDir?: string | undefined;
  /** Reads a wait from a 429 body when the server says it in words rather than in Retry-After. */
  readonly retryAfterFromBody?: (status: number, body: string) => number | undefined;
  /** Called before each retry or rate-limit wait. */
  readonly onRetry?: (event: { url: string; attempt: number; delayMs: number; error: CrawlError }) => void;
  /** Called when a request fails for good. */
  readonly onGiveUp?: (event: { url: string; attempts: number; error: CrawlError }) => void;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  readonly accept?: string;
  /** Skip the cache for this request (e.g. OAI pages, whose tokens expire). Only GETs are ever cached. */
  readonly noCache?: boolean;
  /** Default GET. A POST is never cached and never followed through a redirect. */
  readonly method?: 'GET' | 'POST';
  /** JSON body of a POST. Never logged, never cached. */
  readonly json?: unknown;
  /** Extra headers (e.g. Authorization). Never logged, never cached. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Reads Retry-After (delta-seconds or an HTTP date) as milliseconds from `now`; undefined if absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const MAX_REDIRECTS = 5;

export class HttpClient {
  private readonly queues = new Map<string, PQueue>();
  private readonly lastEnd = new Map<string, number>();
  private readonly fetchImpl: typeof fetch;
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: HttpClientOptions) {
    if (!/\S+@\S+/.test(options.userAgent)) {
      throw new CriticalError(`The User-Agent must carry a contact address: "${options.userAgent}"`);
    }
    this.fetchImpl = options.fetch ?? fetch;
    this.allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  }

  /** GET with the politeness, retry and cache rules above. Throws a CrawlError subclass on failure. */
  async get(url: string, request: RequestOptions = {}): Promise<HttpResponse> {
    return await this.request(url, { ...request, method: 'GET' });
  }

  /** Any request under the same rules; see RequestOptions for what differs for POST. */
  async request(url: string, request: RequestOptions = {}): Promise<HttpResponse> {
    const target = this.checkAllowed(url);
    const cacheable = (request.method ?? 'GET') === 'GET' && !request.noCache;
    const cached = cacheable ? await this.readCache(target.href) : undefined;
    if (cached) return cached;

    const maxRetries = this.options.maxRetries ?? 4;
    const maxWaits = this.options.maxRateLimitWaits ?? 10;
    let retries = 0;
    let waits = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.fetchFollowingRedirects(target, request);
        if (cacheable) {
          // A cache that cannot be written (disk full, permissions) must not fail a good answer.
          await this.writeCache(target.href, response).catch(() => {});
        }
        return response;
      } catch (caught) {
        const error =
          caught instanceof CrawlError
            ? caught
            : new RetryableError(`Request failed: ${(caught as Error).message}`, {
                url: target.href,
                cause: caught,
              });
        let delayMs: number | undefined;
        if (error instanceof RateLimitedError && waits < maxWaits) {
          if (error.retryAfterMs <= (this.options.maxRetryAfterMs ?? 15 * 60_000)) {
            waits += 1;
            delayMs = error.retryAfterMs;
          }
        } else if (error instanceof RetryableError && retries < maxRetries) {
          retries += 1;
          delayMs = this.backoff(retries);
        }
        if (delayMs === undefined) {
          this.options.onGiveUp?.({ url: target.href, attempts: attempt, error });
          throw error;
        }
        this.options.onRetry?.({ url: target.href, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }

  private backoff(retry: number): number {
    const base = this.options.baseBackoffMs ?? 1000;
    const capped = Math.min(this.options.maxBackoffMs ?? 60_000, base * 2 ** (retry - 1));
    return Math.round(capped * (0.5 + Math.random() * 0.5));
  }

  private checkAllowed(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CriticalError(`Not a URL: ${url}`);
    }
    if (!this.allowed.has(parsed.host.toLowerCase())) {
      throw new CriticalError(
        `Host ${parsed.host} is not in the allow-list (${[...this.allowed].join(', ')})`,
        {
          url,
        },
      );
    }
    return parsed;
  }

  private queueFor(host: string): PQueue {
    let queue = this.queues.get(host);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.queues.set(host, queue);
    }
    return queue;
  }

  /**
   * Runs `work` when the host is free and `interval` ms have passed since the previous request to it
   * FINISHED. Counting from the end rather than the start keeps the gap the server sees at or above the
   * interval whatever the latency of connection set-up, so it can never be measured below it.
   */
  private async throttled<T>(host: string, work: () => Promise<T>): Promise<T> {
    const interval = this.options.hostIntervalsMs?.[host] ?? this.options.defaultIntervalMs ?? 1000;
    return (await this.queueFor(host).add(async () => {
      const last = this.lastEnd.get(host);
      if (last !== undefined) {
        const wait = last + interval - performance.now();
        if (wait > 0) await sleep(wait);
      }
      try {
        return await work();
      } finally {
        this.lastEnd.set(host, performance.now());
      }
    })) as T;
  }

  private async fetchFollowingRedirects(start: URL, original: RequestOptions): Promise<HttpResponse> {
    let current = start;
    let request = original;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const outcome = await this.throttled(current.host, () => this.fetchOnce(current, request));
      if (!('redirect' in outcome)) return outcome;
      if (request.method === 'POST') {
        throw new NonRetryableError(`A POST to ${current.href} was redirected; not followed`, {
          url: current.href,
        });
      }
      let next: URL;
      try {
        next = new URL(outcome.redirect, current);
      } catch {
        throw new NonRetryableError(`Bad redirect location ${outcome.redirect}`, { url: current.href });
      }
      if (!this.allowed.has(next.host.toLowerCase())) {
        throw new NonRetryableError(
          `Redirect from ${current.href} to ${next.href} refused: host not allowed`,
          {
            url: current.href,
          },
        );
      }
      if (current.protocol === 'https:' && next.protocol !== 'https:') {
        throw new NonRetryableError(`Redirect from ${current.href} to ${next.href} refused: leaves https`, {
          url: current.href,
        });
      }
      if (next.origin !== current.origin && request.headers) {
        // Credentials (Authorization and the like) never follow a redirect to another origin.
        request = { ...request, headers: {} };
      }
      current = next;
    }
    throw new NonRetryableError(`More than ${MAX_REDIRECTS} redirects from ${start.href}`, {
      url: start.href,
    });
  }

  private async fetchOnce(url: URL, request: RequestOptions): Promise<HttpResponse | { redirect: string }> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      const post = request.method === 'POST';
      response = await this.fetchImpl(url, {
        method: request.method ?? 'GET',
        redirect: 'manual',
        signal,
        headers: {
          ...request.headers,
          'user-agent': this.options.userAgent,
          accept: request.accept ?? '*/*',
          ...(post ? { 'content-type': 'application/json' } : {}),
        },
        ...(post ? { body: JSON.stringify(request.json ?? {}) } : {}),
      });
    } catch (error) {
      throw this.transportError(error, url, timeoutMs);
    }
    const { status } = response;
    if (status >= 300 && status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) throw new NonRetryableError(`Redirect ${status} without Location`, { url: url.href });
      return { redirect: location };
    }
    let body: string;
    try {
      body = await this.readBody(response, url);
    } catch (error) {
      throw error instanceof CrawlError ? error : this.transportError(error, url, timeoutMs);
    }
    const retryAfter =
      parseRetryAfter(response.headers.get('retry-after')) ??
      (status === 429 ? this.options.retryAfterFromBody?.(status, body) : undefined);
    if (status === 429 || (status === 503 && retryAfter !== undefined)) {
      throw new RateLimitedError(`HTTP ${status} from ${url.host}`, retryAfter ?? 30_000, { url: url.href });
    }
    if (/^\s*Rate exceeded\.?\s*$/i.test(body)) {
      // arXiv's throttle answer: plain text, sometimes with status 200.
      throw new RateLimitedError(`${url.host} answered "Rate exceeded."`, retryAfter ?? 10_000, {
        url: url.href,
      });
    }
    if (status >= 500) throw new RetryableError(`HTTP ${status} from ${url.host}`, { url: url.href });
    if (status >= 400) {
      throw new HttpStatusError(`HTTP ${status} from ${url.href}`, status, body, { url: url.href });
    }
    return {
      url: url.href,
      status,
      contentType: response.headers.get('content-type') ?? '',
      body,
      fromCache: false,
    };
  }

  private async readBody(response: Response, url: URL): Promise<string> {
    const maxBytes = this.options.maxBytes ?? 20 * 1024 * 1024;
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new NonRetryableError(`Response of ${declared} bytes is over the ${maxBytes}-byte cap`, {
        url: url.href,
      });
    }
    if (!response.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new NonRetryableError(`Response is over the ${maxBytes}-byte cap`, { url: url.href });
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private transportError(error: unknown, url: URL, timeoutMs: number): CrawlError {
    const name = (error as Error | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new RetryableError(`No complete answer from ${url.host} within ${timeoutMs} ms`, {
        url: url.href,
        cause: error,
      });
    }
    const message = (error as Error | undefined)?.message ?? String(error);
    return new RetryableError(`Connection to ${url.host} failed: ${message}`, {
      url: url.href,
      cause: error,
    });
  }

  private cachePath(url: string): string | undefined {
    const dir = this.options.cacheDir;
    if (!dir) return undefined;
    const parsed = new URL(url);
    const hash = createHash('sha256').update(url).digest('hex');
    return path.join(dir, parsed.host.replace(/[^a-z0-9.-]/gi, '_'), `${hash}.json`);
  }

  private async readCache(url: string): Promise<HttpResponse | undefined> {
    const file = this.cachePath(url);
    if (!file) return undefined;
    try {
      const entry = JSON.parse(await readFile(file, 'utf8')) as HttpResponse & { requestUrl: string };
      if (entry.requestUrl !== url) return undefined;
      const { requestUrl: _, ...response } = entry;
      return { ...response, fromCache: true };
    } catch {
      return undefined;
    }
  }

  private async writeCache(requestUrl: string, response: HttpResponse): Promise<void> {
    const file = this.cachePath(requestUrl);
    if (!file || response.status !== 200) return;
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ ...response, requestUrl, fromCache: false }));
    await rename(temp, file);
  }
}

/** A 4xx answer (other than 429): not worth retrying; the body is kept (arXiv explains errors in it). */
export class HttpStatusError extends NonRetryableError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    options: ErrorOptions & { url?: string } = {},
  ) {
    super(message, options);
  }
}
