/**
 * Opens the database a command needs: the Neo4j named by NEO4J_URI, or the project's local Neo4j — reused
 * when one already runs on the configured home (`npm run db:start`), else started for the life of this
 * process. Used by the composition roots (CLI commands, the server); the Graph it returns is migrated and
 * holds the current taxonomy nodes.
 */
import type { Config } from './config.js';
import { connectGraph, type Graph, type RetryEvent } from './graph/driver.js';
import { migrate } from './graph/migrations.js';
import { TagRepository } from './graph/tag.repository.js';
import type { Logger } from './logger.js';
import { type RunningNeo4j, readLiveState, startLocalNeo4j } from './neo4j-local/neo4j-local.js';
import { taxonomies } from './tagging/taxonomy.js';

export interface OpenDatabase {
  readonly graph: Graph;
  /** The local Neo4j this process started (and will stop), if any. */
  readonly owned: RunningNeo4j | undefined;
  close(): Promise<void>;
}

/** How often, at most, a run of retries is reported. */
const RETRY_WARNING_INTERVAL_MS = 5000;

/**
 * Warns (at most every RETRY_WARNING_INTERVAL_MS) that the database failed transiently and is being
 * retried, with the time left: a command waiting out a Neo4j restart says so instead of looking hung.
 */
function retryWarner(logger: Logger) {
  let last = 0;
  return (retry: RetryEvent) => {
    const now = Date.now();
    if (now - last < RETRY_WARNING_INTERVAL_MS) return;
    last = now;
    const detail = retry.error.message.split('\n')[0];
    logger.warn(
      `database error (${detail}); retrying, for up to ${Math.round(retry.remainingMs / 1000)} s more`,
    );
  };
}

export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { source: string; migrate?: boolean; readTimeoutMs?: number },
): Promise<OpenDatabase> {
  let owned: RunningNeo4j | undefined;
  let neo4jConfig = config.neo4j;
  if (config.neo4j.local) {
    const live = await readLiveState(config.localNeo4j.home);
    if (live) {
      logger.info(`Using the local Neo4j already running on ${live.uri} (pid ${live.pid}).`);
      neo4jConfig = { ...config.neo4j, uri: live.uri };
    } else {
      owned = await startLocalNeo4j({ ...config.localNeo4j, log: (line) => logger.info(line) });
    }
  }
  try {
    const graph = await connectGraph(neo4jConfig, {
      source: options.source,
      ...(options.readTimeoutMs ? { readTimeoutMs: options.readTimeoutMs } : {}),
      onRetry: retryWarner(logger),
    });
    if (options.migrate ?? true) {
      const result = await migrate(graph, undefined, (line) => logger.info(line));
      logger.info(
        `Graph schema at version ${result.version}${result.applied.length ? ` (applied ${result.applied.join(', ')})` : ''}.`,
      );
      // The taxonomies are data: their nodes follow the files on every start (idempotent).
      await new TagRepository(graph).syncTaxonomies(taxonomies());
    }
    return {
      graph,
      owned,
      async close() {
        await graph.close();
        if (owned) {
          logger.info('Stopping the local Neo4j …');
          await owned.stop();
        }
      },
    };
  } catch (error) {
    await owned?.stop();
    throw error;
  }
}
