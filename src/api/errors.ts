/**
 * The API's expected failures, each with a stable `extensions.code`. Anything else a resolver throws is
 * masked by yoga ("Unexpected error.", code INTERNAL_SERVER_ERROR): Neo4j's text never reaches a client.
 */
import { createGraphQLError } from 'graphql-yoga';

export type ErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED';

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return createGraphQLError(message, { extensions: { code, ...extensions } });
}

export const badInput = (message: string, argument?: string) =>
  apiError('BAD_USER_INPUT', message, argument ? { argument } : {});

export const notFound = (message: string) => apiError('NOT_FOUND', message);
