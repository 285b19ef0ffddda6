/**
 * Crawl errors. The retry policy lives in these classes, not in `if`s: the HTTP layer decides what to do
 * with a failure by `instanceof` only.
 *
 * - RetryableError: a passing fault (5xx, timeout, connection reset, truncated body): retried with
 *   exponential backoff and jitter, up to a limit, then given up.
 * - RateLimitedError: the server asked us to slow down (429, 503 with Retry-After, arXiv's
 *   "Rate exceeded."): wait as told and try again; this does not count as a retry.
 * - NonRetryableError: asking again cannot help (404, 400, a body too large, a redirect to a host not
 *   allowed, a response that does not parse): reported for this request, the run goes on.
 * - CriticalError: the run cannot go on (missing contact address, bad credentials, a host outside the
 *   allow-list requested by our own code): stop and tell the user.
 */

export class CrawlError extends Error {
  /** The URL of the request that failed, when there was one. */
  readonly url: string | undefined;

  constructor(message: string, options: ErrorOptions & { url?: string } = {}) {
    super(message, options);
    this.name = new.target.name;
    this.url = options.url;
  }
}

export class RetryableError extends CrawlError {}

export class RateLimitedError extends CrawlError {
  /** How long the server asked us to wait. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options: ErrorOptions & { url?: string } = {}) {
    super(message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export class NonRetryableError extends CrawlError {}

export class CriticalError extends CrawlError {}
