/**
 * `npm run eval:tagger [-- --folds 5] [-- --errors] [-- --method combined|ngrams|rules] [-- --heldout f.jsonl]
 *  [-- --learning-curve]`:
 * k-fold cross-validation of the tagger on the landmark corpus. Prints per-label precision, recall and F1,
 * macro-F1 per taxonomy, the confusion between contribution types, and (with --errors) every paper the
 * tagger got wrong. `--method` compares the tagger with its parts (ADR 0005). `--heldout` instead trains on
 * the whole corpus and scores a labelled JSON Lines file of other papers:
 *   {"id","title","abstract","contributions":[slug…],"subfields":[slug…]}
 * (data/tagger/dev-labels.jsonl holds the labels of 109 such papers without their abstracts, which are not ours).
 * `--learning-curve` adds two diagnostics: macro-F1 when each fold trains on 25/50/75/100 % of its training
 * papers, and the known-count ceiling (each paper given as many labels as it was curated with, the model's
 * top-ranked ones: what no decision that keeps the model's order of a paper's labels can beat).
 * Exits 1 below the targets.
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { curatedLabels, loadLandmarks, taggerInputOf } from '../src/tagging/corpus.js';
import {
  crossValidate,
  evaluateHeldOut,
  knownCountCeiling,
  type LabelledPaper,
  type LabelScore,
  learningCurve,
  type Method,
  NONE,
  trainOn,
} from '../src/tagging/evaluation.js';
import { taxonomies } from '../src/tagging/taxonomy.js';

const TARGET = 0.85;
const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    errors: { type: 'boolean', default: false },
    method: { type: 'string', default: 'combined' },
    heldout: { type: 'string' },
    'learning-curve': { type: 'boolean', default: false },
  },
});
const method = values.method as Method;
if (!['combined', 'ngrams', 'rules'].includes(method)) {
  throw new Error(`--method must be combined, ngrams or rules, got ${values.method}`);
}
const folds = Number(values.folds);
if (!Number.isInteger(folds) || folds < 2)
  throw new Error(`--folds must be an integer ≥ 2, got ${values.folds}`);

const taxonomy = taxonomies();
const landmarks = loadLandmarks(taxonomy);
const papers = landmarks.map((p) => ({ id: p.arxivId, input: taggerInputOf(p), labels: curatedLabels(p) }));
function readHeldOut(file: string): LabelledPaper[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line)
    .map(({ line, number }) => {
      const row = JSON.parse(line) as {
        id?: string;
        title?: string;
        abstract?: string;
        contributions?: string[];
        subfields?: string[];
      };
      if (!row.id || !row.title) throw new Error(`${file}:${number}: needs "id" and "title"`);
      if (typeof row.abstract !== 'string') {
        throw new Error(
          `${file}:${number} (${row.id}): needs "abstract" (a string, may be empty); ` +
            "data/tagger/dev-labels.jsonl ships without abstracts: add each paper's abstract to score it",
        );
      }
      const labels = [...(row.contributions ?? []), ...(row.subfields ?? [])];
      for (const label of labels) {
        if (!taxonomy.kindOf(label)) throw new Error(`${file}:${number}: unknown label ${label}`);
      }
      return {
        id: row.id,
        input: { title: row.title, abstract: row.abstract },
        labels: new Set(labels),
      };
    });
}

const started = performance.now();
const fit = (training: readonly LabelledPaper[]) => trainOn(training, taxonomy, method);
const heldOut = values.heldout ? readHeldOut(values.heldout) : undefined;
const result = heldOut
  ? evaluateHeldOut(papers, heldOut, taxonomy, fit)
  : crossValidate(papers, taxonomy, folds, fit);
const seconds = (performance.now() - started) / 1000;

const pct = (v: number) => v.toFixed(3);
const table = (title: string, scores: readonly LabelScore[]) => {
  console.log(`\n${title}`);
  console.log(`${'label'.padEnd(34)} support   prec    rec     F1`);
  for (const s of scores) {
    console.log(
      `${s.label.padEnd(34)} ${String(s.support).padStart(7)}  ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}`,
    );
  }
};

console.log(
  heldOut
    ? `Tagger (${method}) trained on the ${papers.length} corpus papers, scored on ${result.papers} held-out ` +
        `papers of ${values.heldout} (title + abstract), ${seconds.toFixed(1)} s.`
    : `Tagger (${method}) cross-validation: ${result.papers} papers, ${folds} folds (by a hash of the arXiv ` +
        `id), ${seconds.toFixed(1)} s. Input per paper: title + the corpus summary + arXiv categories.`,
);
table('Contribution types', result.contributions);
table('Subfields', result.subfields);
const types = [...taxonomy.contributionTypes.items.map((i) => i.slug), NONE];
console.log('\nConfusion between contribution types (rows: curated, columns: predicted; NONE = no type)');
console.log(`${''.padEnd(22)}${types.map((t) => t.slice(0, 13).padStart(14)).join('')}`);
for (const t of types) {
  console.log(
    `${t.slice(0, 21).padEnd(22)}${types.map((p) => String(result.confusion[t]?.[p] ?? 0).padStart(14)).join('')}`,
  );
}
if (values.errors) {
  console.log(`\nPapers with at least one wrong label: ${result.errors.length}`);
  const titles = new Map([
    ...landmarks.map((p) => [p.arxivId, p.title] as const),
    ...(heldOut ?? []).map((p) => [p.id, p.input.title] as const),
  ]);
  for (const e of result.errors) {
    console.log(
      `  ${e.id} ${titles.get(e.id)?.slice(0, 60)}\n      missed: ${e.missed.join(', ') || '-'}  extra: ${e.extra.join(', ') || '-'}`,
    );
  }
}
if (values['learning-curve']) {
  const curveStarted = performance.now();
  console.log('\nLearning curve (the same folds; each fold trains on a fixed share of its training papers)');
  console.log('share  training papers  macro-F1 types  macro-F1 subfields');
  for (const point of learningCurve(papers, taxonomy, [0.25, 0.5, 0.75, 1], folds, fit)) {
    console.log(
      `${`${Math.round(point.fraction * 100)} %`.padStart(5)}  ${point.trainingPapers.toFixed(0).padStart(15)}  ` +
        `${pct(point.macroF1Contributions).padStart(14)}  ${pct(point.macroF1Subfields).padStart(18)}`,
    );
  }
  const ceiling = knownCountCeiling(papers, taxonomy, folds, fit);
  console.log(
    '\nKnown-count ceiling (each paper gets as many labels as it was curated with, the top-ranked ones):' +
      `\n  macro-F1 types ${pct(ceiling.macroF1Contributions)}, subfields ${pct(ceiling.macroF1Subfields)}` +
      ` (${((performance.now() - curveStarted) / 1000).toFixed(1)} s)`,
  );
}
console.log(
  `\nmacro-F1 contribution types: ${pct(result.macroF1Contributions)} (target ${TARGET})` +
    `\nmacro-F1 subfields:          ${pct(result.macroF1Subfields)} (target ${TARGET})`,
);
if (result.macroF1Contributions < TARGET || result.macroF1Subfields < TARGET) process.exitCode = 1;
