/**
 * `npm run train:tagger`: trains the tagger's model on the whole landmark corpus and writes
 * data/tagger/model.json. Deterministic: the same corpus gives the same file (a unit test checks the
 * committed model is what this script produces).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { curatedLabels, loadLandmarks, taggerInputOf } from '../src/tagging/corpus.js';
import { trainOn } from '../src/tagging/evaluation.js';
import { MODEL_FILE } from '../src/tagging/tagger.js';
import { taxonomies } from '../src/tagging/taxonomy.js';

const taxonomy = taxonomies();
const papers = loadLandmarks(taxonomy).map((p) => ({
  id: p.arxivId,
  input: taggerInputOf(p),
  labels: curatedLabels(p),
}));
const started = performance.now();
const model = trainOn(papers, taxonomy);
mkdirSync(path.dirname(MODEL_FILE), { recursive: true });
writeFileSync(MODEL_FILE, `${JSON.stringify(model)}\n`);
console.log(
  `Trained on ${papers.length} papers in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
    `${model.features.length} features, ${Object.keys(model.labels).length} labels → ${path.relative(process.cwd(), MODEL_FILE)}`,
);
