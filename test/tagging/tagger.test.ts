import { describe, expect, it } from 'vitest';
import { loadTagger, readModel, TAGGER_VERSION, Tagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

const tagger = loadTagger();

describe('the bundled tagger', () => {
  it('should carry its version on every result and as the tag source', () => {
    expect(tagger.version).toBe(TAGGER_VERSION);
    expect(tagger.source).toBe(`tagger@${TAGGER_VERSION}`);
    expect(tagger.tag({ title: 'x' }).taggerVersion).toBe(TAGGER_VERSION);
  });

  // An abstract written for this test, phrased the way adversarial-robustness abstracts are.
  const abstract =
    'Image classifiers that reach high test accuracy can be fooled by adversarial perturbations that are ' +
    'imperceptible to humans. Contrary to the common belief that such errors are rare curiosities, we show ' +
    'that small $\\ell_\\infty$-bounded perturbations flip the predictions of every model we test. ' +
    'The same perturbations transfer across architectures and training sets.';

  it('should tag a clear adversarial-robustness abstract with that subfield, with evidence from the text', () => {
    const result = tagger.tag({ title: 'Imperceptible perturbations fool image classifiers', abstract });
    const robust = result.subfields.find((t) => t.slug === 'ADVERSARIAL_ROBUSTNESS');
    expect(robust).toBeDefined();
    expect(robust?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(`Imperceptible perturbations fool image classifiers ${abstract}`).toContain(
      robust?.evidence.replace(/…$/, '') ?? '∅',
    );
  });

  it('should be deterministic', () => {
    const input = { title: 'Scaling laws for tiny models', abstract };
    expect(tagger.tag(input)).toEqual(tagger.tag(input));
  });

  it.each([
    ['an empty abstract', { title: 'On the loss landscape of transformers', abstract: '' }],
    ['no abstract', { title: 'Grokking modular arithmetic' }],
    [
      'LaTeX only',
      { title: '$\\mathcal{O}(n^2)$', abstract: '$$\\sum_{i=1}^n \\ell_2(x_i)^{\\beta}$$ \\cite{a}' },
    ],
    ['a very long abstract', { title: 'Long', abstract: 'Networks memorize random labels. '.repeat(20_000) }],
    [
      'non-English text',
      { title: 'Обобщение глубоких сетей', abstract: '深度神经网络为何能够泛化？我们研究记忆。' },
    ],
    ['control characters', { title: '\u0000\u0007 title \uFFFF', abstract: '\u202E reversed \uD800' }],
  ])('should tag %s without failing, with confidences in [0,1]', (_name, input) => {
    const result = tagger.tag(input);
    for (const tag of [...result.contributions, ...result.subfields]) {
      expect(tag.confidence).toBeGreaterThanOrEqual(0);
      expect(tag.confidence).toBeLessThanOrEqual(1);
      expect(tag.evidence.length).toBeLessThanOrEqual(400);
    }
  });

  it('should put each tag in the taxonomy it belongs to', () => {
    const taxonomy = taxonomies();
    const result = tagger.tag({ title: 'Adversarial examples and scaling laws', abstract });
    for (const t of result.contributions) expect(taxonomy.kindOf(t.slug)).toBe('contribution');
    for (const t of result.subfields) expect(taxonomy.kindOf(t.slug)).toBe('subfield');
  });

  it('should refuse a model with a label no taxonomy defines', () => {
    const model = readModel();
    const firstLabel = Object.keys(model.labels)[0] as string;
    const bad = { ...model, labels: { ...model.labels, NOT_A_LABEL: model.labels[firstLabel] } };
    expect(() => new Tagger(bad as typeof model)).toThrow(/NOT_A_LABEL/);
  });

  it('should explain how to build a missing model', () => {
    expect(() => readModel('/nonexistent/model.json')).toThrow(/npm run train:tagger/);
  });
});
