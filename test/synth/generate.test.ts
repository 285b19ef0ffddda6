import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../scripts/synth/csv.js';
import {
  Calendar,
  type GenerationReport,
  generateGraph,
  parseSize,
  sizeLabel,
} from '../../scripts/synth/generate.js';
import { authorKeyFor, normalizeName } from '../../src/domain/authors.js';
import { parseArxivId } from '../../src/domain/identifiers.js';
import { TAGGER_VERSION } from '../../src/tagging/tagger.js';

const PAPERS = 1500;
let root: string;
let report: GenerationReport;

async function read(dir: string, base: string): Promise<{ header: string[]; rows: string[][] }> {
  const [header] = parseCsv(await readFile(path.join(dir, `${base}.header.csv`), 'utf8'));
  return {
    header: header as string[],
    rows: parseCsv(await readFile(path.join(dir, `${base}.csv`), 'utf8')),
  };
}

async function bytesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir)).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f))] as const)));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'synth-gen-'));
  report = await generateGraph({ papers: PAPERS, seed: 7, dir: path.join(root, 'a') });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateGraph: determinism', () => {
  it('gives byte-identical files for the same seed and different ones for another seed', async () => {
    await generateGraph({ papers: PAPERS, seed: 7, dir: path.join(root, 'b') });
    await generateGraph({ papers: PAPERS, seed: 8, dir: path.join(root, 'c') });
    const a = await bytesOf(path.join(root, 'a'));
    const b = await bytesOf(path.join(root, 'b'));
    const c = await bytesOf(path.join(root, 'c'));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file) as Buffer), file).toBe(true);
    for (const file of ['paper.csv', 'cites.csv', 'authored.csv', 'in-subfield.csv']) {
      expect((a.get(file) as Buffer).equals(c.get(file) as Buffer), file).toBe(false);
    }
    // The fixed nodes do not depend on the seed.
    expect((a.get('subfield.csv') as Buffer).equals(c.get('subfield.csv') as Buffer)).toBe(true);
  });
});

describe('generateGraph: papers', () => {
  it('writes one row per paper, every row as wide as its header, with ids matching the dates', async () => {
    const { header, rows } = await read(path.join(root, 'a'), 'paper');
    expect(rows).toHaveLength(PAPERS);
    expect(report.counts.papers).toBe(PAPERS);
    const col = (name: string) => header.indexOf(name);
    let previous = '';
    const keys = new Set<string>();
    for (const row of rows) {
      expect(row).toHaveLength(header.length);
      const key = row[col('id:ID(Paper)')] as string;
      const arxivId = row[col('arxivId')] as string;
      const publishedAt = row[col('publishedAt')] as string;
      expect(key).toBe(`arxiv:${arxivId}`);
      expect(parseArxivId(arxivId)?.id).toBe(arxivId);
      expect(arxivId).toMatch(/^\d{4}\.\d{5}$/);
      expect(publishedAt.slice(2, 4) + publishedAt.slice(5, 7)).toBe(arxivId.slice(0, 4));
      expect(row[col('year:int')]).toBe(publishedAt.slice(0, 4));
      expect(publishedAt >= previous).toBe(true);
      previous = publishedAt;
      keys.add(key);
      const words = (row[col('title')] as string).split(' ').length;
      expect(words).toBeGreaterThanOrEqual(5);
      expect(words).toBeLessThanOrEqual(12);
      const abstractWords = (row[col('abstract')] as string).split(' ').length;
      expect(abstractWords).toBeGreaterThanOrEqual(30);
      expect(abstractWords).toBeLessThanOrEqual(60 + 1); // "($\ell_2$ word)" adds one
      expect(row[col('stub:boolean')]).toBe('false');
      expect(row[col('taggerVersion')]).toBe(TAGGER_VERSION);
      expect(row[col('createdAt:datetime')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(keys.size).toBe(PAPERS);
    // Text that CSV must survive is there.
    expect(rows.some((r) => (r[col('title')] as string).includes(','))).toBe(true);
    expect(rows.some((r) => (r[col('abstract')] as string).includes('"'))).toBe(true);
    expect(rows.some((r) => (r[col('abstract')] as string).includes(';'))).toBe(true);
  });

  it('grows the number of papers per year roughly exponentially', () => {
    const perYear = report.papersPerYear;
    const y = (year: number) => perYear[String(year)] ?? 0;
    expect(y(2025)).toBeGreaterThan(y(2020) * 3);
    expect(y(2020)).toBeGreaterThan(y(2015) * 3);
    expect(Object.values(perYear).reduce((a, b) => a + b, 0)).toBe(PAPERS);
  });
});

describe('generateGraph: citations', () => {
  it('cites only older papers, distinct, 10–60 per paper (fewer only for the very first papers)', {
    timeout: 30_000,
  }, async () => {
    const papers = await read(path.join(root, 'a'), 'paper');
    const index = new Map(papers.rows.map((r, i) => [r[0] as string, i]));
    const published = papers.rows.map((r) => r[papers.header.indexOf('publishedAt')] as string);
    const { header, rows } = await read(path.join(root, 'a'), 'cites');
    expect(rows).toHaveLength(report.counts.cites);
    const refs = new Map<number, Set<number>>();
    const problems: string[] = [];
    for (const row of rows) {
      const from = index.get(row[0] as string);
      const to = index.get(row[1] as string);
      if (row.length !== header.length) problems.push(`width ${row.join(',')}`);
      if (from === undefined || to === undefined) {
        problems.push(`unknown endpoint ${row[0]} → ${row[1]}`);
        continue;
      }
      if (to >= from) problems.push(`not older: ${row[0]} → ${row[1]}`);
      if ((published[to] as string) > (published[from] as string))
        problems.push(`published later: ${row[1]}`);
      if (row[2] !== 'CITES' || row[4] !== 'synthetic') problems.push(`type/source ${row.join(',')}`);
      const set = refs.get(from) ?? new Set<number>();
      if (set.has(to)) problems.push(`duplicate ${row[0]} → ${row[1]}`);
      set.add(to);
      refs.set(from, set);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    for (let i = 1; i < PAPERS; i++) {
      const count = refs.get(i)?.size ?? 0;
      expect(count).toBeGreaterThanOrEqual(Math.min(i, 10));
      expect(count).toBeLessThanOrEqual(60);
    }
    expect(refs.has(0)).toBe(false);
    const mean = rows.length / PAPERS;
    expect(mean).toBeGreaterThan(32);
    expect(mean).toBeLessThan(37);
    const withContext = rows.filter((r) => r[3] !== '').length;
    expect(withContext).toBe(report.counts.citesWithContext);
    expect(withContext / rows.length).toBeGreaterThan(0.2);
    expect(withContext / rows.length).toBeLessThan(0.3);
  });

  it('gives a heavy-tailed in-degree (hubs far above the median)', { timeout: 30_000 }, async () => {
    const big = await generateGraph({ papers: 10_000, seed: 1, dir: path.join(root, 'big') });
    expect(big.inDegree.median).toBeGreaterThanOrEqual(8);
    expect(big.inDegree.median).toBeLessThanOrEqual(20);
    expect(big.inDegree.p99).toBeGreaterThan(big.inDegree.median * 10);
    expect(big.inDegree.max).toBeGreaterThan(big.inDegree.p99 * 3);
    expect(big.inDegree.mean).toBeCloseTo(big.counts.cites / 10_000, 5);
  });
});

describe('generateGraph: authors, categories, tags', () => {
  it('keys authors as the product does, each once, with positions 0..n-1 per paper', async () => {
    const authors = await read(path.join(root, 'a'), 'author');
    const keys = new Set<string>();
    for (const [key, label, name, nameKey] of authors.rows) {
      expect(label).toBe('Author');
      expect(key).toBe(authorKeyFor({ name: name as string }));
      expect(nameKey).toBe(normalizeName(name as string));
      keys.add(key as string);
    }
    expect(keys.size).toBe(authors.rows.length);
    expect(report.counts.authors).toBe(authors.rows.length);
    const authored = await read(path.join(root, 'a'), 'authored');
    const positions = new Map<string, number[]>();
    for (const [author, paper, type, position] of authored.rows) {
      expect(keys.has(author as string)).toBe(true);
      expect(type).toBe('AUTHORED');
      positions.set(paper as string, [...(positions.get(paper as string) ?? []), Number(position)]);
    }
    expect(positions.size).toBe(PAPERS);
    for (const list of positions.values()) {
      expect(list).toEqual(list.map((_, i) => i));
      expect(list.length).toBeLessThanOrEqual(12);
    }
    const sizes = [...positions.values()].map((l) => l.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(4);
    expect(mean).toBeLessThan(5.2);
    expect(report.authorPapers.singlePaperShare).toBeGreaterThan(0.3);
    expect(report.authorPapers.max).toBeGreaterThan(5);
  });

  it('gives every paper one primary category', async () => {
    const { rows } = await read(path.join(root, 'a'), 'in-category');
    const primaries = new Map<string, number>();
    for (const [paper, , , primary] of rows) {
      if (primary === 'true') primaries.set(paper as string, (primaries.get(paper as string) ?? 0) + 1);
    }
    expect(primaries.size).toBe(PAPERS);
    expect([...primaries.values()].every((n) => n === 1)).toBe(true);
  });

  it('writes tagger tags with the tagger’s properties and landmark-like label shares', async () => {
    const papers = await read(path.join(root, 'a'), 'paper');
    const abstracts = new Map(
      papers.rows.map((r) => [r[0] as string, r[papers.header.indexOf('abstract')] as string]),
    );
    const subfields = await read(path.join(root, 'a'), 'in-subfield');
    const contributions = await read(path.join(root, 'a'), 'has-contribution');
    expect(subfields.header).toEqual([
      ':START_ID(Paper)',
      ':END_ID(Subfield)',
      ':TYPE',
      'confidence:double',
      'evidence',
      'source',
      'taggedAt:datetime',
    ]);
    for (const row of [...subfields.rows, ...contributions.rows]) {
      expect(row[5]).toBe(`tagger@${TAGGER_VERSION}`);
      const confidence = Number(row[3]);
      expect(confidence).toBeGreaterThanOrEqual(0.45);
      expect(confidence).toBeLessThanOrEqual(0.99);
      expect(abstracts.get(row[0] as string)).toContain(row[4]);
    }
    expect(subfields.rows.length).toBe(report.counts.inSubfield);
    // The landmark corpus: 93% of papers have a subfield, about 1.2 per paper; REGULARITY on a third.
    expect(subfields.rows.length / PAPERS).toBeGreaterThan(1.05);
    expect(subfields.rows.length / PAPERS).toBeLessThan(1.35);
    const regularity = contributions.rows.filter((r) => r[1] === 'REGULARITY').length / PAPERS;
    expect(regularity).toBeGreaterThan(0.28);
    expect(regularity).toBeLessThan(0.39);
  });
});

describe('sizes', () => {
  it('reads and names sizes', () => {
    expect(parseSize('10k')).toBe(10_000);
    expect(parseSize('1m')).toBe(1_000_000);
    expect(parseSize('2500')).toBe(2500);
    expect(() => parseSize('lots')).toThrow(/10k/);
    expect(sizeLabel(100_000)).toBe('100k');
    expect(sizeLabel(1_000_000)).toBe('1m');
    expect(sizeLabel(2500)).toBe('2500');
  });

  it('spreads 1M papers over the months within the 5-digit id range', () => {
    const calendar = new Calendar(1_000_000);
    expect(calendar.arxivIdOf(0)).toMatch(/^00\d\d\.00001$/);
    expect(calendar.arxivIdOf(999_999)).toMatch(/^2610\.\d{5}$/);
    expect(calendar.starts[calendar.months]).toBe(1_000_000);
  });
});
