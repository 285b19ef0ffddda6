/**
 * The one place a neo4j-driver Driver is created. A composition root (CLI, server, tests) calls
 * `connectGraph` once and hands the resulting `Graph` to repositories; every query names the database and
 * carries transaction metadata `{ app, source }` so it is identifiable in Neo4j's query log.
 */
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type RecordShape,
  type RoutingControl,
} from 'neo4j-driver';
import type { Config } from '../config.js';
import { withDeadline } from '../deadline.js';
import { DatabaseAuthError, DatabaseUnavailableError, isTransient, translateError } from './errors.js';

/**
 * Tries of an interactive read (a graph with a read timeout: the API) before a transient error (dropped
 * connection, leader switch) is reported: a request fails fast instead of waiting for the database.
 */
const READ_ATTEMPTS = 3;
/** First pause between two tries of our own retries; it doubles up to MAX_RETRY_DELAY_MS. */
/**
 * How much longer than its server-side timeout an interactive read may take before the client gives up on
 * it: a connection that stalls without closing (a network black hole) would otherwise hold the request for
 * ever, since Neo4j's transaction timeout cannot reach a client that no longer hears it.
 */
export const READ_DEADLINE_MARGIN_MS = 5000;
const RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 1000;
/**
 * Default retry budgets (NEO4J_MAX_RETRY_TIME_MS overrides both): an interactive graph (the API) gives up
 * after 15 s so requests fail rather than pile up; a batch graph (crawls, ingest, import, tag, rank) waits up
 * to 2 minutes, long enough for a Neo4j restart, and says so through `onRetry`.
 */
export const INTERACTIVE_RETRY_TIME_MS = 15_000;
export const BATCH_RETRY_TIME_MS = 120_000;

/** A parameterised Cypher statement: text with `$params`, never interpolated values. */
export interface Statement {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

export interface GraphOptions {
  /** Who is querying, recorded in transaction metadata (`api`, `ingest:arxiv`, `cli`, …). */
  readonly source?: string;
  /** How long a failing unit of work is retried on transient errors (default: the config's). */
  readonly maxRetryTimeMs?: number;
  /** Server-side timeout of each read transaction (the API sets one, so no query runs unbounded). */
  readonly readTimeoutMs?: number;
  /** Told of each retry after a transient error (e.g. to warn that the database is away). */
  readonly onRetry?: (retry: RetryEvent) => void;
}

export interface RetryEvent {
  readonly error: Error;
  /** The try that failed (1 = the first). */
  readonly attempt: number;
  readonly delayMs: number;
  /** Time left of the retry budget. */
  readonly remainingMs: number;
}

/** A connected database: the driver, the database name and helpers that translate errors. */
export class Graph {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly uri: string,
    private readonly source = 'empirica',
    private readonly readTimeoutMs: number | undefined = undefined,
    private readonly maxRetryTimeMs = INTERACTIVE_RETRY_TIME_MS,
    private readonly onRetry?: (retry: RetryEvent) => void,
  ) {}

  private get metadata() {
    return { app: 'empirica', source: this.source };
  }

  /**
   * Runs one read statement and maps its records to plain objects. An auto-commit transaction: one round
   * trip instead of a managed transaction's two (half the latency of a small read), retried here on
   * transient errors (a read is safe to repeat), and chained to the writes through the driver's bookmarks.
   * An interactive graph (one with a read timeout: the API) tries READ_ATTEMPTS times and fails fast; a
   * batch graph (CLI commands, crawls) retries for up to maxRetryTimeMs, like its writes, so a dropped
   * connection or a restarting database does not end an ingest that its writes would have ridden out.
   */
  async read<T extends RecordShape>(statement: Statement): Promise<T[]> {
    return await this.retrying(
      async () => {
        const session = this.driver.session({
          database: this.database,
          defaultAccessMode: neo4j.session.READ,
          bookmarkManager: this.driver.executeQueryBookmarkManager,
        });
        let stalled = false;
        try {
          const run = session.run(statement.text, statement.params, {
            metadata: this.metadata,
            ...(this.readTimeoutMs ? { timeout: this.readTimeoutMs } : {}),
          });
          const result = this.readTimeoutMs
            ? await withDeadline(run, this.readTimeoutMs + READ_DEADLINE_MARGIN_MS, () => {
                stalled = true;
                return new DatabaseUnavailableError(
                  this.uri,
                  `no answer within ${this.readTimeoutMs} ms + ${READ_DEADLINE_MARGIN_MS} ms (a stalled connection)`,
                );
              })
            : await run;
          return result.records.map((record) => record.toObject() as T);
        } finally {
          // Closing a session whose connection stalled would wait on it too: let it go in the background.
          if (stalled) void session.close().catch(() => {});
          else await session.close();
        }
      },
      this.readTimeoutMs ? READ_ATTEMPTS : Number.POSITIVE_INFINITY,
    );
  }

  /** Runs one write statement in its own transaction (retried on transient errors). */
  async write<T extends RecordShape>(statement: Statement): Promise<T[]> {
    return await this.execute<T>(statement, neo4j.routing.WRITE);
  }

  private async execute<T extends RecordShape>(statement: Statement, routing: RoutingControl): Promise<T[]> {
    return await this.retrying(async () => {
      const result = await this.driver.executeQuery(statement.text, statement.params, {
        database: this.database,
        routing,
        transactionConfig: {
          metadata: this.metadata,
          ...(routing === neo4j.routing.READ && this.readTimeoutMs ? { timeout: this.readTimeoutMs } : {}),
        },
      });
      return result.records.map((record) => record.toObject() as T);
    });
  }

  /**
   * Runs a unit of work of several statements in one managed write transaction. `work` may be retried
   * on transient errors, so it must do nothing but database work.
   */
  async writeTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    return await this.retrying(async () => {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.WRITE,
      });
      try {
        return await session.executeWrite((tx) => work(new TransactionRunner(tx)), {
          metadata: this.metadata,
        });
      } finally {
        await session.close();
      }
    });
  }

  /**
   * Runs `attempt` again on transient errors (isTransient: dropped connections, a connection reset during
   * login, a database restarting, deadlocks) until `maxRetryTimeMs` has passed since the first try, or
   * after `attempts` tries, pausing 100 ms, 200 ms, … up to 1 s in between; errors leave translated. As
   * with the driver's own retries, a unit whose commit went through but whose answer was lost runs again:
   * writes must be idempotent (the repositories' MERGE on keys and re-read what they need).
   */
  private async retrying<T>(attempt: () => Promise<T>, attempts = Number.POSITIVE_INFINITY): Promise<T> {
    const deadline = Date.now() + this.maxRetryTimeMs;
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const pause = Math.min(RETRY_DELAY_MS * 2 ** (tries - 1), MAX_RETRY_DELAY_MS);
        if (tries >= attempts || Date.now() + pause > deadline || !isTransient(error)) {
          throw translateError(error, this.uri);
        }
        this.onRetry?.({
          error: error instanceof Error ? error : new Error(String(error)),
          attempt: tries,
          delayMs: pause,
          remainingMs: Math.max(0, deadline - Date.now()),
        });
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** Runs a schema statement (DDL) in an auto-commit transaction of its own, as Neo4j requires. */
  async runSchema(statement: Statement): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      await session.run(statement.text, statement.params, { metadata: this.metadata });
    } catch (error) {
      throw translateError(error, this.uri);
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** The statements of one transaction; maps records to plain objects. */
export class TransactionRunner {
  constructor(private readonly tx: ManagedTransaction) {}

  async run<T extends RecordShape = RecordShape>(statement: Statement): Promise<T[]> {
    const result = await this.tx.run(statement.text, statement.params);
    return result.records.map((record) => record.toObject() as T);
  }
}

/**
 * Creates the driver: plain JS numbers for integers, bounded connect times. Retries are Graph's (see
 * `Graph.retrying`): the driver's own backoff (1 s, 2 s, 4 s, … from the first failure) gives a unit of
 * work only 4–5 tries in 15 s, too few on a connection that keeps breaking, and waits up to half the budget
 * after the database is back. With a budget of 0 the driver tries a managed transaction at most twice.
 */
export function createDriver(config: Config['neo4j']): Driver {
  const auth = config.password === undefined ? undefined : neo4j.auth.basic(config.username, config.password);
  return neo4j.driver(config.uri, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: config.connectTimeoutMs,
    connectionAcquisitionTimeout: config.connectTimeoutMs * 2,
    maxTransactionRetryTime: 0,
    maxConnectionPoolSize: 50,
    userAgent: 'empirica/0.1',
  });
}

/**
 * Connects and proves the database answers, within `config.connectTimeoutMs` (plus a small margin)
 * whatever the failure: refused connections, a server that accepts but never speaks Bolt, DNS.
 * @throws DatabaseUnavailableError naming the URI, in seconds rather than a hang.
 */
export async function connectGraph(config: Config['neo4j'], options: GraphOptions = {}): Promise<Graph> {
  const driver = createDriver(config);
  const timeoutMs = config.connectTimeoutMs + 1000;
  try {
    await withDeadline(
      driver.verifyConnectivity({ database: config.database }),
      timeoutMs,
      () => new DatabaseUnavailableError(config.uri, `no answer within ${timeoutMs} ms`),
    );
  } catch (error) {
    // Do not wait for a hung socket to close: the caller needs the error now.
    void driver.close().catch(() => {});
    const translated = translateError(error, config.uri);
    if (translated instanceof DatabaseUnavailableError || translated instanceof DatabaseAuthError)
      throw translated;
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error';
    throw new DatabaseUnavailableError(config.uri, detail, { cause: error });
  }
  return new Graph(
    driver,
    config.database,
    config.uri,
    options.source,
    options.readTimeoutMs,
    options.maxRetryTimeMs ??
      config.maxRetryTimeMs ??
      (options.readTimeoutMs ? INTERACTIVE_RETRY_TIME_MS : BATCH_RETRY_TIME_MS),
    options.onRetry,
  );
}
