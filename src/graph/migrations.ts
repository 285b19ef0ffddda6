/**
 * Versioned, idempotent schema migrations, recorded in the graph as `(:Migration {version, name,
 * checksum, appliedAt})`. Every statement is `IF NOT EXISTS`, so two processes migrating at once, or a
 * run killed half-way, are harmless: the next run finishes the job. An applied migration must never be
 * edited (its checksum is verified); add a new version instead.
 */
import { createHash } from 'node:crypto';
import type { Graph, Statement } from './driver.js';
import { MigrationChecksumError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Schema statements (DDL); no values to parameterise. */
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'identity constraints',
    statements: [
      'CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE',
      // Paper.id is the internal key a node is created with; each external identifier is unique too.
      'CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE',
      'CREATE CONSTRAINT paper_arxiv_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.arxivId IS UNIQUE',
      'CREATE CONSTRAINT paper_doi IF NOT EXISTS FOR (p:Paper) REQUIRE p.doi IS UNIQUE',
      'CREATE CONSTRAINT paper_openreview_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.openreviewId IS UNIQUE',
      'CREATE CONSTRAINT author_key IF NOT EXISTS FOR (a:Author) REQUIRE a.key IS UNIQUE',
      'CREATE CONSTRAINT author_openreview_id IF NOT EXISTS FOR (a:Author) REQUIRE a.openreviewId IS UNIQUE',
      'CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (v:Venue) REQUIRE v.id IS UNIQUE',
      'CREATE CONSTRAINT category_id IF NOT EXISTS FOR (c:Category) REQUIRE c.id IS UNIQUE',
      'CREATE CONSTRAINT subfield_slug IF NOT EXISTS FOR (s:Subfield) REQUIRE s.slug IS UNIQUE',
      'CREATE CONSTRAINT contribution_type_slug IF NOT EXISTS FOR (t:ContributionType) REQUIRE t.slug IS UNIQUE',
      'CREATE CONSTRAINT crawl_checkpoint_id IF NOT EXISTS FOR (c:CrawlCheckpoint) REQUIRE c.id IS UNIQUE',
    ],
  },
  {
    version: 2,
    name: 'search and filter indexes',
    statements: [
      // Lucene full-text over title + abstract (search).
      'CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract]',
      // Range indexes for what filters use: year, stub state, publication date, author names.
      'CREATE INDEX paper_year IF NOT EXISTS FOR (p:Paper) ON (p.year)',
      'CREATE INDEX paper_stub IF NOT EXISTS FOR (p:Paper) ON (p.stub)',
      'CREATE INDEX paper_published_at IF NOT EXISTS FOR (p:Paper) ON (p.publishedAt)',
      'CREATE INDEX author_name_key IF NOT EXISTS FOR (a:Author) ON (a.nameKey)',
    ],
  },
  {
    version: 3,
    name: 'title key for references without identifiers',
    statements: ['CREATE INDEX paper_title_key IF NOT EXISTS FOR (p:Paper) ON (p.titleKey)'],
  },
  {
    version: 4,
    name: 'institutions for author affiliation history',
    statements: [
      'CREATE CONSTRAINT institution_domain IF NOT EXISTS FOR (i:Institution) REQUIRE i.domain IS UNIQUE',
    ],
  },
  {
    version: 5,
    name: 'search over title, abstract and summary',
    statements: [
      // The landmark papers have a summary of our own instead of an abstract: search reads all three.
      'CREATE FULLTEXT INDEX paper_search IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract, p.summary]',
      'DROP INDEX paper_text IF EXISTS',
    ],
  },
  {
    version: 6,
    name: 'papers whose ranked citer list needs a rebuild',
    statements: ['CREATE INDEX paper_ranked_stale IF NOT EXISTS FOR (p:Paper) ON (p.rankedStale)'],
  },
];

/** sha256 of a migration's statements: detects an applied migration edited afterwards. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.statements.join('\n')).digest('hex').slice(0, 16);
}

/** Checks versions are 1..n in order with no gaps, once, at module load and in a unit test. */
export function assertMigrationsOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
assertMigrationsOrdered(MIGRATIONS);

export const appliedMigrationsStatement: Statement = {
  text: 'MATCH (m:Migration) RETURN m.version AS version, m.checksum AS checksum ORDER BY version',
  params: {},
};

export function recordMigrationStatement(migration: Migration): Statement {
  return {
    text:
      'MERGE (m:Migration {version: $version}) ' +
      'ON CREATE SET m.appliedAt = datetime() ' +
      'SET m.name = $name, m.checksum = $checksum',
    params: { version: migration.version, name: migration.name, checksum: migrationChecksum(migration) },
  };
}

export interface MigrationResult {
  /** Versions applied by this run. */
  readonly applied: readonly number[];
  /** The schema version now. */
  readonly version: number;
}

/**
 * Applies pending migrations in order, then waits for indexes to come online.
 * @throws MigrationChecksumError when an applied migration differs from the code.
 */
export async function migrate(
  graph: Graph,
  migrations: readonly Migration[] = MIGRATIONS,
  log: (line: string) => void = () => {},
): Promise<MigrationResult> {
  const applied = new Map(
    (await graph.read<{ version: number; checksum: string }>(appliedMigrationsStatement)).map((row) => [
      row.version,
      row.checksum,
    ]),
  );
  const done: number[] = [];
  for (const migration of migrations) {
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== migrationChecksum(migration)) {
        throw new MigrationChecksumError(
          `Migration ${migration.version} (${migration.name}) was changed after it was applied ` +
            `(checksum ${recorded} in the graph, ${migrationChecksum(migration)} in the code). ` +
            'Never edit an applied migration: add a new one.',
        );
      }
      continue;
    }
    log(`Applying migration ${migration.version}: ${migration.name}`);
    for (const text of migration.statements) await graph.runSchema({ text, params: {} });
    await graph.write(recordMigrationStatement(migration));
    done.push(migration.version);
  }
  await graph.runSchema({ text: 'CALL db.awaitIndexes($seconds)', params: { seconds: 300 } });
  return { applied: done, version: migrations.length };
}
