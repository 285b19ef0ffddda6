/** Forward-only Relay paging: `first` (1..MAX_FIRST, default DEFAULT_FIRST) and `after`. */
import { badInput } from './errors.js';

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

export interface ConnectionArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly last?: number | null | undefined;
  readonly before?: string | null | undefined;
}

export function forwardPage(args: ConnectionArgs): { first: number; after: string | null } {
  if (args.last != null || args.before != null) {
    throw badInput('Only forward paging is supported: use `first` and `after`.', 'last');
  }
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw badInput(`\`first\` must be between 1 and ${MAX_FIRST}, got ${first}.`, 'first');
  }
  return { first, after: args.after ?? null };
}

/** A Relay connection from one page fetched with `first + 1` rows (the extra row says there is more). */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  first: number,
  cursorOf: (row: Row) => string,
  edgeOf: (row: Row) => { node: Node } & Record<string, unknown>,
) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row), ...edgeOf(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
