/** Runs the `empirica` CLI in-process against the test Neo4j and a fixture server standing in for arXiv. */
import { inject } from 'vitest';
import { type CliIo, runCli } from '../../cli/main.js';
import type { FixtureServer } from './fixture-server.js';

/** The politeness interval the crawl tests run with (arXiv's is 3 s). */
export const TEST_INTERVAL_MS = 120;

/** Environment pointing the CLI at the test Neo4j, with logs silenced. */
export function testDatabaseEnv(): Record<string, string | undefined> {
  const neo4j = inject('neo4j');
  return {
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
    LOG_LEVEL: 'silent',
  };
}

/** Environment pointing every arXiv endpoint at `server`, and the database at the test Neo4j. */
export function crawlEnv(
  server: FixtureServer,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  return {
    ...testDatabaseEnv(),
    EMPIRICA_CONTACT_EMAIL: 'crawler-tests@example.org',
    EMPIRICA_ARXIV_API_URL: `${server.origin}/api/query`,
    EMPIRICA_ARXIV_OAI_URL: `${server.origin}/oai`,
    EMPIRICA_ARXIV_HTML_URL: `${server.origin}/html/`,
    EMPIRICA_AR5IV_HTML_URL: `${server.origin}/ar5iv/html/`,
    EMPIRICA_ARXIV_INTERVAL_MS: String(TEST_INTERVAL_MS),
    EMPIRICA_HTTP_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export interface CliRun {
  readonly code: number;
  /** The JSON summary a crawl prints last on stdout. */
  readonly summary: Record<string, number> | undefined;
  readonly err: string[];
}

export async function runCrawlCli(
  server: FixtureServer,
  argv: string[],
  extra: Record<string, string> = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env: crawlEnv(server, extra), out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli(argv, io);
  const last = out.at(-1);
  return {
    code,
    summary: last?.startsWith('{') ? (JSON.parse(last) as Record<string, number>) : undefined,
    err,
  };
}
