/** The server's body guard: over-long and unbounded (chunked) bodies are refused before GraphQL reads them. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBodies, MAX_BODY_BYTES } from '../../src/api/server.js';

let server: Server;
let port = 0;
let passed = 0;

beforeAll(async () => {
  server = createServer(
    limitBodies((req, res) => {
      passed += 1;
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends `body` as a POST: with its length declared, or chunked (`chunked: true`). */
function post(body: string, chunked = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/graphql',
        headers: chunked ? {} : { 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (chunked) req.write(body);
    req.end(chunked ? undefined : body);
  });
}

describe('limitBodies', () => {
  it('should pass a body of the limit, and refuse one byte more with 413', async () => {
    const before = passed;
    expect((await post('x'.repeat(MAX_BODY_BYTES))).status).toBe(200);
    const over = await post('x'.repeat(MAX_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(over.text).toContain(`over ${MAX_BODY_BYTES} bytes`);
    expect(passed).toBe(before + 1);
  });

  it('should refuse a chunked body with 411', async () => {
    const before = passed;
    const answer = await post('{"query":"{ __typename }"}', true);
    expect(answer.status).toBe(411);
    expect(answer.text).toContain('Content-Length');
    expect(passed).toBe(before);
  });
});

describe('limitBodies, seen from fetch', () => {
  it('should let a client finish sending a 16 MB body and read the 413', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ' '.repeat(16 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('over');
  });
});
