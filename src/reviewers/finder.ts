/**
 * Reviewer finding for organizers: ranked, explained, conflict-free candidates for one submission, and a
 * whole-venue assignment (min-cost flow, src/reviewers/assignment.ts). The graph supplies profiles; the
 * scoring and the conflict rules are the pure functions of src/reviewers/affinity.ts.
 */
import { normalizeName } from '../domain/authors.js';
import type { ReviewerRepository } from '../graph/reviewer.repository.js';
import { toLuceneAnyQuery } from '../graph/search.queries.js';
import {
  type AffinityExplained,
  affinity,
  type CandidateProfile,
  type Conflict,
  conflictsOf,
  type DeclaredConflict,
  type PreparedCandidate,
  prepareCandidate,
  prepareScoring,
  type Similarities,
  type SubmissionProfile,
  scoreOf,
} from './affinity.js';
import { assignReviewers } from './assignment.js';

/** A submission: a paper in the graph (by key), or a title + abstract + author names given directly. */
export type SubmissionInput =
  | { readonly key: string }
  | {
      readonly title: string;
      readonly abstract?: string;
      readonly authors: readonly string[];
      /** Keys of papers in the graph the submission cites (for citation proximity). */
      readonly references?: readonly string[];
    };

export interface FinderOptions {
  /** Conflict window for co-authorship, in years (default 3). */
  readonly coauthorYears?: number;
  /** Conflicts the organizer declares. */
  readonly declared?: readonly DeclaredConflict[];
  /** The year conflicts are counted back from (default: the submission's year, else this year). */
  readonly referenceYear?: number;
}

export interface CandidateFilter {
  /** A paper to leave out of every candidate's profile and of retrieval (evaluation hides a paper so). */
  readonly excludePaper?: string | null;
  /** Candidates need at least this many papers similar to the submission (default 1). */
  readonly minRelevantPapers?: number;
  /** Only papers from this year on count. */
  readonly sinceYear?: number | null;
  /** Candidates need a paper in one of these subfields. */
  readonly subfields?: readonly string[] | null;
}

export interface RankedCandidate {
  readonly key: string;
  readonly name: string;
  readonly affinity: AffinityExplained;
  /** The candidate's papers with a text similarity of at least RELEVANT_SIMILARITY. */
  readonly relevantPapers: number;
  readonly conflicts: readonly Conflict[];
}

export interface CandidatesResult {
  readonly submission: SubmissionProfile;
  readonly candidates: readonly RankedCandidate[];
  /** Candidates left out because of a conflict (each with its reasons). */
  readonly conflicted: readonly RankedCandidate[];
}

export interface AssignmentRow {
  readonly submission: SubmissionProfile;
  readonly reviewers: readonly RankedCandidate[];
  /** Mean affinity of the assigned reviewers (0 when none). */
  readonly quality: number;
  /** Why the submission has fewer than `perSubmission` reviewers, when it does. */
  readonly shortfall: string | null;
}

export interface AssignmentResult {
  /** Milliseconds spent reading the graph, scoring every pair, and solving the flow. */
  readonly timings: { readonly readMs: number; readonly scoreMs: number; readonly solveMs: number };
  readonly rows: readonly AssignmentRow[];
  readonly totalAffinity: number;
  readonly poolSize: number;
  readonly loads: ReadonlyMap<string, number>;
  /** Reviewers left below the requested minimum load (the slots did not allow more). */
  readonly underloaded: readonly string[];
}

export class ReviewerInputError extends Error {}

const RETRIEVE_PAPERS = 300;
/** A candidate's most recent papers that count for affinity. */
const PAPERS_PER_CANDIDATE = 30;
/** Bounds on one assignment's work: scored pairs and review slots (the flow finds one path per slot). */
export const MAX_PAIRS = 600_000;
export const MAX_SLOTS = 5_000;

export class ReviewerFinder {
  constructor(private readonly repository: ReviewerRepository) {}

  /** The submission as a profile, with its authors' names. */
  async profile(input: SubmissionInput): Promise<{ profile: SubmissionProfile; names: Map<string, string> }> {
    if ('key' in input) {
      const [row] = await this.repository.submissions([input.key]);
      if (!row) throw new ReviewerInputError(`No paper ${input.key} in the graph.`);
      return { profile: toProfile(row), names: new Map(row.authors.map((a) => [a.key, a.name])) };
    }
    if (!input.title.trim()) throw new ReviewerInputError('A submission needs a title.');
    const found = await this.repository.authorsByNames(input.authors);
    const authors = input.authors.flatMap((name) => found.get(name) ?? [{ key: `name:${name}`, name }]);
    return {
      profile: {
        key: null,
        title: input.title,
        text: input.abstract ?? '',
        year: null,
        authorKeys: authors.map((a) => a.key),
        labels: [],
        references: input.references ?? [],
      },
      names: new Map(authors.map((a) => [a.key, a.name])),
    };
  }

  /** Ranked, explained candidates for one submission; conflicted ones apart. */
  async candidates(
    input: SubmissionInput,
    filter: CandidateFilter = {},
    options: FinderOptions = {},
    first = 10,
  ): Promise<CandidatesResult> {
    const { profile, names } = await this.profile(input);
    const lucene = toLuceneAnyQuery(`${profile.title} ${profile.text}`) ?? null;
    const exclude = profile.key ?? filter.excludePaper ?? null;
    const keys = await this.repository.retrieve(lucene, profile.references, RETRIEVE_PAPERS, exclude);
    const pool = await this.repository.candidates(
      keys,
      filter.sinceYear ?? null,
      PAPERS_PER_CANDIDATE,
      exclude,
    );
    const [coauthorships, affiliations] = await Promise.all([
      this.repository.coauthorships(
        pool.map((c) => c.key),
        profile.authorKeys,
      ),
      this.repository.affiliations([...pool.map((c) => c.key), ...profile.authorKeys]),
    ]);
    const { index, vectors } = prepareScoring([profile], pool);
    const similarities = index.similarities(vectors[0] ?? new Map());
    const scored = pool.map((candidate) => rank(profile, candidate, similarities));
    const conflicts = conflictFinder(profile, names, conflictIndex(coauthorships, affiliations), options);
    const withConflicts = scored.map((c) => ({ ...c, conflicts: conflicts(c) }));
    const minRelevant = filter.minRelevantPapers ?? 1;
    const subfields = filter.subfields?.length ? new Set(filter.subfields) : null;
    const eligible = withConflicts
      .filter((c) => c.relevantPapers >= minRelevant)
      .filter(
        (c) =>
          !subfields ||
          pool.find((p) => p.key === c.key)?.papers.some((p) => p.labels.some((l) => subfields.has(l))),
      )
      .sort(byAffinity);
    return {
      submission: profile,
      candidates: eligible.filter((c) => !c.conflicts.length).slice(0, first),
      conflicted: eligible.filter((c) => c.conflicts.length),
    };
  }

  /**
   * Assigns `perSubmission` reviewers to every submission, no reviewer more than `maxLoad`, no conflicts,
   * maximising the total affinity (exactly). The pool is given (author keys) or drawn from the graph.
   */
  async assign(options: {
    readonly submissions: readonly string[];
    readonly pool?: readonly string[] | null;
    readonly perSubmission: number;
    readonly maxLoad: number;
    /** Fewest submissions per reviewer, preferred before affinity (default 0). */
    readonly minLoad?: number;
    readonly poolMinPapers?: number;
    readonly poolLimit?: number;
    readonly finder?: FinderOptions;
  }): Promise<AssignmentResult> {
    const { perSubmission, maxLoad } = options;
    if (!Number.isInteger(perSubmission) || perSubmission < 1)
      throw new ReviewerInputError('Reviewers per submission must be at least 1.');
    if (!Number.isInteger(maxLoad) || maxLoad < 1)
      throw new ReviewerInputError('The maximum load must be at least 1.');
    const minLoad = options.minLoad ?? 0;
    if (!Number.isInteger(minLoad) || minLoad < 0 || minLoad > maxLoad) {
      throw new ReviewerInputError('The minimum load must be between 0 and the maximum load.');
    }
    const keys = [...new Set(options.submissions)];
    if (!keys.length) throw new ReviewerInputError('There are no submissions to assign.');
    if (keys.length * perSubmission > MAX_SLOTS) {
      throw new ReviewerInputError(
        `At most ${MAX_SLOTS} review slots (submissions × reviewers per submission) per assignment.`,
      );
    }
    const started = performance.now();
    const rows = await this.repository.submissions(keys);
    const missing = keys.filter((k) => !rows.some((r) => r.key === k));
    if (missing.length) throw new ReviewerInputError(`Not in the graph: ${missing.slice(0, 5).join(', ')}.`);
    const poolKeys = options.pool
      ? [...new Set(options.pool)]
      : await this.repository.pool(options.poolMinPapers ?? 2, options.poolLimit ?? 2000);
    if (!poolKeys.length) throw new ReviewerInputError('The reviewer pool is empty.');
    if (keys.length * poolKeys.length > MAX_PAIRS) {
      throw new ReviewerInputError(
        `${keys.length} submissions × ${poolKeys.length} reviewers is more than ${MAX_PAIRS} pairs: split the venue or narrow the pool.`,
      );
    }
    if (perSubmission > poolKeys.length) {
      throw new ReviewerInputError(
        `Each submission needs ${perSubmission} reviewers but the pool has only ${poolKeys.length}.`,
      );
    }
    const pool = await this.repository.candidates(poolKeys, null, PAPERS_PER_CANDIDATE, null);
    const unknown = poolKeys.filter((k) => !pool.some((c) => c.key === k));
    if (unknown.length) throw new ReviewerInputError(`Unknown reviewers: ${unknown.slice(0, 5).join(', ')}.`);
    const profiles = rows.map(toProfile);
    const submissionAuthors = [...new Set(profiles.flatMap((p) => p.authorKeys))];
    const [coauthorships, affiliations] = await Promise.all([
      this.repository.coauthorships(poolKeys, submissionAuthors),
      this.repository.affiliations([...poolKeys, ...submissionAuthors]),
    ]);
    const read = performance.now();
    // One idf and one index over the pool's papers for the whole problem; a submission never scores its
    // own paper. Every pair gets a score; explanations are built for the assigned pairs only.
    const { index, vectors } = prepareScoring(profiles, pool);
    const prepared = pool.map((candidate) => prepareCandidate(candidate, index));
    // Dense similarities per submission are recomputed when needed rather than kept (memory stays flat).
    const similaritiesFor = (s: number) => {
      const dense = index.dense(vectors[s] ?? new Map());
      const key = profiles[s]?.key;
      const own = key ? index.idOf.get(key) : undefined;
      if (own !== undefined) dense[own] = 0;
      return dense;
    };
    const names = new Map(rows.flatMap((r) => r.authors.map((a) => [a.key, a.name] as const)));
    const suspects = suspectsOf(coauthorships, affiliations, options.finder?.declared ?? []);
    const indexed = conflictIndex(coauthorships, affiliations);

    const conflictsOf: Array<Map<number, Conflict[]>> = [];
    const scores = profiles.map((profile, s) => {
      const similarities = similaritiesFor(s);
      const conflicts = conflictFinder(profile, names, indexed, options.finder ?? {});
      const suspected = suspects(profile.authorKeys);
      const found = new Map<number, Conflict[]>();
      const references = new Set<number>();
      for (const key of profile.references) {
        const id = index.idOf.get(key);
        if (id !== undefined) references.add(id);
      }
      const submission = { labels: profile.labels, references };
      const row = pool.map((candidate, r) => {
        if (suspected(candidate.key, candidate.name)) {
          const list = conflicts(candidate);
          if (list.length) {
            found.set(r, list);
            return Number.NaN;
          }
        }
        return scoreOf(submission, prepared[r] as PreparedCandidate, similarities);
      });
      conflictsOf.push(found);
      return row;
    });
    const scored = performance.now();
    const solution = assignReviewers({
      submissions: profiles.map((p) => p.key ?? ''),
      reviewers: pool.map((c) => c.key),
      affinity: scores,
      perSubmission,
      maxLoad,
      minLoad,
    });
    const solved = performance.now();
    const loads = new Map<string, number>();
    const result = profiles.map((submission, s) => {
      const similarities = index.view(similaritiesFor(s));
      const reviewers = (solution.reviewersOf[s] ?? []).map((r) => ({
        ...rank(submission, pool[r] as CandidateProfile, similarities),
        conflicts: [],
      }));
      for (const r of reviewers) loads.set(r.key, (loads.get(r.key) ?? 0) + 1);
      const free = pool.length - (conflictsOf[s]?.size ?? 0);
      const shortfall =
        reviewers.length >= perSubmission
          ? null
          : free < perSubmission
            ? `only ${free} reviewer(s) in the pool have no conflict with it`
            : `the reviewers without a conflict reached their load limit of ${maxLoad}`;
      return {
        submission,
        reviewers,
        quality: reviewers.length
          ? reviewers.reduce((t, r) => t + r.affinity.score, 0) / reviewers.length
          : 0,
        shortfall,
      };
    });
    return {
      timings: {
        readMs: Math.round(read - started),
        scoreMs: Math.round(scored - read),
        solveMs: Math.round(solved - scored),
      },
      rows: result,
      totalAffinity: solution.totalAffinity,
      poolSize: pool.length,
      loads,
      underloaded: solution.underloaded.map((r) => (pool[r] as CandidateProfile).key),
    };
  }
}

function rank(
  profile: SubmissionProfile,
  candidate: CandidateProfile,
  similarities: Similarities,
): Omit<RankedCandidate, 'conflicts'> {
  const { relevantPapers, ...explained } = affinity(profile, candidate, similarities);
  return { key: candidate.key, name: candidate.name, affinity: explained, relevantPapers };
}

const byAffinity = (a: RankedCandidate, b: RankedCandidate) =>
  b.affinity.score - a.affinity.score || b.relevantPapers - a.relevantPapers || a.key.localeCompare(b.key);

function toProfile(row: {
  key: string;
  title: string | null;
  text: string;
  year: number | null;
  authors: ReadonlyArray<{ key: string }>;
  labels: readonly string[];
  references: readonly string[];
}): SubmissionProfile {
  return {
    key: row.key,
    title: row.title ?? '',
    text: row.text,
    year: row.year,
    authorKeys: row.authors.map((a) => a.key),
    labels: row.labels,
    references: row.references,
  };
}

/**
 * Who could possibly be in conflict with a submission's authors: co-authors of any of them, people sharing
 * an institution domain with any of them, reviewers named in declared conflicts, and the authors
 * themselves. Everyone else is conflict-free without checking each pair.
 */
function suspectsOf(
  coauthorships: ReadonlyArray<{ candidate: string; author: string }>,
  affiliations: ReadonlyArray<{ author: string; domain: string }>,
  declared: readonly DeclaredConflict[],
): (authors: readonly string[]) => (candidate: string, name: string) => boolean {
  const coauthorsOf = groupBy(coauthorships, (r) => r.author);
  const peopleAt = groupBy(affiliations, (r) => r.domain);
  const domainsOf = groupBy(affiliations, (r) => r.author);
  const declaredReviewers = new Set(declared.flatMap((d) => [d.reviewer, normalizeName(d.reviewer)]));
  return (authors) => {
    const suspects = new Set<string>(authors);
    for (const author of authors) {
      for (const row of coauthorsOf.get(author) ?? []) suspects.add(row.candidate);
      for (const { domain } of domainsOf.get(author) ?? [])
        for (const row of peopleAt.get(domain) ?? []) suspects.add(row.author);
    }
    return (candidate, name) =>
      suspects.has(candidate) ||
      declaredReviewers.has(candidate) ||
      declaredReviewers.has(normalizeName(name));
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Co-authorships by candidate and affiliations by author, indexed once for many submissions. */
interface ConflictIndex {
  readonly coauthorsByCandidate: ReadonlyMap<
    string,
    Array<{ candidate: string; author: string; paper: string; year: number | null }>
  >;
  readonly affiliationsByAuthor: ReadonlyMap<
    string,
    Array<{ author: string; domain: string; start: number | null; end: number | null }>
  >;
}

function conflictIndex(
  coauthorships: ReadonlyArray<{ candidate: string; author: string; paper: string; year: number | null }>,
  affiliations: ReadonlyArray<{ author: string; domain: string; start: number | null; end: number | null }>,
): ConflictIndex {
  return {
    coauthorsByCandidate: groupBy(coauthorships, (r) => r.candidate),
    affiliationsByAuthor: groupBy(affiliations, (r) => r.author),
  };
}

/** The conflicts of any candidate with one submission (rows indexed once, looked up per candidate). */
function conflictFinder(
  profile: SubmissionProfile,
  names: ReadonlyMap<string, string>,
  index: ConflictIndex,
  options: FinderOptions,
): (candidate: { key: string; name: string }) => Conflict[] {
  const authorAffiliations = profile.authorKeys.flatMap((k) => index.affiliationsByAuthor.get(k) ?? []);
  const submission = { id: profile.key ?? '', authorKeys: profile.authorKeys, authorNames: names };
  return (candidate) =>
    conflictsOf({
      candidate,
      submission,
      coauthorships: index.coauthorsByCandidate.get(candidate.key) ?? [],
      affiliations: [...(index.affiliationsByAuthor.get(candidate.key) ?? []), ...authorAffiliations],
      declared: options.declared ?? [],
      coauthorYears: options.coauthorYears ?? 3,
      referenceYear: options.referenceYear ?? profile.year ?? new Date().getUTCFullYear(),
    });
}
