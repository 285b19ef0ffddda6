import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectGraph, type Graph } from '../../src/graph/driver.js';
import { DatabaseUnavailableError, MigrationChecksumError } from '../../src/graph/errors.js';
import { MIGRATIONS, type Migration, migrate } from '../../src/graph/migrations.js';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { connectTestGraph, type TestNeo4j } from '../helpers/neo4j.js';

const base = (): TestNeo4j => ({ ...inject('neo4j'), connectTimeoutMs: 2000 });

describe(connectGraph.name, () => {
  it('should report a refused connection as DatabaseUnavailableError within seconds', async () => {
    const port = await findFreePort(); // nothing listens there
    const started = Date.now();
    const error = await connectGraph({ ...base(), uri: `bolt://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain(`bolt://127.0.0.1:${port} is unreachable`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('should not hang on a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const error = await connectGraph({ ...base(), uri: `bolt://127.0.0.1:${port}` }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe(migrate.name, () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await connectTestGraph();
  });
  afterAll(async () => {
    await graph.close();
  });

  it('should apply nothing the second time and leave the schema as it was', async () => {
    const schema = async () =>
      (
        await graph.read<{ name: string }>({
          text: 'SHOW INDEXES YIELD name RETURN name ORDER BY name',
          params: {},
        })
      ).map((r) => r.name);
    const before = await schema();
    const result = await migrate(graph);
    expect(result).toEqual({ applied: [], version: MIGRATIONS.length });
    expect(await schema()).toEqual(before);
    expect(before).toEqual(
      expect.arrayContaining(['paper_id', 'paper_arxiv_id', 'paper_doi', 'paper_search', 'paper_year']),
    );
  });

  it('should refuse to run when an applied migration was edited', async () => {
    const edited: Migration[] = MIGRATIONS.map((m, i) =>
      i === 0
        ? { ...m, statements: [...m.statements, 'CREATE INDEX extra IF NOT EXISTS FOR (p:Paper) ON (p.x)'] }
        : m,
    );
    await expect(migrate(graph, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
  });
});
