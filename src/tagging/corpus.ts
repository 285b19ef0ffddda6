/**
 * The bundled landmark corpus (data/landmarks/papers/*.json): real papers of the science of deep learning
 * with their real citation links among them, a summary in the project's own words, and hand-curated tags
 * with a one-line rationale. It is the tagger's labelled data and the demo data of an empty database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.js';
import { parseArxivId } from '../domain/identifiers.js';
import type { Label, Taxonomies } from './taxonomy.js';

export const LANDMARKS_DIR = path.join(PROJECT_ROOT, 'data', 'landmarks', 'papers');

const rationale = z.string().min(3).max(400);

export const landmarkSchema = z.object({
  arxivId: z.string().refine((id) => parseArxivId(id)?.id === id, 'expected a versionless arXiv id'),
  title: z.string().min(1),
  authors: z.array(z.string().min(1)).min(1),
  /** The author list stops at 25 names (very large collaborations). */
  authorsTruncated: z.boolean().optional(),
  year: z.number().int().min(1990).max(2100),
  venue: z.string().min(1).nullable(),
  categories: z.array(z.string().regex(/^[a-z-]+\.[A-Za-z-]+$/)).min(1),
  summary: z.string().min(40).max(1200),
  tags: z.object({
    contributions: z.array(z.object({ type: z.string(), rationale })),
    subfields: z.array(z.object({ subfield: z.string(), rationale })),
  }),
  cites: z.array(z.string()),
});

export type Landmark = z.output<typeof landmarkSchema>;

/** Reads every corpus file, validates each record, and checks ids, labels and citation links. */
export function loadLandmarks(taxonomy: Taxonomies, dir: string = LANDMARKS_DIR): Landmark[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const papers: Landmark[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    if (!Array.isArray(raw)) {
      problems.push(`${file}: expected a JSON array of papers`);
      continue;
    }
    raw.forEach((record, i) => {
      const parsed = landmarkSchema.safeParse(record);
      if (parsed.success) papers.push(parsed.data);
      else {
        const id = (record as { arxivId?: unknown })?.arxivId;
        for (const issue of parsed.error.issues) {
          problems.push(`${file}[${i}] ${String(id)}: ${issue.path.join('.')}: ${issue.message}`);
        }
      }
    });
  }
  const ids = new Set<string>();
  for (const paper of papers) {
    if (ids.has(paper.arxivId)) problems.push(`${paper.arxivId}: appears twice`);
    ids.add(paper.arxivId);
  }
  for (const paper of papers) {
    for (const c of paper.tags.contributions) {
      if (taxonomy.kindOf(c.type) !== 'contribution')
        problems.push(`${paper.arxivId}: unknown contribution type ${c.type}`);
    }
    for (const s of paper.tags.subfields) {
      if (taxonomy.kindOf(s.subfield) !== 'subfield')
        problems.push(`${paper.arxivId}: unknown subfield ${s.subfield}`);
    }
    for (const cited of paper.cites) {
      if (cited === paper.arxivId) problems.push(`${paper.arxivId}: cites itself`);
      else if (!ids.has(cited)) problems.push(`${paper.arxivId}: cites ${cited}, which is not in the corpus`);
    }
  }
  if (problems.length) {
    throw new Error(
      `The landmark corpus in ${dir} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
  }
  return papers.sort((a, b) => a.arxivId.localeCompare(b.arxivId));
}

/** A landmark's curated labels (contribution types and subfields). */
export function curatedLabels(paper: Landmark): Set<Label> {
  return new Set([
    ...paper.tags.contributions.map((c) => c.type),
    ...paper.tags.subfields.map((s) => s.subfield),
  ]);
}

/** What the tagger reads of a landmark: the title, the summary in place of the abstract, the categories. */
export function taggerInputOf(paper: Landmark) {
  return { title: paper.title, abstract: paper.summary, categories: paper.categories };
}
