/**
 * The export formats, on the landmark corpus (real papers) mapped to the export model, and on hostile
 * strings: BibTeX parses back with unique keys and balanced braces, CSV round-trips through an RFC 4180
 * parser, GraphML parses back with fast-xml-parser, JSON Lines lines validate against the import schemas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationRecordSchema, paperRecordSchema } from '../../src/domain/records.js';
import {
  bibtexEntry,
  bibtexTitle,
  CSV_COLUMNS,
  createBibtexKeys,
  csvHeader,
  csvRow,
  GRAPHML_KEYS,
  graphmlEdge,
  graphmlFooter,
  graphmlHeader,
  graphmlNode,
  jsonlCitation,
  jsonlLines,
  primaryContributionType,
  stripInvalidChars,
  toBibtex,
  toCsv,
  toGraphml,
  toJsonl,
} from '../../src/exchange/formats.js';
import type { ExportBundle, ExportPaper, ExportTag } from '../../src/exchange/model.js';
import { headerRecordSchema, stubRecordSchema, tagRecordSchema } from '../../src/exchange/records.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { dataOf, parseBibtex, parseCsv, readGraphml } from './parsers.js';

const landmarks = loadLandmarks(taxonomies());

function curatorTag(kind: ExportTag['kind'], label: string, reason: string): ExportTag {
  return {
    kind,
    label,
    confidence: 1,
    evidence: reason,
    source: 'curator',
    taggedAt: '2025-01-01T00:00:00Z',
    curator: 'empirica-landmarks',
    reason,
    rejected: false,
  };
}

/** The landmark corpus as an export bundle, the way the repository would read it after loading. */
const corpus: ExportBundle = {
  papers: landmarks.map(
    (p): ExportPaper => ({
      key: `arxiv:${p.arxivId}`,
      arxivId: p.arxivId,
      doi: null,
      openreviewId: null,
      title: p.title,
      year: p.year,
      publishedAt: null,
      venue: p.venue,
      categories: p.categories,
      abstract: null,
      summary: p.summary,
      stub: false,
      authors: p.authors.map((name) => ({ key: `name:${name.toLowerCase()}`, name, openreviewId: null })),
      tags: [
        ...p.tags.subfields.map((t) => curatorTag('subfield', t.subfield, t.rationale)),
        ...p.tags.contributions.map((t) => curatorTag('contribution', t.type, t.rationale)),
      ],
      citationCount: landmarks.filter((q) => q.cites.includes(p.arxivId)).length,
      source: 'landmarks',
      extra: { tagsCurated: true },
    }),
  ),
  citations: landmarks.flatMap((p) =>
    p.cites.map((to) => ({
      from: `arxiv:${p.arxivId}`,
      to: `arxiv:${to}`,
      contexts: [],
      sources: ['landmarks'],
    })),
  ),
};

function paper(overrides: Partial<ExportPaper>): ExportPaper {
  return {
    key: 'arxiv:2001.00001',
    arxivId: '2001.00001',
    doi: null,
    openreviewId: null,
    title: 'A title',
    year: 2020,
    publishedAt: null,
    venue: null,
    categories: ['cs.LG'],
    abstract: null,
    summary: null,
    stub: false,
    authors: [{ key: 'name:jane doe', name: 'Jane Doe', openreviewId: null }],
    tags: [],
    ...overrides,
  };
}

/** Text outside `\x` escapes: where a bare special character would break LaTeX. */
function bareSpecials(field: string): string[] {
  return [...field.replace(/\\[^A-Za-z]|\\[A-Za-z]+/g, '').matchAll(/[&%#]/g)].map((m) => m[0]);
}

describe('BibTeX', () => {
  it('should write one entry per landmark paper with unique keys and the venue as booktitle', () => {
    const entries = parseBibtex(toBibtex(corpus.papers));
    expect(entries).toHaveLength(landmarks.length);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
    for (const [i, entry] of entries.entries()) {
      const source = landmarks[i];
      if (!source) throw new Error('missing landmark');
      expect(entry.key).toMatch(/^[a-z0-9]+$/);
      expect(entry.fields.eprint).toBe(source.arxivId);
      expect(entry.fields.archivePrefix).toBe('arXiv');
      expect(entry.fields.primaryClass).toBe(source.categories[0]);
      expect(entry.fields.year).toBe(String(source.year));
      expect(entry.fields.author?.split(' and ')).toHaveLength(source.authors.length);
      expect(entry.fields.url).toBe(`https://arxiv.org/abs/${source.arxivId}`);
      if (source.venue) {
        expect(entry.type).toBe('inproceedings');
        expect(entry.fields.booktitle).toBe(source.venue.replace(/&/g, '\\&'));
      } else expect(entry.type).toBe('article');
      // Title protected by a second pair of braces.
      expect(entry.fields.title?.startsWith('{')).toBe(true);
    }
    const zhang = entries.find((e) => e.fields.eprint === '1611.03530');
    expect(zhang?.key).toBe('zhang2016understanding');
    expect(zhang?.fields.title).toBe('{Understanding deep learning requires rethinking generalization}');
  });

  it('should keep keys unique with a, b, … suffixes, stable for the same order', () => {
    const same = [1, 2, 3].map((n) =>
      paper({ key: `arxiv:2001.0000${n}`, arxivId: `2001.0000${n}`, title: `Scaling laws ${n}` }),
    );
    const keys = parseBibtex(toBibtex(same)).map((e) => e.key);
    expect(keys).toEqual(['doe2020scaling', 'doe2020scalinga', 'doe2020scalingb']);
    expect(parseBibtex(toBibtex(same)).map((e) => e.key)).toEqual(keys);
    // A base key that is another key's suffixed form is never given twice.
    const keyOf = createBibtexKeys();
    const given = [
      keyOf({ authors: same[0]?.authors ?? [], year: 2020, title: 'Scaling' }),
      keyOf({ authors: same[0]?.authors ?? [], year: 2020, title: 'Scalinga' }),
      keyOf({ authors: same[0]?.authors ?? [], year: 2020, title: 'Scaling' }),
    ];
    expect(new Set(given).size).toBe(3);
  });

  it('should pick the entry type: @article for arXiv only, @misc without arXiv id or venue', () => {
    const [article, misc] = parseBibtex(
      toBibtex([paper({}), paper({ key: 'doi:10.1000/x', arxivId: null, doi: '10.1000/x', categories: [] })]),
    );
    expect(article).toMatchObject({
      type: 'article',
      fields: { journal: 'arXiv preprint arXiv:2001.00001' },
    });
    expect(misc).toMatchObject({
      type: 'misc',
      fields: { doi: '10.1000/x', url: 'https://doi.org/10.1000/x' },
    });
    expect(misc?.fields.eprint).toBeUndefined();
  });

  it('should leave stubs out', () => {
    expect(toBibtex([paper({ stub: true, title: 'Cited only' })])).toBe('');
    expect(bibtexEntry(paper({ stub: true }), 'k')).toBe('');
  });

  it('should escape specials, keep LaTeX in titles, and fall back to plain text on unbalanced braces', () => {
    expect(bibtexTitle('Fast & Accurate: 100% of #1 a_b x^2')).toBe(
      'Fast \\& Accurate: 100\\% of \\#1 a\\_b x\\textasciicircum{}2',
    );
    const latex = 'On the $\\ell_1$ norm of {BERT}: Schr\\"{o}dinger \\& Co';
    expect(bibtexTitle(latex)).toBe(latex);
    expect(bibtexTitle('Costs $5 only')).toBe('Costs \\$5 only');
    expect(bibtexTitle('a } b {')).toBe('a \\textbraceright{} b \\textbraceleft{}');
    expect(bibtexTitle('trailing \\')).toBe('trailing \\textbackslash{}');
    const [entry] = parseBibtex(
      toBibtex([
        paper({
          venue: 'R&D {Workshop}',
          authors: [
            { key: 'a', name: 'Anderson and Sons', openreviewId: null },
            { key: 'b', name: 'Doe, Jr., John', openreviewId: null },
            { key: 'c', name: 'Ann_Lee 100%', openreviewId: null },
          ],
        }),
      ]),
    );
    expect(entry?.fields.booktitle).toBe('R\\&D \\textbraceleft{}Workshop\\textbraceright{}');
    expect(entry?.fields.author).toBe('{Anderson and Sons} and {Doe, Jr., John} and Ann\\_Lee 100\\%');
  });

  it('should always parse, with no bare special character, whatever the strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }),
        fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: null }),
        (title, names, venue) => {
          const text = toBibtex([
            paper({
              title: title.trim() ? title : 'x',
              venue,
              authors: names.map((name, i) => ({ key: String(i), name, openreviewId: null })),
            }),
          ]);
          const [entry, ...more] = parseBibtex(text);
          expect(more).toEqual([]);
          expect(entry?.key).toMatch(/^[a-z0-9]+$/);
          for (const name of ['author', 'booktitle'] as const) {
            const value = entry?.fields[name];
            if (value !== undefined) expect(bareSpecials(value)).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

const guard = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

describe('CSV', () => {
  it('should write the header and one record per landmark paper that read back as written', () => {
    const rows = parseCsv(toCsv(corpus.papers));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(landmarks.length + 1);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    for (const [i, source] of corpus.papers.entries()) {
      const row = rows[i + 1] ?? [];
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[column('title')]).toBe(guard(source.title ?? ''));
      expect(row[column('authors')]?.split('; ')).toEqual(source.authors.map((a) => a.name));
      expect((row[column('subfields')] || undefined)?.split('; ').sort() ?? []).toEqual(
        source.tags
          .filter((t) => t.kind === 'subfield')
          .map((t) => t.label)
          .sort(),
      );
      expect(row[column('primaryContributionType')]).toBe(primaryContributionType(source) ?? '');
      expect(row[column('citationCount')]).toBe(String(source.citationCount));
      expect(row[column('stub')]).toBe('false');
    }
  });

  it('should leave rejected tags out and guard cells against formulas', () => {
    const rejected: ExportTag = { ...curatorTag('contribution', 'FALSIFICATION', 'no'), rejected: true };
    const [, row] = parseCsv(
      toCsv([
        paper({
          title: '=HYPERLINK("http://evil.example","x")',
          venue: '+1',
          authors: [{ key: 'a', name: '@home', openreviewId: null }],
          tags: [rejected, curatorTag('contribution', 'REGULARITY', 'yes')],
        }),
      ]),
    );
    const at = (name: (typeof CSV_COLUMNS)[number]) => row?.[CSV_COLUMNS.indexOf(name)];
    expect(at('title')).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(at('venue')).toBe("'+1");
    expect(at('authors')).toBe("'@home");
    expect(at('contributionTypes')).toBe('REGULARITY');
  });

  it('should round-trip any strings through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), { maxLength: 3 }),
        (title, venue, names) => {
          const p = paper({
            title,
            venue,
            authors: names.map((name, i) => ({ key: String(i), name, openreviewId: null })),
          });
          const rows = parseCsv(toCsv([p]));
          expect(rows).toHaveLength(2);
          const row = rows[1] ?? [];
          expect(row[CSV_COLUMNS.indexOf('title')]).toBe(guard(stripInvalidChars(title)));
          expect(row[CSV_COLUMNS.indexOf('venue')]).toBe(guard(stripInvalidChars(venue)));
          expect(row[CSV_COLUMNS.indexOf('authors')]).toBe(guard(stripInvalidChars(names.join('; '))));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should give the same text from the pieces as from toCsv', () => {
    expect(csvHeader() + corpus.papers.map(csvRow).join('')).toBe(toCsv(corpus.papers));
  });
});

// ----------------------------------------------------------------------------------------------------
// GraphML
// ----------------------------------------------------------------------------------------------------
describe('GraphML', () => {
  it('should write the landmark papers as nodes and their citations as directed edges', () => {
    const doc = readGraphml(toGraphml(corpus));
    expect(doc.graphml.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    expect(doc.graphml.graph.edgedefault).toBe('directed');
    const declared = new Set(doc.graphml.key.map((k) => k.id));
    expect(declared).toEqual(new Set(GRAPHML_KEYS.map((k) => k.id)));
    const nodes = doc.graphml.graph.node ?? [];
    expect(nodes.map((n) => n.id)).toEqual(corpus.papers.map((p) => p.key));
    for (const node of nodes) for (const d of node.data ?? []) expect(declared.has(d.key)).toBe(true);
    const zhang = nodes.find((n) => n.id === 'arxiv:1611.03530');
    expect(dataOf(zhang, 'title')).toBe('Understanding deep learning requires rethinking generalization');
    expect(dataOf(zhang, 'year')).toBe('2016');
    expect(dataOf(zhang, 'venue')).toBe('ICLR 2017');
    expect(dataOf(zhang, 'primaryContributionType')).toBe(
      primaryContributionType(corpus.papers.find((p) => p.key === 'arxiv:1611.03530') as ExportPaper),
    );
    const edges = doc.graphml.graph.edge ?? [];
    expect(edges.map((e) => [e.source, e.target])).toEqual(corpus.citations.map((c) => [c.from, c.to]));
  });

  it('should leave out edges with an end outside the bundle', () => {
    const [a] = corpus.papers;
    const doc = readGraphml(
      toGraphml({
        papers: a ? [a] : [],
        citations: [{ from: a?.key ?? '', to: 'arxiv:0000.00000', contexts: ['x'] }],
      }),
    );
    expect(doc.graphml.graph.edge ?? []).toEqual([]);
  });

  it('should escape markup and drop characters XML 1.0 cannot carry, whatever the strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 3 }),
        (title, key, contexts) => {
          const a = paper({ key, title });
          const b = paper({ key: `${key}#2` });
          const doc = readGraphml(
            toGraphml({ papers: [a, b], citations: [{ from: a.key, to: b.key, contexts }] }),
          );
          const node = doc.graphml.graph.node?.[0];
          expect(node?.id).toBe(stripInvalidChars(key));
          expect(dataOf(node, 'title') ?? '').toBe(stripInvalidChars(title));
          const edge = doc.graphml.graph.edge?.[0];
          expect(edge?.source).toBe(stripInvalidChars(a.key));
          expect(dataOf(edge, 'contextCount')).toBe(String(contexts.length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should give the same text from the pieces as from toGraphml', () => {
    expect(
      graphmlHeader() +
        corpus.papers.map(graphmlNode).join('') +
        corpus.citations.map((c, i) => graphmlEdge(c, i)).join('') +
        graphmlFooter(),
    ).toBe(toGraphml(corpus));
  });
});

// ----------------------------------------------------------------------------------------------------
// JSON Lines
// ----------------------------------------------------------------------------------------------------
describe('JSON Lines', () => {
  it('should write a header, then papers, citations and tags that the import schemas accept', () => {
    const lines = [...jsonlLines(corpus, { exportedAt: '2025-06-01T00:00:00.000Z' })].map(
      (line) => JSON.parse(line) as { type: string; [k: string]: unknown },
    );
    const [header, ...records] = lines;
    expect(header).toEqual({
      type: 'header',
      format: 'empirica-jsonl',
      version: 1,
      exportedAt: '2025-06-01T00:00:00.000Z',
      counts: {
        papers: landmarks.length,
        stubs: 0,
        citations: corpus.citations.length,
        tags: corpus.papers.reduce((n, p) => n + p.tags.length, 0),
      },
    });
    expect(headerRecordSchema.safeParse(header).success).toBe(true);
    expect(records.map((r) => r.type)).toEqual([
      ...corpus.papers.map(() => 'paper'),
      ...corpus.citations.map(() => 'citation'),
      ...corpus.papers.flatMap((p) => p.tags.map(() => 'tag')),
    ]);
    for (const { type, ...record } of records) {
      const schema =
        type === 'paper' ? paperRecordSchema : type === 'citation' ? citationRecordSchema : tagRecordSchema;
      const parsed = schema.safeParse(record);
      expect(parsed.error?.issues, JSON.stringify(record).slice(0, 200)).toBeUndefined();
    }
    const zhang = records.find((r) => r.type === 'paper' && r.arxivId === '1611.03530');
    expect(zhang).toMatchObject({
      key: 'arxiv:1611.03530',
      title: 'Understanding deep learning requires rethinking generalization',
      year: 2016,
      venue: 'ICLR 2017',
      source: 'landmarks',
      tagsCurated: true,
    });
    expect(zhang).not.toHaveProperty('abstract');
    expect(toJsonl(corpus, { exportedAt: '2025-06-01T00:00:00.000Z' })).toBe(
      `${[...jsonlLines(corpus, { exportedAt: '2025-06-01T00:00:00.000Z' })].join('\n')}\n`,
    );
  });

  it('should write a stub as a stub line and a citation once per source, with hints for a stub end', () => {
    const citing = paper({});
    const stub = paper({
      key: 'doi:10.1000/cited',
      arxivId: null,
      doi: '10.1000/cited',
      title: 'Cited only',
      year: 1998,
      stub: true,
      authors: [],
      categories: [],
    });
    const bundle: ExportBundle = {
      papers: [citing, stub],
      citations: [
        { from: citing.key, to: stub.key, contexts: ['as shown in [3]'], sources: ['arxiv-html', 'file'] },
      ],
    };
    const lines = [...jsonlLines(bundle)].map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ counts: { papers: 1, stubs: 1, citations: 1, tags: 0 } });
    expect(lines[2]).toEqual({
      type: 'paper',
      stub: true,
      key: 'doi:10.1000/cited',
      doi: '10.1000/cited',
      title: 'Cited only',
      year: 1998,
    });
    expect(stubRecordSchema.safeParse(lines[2]).success).toBe(true);
    expect(lines.slice(3)).toEqual([
      {
        type: 'citation',
        from: { arxivId: '2001.00001' },
        to: { doi: '10.1000/cited', title: 'Cited only', year: 1998 },
        contexts: ['as shown in [3]'],
        source: 'arxiv-html',
      },
      {
        type: 'citation',
        from: { arxivId: '2001.00001' },
        to: { doi: '10.1000/cited', title: 'Cited only', year: 1998 },
        contexts: [],
        source: 'file',
      },
    ]);
  });

  it('should split more than 200 citing sentences over lines', () => {
    const contexts = Array.from({ length: 450 }, (_, i) => `sentence ${i}`);
    const lines = jsonlCitation(
      { from: 'a', to: 'b', contexts, sources: ['s'] },
      paper({}),
      paper({ key: 'arxiv:2001.00002', arxivId: '2001.00002' }),
    ).map((line) => JSON.parse(line) as { contexts: string[]; source: string });
    expect(lines.map((l) => l.contexts.length)).toEqual([200, 200, 50]);
    expect(lines.flatMap((l) => l.contexts)).toEqual(contexts);
    for (const line of lines) expect(citationRecordSchema.safeParse(line).success).toBe(true);
  });

  it('should write tagger tags, curator tags and rejections so that the tag schema accepts them', () => {
    const tags: ExportTag[] = [
      {
        kind: 'subfield',
        label: 'SCALING_LAWS',
        confidence: 0.73,
        evidence: 'loss falls as a power law',
        source: 'tagger@3',
        taggedAt: '2025-02-03T04:05:06.789Z',
        curator: null,
        reason: null,
        rejected: false,
      },
      { ...curatorTag('contribution', 'FALSIFICATION', 'not a refutation'), confidence: 0, rejected: true },
    ];
    const lines = [...jsonlLines({ papers: [paper({ tags })], citations: [] })].slice(2);
    const parsed = lines.map((line) => tagRecordSchema.parse(JSON.parse(line)));
    expect(parsed).toEqual([
      expect.objectContaining({
        label: 'SCALING_LAWS',
        source: 'tagger@3',
        confidence: 0.73,
        rejected: false,
      }),
      expect.objectContaining({
        label: 'FALSIFICATION',
        source: 'curator',
        curator: 'empirica-landmarks',
        rejected: true,
      }),
    ]);
    expect(JSON.parse(lines[0] as string)).not.toHaveProperty('curator');
  });
});
