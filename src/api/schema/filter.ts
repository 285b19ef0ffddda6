/** `PaperFilter`: the filters on returned papers shared by search and citation trees. */
import type { PaperFilterParams } from '../../graph/citation.repository.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';

export const PaperFilterInput = builder.inputType('PaperFilter', {
  description: 'Which papers to return. Every field is optional; lists mean "any of".',
  fields: (t) => ({
    subfields: t.stringList({ required: false, description: 'Subfield slugs, e.g. ["SCALING_LAWS"].' }),
    contributionTypes: t.stringList({ required: false, description: 'e.g. ["FALSIFICATION"].' }),
    yearFrom: t.int({ required: false }),
    yearTo: t.int({ required: false }),
  }),
});

export interface PaperFilterArg {
  readonly subfields?: readonly string[] | null | undefined;
  readonly contributionTypes?: readonly string[] | null | undefined;
  readonly yearFrom?: number | null | undefined;
  readonly yearTo?: number | null | undefined;
}

/** Validates a filter (known slugs, sane years) into repository parameters. */
export function toFilterParams(ctx: Context, filter: PaperFilterArg | null | undefined): PaperFilterParams {
  const slugs = (
    list: readonly string[] | null | undefined,
    kind: 'subfield' | 'contribution',
    field: string,
  ) => {
    if (!list?.length) return null;
    if (list.length > 20) throw badInput(`\`filter.${field}\` takes at most 20 values.`, `filter.${field}`);
    for (const slug of list) {
      if (ctx.taxonomy.kindOf(slug) !== kind) {
        const known = (kind === 'subfield' ? ctx.taxonomy.subfields : ctx.taxonomy.contributionTypes).items
          .map((i) => i.slug)
          .join(', ');
        throw badInput(
          `Unknown ${kind} ${JSON.stringify(slug.slice(0, 60))} in \`filter.${field}\`; known: ${known}.`,
          `filter.${field}`,
        );
      }
    }
    return [...list];
  };
  const year = (value: number | null | undefined, field: string) => {
    if (value == null) return null;
    if (value < 1900 || value > 2100)
      throw badInput(`\`filter.${field}\` must be a year (1900–2100).`, `filter.${field}`);
    return value;
  };
  return {
    subfields: slugs(filter?.subfields, 'subfield', 'subfields'),
    contributionTypes: slugs(filter?.contributionTypes, 'contribution', 'contributionTypes'),
    yearFrom: year(filter?.yearFrom, 'yearFrom'),
    yearTo: year(filter?.yearTo, 'yearTo'),
  };
}
