/**
 * Global setup of the integration tier: uses the Neo4j named by NEO4J_URI, or starts the project's local
 * Neo4j in a temporary folder on a free port and stops it at the end. The tests never skip: when no
 * Neo4j can be had, this setup fails with the reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { connectGraph } from '../../src/graph/driver.js';
import { migrate } from '../../src/graph/migrations.js';
import { findFreePort, type RunningNeo4j, startLocalNeo4j } from '../../src/neo4j-local/neo4j-local.js';
import type { TestNeo4j } from './neo4j.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  let running: RunningNeo4j | undefined;
  let home: string | undefined;
  let neo4j: TestNeo4j;
  if (config.neo4j.local) {
    home = await mkdtemp(path.join(os.tmpdir(), 'empirica-test-neo4j-'));
    const port = await findFreePort();
    running = await startLocalNeo4j({
      home,
      port,
      heap: '768m',
      pageCache: '256m',
      startTimeoutMs: config.localNeo4j.startTimeoutMs,
      javaHome: config.localNeo4j.javaHome,
      log: (line) => process.stderr.write(`[test neo4j] ${line}\n`),
    });
    neo4j = { ...config.neo4j, uri: running.uri };
  } else {
    neo4j = { ...config.neo4j };
    process.stderr.write(`[test neo4j] using NEO4J_URI=${config.neo4j.uri}\n`);
  }
  const graph = await connectGraph(neo4j);
  try {
    await migrate(graph);
  } finally {
    await graph.close();
  }
  project.provide('neo4j', neo4j);
  return async () => {
    await running?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  };
}
