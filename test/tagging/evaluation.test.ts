import { describe, expect, it } from 'vitest';
import { crossValidate, foldOf, type LabelledPaper, trainOn } from '../../src/tagging/evaluation.js';
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
