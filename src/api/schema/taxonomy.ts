/** `Subfield` and `ContributionType`: the taxonomies, with paper counts and papers per year. */
import type { TaxonomyFigures } from '../../graph/catalog.repository.js';
import { builder } from '../builder.js';

const YearCountRef = builder.objectRef<{ year: number; papers: number }>('YearCount').implement({
  fields: (t) => ({ year: t.exposeInt('year'), papers: t.exposeInt('papers') }),
});

function taxonomyType(name: 'Subfield' | 'ContributionType', description: string) {
  return builder.objectRef<TaxonomyFigures>(name).implement({
    description,
    fields: (t) => ({
      slug: t.exposeString('slug'),
      name: t.exposeString('name'),
      definition: t.exposeString('definition'),
      paperCount: t.exposeInt('paperCount', {
        description: 'Papers with this label (curator rejections excluded).',
      }),
      trend: t.field({
        type: [YearCountRef],
        description: 'Papers with this label per publication year, oldest first.',
        resolve: (figures) => [...figures.trend],
      }),
    }),
  });
}

const SubfieldRef = taxonomyType(
  'Subfield',
  'A subfield of the science of deep learning (data/taxonomy/subfields.json).',
);
const ContributionTypeRef = taxonomyType(
  'ContributionType',
  'A kind of contribution: falsification, challenged assumption, regularity, conjecture.',
);

builder.queryField('subfields', (t) =>
  t.field({
    type: [SubfieldRef],
    description: 'Every subfield with its paper count and trend.',
    resolve: (_root, _args, ctx) => ctx.catalog.taxonomy('subfield'),
  }),
);

builder.queryField('contributionTypes', (t) =>
  t.field({
    type: [ContributionTypeRef],
    description: 'Every contribution type with its paper count and trend.',
    resolve: (_root, _args, ctx) => ctx.catalog.taxonomy('contribution'),
  }),
);
