/**
 * Crawl checkpoints live in the graph as `(:CrawlCheckpoint {id, status, state, updatedAt})`, so a crawl
 * resumes where it stopped on any machine that reaches the database. `state` is the crawler's own JSON
 * (e.g. an OAI resumption token and counts); the repository does not interpret it.
 */
import type { Graph } from './driver.js';

export type CheckpointStatus = 'running' | 'done';

export interface Checkpoint<S> {
  readonly id: string;
  readonly status: CheckpointStatus;
  readonly state: S;
  readonly updatedAt: string;
}

export class CheckpointRepository {
  constructor(private readonly graph: Graph) {}

  async get<S>(id: string): Promise<Checkpoint<S> | undefined> {
    const [row] = await this.graph.read<{ status: CheckpointStatus; state: string; updatedAt: string }>({
      text: `MATCH (c:CrawlCheckpoint {id: $id})
RETURN c.status AS status, c.state AS state, toString(c.updatedAt) AS updatedAt`,
      params: { id },
    });
    return row
      ? { id, status: row.status, state: JSON.parse(row.state) as S, updatedAt: row.updatedAt }
      : undefined;
  }

  async save<S>(id: string, status: CheckpointStatus, state: S): Promise<void> {
    await this.graph.write({
      text: `MERGE (c:CrawlCheckpoint {id: $id})
SET c.status = $status, c.state = $state, c.updatedAt = datetime()`,
      params: { id, status, state: JSON.stringify(state) },
    });
  }

  async remove(id: string): Promise<void> {
    await this.graph.write({ text: 'MATCH (c:CrawlCheckpoint {id: $id}) DELETE c', params: { id } });
  }
}
