/**
 * Author profiles (from OpenReview): names and the institution history that conflict-of-interest checks
 * need, as `(a:Author)-[:AFFILIATED {domain, start, end, position}]->(i:Institution {domain, name})`; an
 * unknown start or end year is stored as -1 (MERGE cannot match on null) and read back as null. A profile's
 * history replaces the one stored before (entries a profile no longer lists are removed).
 */
import { normalizeName } from '../domain/authors.js';
import type { Graph, Statement } from './driver.js';

export interface AuthorProfile {
  readonly id: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly history: ReadonlyArray<{
    readonly domain: string;
    readonly institution?: string | undefined;
    readonly position?: string | undefined;
    readonly start?: number | undefined;
    readonly end?: number | undefined;
  }>;
}

export function upsertProfilesStatement(profiles: readonly AuthorProfile[]): Statement {
  const rows = profiles.map((p) => ({
    key: `openreview:${p.id}`,
    openreviewId: p.id,
    name: p.name,
    nameKey: normalizeName(p.name),
    names: [...p.names],
    history: p.history.map((h) => ({
      domain: h.domain,
      institution: h.institution ?? null,
      position: h.position ?? null,
      start: h.start ?? null,
      end: h.end ?? null,
    })),
  }));
  return {
    text: `UNWIND $rows AS row
MERGE (a:Author {key: row.key})
SET a.openreviewId = row.openreviewId, a.name = row.name, a.nameKey = row.nameKey, a.names = row.names,
  a.profileFetched = true
WITH a, row
CALL (a, row) {
  MATCH (a)-[r:AFFILIATED]->(i:Institution)
  WHERE NOT any(h IN row.history WHERE h.domain = i.domain AND coalesce(h.start, -1) = r.start
    AND coalesce(h.end, -1) = r.end)
  DELETE r
}
CALL (a, row) {
  UNWIND row.history AS h
  MERGE (i:Institution {domain: h.domain})
  SET i.name = coalesce(i.name, h.institution)
  MERGE (a)-[r:AFFILIATED {domain: h.domain, start: coalesce(h.start, -1), end: coalesce(h.end, -1)}]->(i)
  SET r.position = h.position
}`,
    params: { rows },
  };
}

export class AuthorRepository {
  constructor(private readonly graph: Graph) {}

  async upsertProfiles(profiles: readonly AuthorProfile[]): Promise<number> {
    if (!profiles.length) return 0;
    await this.graph.write(upsertProfilesStatement(profiles));
    return profiles.length;
  }

  /** Profile ids among `ids` not fetched yet (so a re-crawl asks only for new ones). */
  async missingProfiles(ids: readonly string[]): Promise<string[]> {
    const rows = await this.graph.read<{ id: string }>({
      text: `UNWIND $ids AS id
OPTIONAL MATCH (a:Author {openreviewId: id})
WITH id, a WHERE a IS NULL OR a.profileFetched IS NULL
RETURN id`,
      params: { ids: [...ids] },
    });
    return rows.map((r) => r.id);
  }

  /** An author's affiliations, oldest first. */
  async affiliations(
    openreviewId: string,
  ): Promise<Array<{ domain: string; start: number | null; end: number | null }>> {
    return await this.graph.read({
      text: `MATCH (:Author {openreviewId: $openreviewId})-[r:AFFILIATED]->(i:Institution)
RETURN i.domain AS domain, CASE r.start WHEN -1 THEN null ELSE r.start END AS start,
  CASE r.end WHEN -1 THEN null ELSE r.end END AS end
ORDER BY r.start, i.domain`,
      params: { openreviewId },
    });
  }
}
