/**
 * Hostile input, at least 1,000 generated inputs (fast-check, fixed seed) across the Atom, OAI-PMH, HTML
 * references and OpenReview parsers and the JSON Lines importer (against the test Neo4j). Beyond the
 * unit test test/ingest/hostile-input.test.ts (cut and spliced pages), it proves:
 * - pages spliced with generated bombs (deep nesting, attribute floods, formatting elements the HTML5
 *   parser re-opens, entity floods, huge text) still end in valid records or the parser's documented
 *   error, each call under a time bound;
 * - one damaged record in a page is reported with its id and every other record is kept;
 * - a JSON Lines file of hostile lines (not JSON, wrong types, huge strings, unknown kinds, bad ids,
 *   identity conflicts, self-citations, tags of missing papers, Cypher-looking text) mixed among good ones:
 *   every good record stored, every bad line reported with its line number and record, Cypher-looking
 *   strings stored verbatim as data, citations to missing papers stubbed;
 * - entity expansion (billion laughs, external and parameter entities) refused, and huge documents (50 to
 *   200 MB, and under the byte cap but over the structure caps of ingest/xml.ts and the HTML parser) refused
 *   or parsed within bounded time and heap; the HTTP client's body cap holds for a declared, a streamed
 *   and an endless body.
 * Figures (inputs per parser, total, max ms per input, time and memory per bomb) go to
 * .data/chaos/hostile-input.json.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../ingest/errors.js';
import { HttpClient } from '../../ingest/http.js';
import { ingestJsonl, type JsonlSummary } from '../../ingest/jsonl.js';
import {
  ArxivApiError,
  ArxivFeedError,
  parseArxivAtom,
} from '../../ingest/sources/arxiv/arxiv-api.parser.js';
import {
  extractReferences,
  MAX_HTML_BYTES,
  referencesToCitations,
} from '../../ingest/sources/arxiv/html-refs.parser.js';
import { OaiError, parseListRecords } from '../../ingest/sources/arxiv/oai.parser.js';
import { parseNotesPage, parseProfiles } from '../../ingest/sources/openreview/openreview.parser.js';
import { MAX_XML_BYTES } from '../../ingest/xml.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { citationRecordSchema, paperRecordSchema } from '../../src/domain/records.js';
import type { Graph } from '../../src/graph/driver.js';
import { ExchangeRepository } from '../../src/graph/exchange.repository.js';
import { TagRepository } from '../../src/graph/tag.repository.js';
import { type Landmark, loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { FixtureServer } from '../helpers/fixture-server.js';
import { connectTestGraph, TestScope } from '../helpers/neo4j.js';
import { atomEntry, atomFeed, bibItem, citingParagraph, latexmlArticle } from './arxiv-pages.js';
import { recordFigures } from './figures.js';
import { buildOaiWindow } from './oai-window.js';

const SEED = 10_2025;
/** Runs per property; their sum and the JSON Lines lines make the total of generated inputs. */
const RUNS = { atom: 200, oai: 200, html: 120, openreview: 200, damagedRecord: 60 };
const HOSTILE_JSONL_LINES = 400;
/** A parser call on a generated input (at most a few hundred kB) must end within this. */
const SLOW_MS = 3000;
const MB = 1024 * 1024;

const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', name), 'utf8');
const landmarks = loadLandmarks(taxonomies());
const VENUE = 'NeurIPS.cc/2024/Workshop/SciForDL';

// ---------------------------------------------------------------------------------------------------------
// Figures

const inputs: Record<string, number> = {};
const maxMs: Record<string, number> = {};
/** Per bomb: time, growth of heap + Buffer memory (garbage included), growth of the peak RSS, outcome. */
const bombs: Record<string, { ms: number; heapMB: number; rssMB: number; outcome: string }> = {};
let jsonlFigures: Record<string, unknown> = {};

/** Runs one parser call, counts it as an input of `parser`, records its time, and bounds it. */
function timed<T>(parser: string, call: () => T): T {
  const started = performance.now();
  try {
    return call();
  } finally {
    const ms = performance.now() - started;
    inputs[parser] = (inputs[parser] ?? 0) + 1;
    maxMs[parser] = Math.max(maxMs[parser] ?? 0, Math.round(ms));
    expect(ms, `${parser} took ${Math.round(ms)} ms`).toBeLessThan(SLOW_MS);
  }
}

/** A documented failure passes; anything else (a TypeError, a RangeError, another class) is a crash. */
function survives(parser: string, call: () => void, documented: (error: unknown) => boolean): void {
  timed(parser, () => {
    try {
      call();
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError || !documented(error))
        throw new Error(`${parser}: undocumented failure: ${(error as Error)?.stack ?? String(error)}`);
    }
  });
}

const isAtomError = (e: unknown) => e instanceof ArxivFeedError || e instanceof ArxivApiError;
const isOaiError = (e: unknown) => e instanceof OaiError || (e instanceof Error && e.constructor === Error);
const isHtmlError = (e: unknown) => e instanceof NonRetryableError;
const isPlainError = (e: unknown) => e instanceof Error && e.constructor === Error;

const validPapers = (records: readonly unknown[]) => {
  for (const record of records) expect(paperRecordSchema.safeParse(record).success).toBe(true);
};

// ---------------------------------------------------------------------------------------------------------
// Generated hostile text

/** Bombs small enough for a property run (tens to hundreds of kB), spliced into recorded-format pages. */
const bomb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 100, max: 20_000 }).map((n) => '<a>'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`),
  fc
    .integer({ min: 100, max: 4000 })
    .map((n) => `<x ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}/>`),
  fc
    .tuple(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 10, max: 300 }))
    .map(
      ([open, blocks]) =>
        `${Array.from({ length: open }, (_, i) => `<b c=${i}>`).join('')}</div>${'<p>x</p>'.repeat(blocks)}`,
    ),
  fc.integer({ min: 100, max: 3000 }).map((n) => '<ul><li>'.repeat(n)),
  fc.integer({ min: 100, max: 3000 }).map((n) => '<p><div>'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '</x>'.repeat(n)),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => '&amp;'.repeat(n)),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => '&#x1F600;&lol;&#0;'.repeat(n / 10)),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>',
    '&xxe;',
    '<![CDATA[',
    ']]>',
    '<![CDATA[<entry></entry>]]>',
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<?php echo 1; ?>',
    '<!--',
    '-->',
    '<svg><foreignObject><math><mi>',
    '<table><td><table><td>',
    '<script>',
    '<title>',
    '<plaintext>',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '\u202E',
    '\r\n',
  ),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

/** A page with 1–3 edits: cut at a point, a range deleted, or a bomb / arbitrary text inserted. */
function hostilePage(page: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(page.length) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(page.length), length: fc.nat(2000) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(page.length), text: bomb }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(page.length), text: bomb }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let text = page;
    for (const e of edits) {
      const at = Math.min(e.at, text.length);
      if (e.kind === 'cut') text = text.slice(0, at);
      else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else text = text.slice(0, at) + e.text + text.slice(at);
    }
    return text;
  });
}

const options = (numRuns: number) => ({ seed: SEED, numRuns });

// ---------------------------------------------------------------------------------------------------------
// Pages in the recorded formats

const FEED_PAPERS = landmarks.slice(0, 20);
const ATOM_PAGE = atomFeed(FEED_PAPERS.map(atomEntry));
const OAI_WINDOW = buildOaiWindow({ pages: 1, perPage: 20, damagedEvery: 1_000_000, name: 'hostile' });
const OAI_PAGE = OAI_WINDOW.pages[0] as string;
const CITING = landmarks[100] as Landmark;
const CITED = landmarks.slice(101, 111);
const ARTICLE = latexmlArticle(CITING, CITED);

const baseNotes = JSON.parse(fixture('openreview/notes_accepted_offset0.json')) as {
  notes: Array<Record<string, unknown>>;
};
/** Ten submissions of the venue, cloned from the recorded first note with their own ids and titles. */
function notesPage(): { notes: Array<Record<string, unknown>>; count: number } {
  const notes = Array.from({ length: 10 }, (_, i) => {
    const note = structuredClone(baseNotes.notes[0] as Record<string, unknown>);
    const id = `chaosNote${String(i).padStart(2, '0')}x`;
    const content = note.content as Record<string, { value: unknown }>;
    content.title = { value: `${(content.title as { value: string }).value} (${i})` };
    return { ...note, id, forum: id, number: i + 1 };
  });
  return { notes, count: notes.length };
}
const noteIds = notesPage().notes.map((n) => n.id as string);

// ---------------------------------------------------------------------------------------------------------
// Memory

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap and Buffer memory in use (response bodies are Buffers, outside the JS heap). */
const used = () => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
};

/** Runs `call` once, measuring its time, heap growth (garbage included) and peak RSS growth. */
function measured(name: string, call: () => string): { ms: number; heapMB: number; rssMB: number } {
  gc();
  const heapBefore = used();
  const peakBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const outcome = call();
  const ms = Math.round(performance.now() - started);
  const heapMB = Math.round((used() - heapBefore) / MB);
  const rssMB = Math.round((process.resourceUsage().maxRSS - peakBefore) / 1024);
  bombs[name] = { ms, heapMB, rssMB, outcome };
  gc();
  return { ms, heapMB, rssMB };
}

/** The error message of `call`, or `parsed` when it returned. */
function outcomeOf(call: () => unknown): string {
  try {
    call();
    return 'parsed';
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw error;
    return `refused: ${(error as Error).message.slice(0, 160)}`;
  }
}

let graph: Graph;
let scope: TestScope;
let dir: string;

beforeAll(async () => {
  graph = await connectTestGraph('chaos-hostile-input');
  await new TagRepository(graph).syncTaxonomies(taxonomies());
  scope = new TestScope(graph);
  dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-chaos-hostile-'));
});

afterAll(async () => {
  const total = Object.values(inputs).reduce((a, b) => a + b, 0);
  recordFigures('hostile-input', {
    command: 'npx vitest run --project chaos test/chaos/hostile-input.chaos.test.ts',
    seed: SEED,
    inputsPerParser: inputs,
    totalInputs: total,
    maxMsPerInput: maxMs,
    jsonl: jsonlFigures,
    bombs,
  });
  await scope?.cleanup();
  await graph?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------

describe('generated malformed pages: valid records or the documented error, never slowly', () => {
  it('should hold for the Atom parser', () => {
    const pages = [
      ATOM_PAGE,
      fixture('arxiv/api/search_cs_lg_2025-11.xml'),
      fixture('arxiv/api/legacy_search_cs_lg.xml'),
    ];
    fc.assert(
      fc.property(fc.oneof(...pages.map(hostilePage)), (text) => {
        survives('atom', () => validPapers(parseArxivAtom(text).records), isAtomError);
      }),
      options(RUNS.atom),
    );
  });

  it('should hold for the OAI-PMH parser', () => {
    const pages = [OAI_PAGE, fixture('arxiv/oai/listrecords_arXivRaw_withdrawn.xml')];
    fc.assert(
      fc.property(fc.oneof(...pages.map(hostilePage)), (text) => {
        survives('oai', () => validPapers(parseListRecords(text).records), isOaiError);
      }),
      options(RUNS.oai),
    );
  });

  it('should hold for the HTML references parser', () => {
    const pages = [ARTICLE, fixture('arxiv/html/ar5iv_1307.9999.html')];
    fc.assert(
      fc.property(fc.oneof(...pages.map(hostilePage)), (text) => {
        survives(
          'html',
          () => {
            const { citations } = referencesToCitations(CITING.arxivId, extractReferences(text));
            for (const c of citations) expect(citationRecordSchema.safeParse(c).success).toBe(true);
          },
          isHtmlError,
        );
      }),
      options(RUNS.html),
    );
  });

  it('should hold for the OpenReview parsers, whatever JSON value comes in', () => {
    const page = notesPage();
    const hostileValue = fc.oneof(
      fc.jsonValue(),
      fc
        .integer({ min: 1, max: 5000 })
        .map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
      fc.integer({ min: 1000, max: 1_000_000 }).map((n) => 'x'.repeat(n)),
      fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, '', '~', '\uD800', {}, [], null),
      fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "value": "x"}')),
    );
    /** The page with 1–3 values somewhere replaced by hostile ones, or a hostile value as the whole body. */
    const damaged = fc
      .tuple(fc.array(fc.tuple(fc.nat(10_000), hostileValue), { minLength: 1, maxLength: 3 }))
      .map(([edits]) => {
        const copy = structuredClone(page) as unknown;
        for (const [pick, value] of edits) {
          // Every place a value sits, found without recursion (values may be nested thousands deep).
          const slots: Array<[Record<string | number, unknown>, string | number]> = [];
          const stack: unknown[] = [copy];
          while (stack.length) {
            const node = stack.pop();
            if (!node || typeof node !== 'object') continue;
            for (const [k, v] of Object.entries(node)) {
              slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k]);
              stack.push(v);
            }
          }
          const slot = slots[pick % Math.max(1, slots.length)];
          if (slot) slot[0][slot[1]] = value;
        }
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(damaged, hostileValue), (json) => {
        survives(
          'openreview',
          () => validPapers(parseNotesPage(json, VENUE).submissions.map((s) => s.record)),
          isPlainError,
        );
        survives('openreview-profiles', () => void parseProfiles(json), isPlainError);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      options(RUNS.openreview),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

/** The `index`-th match of `pattern` (global) in `text` replaced by `replace(match)`. */
function replaceNth(
  text: string,
  pattern: RegExp,
  index: number,
  replace: (match: string) => string,
): string {
  let seen = -1;
  const result = text.replace(pattern, (match) => (++seen === index ? replace(match) : match));
  if (seen < index) throw new Error(`fewer than ${index + 1} matches of ${pattern}`);
  return result;
}

describe('one damaged record: reported with its id, every other record kept', () => {
  it('should hold for the Atom parser', () => {
    const kinds = ['no-title', 'bad-published', 'bad-doi', 'nameless-author', 'bad-id', 'no-id'] as const;
    fc.assert(
      fc.property(fc.nat(FEED_PAPERS.length - 1), fc.constantFrom(...kinds), (k, kind) => {
        const paper = FEED_PAPERS[k] as Landmark;
        const entries = FEED_PAPERS.map(atomEntry);
        const entry = entries[k] as string;
        entries[k] = {
          'no-title': () => entry.replace(/<title>[^<]*<\/title>/, ''),
          'bad-published': () => entry.replace(/<published>[^<]*</, '<published>2021-02-30T25:61:00Z<'),
          'bad-doi': () =>
            entry.replace('</summary>', '</summary>\n    <arxiv:doi>not a doi at all</arxiv:doi>'),
          'nameless-author': () => entry.replace(/<name>[^<]*<\/name>/, '<name> </name>'),
          'bad-id': () => entry.replace(/<id>[^<]*<\/id>/, '<id>http://example.org/abs/nope</id>'),
          'no-id': () => entry.replace(/<id>[^<]*<\/id>/, ''),
        }[kind]();
        const page = timed('atom', () => parseArxivAtom(atomFeed(entries)));
        const label = {
          'bad-id': 'http://example.org/abs/nope',
          'no-id': `entry ${k + 1} (${JSON.stringify(paper.title.slice(0, 80))})`,
        }[kind as string];
        expect(page.problems.map((p) => p.id)).toEqual([label ?? paper.arxivId]);
        expect(page.problems[0]?.errors.length).toBeGreaterThan(0);
        expect(page.records.map((r) => r.arxivId)).toEqual(
          FEED_PAPERS.filter((_, i) => i !== k).map((p) => p.arxivId),
        );
        validPapers(page.records);
      }),
      options(RUNS.damagedRecord),
    );
  });

  it('should hold for the OAI-PMH parser', () => {
    const kinds = [
      'no-title',
      'bad-created',
      'other-metadata-id',
      'not-arxiv-identifier',
      'empty-keyname',
      'bad-category',
      'no-metadata',
      'no-identifier',
    ] as const;
    const ids = OAI_WINDOW.storedIds;
    fc.assert(
      fc.property(fc.nat(ids.length - 1), fc.constantFrom(...kinds), (k, kind) => {
        const id = ids[k] as string;
        const other = ids[(k + 1) % ids.length] as string;
        const page = replaceNth(OAI_PAGE, /<record>[\s\S]*?<\/record>/g, k, (record) =>
          ({
            'no-title': () => record.replace(/<title>[\s\S]*?<\/title>/, ''),
            'bad-created': () => record.replace(/<created>[^<]*</, '<created>2021-02-30<'),
            'other-metadata-id': () => record.replace(`<id>${id}</id>`, `<id>${other}</id>`),
            'not-arxiv-identifier': () => record.replace(`oai:arXiv.org:${id}`, 'oai:example.org:nope'),
            'empty-keyname': () => record.replace(/<keyname>[^<]*<\/keyname>/, '<keyname></keyname>'),
            'bad-category': () => record.replace(/<categories>[^<]*</, '<categories>Not A Category!<'),
            'no-metadata': () => record.replace(/<metadata>[\s\S]*<\/metadata>/, ''),
            'no-identifier': () => record.replace(/<identifier>[^<]*<\/identifier>/, ''),
          })[kind](),
        );
        const parsed = timed('oai', () => parseListRecords(page));
        const label = {
          'not-arxiv-identifier': 'oai:example.org:nope',
          'no-identifier': `(record ${k + 1} of the page, without an identifier)`,
        }[kind as string];
        expect(parsed.problems.map((p) => p.id)).toEqual([label ?? `oai:arXiv.org:${id}`]);
        expect(parsed.records.map((r) => r.arxivId)).toEqual(ids.filter((_, i) => i !== k));
        validPapers(parsed.records);
      }),
      options(RUNS.damagedRecord),
    );
  });

  it('should hold for the HTML references parser', () => {
    const kinds = ['no-bib-id', 'garbled-arxiv-id', 'dangling-citation'] as const;
    const clean = extractReferences(ARTICLE);
    expect(clean.references.map((r) => r.arxivId)).toEqual(CITED.map((p) => p.arxivId));
    fc.assert(
      fc.property(fc.nat(CITED.length - 1), fc.constantFrom(...kinds), (k, kind) => {
        const n = k + 1;
        const ref = CITED[k] as Landmark;
        const items = CITED.map((p, i) => bibItem(p, i + 1));
        const paragraphs = CITED.map((p, i) => citingParagraph(CITING, p, i + 1));
        if (kind === 'no-bib-id') items[k] = (items[k] as string).replace(` id="bib.bib${n}"`, '');
        if (kind === 'garbled-arxiv-id')
          items[k] = (items[k] as string).replace(`arXiv:${ref.arxivId}`, 'arXiv:XXXX.garbled');
        if (kind === 'dangling-citation')
          paragraphs[k] = (paragraphs[k] as string).replace(`#bib.bib${n}"`, '#bib.bib999"');
        const refs = timed('html', () =>
          extractReferences(latexmlArticle(CITING, CITED, { items, paragraphs })),
        );
        const { citations, unresolved } = referencesToCitations(CITING.arxivId, refs);
        // Every other reference exactly as in the clean page.
        refs.references.forEach((r, i) => {
          if (i !== k) expect(r).toEqual(clean.references[i]);
        });
        expect(refs.references).toHaveLength(CITED.length);
        const damaged = refs.references[k];
        if (kind === 'no-bib-id') {
          expect(damaged?.bibId).toBe(`bibitem-${n}`);
          expect(refs.problems.join('\n')).toContain(`bibliography item ${n} has no id`);
          expect(refs.problems.join('\n')).toContain(`#bib.bib${n} is cited 1 time(s)`);
        } else if (kind === 'garbled-arxiv-id') {
          expect(damaged?.arxivId).toBeUndefined();
          expect(unresolved.map((u) => u.bibId)).toEqual([`bib.bib${n}`]);
        } else {
          expect(damaged?.contexts).toEqual([]);
          expect(refs.problems.join('\n')).toContain('#bib.bib999 is cited 1 time(s)');
        }
        expect(citations.map((c) => c.to.arxivId)).toEqual(
          CITED.filter((_, i) => i !== k || kind !== 'garbled-arxiv-id').map((p) => p.arxivId),
        );
      }),
      options(RUNS.damagedRecord),
    );
  });

  it('should hold for the OpenReview parser', () => {
    const kinds = [
      'title-number',
      'no-content',
      'unwrapped-title',
      'other-venue',
      'email-author',
      'pdate-in-seconds',
      'bad-id',
    ] as const;
    expect(parseNotesPage(notesPage(), VENUE).submissions.map((s) => s.forumId)).toEqual(noteIds);
    fc.assert(
      fc.property(fc.nat(noteIds.length - 1), fc.constantFrom(...kinds), (k, kind) => {
        const page = notesPage();
        const note = page.notes[k] as Record<string, unknown>;
        const content = note.content as Record<string, unknown>;
        if (kind === 'title-number') content.title = { value: 42 };
        if (kind === 'no-content') delete note.content;
        if (kind === 'unwrapped-title') content.title = 'A v1 title';
        if (kind === 'other-venue') content.venueid = { value: 'Other.cc/2024/Conference' };
        if (kind === 'email-author') content.authors = { value: ['Jane Doe', 'jane@example.org'] };
        if (kind === 'pdate-in-seconds') note.pdate = 1_486_393_200;
        if (kind === 'bad-id') note.id = 42;
        const parsed = timed('openreview', () => parseNotesPage(page, VENUE));
        expect(parsed.problems.map((p) => p.id)).toEqual([kind === 'bad-id' ? `#${k}` : noteIds[k]]);
        expect(parsed.submissions.map((s) => s.forumId)).toEqual(noteIds.filter((_, i) => i !== k));
        validPapers(parsed.submissions.map((s) => s.record));
      }),
      options(RUNS.damagedRecord),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Strings that look like Cypher (or other injections): they must be stored as plain data. */
const CYPHER_LOOKING = [
  "') MATCH (n) DETACH DELETE n //",
  '"}) MATCH (p:Paper) SET p.title = "pwned" RETURN p //',
  '$title $arxivId {title: $x}',
  '`Paper` UNION MATCH (m) RETURN m',
  'CALL db.labels() YIELD label RETURN label',
  "x' OR 1=1 -- ; DROP TABLE papers;",
  'LOAD CSV FROM "file:///etc/passwd" AS line RETURN line',
  '\\u0027}) DETACH DELETE p //',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}} ${7*7} %{7*7}',
];

type Expectation = 'stored' | 'reported' | 'stubbed' | 'ignored';

interface LineSpec {
  readonly text: string;
  readonly expect: Expectation;
  /** For `reported`: text the problem's record must contain; for `stored`/`stubbed`: the arXiv id. */
  readonly id?: string;
  /** For `stored` papers: the title as it must read back. */
  readonly title?: string;
  readonly kind: string;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** What UTF-8 (and so the database) makes of a lone surrogate: U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The hostile line kinds, as generators of specs given the line's own arXiv id and a good paper's. */
function hostileLine(
  s: TestScope,
  n: number,
  good: { arxivId: string; doi: string },
): fc.Arbitrary<LineSpec> {
  const id = s.arxiv(1000 + n);
  const paper = (extra: Record<string, unknown>) =>
    JSON.stringify({ type: 'paper', arxivId: id, title: `Hostile ${n}`, source: 'chaos', ...extra });
  return fc.oneof(
    fc.string({ maxLength: 40 }).map((junk) => ({
      kind: 'not-json',
      text: `{"type":"paper","arxivId":"${id}", ${junk.replace(/[\r\n]/g, ' ')} ,,`,
      expect: 'reported' as const,
      id: '(unparsed line)',
    })),
    fc
      .oneof(
        fc.array(fc.jsonValue(), { maxLength: 3 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.constant(null),
        fc.boolean(),
      )
      .map((value) => ({
        kind: 'not-object',
        text: JSON.stringify(value),
        expect: 'reported' as const,
        id: '(line)',
      })),
    fc.constantFrom('review', 'PAPER', '', 1, null, undefined, 'stub', 'header ').map((type) => ({
      kind: 'unknown-type',
      text: JSON.stringify({ type, arxivId: id, title: 'x', source: 'chaos' }),
      expect: 'reported' as const,
      id: '(line)',
    })),
    fc
      .constantFrom<Record<string, unknown>>(
        { title: 123 },
        { year: '2020' },
        { authors: 'Jane Doe' },
        { categories: 'cs.LG' },
        { arxivVersion: -1 },
        { withdrawn: 'yes' },
        { publishedAt: 'yesterday' },
        { pdfUrl: 'javascript:alert(1)' },
        { authors: [{ name: '' }] },
        { source: '' },
        { refsStatus: 'maybe' },
      )
      .map((extra) => ({
        kind: 'wrong-type',
        text: paper(extra),
        expect: 'reported' as const,
        id: `arxivId=${id}`,
      })),
    fc
      .tuple(fc.constantFrom('title', 'abstract', 'comments', 'journalRef'), fc.integer({ min: 1, max: 50 }))
      .map(([field, k]) => ({
        kind: 'huge-string',
        text: paper({
          [field]: 'y'.repeat(
            (({ title: 2000, abstract: 20_000, comments: 2000, journalRef: 1000 } as Record<string, number>)[
              field
            ] as number) +
              k * 997,
          ),
        }),
        expect: 'reported' as const,
        id: `arxivId=${id}`,
      })),
    fc
      .constantFrom(
        { arxivId: 'not-an-id' },
        { arxivId: '1234.5' },
        { arxivId: '9999.9999999' },
        { arxivId: '../../etc/passwd' },
        { arxivId: "2301.00001'; DROP" },
        { doi: 'doi:nothing' },
        { openreviewId: 'has spaces here' },
        { arxivId: 42 },
      )
      .map((ids) => ({
        kind: 'bad-id',
        text: JSON.stringify({ type: 'paper', title: `Bad id ${n}`, source: 'chaos', ...ids }),
        expect: 'reported' as const,
        id:
          typeof Object.values(ids)[0] === 'string'
            ? `${Object.keys(ids)[0]}=${Object.values(ids)[0]}`
            : `title="Bad id ${n}"`,
      })),
    fc
      .tuple(fc.constantFrom(...CYPHER_LOOKING), fc.constantFrom('title', 'abstract', 'author', 'comments'))
      .map(([evil, field]) => {
        const title = field === 'title' ? evil : `Hostile ${n}`;
        const extra =
          field === 'title'
            ? { title: evil }
            : field === 'author'
              ? { authors: [{ name: s.author(evil) }] }
              : { [field]: evil };
        return {
          kind: `cypher-${field}`,
          text: paper(extra),
          expect: 'stored' as const,
          id,
          title: collapse(title),
        };
      }),
    fc.constant({
      kind: 'identity-conflict',
      text: JSON.stringify({
        type: 'paper',
        arxivId: good.arxivId,
        doi: `${good.doi}.other`,
        title: 'Conflict',
        source: 'chaos',
      }),
      expect: 'reported' as const,
      id: good.arxivId,
    }),
    fc.constantFrom('one', 'both').map((ends) => ({
      kind: `citation-to-missing-${ends}`,
      text: JSON.stringify({
        type: 'citation',
        from: { arxivId: ends === 'both' ? s.arxiv(3000 + n) : good.arxivId },
        to: { arxivId: id, title: `Missing ${n}` },
        contexts: ['A sentence that cites it.'],
        source: 'chaos',
      }),
      expect: 'stubbed' as const,
      id,
    })),
    fc
      .constantFrom<Record<string, unknown>>(
        { from: { arxivId: good.arxivId }, to: { arxivId: good.arxivId } },
        { from: {}, to: { arxivId: good.arxivId } },
        { from: { arxivId: good.arxivId }, to: { arxivId: 'nope' } },
        { from: { arxivId: good.arxivId }, to: { arxivId: id }, contexts: 'not a list' },
        {
          from: { arxivId: good.arxivId },
          to: { arxivId: id },
          contexts: Array.from({ length: 201 }, (_, i) => `s${i}`),
        },
      )
      .map((citation) => ({
        kind: 'bad-citation',
        text: JSON.stringify({ type: 'citation', source: 'chaos', contexts: [], ...citation }),
        expect: 'reported' as const,
        id: '->',
      })),
    fc
      .constantFrom<Record<string, unknown>>(
        { paper: { arxivId: s.arxiv(7000 + n) }, label: 'FALSIFICATION' },
        { paper: { arxivId: good.arxivId }, label: 'NOT_A_LABEL' },
        { paper: { arxivId: good.arxivId }, label: 'FALSIFICATION', source: 'me' },
        { paper: { arxivId: good.arxivId }, label: 'FALSIFICATION', confidence: 7 },
        { paper: { arxivId: good.arxivId }, label: 'FALSIFICATION', source: 'curator' },
      )
      .map((tag) => ({
        kind: 'bad-tag',
        text: JSON.stringify({
          type: 'tag',
          kind: 'contribution',
          confidence: 0.5,
          source: 'tagger@1.0.0',
          ...tag,
        }),
        expect: 'reported' as const,
        id: tag.label as string,
      })),
    fc.constantFrom({ format: 'other' }, { format: 'empirica-jsonl', version: 99 }).map((header) => ({
      kind: 'bad-header',
      text: JSON.stringify({ type: 'header', ...header }),
      expect: 'reported' as const,
      id: '(header)',
    })),
    fc.constant({
      kind: 'proto-pollution',
      text: `{"type":"paper","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"arxivId":"${id}","title":"Proto ${n}","source":"chaos"}`,
      expect: 'stored' as const,
      id,
      title: `Proto ${n}`,
    }),
    fc.integer({ min: 1000, max: 50_000 }).map((depth) => ({
      kind: 'deep-json',
      text: `{"type":"paper","arxivId":"${id}","title":"Deep ${n}","source":"chaos","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      expect: 'stored' as const,
      id,
      title: `Deep ${n}`,
    })),
    fc.constantFrom('\u0000', '\u202E', '\uD800', '\uFEFF', '\u2028').map((odd) => ({
      kind: 'odd-characters',
      text: paper({ title: `Odd${odd}title ${n}` }),
      expect: 'stored' as const,
      id,
      title: collapse(`Odd${odd}title ${n}`).replace(LONE_SURROGATE, '\uFFFD'),
    })),
    fc
      .constantFrom('', '   ', '\t')
      .map((blank) => ({ kind: 'blank', text: blank, expect: 'ignored' as const })),
  );
}

describe('the JSON Lines importer with hostile lines among good ones', () => {
  it('should store every good record, report every bad line by number and record, and store Cypher-looking text verbatim', async () => {
    const goodCount = 150;
    const good = Array.from({ length: goodCount }, (_, i) => ({
      arxivId: scope.arxiv(i + 1),
      doi: scope.doi(i + 1),
      title: `Good paper ${i + 1}: ${CYPHER_LOOKING[i % CYPHER_LOOKING.length]}`,
    }));
    const goodLines: LineSpec[] = good.map((g, i) => ({
      kind: 'good-paper',
      text: JSON.stringify({
        type: 'paper',
        ...g,
        authors: [{ name: scope.author(`Author${i}`) }],
        categories: [scope.category()],
        source: 'chaos',
      }),
      expect: 'stored',
      id: g.arxivId,
      title: collapse(g.title),
    }));
    const goodCitations: LineSpec[] = good.slice(1, 41).map((g, i) => ({
      kind: 'good-citation',
      text: JSON.stringify({
        type: 'citation',
        from: { arxivId: g.arxivId },
        to: { arxivId: good[i]?.arxivId },
        contexts: [`Sentence ${i} citing it.`],
        source: 'chaos',
      }),
      expect: 'stored',
    }));
    const goodTags: LineSpec[] = good.slice(0, 20).map((g) => ({
      kind: 'good-tag',
      text: JSON.stringify({
        type: 'tag',
        paper: { arxivId: g.arxivId },
        kind: 'contribution',
        label: 'FALSIFICATION',
        confidence: 0.9,
        source: 'tagger@1.0.0',
      }),
      expect: 'stored',
    }));
    // The papers conflicts are checked against are in the graph before the hostile file.
    const anchors = good.slice(0, 10);
    const anchorFile = path.join(dir, 'anchors.jsonl');
    await writeFile(
      anchorFile,
      `${goodLines
        .slice(0, 10)
        .map((l) => l.text)
        .join('\n')}\n`,
    );
    const repository = new ExchangeRepository(graph, { chunk: 40 });
    const anchored = await ingestJsonl(anchorFile, repository, { batchSize: 40 });
    expect(anchored.problems).toEqual([]);

    const hostile = Array.from({ length: HOSTILE_JSONL_LINES }, (_, n) => {
      const [spec] = fc.sample(
        hostileLine(scope, n, anchors[n % anchors.length] as (typeof anchors)[number]),
        {
          seed: SEED + n,
          numRuns: 1,
        },
      );
      return spec as LineSpec;
    });
    const header: LineSpec = {
      kind: 'header',
      text: JSON.stringify({ type: 'header', format: 'empirica-jsonl', version: 1 }),
      expect: 'ignored',
    };
    // Hostile lines spread among the good ones, deterministically.
    const goodAll = [...goodLines, ...goodLines.slice(0, 5), ...goodCitations, ...goodTags];
    const lines: LineSpec[] = [header];
    for (let i = 0, h = 0; i < goodAll.length || h < hostile.length; i++) {
      if (i < goodAll.length) lines.push(goodAll[i] as LineSpec);
      for (let j = 0; j < 2 && h < hostile.length; j++) lines.push(hostile[h++] as LineSpec);
    }
    const file = path.join(dir, 'hostile.jsonl');
    await writeFile(file, `${lines.map((l) => l.text).join('\n')}\n`);

    const papersBefore = await countPapers();
    const started = performance.now();
    const summary: JsonlSummary = await ingestJsonl(file, repository, { batchSize: 40 });
    const seconds = (performance.now() - started) / 1000;
    inputs.jsonl = (inputs.jsonl ?? 0) + hostile.length;

    const problems = new Map(summary.problems.map((p) => [p.line, p]));
    const byKind: Record<string, number> = {};
    lines.forEach((spec, index) => {
      const line = index + 1;
      byKind[spec.kind] = (byKind[spec.kind] ?? 0) + 1;
      const problem = problems.get(line);
      if (spec.expect === 'reported') {
        expect(problem, `line ${line} (${spec.kind}) should be reported`).toBeDefined();
        if (spec.id) expect(problem?.record, `line ${line} (${spec.kind})`).toContain(spec.id);
        expect(problem?.errors.length).toBeGreaterThan(0);
      } else {
        expect(problem, `line ${line} (${spec.kind}): ${JSON.stringify(problem)}`).toBeUndefined();
      }
    });
    expect(summary.problems).toHaveLength(lines.filter((l) => l.expect === 'reported').length);

    // Every paper that should be stored is, with its text exactly as written (whitespace collapsed).
    const stored = lines.filter((l) => l.expect === 'stored' && l.title !== undefined);
    const rows = await graph.read<{
      arxivId: string;
      title: string;
      stub: boolean | null;
      abstract: string | null;
    }>({
      text: 'MATCH (p:Paper) WHERE p.arxivId IN $ids RETURN p.arxivId AS arxivId, p.title AS title, p.stub AS stub, p.abstract AS abstract',
      params: { ids: stored.map((l) => l.id) },
    });
    const titles = new Map(rows.map((r) => [r.arxivId, r.title]));
    for (const spec of stored) expect(titles.get(spec.id as string), spec.kind).toBe(spec.title);
    expect(rows.filter((r) => r.stub)).toEqual([]);
    // Cypher-looking abstracts and author names read back verbatim.
    for (const spec of lines.filter((l) => l.kind === 'cypher-abstract')) {
      const value = (JSON.parse(spec.text) as { abstract: string }).abstract;
      expect(rows.find((r) => r.arxivId === spec.id)?.abstract).toBe(collapse(value));
    }
    const authorNames = lines
      .filter((l) => l.kind === 'cypher-author')
      .map((l) => (JSON.parse(l.text) as { authors: Array<{ name: string }> }).authors[0]?.name as string);
    const authors = await graph.read<{ name: string }>({
      text: 'MATCH (a:Author)-[:AUTHORED]->(:Paper) WHERE a.name IN $names RETURN DISTINCT a.name AS name',
      params: { names: authorNames.map(collapse) },
    });
    expect(authors.map((a) => a.name).sort()).toEqual([...new Set(authorNames.map(collapse))].sort());
    // Citations to papers nowhere in the file became stubs.
    const stubIds = lines.filter((l) => l.expect === 'stubbed').map((l) => l.id);
    const [stubRow] = await graph.read<{ stubs: number }>({
      text: 'MATCH (p:Paper) WHERE p.arxivId IN $ids AND p.stub = true RETURN count(p) AS stubs',
      params: { ids: stubIds },
    });
    expect(stubRow?.stubs).toBe(new Set(stubIds).size);
    // Nothing was deleted or rewritten by the injected text: the graph only grew.
    const papersAfter = await countPapers();
    expect(papersAfter).toBeGreaterThan(papersBefore);
    const [pwned] = await graph.read<{ n: number }>({
      text: "MATCH (p:Paper) WHERE p.title = 'pwned' RETURN count(p) AS n",
      params: {},
    });
    expect(pwned?.n).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    jsonlFigures = {
      lines: lines.length,
      hostileLines: hostile.length,
      goodLines: goodAll.length,
      reported: summary.problems.length,
      papersWritten: summary.papers,
      stubs: summary.stubs,
      citations: summary.citations,
      tags: summary.tags,
      seconds: Math.round(seconds * 10) / 10,
      linesByKind: byKind,
    };
  });
});

async function countPapers(): Promise<number> {
  const [row] = await graph.read<{ n: number }>({ text: 'MATCH (p:Paper) RETURN count(p) AS n', params: {} });
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------------------

const OAI_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n<responseDate>2025-06-21T09:00:00Z</responseDate>\n<ListRecords>\n';
const OAI_TAIL = '\n</ListRecords>\n</OAI-PMH>\n';
const oneRecord = (OAI_PAGE.match(/<record>[\s\S]*?<\/record>/) as RegExpMatchArray)[0];

/** A body of about `bytes` bytes made of `unit` repeated, between `head` and `tail`. */
const sized = (head: string, unit: string, bytes: number, tail: string) =>
  head + unit.repeat(Math.ceil(bytes / unit.length)) + tail;

describe('entity expansion and huge documents: refused or handled within bounded time and memory', () => {
  const refusedXml = (name: string, make: () => string, reason: RegExp) => {
    it(`should refuse ${name} in both XML parsers, quickly and without growing the heap`, () => {
      let text: string | undefined = make();
      for (const [parser, parse] of [
        ['oai', () => parseListRecords(text as string)],
        ['atom', () => parseArxivAtom(text as string)],
      ] as const) {
        let outcome = '';
        const figures = measured(`${name} (${parser})`, () => {
          outcome = outcomeOf(parse);
          return outcome;
        });
        expect(outcome).toMatch(reason);
        expect(figures.ms).toBeLessThan(5000);
        expect(figures.heapMB).toBeLessThan(200);
      }
      text = undefined;
    });
  };

  refusedXml('the billion laughs bomb', () => fixture('arxiv/oai/hostile_entity-bomb.xml'), /DOCTYPE/);
  refusedXml(
    'an external entity (XXE)',
    () =>
      `<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${OAI_PAGE.replace(/^<\?xml[^>]*>/, '').replace('<title>', '<title>&xxe;')}`,
    /DOCTYPE/,
  );
  refusedXml(
    'a parameter entity reaching out',
    () =>
      `<!DOCTYPE feed [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>${ATOM_PAGE.replace(/^<\?xml[^>]*>/, '')}`,
    /DOCTYPE/,
  );
  refusedXml(
    'a quadratic blowup (one 100 kB entity used 20,000 times)',
    () => `<!DOCTYPE x [<!ENTITY big "${'b'.repeat(100_000)}">]><x>${'&big;'.repeat(20_000)}</x>`,
    /DOCTYPE/,
  );
  refusedXml(
    '100,000 nested elements',
    () => `${OAI_HEAD}${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}${OAI_TAIL}`,
    /nested|not an Atom|OAI-PMH/,
  );
  refusedXml(
    '50 MB of repeated records',
    () => sized(OAI_HEAD, oneRecord, 50 * MB, OAI_TAIL),
    /over the \d+-byte limit/,
  );
  refusedXml(
    '100 MB of nested elements',
    () => sized(OAI_HEAD, '<a><b><c>x</c></b></a>', 100 * MB, OAI_TAIL),
    /over the \d+-byte limit/,
  );
  refusedXml(
    'a single 200 MB text node',
    () =>
      `${OAI_HEAD}<record><header><identifier>${'x'.repeat(200 * MB)}</identifier></header></record>${OAI_TAIL}`,
    /over the \d+-byte limit/,
  );
  refusedXml(
    '19 MB of empty elements (over the tag limit)',
    () => sized(OAI_HEAD, '<x/>', 19 * MB, OAI_TAIL),
    /tags/,
  );
  refusedXml(
    '10 MB of attributes (over the attribute limit)',
    () => sized(OAI_HEAD, '<x a="1" b="2" c="3" d="4"/>', 10 * MB, OAI_TAIL),
    /attributes/,
  );
  refusedXml(
    'a flood of distinct element names',
    () => `${OAI_HEAD}${Array.from({ length: 100_000 }, (_, i) => `<e${i}/>`).join('')}${OAI_TAIL}`,
    /distinct/,
  );

  it('should keep undeclared entity references as text, never expanding them', () => {
    const page = OAI_PAGE.replace(/<title>/, `<title>${'&xxe;'.repeat(50_000)}`);
    const parsed = timed('oai', () => parseListRecords(page));
    expect(parsed.problems.map((p) => p.errors.join()).join()).toMatch(/title/); // 250 kB: over the title limit
    const short = OAI_PAGE.replace(/<title>/, '<title>&xxe;&lol9; ');
    const record = timed('oai', () => parseListRecords(short)).records[0];
    expect(record?.title).toMatch(/^&xxe;&lol9; /);
  });

  it('should parse a large legitimate page (about 8 MB, 6,000 records) in bounded time and memory', () => {
    const ids: string[] = [];
    const records = Array.from({ length: 6000 }, (_, i) => {
      const id = `2501.${String(10_000 + i)}`;
      ids.push(id);
      return oneRecord.replaceAll(/\d{4}\.\d{4,5}(?=<|\s|$)/g, id);
    });
    let page: string | undefined = OAI_HEAD + records.join('\n') + OAI_TAIL;
    let parsedRecords = 0;
    const figures = measured(
      `a ${Math.round((page.length / MB) * 10) / 10} MB page of 6,000 records (oai)`,
      () => {
        parsedRecords = parseListRecords(page as string).records.length;
        return `parsed ${parsedRecords} records`;
      },
    );
    page = undefined;
    expect(parsedRecords).toBe(6000);
    expect(figures.ms).toBeLessThan(30_000);
    expect(figures.heapMB).toBeLessThan(1500);
  });

  const refusedHtml = (
    name: string,
    make: () => string,
    reason: RegExp,
    bounds = { ms: 10_000, heapMB: 700 },
  ) => {
    it(`should refuse ${name} in the HTML parser within bounds`, () => {
      let text: string | undefined = make();
      let outcome = '';
      const figures = measured(`${name} (html)`, () => {
        outcome = outcomeOf(() => extractReferences(text as string));
        return outcome;
      });
      text = undefined;
      expect(outcome).toMatch(reason);
      expect(figures.ms).toBeLessThan(bounds.ms);
      expect(figures.heapMB).toBeLessThan(bounds.heapMB);
    });
  };
  const body = (inner: string) =>
    `<html><body><article class="ltx_document"><p class="ltx_p">x</p>${inner}</article></body></html>`;
  refusedHtml(
    'a 50 MB page',
    () => body('<p class="ltx_p">y</p>'.repeat((50 * MB) / 22)),
    /over the \d+-byte cap/,
    { ms: 3000, heapMB: 100 },
  );
  refusedHtml(
    '100,000 divs nested in a paragraph',
    () => body(`<p>${'<div>'.repeat(100_000)}`),
    /deeper than 512/,
    { ms: 3000, heapMB: 100 },
  );
  refusedHtml('50,000 nested lists', () => body('<ul><li>'.repeat(50_000)), /deeper than 512/, {
    ms: 3000,
    heapMB: 100,
  });
  refusedHtml(
    'formatting elements re-opened in 40,000 paragraphs',
    () =>
      body(
        `<div>${Array.from({ length: 500 }, (_, i) => `<b c=${i}>`).join('')}</div>${'<p>x</p>'.repeat(40_000)}`,
      ),
    /more than \d+ elements/,
  );
  refusedHtml(
    '16 MB of end tags under 500 open spans',
    () => body(`${'<span>'.repeat(500)}${'</x>'.repeat(4_000_000)}`),
    /end tags/,
    {
      ms: 3000,
      heapMB: 100,
    },
  );

  it('should bound the parsers at their documented caps', () => {
    expect(MAX_XML_BYTES).toBe(20 * MB);
    expect(MAX_HTML_BYTES).toBe(20 * MB);
  });

  it('should report a 50 MB JSON Lines line and go on, within bounded memory', async () => {
    const file = path.join(dir, 'huge-line.jsonl');
    const huge = scope.arxiv(9001);
    const after = scope.arxiv(9002);
    await writeFile(
      file,
      `${JSON.stringify({ type: 'paper', arxivId: huge, title: 'Huge', abstract: 'z'.repeat(50 * MB), source: 'chaos' })}\n${JSON.stringify({ type: 'paper', arxivId: after, title: 'After the huge line', source: 'chaos' })}\n`,
    );
    gc();
    const heapBefore = used();
    const peakBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const summary = await ingestJsonl(file, new ExchangeRepository(graph), { batchSize: 10 });
    const ms = Math.round(performance.now() - started);
    const heapMB = Math.round((used() - heapBefore) / MB);
    const rssMB = Math.round((process.resourceUsage().maxRSS - peakBefore) / 1024);
    bombs['a 50 MB JSON Lines line (jsonl)'] = {
      ms,
      heapMB,
      rssMB,
      outcome: JSON.stringify(summary.problems.map((p) => [p.line, p.record, p.errors[0]?.slice(0, 60)])),
    };
    inputs.jsonl = (inputs.jsonl ?? 0) + 1;
    expect(summary.problems.map((p) => [p.line, p.record])).toEqual([[1, `arxivId=${huge}`]]);
    expect(summary.papers).toBe(1);
    expect(ms).toBeLessThan(20_000);
    expect(heapMB).toBeLessThan(1500);
  });

  it("should stop a body at the HTTP client's cap: declared, streamed, or endless", async () => {
    const server = await new FixtureServer().start();
    /** Streams `total` bytes (Infinity: until the client goes away), honouring back-pressure. */
    const stream =
      (total: number, declare: boolean) => async (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, {
          'content-type': 'text/xml',
          ...(declare ? { 'content-length': String(total) } : {}),
        });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk))
            await new Promise<void>((resolve) => {
              const done = () => {
                res.off('drain', done);
                res.off('close', done);
                resolve();
              };
              res.on('drain', done);
              res.on('close', done);
            });
        }
        if (!res.destroyed) res.end();
      };
    server.route('/declared', stream(50 * MB, true));
    server.route('/streamed', stream(50 * MB, false));
    server.route('/endless', stream(Number.POSITIVE_INFINITY, false));
    const client = new HttpClient({
      userAgent: 'Empirica/chaos (hostile input test; mailto:crawler-tests@example.org)',
      allowedHosts: [server.host],
      defaultIntervalMs: 0,
      timeoutMs: 60_000,
      maxRetries: 0,
    });
    try {
      for (const route of ['declared', 'streamed', 'endless']) {
        gc();
        const heapBefore = used();
        const peakBefore = process.resourceUsage().maxRSS;
        const started = performance.now();
        const error = await client.get(`${server.origin}/${route}`, { noCache: true }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const ms = Math.round(performance.now() - started);
        const heapMB = Math.round((used() - heapBefore) / MB);
        const rssMB = Math.round((process.resourceUsage().maxRSS - peakBefore) / 1024);
        bombs[`a 50 MB ${route} body (http)`] = {
          ms,
          heapMB,
          rssMB,
          outcome: String((error as Error)?.message),
        };
        expect(error).toBeInstanceOf(NonRetryableError);
        expect((error as Error).message).toMatch(/over the 20971520-byte cap/);
        expect(ms).toBeLessThan(15_000);
        expect(heapMB).toBeLessThan(200);
      }
    } finally {
      await server.stop();
    }
  });
});
