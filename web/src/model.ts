/**
 * Pure mapping from the API's answers to what the page draws and exports: graph elements (nodes and
 * edges, with the data cytoscape reads), table rows, ExportPaper / ExportBundle. No DOM here, so the
 * unit tests run it in Node.
 */
import type { ExportBundle, ExportCitation, ExportPaper, ExportTag } from '../../src/exchange/model.js';
import type { AmongEdge, CitationTree, PaperBrief, PaperExportFields, PathsAnswer } from './queries.js';

/** The identifier the page puts in its URLs and sends back to `paper(id:)`: arXiv id, DOI, OpenReview id. */
export function paperIdOf(paper: {
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
  readonly key: string;
}): string {
  return paper.arxivId ?? paper.doi ?? paper.openreviewId ?? paper.key;
}

/**
 * The contribution type a paper is coloured by: the most confident, ties broken by label (as the exports'
 * primaryContributionType does, so a GraphML file colours the same way); null when it has none.
 */
export function primaryContribution(paper: Pick<PaperBrief, 'tags'>): string | null {
  const contributions = paper.tags.filter((t) => t.kind === 'CONTRIBUTION');
  if (contributions.length === 0) return null;
  return contributions.reduce((best, t) =>
    t.confidence > best.confidence || (t.confidence === best.confidence && t.label < best.label) ? t : best,
  ).label;
}

export interface NodeData {
  /** The paper's graph key (`arxiv:1611.03530`). */
  readonly id: string;
  /** Identifier for URLs (arXiv id, DOI, OpenReview id). */
  readonly paperId: string;
  readonly title: string;
  /** Short label drawn on the node: first author-less title head and year. */
  readonly label: string;
  readonly year: number | null;
  /** Primary contribution type slug, or `NONE`. */
  readonly contribution: string;
  readonly hops: number;
  readonly root: boolean;
  /** Passes the chain's filter (false: drawn only because a matching paper's chain runs through it). */
  readonly matches: boolean;
}

export interface EdgeData {
  readonly id: string;
  /** The citing paper's key. */
  readonly source: string;
  /** The cited paper's key. */
  readonly target: string;
  readonly contexts: readonly string[];
}

export interface GraphElements {
  readonly rootId: string;
  readonly nodes: readonly NodeData[];
  readonly edges: readonly EdgeData[];
}

const LABEL_LENGTH = 30;

function shortLabel(paper: PaperBrief): string {
  const title = paper.title ?? paperIdOf(paper);
  const head = title.length > LABEL_LENGTH ? `${title.slice(0, LABEL_LENGTH - 1).trimEnd()}…` : title;
  return paper.year === null ? head : `${head} (${paper.year})`;
}

function nodeOf(paper: PaperBrief, hops: number, root: boolean, matches: boolean): NodeData {
  return {
    id: paper.key,
    paperId: paperIdOf(paper),
    title: paper.title ?? paperIdOf(paper),
    label: shortLabel(paper),
    year: paper.year,
    contribution: primaryContribution(paper) ?? 'NONE',
    hops,
    root,
    matches,
  };
}

export function edgeId(citing: string, cited: string): string {
  return `${citing}->${cited}`;
}

/** A row of the chain's table: a paper passing the filter. */
export interface ChainRow {
  readonly key: string;
  readonly paperId: string;
  readonly title: string;
  readonly year: number | null;
  readonly hops: number;
  readonly influence: number;
  readonly contribution: string | null;
  readonly parentKey: string;
  /** The papers between the root and this one, root side first (its parent last; empty one hop out). */
  readonly via: readonly string[];
  /** The citing sentences of the edge between this paper and its parent. */
  readonly contexts: readonly string[];
}

export interface Chain {
  readonly elements: GraphElements;
  /** The papers that pass the filter (all of them without one), nearest hop first: the API's `papers`. */
  readonly rows: readonly ChainRow[];
  /** Every paper drawn, root first (for exports). */
  readonly papers: readonly PaperBrief[];
}

/**
 * A tree as the page draws it: the root, every paper passing the filter, and the papers on their chains
 * back to the root (drawn faded when they miss the filter); one edge per paper to its parent.
 */
export function chainOf(tree: CitationTree): Chain {
  const all = tree.levels.flatMap((level) => level.papers);
  const byKey = new Map<string, (typeof all)[number]>();
  for (const p of all) if (!byKey.has(p.paper.key)) byKey.set(p.paper.key, p);
  const rootKey = tree.root.key;

  const drawn = new Set<string>([rootKey]);
  for (const p of all) {
    if (!p.matchesFilter) continue;
    // Walk up to the root through the parents, keeping every paper on the way.
    let key: string | undefined = p.paper.key;
    while (key !== undefined && !drawn.has(key)) {
      drawn.add(key);
      key = byKey.get(key)?.parent.key;
    }
  }

  const nodes: NodeData[] = [nodeOf(tree.root, 0, true, true)];
  const edges: EdgeData[] = [];
  const papers: PaperBrief[] = [tree.root];
  const following = tree.direction === 'FOLLOW_UPS';
  for (const [key, p] of byKey) {
    if (!drawn.has(key) || key === rootKey) continue;
    nodes.push(nodeOf(p.paper, p.hops, false, p.matchesFilter));
    papers.push(p.paper);
    // Follow-ups cite their parent; in a lineage the parent cites the paper.
    const [citing, cited] = following ? [key, p.parent.key] : [p.parent.key, key];
    edges.push({ id: edgeId(citing, cited), source: citing, target: cited, contexts: p.contexts });
  }

  const viaOf = (parentKey: string): string[] => {
    const via: string[] = [];
    let key: string | undefined = parentKey;
    while (key !== undefined && key !== rootKey && !via.includes(key)) {
      via.unshift(key);
      key = byKey.get(key)?.parent.key;
    }
    return via;
  };
  const rows = all
    .filter((p) => p.matchesFilter && p.paper.key !== rootKey)
    .filter((p, i, list) => list.findIndex((q) => q.paper.key === p.paper.key) === i)
    .map((p) => ({
      key: p.paper.key,
      paperId: paperIdOf(p.paper),
      title: p.paper.title ?? paperIdOf(p.paper),
      year: p.paper.year,
      hops: p.hops,
      influence: p.influence,
      contribution: primaryContribution(p.paper),
      parentKey: p.parent.key,
      via: viaOf(p.parent.key),
      contexts: p.contexts,
    }));
  return { elements: { rootId: rootKey, nodes, edges }, rows, papers };
}

/** Every shortest path between two papers, merged into one graph rooted at the older end (`from`). */
export function pathGraphOf(answer: PathsAnswer['citationPaths']): {
  elements: GraphElements;
  papers: PaperBrief[];
} {
  const rootKey = answer.from.key;
  const papers = new Map<string, { paper: PaperBrief; hops: number }>();
  for (const path of answer.paths) {
    path.papers.forEach((paper, index) => {
      const known = papers.get(paper.key);
      if (!known || index < known.hops) papers.set(paper.key, { paper, hops: index });
    });
  }
  const edges = new Map<string, EdgeData>();
  for (const path of answer.paths) {
    for (const e of path.edges) {
      const id = edgeId(e.citing.key, e.cited.key);
      if (!edges.has(id))
        edges.set(id, { id, source: e.citing.key, target: e.cited.key, contexts: e.contexts });
    }
  }
  const nodes = [...papers.values()].map(({ paper, hops }) =>
    nodeOf(paper, hops, paper.key === rootKey, true),
  );
  return {
    elements: { rootId: rootKey, nodes, edges: [...edges.values()] },
    papers: [...papers.values()].map((p) => p.paper),
  };
}

/** The words an edge's tooltip shows. */
export function edgeTooltip(contexts: readonly string[]): string {
  if (contexts.length === 0) return 'No citing sentence recorded.';
  return contexts.map((c) => `“${c}”`).join('\n');
}

export type SortKey = 'hops' | 'year' | 'influence' | 'title';
export type SortDirection = 'asc' | 'desc';

function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/**
 * The table's order: by one column, either way; papers without a year go last whichever way; ties by hops,
 * then title, so the order never depends on the API's.
 */
export function sortRows(rows: readonly ChainRow[], key: SortKey, direction: SortDirection): ChainRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byTitle = (a: ChainRow, b: ChainRow) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' });
  const primary = (a: ChainRow, b: ChainRow): number => {
    switch (key) {
      case 'hops':
        return sign * (a.hops - b.hops);
      case 'influence':
        return sign * (a.influence - b.influence);
      case 'title':
        return sign * byTitle(a, b);
      case 'year':
        if (a.year === null || b.year === null) return compareNullable(a.year, b.year);
        return sign * (a.year - b.year);
    }
  };
  return [...rows].sort(
    (a, b) => primary(a, b) || a.hops - b.hops || byTitle(a, b) || a.key.localeCompare(b.key),
  );
}

/** The API's paper, as an export holds it. The API hides rejected curator tags, so none is rejected. */
export function toExportPaper(paper: PaperExportFields): ExportPaper {
  return {
    key: paper.key,
    arxivId: paper.arxivId,
    doi: paper.doi,
    openreviewId: paper.openreviewId,
    title: paper.title,
    year: paper.year,
    publishedAt: paper.publishedAt,
    venue: paper.venue,
    categories: [...paper.categories],
    abstract: paper.abstract,
    summary: paper.summary,
    stub: paper.stub,
    citationCount: paper.citationCount,
    extra: { updatedAt: paper.updatedAt, withdrawn: paper.withdrawn },
    authors: paper.authors.map((a) => ({ key: a.key, name: a.name, openreviewId: a.openreviewId })),
    tags: paper.tags.map(
      (t): ExportTag => ({
        kind: t.kind === 'SUBFIELD' ? 'subfield' : 'contribution',
        label: t.label,
        confidence: t.confidence,
        evidence: t.evidence,
        source: t.source,
        taggedAt: t.taggedAt,
        curator: t.curator,
        reason: t.reason,
        rejected: false,
      }),
    ),
  };
}

/**
 * The key sets to ask `citationsAmong` about so that every citation among `keys` is found with at most
 * `max` keys a call: all of them at once when they fit, else every pair of chunks of `max / 2` (an edge
 * between two chunks is found with that pair, an edge inside one with any pair holding it).
 */
export function amongBatches(keys: readonly string[], max: number): string[][] {
  const distinct = [...new Set(keys)];
  if (distinct.length <= max) return distinct.length ? [distinct] : [];
  const size = Math.max(1, Math.floor(max / 2));
  const chunks: string[][] = [];
  for (let i = 0; i < distinct.length; i += size) chunks.push(distinct.slice(i, i + size));
  const batches: string[][] = [];
  for (let i = 0; i < chunks.length; i++)
    for (let j = i + 1; j < chunks.length; j++) batches.push([...(chunks[i] ?? []), ...(chunks[j] ?? [])]);
  return batches;
}

/**
 * Papers (in `order`) and the citations among them (the API's `citationsAmong`, possibly from several
 * batches: each edge once, in citing-then-cited key order as the CLI writes them), as an export.
 */
export function toExportBundle(
  papers: readonly PaperExportFields[],
  citations: readonly AmongEdge[],
  order: readonly string[] = papers.map((p) => p.key),
): ExportBundle {
  const byKey = new Map(papers.map((p) => [p.key, p]));
  const ordered = order.flatMap((key) => {
    const paper = byKey.get(key);
    return paper ? [toExportPaper(paper)] : [];
  });
  const present = new Set(ordered.map((p) => p.key));
  const edges = new Map<string, ExportCitation>();
  for (const e of citations) {
    const id = edgeId(e.citing.key, e.cited.key);
    if (edges.has(id) || !present.has(e.citing.key) || !present.has(e.cited.key)) continue;
    edges.set(id, {
      from: e.citing.key,
      to: e.cited.key,
      contexts: [...e.contexts],
      addedAt: e.addedAt,
    });
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...edges.values()].sort((a, b) => byCode(a.from, b.from) || byCode(a.to, b.to));
  return { papers: ordered, citations: sorted };
}

/** Links to the paper's pages elsewhere. */
export function identifierLinks(paper: {
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
}): Array<{ label: string; text: string; href: string }> {
  const links: Array<{ label: string; text: string; href: string }> = [];
  if (paper.arxivId)
    links.push({ label: 'arXiv', text: paper.arxivId, href: `https://arxiv.org/abs/${paper.arxivId}` });
  if (paper.doi) links.push({ label: 'DOI', text: paper.doi, href: `https://doi.org/${paper.doi}` });
  if (paper.openreviewId)
    links.push({
      label: 'OpenReview',
      text: paper.openreviewId,
      href: `https://openreview.net/forum?id=${encodeURIComponent(paper.openreviewId)}`,
    });
  return links;
}
