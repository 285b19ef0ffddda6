/**
 * The records every source produces and the graph store accepts: papers (with authors and categories)
 * and citations. They are validated at the graph boundary with these zod schemas; identifiers come out
 * in canonical form, and an invalid record is rejected with an error that names it.
 */
import { z } from 'zod';
import {
  describeRef,
  normalizeDoi,
  normalizeOpenReviewId,
  type PaperRef,
  parseArxivId,
} from './identifiers.js';

/** An identifier field: any accepted spelling in, the canonical form out, or an issue naming the value. */
const canonical = (normalize: (value: string) => string | undefined, what: string) =>
  z
    .string()
    .transform((value, ctx) => {
      const parsed = normalize(value);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: `not ${what}: ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return parsed;
    })
    .optional();

const arxivId = canonical((value) => parseArxivId(value)?.id, 'an arXiv id');
const doi = canonical(normalizeDoi, 'a DOI');
const openreviewId = canonical(normalizeOpenReviewId, 'an OpenReview id');

const paperRefShape = { arxivId, doi, openreviewId };

const hasIdentifier = (ref: PaperRef) => Boolean(ref.arxivId || ref.doi || ref.openreviewId);
const NEEDS_ID = { message: 'needs at least one of arxivId, doi, openreviewId', path: ['arxivId'] };

/** A reference to a paper by any of its identifiers. */
export const paperRefSchema = z.object(paperRefShape).refine(hasIdentifier, NEEDS_ID);

/** Collapses whitespace; keeps the text otherwise as the source wrote it. */
const text = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(max));

export const authorSchema = z.object({
  /** The name as printed. */
  name: text(300).pipe(z.string().min(1, 'author name is empty')),
  /** OpenReview profile id (`~Jane_Doe1`) when known: the strongest author key. */
  openreviewId: z
    .string()
    .regex(/^~[^\s]+\d+$/, 'expected an OpenReview profile id such as ~Jane_Doe1')
    .optional(),
});

const category = z.string().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected an arXiv category such as cs.LG');

export const paperRecordSchema = z
  .object({
    ...paperRefShape,
    title: text(2000).pipe(z.string().min(1, 'title is empty')),
    abstract: text(20_000).optional(),
    year: z.number().int().min(1900).max(2100).optional(),
    /** First publication (ISO 8601 date or date-time). */
    publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    /** Latest version's date, when the source gives one. */
    updatedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    /** Latest arXiv version number seen. */
    arxivVersion: z.number().int().min(1).optional(),
    /** The latest version is a withdrawal notice; the paper stays in the graph (it is still cited). */
    withdrawn: z.boolean().optional(),
    journalRef: text(1000).optional(),
    /** Where the work was published, as a display name ("ICLR 2017"), when a curated source knows it. */
    venue: text(300).optional(),
    /** A summary in the project's own words (the landmark corpus); never a copy of the abstract. */
    summary: text(2000).optional(),
    comments: text(2000).optional(),
    /** Authors in byline order; position = index. */
    authors: z.array(authorSchema).max(5000).optional(),
    /** Author-given keywords (OpenReview). */
    keywords: z
      .array(text(200).pipe(z.string().min(1)))
      .max(100)
      .optional(),
    /** Link to the PDF at the source. */
    pdfUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    /** arXiv categories; the first is the primary one. */
    categories: z.array(category).max(50).optional(),
    /** Which crawler or loader produced the record (`arxiv-api`, `arxiv-oai`, `openreview`, …). */
    source: z.string().min(1).max(100),
  })
  .refine(hasIdentifier, NEEDS_ID);

export type PaperRecordInput = z.input<typeof paperRecordSchema>;
export type PaperRecord = z.output<typeof paperRecordSchema>;
export type Author = z.output<typeof authorSchema>;

/** What is known of a cited paper from the reference list alone; used to fill a stub. */
const referenceHintsSchema = z.object({
  title: text(2000).optional(),
  year: z.number().int().min(1900).max(2100).optional(),
});

export const citationRecordSchema = z
  .object({
    from: paperRefSchema,
    to: paperRefSchema.and(referenceHintsSchema),
    /** The sentences in which `from` cites `to`. */
    contexts: z.array(text(5000)).max(200).default([]),
    /** Where the link was read (`arxiv-html`, `semantic-scholar`, …). */
    source: z.string().min(1).max(100),
  })
  .refine((c) => !sameRef(c.from, c.to), { message: 'a paper cannot cite itself', path: ['to'] });

export type CitationRecordInput = z.input<typeof citationRecordSchema>;
export type CitationRecord = z.output<typeof citationRecordSchema>;

function sameRef(a: PaperRef, b: PaperRef): boolean {
  return Boolean(
    (a.arxivId && a.arxivId === b.arxivId) ||
      (a.doi && a.doi === b.doi) ||
      (a.openreviewId && a.openreviewId === b.openreviewId),
  );
}

/** One rejected record: which one (by index and identifiers) and every reason. */
export interface RecordRejection {
  readonly index: number;
  readonly record: string;
  readonly errors: readonly string[];
}

/** Splits raw input into valid records and rejections that name each bad record and field. */
export function validateRecords<S extends z.ZodType>(
  schema: S,
  inputs: readonly unknown[],
  label: (input: unknown) => string,
): { valid: Array<{ index: number; record: z.output<S> }>; rejected: RecordRejection[] } {
  const valid: Array<{ index: number; record: z.output<S> }> = [];
  const rejected: RecordRejection[] = [];
  inputs.forEach((input, index) => {
    const result = schema.safeParse(input);
    if (result.success) valid.push({ index, record: result.data });
    else
      rejected.push({
        index,
        record: label(input),
        errors: result.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`),
      });
  });
  return { valid, rejected };
}

/** Names a raw (possibly invalid) paper record by whatever identifiers or title it has. */
export function labelPaperInput(input: unknown): string {
  if (!input || typeof input !== 'object') return `(not an object: ${typeof input})`;
  const r = input as Record<string, unknown>;
  const ref = {
    arxivId: typeof r.arxivId === 'string' ? r.arxivId : undefined,
    doi: typeof r.doi === 'string' ? r.doi : undefined,
    openreviewId: typeof r.openreviewId === 'string' ? r.openreviewId : undefined,
  };
  const ids = describeRef(ref);
  if (ids !== '(no identifier)') return ids;
  return typeof r.title === 'string' ? `title=${JSON.stringify(r.title.slice(0, 80))}` : ids;
}

/** Names a raw citation record by its two ends. */
export function labelCitationInput(input: unknown): string {
  if (!input || typeof input !== 'object') return `(not an object: ${typeof input})`;
  const r = input as { from?: unknown; to?: unknown };
  return `${labelPaperInput(r.from)} -> ${labelPaperInput(r.to)}`;
}
