/**
 * The two taxonomies, read from data/taxonomy/*.json (data, not code: one versioned file each). A label is
 * a slug of either taxonomy; slugs are unique across both.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.js';

export type Label = string;
export type TaxonomyKind = 'contribution' | 'subfield';

const itemSchema = z.object({
  slug: z.string().regex(/^[A-Z][A-Z_]*$/, 'slugs are UPPER_SNAKE_CASE'),
  name: z.string().min(1),
  definition: z.string().min(1),
  examples: z.array(z.object({ arxivId: z.string(), note: z.string().optional() })).default([]),
});

const taxonomySchema = z.object({
  taxonomy: z.enum(['contribution-types', 'subfields']),
  version: z.number().int().min(1),
  description: z.string(),
  items: z.array(itemSchema).min(1),
});

export type TaxonomyItem = z.output<typeof itemSchema>;
export type TaxonomyFile = z.output<typeof taxonomySchema>;

export interface Taxonomies {
  readonly contributionTypes: TaxonomyFile;
  readonly subfields: TaxonomyFile;
  /** Every label, contribution types first, in file order. */
  readonly labels: readonly Label[];
  kindOf(label: Label): TaxonomyKind | undefined;
}

export const TAXONOMY_DIR = path.join(PROJECT_ROOT, 'data', 'taxonomy');

function readTaxonomy(file: string, expected: TaxonomyFile['taxonomy']): TaxonomyFile {
  const parsed = taxonomySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid taxonomy file ${file}: ${issues}`);
  }
  if (parsed.data.taxonomy !== expected) {
    throw new Error(`Taxonomy file ${file} holds "${parsed.data.taxonomy}", expected "${expected}"`);
  }
  return parsed.data;
}

export function loadTaxonomies(dir: string = TAXONOMY_DIR): Taxonomies {
  const contributionTypes = readTaxonomy(path.join(dir, 'contribution-types.json'), 'contribution-types');
  const subfields = readTaxonomy(path.join(dir, 'subfields.json'), 'subfields');
  const kinds = new Map<Label, TaxonomyKind>();
  for (const [items, kind] of [
    [contributionTypes.items, 'contribution'],
    [subfields.items, 'subfield'],
  ] as const) {
    for (const item of items) {
      if (kinds.has(item.slug)) throw new Error(`Taxonomy slug ${item.slug} is defined twice`);
      kinds.set(item.slug, kind);
    }
  }
  return {
    contributionTypes,
    subfields,
    labels: [...kinds.keys()],
    kindOf: (label) => kinds.get(label),
  };
}

let cached: Taxonomies | undefined;

/** The project's taxonomies, read once. */
export function taxonomies(): Taxonomies {
  cached ??= loadTaxonomies();
  return cached;
}
