/**
 * Venues and what was submitted to them: `(:Venue {id})` and `(p:Paper)-[:SUBMITTED_TO {state, decision,
 * number}]->(v)`. A submission's state (accepted, rejected, withdrawn, desk-rejected, under-review) can
 * change between crawls; the edge holds the latest.
 */
import type { Graph, Statement } from './driver.js';

export interface SubmissionRow {
  readonly openreviewId: string;
  readonly venueId: string;
  readonly state: string;
  readonly decision: string | null;
  readonly number: number | null;
}

export function upsertVenueStatement(id: string, name: string | null): Statement {
  return {
    text: `MERGE (v:Venue {id: $id})
SET v.name = coalesce($name, v.name)`,
    params: { id, name },
  };
}

export function linkSubmissionsStatement(rows: readonly SubmissionRow[]): Statement {
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {openreviewId: row.openreviewId})
MATCH (v:Venue {id: row.venueId})
MERGE (p)-[r:SUBMITTED_TO]->(v)
SET r.state = row.state, r.decision = row.decision, r.number = row.number`,
    params: { rows },
  };
}

export class VenueRepository {
  constructor(private readonly graph: Graph) {}

  async upsertVenue(id: string, name?: string): Promise<void> {
    await this.graph.write(upsertVenueStatement(id, name ?? null));
  }

  /** Links papers (by OpenReview id) to their venue with the submission's state and decision. */
  async linkSubmissions(rows: readonly SubmissionRow[]): Promise<number> {
    if (!rows.length) return 0;
    await this.graph.write(linkSubmissionsStatement(rows));
    return rows.length;
  }

  /** Submissions of a venue, for checks and reports. */
  async submissions(
    venueId: string,
  ): Promise<Array<SubmissionRow & { title: string; arxivId: string | null }>> {
    return await this.graph.read({
      text: `MATCH (p:Paper)-[r:SUBMITTED_TO]->(:Venue {id: $venueId})
RETURN p.openreviewId AS openreviewId, $venueId AS venueId, r.state AS state, r.decision AS decision,
  r.number AS number, p.title AS title, p.arxivId AS arxivId
ORDER BY openreviewId`,
      params: { venueId },
    });
  }
}
