/**
 * A synthetic graph with the shape of the deep-learning literature, streamed as CSV files for neo4j-admin's
 * offline importer. Deterministic: the same size and seed give byte-identical files.
 *
 * Shape:
 * - Papers from 2000-01 to 2026-10, one arXiv-style id each (`arxiv:YYMM.NNNNN`, numbered in submission
 *   order within the month), monthly counts growing exponentially (doubling every 2.5 years, like cs.LG).
 *   Paper index order is publication order, so "older" is "smaller index".
 * - Titles of 5–12 and abstracts of 30–60 Zipf-distributed words from a fixed vocabulary (text.ts).
 * - 1–12 authors per paper (mostly 3–6). A slot goes to a new author with probability 0.25, else to an
 *   active author drawn in proportion to the papers they have (preferential attachment); each author
 *   stops after a career length drawn from a power law (P(≥k) = k^-1.2, at most 800 papers at 1M), so
 *   productivity is heavy-tailed (Lotka-like: most authors have one or two papers).
 * - 1–3 arXiv categories, the primary one first.
 * - 10–60 references per paper (uniform, mean 35), only to older papers: 70% by preferential attachment
 *   (in proportion to citations so far), 20% uniform over the most recent 3% of papers, 10% uniform over
 *   all older papers. A quarter of the edges carry one citing sentence.
 * - Tagger tags: each paper takes the tag set of a landmark paper drawn uniformly, so label frequencies,
 *   labels per paper and their co-occurrence follow the landmark corpus.
 *
 * Memory: the generator keeps per paper one Int32 in-degree (a Fenwick tree for the draws) and its first
 * author, and per author two Int32s; never a list of edges. Each file is written through a buffered,
 * backpressure-aware stream.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeName } from '../../src/domain/authors.js';
import { normalizeTitle } from '../../src/domain/identifiers.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { TAGGER_VERSION } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { rng } from '../random.js';
import { CsvWriter, csvArray, csvField, writeHeader } from './csv.js';
import { Fenwick } from './fenwick.js';
import { abstractSentences, authorName, citingSentence, surnameOf, title } from './text.js';

/** Bump when the output changes for a given size and seed: cached stores of another version are rebuilt. */
export const GENERATOR_VERSION = 1;

export const SOURCE = 'synthetic';
const FIRST_YEAR = 2000;
const LAST_MONTH = { year: 2026, month: 10 };
const DOUBLING_YEARS = 2.5;
const REFS_MIN = 10;
const REFS_MAX = 60;
const SHARE_PREFERENTIAL = 0.7;
const SHARE_RECENT = 0.2;
const RECENT_WINDOW = 0.03;
const SHARE_WITH_CONTEXT = 0.25;
const NEW_AUTHOR = 0.25;
const CAREER_EXPONENT = 1.2;
/** Papers up to this instant were loaded by one bulk crawl; later ones a day after publication. */
const BULK_LOAD = Date.UTC(2026, 5, 1);
const BULK_CRAWL_MS = 3 * 86_400_000;
const DAY_MS = 86_400_000;

/** Authors per paper: probabilities of 1, 2, … 12 (mean ≈ 4.6). */
const AUTHOR_COUNTS = [0.03, 0.1, 0.19, 0.22, 0.18, 0.12, 0.07, 0.04, 0.02, 0.015, 0.01, 0.005];
const PRIMARY_CATEGORIES: ReadonlyArray<readonly [string, number]> = [
  ['cs.LG', 0.52],
  ['cs.CV', 0.13],
  ['cs.CL', 0.13],
  ['stat.ML', 0.08],
  ['cs.AI', 0.07],
  ['cs.NE', 0.02],
  ['cs.CR', 0.02],
  ['math.OC', 0.015],
  ['cs.RO', 0.015],
];
const CROSS_LISTS: ReadonlyArray<readonly [string, number]> = [
  ['stat.ML', 0.3],
  ['cs.AI', 0.2],
  ['cs.LG', 0.2],
  ['cs.CV', 0.08],
  ['cs.CL', 0.08],
  ['cs.NE', 0.05],
  ['math.OC', 0.03],
  ['math.ST', 0.02],
  ['cs.CR', 0.02],
  ['q-bio.NC', 0.01],
  ['cond-mat.dis-nn', 0.01],
];
const CATEGORY_COUNTS = [0.35, 0.45, 0.2];
export const CATEGORIES: readonly string[] = [
  ...new Set([...PRIMARY_CATEGORIES, ...CROSS_LISTS].map(([id]) => id)),
].sort();

export interface GenerateOptions {
  readonly papers: number;
  readonly seed: number;
  /** Folder for the CSV files (created). */
  readonly dir: string;
  readonly log?: (line: string) => void;
}

export interface FileInfo {
  readonly kind: 'nodes' | 'relationships';
  /** Label or relationship type. */
  readonly name: string;
  readonly header: string;
  readonly data: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface DegreeFigures {
  readonly max: number;
  readonly p999: number;
  readonly p99: number;
  readonly p90: number;
  readonly median: number;
  readonly mean: number;
}

export interface GenerationReport {
  readonly generatorVersion: number;
  readonly papers: number;
  readonly seed: number;
  readonly files: readonly FileInfo[];
  readonly counts: {
    readonly papers: number;
    readonly authors: number;
    readonly categories: number;
    readonly subfields: number;
    readonly contributionTypes: number;
    readonly authored: number;
    readonly inCategory: number;
    readonly cites: number;
    readonly citesWithContext: number;
    readonly inSubfield: number;
    readonly hasContribution: number;
  };
  /** In-degree of papers as generated (the load measures it again from the database). */
  readonly inDegree: DegreeFigures;
  readonly authorPapers: { readonly max: number; readonly median: number; readonly singlePaperShare: number };
  /** Median of (citing year − cited year). */
  readonly medianCitationAgeYears: number;
  readonly papersPerYear: Readonly<Record<string, number>>;
  readonly tagCounts: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Growable Int32Array. */
class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

/** Draws from a discrete distribution given as [item, weight] pairs. */
function weighted<T>(random: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let u = random() * total;
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

function drawCount(random: () => number, probabilities: readonly number[]): number {
  let u = random();
  for (let k = 0; k < probabilities.length; k++) {
    u -= probabilities[k] as number;
    if (u < 0) return k + 1;
  }
  return probabilities.length;
}

/** The month calendar: how many papers each month gets, and where each month starts in index order. */
export class Calendar {
  readonly months: number;
  /** starts[m] = index of the first paper of month m; starts[months] = papers. */
  readonly starts: Int32Array;

  constructor(readonly papers: number) {
    this.months = (LAST_MONTH.year - FIRST_YEAR) * 12 + LAST_MONTH.month;
    const rate = Math.LN2 / (DOUBLING_YEARS * 12);
    const weights = Array.from({ length: this.months }, (_, m) => Math.exp(rate * m));
    const total = weights.reduce((a, b) => a + b, 0);
    this.starts = new Int32Array(this.months + 1);
    let cumulative = 0;
    for (let m = 0; m < this.months; m++) {
      this.starts[m] = Math.round((papers * cumulative) / total);
      cumulative += weights[m] as number;
    }
    this.starts[this.months] = papers;
    for (let m = 0; m < this.months; m++) {
      if ((this.starts[m + 1] as number) - (this.starts[m] as number) > 99_999)
        throw new Error(
          `More than 99,999 papers in one month: ${papers} papers is too many for the id scheme`,
        );
    }
  }

  /** The month (0 = 2000-01) of paper `index`. */
  monthOf(index: number): number {
    let lo = 0;
    let hi = this.months - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  yearOf(index: number): number {
    return FIRST_YEAR + Math.floor(this.monthOf(index) / 12);
  }

  /** `2301.00042`: YYMM and the 5-digit number within the month. */
  arxivIdOf(index: number, month = this.monthOf(index)): string {
    const year = FIRST_YEAR + Math.floor(month / 12);
    const yymm = `${String(year % 100).padStart(2, '0')}${String((month % 12) + 1).padStart(2, '0')}`;
    return `${yymm}.${String(index - (this.starts[month] as number) + 1).padStart(5, '0')}`;
  }

  keyOf(index: number): string {
    return `arxiv:${this.arxivIdOf(index)}`;
  }

  /** Publication instant (ms): papers spread evenly over their month, in index order. */
  publishedMs(index: number, month = this.monthOf(index)): number {
    const year = FIRST_YEAR + Math.floor(month / 12);
    const start = Date.UTC(year, month % 12, 1);
    const end = Date.UTC(year, (month % 12) + 1, 1);
    const first = this.starts[month] as number;
    const count = (this.starts[month + 1] as number) - first;
    return start + Math.floor(((index - first) * (end - start)) / Math.max(1, count) / 1000) * 1000;
  }

  /** When the paper entered the graph: the bulk crawl (in id order over three days), else a day after. */
  createdMs(index: number, published: number): number {
    return published < BULK_LOAD
      ? BULK_LOAD + Math.floor((index * BULK_CRAWL_MS) / this.papers / 1000) * 1000
      : published + DAY_MS;
  }

  papersPerYear(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let m = 0; m < this.months; m++) {
      const year = String(FIRST_YEAR + Math.floor(m / 12));
      out[year] = (out[year] ?? 0) + (this.starts[m + 1] as number) - (this.starts[m] as number);
    }
    return out;
  }
}

/** `2026-06-01T00:00:00Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** A separate deterministic stream per concern, so changing one (e.g. text) leaves the others alone. */
function stream(seed: number, id: number): () => number {
  return rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(id + 1, 0x85ebca77)) >>> 0);
}

export function degreeFigures(values: Int32Array): DegreeFigures {
  if (!values.length) return { max: 0, p999: 0, p99: 0, p90: 0, median: 0, mean: 0 };
  const sorted = Int32Array.from(values).sort();
  // As Cypher's percentileDisc: the smallest value with at least a share q of values at or below it.
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    max: sorted[sorted.length - 1] as number,
    p999: at(0.999),
    p99: at(0.99),
    p90: at(0.9),
    median: at(0.5),
    mean: sum / sorted.length,
  };
}

interface TagProfile {
  readonly subfields: readonly string[];
  readonly contributions: readonly string[];
}

/** The landmark corpus's tag sets, in arXiv id order: one is drawn per paper. */
function landmarkProfiles(): TagProfile[] {
  return loadLandmarks(taxonomies()).map((paper) => ({
    subfields: paper.tags.subfields.map((s) => s.subfield),
    contributions: paper.tags.contributions.map((c) => c.type),
  }));
}

const NODE_FILES = {
  Paper: [
    'id:ID(Paper)',
    ':LABEL',
    'arxivId',
    'title',
    'titleKey',
    'abstract',
    'year:int',
    'publishedAt',
    'source',
    'stub:boolean',
    'createdAt:datetime',
    'taggerVersion',
    'taggedAt:datetime',
  ],
  Author: ['key:ID(Author)', ':LABEL', 'name', 'nameKey'],
  Category: ['id:ID(Category)', ':LABEL'],
  Subfield: ['slug:ID(Subfield)', ':LABEL', 'name', 'definition', 'taxonomyVersion:int', 'examples:string[]'],
  ContributionType: [
    'slug:ID(ContributionType)',
    ':LABEL',
    'name',
    'definition',
    'taxonomyVersion:int',
    'examples:string[]',
  ],
} as const;

const TAG_COLUMNS = ['confidence:double', 'evidence', 'source', 'taggedAt:datetime'];
const RELATIONSHIP_FILES = {
  AUTHORED: [':START_ID(Author)', ':END_ID(Paper)', ':TYPE', 'position:int'],
  IN_CATEGORY: [':START_ID(Paper)', ':END_ID(Category)', ':TYPE', 'primary:boolean'],
  CITES: [
    ':START_ID(Paper)',
    ':END_ID(Paper)',
    ':TYPE',
    'contexts:string[]',
    'sources:string[]',
    'createdAt:datetime',
  ],
  IN_SUBFIELD: [':START_ID(Paper)', ':END_ID(Subfield)', ':TYPE', ...TAG_COLUMNS],
  HAS_CONTRIBUTION: [':START_ID(Paper)', ':END_ID(ContributionType)', ':TYPE', ...TAG_COLUMNS],
} as const;

const fileBase = (name: string) => name.toLowerCase().replaceAll('_', '-');

/**
 * Generates the graph into `dir`. The CSV files depend only on (papers, seed, the generator version and the
 * landmark corpus / taxonomy files); the report adds timings.
 */
export async function generateGraph(options: GenerateOptions): Promise<GenerationReport> {
  const { papers, seed, dir } = options;
  if (!Number.isInteger(papers) || papers < 1)
    throw new Error(`papers must be a positive integer, got ${papers}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const log = options.log ?? (() => {});
  const started = performance.now();
  await mkdir(dir, { recursive: true });

  const writers = new Map<string, CsvWriter>();
  const files: Array<Omit<FileInfo, 'rows' | 'bytes'>> = [];
  for (const [kind, table] of [
    ['nodes', NODE_FILES],
    ['relationships', RELATIONSHIP_FILES],
  ] as const) {
    for (const [name, columns] of Object.entries(table)) {
      const header = path.join(dir, `${fileBase(name)}.header.csv`);
      const data = path.join(dir, `${fileBase(name)}.csv`);
      await writeHeader(header, columns);
      writers.set(name, new CsvWriter(data));
      files.push({ kind, name, header, data });
    }
  }
  const writer = (name: string) => writers.get(name) as CsvWriter;
  const paperOut = writer('Paper');
  const authorOut = writer('Author');
  const authoredOut = writer('AUTHORED');
  const categoryOut = writer('IN_CATEGORY');
  const citesOut = writer('CITES');
  const subfieldOut = writer('IN_SUBFIELD');
  const contributionOut = writer('HAS_CONTRIBUTION');

  // Fixed nodes: categories and the two taxonomies (the same properties TagRepository.syncTaxonomies sets).
  for (const id of CATEGORIES) writer('Category').row([csvField(id), 'Category']);
  const taxonomy = taxonomies();
  for (const [label, file] of [
    ['Subfield', taxonomy.subfields],
    ['ContributionType', taxonomy.contributionTypes],
  ] as const) {
    for (const item of file.items) {
      writer(label).row([
        csvField(item.slug),
        label,
        csvField(item.name),
        csvField(item.definition),
        String(file.version),
        csvArray(item.examples.map((e) => e.arxivId)),
      ]);
    }
  }

  const calendar = new Calendar(papers);
  const profiles = landmarkProfiles();
  const textRandom = stream(seed, 1);
  const authorRandom = stream(seed, 2);
  const categoryRandom = stream(seed, 3);
  const citeRandom = stream(seed, 4);
  const contextRandom = stream(seed, 5);
  const tagRandom = stream(seed, 6);

  const inDegree = new Fenwick(papers);
  const firstAuthor = new Int32Array(papers);
  const authorPapers = new IntColumn();
  const authorCareer = new IntColumn();
  const activeAuthors = new Fenwick();
  const careerMax = Math.max(30, Math.min(800, Math.round(papers / 1250)));
  const window = Math.max(100, Math.round(papers * RECENT_WINDOW));
  const tagSource = `tagger@${TAGGER_VERSION}`;
  const tagCounts: Record<string, number> = {};
  const ageHistogram = new Float64Array(40);
  let citesWithContext = 0;
  let inSubfield = 0;
  let hasContribution = 0;
  let lastLog = performance.now();

  const byline: number[] = [];
  const refs: number[] = [];
  for (let i = 0; i < papers; i++) {
    const month = calendar.monthOf(i);
    const year = FIRST_YEAR + Math.floor(month / 12);
    const arxivId = calendar.arxivIdOf(i, month);
    const key = `arxiv:${arxivId}`;
    const published = calendar.publishedMs(i, month);
    const created = isoSeconds(calendar.createdMs(i, published));

    // Text.
    const paperTitle = title(textRandom);
    const sentences = abstractSentences(textRandom);
    paperOut.row([
      key,
      'Paper',
      arxivId,
      csvField(paperTitle),
      csvField(normalizeTitle(paperTitle)),
      csvField(sentences.join(' ')),
      String(year),
      isoSeconds(published),
      SOURCE,
      'false',
      created,
      TAGGER_VERSION,
      created,
    ]);

    // Byline.
    byline.length = 0;
    const wanted = drawCount(authorRandom, AUTHOR_COUNTS);
    while (byline.length < wanted) {
      let author: number | undefined;
      if (authorRandom() >= NEW_AUTHOR) {
        for (let attempt = 0; attempt < 5 && author === undefined; attempt++) {
          const drawn = activeAuthors.sample(authorRandom());
          if (drawn !== undefined && !byline.includes(drawn)) author = drawn;
        }
      }
      if (author === undefined) {
        author = activeAuthors.push(0);
        authorPapers.push(0);
        const career = Math.floor(authorRandom() ** (-1 / CAREER_EXPONENT));
        authorCareer.push(Math.min(careerMax, Math.max(1, career)));
        const name = authorName(author);
        authorOut.row([
          csvField(`name:${normalizeName(name)}`),
          'Author',
          csvField(name),
          csvField(normalizeName(name)),
        ]);
      }
      byline.push(author);
    }
    firstAuthor[i] = byline[0] as number;
    byline.forEach((author, position) => {
      authoredOut.row([
        csvField(`name:${normalizeName(authorName(author))}`),
        key,
        'AUTHORED',
        String(position),
      ]);
      const count = (authorPapers.data[author] as number) + 1;
      authorPapers.data[author] = count;
      if (count < (authorCareer.data[author] as number)) activeAuthors.add(author, 1);
      else activeAuthors.add(author, -activeAuthors.weight(author));
    });

    // Categories.
    const categories = [weighted(categoryRandom, PRIMARY_CATEGORIES)];
    const categoryCount = drawCount(categoryRandom, CATEGORY_COUNTS);
    for (let attempt = 0; categories.length < categoryCount && attempt < 10; attempt++) {
      const extra = weighted(categoryRandom, CROSS_LISTS);
      if (!categories.includes(extra)) categories.push(extra);
    }
    categories.forEach((id, position) => {
      categoryOut.row([key, csvField(id), 'IN_CATEGORY', position === 0 ? 'true' : 'false']);
    });

    // References: only older papers (smaller index), distinct.
    refs.length = 0;
    const wantedRefs = Math.min(i, REFS_MIN + Math.floor(citeRandom() * (REFS_MAX - REFS_MIN + 1)));
    for (let attempt = 0; refs.length < wantedRefs && attempt < wantedRefs * 20; attempt++) {
      const r = citeRandom();
      let target: number | undefined;
      if (r < SHARE_PREFERENTIAL) target = inDegree.sample(citeRandom());
      else if (r < SHARE_PREFERENTIAL + SHARE_RECENT)
        target = i - 1 - Math.floor(citeRandom() * Math.min(window, i));
      else target = Math.floor(citeRandom() * i);
      if (target !== undefined && target < i && !refs.includes(target)) refs.push(target);
    }
    for (let target = i - 1; refs.length < wantedRefs; target--)
      if (!refs.includes(target)) refs.push(target);
    for (const target of refs) {
      let contexts = '';
      if (contextRandom() < SHARE_WITH_CONTEXT) {
        const cited = firstAuthor[target] as number;
        contexts = csvArray([citingSentence(contextRandom, surnameOf(cited), calendar.yearOf(target))]);
        citesWithContext++;
      }
      citesOut.row([key, calendar.keyOf(target), 'CITES', contexts, SOURCE, created]);
      const age = Math.min(ageHistogram.length - 1, year - calendar.yearOf(target));
      ageHistogram[age] = (ageHistogram[age] as number) + 1;
    }
    for (const target of refs) inDegree.add(target, 1);

    // Tags, as the tagger writes them.
    const profile = profiles[Math.floor(tagRandom() * profiles.length)] as TagProfile;
    for (const [labels, out, isSubfield] of [
      [profile.subfields, subfieldOut, true],
      [profile.contributions, contributionOut, false],
    ] as const) {
      for (const slug of labels) {
        const confidence = Math.round((0.45 + tagRandom() * 0.54) * 1000) / 1000;
        const evidence = sentences[Math.floor(tagRandom() * sentences.length)] as string;
        out.row([
          key,
          csvField(slug),
          isSubfield ? 'IN_SUBFIELD' : 'HAS_CONTRIBUTION',
          String(confidence),
          csvField(evidence),
          tagSource,
          created,
        ]);
        tagCounts[slug] = (tagCounts[slug] ?? 0) + 1;
        if (isSubfield) inSubfield++;
        else hasContribution++;
      }
    }

    for (const w of writers.values()) if (w.needsDrain) await w.drain();
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  generated ${i.toLocaleString('en-US')} / ${papers.toLocaleString('en-US')} papers …`);
    }
  }
  for (const w of writers.values()) await w.close();

  const fileInfos: FileInfo[] = [];
  for (const file of files) {
    fileInfos.push({
      ...file,
      rows: (writers.get(file.name) as CsvWriter).rows,
      bytes: (await stat(file.header)).size + (await stat(file.data)).size,
    });
  }
  const degrees = new Int32Array(papers);
  for (let i = 0; i < papers; i++) degrees[i] = inDegree.weight(i);
  const authorCounts = authorPapers.data.subarray(0, authorPapers.length);
  const authorFigures = degreeFigures(authorCounts);
  let single = 0;
  for (const c of authorCounts) if (c === 1) single++;
  let ageTotal = 0;
  for (const n of ageHistogram) ageTotal += n;
  let medianAge = 0;
  for (let acc = 0; medianAge < ageHistogram.length; medianAge++) {
    acc += ageHistogram[medianAge] as number;
    if (acc >= ageTotal / 2) break;
  }
  const rows = (name: string) => (writers.get(name) as CsvWriter).rows;
  return {
    generatorVersion: GENERATOR_VERSION,
    papers,
    seed,
    files: fileInfos,
    counts: {
      papers: rows('Paper'),
      authors: rows('Author'),
      categories: rows('Category'),
      subfields: rows('Subfield'),
      contributionTypes: rows('ContributionType'),
      authored: rows('AUTHORED'),
      inCategory: rows('IN_CATEGORY'),
      cites: rows('CITES'),
      citesWithContext,
      inSubfield,
      hasContribution,
    },
    inDegree: degreeFigures(degrees),
    authorPapers: {
      max: authorFigures.max,
      median: authorFigures.median,
      singlePaperShare: authorCounts.length ? single / authorCounts.length : 0,
    },
    medianCitationAgeYears: medianAge,
    papersPerYear: calendar.papersPerYear(),
    tagCounts,
    seconds: (performance.now() - started) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** `10k` → 10,000, `1m` → 1,000,000, `2500` → 2,500. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`Expected a size such as 10k, 100k, 1m or 2500, got "${text}"`);
  const factor = { '': 1, k: 1000, m: 1_000_000 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm'];
  const size = Math.round(Number(match[1]) * factor);
  if (size < 1) throw new Error(`Size must be at least 1, got "${text}"`);
  return size;
}

/** `10k`, `100k`, `1m`, or the plain number: how a size names its folder. */
export function sizeLabel(papers: number): string {
  if (papers % 1_000_000 === 0) return `${papers / 1_000_000}m`;
  if (papers % 1000 === 0) return `${papers / 1000}k`;
  return String(papers);
}

// CLI: node --import tsx scripts/synth/generate.ts --size 10k [--seed N] --out DIR
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const papers = parseSize(arg('size') ?? '10k');
  const seed = Number(arg('seed') ?? '1');
  const dir = arg('out') ?? path.join('tmp', `synth-${sizeLabel(papers)}-s${seed}`);
  const report = await generateGraph({ papers, seed, dir, log: (line) => process.stderr.write(`${line}\n`) });
  console.log(JSON.stringify({ ...report, files: report.files.map((f) => ({ ...f })) }, null, 2));
}
