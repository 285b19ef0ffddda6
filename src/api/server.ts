/**
 * Listens on EMPIRICA_HOST:EMPIRICA_PORT and shuts down cleanly on SIGTERM/SIGINT: stops accepting,
 * closes the driver, and stops the local Neo4j if this process started it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { openDatabase } from '../database.js';
import type { Graph } from '../graph/driver.js';
import type { Logger } from '../logger.js';
import { createApi } from './yoga.js';

/** Server-side timeout of every API read (a transaction longer than this is stopped by Neo4j). */
export const API_READ_TIMEOUT_MS = 20_000;

/** Largest request body accepted: a GraphQL document is at most 2,000 tokens; variables hold ≤ 100 ids. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refuses a request whose body is over MAX_BODY_BYTES (413), or that has a body of unknown length (411:
 * a chunked body could not be bounded before the GraphQL server reads it whole); passes the rest on.
 */
export function limitBodies(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const declared = req.headers['content-length'];
    const refuse = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
      // The body is read and dropped (bounded by the server's request timeout), so the client can finish
      // sending and read the answer instead of failing on a closed connection.
      req.resume();
    };
    if (declared !== undefined && Number(declared) > MAX_BODY_BYTES)
      return refuse(413, `The request body is over ${MAX_BODY_BYTES} bytes.`);
    if (declared === undefined && req.headers['transfer-encoding'] !== undefined)
      return refuse(411, 'Send the request body with a Content-Length.');
    handler(req, res);
  };
}

export interface ServeOptions {
  /** Runs on the open database before the server listens (the CLI loads demo data into an empty one). */
  readonly prepare?: ((graph: Graph) => Promise<void>) | undefined;
}

export async function serve(
  config: Config,
  logger: Logger,
  version: string,
  options: ServeOptions = {},
): Promise<void> {
  // Every API read runs with a server-side timeout: no request can keep Neo4j busy for long.
  const database = await openDatabase(config, logger, { source: 'api', readTimeoutMs: API_READ_TIMEOUT_MS });
  try {
    await options.prepare?.(database.graph);
  } catch (error) {
    await database.close();
    throw error;
  }
  const api = createApi({
    graph: database.graph,
    logger,
    version,
    apiKey: config.api.apiKey,
    corsOrigins: config.api.corsOrigins,
  });
  const server = createServer(limitBodies(api));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.api.port, config.api.host, () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    await database.close();
    throw error.code === 'EADDRINUSE'
      ? new Error(
          `Port ${config.api.port} on ${config.api.host} is in use; choose another with EMPIRICA_PORT.`,
        )
      : error;
  });
  const base = `http://${config.api.host}:${config.api.port}`;
  logger.info(
    `Empirica ${version} listening: web page ${base}/, GraphQL ${base}/graphql, health ${base}/health, readiness ${base}/ready`,
  );

  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received, shutting down …`);
      server.closeIdleConnections();
      server.close(() => {
        database
          .close()
          .catch((error: unknown) => logger.error({ err: error }, 'error while closing the database'))
          .finally(resolve);
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  logger.info('Stopped.');
}
