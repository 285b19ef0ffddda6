import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/random.js';
import {
  abstractSentences,
  authorName,
  citingSentence,
  VOCABULARY,
  VOCABULARY_SIZE,
  zipfRank,
} from '../../scripts/synth/text.js';
import { normalizeName } from '../../src/domain/authors.js';

describe('vocabulary', () => {
  it('is fixed, distinct, free of stop words, with real words of the field among the frequent ones', () => {
    expect(VOCABULARY).toHaveLength(VOCABULARY_SIZE);
    expect(new Set(VOCABULARY).size).toBe(VOCABULARY_SIZE);
    for (const stop of ['the', 'and', 'of', 'a', 'in', 'to', 'with']) expect(VOCABULARY).not.toContain(stop);
    expect(VOCABULARY.indexOf('learning')).toBe(8);
    expect(VOCABULARY.indexOf('transformer')).toBeLessThan(1000);
    expect(VOCABULARY.every((w) => /^[a-z]{4,}$/.test(w))).toBe(true);
  });

  it('draws ranks Zipf-distributed: the top word often, the tail rarely but still', () => {
    const random = rng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) {
      const rank = zipfRank(random());
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    const top = counts.get(0) ?? 0;
    expect(top / 200_000).toBeGreaterThan(0.05);
    expect((counts.get(9) ?? 0) / top).toBeGreaterThan(0.05);
    expect((counts.get(9) ?? 0) / top).toBeLessThan(0.15);
    expect([...counts.keys()].some((rank) => rank > 20_000)).toBe(true);
  });
});

describe('text', () => {
  it('writes abstracts of 30–60 words in sentences, without line breaks', () => {
    const random = rng(5);
    for (let i = 0; i < 500; i++) {
      const sentences = abstractSentences(random);
      const text = sentences.join(' ');
      expect(text).not.toMatch(/[\r\n]/);
      expect(sentences.every((s) => s.endsWith('.'))).toBe(true);
    }
  });

  it('writes citing sentences without the array delimiter', () => {
    const random = rng(6);
    for (let i = 0; i < 2000; i++) expect(citingSentence(random, "O'Brien", 2019)).not.toContain(';');
  });
});

describe('authorName', () => {
  it('gives names unique after the product’s normalisation, with zero, one and two middle initials', () => {
    // 89 given × 101 family names per initials block: 200,000 indices reach two initials.
    const keys = new Set<string>();
    for (let i = 0; i < 200_000; i++) keys.add(normalizeName(authorName(i)));
    expect(keys.size).toBe(200_000);
    expect(
      authorName(199_999)
        .split(' ')
        .filter((part) => /^[A-Z]\.$/.test(part)),
    ).toHaveLength(2);
  });
});
