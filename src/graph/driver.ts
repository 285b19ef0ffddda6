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
import { DatabaseAuthError, DatabaseUnavailableError, isTransient, translateError } from './errors.js';

/** Tries of a read before a transient error (dropped connection, leader switch) is reported. */
const READ_ATTEMPTS = 3;

/** A parameterised Cypher statement: text with `$params`, never interpolated values. */
export interface Statement {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

export interface GraphOptions {
  /** Who is querying, recorded in transaction metadata (`api`, `ingest:arxiv`, `cli`, …). */
  readonly source?: string;
  /** How long a failing unit of work is retried on transient errors. */
  readonly maxRetryTimeMs?: number;
  /** Server-side timeout of each read transaction (the API sets one, so no query runs unbounded). */
  readonly readTimeoutMs?: number;
}

/** A connected database: the driver, the database name and helpers that translate errors. */
export class Graph {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly uri: string,
    private readonly source = 'empirica',
    private readonly readTimeoutMs: number | undefined = undefined,
  ) {}

  private get metadata() {
    return { app: 'empirica', source: this.source };
  }

  /**
   * Runs one read statement and maps its records to plain objects. An auto-commit transaction: one round
   * trip instead of a managed transaction's two (half the latency of a small read), retried here on
   * transient errors (a read is safe to repeat), and chained to the writes through the driver's bookmarks.
   */
  async read<T extends RecordShape>(statement: Statement): Promise<T[]> {
    for (let attempt = 1; ; attempt++) {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.READ,
        bookmarkManager: this.driver.executeQueryBookmarkManager,
      });
      try {
        const result = await session.run(statement.text, statement.params, {
          metadata: this.metadata,
          ...(this.readTimeoutMs ? { timeout: this.readTimeoutMs } : {}),
        });
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        if (attempt < READ_ATTEMPTS && isTransient(error)) {
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
          continue;
        }
        throw translateError(error, this.uri);
      } finally {
        await session.close();
      }
    }
  }

  /** Runs one write statement in its own transaction (retried on transient errors). */
  async write<T extends RecordShape>(statement: Statement): Promise<T[]> {
    return await this.execute<T>(statement, neo4j.routing.WRITE);
  }

  private async execute<T extends RecordShape>(statement: Statement, routing: RoutingControl): Promise<T[]> {
    try {
      const result = await this.driver.executeQuery(statement.text, statement.params, {
        database: this.database,
        routing,
        transactionConfig: {
          metadata: this.metadata,
          ...(routing === neo4j.routing.READ && this.readTimeoutMs ? { timeout: this.readTimeoutMs } : {}),
        },
      });
      return result.records.map((record) => record.toObject() as T);
    } catch (error) {
      throw translateError(error, this.uri);
    }
  }

  /**
   * Runs a unit of work of several statements in one managed write transaction. `work` may be retried
   * on transient errors, so it must do nothing but database work.
   */
  async writeTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) => work(new TransactionRunner(tx)), {
        metadata: this.metadata,
      });
    } catch (error) {
      throw translateError(error, this.uri);
    } finally {
      await session.close();
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

/** Creates the driver: plain JS numbers for integers, bounded connect and retry times. */
export function createDriver(config: Config['neo4j'], options: GraphOptions = {}): Driver {
  const auth = config.password === undefined ? undefined : neo4j.auth.basic(config.username, config.password);
  return neo4j.driver(config.uri, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: config.connectTimeoutMs,
    connectionAcquisitionTimeout: config.connectTimeoutMs * 2,
    maxTransactionRetryTime: options.maxRetryTimeMs ?? 15_000,
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
  const driver = createDriver(config, options);
  const timeoutMs = config.connectTimeoutMs + 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(config.uri, `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([driver.verifyConnectivity({ database: config.database }), timeout]);
  } catch (error) {
    // Do not wait for a hung socket to close: the caller needs the error now.
    void driver.close().catch(() => {});
    const translated = translateError(error, config.uri);
    if (translated instanceof DatabaseUnavailableError || translated instanceof DatabaseAuthError)
      throw translated;
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error';
    throw new DatabaseUnavailableError(config.uri, detail, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return new Graph(driver, config.database, config.uri, options.source, options.readTimeoutMs);
}
