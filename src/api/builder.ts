/** The Pothos schema builder (with the Relay and DataLoader plugins); no type definitions live here. */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from './context.js';

export const builder = new SchemaBuilder<{ Context: Context; DefaultFieldNullability: false }>({
  plugins: [RelayPlugin, DataloaderPlugin],
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  defaultFieldNullability: false,
});
