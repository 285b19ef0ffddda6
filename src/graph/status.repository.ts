/** Whole-graph figures for the status query and the CLI; each is answered from Neo4j's count store. */
import type { Graph } from './driver.js';

export interface GraphCounts {
  readonly papers: number;
  readonly stubs: number;
  readonly authors: number;
  readonly citations: number;
  readonly schemaVersion: number;
}

export const countsStatement = {
  text: `CALL () { MATCH (p:Paper) RETURN count(p) AS papers }
CALL () { MATCH (p:Paper {stub: true}) RETURN count(p) AS stubs }
CALL () { MATCH (a:Author) RETURN count(a) AS authors }
CALL () { MATCH ()-[c:CITES]->() RETURN count(c) AS citations }
CALL () { OPTIONAL MATCH (m:Migration) RETURN coalesce(max(m.version), 0) AS schemaVersion }
RETURN papers, stubs, authors, citations, schemaVersion`,
  params: {},
} as const;

export class StatusRepository {
  constructor(private readonly graph: Graph) {}

  async counts(): Promise<GraphCounts> {
    const [row] = await this.graph.read<GraphCounts & Record<string, number>>(countsStatement);
    return row ?? { papers: 0, stubs: 0, authors: 0, citations: 0, schemaVersion: 0 };
  }

  /** True when the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.graph.read({ text: 'RETURN 1 AS ok', params: {} });
      return true;
    } catch {
      return false;
    }
  }
}
