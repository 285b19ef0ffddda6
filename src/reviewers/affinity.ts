/**
 * Reviewer affinity and conflicts of interest, as pure functions over what the graph knows.
 *
 * Affinity of a candidate for a submission, in [0, 1] = 0.6 · text + 0.25 · labels + 0.15 · citations:
 * - text: tf-idf cosine between the submission and each of the candidate's papers (title + abstract or
 *   summary); the three best matches count with weights 1, ½, ¼ (a reviewer with several close papers ranks
 *   above one lucky match, without burying people who wrote one or two; measured by `npm run eval:reviewers`);
 * - labels: the share of the submission's subfields and contribution types found among the candidate's
 *   papers' labels;
 * - citations: how many of the candidate's papers the submission cites (3 or more count fully).
 * Every score comes with its explanation: the matched papers, the shared labels, the cited papers.
 */
import { normalizeName } from '../domain/authors.js';
import { normalizeDoi, normalizeOpenReviewId, parseArxivId } from '../domain/identifiers.js';
import { stem } from '../tagging/text.js';

export interface ProfilePaper {
  readonly key: string;
  readonly title: string;
  readonly text: string;
  readonly year: number | null;
  readonly labels: readonly string[];
}

export interface SubmissionProfile {
  readonly key: string | null;
  readonly title: string;
  readonly text: string;
  readonly year: number | null;
  readonly authorKeys: readonly string[];
  readonly labels: readonly string[];
  /** Papers the submission cites (keys). */
  readonly references: readonly string[];
}

export interface CandidateProfile {
  readonly key: string;
  readonly name: string;
  readonly papers: readonly ProfilePaper[];
}

export interface MatchedPaper {
  readonly key: string;
  readonly title: string;
  readonly similarity: number;
}

export interface AffinityExplained {
  readonly score: number;
  readonly text: number;
  readonly labels: number;
  readonly citations: number;
  readonly matchedPapers: readonly MatchedPaper[];
  readonly sharedLabels: readonly string[];
  readonly citedPapers: readonly string[];
}

const WEIGHTS = { text: 0.6, labels: 0.25, citations: 0.15 } as const;
const BEST_PAPERS = 3;
const BEST_WEIGHTS = [1, 0.5, 0.25] as const;
const BEST_TOTAL = 1.75;
const STOP = new Set(
  'a an the of and or in on for to with by from at as is are was were be been this that these those it its we our their which than then also such into over under can may not no do does how why what when where who whose show shows find finds using use based via new study paper results'.split(
    ' ',
  ),
);

/** Stemmed content words of a text. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (word.length < 3 || STOP.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** Inverse document frequencies over a set of texts (smoothed; unseen terms get the largest). */
export class Idf {
  private readonly df = new Map<string, number>();
  private readonly n: number;
  constructor(documents: Iterable<readonly string[]>) {
    let n = 0;
    for (const doc of documents) {
      n++;
      for (const t of new Set(doc)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.n = n;
  }
  weight(term: string): number {
    return Math.log((1 + this.n) / (1 + (this.df.get(term) ?? 0))) + 1;
  }
}

/** A unit-length tf-idf vector. */
export type Vector = ReadonlyMap<string, number>;

export function vectorOf(words: readonly string[], idf: Idf): Vector {
  const tf = new Map<string, number>();
  for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
  const v = new Map<string, number>();
  let norm = 0;
  for (const [t, c] of tf) {
    const x = (1 + Math.log(c)) * idf.weight(t);
    v.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, x] of small) sum += x * (large.get(t) ?? 0);
  return sum;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Similarities of one text to indexed papers, by paper key. */
export interface Similarities {
  get(key: string): number | undefined;
}

/**
 * An inverted index over papers' tf-idf vectors: the similarity of one text to every paper costs the
 * length of the postings of its words, not one cosine per paper. Papers are numbered; similarities come
 * back as a dense array over those numbers.
 */
export class PaperIndex {
  readonly keys: string[] = [];
  readonly idOf = new Map<string, number>();
  private readonly postings = new Map<string, { ids: number[]; weights: number[] }>();

  constructor(papers: Iterable<readonly [string, readonly string[]]>, idf: Idf) {
    for (const [key, words] of papers) {
      const id = this.keys.length;
      this.keys.push(key);
      this.idOf.set(key, id);
      for (const [term, weight] of vectorOf(words, idf)) {
        let list = this.postings.get(term);
        if (!list) {
          list = { ids: [], weights: [] };
          this.postings.set(term, list);
        }
        list.ids.push(id);
        list.weights.push(weight);
      }
    }
  }

  /** Cosine similarity of `vector` to every indexed paper (0 where no word is shared), by paper number. */
  dense(vector: Vector): Float64Array {
    const sims = new Float64Array(this.keys.length);
    for (const [term, x] of vector) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { ids, weights } = list;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        sims[id] = (sims[id] as number) + x * (weights[i] as number);
      }
    }
    return sims;
  }

  /** The same, looked up by paper key. */
  similarities(vector: Vector): Similarities {
    return this.view(this.dense(vector));
  }

  view(dense: Float64Array): Similarities {
    return {
      get: (key) => {
        const id = this.idOf.get(key);
        return id === undefined ? undefined : dense[id];
      },
    };
  }
}

/** Scores one candidate from the similarities of the submission to the candidate's papers. */
export function affinity(
  submission: SubmissionProfile,
  candidate: CandidateProfile,
  similarities: Similarities,
): AffinityExplained & { relevantPapers: number } {
  const matches = candidate.papers
    .map((paper) => ({ key: paper.key, title: paper.title, similarity: similarities.get(paper.key) ?? 0 }))
    .sort((a, b) => b.similarity - a.similarity || a.key.localeCompare(b.key));
  const best = matches.slice(0, BEST_PAPERS);
  const text = best.reduce((s, m, i) => s + m.similarity * (BEST_WEIGHTS[i] ?? 0), 0) / BEST_TOTAL;
  const theirs = new Set(candidate.papers.flatMap((p) => p.labels));
  const sharedLabels = submission.labels.filter((l) => theirs.has(l));
  const labels = submission.labels.length ? sharedLabels.length / submission.labels.length : 0;
  const references = new Set(submission.references);
  const citedPapers = candidate.papers.filter((p) => references.has(p.key)).map((p) => p.key);
  const citations = Math.min(citedPapers.length, 3) / 3;
  return {
    score: round(
      WEIGHTS.text * Math.min(1, text * 2) + WEIGHTS.labels * labels + WEIGHTS.citations * citations,
    ),
    text: round(text),
    labels: round(labels),
    citations: round(citations),
    matchedPapers: best
      .filter((m) => m.similarity > 0)
      .map((m) => ({ ...m, similarity: round(m.similarity) })),
    sharedLabels,
    citedPapers,
    relevantPapers: matches.filter((m) => m.similarity >= RELEVANT_SIMILARITY).length,
  };
}

/** A candidate paper counts as relevant from this text similarity on. */
export const RELEVANT_SIMILARITY = 0.05;

/** Words of a submission (title counted twice) and of a paper. */
export const submissionTerms = (s: { title: string; text: string }) =>
  terms(`${s.title} ${s.title} ${s.text}`);
export const paperTerms = (p: { title: string; text: string }) => terms(`${p.title} ${p.text}`);

/** An idf and an index over every candidate paper (and the submissions, for the idf), built once. */
export function prepareScoring(
  submissions: ReadonlyArray<{ title: string; text: string }>,
  candidates: readonly CandidateProfile[],
) {
  const documents = new Map<string, string[]>();
  for (const c of candidates)
    for (const p of c.papers) if (!documents.has(p.key)) documents.set(p.key, paperTerms(p));
  const submissionWords = submissions.map(submissionTerms);
  const idf = new Idf([...submissionWords, ...documents.values()]);
  const index = new PaperIndex(documents.entries(), idf);
  return { idf, index, vectors: submissionWords.map((words) => vectorOf(words, idf)) };
}

// ── conflicts of interest ────────────────────────────────────────────────────────────────────────────

export type ConflictKind = 'AUTHOR' | 'COAUTHOR' | 'INSTITUTION' | 'DECLARED';

export interface Conflict {
  readonly kind: ConflictKind;
  /** Who on the submission's side the conflict is with (author key), when it is with a person. */
  readonly with: string | null;
  readonly detail: string;
}

export interface CoauthorshipRow {
  readonly candidate: string;
  readonly author: string;
  readonly paper: string;
  readonly year: number | null;
}

export interface AffiliationRow {
  readonly author: string;
  readonly domain: string;
  /** -1 or null: unknown. */
  readonly start: number | null;
  readonly end: number | null;
}

export interface DeclaredConflict {
  /** A reviewer (author key or name). */
  readonly reviewer: string;
  /** An author of the submission (key or name), or the submission itself (its id), or `*` for all. */
  readonly with: string;
  readonly reason?: string;
}

const known = (year: number | null) => (year === null || year < 0 ? null : year);

/** Do two affiliation periods overlap? Unknown ends are open. */
export function periodsOverlap(a: AffiliationRow, b: AffiliationRow): boolean {
  const aStart = known(a.start) ?? Number.NEGATIVE_INFINITY;
  const aEnd = known(a.end) ?? Number.POSITIVE_INFINITY;
  const bStart = known(b.start) ?? Number.NEGATIVE_INFINITY;
  const bEnd = known(b.end) ?? Number.POSITIVE_INFINITY;
  return aStart <= bEnd && bStart <= aEnd;
}

/**
 * The internal keys a user's paper identifier can stand for: an internal key as given, or the key of an
 * arXiv id (any version), a DOI or an OpenReview id.
 */
export function submissionKeysOf(text: string): string[] {
  if (/^(arxiv|doi|openreview):/.test(text)) return [text];
  const keys: string[] = [];
  const arxiv = parseArxivId(text);
  if (arxiv) keys.push(`arxiv:${arxiv.id}`);
  const doi = normalizeDoi(text);
  if (doi) keys.push(`doi:${doi}`);
  const openreview = normalizeOpenReviewId(text);
  if (openreview) keys.push(`openreview:${openreview}`);
  return keys;
}

/** Every conflict between a candidate and a submission, each explained. */
export function conflictsOf(options: {
  readonly candidate: { key: string; name: string };
  readonly submission: {
    id: string;
    authorKeys: readonly string[];
    authorNames: ReadonlyMap<string, string>;
  };
  readonly coauthorships: readonly CoauthorshipRow[];
  readonly affiliations: readonly AffiliationRow[];
  readonly declared: readonly DeclaredConflict[];
  readonly coauthorYears: number;
  readonly referenceYear: number;
}): Conflict[] {
  const { candidate, submission } = options;
  const conflicts: Conflict[] = [];
  const nameOf = (key: string) => submission.authorNames.get(key) ?? key;
  if (submission.authorKeys.includes(candidate.key)) {
    conflicts.push({
      kind: 'AUTHOR',
      with: candidate.key,
      detail: `${candidate.name} is an author of the submission`,
    });
  }
  const since = options.referenceYear - options.coauthorYears;
  const seen = new Set<string>();
  for (const row of options.coauthorships) {
    if (
      row.candidate !== candidate.key ||
      !submission.authorKeys.includes(row.author) ||
      row.author === candidate.key
    )
      continue;
    if (row.year !== null && row.year < since) continue;
    if (seen.has(row.author)) continue;
    seen.add(row.author);
    conflicts.push({
      kind: 'COAUTHOR',
      with: row.author,
      detail: `co-authored ${row.paper}${row.year ? ` (${row.year})` : ''} with ${nameOf(row.author)}, within ${options.coauthorYears} years`,
    });
  }
  const mine = options.affiliations.filter((a) => a.author === candidate.key);
  const reported = new Set<string>();
  for (const author of submission.authorKeys) {
    if (author === candidate.key) continue;
    for (const theirs of options.affiliations.filter((a) => a.author === author)) {
      for (const own of mine) {
        if (own.domain !== theirs.domain || !periodsOverlap(own, theirs)) continue;
        const id = `${author}|${own.domain}`;
        if (reported.has(id)) continue;
        reported.add(id);
        conflicts.push({
          kind: 'INSTITUTION',
          with: author,
          detail: `${candidate.name} and ${nameOf(author)} were both at ${own.domain} in an overlapping period`,
        });
      }
    }
  }
  const candidateIds = new Set([candidate.key, normalizeName(candidate.name)]);
  for (const d of options.declared) {
    if (!candidateIds.has(d.reviewer) && !candidateIds.has(normalizeName(d.reviewer))) continue;
    const target = d.with.trim();
    if (!target) continue;
    const matchesAuthor = submission.authorKeys.find(
      (k) => k === target || normalizeName(nameOf(k)) === normalizeName(target),
    );
    if (target === '*' || submissionKeysOf(target).includes(submission.id) || matchesAuthor) {
      conflicts.push({
        kind: 'DECLARED',
        with: matchesAuthor ?? null,
        detail: `declared by the organizer${d.reason ? `: ${d.reason}` : ''}`,
      });
    }
  }
  return conflicts;
}

/** What scoring needs of a candidate, computed once for many submissions: paper numbers and labels. */
export interface PreparedCandidate {
  readonly papers: Int32Array;
  readonly labels: ReadonlySet<string>;
}

export function prepareCandidate(candidate: CandidateProfile, index: PaperIndex): PreparedCandidate {
  return {
    papers: Int32Array.from(candidate.papers, (p) => index.idOf.get(p.key) ?? -1),
    labels: new Set(candidate.papers.flatMap((p) => p.labels)),
  };
}

/**
 * The same score as `affinity(...).score`, without the explanation: one pass over the candidate's papers.
 * For whole-venue assignments, where every (submission, reviewer) pair is scored.
 */
export function scoreOf(
  submission: { labels: readonly string[]; references: ReadonlySet<number> },
  candidate: PreparedCandidate,
  similarities: Float64Array,
): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let cited = 0;
  const { papers } = candidate;
  for (let i = 0; i < papers.length; i++) {
    const id = papers[i] as number;
    if (id < 0) continue;
    const x = similarities[id] as number;
    if (x > a) {
      c = b;
      b = a;
      a = x;
    } else if (x > b) {
      c = b;
      b = x;
    } else if (x > c) c = x;
    if (submission.references.has(id)) cited++;
  }
  const text =
    (a * (BEST_WEIGHTS[0] ?? 0) + b * (BEST_WEIGHTS[1] ?? 0) + c * (BEST_WEIGHTS[2] ?? 0)) / BEST_TOTAL;
  let shared = 0;
  for (const l of submission.labels) if (candidate.labels.has(l)) shared++;
  const labels = submission.labels.length ? shared / submission.labels.length : 0;
  const citations = Math.min(cited, 3) / 3;
  return round(
    WEIGHTS.text * Math.min(1, text * 2) + WEIGHTS.labels * labels + WEIGHTS.citations * citations,
  );
}
