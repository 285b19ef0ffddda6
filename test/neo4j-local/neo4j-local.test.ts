import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JavaMissingError, MavenMissingError, PortInUseError } from '../../src/neo4j-local/errors.js';
import {
  assertPortFree,
  checkJava,
  ensureJars,
  jvmArguments,
  neo4jVersion,
  readLiveState,
  renderNeo4jConf,
  startLocalNeo4j,
} from '../../src/neo4j-local/neo4j-local.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function occupyPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

describe(renderNeo4jConf.name, () => {
  it('should bind Bolt to loopback only, turn HTTP off and bound the page cache', () => {
    const conf = renderNeo4jConf({ home: '/srv/n4j', port: 7700, pageCache: '256m' });
    expect(conf).toContain('server.bolt.listen_address=127.0.0.1:7700\n');
    expect(conf).toContain('server.default_listen_address=127.0.0.1\n');
    expect(conf).toContain('server.http.enabled=false\n');
    expect(conf).toContain('server.memory.pagecache.size=256m\n');
    expect(conf).toContain('server.directories.data=/srv/n4j/data\n');
    expect(conf).not.toMatch(/0\.0\.0\.0/);
  });
});

describe(jvmArguments.name, () => {
  it('should fix the heap and run the stock community entry point from the jars', () => {
    const args = jvmArguments({ home: '/srv/n4j', heap: '768m' }, '/lib');
    expect(args).toEqual(expect.arrayContaining(['-Xms768m', '-Xmx768m', '-cp', '/lib/*']));
    expect(args).toContain('--add-opens=java.base/java.nio=ALL-UNNAMED');
    expect(args.slice(-3)).toEqual([
      'org.neo4j.server.CommunityEntryPoint',
      '--home-dir=/srv/n4j',
      '--config-dir=/srv/n4j/conf',
    ]);
  });
});

describe(neo4jVersion.name, () => {
  it('should read the pinned 5.26 version from neo4j/pom.xml', async () => {
    expect(await neo4jVersion()).toMatch(/^5\.26\.\d+$/);
  });
});

describe('start-up errors', () => {
  it('should refuse a port that is taken, naming it and the variable to change', async () => {
    const port = await occupyPort();
    await expect(assertPortFree(port)).rejects.toThrow(PortInUseError);
    await expect(assertPortFree(port)).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it('should fail a start on a taken port before launching anything', async () => {
    const port = await occupyPort();
    const home = await mkdtemp(path.join(os.tmpdir(), 'empirica-port-'));
    cleanup.push(() => rm(home, { recursive: true, force: true }));
    const started = Date.now();
    await expect(
      startLocalNeo4j({ home, port, heap: '512m', pageCache: '64m', startTimeoutMs: 60_000 }),
    ).rejects.toThrow(/EMPIRICA_NEO4J_PORT/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('should explain how to get Java when JAVA_HOME points at nothing', async () => {
    await expect(checkJava('/nonexistent/jdk')).rejects.toThrow(JavaMissingError);
    await expect(checkJava('/nonexistent/jdk')).rejects.toThrow(/needs Java 17 or 21.*JAVA_HOME/s);
  });

  it('should find the machine Java (17+)', async () => {
    expect(await checkJava(undefined)).toBeGreaterThanOrEqual(17);
  });

  it('should explain how to get Maven when the jars are missing and mvn is not installed', async () => {
    const libDir = await mkdtemp(path.join(os.tmpdir(), 'empirica-lib-'));
    cleanup.push(() => rm(libDir, { recursive: true, force: true }));
    const error = await ensureJars({ libDir, mvn: 'mvn-that-is-not-installed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MavenMissingError);
    expect((error as Error).message).toMatch(/Install Maven.*npm run db:fetch.*NEO4J_URI/s);
  });
});

describe(readLiveState.name, () => {
  it("should not take a live process that is not this home's Neo4j for ours, and drop the stale record", async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'empirica-stale-'));
    cleanup.push(() => rm(home, { recursive: true, force: true }));
    await mkdir(path.join(home, 'run'), { recursive: true });
    const file = path.join(home, 'run', 'empirica-neo4j.json');
    // The pid of this very test process: alive, but not a Neo4j.
    await writeFile(
      file,
      JSON.stringify({ pid: process.pid, port: 7687, uri: 'bolt://127.0.0.1:7687', home }),
    );
    expect(await readLiveState(home)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });
});
