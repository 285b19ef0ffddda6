/** The committed model (data/tagger/model.json) must be what `npm run train:tagger` makes of the corpus. */
import { describe, expect, it } from 'vitest';
import { curatedLabels, loadLandmarks, taggerInputOf } from '../../src/tagging/corpus.js';
import { trainOn } from '../../src/tagging/evaluation.js';
import { readModel } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

describe('data/tagger/model.json', () => {
  it('should equal a fresh training run on the landmark corpus (run `npm run train:tagger` if not)', () => {
    const taxonomy = taxonomies();
    const papers = loadLandmarks(taxonomy).map((p) => ({
      id: p.arxivId,
      input: taggerInputOf(p),
      labels: curatedLabels(p),
    }));
    const fresh = JSON.parse(JSON.stringify(trainOn(papers, taxonomy)));
    expect(readModel()).toEqual(fresh);
  }, 30_000);
});
