/**
 * The API as an in-process app: `createApi(deps)` returns a yoga instance that tests call with
 * `api.fetch(...)`; src/api/server.ts is the only place that listens on a port.
 */
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { type ApiDeps, createContextFactory } from './context.js';
import { schema } from './schema/index.js';

export function createApi(deps: ApiDeps) {
  const context = createContextFactory(deps);
  const { status } = context();
  return createYoga({
    schema,
    context,
    graphqlEndpoint: '/graphql',
    // Liveness is yoga's built-in /health; readiness also proves the database answers.
    healthCheckEndpoint: '/health',
    plugins: [useReadinessCheck({ endpoint: '/ready', check: () => status.ping() })],
    maskedErrors: true,
    landingPage: false,
    logging: false,
  });
}

export type Api = ReturnType<typeof createApi>;
