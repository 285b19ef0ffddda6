import { defineConfig } from 'vitest/config';

/**
 * Three tiers, and the file name says which: `*.test.ts` are unit tests (pure code, and the Cypher
 * snapshots of test/graph/*.cypher.test.ts), `*.int.test.ts` run against a real Neo4j — the one named by
 * NEO4J_URI, else the local one the global setup starts and stops. `test/chaos/*.chaos.test.ts` is the
 * reliability suite (faults, kills, hostile input, load; minutes long): only `npm run test:chaos` runs it.
 */
export default defineConfig({
  // graphql 16 ships CJS (index.js) and ESM (index.mjs); Node loads the CJS one for Pothos and yoga, so the
  // tests must too, or two copies of graphql meet ("Cannot use GraphQLScalarType from another realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/chaos/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          exclude: ['test/chaos/**'],
          globalSetup: ['test/helpers/neo4j.global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.chaos.test.ts'],
          globalSetup: ['test/helpers/neo4j.global-setup.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
