/**
 * A venue crawl: every submission of the venue in every state (accepted with its decision, rejected,
 * withdrawn, desk-rejected, under review), stored as papers linked to `(:Venue)` by SUBMITTED_TO; the
 * authors' profiles with their institution history; then the join with arXiv papers (one node per work):
 * by the arXiv id a note names, else by title + first-author surname + year (ingest/match.ts).
 */
import type { AuthorRepository } from '../../../src/graph/author.repository.js';
import type { PaperRepository } from '../../../src/graph/paper.repository.js';
import type { VenueRepository } from '../../../src/graph/venue.repository.js';
import { matchOpenReviewPapers } from '../../match.js';
import type { Progress } from '../../progress.js';
import type { OpenReviewClient } from './openreview.client.js';
import { type OpenReviewSubmission, SUBMISSION_STATES, type SubmissionState } from './openreview.parser.js';

export interface VenueCrawlSummary {
  venue: string;
  requests: number;
  submissions: number;
  byState: Record<SubmissionState, number>;
  created: number;
  updated: number;
  profiles: number;
  /** Submissions joined with an arXiv paper: by the arXiv id in the note, or by title + author + year. */
  joinedByArxivId: number;
  joinedByTitle: number;
  ambiguous: Array<{ key: string; candidates: string[] }>;
  skipped: Array<{ id: string; reason: string }>;
}

export interface OpenReviewCrawlerDeps {
  readonly client: OpenReviewClient;
  readonly papers: PaperRepository;
  readonly venues: VenueRepository;
  readonly authors: AuthorRepository;
  readonly progress?: (label: string) => Progress | undefined;
}

export const ARXIV_ID_MATCH = 'arxiv-id';

export class OpenReviewCrawler {
  constructor(private readonly deps: OpenReviewCrawlerDeps) {}

  async crawlVenue(
    venueId: string,
    options: { states?: readonly SubmissionState[]; pageSize?: number } = {},
  ): Promise<VenueCrawlSummary> {
    const { client, papers, venues, authors } = this.deps;
    const summary: VenueCrawlSummary = {
      venue: venueId,
      requests: 0,
      submissions: 0,
      byState: { accepted: 0, rejected: 0, withdrawn: 0, 'desk-rejected': 0, 'under-review': 0 },
      created: 0,
      updated: 0,
      profiles: 0,
      joinedByArxivId: 0,
      joinedByTitle: 0,
      ambiguous: [],
      skipped: [],
    };
    const progress = this.deps.progress?.(`OpenReview ${venueId}`);
    const profileIds = new Set<string>();
    await venues.upsertVenue(venueId);
    try {
      for (const state of options.states ?? SUBMISSION_STATES) {
        for await (const page of client.notes(venueId, state, options.pageSize ?? 1000)) {
          for (const problem of page.problems)
            summary.skipped.push({ id: problem.id, reason: problem.errors.join('; ') });
          await this.store(page.submissions, summary);
          for (const submission of page.submissions)
            for (const id of submission.authorIds) profileIds.add(id);
          progress?.update(summary.submissions, undefined, `${state}: ${summary.byState[state]}`);
        }
      }
      const missing = await authors.missingProfiles([...profileIds]);
      if (missing.length) {
        const { profiles, problems } = await client.profiles(missing);
        summary.profiles = await authors.upsertProfiles(profiles);
        for (const problem of problems)
          summary.skipped.push({ id: problem.id, reason: problem.errors.join('; ') });
      }
      const matched = await matchOpenReviewPapers(papers);
      summary.joinedByTitle = matched.merged.length;
      summary.ambiguous = matched.ambiguous;
    } finally {
      progress?.done();
      summary.requests = client.requests;
    }
    return summary;
  }

  /** One page: join notes that name an arXiv id, upsert, link to the venue, record how they were joined. */
  private async store(
    submissions: readonly OpenReviewSubmission[],
    summary: VenueCrawlSummary,
  ): Promise<void> {
    const { papers, venues } = this.deps;
    const withArxiv = submissions.filter((s) => s.record.arxivId);
    // A note crawled before without its arXiv id may sit on a node of its own: join it to the arXiv paper.
    // One look-up for the whole page: each note's own node and its arXiv paper, in pairs.
    const found = await papers.getByRefs(
      withArxiv.flatMap((s) => [{ openreviewId: s.forumId }, { arxivId: s.record.arxivId }]),
    );
    for (const [index, submission] of withArxiv.entries()) {
      const own = found[2 * index];
      const arxiv = found[2 * index + 1];
      // …unless the arXiv paper already belongs to another submission (a resubmission): then leave both.
      const free = arxiv && (!arxiv.openreviewId || arxiv.openreviewId === submission.forumId);
      if (own && arxiv && free && own.id !== arxiv.id && !own.arxivId) {
        await papers.merge(own.id, arxiv.id, ARXIV_ID_MATCH, 1);
      }
    }
    // OpenReview fills gaps in papers arXiv described; it does not overwrite their metadata.
    const result = await papers.upsert(
      submissions.map((s) => ({
        ...s.record,
        ...(s.keywords.length ? { keywords: s.keywords } : {}),
        ...(s.pdfUrl ? { pdfUrl: s.pdfUrl } : {}),
      })),
      { fill: true },
    );
    summary.created += result.created;
    summary.updated += result.written - result.created;
    const rejected = new Set(result.rejected.map((r) => r.index));
    for (const rejection of result.rejected)
      summary.skipped.push({ id: rejection.record, reason: rejection.errors.join('; ') });
    const stored = submissions.filter((_, index) => !rejected.has(index));
    for (const submission of stored) summary.byState[submission.state] += 1;
    summary.submissions += stored.length;
    await venues.linkSubmissions(
      stored.map((s) => ({
        openreviewId: s.forumId,
        venueId: s.venueId,
        state: s.state,
        decision: s.decision ?? null,
        number: s.number ?? null,
      })),
    );
    const joined = stored.filter((s) => s.record.arxivId);
    summary.joinedByArxivId += joined.length;
    await papers.recordMatches(
      joined.map((s) => ({ openreviewId: s.forumId, method: ARXIV_ID_MATCH, confidence: 1 })),
    );
  }
}
