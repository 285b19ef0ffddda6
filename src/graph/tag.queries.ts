/**
 * The Cypher of TagRepository as pure statement builders (snapshotted in test/graph/tag.cypher.test.ts).
 *
 * A tag is one relationship per (paper, label): `(p)-[:IN_SUBFIELD]->(:Subfield)` or
 * `(p)-[:HAS_CONTRIBUTION]->(:ContributionType)` with `{confidence, evidence, source, taggedAt}`;
 * `source` is `tagger@<version>` or `curator`. A curator's relationship also has `{curator, reason,
 * rejected}`: `rejected: true` says the label does NOT apply, and readers hide it. The tagger never
 * writes over or deletes a curator's relationship, and never tags a paper whose tags are curated as a
 * whole (`p.tagsCurated`, the landmark corpus).
 */
import type { Tag } from '../tagging/tagger.js';
import type { Statement } from './driver.js';

export interface TaxonomyNodeRow {
  readonly slug: string;
  readonly props: { name: string; definition: string; taxonomyVersion: number; examples: string[] };
}

/** Creates or updates the taxonomy nodes (idempotent). */
export function syncTaxonomies(
  subfields: readonly TaxonomyNodeRow[],
  types: readonly TaxonomyNodeRow[],
): Statement {
  return {
    text: `CALL () {
  UNWIND $subfields AS item
  MERGE (s:Subfield {slug: item.slug})
  SET s += item.props
  RETURN count(s) AS subfields
}
CALL () {
  UNWIND $types AS item
  MERGE (t:ContributionType {slug: item.slug})
  SET t += item.props
  RETURN count(t) AS types
}
RETURN subfields, types`,
    params: { subfields, types },
  };
}

/** A tag as the tagger produces it (slug, confidence, evidence). */
export type TagValue = Pick<Tag, 'slug' | 'confidence' | 'evidence'>;

export interface TaggerRow {
  readonly key: string;
  readonly subfields: readonly TagValue[];
  readonly contributions: readonly TagValue[];
}

/**
 * Replaces the tagger's tags of each paper with new ones: tagger relationships for labels no longer
 * predicted are deleted, predicted ones are created or updated, curator relationships are left alone.
 * Idempotent: `taggedAt` only moves when a tag's value or source changes.
 */
export function writeTaggerTags(rows: readonly TaggerRow[], version: string, taggedAt: string): Statement {
  const upsertTags = (rel: string, label: string, field: string) => `CALL (p, row) {
  UNWIND row.${field} AS tag
  MATCH (t:${label} {slug: tag.slug})
  MERGE (p)-[r:${rel}]->(t)
  WITH r, tag
  WHERE coalesce(r.source, '') <> 'curator'
  SET r.taggedAt = CASE
        WHEN r.source = $source AND r.confidence = tag.confidence AND r.evidence = tag.evidence THEN r.taggedAt
        ELSE datetime($taggedAt) END,
      r.confidence = tag.confidence, r.evidence = tag.evidence, r.source = $source
}`;
  const dropStale = (rel: string, label: string, field: string) => `CALL (p, row) {
  MATCH (p)-[r:${rel}]->(t:${label})
  WHERE r.source STARTS WITH 'tagger@' AND NOT t.slug IN [tag IN row.${field} | tag.slug]
  DELETE r
}`;
  return {
    text: `UNWIND $rows AS row
MATCH (p:Paper {id: row.key})
WHERE NOT coalesce(p.tagsCurated, false)
SET p.taggedAt = CASE WHEN p.taggerVersion = $version THEN coalesce(p.taggedAt, datetime($taggedAt)) ELSE datetime($taggedAt) END,
    p.taggerVersion = $version
WITH p, row
${dropStale('IN_SUBFIELD', 'Subfield', 'subfields')}
${dropStale('HAS_CONTRIBUTION', 'ContributionType', 'contributions')}
${upsertTags('IN_SUBFIELD', 'Subfield', 'subfields')}
${upsertTags('HAS_CONTRIBUTION', 'ContributionType', 'contributions')}
RETURN count(p) AS tagged`,
    params: { rows, version, source: `tagger@${version}`, taggedAt },
  };
}

export interface CuratorTagInput {
  readonly key: string;
  readonly slug: string;
  readonly curator: string;
  readonly reason: string;
  readonly rejected: boolean;
  readonly at: string;
}

const CURATE_TEXT = (rel: string, label: string) => `UNWIND $tags AS tag
MATCH (p:Paper {id: tag.key})
// Write-lock the paper first, as the tagger's statement does: a curator and a re-tag never interleave.
SET p._lock = true
REMOVE p._lock
WITH p, tag
MATCH (t:${label} {slug: tag.slug})
MERGE (p)-[r:${rel}]->(t)
SET r.source = 'curator', r.curator = tag.curator, r.reason = tag.reason, r.rejected = tag.rejected,
    r.confidence = CASE WHEN tag.rejected THEN 0.0 ELSE 1.0 END, r.evidence = tag.reason,
    r.taggedAt = CASE
      WHEN r.source = 'curator' AND r.curator = tag.curator AND r.reason = tag.reason AND r.rejected = tag.rejected
      THEN r.taggedAt ELSE datetime(tag.at) END
RETURN count(r) AS written`;

/** Curator tags (assign or reject a label) for papers; they replace any tagger tag for the same label. */
export function curateTags(kind: 'subfield' | 'contribution', tags: readonly CuratorTagInput[]): Statement {
  return {
    text:
      kind === 'subfield'
        ? CURATE_TEXT('IN_SUBFIELD', 'Subfield')
        : CURATE_TEXT('HAS_CONTRIBUTION', 'ContributionType'),
    params: { tags },
  };
}

/**
 * Removes a curator's decision on one label and marks the paper for the next `tag --stale`, so the tagger
 * decides that label again (papers whose tags are curated as a whole are never re-tagged).
 */
export function clearCuratorTag(key: string, slug: string): Statement {
  return {
    text: `MATCH (p:Paper {id: $key})
OPTIONAL MATCH (p)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
WHERE t.slug = $slug AND r.source = 'curator'
DELETE r
WITH p, count(r) AS removed
// The next re-tag of stale papers visits this one again, so the tagger decides the label.
REMOVE p.taggerVersion
RETURN removed`,
    params: { key, slug },
  };
}

/** Marks papers whose tag set is curated as a whole: their tagger tags go, and the tagger leaves them alone. */
export function markTagsCurated(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
SET p.tagsCurated = true
WITH p
CALL (p) {
  MATCH (p)-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->()
  WHERE r.source STARTS WITH 'tagger@'
  DELETE r
}
RETURN count(p) AS marked`,
    params: { keys },
  };
}

/** Every tag of a paper, curator rejections included (the repository decides what to show). */
export function tagsOf(key: string): Statement {
  return {
    text: `MATCH (p:Paper {id: $key})-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t)
RETURN CASE type(r) WHEN 'IN_SUBFIELD' THEN 'subfield' ELSE 'contribution' END AS kind, t.slug AS slug,
       r.confidence AS confidence, r.evidence AS evidence, r.source AS source, toString(r.taggedAt) AS taggedAt,
       r.curator AS curator, r.reason AS reason, coalesce(r.rejected, false) AS rejected
ORDER BY kind, slug`,
    params: { key },
  };
}

// Citing sentences in a fixed order (cited paper, then text): which 20 are read, and so the evidence a tie
// picks, must not depend on the order the store returns them in (importing twice changes nothing).
const TAGGER_INPUT_RETURN = `RETURN p.id AS key, p.title AS title, p.abstract AS abstract,
       COLLECT { MATCH (p)-[r:IN_CATEGORY]->(c:Category) RETURN c.id ORDER BY r.primary DESC, c.id } AS categories,
       COLLECT { MATCH (p)-[c:CITES]->(q) UNWIND c.contexts AS sentence RETURN sentence ORDER BY q.id, sentence LIMIT 20 } AS contexts`;

/** What the tagger reads of the given papers (full papers only; stubs have nothing to tag). */
export function taggerInputs(keys: readonly string[]): Statement {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {id: key})
WHERE NOT coalesce(p.stub, false) AND p.title IS NOT NULL AND NOT coalesce(p.tagsCurated, false)
${TAGGER_INPUT_RETURN}`,
    params: { keys },
  };
}

/** A page of papers to (re-)tag, in key order after `after`: all, or those another version tagged. */
export function papersToTag(options: {
  all: boolean;
  version: string;
  after: string;
  limit: number;
}): Statement {
  return {
    text: `MATCH (p:Paper)
WHERE p.id > $after AND NOT coalesce(p.stub, false) AND p.title IS NOT NULL AND NOT coalesce(p.tagsCurated, false)
  AND ($all OR p.taggerVersion IS NULL OR p.taggerVersion <> $version)
WITH p ORDER BY p.id LIMIT toInteger($limit)
${TAGGER_INPUT_RETURN}`,
    params: options,
  };
}

/** How many papers `papersToTag` would visit (for progress). */
export function countPapersToTag(options: { all: boolean; version: string }): Statement {
  return {
    text: `MATCH (p:Paper)
WHERE NOT coalesce(p.stub, false) AND p.title IS NOT NULL AND NOT coalesce(p.tagsCurated, false)
  AND ($all OR p.taggerVersion IS NULL OR p.taggerVersion <> $version)
RETURN count(p) AS papers`,
    params: options,
  };
}
