/**
 * Property-based hostile input for every parser: pages of the recorded formats cut, spliced with markup
 * and entity junk, or replaced by arbitrary values. Whatever comes in, a parser either returns records
 * that all pass the record schema, or throws its documented error: never a TypeError or RangeError from
 * inside (a crash), and never slowly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../ingest/errors.js';
import { parseArxivAtom } from '../../ingest/sources/arxiv/arxiv-api.parser.js';
import { extractReferences, referencesToCitations } from '../../ingest/sources/arxiv/html-refs.parser.js';
import { OaiError, parseListRecords } from '../../ingest/sources/arxiv/oai.parser.js';
import { parseNotesPage, parseProfiles } from '../../ingest/sources/openreview/openreview.parser.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { citationRecordSchema, paperRecordSchema } from '../../src/domain/records.js';

const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', name), 'utf8');
const RUNS = 300;
const SLOW_MS = 2000;

/** Markup and entity fragments that break parsers in practice. */
const junk = fc.constantFrom(
  '<',
  '>',
  '&',
  '&amp',
  '&#0;',
  '&#x110000;',
  '&#99999999999;',
  ']]>',
  '<![CDATA[',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
  '<!ENTITY b "&a;&a;">',
  '</entry>',
  '<entry>',
  '<record>',
  '</ListRecords>',
  '<li class="ltx_bibitem" id="bib.bib1">',
  '<a class="ltx_ref" href="#bib.bib999">',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '2301.1234v9999999999',
  'arXiv:hep-th/99',
  '10.1000/',
  '"',
  "'",
  'x'.repeat(5000),
);

/** A page mutated by cuts, insertions and deletions at arbitrary places. */
function mutated(page: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(page.length) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(page.length),
      text: fc.oneof(junk, fc.string()),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(page.length), length: fc.nat(400) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let text = page;
    for (const e of edits) {
      const at = Math.min(e.at, text.length);
      if (e.kind === 'cut') text = text.slice(0, at);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + e.length);
    }
    return text;
  });
}

/** Runs `parse` and checks the outcome: documented error, or valid output; and not slow. */
function survives(parse: () => void, documented: (error: unknown) => boolean): void {
  const started = performance.now();
  try {
    parse();
  } catch (error) {
    if (!documented(error) || error instanceof TypeError || error instanceof RangeError) {
      throw new Error(`undocumented failure: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
  expect(performance.now() - started).toBeLessThan(SLOW_MS);
}

const validPapers = (records: readonly unknown[]) => {
  for (const record of records) expect(paperRecordSchema.safeParse(record).success).toBe(true);
};

describe('hostile input', () => {
  it('should leave the Atom parser with valid records or an ArxivFeedError / arXiv error', () => {
    const pages = ['arxiv/api/search_cs_lg_2025-11.xml', 'arxiv/api/legacy_search_cs_lg.xml'].map(fixture);
    fc.assert(
      fc.property(fc.oneof(...pages.map(mutated), fc.string()), (text) => {
        survives(
          () => validPapers(parseArxivAtom(text).records),
          (e) => e instanceof NonRetryableError,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('should leave the OAI-PMH parser with valid records or a clear Error', () => {
    const pages = [
      'arxiv/oai/listrecords_cs-LG_page1.xml',
      'arxiv/oai/listrecords_arXivRaw_withdrawn.xml',
    ].map(fixture);
    fc.assert(
      fc.property(fc.oneof(...pages.map(mutated), fc.string()), (text) => {
        survives(
          () => validPapers(parseListRecords(text).records),
          (e) => e instanceof OaiError || (e instanceof Error && e.constructor === Error),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('should leave the HTML reference extractor with valid citations or a NotArticle / size error', () => {
    const pages = ['arxiv/html/article_2412.99999v1.html', 'arxiv/html/ar5iv_1307.9999.html'].map(fixture);
    fc.assert(
      fc.property(fc.oneof(...pages.map(mutated), fc.string()), (text) => {
        survives(
          () => {
            const { citations } = referencesToCitations('2412.99999', extractReferences(text));
            for (const c of citations) expect(citationRecordSchema.safeParse(c).success).toBe(true);
          },
          (e) => e instanceof NonRetryableError,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('should leave the OpenReview parsers with valid records or a clear Error, whatever JSON comes in', () => {
    const notes = JSON.parse(fixture('openreview/notes_accepted_offset0.json')) as unknown;
    const profiles = JSON.parse(fixture('openreview/profiles.json')) as unknown;
    /** The fixture with one value somewhere replaced by an arbitrary JSON value. */
    const damaged = (doc: unknown) =>
      fc.tuple(fc.nat(200), fc.jsonValue()).map(([pick, value]) => {
        const copy = structuredClone(doc);
        const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
        const walk = (node: unknown) => {
          if (Array.isArray(node)) {
            for (const [i, v] of node.entries()) {
              slots.push([node, i]);
              walk(v);
            }
          } else if (node && typeof node === 'object') {
            for (const [k, v] of Object.entries(node)) {
              slots.push([node as Record<string, unknown>, k]);
              walk(v);
            }
          }
        };
        walk(copy);
        const slot = slots[pick % Math.max(1, slots.length)];
        if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(damaged(notes), damaged(profiles), fc.jsonValue()), (json) => {
        survives(
          () => {
            validPapers(
              parseNotesPage(json, 'NeurIPS.cc/2024/Workshop/SciForDL').submissions.map((s) => s.record),
            );
          },
          (e) => e instanceof Error && e.constructor === Error,
        );
        survives(
          () => void parseProfiles(json),
          (e) => e instanceof Error && e.constructor === Error,
        );
      }),
      { numRuns: RUNS },
    );
  });
});
