/**
 * Joins OpenReview submissions with the arXiv papers they are (one node per work): every submission not
 * yet joined is compared with the papers sharing its normalised title (src/domain/matching.ts). A unique
 * fit is merged into the arXiv paper, with its method and confidence recorded on the node; several fits
 * are reported and left apart. Idempotent and re-runnable: it runs after every OpenReview and arXiv crawl,
 * so the order in which the two were crawled does not matter.
 */
import { decideMatch, type MatchCandidate } from '../src/domain/matching.js';
import type { PaperRepository } from '../src/graph/paper.repository.js';

export interface MatchReport {
  readonly merged: Array<{ from: string; into: string; method: string; confidence: number }>;
  readonly ambiguous: Array<{ key: string; candidates: string[] }>;
}

export async function matchOpenReviewPapers(
  papers: PaperRepository,
  options: { limit?: number } = {},
): Promise<MatchReport> {
  const report: MatchReport = { merged: [], ambiguous: [] };
  const subjects = await papers.openReviewOnly(options.limit ?? 100_000);
  if (!subjects.length) return report;
  const byTitle = new Map<string, MatchCandidate[]>();
  for (const candidate of await papers.matchCandidates(subjects.map((s) => s.titleKey))) {
    byTitle.set(candidate.titleKey, [...(byTitle.get(candidate.titleKey) ?? []), candidate]);
  }
  const taken = new Set<string>();
  for (const subject of subjects) {
    const decision = decideMatch(subject, byTitle.get(subject.titleKey) ?? []);
    if (decision.kind === 'ambiguous') {
      report.ambiguous.push({ key: subject.key, candidates: decision.candidates.map((c) => c.key) });
    } else if (decision.kind === 'match') {
      if (taken.has(decision.candidate.key)) {
        // A second submission fits a paper joined earlier in this run: reported, not merged.
        report.ambiguous.push({ key: subject.key, candidates: [decision.candidate.key] });
        continue;
      }
      taken.add(decision.candidate.key);
      if (await papers.merge(subject.key, decision.candidate.key, decision.method, decision.confidence)) {
        report.merged.push({
          from: subject.key,
          into: decision.candidate.key,
          method: decision.method,
          confidence: decision.confidence,
        });
      }
    }
  }
  return report;
}
