/**
 * Cross-validation of the tagger on the landmark corpus: k folds fixed by a hash of the arXiv id (a
 * paper is never in the training and the test part of the same fold), per-label precision / recall / F1,
 * macro-F1 per taxonomy, and the confusion between contribution types.
 */
import { createHash } from 'node:crypto';
import { CUES } from './cues.js';
import { featurize, type TaggerModel, type TrainingExample, train } from './model.js';
import { type Tag, Tagger, type TagResult } from './tagger.js';
import type { Label, Taxonomies } from './taxonomy.js';
import { prepare, type TaggerInput } from './text.js';

export interface LabelledPaper {
  readonly id: string;
  readonly input: TaggerInput;
  readonly labels: ReadonlySet<Label>;
}

export interface LabelScore {
  readonly label: Label;
  readonly support: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export const NONE = 'NONE';

export interface Evaluation {
  readonly folds: number;
  readonly papers: number;
  readonly contributions: readonly LabelScore[];
  readonly subfields: readonly LabelScore[];
  readonly macroF1Contributions: number;
  readonly macroF1Subfields: number;
  /** confusion[true][predicted] over contribution types, with NONE for "no type". */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Papers whose prediction differed from the curated labels: id, missed and extra labels. */
  readonly errors: ReadonlyArray<{ id: string; missed: Label[]; extra: Label[] }>;
}

/** The fold (0..k-1) of a paper: stable across runs and machines. */
export function foldOf(id: string, folds: number): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) % folds;
}

export function trainingExamples(papers: readonly LabelledPaper[]): TrainingExample[] {
  return papers.map((p) => ({ bag: featurize(prepare(p.input)), labels: p.labels }));
}

/**
 * Which features a label may use (ADR 0005, chosen by measurement): a contribution type learns from words
 * and the contribution cues; a subfield from words and arXiv categories only — the subfield cues lowered
 * both the cross-validated and the development-set F1 once the corpus had 500 papers (topic words are
 * learnt well from data; the broad cue patterns mostly add false positives). Cross-taxonomy cues, and
 * categories for contribution types, only fit accidents of the corpus.
 */
export function featurePolicy(taxonomy: Taxonomies): (label: Label, feature: string) => boolean {
  return (label, feature) => {
    const kind = taxonomy.kindOf(label);
    if (feature.startsWith('cue:'))
      return kind === 'contribution' && taxonomy.kindOf(feature.split(':')[1] ?? '') === kind;
    if (feature.startsWith('cat:')) return kind === 'subfield';
    return true;
  };
}

/**
 * The methods compared in docs/decisions/0005: `combined` (the tagger), `ngrams` (the same model without
 * the cues), and `rules` (the cues alone: a label is given when any of its cues fires, no training).
 */
export type Method = 'combined' | 'ngrams' | 'rules';

export function trainOn(
  papers: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  method: Method = 'combined',
): TaggerModel {
  if (method === 'rules') return rulesModel(taxonomy);
  const policy = featurePolicy(taxonomy);
  const usesFeature =
    method === 'ngrams' ? (label: Label, f: string) => !f.startsWith('cue:') && policy(label, f) : policy;
  return train(trainingExamples(papers), { labels: taxonomy.labels, usesFeature });
}

/** The cues as a model: weight 10 on each of a label's own cues, bias −4 (one fired cue ⇒ p > 0.5). */
export function rulesModel(taxonomy: Taxonomies): TaggerModel {
  const features = [...new Set(CUES.map((c) => `cue:${c.label}:${c.name}`))].sort();
  const labels = Object.fromEntries(
    taxonomy.labels.map((label) => [
      label,
      {
        bias: -4,
        threshold: 0.5,
        weights: features.map((f) => (f.startsWith(`cue:${label}:`) ? 10 : 0)),
      },
    ]),
  );
  return {
    format: 1,
    features,
    idf: features.map(() => 1),
    labels,
    training: { papers: 0, minDocumentFrequency: 0, l2: 0, steps: 0 },
  };
}

function score(label: Label, tp: number, fp: number, fn: number): LabelScore {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { label, support: tp + fn, tp, fp, fn, precision, recall, f1 };
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** Which labels a paper gets from the tagger's result (by default every tag it gave). */
type Pick = (result: TagResult, paper: LabelledPaper) => Iterable<Label>;

const everyTag: Pick = (result) => [...result.contributions, ...result.subfields].map((t) => t.slug);

/** Each paper's labels from a tagger trained on the other folds. */
function predictByFold(
  papers: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  folds: number,
  trainModel: (training: readonly LabelledPaper[]) => TaggerModel,
  pick: Pick = everyTag,
  adjust: (model: TaggerModel) => TaggerModel = (model) => model,
): Map<string, Set<Label>> {
  const predicted = new Map<string, Set<Label>>();
  for (let fold = 0; fold < folds; fold++) {
    const test = papers.filter((p) => foldOf(p.id, folds) === fold);
    const training = papers.filter((p) => foldOf(p.id, folds) !== fold);
    const tagger = new Tagger(adjust(trainModel(training)), taxonomy);
    for (const paper of test) predicted.set(paper.id, new Set(pick(tagger.tag(paper.input), paper)));
  }
  return predicted;
}

export function crossValidate(
  papers: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  folds = 5,
  trainModel: (training: readonly LabelledPaper[]) => TaggerModel = (training) => trainOn(training, taxonomy),
): Evaluation {
  return scorePredictions(papers, predictByFold(papers, taxonomy, folds, trainModel), taxonomy, folds);
}

/** A number in [0,1) fixed by a paper's id (a different hash from the folds'). */
function unitHash(id: string): number {
  return createHash('sha256').update(`subsample:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The papers kept at a training fraction: chosen by a hash of the id, so the choice is the same on every run
 * and nested (a paper kept at 0.25 is kept at 0.5 too).
 */
export function subsample<T extends { readonly id: string }>(papers: readonly T[], fraction: number): T[] {
  return papers.filter((p) => unitHash(p.id) < fraction);
}

export interface CurvePoint {
  readonly fraction: number;
  /** Mean number of training papers per fold. */
  readonly trainingPapers: number;
  readonly macroF1Contributions: number;
  readonly macroF1Subfields: number;
}

/**
 * Cross-validated macro-F1 when each fold trains on only a fraction of its training papers (the test
 * papers stay the same): how much more labelled data would buy.
 */
export function learningCurve(
  papers: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  fractions: readonly number[],
  folds = 5,
  trainModel: (training: readonly LabelledPaper[]) => TaggerModel = (training) => trainOn(training, taxonomy),
): CurvePoint[] {
  return fractions.map((fraction) => {
    let trained = 0;
    const result = crossValidate(papers, taxonomy, folds, (training) => {
      const kept = subsample(training, fraction);
      trained += kept.length;
      return trainModel(kept);
    });
    return {
      fraction,
      trainingPapers: trained / folds,
      macroF1Contributions: result.macroF1Contributions,
      macroF1Subfields: result.macroF1Subfields,
    };
  });
}

/**
 * Cross-validation with the number of labels told: each test paper gets exactly as many contribution types
 * (and subfields) as it was curated with, the ones the model ranks highest. No rule that keeps the model's
 * order of a paper's labels (one threshold, a fallback, a cap on the count) can beat this, so it bounds what
 * tuning such a decision can gain. (Per-label thresholds can reorder labels and are not strictly bounded.)
 */
export function knownCountCeiling(
  papers: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  folds = 5,
  trainModel: (training: readonly LabelledPaper[]) => TaggerModel = (training) => trainOn(training, taxonomy),
): Evaluation {
  // Tags come sorted by confidence, so the first n of a taxonomy are the model's top n.
  const top = (tags: readonly Tag[], paper: LabelledPaper) =>
    tags.slice(0, tags.filter((t) => paper.labels.has(t.slug)).length).map((t) => t.slug);
  const everyLabel = (model: TaggerModel): TaggerModel => ({
    ...model,
    labels: Object.fromEntries(Object.entries(model.labels).map(([l, w]) => [l, { ...w, threshold: 0 }])),
  });
  const predicted = predictByFold(
    papers,
    taxonomy,
    folds,
    trainModel,
    (result, paper) => [...top(result.contributions, paper), ...top(result.subfields, paper)],
    everyLabel,
  );
  return scorePredictions(papers, predicted, taxonomy, folds);
}

/** Trains on one set of papers and scores the tagger on another (a held-out set); `folds` is 0. */
export function evaluateHeldOut(
  training: readonly LabelledPaper[],
  test: readonly LabelledPaper[],
  taxonomy: Taxonomies,
  trainModel: (training: readonly LabelledPaper[]) => TaggerModel = (papers) => trainOn(papers, taxonomy),
): Evaluation {
  const tagger = new Tagger(trainModel(training), taxonomy);
  const predicted = new Map(
    test.map((paper) => {
      const result = tagger.tag(paper.input);
      return [paper.id, new Set([...result.contributions, ...result.subfields].map((t) => t.slug))] as const;
    }),
  );
  return scorePredictions(test, predicted, taxonomy, 0);
}

function scorePredictions(
  papers: readonly LabelledPaper[],
  predicted: ReadonlyMap<string, ReadonlySet<Label>>,
  taxonomy: Taxonomies,
  folds: number,
): Evaluation {
  const counts = new Map(taxonomy.labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  const types = taxonomy.contributionTypes.items.map((i) => i.slug);
  const confusion: Record<string, Record<string, number>> = {};
  for (const t of [...types, NONE]) confusion[t] = Object.fromEntries([...types, NONE].map((p) => [p, 0]));
  const errors: Array<{ id: string; missed: Label[]; extra: Label[] }> = [];
  for (const paper of papers) {
    const got: ReadonlySet<Label> = predicted.get(paper.id) ?? new Set<Label>();
    for (const label of taxonomy.labels) {
      const c = counts.get(label);
      if (!c) continue;
      if (paper.labels.has(label) && got.has(label)) c.tp++;
      else if (got.has(label)) c.fp++;
      else if (paper.labels.has(label)) c.fn++;
    }
    const trueTypes = types.filter((t) => paper.labels.has(t));
    const gotTypes = types.filter((t) => got.has(t));
    for (const t of trueTypes.length ? trueTypes : [NONE]) {
      for (const p of gotTypes.length ? gotTypes : [NONE]) {
        const row = confusion[t] as Record<string, number>;
        row[p] = (row[p] ?? 0) + 1;
      }
    }
    const missed = [...paper.labels].filter((l) => !got.has(l));
    const extra = [...got].filter((l) => !paper.labels.has(l));
    if (missed.length || extra.length) errors.push({ id: paper.id, missed, extra });
  }
  const scores = taxonomy.labels.map((label) => {
    const c = counts.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    return score(label, c.tp, c.fp, c.fn);
  });
  const contributions = scores.filter((s) => taxonomy.kindOf(s.label) === 'contribution');
  const subfields = scores.filter((s) => taxonomy.kindOf(s.label) === 'subfield');
  return {
    folds,
    papers: papers.length,
    contributions,
    subfields,
    macroF1Contributions: mean(contributions.map((s) => s.f1)),
    macroF1Subfields: mean(subfields.map((s) => s.f1)),
    confusion,
    errors,
  };
}
