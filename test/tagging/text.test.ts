import { describe, expect, it } from 'vitest';
import {
  flattenLatex,
  MAX_FIELD_CHARS,
  prepare,
  splitSentences,
  stem,
  tokens,
} from '../../src/tagging/text.js';

describe('flattenLatex', () => {
  it('should turn inline math and formatting commands into words', () => {
    expect(flattenLatex('an $\\ell_2$ penalty').replace(/\s+/g, ' ').trim()).toBe('an l2 penalty');
    expect(flattenLatex('\\emph{sharp} minima').replace(/\s+/g, ' ').trim()).toBe('sharp minima');
    expect(flattenLatex('$\\ell_\\infty$-bounded').replace(/\s+/g, ' ').trim()).toBe('linf -bounded');
  });

  it('should drop commands it has no word for and keep the surrounding text', () => {
    expect(flattenLatex('a $\\mathbb{R}^d$ input').replace(/\s+/g, ' ').trim()).toBe('a R d input');
  });
});

describe('splitSentences', () => {
  it('should split at sentence ends but not after common abbreviations', () => {
    expect(splitSentences('We train nets, e.g. ResNets. They fit noise! Do they generalize? Yes.')).toEqual([
      'We train nets, e.g. ResNets.',
      'They fit noise!',
      'Do they generalize?',
      'Yes.',
    ]);
    expect(splitSentences('As in Zhang et al. 2017, labels are shuffled.')).toEqual([
      'As in Zhang et al. 2017, labels are shuffled.',
    ]);
  });

  it('should read at most MAX_FIELD_CHARS of a huge text', () => {
    const huge = 'Noise. '.repeat(MAX_FIELD_CHARS);
    const sentences = splitSentences(huge);
    expect(sentences.join(' ').length).toBeLessThanOrEqual(MAX_FIELD_CHARS);
  });

  it('should return nothing for blank text', () => {
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('stem and tokens', () => {
  it('should merge inflections of one word', () => {
    expect(stem('generalization')).toBe(stem('generalize'));
    expect(stem('generalizing')).toBe(stem('generalizes'));
    expect(stem('scaling')).toBe(stem('scales'));
    expect(stem('networks')).toBe(stem('network'));
    expect(stem('memorizing')).toBe(stem('memorized'));
  });

  it('should keep regularity and regularization apart', () => {
    expect(stem('regularity')).not.toBe(stem('regularization'));
  });

  it('should drop stop words and split hyphenated words while keeping the joined form', () => {
    expect(tokens('The in-context learning of a model')).toEqual(['incontext', 'context', 'learn', 'model']);
  });

  it('should keep non-Latin words as tokens', () => {
    expect(tokens('Обобщение нейронных сетей')).toHaveLength(3);
    expect(tokens('深度学习的泛化')).toHaveLength(1);
  });
});

describe('prepare', () => {
  it('should make the title sentence 0 and tolerate a missing abstract', () => {
    const prepared = prepare({ title: 'Grokking at the edge', abstract: null });
    expect(prepared.sentences.map((s) => s.text)).toEqual(['Grokking at the edge']);
    expect(prepared.categories).toEqual([]);
  });

  it('should append citation contexts as further sentences', () => {
    const prepared = prepare({
      title: 'T',
      abstract: 'A.',
      citationContexts: ['Unlike [3], we do not prune.'],
    });
    expect(prepared.sentences.map((s) => s.text)).toEqual(['T', 'A.', 'Unlike [3], we do not prune.']);
  });
});
