import { describe, expect, it } from 'vitest';
import {
  crossValidate,
  foldOf,
  knownCountCeiling,
  type LabelledPaper,
  learningCurve,
  subsample,
  trainOn,
} from '../../src/tagging/evaluation.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

const taxonomy = taxonomies();

const papers: LabelledPaper[] = Array.from({ length: 30 }, (_, i) => ({
  id: `2101.${String(i).padStart(5, '0')}`,
  input:
    i % 2
      ? {
          title: `Adversarial perturbations study ${i}`,
          abstract: 'Adversarial attacks fool robust classifiers.',
        }
      : { title: `Scaling study ${i}`, abstract: 'Loss falls as a power law with model size and compute.' },
  labels: new Set(i % 2 ? ['ADVERSARIAL_ROBUSTNESS'] : ['SCALING_LAWS', 'REGULARITY']),
}));

describe('foldOf', () => {
  it('should be stable and spread papers over all folds', () => {
    expect(foldOf('1611.03530', 5)).toBe(foldOf('1611.03530', 5));
    expect(new Set(papers.map((p) => foldOf(p.id, 5))).size).toBe(5);
  });
});

describe('crossValidate', () => {
  it('should never train on a paper it tests', () => {
    const trainedOn: string[][] = [];
    crossValidate(papers, taxonomy, 5, (training) => {
      trainedOn.push(training.map((p) => p.id));
      return trainOn(training, taxonomy);
    });
    expect(trainedOn).toHaveLength(5);
    // Each paper is left out of exactly one fold's training set: the one that tests it.
    for (const paper of papers) {
      expect(trainedOn.filter((ids) => !ids.includes(paper.id))).toHaveLength(1);
    }
  });

  it('should count true and false positives per label and average F1 per taxonomy', () => {
    const result = crossValidate(papers, taxonomy, 5);
    const robust = result.subfields.find((s) => s.label === 'ADVERSARIAL_ROBUSTNESS');
    expect(robust?.support).toBe(15);
    expect(robust?.f1).toBe(1);
    // Labels without support score 0 and pull the macro average down: 2 of 10 subfields are perfect.
    expect(result.macroF1Subfields).toBeCloseTo(0.2, 5);
    expect(result.confusion.REGULARITY?.REGULARITY).toBe(15);
    expect(result.confusion.NONE?.NONE).toBe(15);
  });
});

describe('subsample', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => ({ id: `2201.${String(i).padStart(5, '0')}` }));

  it('should keep about the asked share, the same papers on every call, nested across shares', () => {
    const quarter = subsample(ids, 0.25);
    const half = subsample(ids, 0.5);
    expect(quarter.length / ids.length).toBeGreaterThan(0.22);
    expect(quarter.length / ids.length).toBeLessThan(0.28);
    expect(subsample(ids, 0.25)).toEqual(quarter);
    const inHalf = new Set(half.map((p) => p.id));
    expect(quarter.every((p) => inHalf.has(p.id))).toBe(true);
    expect(subsample(ids, 0)).toEqual([]);
    expect(subsample(ids, 1)).toEqual(ids);
  });
});

describe('learningCurve', () => {
  it('should train each fold on a share of its own training papers only, and match cross-validation at 1', () => {
    const trainedOn: string[][] = [];
    const curve = learningCurve(papers, taxonomy, [0.5, 1], 5, (training) => {
      trainedOn.push(training.map((p) => p.id));
      return trainOn(training, taxonomy);
    });
    expect(trainedOn).toHaveLength(10);
    for (const [i, ids] of trainedOn.entries()) {
      // Fold i % 5: none of its test papers is trained on.
      expect(ids.some((id) => foldOf(id, 5) === i % 5)).toBe(false);
    }
    expect(curve[0]?.trainingPapers).toBeLessThan(curve[1]?.trainingPapers ?? 0);
    expect(curve[1]?.trainingPapers).toBe(24);
    expect(curve[1]?.macroF1Subfields).toBe(crossValidate(papers, taxonomy, 5).macroF1Subfields);
  });
});

describe('knownCountCeiling', () => {
  it('should give each paper exactly as many labels of each taxonomy as it was curated with', () => {
    const result = knownCountCeiling(papers, taxonomy, 5);
    const given = (scores: typeof result.subfields) => scores.reduce((n, s) => n + s.tp + s.fp, 0);
    // 15 papers with one subfield and no type, 15 with one subfield and one type.
    expect(given(result.subfields)).toBe(30);
    expect(given(result.contributions)).toBe(15);
    expect(result.subfields.find((s) => s.label === 'ADVERSARIAL_ROBUSTNESS')?.f1).toBe(1);
    expect(result.contributions.find((s) => s.label === 'REGULARITY')?.f1).toBe(1);
  });
});
