/**
 * The load test's weighted mix of realistic operations: what the web page sends (search with facets, with
 * and without filters; follow-up trees of depth 2 and 3, from web/src/queries.ts) and what API clients ask
 * (a search page without facets; a paper with its byline, tags and first 20 citations), over landmark papers,
 * synthetic hubs (thousands of citers) and typical synthetic papers. Each answer is checked: a paper that
 * exists must come back, a tree must have the asked root, a search for a term that hits must list papers.
 */
import { SEARCH, treeQuery } from '../../web/src/queries.js';
import type { Operation, Request } from './load.harness.js';
import type { LoadTargets } from './load.store.js';

const BRIEF = 'id key arxivId title year venue stub citationCount tags { kind label name confidence }';

/** A search page without facets or counts: what a script paging through results asks. */
const SEARCH_PAGE = `query SearchPage($query: String!, $filter: SearchFilter) {
  search(query: $query, filter: $filter, first: 20) {
    edges { score node { ${BRIEF} authors { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A paper with its byline, tags and the first 20 citing papers (with the citing sentences). */
const PAPER = `query Paper($id: String!) {
  paper(id: $id) {
    id key arxivId title year venue stub abstract summary publishedAt categories citationCount referenceCount
    authors { name }
    tags { kind label name confidence evidence source curator reason }
    citations(first: 20) {
      edges { contexts node { key arxivId title year citationCount } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const FOLLOW_UPS_2 = treeQuery('followUps', 2, 10);
const FOLLOW_UPS_3 = treeQuery('followUps', 3, 10);

type Data = Record<string, unknown>;

function pick<T>(items: readonly T[], random: () => number): T {
  if (!items.length) throw new Error('nothing to pick from');
  return items[Math.floor(random() * items.length)] as T;
}

function searchRequest(query: string, text: string, filter: unknown, mustHit: boolean): Request {
  return {
    query,
    variables: { query: text, filter },
    check: (data: Data) => {
      const search = data.search as { edges?: unknown[] } | null;
      if (!search || !Array.isArray(search.edges)) return `search "${text}": no connection`;
      if (mustHit && search.edges.length === 0) return `search "${text}": no results`;
      return undefined;
    },
  };
}

function paperRequest(id: string): Request {
  return {
    query: PAPER,
    variables: { id },
    check: (data: Data) => {
      const paper = data.paper as { arxivId?: string; authors?: unknown[]; title?: string } | null;
      if (!paper) return `paper ${id}: null`;
      if (paper.arxivId !== id) return `paper ${id}: answered ${paper.arxivId}`;
      if (!paper.title || !paper.authors?.length) return `paper ${id}: no title or byline`;
      return undefined;
    },
  };
}

function treeRequest(depth: 2 | 3, id: string, filter: unknown = null): Request {
  return {
    query: depth === 2 ? FOLLOW_UPS_2 : FOLLOW_UPS_3,
    variables: { paper: id, filter },
    check: (data: Data) => {
      const tree = data.followUps as { root?: { arxivId?: string }; levels?: unknown[] } | null;
      if (!tree) return `followUps ${id}: null`;
      if (tree.root?.arxivId !== id) return `followUps ${id}: root ${tree.root?.arxivId}`;
      if (!Array.isArray(tree.levels) || tree.levels.length > depth) return `followUps ${id}: bad levels`;
      return undefined;
    },
  };
}

/** The mix; weights are shares of requests (they sum to 100). */
export function loadOperations(targets: LoadTargets): Operation[] {
  const hubs = targets.hubs.map((h) => h.arxivId);
  const someLandmark = (random: () => number) =>
    random() < 0.5 ? pick(targets.landmarkHubs, random) : pick(targets.landmarks, random);
  const searchFilter = (random: () => number) =>
    random() < 0.6
      ? { papers: { subfields: [pick(targets.subfields, random)] } }
      : { papers: { yearFrom: 2015 + Math.floor(random() * 8) } };
  return [
    {
      name: 'search page (no facets)',
      weight: 18,
      next: (random) => searchRequest(SEARCH_PAGE, pick(targets.searchTerms, random), null, true),
    },
    {
      name: 'search + facets',
      weight: 14,
      next: (random) => searchRequest(SEARCH, pick(targets.searchTerms, random), null, true),
    },
    {
      name: 'search + facets, filtered',
      weight: 6,
      next: (random) => searchRequest(SEARCH, pick(targets.searchTerms, random), searchFilter(random), false),
    },
    {
      name: 'paper (landmark)',
      weight: 19,
      next: (random) => paperRequest(someLandmark(random)),
    },
    {
      name: 'paper (synthetic, typical)',
      weight: 12,
      next: (random) => paperRequest(pick(targets.typical, random)),
    },
    { name: 'paper (synthetic hub)', weight: 4, next: (random) => paperRequest(pick(hubs, random)) },
    {
      name: 'followUps depth 2 (landmark)',
      weight: 8,
      next: (random) => treeRequest(2, someLandmark(random)),
    },
    {
      name: 'followUps depth 3 (landmark hub)',
      weight: 4,
      next: (random) => treeRequest(3, pick(targets.landmarkHubs, random)),
    },
    {
      name: 'followUps depth 2 (synthetic, typical)',
      weight: 8,
      next: (random) => treeRequest(2, pick(targets.typical, random)),
    },
    {
      name: 'followUps depth 3 (synthetic hub)',
      weight: 4,
      next: (random) => treeRequest(3, pick(hubs, random)),
    },
    {
      name: 'followUps depth 2 filtered (landmark hub)',
      weight: 3,
      next: (random) =>
        treeRequest(2, pick(targets.landmarkHubs, random), {
          contributionTypes: [pick(targets.contributionTypes, random)],
        }),
    },
  ];
}
