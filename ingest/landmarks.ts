/**
 * Loads the bundled landmark corpus into the graph: papers (title, authors, year, venue, categories and
 * the project's own summary), the citation links among them, and the hand-curated tags as curator tags
 * (`curator: empirica-landmarks`, the rationale as the reason). Their tag sets are marked curated as a
 * whole, so the tagger leaves them alone. Idempotent: loading twice changes nothing.
 */
import { paperKeyFor } from '../src/domain/identifiers.js';
import type { PaperRecordInput } from '../src/domain/records.js';
import type { PaperRepository } from '../src/graph/paper.repository.js';
import type { TagRepository } from '../src/graph/tag.repository.js';
import type { Landmark } from '../src/tagging/corpus.js';

export const LANDMARK_SOURCE = 'landmarks';
export const LANDMARK_CURATOR = 'empirica-landmarks';

export interface LandmarkLoadResult {
  readonly papers: number;
  readonly citations: number;
  readonly tags: number;
}

export function landmarkRecord(paper: Landmark): PaperRecordInput {
  return {
    arxivId: paper.arxivId,
    title: paper.title,
    summary: paper.summary,
    year: paper.year,
    ...(paper.venue ? { venue: paper.venue } : {}),
    authors: paper.authors.map((name) => ({ name })),
    categories: paper.categories,
    source: LANDMARK_SOURCE,
  };
}

export async function loadLandmarksIntoGraph(
  landmarks: readonly Landmark[],
  repositories: { papers: PaperRepository; tags: TagRepository },
): Promise<LandmarkLoadResult> {
  const { papers, tags } = repositories;
  const written = await papers.upsert(landmarks.map(landmarkRecord), { fill: true });
  if (written.rejected.length) {
    const first = written.rejected[0];
    throw new Error(
      `${written.rejected.length} landmark paper(s) were rejected, first ${first?.record}: ${first?.errors.join('; ')}`,
    );
  }
  const cited = await papers.linkCitations(
    landmarks.flatMap((paper) =>
      paper.cites.map((to) => ({
        from: { arxivId: paper.arxivId },
        to: { arxivId: to },
        source: LANDMARK_SOURCE,
      })),
    ),
  );
  const keyOf = (paper: Landmark) => paperKeyFor({ arxivId: paper.arxivId }) as string;
  const stored = await papers.getByRefs(landmarks.map((p) => ({ arxivId: p.arxivId })));
  const keys = new Map(landmarks.map((p, i) => [p.arxivId, stored[i]?.id ?? keyOf(p)]));
  const tagRows = (kind: 'subfield' | 'contribution') =>
    landmarks.flatMap((paper) =>
      (kind === 'subfield'
        ? paper.tags.subfields.map((s) => ({ slug: s.subfield, reason: s.rationale }))
        : paper.tags.contributions.map((c) => ({ slug: c.type, reason: c.rationale }))
      ).map((t) => ({
        key: keys.get(paper.arxivId) as string,
        slug: t.slug,
        curator: LANDMARK_CURATOR,
        reason: t.reason,
        rejected: false,
      })),
    );
  const tagCount =
    (await tags.curateMany('subfield', tagRows('subfield'))) +
    (await tags.curateMany('contribution', tagRows('contribution')));
  await tags.markTagsCurated([...keys.values()]);
  return { papers: written.written, citations: cited.written, tags: tagCount };
}
