import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperRecordInput } from '../../src/domain/records.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import { loadTagger, readModel, Tagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';

let graph: Graph;
let scope: TestScope;
let tags: TagRepository;
const tagger = loadTagger();

beforeAll(async () => {
  graph = await connectTestGraph();
  await new TagRepository(graph).syncTaxonomies(taxonomies());
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  scope = new TestScope(graph);
  tags = new TagRepository(graph);
});
afterEach(async () => {
  await scope.cleanup();
});

// Abstracts written for these tests.
const ROBUSTNESS =
  'Adversarial perturbations that are imperceptible to humans flip the predictions of image classifiers. ' +
  'Adversarial training improves robustness to such attacks but costs clean accuracy.';
const SCALING =
  'The test loss of language models falls as a power law in model size, dataset size and compute, ' +
  'consistently across six orders of magnitude.';

function paper(n: number, abstract: string): PaperRecordInput {
  return { arxivId: scope.arxiv(n), title: `Paper ${n}`, abstract, categories: ['cs.LG'], source: 'test' };
}

const keyOf = (n: number) => `arxiv:${scope.arxiv(n)}`;

const slugs = async (n: number) => (await tags.tagsOf(keyOf(n))).map((t) => `${t.slug}@${t.source}`).sort();

describe(TagRepository.name, () => {
  it('should tag papers as they are stored, with confidence, evidence and the tagger version', async () => {
    await new PaperRepository(graph, { tagger }).upsert([paper(1, ROBUSTNESS), paper(2, SCALING)]);
    const robust = (await tags.tagsOf(keyOf(1))).find((t) => t.slug === 'ADVERSARIAL_ROBUSTNESS');
    expect(robust).toMatchObject({ kind: 'subfield', source: tagger.source, rejected: false });
    expect(robust?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(ROBUSTNESS).toContain(robust?.evidence ?? '∅');
    expect((await tags.tagsOf(keyOf(2))).map((t) => t.slug)).toContain('SCALING_LAWS');
    const [row] = await graph.read<{ version: string }>({
      text: 'MATCH (p:Paper {id: $key}) RETURN p.taggerVersion AS version',
      params: { key: keyOf(1) },
    });
    expect(row?.version).toBe(tagger.version);
  });

  it('should leave the graph unchanged when the same papers are stored and tagged twice', async () => {
    const papers = new PaperRepository(graph, { tagger });
    await papers.upsert([paper(1, ROBUSTNESS), paper(2, SCALING)]);
    const before = await tags.tagsOf(keyOf(1));
    await papers.upsert([paper(1, ROBUSTNESS), paper(2, SCALING)]);
    await tags.retag(tagger, { all: true });
    expect(await tags.tagsOf(keyOf(1))).toEqual(before);
  });

  it('should keep curator tags, assigned or rejected, through re-tagging with --all', async () => {
    await new PaperRepository(graph, { tagger }).upsert([paper(1, ROBUSTNESS)]);
    expect(await slugs(1)).toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
    await tags.curate(keyOf(1), [
      {
        kind: 'subfield',
        slug: 'ADVERSARIAL_ROBUSTNESS',
        curator: 'ada',
        reason: 'not about attacks',
        rejected: true,
      },
      { kind: 'contribution', slug: 'CONJECTURE', curator: 'ada', reason: 'proposes a hypothesis in sec. 5' },
    ]);
    await tags.retag(tagger, { all: true });
    const all = await tags.tagsOf(keyOf(1), { includeRejected: true });
    expect(all.find((t) => t.slug === 'ADVERSARIAL_ROBUSTNESS')).toMatchObject({
      source: 'curator',
      curator: 'ada',
      reason: 'not about attacks',
      rejected: true,
    });
    expect(all.find((t) => t.slug === 'CONJECTURE')).toMatchObject({
      source: 'curator',
      rejected: false,
      confidence: 1,
    });
    // A rejected label is hidden from readers.
    expect((await tags.tagsOf(keyOf(1))).map((t) => t.slug)).not.toContain('ADVERSARIAL_ROBUSTNESS');
    // Clearing the decision hands the label back to the tagger at the next re-tag of stale papers.
    await tags.clearCuration(keyOf(1), 'ADVERSARIAL_ROBUSTNESS');
    await tags.retag(tagger, { all: false });
    expect(await slugs(1)).toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
  });

  it('should re-tag with --stale only the papers another tagger version tagged', async () => {
    const old = new Tagger(readModel(), taxonomies(), '0.0.1-test');
    await new PaperRepository(graph, { tagger: old }).upsert([paper(1, ROBUSTNESS)]);
    await new PaperRepository(graph, { tagger }).upsert([paper(2, SCALING)]);
    expect(await slugs(1)).toContain('ADVERSARIAL_ROBUSTNESS@tagger@0.0.1-test');
    const seen: number[] = [];
    const result = await tags.retag(tagger, {
      all: false,
      pageSize: 1,
      onProgress: (p) => seen.push(p.done),
    });
    // Other tests' papers may be stale too; ours must be among those re-tagged, and the current one not.
    expect(result.done).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toBe(result.done);
    expect(await slugs(1)).toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
    expect(await slugs(1)).not.toContain('ADVERSARIAL_ROBUSTNESS@tagger@0.0.1-test');
    const again = await tags.retag(tagger, { all: false });
    expect(again.done).toBe(0);
  });

  it('should drop tagger tags the new text no longer supports, and never tag curated papers', async () => {
    const papers = new PaperRepository(graph, { tagger });
    await papers.upsert([paper(1, ROBUSTNESS), paper(2, ROBUSTNESS)]);
    await tags.markTagsCurated([keyOf(2)]);
    expect(await slugs(2)).toEqual([]);
    await papers.upsert([paper(1, SCALING), paper(2, SCALING)]);
    expect(await slugs(1)).not.toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
    expect(await slugs(1)).toContain(`SCALING_LAWS@${tagger.source}`);
    expect(await slugs(2)).toEqual([]);
  });

  it('should tag a paper again with the sentences in which it cites others', async () => {
    const papers = new PaperRepository(graph, { tagger });
    await papers.upsert([{ arxivId: scope.arxiv(1), title: 'A study', source: 'test' }]);
    const before = await slugs(1);
    await papers.linkCitations([
      {
        from: { arxivId: scope.arxiv(1) },
        to: { arxivId: scope.arxiv(2) },
        contexts: [ROBUSTNESS],
        source: 'test',
      },
    ]);
    const after = await slugs(1);
    expect(before).not.toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
    expect(after).toContain(`ADVERSARIAL_ROBUSTNESS@${tagger.source}`);
  });

  it('should keep curator tags and re-tag when two nodes of one work are merged', async () => {
    const papers = new PaperRepository(graph, { tagger });
    await papers.upsert([
      paper(1, SCALING),
      { openreviewId: scope.openreview(1), title: 'Paper 1', abstract: ROBUSTNESS, source: 'test' },
    ]);
    const duplicate = `openreview:${scope.openreview(1)}`;
    await tags.curate(duplicate, [
      { kind: 'contribution', slug: 'CONJECTURE', curator: 'ada', reason: 'states a hypothesis' },
    ]);
    expect(await papers.merge(duplicate, keyOf(1), 'test', 1)).toBe(true);
    const merged = await tags.tagsOf(keyOf(1));
    expect(merged.find((t) => t.slug === 'CONJECTURE')).toMatchObject({ source: 'curator', curator: 'ada' });
    expect(merged.find((t) => t.slug === 'SCALING_LAWS')).toMatchObject({ source: tagger.source });
  });

  it('should move only curator tags onto a paper whose tags are curated as a whole', async () => {
    const papers = new PaperRepository(graph, { tagger });
    await papers.upsert([
      paper(1, SCALING),
      { openreviewId: scope.openreview(1), title: 'Paper 1', abstract: ROBUSTNESS, source: 'test' },
    ]);
    await tags.markTagsCurated([keyOf(1)]);
    const duplicate = `openreview:${scope.openreview(1)}`;
    expect((await tags.tagsOf(duplicate)).length).toBeGreaterThan(0);
    await tags.curate(duplicate, [
      { kind: 'contribution', slug: 'REGULARITY', curator: 'ada', reason: 'a law' },
    ]);
    await papers.merge(duplicate, keyOf(1), 'test', 1);
    expect(await slugs(1)).toEqual(['REGULARITY@curator']);
  });
});
