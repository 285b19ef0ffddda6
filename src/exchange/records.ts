/**
 * The JSON Lines import records beyond src/domain/records.ts (papers and citations): the header line,
 * stubs, tags, and the tagging / reference-crawl state a paper line may carry. zod schemas, validated at
 * the graph boundary (ExchangeRepository) like every record. Pure: no Node modules.
 */
import { z } from 'zod';
import { describeRef, type PaperRef } from '../domain/identifiers.js';
import { paperRefSchema } from '../domain/records.js';
import { JSONL_FORMAT, JSONL_VERSION } from './formats.js';

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(max));

const isoDateTime = z.iso.datetime({ offset: true });

/** `{"type":"header","format":"empirica-jsonl","version":1,…}`: optional, first line when present. */
export const headerRecordSchema = z.object({
  format: z.literal(JSONL_FORMAT),
  version: z
    .number()
    .int()
    .min(1)
    .max(JSONL_VERSION, {
      message: `this empirica reads version ${JSONL_VERSION} of the format`,
    }),
  exportedAt: isoDateTime.optional(),
});

/** A paper known only from reference lists: identifiers and what the references said of it. */
export const stubRecordSchema = paperRefSchema.and(
  z.object({
    title: text(2000).optional(),
    year: z.number().int().min(1900).max(2100).optional(),
  }),
);
export type StubRecord = z.output<typeof stubRecordSchema>;

/** What a paper line carries besides the paper record: the tagger's and the reference crawl's state. */
export const paperStateSchema = z.object({
  tagsCurated: z.boolean().optional(),
  taggerVersion: z.string().min(1).max(100).optional(),
  taggedAt: isoDateTime.optional(),
  refsStatus: z.enum(['ok', 'no-html', 'error']).optional(),
  refsCount: z.number().int().min(0).optional(),
});
export type PaperState = z.output<typeof paperStateSchema>;

/**
 * A tag as recorded: the tagger's (`source: "tagger@<version>"`, kept as it is) or a curator's
 * (`source: "curator"` with `curator` and `reason`; `rejected: true` for "does not apply").
 */
export const tagRecordSchema = z
  .object({
    paper: paperRefSchema,
    kind: z.enum(['subfield', 'contribution']),
    label: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/, 'expected a taxonomy slug such as FALSIFICATION'),
    confidence: z.number().min(0).max(1),
    evidence: text(5000).nullish(),
    source: z
      .string()
      .max(100)
      .regex(/^(curator|tagger@\S+)$/, 'expected "curator" or "tagger@<version>"'),
    taggedAt: isoDateTime.nullish(),
    curator: text(200).pipe(z.string().min(1, 'curator is empty')).nullish(),
    reason: text(2000).pipe(z.string().min(1, 'reason is empty')).nullish(),
    rejected: z.boolean().default(false),
  })
  .superRefine((tag, ctx) => {
    if (tag.source === 'curator') {
      if (!tag.curator)
        ctx.addIssue({ code: 'custom', path: ['curator'], message: 'a curator tag names its curator' });
      if (!tag.reason)
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a curator tag gives its reason' });
    } else if (tag.rejected) {
      ctx.addIssue({ code: 'custom', path: ['rejected'], message: 'only a curator rejects a label' });
    }
  });
export type TagRecord = z.output<typeof tagRecordSchema>;

/** Names a raw (possibly invalid) tag line: its paper and label. */
export function labelTagInput(input: unknown): string {
  if (!input || typeof input !== 'object') return `(not an object: ${typeof input})`;
  const r = input as { paper?: unknown; kind?: unknown; label?: unknown };
  const paper = r.paper && typeof r.paper === 'object' ? (r.paper as Record<string, unknown>) : {};
  const ref: PaperRef = {
    ...(typeof paper.arxivId === 'string' ? { arxivId: paper.arxivId } : {}),
    ...(typeof paper.doi === 'string' ? { doi: paper.doi } : {}),
    ...(typeof paper.openreviewId === 'string' ? { openreviewId: paper.openreviewId } : {}),
  };
  return `${describeRef(ref)} ${String(r.kind ?? '?')}:${String(r.label ?? '?')}`;
}
