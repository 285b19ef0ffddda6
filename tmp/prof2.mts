import { performance } from 'node:perf_hooks';
import { citationRecordSchema, labelCitationInput, validateRecords } from '/work/main/src/domain/records.ts';
import { planIdentities } from '/work/main/src/graph/identity.ts';

const recs = Array.from({ length: 100000 }, (_, i) => ({
  from: { arxivId: `2101.${String((i % 9999) + 1).padStart(5, '0')}` },
  to: { arxivId: `2001.${String(((i * 7) % 9999) + 1).padStart(5, '0')}` },
  contexts: [`Paper ${i} builds on the measurements of paper [3].`],
  source: 'bench',
}));
let t = performance.now();
const v = validateRecords(citationRecordSchema, recs, labelCitationInput);
console.log('validate 100k citations', (performance.now() - t).toFixed(0), 'ms');
const refs = v.valid.flatMap(({ record }) => [record.from, record.to]);
const known = [...new Set(refs.map((r) => r.arxivId))].map((a) => ({
  key: 'arxiv:' + a,
  arxivId: a,
  doi: null,
  openreviewId: null,
}));
t = performance.now();
planIdentities(refs, known);
console.log('plan 200k refs', (performance.now() - t).toFixed(0), 'ms');
