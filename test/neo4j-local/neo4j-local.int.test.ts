/**
 * The launcher's lifecycle on real Neo4j processes (separate from the one the test tier runs on):
 * a second start reuses the data, and a foreground instance dies with its parent even on SIGKILL.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectGraph } from '../../src/graph/driver.js';
import {
  findFreePort,
  isPortOpen,
  localNeo4jStatus,
  readLiveState,
  startLocalNeo4j,
} from '../../src/neo4j-local/neo4j-local.js';

const homes: string[] = [];
afterEach(async () => {
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

async function newHome(): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'empirica-launcher-'));
  homes.push(home);
  return home;
}

/** PIDs of processes whose command line names this home (the JVM runs with --home-dir=<home>). */
async function processesUsing(home: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`--home-dir=${home}`)) pids.push(Number(entry));
  }
  return pids;
}

const options = { heap: '512m', pageCache: '64m', startTimeoutMs: 120_000 };

describe('local Neo4j lifecycle', () => {
  it('should keep the data across a stop and a second start', async () => {
    const home = await newHome();
    const port = await findFreePort();
    const neo4j = { ...inject('neo4j'), password: undefined };

    const first = await startLocalNeo4j({ home, port, ...options });
    expect((await localNeo4jStatus(home, port)).running).toBe(true);
    let graph = await connectGraph({ ...neo4j, uri: first.uri });
    await graph.write({ text: 'CREATE (:Marker {value: $value})', params: { value: 'kept' } });
    await graph.close();
    await first.stop();
    expect(await readLiveState(home)).toBeUndefined();
    expect(await isPortOpen(port)).toBe(false);

    const second = await startLocalNeo4j({ home, port, ...options });
    try {
      graph = await connectGraph({ ...neo4j, uri: second.uri });
      const rows = await graph.read<{ value: string }>({
        text: 'MATCH (m:Marker) RETURN m.value AS value',
        params: {},
      });
      await graph.close();
      expect(rows).toEqual([{ value: 'kept' }]);
    } finally {
      await second.stop();
    }
  });

  it('should not outlive a parent that is killed with SIGKILL', async () => {
    const home = await newHome();
    const port = await findFreePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'fixtures', 'start-foreground.ts'),
        home,
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('READY')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${output}`)));
    });
    expect(await processesUsing(home)).not.toEqual([]);

    child.kill('SIGKILL');
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && (await processesUsing(home)).length > 0) await sleep(500);
    expect(await processesUsing(home)).toEqual([]);
    expect(await isPortOpen(port)).toBe(false);
  }, 180_000);
});
