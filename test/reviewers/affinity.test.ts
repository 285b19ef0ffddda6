import { describe, expect, it } from 'vitest';
import {
  affinity,
  type CandidateProfile,
  conflictsOf,
  cosine,
  periodsOverlap,
  prepareCandidate,
  prepareScoring,
  type SubmissionProfile,
  scoreOf,
  terms,
  vectorOf,
} from '../../src/reviewers/affinity.js';

const submission: SubmissionProfile = {
  key: 'arxiv:2201.02177',
  title: 'Grokking: generalization beyond overfitting',
  text: 'Small transformers trained on modular arithmetic generalize long after they memorize, with weight decay.',
  year: 2022,
  authorKeys: ['a:alethea'],
  labels: ['TRAINING_DYNAMICS', 'REGULARITY'],
  references: ['arxiv:1611.03530'],
};

const paper = (key: string, title: string, text: string, labels: string[] = []) => ({
  key,
  title,
  text,
  year: 2021,
  labels,
});

const expert: CandidateProfile = {
  key: 'a:expert',
  name: 'Expert',
  papers: [
    paper(
      'p1',
      'Grokking beyond algorithmic data',
      'Weight decay and generalization after memorization in transformers.',
      ['TRAINING_DYNAMICS'],
    ),
    paper('arxiv:1611.03530', 'Random labels', 'Networks memorize random labels.', [
      'GENERALIZATION_AND_MEMORIZATION',
    ]),
  ],
};
const outsider: CandidateProfile = {
  key: 'a:outsider',
  name: 'Outsider',
  papers: [paper('p9', 'Protein folding', 'Diffusion models design protein backbones.')],
};

describe('affinity', () => {
  it('should rank the expert above the outsider and explain why', () => {
    const { index, vectors } = prepareScoring([submission], [expert, outsider]);
    const sims = index.similarities(vectors[0] ?? new Map());
    const a = affinity(submission, expert, sims);
    const b = affinity(submission, outsider, sims);
    expect(a.score).toBeGreaterThan(b.score);
    expect(a.matchedPapers[0]?.key).toBe('p1');
    expect(a.sharedLabels).toEqual(['TRAINING_DYNAMICS']);
    expect(a.citedPapers).toEqual(['arxiv:1611.03530']);
    expect(a.relevantPapers).toBeGreaterThanOrEqual(1);
    expect(b.matchedPapers).toEqual([]);
  });

  it('should give the same score through the fast path used by assignments', () => {
    const { index, vectors } = prepareScoring([submission], [expert, outsider]);
    const dense = index.dense(vectors[0] ?? new Map());
    const references = new Set(submission.references.map((k) => index.idOf.get(k) ?? -1));
    const fast = { labels: submission.labels, references };
    for (const c of [expert, outsider]) {
      expect(scoreOf(fast, prepareCandidate(c, index), dense)).toBe(
        affinity(submission, c, index.view(dense)).score,
      );
    }
  });

  it('should compute the same similarities through the inverted index as pairwise cosines', () => {
    const { idf, index, vectors } = prepareScoring([submission], [expert]);
    const sims = index.similarities(vectors[0] ?? new Map());
    const direct = cosine(
      vectors[0] ?? new Map(),
      vectorOf(terms(`${expert.papers[0]?.title} ${expert.papers[0]?.text}`), idf),
    );
    expect(sims.get('p1')).toBeCloseTo(direct, 10);
  });
});

describe('conflicts of interest', () => {
  const base = {
    submission: {
      id: 'arxiv:2201.02177',
      authorKeys: ['a:alice'],
      authorNames: new Map([['a:alice', 'Alice']]),
    },
    coauthorships: [] as Array<{ candidate: string; author: string; paper: string; year: number | null }>,
    affiliations: [] as Array<{ author: string; domain: string; start: number | null; end: number | null }>,
    declared: [] as Array<{ reviewer: string; with: string; reason?: string }>,
    coauthorYears: 3,
    referenceYear: 2022,
  };

  it('should find each kind, explained', () => {
    expect(conflictsOf({ ...base, candidate: { key: 'a:alice', name: 'Alice' } }).map((c) => c.kind)).toEqual(
      ['AUTHOR'],
    );
    const coauthor = conflictsOf({
      ...base,
      candidate: { key: 'a:bob', name: 'Bob' },
      coauthorships: [{ candidate: 'a:bob', author: 'a:alice', paper: 'arxiv:2101.00001', year: 2020 }],
    });
    expect(coauthor).toEqual([
      {
        kind: 'COAUTHOR',
        with: 'a:alice',
        detail: 'co-authored arxiv:2101.00001 (2020) with Alice, within 3 years',
      },
    ]);
    const old = conflictsOf({
      ...base,
      candidate: { key: 'a:bob', name: 'Bob' },
      coauthorships: [{ candidate: 'a:bob', author: 'a:alice', paper: 'arxiv:1001.00001', year: 2010 }],
    });
    expect(old).toEqual([]);
    const institution = conflictsOf({
      ...base,
      candidate: { key: 'a:dave', name: 'Dave' },
      affiliations: [
        { author: 'a:alice', domain: 'mit.edu', start: 2018, end: 2021 },
        { author: 'a:dave', domain: 'mit.edu', start: 2020, end: -1 },
      ],
    });
    expect(institution.map((c) => [c.kind, c.with])).toEqual([['INSTITUTION', 'a:alice']]);
    const declared = conflictsOf({
      ...base,
      candidate: { key: 'a:erin', name: 'Erin' },
      declared: [{ reviewer: 'erin', with: 'Alice', reason: 'advisor' }],
    });
    expect(declared).toEqual([
      { kind: 'DECLARED', with: 'a:alice', detail: 'declared by the organizer: advisor' },
    ]);
  });

  it('should treat unknown affiliation years as open and disjoint periods as no conflict', () => {
    const row = (start: number | null, end: number | null) => ({ author: 'x', domain: 'd', start, end });
    expect(periodsOverlap(row(2010, 2012), row(2013, 2015))).toBe(false);
    expect(periodsOverlap(row(2010, -1), row(2020, 2021))).toBe(true);
    expect(periodsOverlap(row(null, null), row(1990, 1991))).toBe(true);
  });
});
