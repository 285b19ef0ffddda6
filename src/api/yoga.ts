/**
 * The API as an in-process app: `createApi(deps)` returns a yoga instance that tests call with
 * `api.fetch(...)`; src/api/server.ts is the only place that listens on a port.
 */
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { withDeadline } from '../deadline.js';
import type { Logger } from '../logger.js';
import { type ApiDeps, createContextFactory } from './context.js';
import { useLimits } from './limits.js';
import { schema } from './schema/index.js';
import { DEFAULT_WEB_DIR, useWebPage } from './web.js';

/** What GraphiQL opens with: three operations on the landmark corpus (pick one with the run button). */
export const GRAPHIQL_EXAMPLE = `# What came after "Understanding deep learning requires rethinking generalization"?
# Which follow-ups falsified something, two hops out?
query FollowUps {
  followUps(paper: "1611.03530", depth: 2, first: 5, filter: { contributionTypes: ["FALSIFICATION"] }) {
    truncated
    papers {
      hops
      paper { title year arxivId }
      parent { title }
      contexts
    }
  }
}

# Papers on grokking, with how they split by contribution type and year.
query Search {
  search(query: "grokking", first: 5) {
    totalCount
    facets { contributionTypes { value count } years { value count } }
    edges { node { arxivId title year tags { label confidence source } } }
  }
}

# One paper: its tags with evidence, and who cites it.
query Paper {
  paper(id: "1803.03635") {
    title venue citationCount
    tags { label kind confidence evidence source }
    citations(first: 5) { edges { node { title year } contexts } pageInfo { hasNextPage endCursor } }
  }
}
`;

/** /ready answers 503 when the database has not answered a trivial query within this time. */
export const READY_TIMEOUT_MS = 3000;

export interface ApiOptions extends ApiDeps {
  /** Browser origins allowed by CORS; `['*']` or unset = any. */
  readonly corsOrigins?: readonly string[];
  /** Where masked errors are logged in full (the client only sees "Unexpected error."); unset = nowhere. */
  readonly logger?: Logger;
  /** The built web page served at `/` (default web/dist). */
  readonly webDir?: string;
}

/** yoga's logger interface over the project's pino logger. */
function yogaLogging(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug({ args }, 'graphql'),
    info: (...args: unknown[]) => logger.info({ args }, 'graphql'),
    warn: (...args: unknown[]) => logger.warn({ args }, 'graphql'),
    error: (...args: unknown[]) =>
      logger.error({ err: args.find((a) => a instanceof Error), args }, 'graphql error'),
  };
}

export function createApi(deps: ApiOptions) {
  const context = createContextFactory(deps);
  const { status } = context();
  const origins = deps.corsOrigins ?? ['*'];
  return createYoga({
    schema,
    context: ({ request }) => context({ request }),
    graphqlEndpoint: '/graphql',
    // Liveness is yoga's built-in /health; readiness also proves the database answers.
    healthCheckEndpoint: '/health',
    plugins: [
      useWebPage(deps.webDir ?? DEFAULT_WEB_DIR),
      useReadinessCheck({
        endpoint: '/ready',
        check: () =>
          withDeadline(status.ping(), READY_TIMEOUT_MS, () => new Error('no answer')).catch(() => false),
      }),
      useLimits(),
    ],
    cors: origins.includes('*')
      ? { origin: '*', methods: ['GET', 'POST'] }
      : { origin: [...origins], methods: ['GET', 'POST'], credentials: false },
    graphiql: { title: 'Empirica', defaultQuery: GRAPHIQL_EXAMPLE },
    maskedErrors: true,
    landingPage: false,
    logging: deps.logger ? yogaLogging(deps.logger) : false,
  });
}

export type Api = ReturnType<typeof createApi>;
