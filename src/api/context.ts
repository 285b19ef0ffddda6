/**
 * What resolvers get per request. The repositories are shared (stateless over one driver); per-request
 * loaders will be built here as the API grows, so two API replicas never disagree on in-process state.
 */
import type { Graph } from '../graph/driver.js';
import { StatusRepository } from '../graph/status.repository.js';

/** Long-lived dependencies, created once at the composition root (src/api/server.ts). */
export interface ApiDeps {
  readonly graph: Graph;
  /** The service's version, reported by `status`. */
  readonly version: string;
}

export interface Context {
  readonly version: string;
  readonly status: StatusRepository;
}

export function createContextFactory(deps: ApiDeps): () => Context {
  const status = new StatusRepository(deps.graph);
  return () => ({ version: deps.version, status });
}
