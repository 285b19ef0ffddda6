import { describe, expect, it } from 'vitest';
import { CUES, firedCues } from '../../src/tagging/cues.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

const fired = (sentence: string) => new Set(firedCues(sentence).map((c) => c.label));

describe('cues', () => {
  it('should name only labels the taxonomies define, with unique names per label', () => {
    const taxonomy = taxonomies();
    for (const c of CUES) expect(taxonomy.kindOf(c.label), c.name).toBeDefined();
    const names = CUES.map((c) => `${c.label}:${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('should cover every label of both taxonomies', () => {
    const covered = new Set(CUES.map((c) => c.label));
    expect([...taxonomies().labels].filter((l) => !covered.has(l))).toEqual([]);
  });

  // Sentences written for this test in the way abstracts phrase each contribution.
  it.each([
    ['FALSIFICATION', 'These measures fail to explain the gap between the two training regimes.'],
    ['FALSIFICATION', 'Our controlled experiments rule out sharpness as the cause of the gap.'],
    [
      'CHALLENGED_ASSUMPTION',
      'Contrary to the widely held belief, deeper models are not harder to train here.',
    ],
    ['CHALLENGED_ASSUMPTION', 'It is commonly assumed that pruning hurts robustness.'],
    ['REGULARITY', 'Test loss follows a power law in dataset size across six architectures.'],
    ['REGULARITY', 'We observe a consistent phenomenon across datasets and model sizes.'],
    ['CONJECTURE', 'We conjecture that wide networks find flatter solutions.'],
    ['CONJECTURE', 'We propose the hypothesis that features are stored in superposition.'],
  ])('should fire a %s cue on "%s"', (label, sentence) => {
    expect(fired(sentence).has(label)).toBe(true);
  });

  it('should not fire contribution cues on a plain method sentence', () => {
    const labels = fired('We introduce a new optimizer and evaluate it on ImageNet.');
    for (const type of ['FALSIFICATION', 'CHALLENGED_ASSUMPTION', 'REGULARITY', 'CONJECTURE']) {
      expect(labels.has(type), type).toBe(false);
    }
  });
});
