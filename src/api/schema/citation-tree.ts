/**
 * Follow-up trees (`followUps`: what came after a paper), lineages (`lineage`: what it builds on) and
 * `citationPaths` (how one paper leads to another). Trees grow level by level, at most `first` papers per
 * level ranked by influence (citations within the graph) and recency, so their cost is bounded whatever
 * the paper's citation count in what they return; the database still ranks every candidate of a hop
 * (docs/api.md says so). The response says when a level was cut.
 */

import { parseSince } from '../../domain/dates.js';
import { MAX_PATH_LENGTH } from '../../graph/citation.queries.js';
import type { CitationTree, Direction, TreeNode } from '../../graph/citation.repository.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { PaperFilterInput, toFilterParams } from './filter.js';
import { requirePaperKey } from './paper.js';
import { PaperRef } from './refs.js';

export const MAX_TREE_DEPTH = 4;
export const MAX_PER_LEVEL = 50;

const FILTER_SCOPE =
  'The filter selects the papers returned in `papers` and ranks matching papers first within each level; it ' +
  'does not prune the hops in between, so a chain may pass through papers that do not match (`matchesFilter` ' +
  'says which do).';

const DirectionEnum = builder.enumType('CitationDirection', {
  values: {
    FOLLOW_UPS: { description: 'Papers citing the root, and papers citing those.' },
    LINEAGE: { description: 'Papers the root cites, and papers those cite.' },
  } as const,
});

interface Edge {
  readonly citing: string;
  readonly cited: string;
  readonly contexts: readonly string[];
  readonly addedAt?: string | null;
}

const CitationEdgeRef = builder.objectRef<Edge>('CitationEdge').implement({
  description: 'One citation: `citing` cites `cited`, in these sentences.',
  fields: (t) => ({
    citing: t.field({ type: PaperRef, resolve: (e) => e.citing }),
    cited: t.field({ type: PaperRef, resolve: (e) => e.cited }),
    contexts: t.stringList({
      description: 'The sentences in which `citing` cites `cited` (empty when its full text was not read).',
      resolve: (e) => [...e.contexts],
    }),
    addedAt: t.string({
      nullable: true,
      description: 'When the citation entered the graph (ISO 8601; `citationsAmong` only, null elsewhere).',
      resolve: (e) => e.addedAt ?? null,
    }),
  }),
});

export const MAX_AMONG = 500;

builder.queryField('citationsAmong', (t) =>
  t.field({
    type: [CitationEdgeRef],
    description:
      `Every citation between two papers of a set (graph keys, \`Paper.key\`; at most ${MAX_AMONG}): the edges ` +
      'of a search result or a chain, for exports and drawings. Unknown keys are ignored.',
    args: { papers: t.arg.stringList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      if (args.papers.length > MAX_AMONG)
        throw badInput(`\`papers\` takes at most ${MAX_AMONG} keys.`, 'papers');
      if (args.papers.some((key) => key.length > 300))
        throw badInput('A key in `papers` is too long.', 'papers');
      return await ctx.citations.among(args.papers);
    },
  }),
);

interface TreePaper extends TreeNode {
  readonly path: readonly string[];
}

const TreePaperRef = builder.objectRef<TreePaper>('CitationTreePaper').implement({
  description: 'A paper of a tree, with its hop distance and the way back to the root.',
  fields: (t) => ({
    paper: t.field({ type: PaperRef, resolve: (n) => n.key }),
    hops: t.exposeInt('hops', {
      description:
        'Hops from the root along the path shown. A paper cut from an earlier level can reappear one hop ' +
        'further out, so this is not always its shortest distance.',
    }),
    parent: t.field({
      type: PaperRef,
      description: 'The paper one hop closer to the root.',
      resolve: (n) => n.parent,
    }),
    contexts: t.stringList({
      description: 'The citing sentences of the edge between this paper and its parent.',
      resolve: (n) => [...n.contexts],
    }),
    influence: t.exposeInt('influence', { description: 'Citations within the graph (the ranking key).' }),
    matchesFilter: t.exposeBoolean('matches', {
      description: 'Passes the filter and `addedSince` (true without them).',
    }),
    addedAt: t.string({
      nullable: true,
      description:
        'When the citation between this paper and its parent entered the graph (ISO 8601); null for links ' +
        'stored before the graph recorded it.',
      resolve: (n) => n.addedAt,
    }),
    path: t.field({
      type: [PaperRef],
      description: 'One path from the root to this paper, root first.',
      resolve: (n) => [...n.path],
    }),
  }),
});

interface Level {
  readonly hops: number;
  readonly candidates: number;
  readonly listed: boolean;
  readonly frontierCut: boolean;
  readonly matching: number;
  readonly truncated: boolean;
  readonly papers: readonly TreePaper[];
}

const LevelRef = builder.objectRef<Level>('CitationTreeLevel').implement({
  fields: (t) => ({
    hops: t.exposeInt('hops'),
    candidates: t.exposeInt('candidates', { description: 'Distinct papers at this hop before the cut.' }),
    searchCut: t.exposeBoolean('frontierCut', {
      description:
        'With `addedSince`: the next hop looked for new citers of only the best-ranked papers of this hop ' +
        '(at most 1,000 papers with at most 200,000 citations between them), so new follow-ups further out ' +
        'may be missing. Always false without `addedSince`.',
    }),
    candidatesIsLowerBound: t.exposeBoolean('listed', {
      description:
        'The hop read a highly cited paper’s precomputed list of its best citers instead of every citer, so ' +
        '`candidates` and `matching` count the papers examined: at least that many exist. Only unfiltered ' +
        'follow-ups do this.',
    }),
    matching: t.exposeInt('matching', { description: 'How many of the candidates pass the filter.' }),
    truncated: t.exposeBoolean('truncated', { description: 'More papers were at this hop than `first`.' }),
    papers: t.field({
      type: [TreePaperRef],
      description: 'Ranked: papers passing the filter first, then influence, then recency.',
      resolve: (l) => [...l.papers],
    }),
  }),
});

interface TreeResult {
  readonly root: string;
  readonly direction: 'FOLLOW_UPS' | 'LINEAGE';
  readonly depth: number;
  readonly perLevel: number;
  readonly levels: readonly Level[];
  readonly edges: readonly Edge[];
}

const TreeRef = builder.objectRef<TreeResult>('CitationTree').implement({
  description: 'A bounded citation tree around a paper.',
  fields: (t) => ({
    root: t.field({ type: PaperRef, resolve: (tree) => tree.root }),
    direction: t.field({ type: DirectionEnum, resolve: (tree) => tree.direction }),
    depth: t.exposeInt('depth'),
    perLevel: t.exposeInt('perLevel', { description: 'At most this many papers per hop.' }),
    filterScope: t.string({ description: 'What the filter applies to.', resolve: () => FILTER_SCOPE }),
    truncated: t.boolean({
      description: 'Some level had more papers than `first`: the tree shows the best-ranked ones.',
      resolve: (tree) => tree.levels.some((l) => l.truncated),
    }),
    levels: t.field({ type: [LevelRef], resolve: (tree) => [...tree.levels] }),
    papers: t.field({
      type: [TreePaperRef],
      description: 'Flat view: the distinct papers of the tree that pass the filter, nearest hop first.',
      resolve: (tree) => tree.levels.flatMap((l) => l.papers.filter((p) => p.matches)),
    }),
    edges: t.field({
      type: [CitationEdgeRef],
      description: 'Every edge of the tree.',
      resolve: (tree) => [...tree.edges],
    }),
  }),
});

function shapeTree(tree: CitationTree, direction: Direction, depth: number, perLevel: number): TreeResult {
  const parents = new Map<string, string>();
  const pathTo = (key: string): string[] => {
    const path = [key];
    let current = parents.get(key);
    while (current !== undefined) {
      path.unshift(current);
      current = parents.get(current);
    }
    return path;
  };
  const levels = tree.levels.map((level) => ({
    hops: level.hops,
    candidates: level.candidates,
    listed: level.listed,
    frontierCut: level.frontierCut,
    matching: level.matching,
    truncated: level.candidates > level.nodes.length,
    papers: level.nodes.map((node) => {
      parents.set(node.key, node.parent);
      return { ...node, path: pathTo(node.key) };
    }),
  }));
  const edges = tree.levels.flatMap((l) =>
    l.nodes.map((n) =>
      direction === 'citations'
        ? { citing: n.key, cited: n.parent, contexts: n.contexts }
        : { citing: n.parent, cited: n.key, contexts: n.contexts },
    ),
  );
  return {
    root: tree.root,
    direction: direction === 'citations' ? 'FOLLOW_UPS' : 'LINEAGE',
    depth,
    perLevel,
    levels,
    edges,
  };
}

/** `addedSince` as an ISO instant (UTC), or a BAD_USER_INPUT naming the argument. */
export function parseAddedSince(value: string | null | undefined): string | null {
  if (value == null) return null;
  const date = parseSince(value);
  if (!date)
    throw badInput(
      '`addedSince` must be an ISO 8601 date or date-time with offset (`2026-11-01`, `2026-11-01T08:00:00Z`) ' +
        'or a span back from now (`7d`, `36h`, `90m`).',
      'addedSince',
    );
  return date.toISOString();
}

function treeField(direction: Direction, description: string) {
  return builder.queryField(direction === 'citations' ? 'followUps' : 'lineage', (t) =>
    t.field({
      type: TreeRef,
      description,
      args: {
        paper: t.arg.string({ required: true, description: 'arXiv id, DOI or OpenReview id of the root.' }),
        depth: t.arg.int({ required: false, defaultValue: 2, description: `Hops, 1–${MAX_TREE_DEPTH}.` }),
        first: t.arg.int({
          required: false,
          defaultValue: 10,
          description: `Papers per hop, 1–${MAX_PER_LEVEL}.`,
        }),
        filter: t.arg({ type: PaperFilterInput, required: false }),
        ...(direction === 'citations'
          ? {
              addedSince: t.arg.string({
                required: false,
                description:
                  'Only follow-ups whose citation entered the graph at or after this date or instant (ISO ' +
                  '8601, e.g. `2026-11-01`, or a span back from now such as `7d` or `36h`): what is new ' +
                  'since the last crawl. Like `filter`, it selects and ranks the papers returned; the hops ' +
                  'in between search on from every paper they can afford, not only those shown (`searchCut`).',
              }),
            }
          : {}),
      },
      resolve: async (_root, args, ctx: Context) => {
        const depth = args.depth ?? 2;
        const perLevel = args.first ?? 10;
        if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TREE_DEPTH)
          throw badInput(`\`depth\` must be between 1 and ${MAX_TREE_DEPTH}.`, 'depth');
        if (!Number.isInteger(perLevel) || perLevel < 1 || perLevel > MAX_PER_LEVEL)
          throw badInput(`\`first\` must be between 1 and ${MAX_PER_LEVEL}.`, 'first');
        const filter = args.filter ? toFilterParams(ctx, args.filter) : null;
        const addedSince = parseAddedSince((args as { addedSince?: string | null }).addedSince);
        const root = await requirePaperKey(ctx, args.paper, 'paper');
        const tree = await ctx.citations.tree(direction, root, depth, perLevel, filter, { addedSince });
        return shapeTree(tree, direction, depth, perLevel);
      },
    }),
  );
}

treeField(
  'citations',
  'What came after a paper: the papers citing it, and the papers citing those, up to `depth` hops; each hop ' +
    'ranked by influence (citations within the graph) then recency and cut at `first` papers. Every edge ' +
    'carries the citing sentences.',
);
treeField(
  'references',
  'What a paper builds on: the same tree as `followUps`, following references instead.',
);

interface PathsResult {
  readonly from: string;
  readonly to: string;
  readonly paths: ReadonlyArray<{ readonly keys: readonly string[]; readonly edges: readonly Edge[] }>;
}

const CitationPathRef = builder
  .objectRef<{ keys: readonly string[]; edges: readonly Edge[] }>('CitationPath')
  .implement({
    description: 'A chain of citations from the older paper to the newer one.',
    fields: (t) => ({
      length: t.int({ resolve: (p) => p.edges.length }),
      papers: t.field({ type: [PaperRef], description: 'From `from` to `to`.', resolve: (p) => [...p.keys] }),
      edges: t.field({ type: [CitationEdgeRef], resolve: (p) => [...p.edges] }),
    }),
  });

const CitationPathsRef = builder.objectRef<PathsResult>('CitationPaths').implement({
  fields: (t) => ({
    from: t.field({ type: PaperRef, resolve: (r) => r.from }),
    to: t.field({ type: PaperRef, resolve: (r) => r.to }),
    length: t.int({
      nullable: true,
      description: 'Citations on the shortest path; null when none within `maxLength`.',
      resolve: (r) => r.paths[0]?.edges.length ?? null,
    }),
    paths: t.field({ type: [CitationPathRef], resolve: (r) => [...r.paths] }),
  }),
});

builder.queryField('citationPaths', (t) =>
  t.field({
    type: CitationPathsRef,
    description:
      'How `from` leads to `to`: the shortest chains in which `to` cites a paper that cites … that cites `from` ' +
      '(so `from` is the older end). Swap the two to look the other way.',
    args: {
      from: t.arg.string({ required: true }),
      to: t.arg.string({ required: true }),
      maxLength: t.arg.int({
        required: false,
        defaultValue: 4,
        description: `1–${MAX_PATH_LENGTH} citations.`,
      }),
      first: t.arg.int({ required: false, defaultValue: 5, description: 'At most this many paths, 1–20.' }),
    },
    resolve: async (_root, args, ctx) => {
      const maxLength = args.maxLength ?? 4;
      const first = args.first ?? 5;
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_PATH_LENGTH)
        throw badInput(`\`maxLength\` must be between 1 and ${MAX_PATH_LENGTH}.`, 'maxLength');
      if (!Number.isInteger(first) || first < 1 || first > 20)
        throw badInput('`first` must be between 1 and 20.', 'first');
      const from = await requirePaperKey(ctx, args.from, 'from');
      const to = await requirePaperKey(ctx, args.to, 'to');
      if (from === to) throw badInput('`from` and `to` are the same paper.', 'to');
      const rows = await ctx.citations.paths(from, to, maxLength, first);
      return {
        from,
        to,
        paths: rows.map((row) => ({
          keys: row.keys,
          edges: row.keys.slice(1).map((key, i) => ({
            citing: key,
            cited: row.keys[i] as string,
            contexts: row.contexts[i] ?? [],
          })),
        })),
      };
    },
  }),
);
