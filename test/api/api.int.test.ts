import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, createApi } from '../../src/api/yoga.js';
import type { Graph } from '../../src/graph/driver.js';
import { MIGRATIONS } from '../../src/graph/migrations.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let api: Api;
let scope: TestScope;

beforeAll(async () => {
  graph = await connectTestGraph('api-test');
  api = createApi({ graph, version: '9.9.9-test' });
  scope = new TestScope(graph);
});
afterAll(async () => {
  await scope.cleanup();
  await graph.close();
});

async function query(text: string) {
  const response = await api.fetch('http://api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  return (await response.json()) as {
    data?: Record<string, Record<string, number | string>>;
    errors?: unknown[];
  };
}

describe('API', () => {
  it('should answer liveness and readiness', async () => {
    expect((await api.fetch('http://api/health')).status).toBe(200);
    expect((await api.fetch('http://api/ready')).status).toBe(200);
  });

  it('should report the graph size in status, counting new papers and stubs', async () => {
    const before = (await query('{ status { version schemaVersion papers stubs citations } }')).data?.status;
    expect(before).toMatchObject({ version: '9.9.9-test', schemaVersion: MIGRATIONS.length });
    await new PaperRepository(graph).upsert([{ arxivId: scope.arxiv(1), title: 'A', source: 'test' }]);
    await new PaperRepository(graph).linkCitations([
      { from: { arxivId: scope.arxiv(1) }, to: { arxivId: scope.arxiv(2) }, source: 'test' },
    ]);
    const after = (await query('{ status { papers stubs citations } }')).data?.status;
    expect(after).toEqual({
      papers: Number(before?.papers) + 2,
      stubs: Number(before?.stubs) + 1,
      citations: Number(before?.citations) + 1,
    });
  });

  it('should serve GraphiQL opening on a follow-up query', async () => {
    const response = await api.fetch('http://api/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Empirica');
    expect(html).toContain('followUps');
  });

  it('should allow only the configured browser origins', async () => {
    const restricted = createApi({ graph, version: 'test', corsOrigins: ['https://app.example.org'] });
    const preflight = (origin: string) =>
      restricted.fetch('http://api/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://app.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.com');
  });
});

describe('web page', () => {
  let dir: string;
  let pageApi: Api;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-web-'));
    pageApi = createApi({ graph, version: 'test', webDir: dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should say how to build the page while the bundle is missing, and still serve GraphQL', async () => {
    const response = await pageApi.fetch('http://api/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:web');
    expect((await pageApi.fetch('http://api/health')).status).toBe(200);
  });

  it('should serve the built files with their types and a same-origin content policy', async () => {
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><script src="/app.js"></script>');
    await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
    const page = await pageApi.fetch('http://api/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/app.js');
    const script = await pageApi.fetch('http://api/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    const head = await pageApi.fetch('http://api/app.js', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('14');
  });

  it('should serve nothing outside the bundle folder', async () => {
    for (const probe of ['/..%2Fpackage.json', '/%2e%2e/package.json', '/.env', '/missing.js', '/a/b.js']) {
      const response = await pageApi.fetch(`http://api${probe}`);
      expect(response.status, probe).toBe(404);
    }
    const graphql = await pageApi.fetch('http://api/graphql?query={status{version}}');
    expect(graphql.status).toBe(200);
  });
});
