/**
 * Driver errors translated at the graph boundary (the only place that knows neo4j-driver). Callers see
 * domain errors with a message a user can act on; the driver's error stays available as `cause`.
 */
import { isRetryableError, Neo4jError } from 'neo4j-driver';

export class GraphError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The database cannot be reached (down, wrong address, network) or did not answer in time. */
export class DatabaseUnavailableError extends GraphError {
  constructor(
    readonly uri: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `Neo4j at ${uri} is unreachable: ${detail}. Is it running? Without NEO4J_URI the project uses its ` +
        'local Neo4j (`npm run db:start`); with NEO4J_URI, check the address and that the server is up.',
      options,
    );
  }
}

/** The server refused our credentials. */
export class DatabaseAuthError extends GraphError {}

/** A uniqueness constraint refused a write: two nodes would share one identifier. */
export class DuplicateIdentifierError extends GraphError {}

/** An applied migration's statements were edited afterwards: the schema and the code disagree. */
export class MigrationChecksumError extends GraphError {}

/**
 * A connection that broke while it was being opened. The driver reports a reset between the Bolt handshake
 * and the end of the login as a `ProtocolError` carrying the socket's message (bolt-protocol-v1
 * `_onLoginError`), and does not retry it; it is a network failure like any other.
 */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    error.code === 'ProtocolError' &&
    /^(Failed to connect to server|Connection was closed by server|Connection lost)/.test(error.message)
  );
}

/**
 * True for errors worth retrying (deadlocks, leader switches, dropped connections, a database restarting).
 * `isRetryableError`, not the deprecated `isRetriableError`: in neo4j-driver 6 the latter is exported
 * unbound and calls `this.isRetryable`, so it throws on every error (no read was ever retried).
 */
export function isTransient(error: unknown): boolean {
  return isRetryableError(error) || isConnectionFailure(error);
}

/** Maps a driver error to a domain error; anything unknown is wrapped as GraphError with its cause. */
export function translateError(error: unknown, uri: string): Error {
  if (error instanceof GraphError) return error;
  if (error instanceof Neo4jError) {
    if (
      error.code === 'ServiceUnavailable' ||
      error.code === 'SessionExpired' ||
      isConnectionFailure(error)
    ) {
      return new DatabaseUnavailableError(uri, error.message.split('\n')[0] ?? error.code, { cause: error });
    }
    if (error.code === 'Neo.ClientError.Security.Unauthorized') {
      return new DatabaseAuthError(
        `Neo4j at ${uri} refused the credentials (check NEO4J_USERNAME / NEO4J_PASSWORD).`,
        { cause: error },
      );
    }
    if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new DuplicateIdentifierError(`A write would duplicate a unique identifier: ${error.message}`, {
        cause: error,
      });
    }
    return new GraphError(`Neo4j error ${error.code}: ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new GraphError(String(error));
}
