/**
 * `npm start` on an empty database: the service starts its own local Neo4j in a fresh folder, loads the
 * landmark corpus, and serves it. Runs the real command in a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

let child: ChildProcess | undefined;
let home: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (home) await rm(home, { recursive: true, force: true });
}, 60_000);

async function waitFor(url: string, deadline: number, output: () => string): Promise<void> {
  while (Date.now() < deadline) {
    if (child?.exitCode !== null) throw new Error(`serve exited early:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready in time:\n${output()}`);
}

describe('npm start on an empty database', () => {
  it('should load the landmark corpus and serve it', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'empirica-start-'));
    const apiPort = await findFreePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? home,
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      EMPIRICA_NEO4J_HOME: home,
      EMPIRICA_NEO4J_PORT: String(await findFreePort()),
      EMPIRICA_NEO4J_HEAP: '384m',
      EMPIRICA_NEO4J_PAGECACHE: '128m',
      EMPIRICA_PORT: String(apiPort),
      LOG_LEVEL: 'info',
    };
    let output = '';
    child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'empirica.js'), 'serve'], {
      env,
      cwd: PROJECT_ROOT,
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor(`http://127.0.0.1:${apiPort}/ready`, Date.now() + 150_000, () => output);

    const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ status { papers citations } }' }),
    });
    const body = (await response.json()) as { data: { status: { papers: number; citations: number } } };
    const landmarks = loadLandmarks(taxonomies());
    expect(body.data.status.papers).toBe(landmarks.length);
    expect(body.data.status.citations).toBe(landmarks.reduce((n, p) => n + p.cites.length, 0));
    expect(output).toMatch(/loading the bundled landmark corpus/);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 240_000);
});
