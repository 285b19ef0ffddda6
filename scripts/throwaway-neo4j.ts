/**
 * A throw-away local Neo4j for the benchmarks: started in a temporary folder on a free port, migrated,
 * connected; `close()` disconnects, stops it and deletes the folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { connectGraph, type Graph } from '../src/graph/driver.js';
import { migrate } from '../src/graph/migrations.js';
import { findFreePort, startLocalNeo4j } from '../src/neo4j-local/neo4j-local.js';

export interface ThrowawayNeo4j {
  readonly graph: Graph;
  close(): Promise<void>;
}

export async function startThrowawayNeo4j(options: {
  readonly name: string;
  readonly heap: string;
  readonly pageCache: string;
}): Promise<ThrowawayNeo4j> {
  const config = loadConfig();
  const home = await mkdtemp(path.join(os.tmpdir(), `empirica-${options.name}-`));
  const neo4j = await startLocalNeo4j({
    home,
    port: await findFreePort(),
    heap: options.heap,
    pageCache: options.pageCache,
    startTimeoutMs: config.localNeo4j.startTimeoutMs,
    javaHome: config.localNeo4j.javaHome,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const close = async () => {
    await neo4j.stop();
    await rm(home, { recursive: true, force: true });
  };
  try {
    const graph = await connectGraph(
      { ...config.neo4j, uri: neo4j.uri, password: undefined },
      { source: 'bench' },
    );
    await migrate(graph);
    return {
      graph,
      async close() {
        await graph.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
