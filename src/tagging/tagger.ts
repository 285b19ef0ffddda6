/**
 * The tagger: a pure, deterministic function from a paper's text to tags. Each tag has a confidence in
 * [0,1] (the model's probability), the evidence (the sentence that weighs most for the label) and the
 * tagger version. No network, no download: the model is a JSON file in the repository
 * (data/tagger/model.json, written by `npm run train:tagger` from the landmark corpus).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import {
  type CompiledModel,
  compile,
  featurize,
  probabilities,
  sentenceFeatureLists,
  type TaggerModel,
  vectorize,
} from './model.js';
import { type Label, type Taxonomies, taxonomies } from './taxonomy.js';
import { type PreparedText, prepare, type TaggerInput } from './text.js';

/**
 * Bump when the cues, the features or the training change, and retrain: `empirica tag --stale` re-tags
 * every paper tagged by another version.
 */
export const TAGGER_VERSION = '1.1.0';

export const MODEL_FILE = path.join(PROJECT_ROOT, 'data', 'tagger', 'model.json');

/** Longest evidence kept, in characters. */
const MAX_EVIDENCE = 400;

export interface Tag {
  readonly slug: Label;
  /** Probability in [0,1], rounded to 3 decimals. */
  readonly confidence: number;
  /** The sentence (or the title) that weighs most for this label. */
  readonly evidence: string;
}

export interface TagResult {
  readonly taggerVersion: string;
  readonly contributions: readonly Tag[];
  readonly subfields: readonly Tag[];
}

export class Tagger {
  readonly version: string;
  /** The tag source written on graph relationships: `tagger@<version>`. */
  readonly source: string;
  private readonly compiled: CompiledModel;

  constructor(
    model: TaggerModel,
    private readonly taxonomy: Taxonomies = taxonomies(),
    version: string = TAGGER_VERSION,
  ) {
    for (const label of Object.keys(model.labels)) {
      if (!taxonomy.kindOf(label))
        throw new Error(`The tagger model has a label ${label} no taxonomy defines`);
    }
    if (model.idf.length !== model.features.length)
      throw new Error('The tagger model is corrupt: idf length');
    this.compiled = compile(model);
    this.version = version;
    this.source = `tagger@${version}`;
  }

  /** Tags one paper. Total: any title/abstract (empty, LaTeX, very long, non-English) gives a result. */
  tag(input: TaggerInput): TagResult {
    const text = prepare(input);
    const { index, model, labels, thresholds } = this.compiled;
    const perSentence = sentenceFeatureLists(text);
    const probs = probabilities(this.compiled, vectorize(featurize(text, perSentence), index, model.idf));
    const contributions: Tag[] = [];
    const subfields: Tag[] = [];
    labels.forEach((label, j) => {
      const p = probs[j] as number;
      if (p < (thresholds[j] as number)) return;
      const tag: Tag = {
        slug: label,
        confidence: Math.round(p * 1000) / 1000,
        evidence: this.evidence(text, perSentence, j),
      };
      (this.taxonomy.kindOf(label) === 'contribution' ? contributions : subfields).push(tag);
    });
    const byConfidence = (a: Tag, b: Tag) => b.confidence - a.confidence || a.slug.localeCompare(b.slug);
    return {
      taggerVersion: this.version,
      contributions: contributions.sort(byConfidence),
      subfields: subfields.sort(byConfidence),
    };
  }

  /** The sentence whose features add most to label j's score; the title when none adds anything. */
  private evidence(text: PreparedText, perSentence: readonly string[][], j: number): string {
    const weights = this.compiled.weights[j] as Float64Array;
    const { index, model } = this.compiled;
    let best = -Infinity;
    let bestText = text.sentences[0]?.text ?? '';
    text.sentences.forEach((sentence, s) => {
      let score = 0;
      for (const feature of new Set(perSentence[s])) {
        const i = index.get(feature);
        if (i !== undefined) score += (weights[i] as number) * (model.idf[i] as number);
      }
      if (score > best) {
        best = score;
        bestText = sentence.text;
      }
    });
    return bestText.length > MAX_EVIDENCE ? `${bestText.slice(0, MAX_EVIDENCE - 1)}…` : bestText;
  }
}

/** Reads a model file; a clear error when it is missing or not a model. */
export function readModel(file: string = MODEL_FILE): TaggerModel {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`No tagger model at ${file}: run \`npm run train:tagger\` to build it from the corpus.`);
  }
  const model = JSON.parse(raw) as TaggerModel;
  if (model?.format !== 1 || !Array.isArray(model.features) || typeof model.labels !== 'object') {
    throw new Error(`${file} is not a tagger model (format 1).`);
  }
  return model;
}

let defaultTagger: Tagger | undefined;

/** The project's tagger (bundled model, current version), built once per process. */
export function loadTagger(): Tagger {
  defaultTagger ??= new Tagger(readModel());
  return defaultTagger;
}
