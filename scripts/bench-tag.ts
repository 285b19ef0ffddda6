/**
 * `npm run bench:tag`: tagging throughput on one core. Tags every landmark paper, plus synthetic papers
 * with long LaTeX-laden abstracts, repeatedly for a fixed time after a warm-up, and prints papers/s.
 */
import { loadLandmarks, taggerInputOf } from '../src/tagging/corpus.js';
import { loadTagger } from '../src/tagging/tagger.js';
import { taxonomies } from '../src/tagging/taxonomy.js';

const loadStarted = performance.now();
const tagger = loadTagger();
const loadMs = performance.now() - loadStarted;
const landmarks = loadLandmarks(taxonomies()).map(taggerInputOf);
// Real abstracts run 150–300 words; the summaries are shorter, so also time abstract-length inputs made
// by joining three summaries, with inline math.
const long = landmarks.map((p, i) => ({
  title: p.title,
  abstract: [
    p.abstract,
    landmarks[(i + 1) % landmarks.length]?.abstract,
    '$\\ell_2$ norm, $O(n^{2})$ steps.',
    landmarks[(i + 2) % landmarks.length]?.abstract,
  ].join(' '),
  categories: p.categories,
}));

function run(
  inputs: typeof landmarks,
  seconds: number,
): { papers: number; perSecond: number; words: number } {
  let papers = 0;
  let words = 0;
  const wordsPer = inputs.map((p) => `${p.title} ${p.abstract}`.split(/\s+/).length);
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    inputs.forEach((input, i) => {
      tagger.tag(input);
      words += wordsPer[i] ?? 0;
    });
    papers += inputs.length;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { papers, perSecond: papers / elapsed, words: words / papers };
}

run(landmarks, 1); // warm-up
console.log(
  `Tagger ${tagger.version}: model loaded in ${loadMs.toFixed(0)} ms (one core, Node ${process.version}).`,
);
for (const [name, inputs] of [
  ['landmark summaries', landmarks],
  ['abstract-length inputs', long],
] as const) {
  const r = run(inputs, 5);
  console.log(
    `${name.padEnd(24)} ${r.papers} papers in 5 s → ${Math.round(r.perSecond)} papers/s (mean ${Math.round(r.words)} words)`,
  );
}
