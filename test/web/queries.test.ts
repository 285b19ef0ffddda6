/** Every operation the page sends is valid against the API's schema and within its limits, at the largest settings the page offers. */
import { parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LIMITS, limitsRule } from '../../src/api/limits.js';
import { schema } from '../../src/api/schema/index.js';
import {
  CITATIONS_AMONG,
  EXPORT_BATCH,
  exportNodesQuery,
  PAPER,
  pathsQuery,
  SEARCH,
  SEARCH_EXPORT,
  TAXONOMY,
  treeQuery,
} from '../../web/src/queries.js';
import { MAX_DEPTH, MAX_PATH_LENGTH, MAX_PER_HOP } from '../../web/src/route.js';

function errorsOf(query: string): string[] {
  // Parsed with the API's token limit, as the server parses.
  return validate(schema, parse(query, { maxTokens: LIMITS.maxTokens }), [...specifiedRules, limitsRule]).map(
    (e) => e.message,
  );
}

describe('the page’s GraphQL operations', () => {
  const ids = Array.from({ length: EXPORT_BATCH }, (_, i) =>
    Buffer.from(`Paper:arxiv:9901.${i}`).toString('base64'),
  );
  const operations: Record<string, string> = {
    SEARCH,
    TAXONOMY,
    PAPER,
    SEARCH_EXPORT,
    'followUps, largest': treeQuery('followUps', MAX_DEPTH, MAX_PER_HOP),
    'lineage, largest': treeQuery('lineage', MAX_DEPTH, MAX_PER_HOP),
    'citationPaths, longest': pathsQuery(MAX_PATH_LENGTH),
    'export batch': exportNodesQuery(ids),
    // A variable list counts at the largest the API takes (500 keys).
    'citationsAmong, largest': CITATIONS_AMONG,
  };

  for (const [name, query] of Object.entries(operations)) {
    it(`should validate ${name} against the schema and the API's limits`, () => {
      expect(errorsOf(query)).toEqual([]);
    });
  }
});
