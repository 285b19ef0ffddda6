/**
 * Docs cannot rot: every ```graphql operation in docs/api.md and README.md runs against the landmark
 * corpus; for docs/api.md the answer must equal the ```json block under it (`npm run docs:api` rewrites them).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { extractExamples, normalizeAnswer, sameShape } from '../../src/api/examples.js';
import { type Api, createApi } from '../../src/api/yoga.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Graph } from '../../src/graph/driver.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';

const KEY = 'docs-test-key-0123456789';
let graph: Graph;
let api: Api;

beforeAll(async () => {
  graph = await connectTestGraph('docs-test');
  await loadLandmarkCorpus(graph, loadTagger());
  api = createApi({ graph, version: 'docs', apiKey: KEY });
}, 120_000);
afterAll(async () => {
  await deletePapers(graph, { arxivIds: loadLandmarks(taxonomies()).map((p) => p.arxivId) });
  await graph.close();
});

async function run(query: string, authenticated: boolean): Promise<unknown> {
  const response = await api.fetch('http://api/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authenticated ? { authorization: `Bearer ${KEY}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return normalizeAnswer(await response.json());
}

describe('docs/api.md', () => {
  const examples = extractExamples(readFileSync(path.join(PROJECT_ROOT, 'docs', 'api.md'), 'utf8'));

  it('should have examples, each with its answer', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const example of examples) expect(example.answer, example.title).toBeDefined();
  });

  // In file order: the mutation examples set a tag and then remove it.
  it('should answer every example exactly as documented', async () => {
    for (const example of examples) {
      const answer = await run(example.query, example.authenticated);
      const documented = JSON.parse(example.answer ?? 'null');
      const hint = `${example.title}: run \`npm run docs:api\` if the change is intended`;
      if (example.shapeOnly) {
        expect((answer as { errors?: unknown }).errors, hint).toBeUndefined();
        expect(sameShape(answer, documented), `${hint}\n${JSON.stringify(answer).slice(0, 500)}`).toBe(true);
      } else expect(answer, hint).toEqual(documented);
    }
  }, 60_000);
});

describe('README.md', () => {
  it('should answer its example operations with data and no error', async () => {
    const examples = extractExamples(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const example of examples) {
      const answer = (await run(example.query, false)) as { data?: unknown; errors?: unknown };
      expect(answer.errors, example.title).toBeUndefined();
      expect(JSON.stringify(answer.data)).toMatch(/arxivId/);
    }
  });
});
