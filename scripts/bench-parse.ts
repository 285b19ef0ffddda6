/**
 * `npm run bench:parse`: parser throughput on the recorded-format fixtures, to show that parsing never
 * limits a crawl (a crawl makes one request per 3 s). Prints entries/s for Atom and OAI-PMH pages and
 * pages/s for HTML reference extraction, each over repeated parses of the same pages on one core.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArxivAtom } from '../ingest/sources/arxiv/arxiv-api.parser.js';
import { extractReferences } from '../ingest/sources/arxiv/html-refs.parser.js';
import { parseListRecords } from '../ingest/sources/arxiv/oai.parser.js';
import { PROJECT_ROOT } from '../src/config.js';

const fixture = (name: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'arxiv', name), 'utf8');

/** Runs `parse` over `pages` until `seconds` have passed; returns pages/s and units/s. */
function measure(
  pages: readonly string[],
  parse: (page: string) => number,
  seconds = 3,
): { pagesPerS: number; unitsPerS: number } {
  for (const page of pages) parse(page); // warm-up
  let parsed = 0;
  let units = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const page of pages) {
      units += parse(page);
      parsed += 1;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  return { pagesPerS: parsed / elapsed, unitsPerS: units / elapsed };
}

/** A large Atom page: the fixture's entries repeated to `n` entries (ids kept valid and distinct). */
function bigAtomPage(n: number): string {
  const page = fixture('api/search_cs_lg_2025-11.xml');
  const entries = page.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
  const many = Array.from({ length: n }, (_, i) =>
    (entries[i % entries.length] as string).replace(
      /\d{4}\.\d{5}/g,
      `25${String(10 + (i % 12)).slice(-2)}.${String(10000 + i).slice(-5)}`,
    ),
  );
  return page.replace(/<entry>[\s\S]*<\/entry>/, many.join('\n'));
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const cpu = os.cpus()[0]?.model.trim();
console.log(`Node ${process.version}, ${cpu}; one core, 3 s per measurement`);

const atomPages = [fixture('api/search_cs_lg_2025-11.xml'), fixture('api/legacy_search_cs_lg.xml')];
const atom = measure(atomPages, (p) => parseArxivAtom(p).records.length);
console.log(
  `Atom (search API), fixture pages:   ${f(atom.unitsPerS)} entries/s (${f(atom.pagesPerS)} pages/s)`,
);
const bigAtom = [bigAtomPage(1000)];
const atomBig = measure(bigAtom, (p) => parseArxivAtom(p).records.length);
console.log(
  `Atom, one page of 1,000 entries:    ${f(atomBig.unitsPerS)} entries/s (${atomBig.pagesPerS.toFixed(1)} pages/s)`,
);

const oaiPages = [1, 2, 3]
  .map((n) => fixture(`oai/listrecords_cs-LG_page${n}.xml`))
  .concat(fixture('oai/listrecords_arXivRaw_withdrawn.xml'));
const oai = measure(oaiPages, (p) => parseListRecords(p).records.length);
console.log(
  `OAI-PMH ListRecords, fixture pages:  ${f(oai.unitsPerS)} records/s (${f(oai.pagesPerS)} pages/s)`,
);

const htmlPages = [fixture('html/article_2412.99999v1.html'), fixture('html/ar5iv_1307.9999.html')];
const html = measure(htmlPages, (p) => extractReferences(p).references.length);
console.log(
  `HTML references (LaTeXML), fixtures: ${f(html.pagesPerS)} pages/s (${f(html.unitsPerS)} references/s)`,
);

console.log(`A crawl at one request per 3 s needs 0.33 pages/s.`);
