/**
 * Abuse limits, checked before anything runs: tokens (at parse time), selection depth, aliases, and an
 * estimated cost in which a list field multiplies the cost of what it selects by its `first` (trees by
 * `first × depth`; a variable counts at its largest allowed value). Each refusal is a validation error that
 * names the limit.
 */

import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_FIRST, MAX_FIRST } from './paging.js';

export const LIMITS = {
  maxTokens: 2000,
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
} as const;

/** Relay connections (their `edges` repeat `first` times), with the default `first`. */
const CONNECTION_FIELDS: Record<string, number> = {
  search: DEFAULT_FIRST,
  citations: DEFAULT_FIRST,
  references: DEFAULT_FIRST,
  papers: DEFAULT_FIRST,
};

/** Plain list fields, with their size when `first` is not given (or their usual size). */
const LIST_FIELDS: Record<string, number> = {
  coauthors: 10,
  authors: 10,
  tags: 10,
  submissions: 3,
  subfields: 10,
  contributionTypes: 4,
  trend: 30,
  subfieldProfile: 10,
  path: 5,
  paths: 5,
  candidates: 10,
  conflicted: 50,
  matchedPapers: 3,
  citedPapers: 3,
  conflicts: 3,
  rows: 100,
  reviewers: 3,
  loads: 100,
};

const TREE_FIELDS = new Set(['followUps', 'lineage']);

/**
 * Work a field does in the database beyond the objects it returns: a tree ranks every candidate of each
 * hop, facets count the whole result set, a path search explores the graph between two papers.
 */
const SURCHARGE: Record<string, number> = {
  followUps: 1000,
  lineage: 1000,
  facets: 500,
  totalCount: 250,
  citationPaths: 500,
  citationsAmong: 500,
  reviewerCandidates: 2000,
  reviewerAssignment: 8000,
};
/** Largest values of a tree's arguments (schema/citation-tree.ts), assumed for variables. */
const TREE_MAX = { first: 50, depth: 4 } as const;
const TREE_DEFAULT = { first: 10, depth: 2 } as const;

/**
 * An integer argument as written; a variable counts as `whenVariable` (the largest value the field
 * accepts), so the estimate does not depend on variables and a cached validation stays valid.
 */
function intArgument(field: FieldNode, name: string, whenVariable: number): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) return whenVariable;
  return undefined;
}

const clamp = (value: number, max: number) => Math.max(1, Math.min(value, max));

/** Where a selection sits: inside a tree (with its size), inside a connection (with `first`), or not. */
interface Scope {
  readonly tree?: { readonly first: number; readonly depth: number } | undefined;
  readonly connection?: number | undefined;
}

/** How many times a field's selection runs, and the scope its children see. */
function expand(field: FieldNode, scope: Scope): { times: number; inner: Scope } {
  const name = field.name.value;
  if (TREE_FIELDS.has(name)) {
    const first = clamp(intArgument(field, 'first', TREE_MAX.first) ?? TREE_DEFAULT.first, TREE_MAX.first);
    const depth = clamp(intArgument(field, 'depth', TREE_MAX.depth) ?? TREE_DEFAULT.depth, TREE_MAX.depth);
    return { times: 1, inner: { tree: { first, depth } } };
  }
  if (scope.tree) {
    // Inside a tree: levels × papers per level, or the flat lists of every paper and edge; anything else
    // (`root`, `parent`, …) leaves the tree, and its lists count as anywhere else.
    const { first, depth } = scope.tree;
    if (name === 'levels') return { times: depth, inner: { tree: { first, depth: 1 } } };
    if (name === 'papers' || name === 'edges') return { times: first * depth, inner: {} };
  }
  if (scope.connection !== undefined && name === 'edges') return { times: scope.connection, inner: {} };
  if (name === 'citationsAmong') {
    // Edges among n papers: counted as four per paper (the landmark corpus averages under two).
    const ids = field.arguments?.find((a) => a.name.value === 'papers')?.value;
    const count = ids?.kind === Kind.LIST ? ids.values.length : 500;
    return { times: clamp(count * 4, 10_000), inner: {} };
  }
  if (name === 'nodes') {
    const ids = field.arguments?.find((a) => a.name.value === 'ids')?.value;
    const count = ids?.kind === Kind.LIST ? ids.values.length : MAX_FIRST;
    return { times: clamp(count, 10_000), inner: {} };
  }
  const connection = CONNECTION_FIELDS[name];
  if (connection !== undefined) {
    const first = clamp(intArgument(field, 'first', MAX_FIRST) ?? connection, 1000);
    return { times: 1, inner: { connection: first } };
  }
  const list = LIST_FIELDS[name];
  if (list === undefined) return { times: 1, inner: {} };
  return { times: clamp(intArgument(field, 'first', MAX_FIRST) ?? list, 1000), inner: {} };
}

interface Walk {
  readonly depth: number;
  readonly cost: number;
}

/**
 * The document's fragments, and each fragment's walk per scope: a fragment spread many times (fragments
 * spreading fragments twice over, "billion laughs") is walked once per scope, so the estimate takes time
 * linear in the document while its cost still multiplies (and exceeds the limit).
 */
interface Fragments {
  readonly definitions: Record<string, FragmentDefinitionNode>;
  readonly walked: Map<string, Walk>;
}

const scopeKey = (scope: Scope) =>
  `${scope.tree ? `${scope.tree.first}x${scope.tree.depth}` : '-'}/${scope.connection ?? '-'}`;

function walk(set: SelectionSetNode, fragments: Fragments, visiting: Set<string>, scope: Scope): Walk {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const { times, inner: innerScope } = expand(selection, scope);
      const inner = selection.selectionSet
        ? walk(selection.selectionSet, fragments, visiting, innerScope)
        : { depth: 0, cost: 0 };
      depth = Math.max(depth, inner.depth + 1);
      cost += 1 + (SURCHARGE[selection.name.value] ?? 0) + times * inner.cost;
    } else {
      let inner: Walk = { depth: 0, cost: 0 };
      if (selection.kind === Kind.INLINE_FRAGMENT)
        inner = walk(selection.selectionSet, fragments, visiting, scope);
      else {
        const name = selection.name.value;
        const fragment = fragments.definitions[name];
        const key = `${name}@${scopeKey(scope)}`;
        const known = fragments.walked.get(key);
        if (known) inner = known;
        else if (fragment && !visiting.has(name)) {
          visiting.add(name);
          inner = walk(fragment.selectionSet, fragments, visiting, scope);
          visiting.delete(name);
          fragments.walked.set(key, inner);
        }
      }
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** Validation rule: depth, aliases and cost of every operation in the document. */
export function limitsRule(context: ValidationContext): ASTVisitor {
  const document = context.getDocument();
  const fragments: Fragments = { definitions: {}, walked: new Map() };
  let aliases = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.definitions[definition.name.value] = definition;
  }
  return {
    Field(node) {
      if (node.alias) aliases++;
    },
    Document: {
      leave() {
        if (aliases > LIMITS.maxAliases) {
          context.reportError(
            new GraphQLError(`The query uses ${aliases} aliases; the limit is ${LIMITS.maxAliases}.`),
          );
        }
        for (const definition of document.definitions) {
          if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
          const { depth, cost } = walk(definition.selectionSet, fragments, new Set(), {});
          if (depth > LIMITS.maxDepth) {
            context.reportError(
              new GraphQLError(`The query is ${depth} levels deep; the limit is ${LIMITS.maxDepth}.`),
            );
          }
          if (cost > LIMITS.maxCost) {
            context.reportError(
              new GraphQLError(
                `The query's estimated cost is ${cost} (list fields multiply by \`first\`); the limit is ` +
                  `${LIMITS.maxCost}. Ask for fewer items or fewer nested lists.`,
              ),
            );
          }
        }
      },
    },
  };
}

/** The yoga plugin applying the token limit at parse time and the other limits at validation. */
export function useLimits(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: LIMITS.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(limitsRule);
    },
  };
}
