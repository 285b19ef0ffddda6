import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CriticalError, NonRetryableError, RateLimitedError, RetryableError } from '../../ingest/errors.js';
import { HttpClient, type HttpClientOptions, HttpStatusError, parseRetryAfter } from '../../ingest/http.js';
import { endless, FixtureServer, reply, truncated } from '../helpers/fixture-server.js';

let server: FixtureServer;
const retries: Array<{ attempt: number; delayMs: number; error: string }> = [];
const giveUps: string[] = [];

beforeEach(async () => {
  server = await new FixtureServer().start();
  retries.length = 0;
  giveUps.length = 0;
});
afterEach(async () => {
  await server.stop();
});

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    userAgent: 'Empirica-test/0.1 (mailto:tests@example.org)',
    allowedHosts: [server.host],
    defaultIntervalMs: 50,
    timeoutMs: 1000,
    baseBackoffMs: 20,
    maxBackoffMs: 100,
    maxRetries: 3,
    onRetry: (e) => retries.push({ attempt: e.attempt, delayMs: e.delayMs, error: e.error.name }),
    onGiveUp: (e) => giveUps.push(e.error.name),
    ...options,
  });
}

describe(parseRetryAfter.name, () => {
  it('should read seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe(HttpClient.name, () => {
  it('should send the User-Agent with its contact address and refuse one without', async () => {
    server.route('/a', reply(200, 'ok'));
    const response = await client().get(`${server.origin}/a`);
    expect(response).toMatchObject({ status: 200, body: 'ok', fromCache: false });
    expect(server.requests[0]?.userAgent).toBe('Empirica-test/0.1 (mailto:tests@example.org)');
    expect(() => client({ userAgent: 'Empirica/0.1' })).toThrow(CriticalError);
  });

  it('should never start two requests to one host closer than the interval, retries included', async () => {
    server.route('/r', reply(503, 'busy'), reply(200, 'ok'));
    server.route('/s', reply(200, 'ok'));
    const http = client({ defaultIntervalMs: 150 });
    await Promise.all([
      http.get(`${server.origin}/r`),
      http.get(`${server.origin}/s`),
      http.get(`${server.origin}/s?2`),
    ]);
    const times = server.requests.map((r) => r.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(150);
    expect(server.unexpected).toEqual([]);
  });

  it('should retry 5xx with backoff and give up after maxRetries', async () => {
    server.route('/down', reply(502, 'bad gateway'));
    const error = await client()
      .get(`${server.origin}/down`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(server.requests).toHaveLength(4);
    expect(retries.map((r) => r.error)).toEqual(['RetryableError', 'RetryableError', 'RetryableError']);
    expect(giveUps).toEqual(['RetryableError']);
  });

  it('should wait as Retry-After says on 429 and 503, without counting it as a retry', async () => {
    server.route(
      '/limited',
      reply(429, 'slow down', { 'retry-after': '1' }),
      reply(503, 'maintenance', { 'retry-after': new Date(Date.now() + 1000).toUTCString() }),
      reply(429, 'again', { 'retry-after': '0' }),
      reply(200, 'finally'),
    );
    const started = performance.now();
    const response = await client({ maxRetries: 0 }).get(`${server.origin}/limited`);
    expect(response.body).toBe('finally');
    expect(retries.map((r) => r.error)).toEqual(['RateLimitedError', 'RateLimitedError', 'RateLimitedError']);
    expect(retries[0]?.delayMs).toBe(1000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('should treat arXiv\'s "Rate exceeded." as a rate limit', async () => {
    server.route('/api/query', reply(200, 'Rate exceeded.', { 'retry-after': '0' }), reply(200, '<feed/>'));
    const response = await client().get(`${server.origin}/api/query`);
    expect(response.body).toBe('<feed/>');
    expect(retries[0]?.error).toBe('RateLimitedError');
  });

  it('should give up on a Retry-After longer than allowed', async () => {
    server.route('/later', reply(429, 'tomorrow', { 'retry-after': '86400' }));
    await expect(client().get(`${server.origin}/later`)).rejects.toBeInstanceOf(RateLimitedError);
    expect(server.requests).toHaveLength(1);
  });

  it('should not retry a 404 and keep the body of a 400', async () => {
    server.route('/missing', reply(404, 'no such page'));
    server.route('/bad', reply(400, '<feed><entry><title>Error</title></entry></feed>'));
    await expect(client().get(`${server.origin}/missing`)).rejects.toBeInstanceOf(NonRetryableError);
    const error = (await client()
      .get(`${server.origin}/bad`)
      .catch((e: unknown) => e)) as HttpStatusError;
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(400);
    expect(error.body).toContain('<title>Error</title>');
    expect(server.requests).toHaveLength(2);
  });

  it('should time out a body that never ends, and retry it', async () => {
    server.route('/endless', endless);
    const error = await client({ timeoutMs: 300, maxRetries: 1 })
      .get(`${server.origin}/endless`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toMatch(/within 300 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('should retry a truncated body', async () => {
    server.route('/cut', truncated('<feed><entry>'), reply(200, '<feed></feed>'));
    const response = await client().get(`${server.origin}/cut`);
    expect(response.body).toBe('<feed></feed>');
    expect(retries[0]?.error).toBe('RetryableError');
  });

  it('should refuse a body over the size cap without retrying', async () => {
    server.route('/big', reply(200, 'x'.repeat(5000)));
    await expect(client({ maxBytes: 1000 }).get(`${server.origin}/big`)).rejects.toThrow(
      /over the 1000-byte cap/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('should follow a redirect within the allow-list and refuse one to another host', async () => {
    server.route('/old', reply(301, '', { location: '/new' }));
    server.route('/new', reply(200, 'moved'));
    server.route('/away', reply(302, '', { location: 'https://elsewhere.example.com/x' }));
    expect((await client().get(`${server.origin}/old`)).body).toBe('moved');
    await expect(client().get(`${server.origin}/away`)).rejects.toThrow(/refused: host not allowed/);
    expect(server.unexpected).toEqual([]);
  });

  it('should POST JSON with extra headers, and read a 429 wait from the body when there is no Retry-After', async () => {
    const seen: Array<{ body: string; auth: string | undefined; type: string | undefined }> = [];
    server.route(
      '/login',
      reply(429, 'Too many requests: Please try again in 1 second'),
      async (req, res) => {
        let body = '';
        for await (const chunk of req) body += chunk;
        seen.push({ body, auth: req.headers.authorization, type: req.headers['content-type'] });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}');
      },
    );
    const http = client({
      retryAfterFromBody: (_status, body) => (/in 1 second/.test(body) ? 1000 : undefined),
    });
    const response = await http.request(`${server.origin}/login`, {
      method: 'POST',
      json: { id: 'me@example.org' },
      headers: { authorization: 'Bearer x' },
    });
    expect(response.body).toBe('{"token":"t"}');
    expect(seen).toEqual([{ body: '{"id":"me@example.org"}', auth: 'Bearer x', type: 'application/json' }]);
    expect(retries[0]).toMatchObject({ error: 'RateLimitedError', delayMs: 1000 });
  });

  it('should never carry credentials to another origin, nor follow a redirect that leaves https', async () => {
    const other = await new FixtureServer().start();
    try {
      server.route('/a', reply(302, '', { location: `${other.origin}/b` }));
      other.route('/b', (req, res) => {
        res.writeHead(200).end(`auth=${req.headers.authorization ?? 'none'}`);
      });
      const http = client({ allowedHosts: [server.host, other.host] });
      const response = await http.get(`${server.origin}/a`, { headers: { authorization: 'Bearer SECRET' } });
      expect(response.body).toBe('auth=none');

      const downgrade = client({
        allowedHosts: ['secure.test'],
        fetch: async () => new Response(null, { status: 302, headers: { location: 'http://secure.test/b' } }),
      });
      await expect(downgrade.get('https://secure.test/a')).rejects.toThrow(/leaves https/);
    } finally {
      await other.stop();
    }
  });

  it('should still answer when the cache cannot be written', async () => {
    server.route('/page', reply(200, 'fine'));
    const notADirectory = path.join(await mkdtemp(path.join(os.tmpdir(), 'empirica-cache-file-')), 'file');
    await writeFile(notADirectory, 'x');
    const response = await client({ cacheDir: notADirectory }).get(`${server.origin}/page`);
    expect(response.body).toBe('fine');
    expect(server.requests).toHaveLength(1);
    await rm(path.dirname(notADirectory), { recursive: true, force: true });
  });

  it('should refuse to request a host outside the allow-list', async () => {
    await expect(client().get('https://arxiv.org/abs/1611.03530')).rejects.toBeInstanceOf(CriticalError);
  });

  describe('with a cache', () => {
    let cacheDir: string;
    beforeEach(async () => {
      cacheDir = await mkdtemp(path.join(os.tmpdir(), 'empirica-http-cache-'));
    });
    afterEach(async () => {
      await rm(cacheDir, { recursive: true, force: true });
    });

    it('should refetch nothing it already has, and cache only successes', async () => {
      server.route('/paper', reply(200, 'page'));
      server.route('/gone', reply(404, 'no'));
      const first = await client({ cacheDir }).get(`${server.origin}/paper`);
      const second = await client({ cacheDir }).get(`${server.origin}/paper`);
      expect(first.fromCache).toBe(false);
      expect(second).toMatchObject({ body: 'page', fromCache: true });
      await client({ cacheDir })
        .get(`${server.origin}/gone`)
        .catch(() => {});
      await client({ cacheDir })
        .get(`${server.origin}/gone`)
        .catch(() => {});
      expect(server.requests.map((r) => r.path)).toEqual(['/paper', '/gone', '/gone']);
    });
  });
});
