/**
 * Is this OpenReview submission the same work as a paper already in the graph? Pure decision over
 * candidates that share its normalised title: the same first-author surname and a year at most one apart
 * (a preprint often precedes the venue by a year). Exactly one candidate merges; several are ambiguous
 * and reported, never merged. The decision carries its method and confidence so it can be shown.
 */
import { normalizeName } from './authors.js';

export interface MatchSubject {
  readonly key: string;
  readonly titleKey: string;
  /** Normalised name of the first author. */
  readonly firstAuthor: string | null;
  readonly year: number | null;
}

export interface MatchCandidate extends MatchSubject {
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
}

export type MatchDecision =
  | {
      readonly kind: 'match';
      readonly candidate: MatchCandidate;
      readonly method: string;
      readonly confidence: number;
    }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly MatchCandidate[] }
  | { readonly kind: 'none' };

export const TITLE_AUTHOR_YEAR = 'title+first-author+year';

/** The family name used for matching: the last word of the normalised name (`jonathan frankle` → `frankle`). */
export function surnameOf(name: string | null): string | null {
  if (!name) return null;
  const words = normalizeName(name).split(' ').filter(Boolean);
  return words.at(-1) ?? null;
}

export function decideMatch(subject: MatchSubject, candidates: readonly MatchCandidate[]): MatchDecision {
  const surname = surnameOf(subject.firstAuthor);
  const fitting = candidates.filter(
    (c) =>
      c.key !== subject.key &&
      c.openreviewId === null &&
      c.titleKey === subject.titleKey &&
      surname !== null &&
      surnameOf(c.firstAuthor) === surname &&
      subject.year !== null &&
      c.year !== null &&
      Math.abs(c.year - subject.year) <= 1,
  );
  const [only] = fitting;
  if (fitting.length > 1) return { kind: 'ambiguous', candidates: fitting };
  if (!only) return { kind: 'none' };
  const confidence = only.year === subject.year ? 0.95 : 0.85;
  return { kind: 'match', candidate: only, method: TITLE_AUTHOR_YEAR, confidence };
}
