import { describe, expect, it } from 'vitest';
import { compile, featurize, probabilities, train, vectorize } from '../../src/tagging/model.js';
import { prepare } from '../../src/tagging/text.js';

const doc = (title: string, abstract: string, labels: string[]) => ({
  bag: featurize(prepare({ title, abstract })),
  labels: new Set(labels),
});

const examples = [
  doc('Robust classifiers', 'Adversarial perturbations flip predictions of image models.', ['ROBUST']),
  doc('Attacks on vision models', 'Small adversarial noise fools classifiers reliably.', ['ROBUST']),
  doc('Certified defences', 'Adversarial training improves worst-case accuracy.', ['ROBUST']),
  doc('Scaling of language models', 'Loss falls with model size and data.', ['SCALE']),
  doc('Compute budgets', 'Larger models trained on more data reach lower loss.', ['SCALE']),
  doc('Data and size', 'Model size and data size trade off at fixed compute.', ['SCALE']),
];

describe('train', () => {
  it('should be deterministic: the same examples give the same model', () => {
    const a = train(examples, { labels: ['ROBUST', 'SCALE'], minDocumentFrequency: 1 });
    const b = train(examples, { labels: ['ROBUST', 'SCALE'], minDocumentFrequency: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('should separate the labels it was trained on, for unseen text', () => {
    const model = train(examples, { labels: ['ROBUST', 'SCALE'], minDocumentFrequency: 1 });
    const compiled = compile(model);
    const p = (text: string) =>
      probabilities(compiled, vectorize(featurize(prepare({ title: text })), compiled.index, model.idf));
    const [robust, scale] = p('adversarial noise against classifiers');
    expect(robust).toBeGreaterThan(0.5);
    expect(scale).toBeLessThan(0.5);
    const [robust2, scale2] = p('larger models and more data');
    expect(scale2).toBeGreaterThan(0.5);
    expect(robust2).toBeLessThan(0.5);
  });

  it('should keep only features seen in at least minDocumentFrequency papers (cues always)', () => {
    const model = train(examples, { labels: ['ROBUST'], minDocumentFrequency: 2 });
    expect(model.features).toContain('w:adversarial');
    expect(model.features).not.toContain('w:certifi');
  });
});

describe('vectorize', () => {
  it('should give n-grams unit length and ignore unknown features', () => {
    const index = new Map([
      ['w:a', 0],
      ['w:b', 1],
    ]);
    const x = vectorize(
      new Map([
        ['w:a', 1],
        ['w:b', 1],
        ['w:zzz', 4],
      ]),
      index,
      [1, 1],
    );
    expect(x.indexes).toEqual([0, 1]);
    expect(Math.hypot(...x.values)).toBeCloseTo(1, 10);
  });
});
