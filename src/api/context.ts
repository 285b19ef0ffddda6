/**
 * What resolvers get per request: the repositories (stateless, shared over one driver) and DataLoaders
 * built for this request only, so a list of papers resolves its bylines, tags and submissions in one
 * query each, and two API replicas never disagree on in-process state.
 */
import DataLoader from 'dataloader';
import {
  type BylineEntryView,
  CatalogRepository,
  type SubmissionView,
  type TagView,
} from '../graph/catalog.repository.js';
import { CitationRepository } from '../graph/citation.repository.js';
import type { Graph } from '../graph/driver.js';
import { ReviewerRepository } from '../graph/reviewer.repository.js';
import { SearchRepository } from '../graph/search.repository.js';
import { StatusRepository } from '../graph/status.repository.js';
import { TagRepository } from '../graph/tag.repository.js';
import type { Taxonomies } from '../tagging/taxonomy.js';
import { taxonomies } from '../tagging/taxonomy.js';

/** Long-lived dependencies, created once at the composition root (src/api/server.ts). */
export interface ApiDeps {
  readonly graph: Graph;
  /** The service's version, reported by `status`. */
  readonly version: string;
  /** Bearer token that mutations require; unset = mutations refused. */
  readonly apiKey?: string | undefined;
}

export interface Repositories {
  readonly status: StatusRepository;
  readonly catalog: CatalogRepository;
  readonly citations: CitationRepository;
  readonly search: SearchRepository;
  readonly tags: TagRepository;
  readonly reviewers: ReviewerRepository;
}

export interface Context extends Repositories {
  readonly version: string;
  readonly taxonomy: Taxonomies;
  readonly loaders: {
    readonly bylines: DataLoader<string, BylineEntryView[]>;
    readonly tags: DataLoader<string, TagView[]>;
    readonly submissions: DataLoader<string, SubmissionView[]>;
  };
  /** The API key the server expects (undefined: mutations disabled) and the bearer token presented. */
  readonly auth: { readonly expected: string | undefined; readonly presented: string | undefined };
}

export function createRepositories(graph: Graph): Repositories {
  return {
    status: new StatusRepository(graph),
    catalog: new CatalogRepository(graph),
    citations: new CitationRepository(graph),
    search: new SearchRepository(graph),
    tags: new TagRepository(graph),
    reviewers: new ReviewerRepository(graph),
  };
}

function bearer(request: Request | undefined): string | undefined {
  const header = request?.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

export function createContextFactory(deps: ApiDeps): (initial?: { request?: Request }) => Context {
  const repositories = createRepositories(deps.graph);
  const taxonomy = taxonomies();
  return (initial) => ({
    ...repositories,
    version: deps.version,
    taxonomy,
    loaders: {
      bylines: new DataLoader((keys: readonly string[]) => repositories.catalog.bylines(keys)),
      tags: new DataLoader((keys: readonly string[]) => repositories.catalog.tags(keys)),
      submissions: new DataLoader((keys: readonly string[]) => repositories.catalog.submissions(keys)),
    },
    auth: { expected: deps.apiKey, presented: bearer(initial?.request) },
  });
}
