import { describe, expect, it } from 'vitest';
import { assertMigrationsOrdered, MIGRATIONS, migrationChecksum } from '../../src/graph/migrations.js';

describe('MIGRATIONS', () => {
  it('should be numbered 1..n without gaps', () => {
    expect(() => assertMigrationsOrdered(MIGRATIONS)).not.toThrow();
    expect(() => assertMigrationsOrdered([MIGRATIONS[1] as (typeof MIGRATIONS)[number]])).toThrow(
      /expected 1/,
    );
  });

  it('should only hold idempotent statements', () => {
    for (const statement of MIGRATIONS.flatMap((m) => m.statements)) {
      expect(statement).toMatch(
        /^(CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) \w+ IF NOT EXISTS |DROP INDEX \w+ IF EXISTS$)/,
      );
    }
  });

  it('should give each identifier a uniqueness constraint and title + abstract + summary a full-text index', () => {
    const all = MIGRATIONS.flatMap((m) => m.statements).join('\n');
    for (const property of ['p.id', 'p.arxivId', 'p.doi', 'p.openreviewId', 'a.key', 'v.id']) {
      expect(all).toContain(`REQUIRE ${property} IS UNIQUE`);
    }
    expect(all).toContain(
      'CREATE FULLTEXT INDEX paper_search IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract, p.summary]',
    );
  });

  it('should checksum the statements, so that an edit is noticed', () => {
    const first = MIGRATIONS[0] as (typeof MIGRATIONS)[number];
    expect(migrationChecksum(first)).toMatch(/^[0-9a-f]{16}$/);
    expect(migrationChecksum({ ...first, statements: [...first.statements, 'x'] })).not.toBe(
      migrationChecksum(first),
    );
  });
});
