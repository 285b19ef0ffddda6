/** `status`: what the service runs and how big the graph is. */

import type { GraphCounts } from '../../graph/status.repository.js';
import { builder } from '../builder.js';

interface ServiceStatus extends GraphCounts {
  readonly version: string;
}

const ServiceStatusRef = builder.objectRef<ServiceStatus>('ServiceStatus').implement({
  description: 'The running service and the size of the graph it serves.',
  fields: (t) => ({
    version: t.exposeString('version', { description: 'Version of the Empirica service.' }),
    schemaVersion: t.exposeInt('schemaVersion', { description: 'Graph schema migration version applied.' }),
    papers: t.exposeInt('papers', { description: 'Paper nodes, stubs included.' }),
    stubs: t.exposeInt('stubs', { description: 'Papers known only from reference lists, not crawled yet.' }),
    authors: t.exposeInt('authors', { description: 'Author nodes.' }),
    citations: t.exposeInt('citations', { description: 'CITES relationships.' }),
  }),
});

builder.queryField('status', (t) =>
  t.field({
    type: ServiceStatusRef,
    description: 'Service version and graph size.',
    resolve: async (_root, _args, ctx) => ({ version: ctx.version, ...(await ctx.status.counts()) }),
  }),
);
