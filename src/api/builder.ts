/** The Pothos schema builder (with the Relay and DataLoader plugins); no type definitions live here. */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from './context.js';
import { badInput } from './errors.js';
import { MAX_FIRST } from './paging.js';

/** The types with global ids (src/api/schema/refs.ts); any other type in an id is the client's mistake. */
const NODE_TYPES = new Set(['Paper', 'Author']);

export const builder = new SchemaBuilder<{ Context: Context; DefaultFieldNullability: false }>({
  plugins: [RelayPlugin, DataloaderPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // A malformed global id, or one of no node type, is the client's mistake: BAD_USER_INPUT, its text cut
    // short (the default errors have no code and repeat the whole id, however long).
    decodeGlobalID: (globalID) => {
      let decoded: { typename: string; id: string } | undefined;
      try {
        decoded = decodeGlobalID(globalID);
      } catch {
        // handled below
      }
      if (!decoded || !NODE_TYPES.has(decoded.typename))
        throw badInput(`Invalid global id ${JSON.stringify(globalID.slice(0, 80))}.`, 'id');
      return decoded;
    },
    // `nodes(ids:)` takes at most MAX_FIRST ids, the count the cost estimate assumes for a variable
    // (src/api/limits.ts): a variable holding 100,000 ids would otherwise escape the estimate.
    nodesQueryOptions: {
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_FIRST)
          throw badInput(`\`ids\` takes at most ${MAX_FIRST} ids, got ${args.ids.length}.`, 'ids');
        return resolveNodes(args.ids);
      },
    },
  },
  defaultFieldNullability: false,
});
