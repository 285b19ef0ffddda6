import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointRepository } from '../../src/graph/checkpoint.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { connectTestGraph } from '../helpers/neo4j.js';

let graph: Graph;
beforeAll(async () => {
  graph = await connectTestGraph();
});
afterAll(async () => {
  await graph.close();
});

describe(CheckpointRepository.name, () => {
  it('should store, replace and remove a crawl checkpoint', async () => {
    const repo = new CheckpointRepository(graph);
    const id = `test:${randomUUID()}`;
    expect(await repo.get(id)).toBeUndefined();
    await repo.save(id, 'running', { token: 'abc', pages: 1 });
    await repo.save(id, 'running', { token: 'def', pages: 2 });
    expect(await repo.get(id)).toMatchObject({ id, status: 'running', state: { token: 'def', pages: 2 } });
    await repo.save(id, 'done', { pages: 3 });
    expect((await repo.get<{ pages: number }>(id))?.state.pages).toBe(3);
    await repo.remove(id);
    expect(await repo.get(id)).toBeUndefined();
  });
});
