/**
 * The tagger's statistical half: one L2-regularised logistic regression per label over sparse features
 * (title and abstract unigrams and bigrams weighted by tf-idf, the hand-written cues, arXiv categories).
 * Training is deterministic (zero start, full-batch gradient descent, fixed step count), so the same
 * corpus always gives the same model, byte for byte.
 */
import { CUES, type Cue } from './cues.js';
import type { Label } from './taxonomy.js';
import type { PreparedText } from './text.js';

/** A document's features: name → value (before tf-idf weighting for n-grams). */
export type FeatureBag = Map<string, number>;

/** Value of a fired cue feature (n-gram vectors are unit length, so this sets a cue's relative scale). */
const CUE_VALUE = 1.0;
const CATEGORY_VALUE = 0.3;
/** Up to this many sentences, cue features count fully (see vectorize). */
const CUE_SENTENCES = 4;

/** Feature names a sentence contributes (n-grams and cues); used for features and for evidence. */
export function sentenceFeatures(tokens: readonly string[], text: string, isTitle: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    out.push(`w:${token}`);
    if (isTitle) out.push(`t:${token}`);
    const next = tokens[i + 1];
    if (next !== undefined) out.push(`b:${token}_${next}`);
  }
  for (const c of firedCueNames(text)) out.push(c);
  return out;
}

function cueFeature(c: Cue): string {
  return `cue:${c.label}:${c.name}`;
}

function firedCueNames(text: string): string[] {
  const lower = text.toLowerCase();
  return CUES.filter((c) => c.pattern.test(lower)).map(cueFeature);
}

/** The feature names of each sentence of a prepared paper (sentence 0 is the title). */
export function sentenceFeatureLists(text: PreparedText): string[][] {
  return text.sentences.map((sentence, index) =>
    sentenceFeatures(sentence.tokens, sentence.text, index === 0),
  );
}

/** The raw feature bag of a prepared paper: n-gram counts, cue flags, category flags. */
export function featurize(
  text: PreparedText,
  perSentence: readonly string[][] = sentenceFeatureLists(text),
): FeatureBag {
  const bag: FeatureBag = new Map();
  for (const features of perSentence) {
    for (const feature of features) bag.set(feature, (bag.get(feature) ?? 0) + 1);
  }
  for (const category of text.categories) bag.set(`cat:${category}`, 1);
  bag.set(SENTENCES, text.sentences.length);
  return bag;
}

/** Not a model feature: the number of sentences, which scales the cue features (see vectorize). */
const SENTENCES = 'len:sentences';

const isNgram = (feature: string) =>
  feature.startsWith('w:') || feature.startsWith('b:') || feature.startsWith('t:');

export interface LabelWeights {
  readonly bias: number;
  /** Probability at or above which this label is assigned (chosen by inner cross-validation). */
  readonly threshold: number;
  /** Aligned with the model's `features`. */
  readonly weights: readonly number[];
}

export interface TaggerModel {
  readonly format: 1;
  /** Feature names; n-gram features carry an idf, other features an idf of 1. */
  readonly features: readonly string[];
  readonly idf: readonly number[];
  readonly labels: Readonly<Record<Label, LabelWeights>>;
  readonly training: {
    readonly papers: number;
    readonly minDocumentFrequency: number;
    readonly l2: number;
    readonly steps: number;
  };
}

/** A compiled model: feature index and dense weights for fast scoring. */
export interface CompiledModel {
  readonly model: TaggerModel;
  readonly index: ReadonlyMap<string, number>;
  readonly labels: readonly Label[];
  readonly weights: readonly Float64Array[];
  readonly biases: readonly number[];
  readonly thresholds: readonly number[];
}

export function compile(model: TaggerModel): CompiledModel {
  const labels = Object.keys(model.labels);
  return {
    model,
    index: new Map(model.features.map((f, i) => [f, i])),
    labels,
    weights: labels.map((l) => Float64Array.from(model.labels[l]?.weights ?? [])),
    biases: labels.map((l) => model.labels[l]?.bias ?? 0),
    thresholds: labels.map((l) => model.labels[l]?.threshold ?? 0.5),
  };
}

/** A sparse vector: feature indexes and values. */
export interface SparseVector {
  readonly indexes: readonly number[];
  readonly values: readonly number[];
}

/** Weights a bag into the model's feature space: tf-idf n-grams normalised to unit length, plus flags. */
export function vectorize(
  bag: FeatureBag,
  index: ReadonlyMap<string, number>,
  idf: readonly number[],
): SparseVector {
  const sentences = bag.get(SENTENCES) ?? 1;
  // Cue density: a cue in one of four sentences counts fully, in one of sixteen half as much (the model is
  // trained on short summaries; real abstracts are longer and fire more incidental cues).
  const cueScale = Math.min(1, Math.sqrt(CUE_SENTENCES / Math.max(1, sentences)));
  const ngrams: Array<[number, number]> = [];
  const others: Array<[number, number]> = [];
  for (const [feature, count] of bag) {
    if (feature === SENTENCES) continue;
    const i = index.get(feature);
    if (i === undefined) continue;
    if (isNgram(feature)) ngrams.push([i, (1 + Math.log(count)) * (idf[i] ?? 1)]);
    else others.push([i, feature.startsWith('cat:') ? CATEGORY_VALUE : CUE_VALUE * cueScale]);
  }
  const norm = Math.sqrt(ngrams.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
  const entries = [...ngrams.map(([i, v]) => [i, v / norm] as [number, number]), ...others].sort(
    (a, b) => a[0] - b[0],
  );
  return { indexes: entries.map(([i]) => i), values: entries.map(([, v]) => v) };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function dot(weights: Float64Array, x: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < x.indexes.length; k++)
    sum += (weights[x.indexes[k] as number] ?? 0) * (x.values[k] as number);
  return sum;
}

/** Probability of every label for a vectorised paper, in `compiled.labels` order. */
export function probabilities(compiled: CompiledModel, x: SparseVector): number[] {
  return compiled.labels.map((_, j) =>
    sigmoid(dot(compiled.weights[j] as Float64Array, x) + (compiled.biases[j] as number)),
  );
}

export interface TrainingExample {
  readonly bag: FeatureBag;
  readonly labels: ReadonlySet<Label>;
}

export interface TrainingOptions {
  readonly labels: readonly Label[];
  readonly minDocumentFrequency?: number;
  readonly l2?: number;
  readonly steps?: number;
  readonly learningRate?: number;
  /** Inner folds used to choose each label's threshold; 0 keeps 0.5 for every label. */
  readonly thresholdFolds?: number;
  /** Which features may carry weight for a label (default: all). Others stay at zero. */
  readonly usesFeature?: (label: Label, feature: string) => boolean;
}

const round = (value: number, digits = 5) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/**
 * Trains one logistic regression per label. Positives are re-weighted so each label's positives and
 * negatives weigh the same in the loss (labels are rare: 10–30 positives in 250 papers).
 */
function fitWeights(
  examples: readonly TrainingExample[],
  options: TrainingOptions,
  thresholds: ReadonlyMap<Label, number>,
): TaggerModel {
  const minDf = options.minDocumentFrequency ?? 2;
  const l2 = options.l2 ?? 0.002;
  const steps = options.steps ?? 400;
  const learningRate = options.learningRate ?? 5;

  const documentFrequency = new Map<string, number>();
  for (const example of examples) {
    for (const feature of example.bag.keys()) {
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
  }
  const features = [...documentFrequency.entries()]
    .filter(([feature, df]) => feature !== SENTENCES && (df >= minDf || feature.startsWith('cue:')))
    .map(([feature]) => feature)
    .sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const n = examples.length;
  const idf = features.map((f) =>
    isNgram(f) ? round(Math.log((1 + n) / (1 + (documentFrequency.get(f) ?? 0))) + 1, 4) : 1,
  );
  const vectors = examples.map((e) => vectorize(e.bag, index, idf));

  const labels: Record<Label, LabelWeights> = {};
  for (const label of options.labels) {
    const y = examples.map((e) => (e.labels.has(label) ? 1 : 0));
    const positives = y.reduce<number>((s, v) => s + v, 0);
    const negatives = n - positives;
    const sampleWeight = y.map((v) =>
      v === 1 ? (positives ? n / (2 * positives) : 0) : negatives ? n / (2 * negatives) : 0,
    );
    const w = new Float64Array(features.length);
    const allowed = Uint8Array.from(features, (f) => ((options.usesFeature?.(label, f) ?? true) ? 1 : 0));
    let bias = 0;
    const gradient = new Float64Array(features.length);
    for (let step = 0; step < steps; step++) {
      gradient.fill(0);
      let biasGradient = 0;
      for (let d = 0; d < n; d++) {
        const x = vectors[d] as SparseVector;
        const error = (sigmoid(dot(w, x) + bias) - (y[d] as number)) * (sampleWeight[d] as number);
        biasGradient += error;
        for (let k = 0; k < x.indexes.length; k++) {
          const i = x.indexes[k] as number;
          gradient[i] = (gradient[i] as number) + error * (x.values[k] as number);
        }
      }
      for (let i = 0; i < w.length; i++) {
        if (!allowed[i]) continue;
        w[i] = (w[i] as number) - learningRate * ((gradient[i] as number) / n + l2 * (w[i] as number));
      }
      bias -= (learningRate * biasGradient) / n;
    }
    labels[label] = {
      bias: round(bias),
      threshold: thresholds.get(label) ?? 0.5,
      weights: Array.from(w, (v) => round(v)),
    };
  }
  return {
    format: 1,
    features,
    idf,
    labels,
    training: { papers: n, minDocumentFrequency: minDf, l2, steps },
  };
}

const THRESHOLD_GRID = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

/**
 * Picks each label's threshold by inner cross-validation on the training examples only: out-of-fold
 * probabilities for every example, then the grid value with the best F1 (ties go to the value nearest
 * 0.5). The test papers of an outer evaluation never take part.
 */
function chooseThresholds(
  examples: readonly TrainingExample[],
  options: TrainingOptions,
): Map<Label, number> {
  const folds = options.thresholdFolds ?? 0;
  const chosen = new Map<Label, number>();
  if (folds < 2 || examples.length < folds * 4) return chosen;
  const outOfFold: number[][] = examples.map(() => []);
  for (let fold = 0; fold < folds; fold++) {
    const training = examples.filter((_, i) => i % folds !== fold);
    const compiled = compile(fitWeights(training, options, new Map()));
    examples.forEach((example, i) => {
      if (i % folds !== fold) return;
      outOfFold[i] = probabilities(compiled, vectorize(example.bag, compiled.index, compiled.model.idf));
    });
  }
  options.labels.forEach((label, j) => {
    let best = 0.5;
    let bestF1 = -1;
    for (const threshold of THRESHOLD_GRID) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      examples.forEach((example, i) => {
        const predicted = (outOfFold[i]?.[j] ?? 0) >= threshold;
        const actual = example.labels.has(label);
        if (predicted && actual) tp++;
        else if (predicted) fp++;
        else if (actual) fn++;
      });
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
      if (
        f1 > bestF1 + 1e-9 ||
        (Math.abs(f1 - bestF1) <= 1e-9 && Math.abs(threshold - 0.5) < Math.abs(best - 0.5))
      ) {
        bestF1 = f1;
        best = threshold;
      }
    }
    chosen.set(label, best);
  });
  return chosen;
}

/** Trains the model: thresholds by inner cross-validation (when asked), then weights on all examples. */
export function train(examples: readonly TrainingExample[], options: TrainingOptions): TaggerModel {
  return fitWeights(examples, options, chooseThresholds(examples, options));
}
