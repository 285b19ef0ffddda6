import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { LANDMARK_CURATOR } from '../../ingest/landmarks.js';
import type { Graph } from '../../src/graph/driver.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';

let graph: Graph;
const landmarks = loadLandmarks(taxonomies());
const arxivIds = landmarks.map((p) => p.arxivId);

async function corpusCounts() {
  const [row] = await graph.read<{ papers: number; cites: number; tags: number; authors: number }>({
    text: `MATCH (p:Paper) WHERE p.arxivId IN $ids
CALL (p) { OPTIONAL MATCH (p)-[c:CITES]->(q:Paper) WHERE q.arxivId IN $ids RETURN count(c) AS cites }
CALL (p) { OPTIONAL MATCH (p)-[t:IN_SUBFIELD|HAS_CONTRIBUTION]->() RETURN count(t) AS tags }
CALL (p) { OPTIONAL MATCH (p)<-[a:AUTHORED]-() RETURN count(a) AS authors }
RETURN count(p) AS papers, sum(cites) AS cites, sum(tags) AS tags, sum(authors) AS authors`,
    params: { ids: arxivIds },
  });
  return row;
}

beforeAll(async () => {
  graph = await connectTestGraph();
  await new TagRepository(graph).syncTaxonomies(taxonomies());
  await deletePapers(graph, { arxivIds });
});
afterAll(async () => {
  await deletePapers(graph, { arxivIds });
  await graph.close();
});

describe('loading the landmark corpus', () => {
  it('should store every paper, citation link and curated tag, and change nothing when loaded again', async () => {
    const first = await loadLandmarkCorpus(graph, loadTagger());
    expect(first.papers).toBe(landmarks.length);
    const expected = {
      papers: landmarks.length,
      cites: landmarks.reduce((n, p) => n + p.cites.length, 0),
      tags: landmarks.reduce((n, p) => n + p.tags.contributions.length + p.tags.subfields.length, 0),
      authors: landmarks.reduce((n, p) => n + p.authors.length, 0),
    };
    expect(await corpusCounts()).toEqual(expected);
    await loadLandmarkCorpus(graph, loadTagger());
    expect(await corpusCounts()).toEqual(expected);
  }, 120_000);

  it('should store the curated tags as curator tags that re-tagging leaves alone', async () => {
    const tags = new TagRepository(graph);
    const zhang = await tags.tagsOf('arxiv:1611.03530');
    const curated = landmarks.find((p) => p.arxivId === '1611.03530');
    expect(zhang.map((t) => t.slug).sort()).toEqual(
      [
        ...(curated?.tags.contributions.map((c) => c.type) ?? []),
        ...(curated?.tags.subfields.map((s) => s.subfield) ?? []),
      ].sort(),
    );
    for (const t of zhang) expect(t).toMatchObject({ source: 'curator', curator: LANDMARK_CURATOR });
    await tags.retag(loadTagger(), { all: true });
    expect(await tags.tagsOf('arxiv:1611.03530')).toEqual(zhang);
  }, 120_000);
});
