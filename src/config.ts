/**
 * The project's configuration: one zod schema over the environment, read once at a composition root
 * (`src/cli/main.ts`, the test setup, the benchmark) and passed down. Nothing else reads `process.env`.
 *
 * Every field names its environment variable; README.md lists them all. An invalid environment is
 * reported as ONE error that lists every bad variable, so a user fixes them all in one go.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project's root folder (where package.json lives), from src/ in a checkout or dist/src/ when compiled. */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

const MEMORY_SIZE = /^(\d+)([kmg])$/i;

/** Parses a JVM-style size (`512m`, `1g`) to bytes; `undefined` when the text is not one. */
export function parseMemorySize(text: string): number | undefined {
  const match = MEMORY_SIZE.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'm').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : 1024 ** 3;
  return Number(match[1]) * factor;
}

const memorySize = z
  .string()
  .trim()
  .refine((v) => parseMemorySize(v) !== undefined && (parseMemorySize(v) ?? 0) > 0, {
    message: 'expected a size such as 512m or 1g',
  });

const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** Together the local Neo4j's heap and page cache stay at or under this by default (issue: foundation). */
export const DEFAULT_MEMORY_BUDGET = 1.5 * 1024 ** 3;

const envSchema = z
  .object({
    /** NEO4J_URI: Bolt or routing URI of an external Neo4j; unset = the project's own local Neo4j. */
    NEO4J_URI: z
      .string()
      .trim()
      .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s]+$/, 'expected bolt://, neo4j://, neo4j+s:// … URI')
      .optional(),
    /** NEO4J_USERNAME: user for an external Neo4j (the local one runs without auth). */
    NEO4J_USERNAME: z.string().trim().min(1).default('neo4j'),
    /** NEO4J_PASSWORD: password for an external Neo4j; never logged. */
    NEO4J_PASSWORD: z.string().optional(),
    /** NEO4J_DATABASE: database name every query names explicitly. */
    NEO4J_DATABASE: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9.-]{2,62}$/, 'expected a Neo4j database name such as neo4j')
      .default('neo4j'),
    /** NEO4J_CONNECT_TIMEOUT_MS: how long to wait for an unreachable database before reporting it. */
    NEO4J_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    /**
     * NEO4J_MAX_RETRY_TIME_MS: how long a unit of work is retried on transient errors (dropped connection,
     * database restarting) before it fails. Unset: 15 s for the API server, 120 s for batch commands
     * (crawls, ingest, import, tag, rank), so they ride out a Neo4j restart.
     */
    NEO4J_MAX_RETRY_TIME_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
    /** EMPIRICA_NEO4J_PORT: Bolt port of the local Neo4j, bound to 127.0.0.1 only. */
    EMPIRICA_NEO4J_PORT: port.default(7687),
    /** EMPIRICA_NEO4J_HOME: the local Neo4j's folder (conf, data, logs); git-ignored default inside the project. */
    EMPIRICA_NEO4J_HOME: z
      .string()
      .trim()
      .min(1)
      .default(path.join(PROJECT_ROOT, '.data', 'neo4j')),
    /** EMPIRICA_NEO4J_HEAP: JVM heap of the local Neo4j (-Xms = -Xmx). */
    EMPIRICA_NEO4J_HEAP: memorySize.default('768m'),
    /** EMPIRICA_NEO4J_PAGECACHE: page cache of the local Neo4j. */
    EMPIRICA_NEO4J_PAGECACHE: memorySize.default('512m'),
    /** EMPIRICA_NEO4J_START_TIMEOUT_S: how long the local Neo4j may take to become ready. */
    EMPIRICA_NEO4J_START_TIMEOUT_S: z.coerce.number().int().min(5).max(900).default(180),
    /** JAVA_HOME: the JDK that runs the local Neo4j (5.26 needs Java 17 or 21); else `java` on PATH. */
    JAVA_HOME: z.string().trim().min(1).optional(),
    /** EMPIRICA_HOST: interface the API listens on. */
    EMPIRICA_HOST: z.string().trim().min(1).default('127.0.0.1'),
    /** EMPIRICA_PORT: port the API listens on. */
    EMPIRICA_PORT: port.default(4000),
    /** EMPIRICA_API_KEY: bearer token the API's mutations require; unset = mutations refused. Never logged. */
    EMPIRICA_API_KEY: z.string().trim().min(16, 'use at least 16 characters').optional(),
    /** EMPIRICA_CORS_ORIGINS: origins allowed to call the API from a browser, comma-separated; `*` = any. */
    EMPIRICA_CORS_ORIGINS: z.string().trim().default('*'),
    /** EMPIRICA_LOAD_LANDMARKS: `serve` loads the bundled landmark corpus into an empty database. */
    EMPIRICA_LOAD_LANDMARKS: z.enum(['true', 'false']).default('true'),
    /** EMPIRICA_CONTACT_EMAIL: contact address sent in the crawlers' User-Agent; required for crawls. */
    EMPIRICA_CONTACT_EMAIL: z.email('expected an e-mail address').optional(),
    /** EMPIRICA_HTTP_CACHE_DIR: on-disk cache of fetched pages, so a re-run refetches nothing; unset = off. */
    EMPIRICA_HTTP_CACHE_DIR: z.string().trim().min(1).optional(),
    /** EMPIRICA_HTTP_TIMEOUT_MS: timeout of one request (headers and body). */
    EMPIRICA_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
    /** EMPIRICA_ARXIV_INTERVAL_MS: gap between two requests to one arXiv host (arXiv asks for 3 s). */
    EMPIRICA_ARXIV_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
    /** EMPIRICA_ARXIV_API_URL: the arXiv search API (Atom). */
    EMPIRICA_ARXIV_API_URL: httpUrl.default('https://export.arxiv.org/api/query'),
    /** EMPIRICA_ARXIV_OAI_URL: arXiv's OAI-PMH endpoint. */
    EMPIRICA_ARXIV_OAI_URL: httpUrl.default('https://oaipmh.arxiv.org/oai'),
    /** EMPIRICA_ARXIV_HTML_URL: arXiv's HTML full text; the paper id is appended. */
    EMPIRICA_ARXIV_HTML_URL: httpUrl.default('https://arxiv.org/html/'),
    /** EMPIRICA_AR5IV_HTML_URL: ar5iv, the HTML fallback for older papers; the paper id is appended. */
    EMPIRICA_AR5IV_HTML_URL: httpUrl.default('https://ar5iv.labs.arxiv.org/html/'),
    /** OPENREVIEW_USERNAME: OpenReview login (e-mail); anonymous reads are refused since 2026. */
    OPENREVIEW_USERNAME: z.string().trim().min(1).optional(),
    /** OPENREVIEW_PASSWORD: OpenReview password; never logged. */
    OPENREVIEW_PASSWORD: z.string().min(1).optional(),
    /** EMPIRICA_OPENREVIEW_URL: OpenReview API v2. */
    EMPIRICA_OPENREVIEW_URL: httpUrl.default('https://api2.openreview.net'),
    /** EMPIRICA_OPENREVIEW_INTERVAL_MS: gap between two OpenReview requests. */
    EMPIRICA_OPENREVIEW_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    /** LOG_LEVEL: pino level for the service and the CLI (logs go to stderr). */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    const heap = parseMemorySize(env.EMPIRICA_NEO4J_HEAP) ?? 0;
    const cache = parseMemorySize(env.EMPIRICA_NEO4J_PAGECACHE) ?? 0;
    if (heap > 0 && heap < 256 * 1024 ** 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMPIRICA_NEO4J_HEAP'],
        message: 'Neo4j needs at least 256m of heap',
      });
    }
    if (cache > 0 && cache < 16 * 1024 ** 2) {
      ctx.addIssue({ code: 'custom', path: ['EMPIRICA_NEO4J_PAGECACHE'], message: 'use at least 16m' });
    }
  });

/** The validated configuration, frozen. */
export interface Config {
  readonly neo4j: {
    /** The URI to connect to; for the local Neo4j, `bolt://127.0.0.1:<port>`. */
    readonly uri: string;
    /** True when NEO4J_URI was unset: the project starts and owns its local Neo4j. */
    readonly local: boolean;
    readonly username: string;
    readonly password: string | undefined;
    readonly database: string;
    readonly connectTimeoutMs: number;
    /**
     * How long a unit of work is retried on transient errors (NEO4J_MAX_RETRY_TIME_MS); unset: the
     * defaults of `connectGraph` (15 s interactive, 120 s batch).
     */
    readonly maxRetryTimeMs: number | undefined;
  };
  readonly localNeo4j: {
    readonly port: number;
    readonly home: string;
    readonly heap: string;
    readonly pageCache: string;
    readonly startTimeoutMs: number;
    readonly javaHome: string | undefined;
  };
  readonly api: {
    readonly host: string;
    readonly port: number;
    readonly loadLandmarks: boolean;
    readonly apiKey: string | undefined;
    /** Allowed browser origins; `['*']` = any. */
    readonly corsOrigins: readonly string[];
  };
  readonly crawl: {
    /** Contact address for the User-Agent; crawls refuse to start without it. */
    readonly contactEmail: string | undefined;
    readonly cacheDir: string | undefined;
    readonly timeoutMs: number;
    readonly arxiv: {
      readonly apiUrl: string;
      readonly oaiUrl: string;
      readonly htmlUrl: string;
      readonly ar5ivUrl: string;
      readonly intervalMs: number;
    };
    readonly openreview: {
      readonly apiUrl: string;
      readonly username: string | undefined;
      readonly password: string | undefined;
      readonly intervalMs: number;
    };
  };
  readonly logLevel: string;
}

/** Thrown when the environment is invalid; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from `env` (default: the process environment).
 * @throws ConfigError listing every invalid variable at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset" (a common shell habit: `NEO4J_URI= npm start`).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = cleaned[name];
      const shown =
        value === undefined || /PASSWORD|API_KEY|TOKEN|SECRET/.test(name)
          ? ''
          : ` (got ${JSON.stringify(value)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const local = e.NEO4J_URI === undefined;
  const config: Config = {
    neo4j: {
      uri: e.NEO4J_URI ?? `bolt://127.0.0.1:${e.EMPIRICA_NEO4J_PORT}`,
      local,
      username: e.NEO4J_USERNAME,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
      connectTimeoutMs: e.NEO4J_CONNECT_TIMEOUT_MS,
      maxRetryTimeMs: e.NEO4J_MAX_RETRY_TIME_MS,
    },
    localNeo4j: {
      port: e.EMPIRICA_NEO4J_PORT,
      home: path.resolve(e.EMPIRICA_NEO4J_HOME),
      heap: e.EMPIRICA_NEO4J_HEAP,
      pageCache: e.EMPIRICA_NEO4J_PAGECACHE,
      startTimeoutMs: e.EMPIRICA_NEO4J_START_TIMEOUT_S * 1000,
      javaHome: e.JAVA_HOME,
    },
    api: {
      host: e.EMPIRICA_HOST,
      port: e.EMPIRICA_PORT,
      loadLandmarks: e.EMPIRICA_LOAD_LANDMARKS === 'true',
      apiKey: e.EMPIRICA_API_KEY,
      corsOrigins: e.EMPIRICA_CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    },
    crawl: {
      contactEmail: e.EMPIRICA_CONTACT_EMAIL,
      cacheDir: e.EMPIRICA_HTTP_CACHE_DIR === undefined ? undefined : path.resolve(e.EMPIRICA_HTTP_CACHE_DIR),
      timeoutMs: e.EMPIRICA_HTTP_TIMEOUT_MS,
      arxiv: {
        apiUrl: e.EMPIRICA_ARXIV_API_URL,
        oaiUrl: e.EMPIRICA_ARXIV_OAI_URL,
        htmlUrl: e.EMPIRICA_ARXIV_HTML_URL,
        ar5ivUrl: e.EMPIRICA_AR5IV_HTML_URL,
        intervalMs: e.EMPIRICA_ARXIV_INTERVAL_MS,
      },
      openreview: {
        apiUrl: e.EMPIRICA_OPENREVIEW_URL.replace(/\/+$/, ''),
        username: e.OPENREVIEW_USERNAME,
        password: e.OPENREVIEW_PASSWORD,
        intervalMs: e.EMPIRICA_OPENREVIEW_INTERVAL_MS,
      },
    },
    logLevel: e.LOG_LEVEL,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
