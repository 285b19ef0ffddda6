import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../src/api/print-schema.js';
import { PROJECT_ROOT } from '../../src/config.js';

describe('schema.graphql', () => {
  it('should match the schema printed from the code (run `npm run schema:print` after API changes)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });
});
