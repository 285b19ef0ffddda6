import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../../ingest/errors.js';
import {
  ArxivApiError,
  ArxivFeedError,
  decodeXml,
  parseArxivAtom,
} from '../../../ingest/sources/arxiv/arxiv-api.parser.js';
import { type PaperRecordInput, paperRecordSchema } from '../../../src/domain/records.js';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/arxiv/api');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** A current-format feed around hand-written entries, for cases no recorded fixture shows. */
function feed(entries: string, total = 1): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: test</title>
  <updated>2025-11-12T00:00:00Z</updated>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  ${entries}
</feed>`;
}

function entry(parts: { id?: string; title?: string; extra?: string } = {}): string {
  const id = parts.id === undefined ? '<id>http://arxiv.org/abs/2301.10000v1</id>' : parts.id;
  const title = parts.title === undefined ? '<title>A test paper</title>' : parts.title;
  return `<entry>
    ${id}
    ${title}
    <updated>2023-01-24T10:00:00Z</updated>
    <summary>A short summary.</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2023-01-24T10:00:00Z</published>
    <arxiv:primary_category term="cs.LG"/>
    <author><name>Ada Lovelace</name></author>
    ${parts.extra ?? ''}
  </entry>`;
}

const byId = (records: readonly PaperRecordInput[]) => new Map(records.map((r) => [r.arxivId, r]));
const withoutUpdated = ({ updatedAt: _updatedAt, ...rest }: PaperRecordInput) => rest;

const PAGE_FIXTURES = [
  'legacy_search_cs_lg.xml',
  'search_cs_lg_2025-11.xml',
  'legacy_idlist_doi_old_style.xml',
  'idlist_doi_old_style_2025-11.xml',
  'legacy_idlist_unknown.xml',
  'search_empty_2025-11.xml',
  'search_malformed_2025-11.xml',
];

describe(parseArxivAtom.name, () => {
  describe('search pages', () => {
    const legacy = parseArxivAtom(fixture('legacy_search_cs_lg.xml'));
    const current = parseArxivAtom(fixture('search_cs_lg_2025-11.xml'));

    it('should read the OpenSearch paging numbers of both formats', () => {
      expect([legacy.totalResults, legacy.startIndex, legacy.itemsPerPage]).toEqual([51234, 20, 4]);
      expect([current.totalResults, current.startIndex, current.itemsPerPage]).toEqual([51502, 20, 4]);
    });

    it('should read a legacy entry into a complete record', () => {
      expect(legacy.problems).toEqual([]);
      expect(legacy.records[0]).toEqual({
        source: 'arxiv-api',
        arxivId: '1611.03530',
        arxivVersion: 2,
        title: 'Understanding deep learning requires rethinking generalization',
        abstract:
          'Large neural networks trained with stochastic gradient methods can drive the training error to zero ' +
          'even when every label is replaced by random noise, yet the same architectures generalize well on ' +
          'real labels. We take this as evidence that explicit regularization and classical capacity measures ' +
          'do not explain why deep networks generalize.',
        authors: [
          { name: 'Chiyuan Zhang' },
          { name: 'Samy Bengio' },
          { name: 'Moritz Hardt' },
          { name: 'Benjamin Recht' },
          { name: 'Oriol Vinyals' },
        ],
        categories: ['cs.LG'],
        publishedAt: '2016-11-10T22:02:36Z',
        updatedAt: '2017-02-26T21:44:24Z',
        year: 2016,
        comments: 'Published in ICLR 2017',
      });
    });

    it('should give the same records for the same papers in both formats, updatedAt aside', () => {
      expect(legacy.records.map((r) => r.arxivId)).toEqual([
        '1611.03530',
        '1803.03635',
        '2001.08361',
        '1312.6199',
      ]);
      expect(current.records.map((r) => r.arxivId)).toEqual([
        '1312.6199',
        '1611.03530',
        '1803.03635',
        '2001.08361',
      ]);
      const currentById = byId(current.records);
      for (const record of legacy.records) {
        const other = currentById.get(record.arxivId);
        expect(other && withoutUpdated(other)).toEqual(withoutUpdated(record));
      }
    });

    it('should keep updatedAt as each backend gives it (version date in legacy, last change now)', () => {
      expect(byId(legacy.records).get('2001.08361')).toMatchObject({
        publishedAt: '2020-01-23T05:21:49Z',
        updatedAt: '2020-01-23T05:21:49Z',
        arxivVersion: 1,
      });
      expect(byId(current.records).get('2001.08361')).toMatchObject({
        publishedAt: '2020-01-23T05:21:49Z',
        updatedAt: '2020-01-24T01:07:58Z',
        arxivVersion: 1,
      });
    });

    it('should collapse the hard-wrapped legacy title and abstract', () => {
      const lottery = byId(legacy.records).get('1803.03635');
      expect(lottery?.title).toBe('The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks');
      expect(lottery?.abstract).toMatch(
        /^Dense feed-forward networks contain small subnetworks that, when reset/,
      );
      expect(lottery?.abstract).not.toMatch(/\n| {2}/);
    });

    it('should take the version from the id and keep the id without it', () => {
      expect(legacy.records.map((r) => [r.arxivId, r.arxivVersion])).toEqual([
        ['1611.03530', 2],
        ['1803.03635', 5],
        ['2001.08361', 1],
        ['1312.6199', 4],
      ]);
    });

    it('should keep the authors in byline order', () => {
      expect(
        byId(current.records)
          .get('2001.08361')
          ?.authors?.map((a) => a.name),
      ).toEqual([
        'Jared Kaplan',
        'Sam McCandlish',
        'Tom Henighan',
        'Tom B. Brown',
        'Benjamin Chess',
        'Rewon Child',
        'Scott Gray',
        'Alec Radford',
        'Jeffrey Wu',
        'Dario Amodei',
      ]);
    });

    it('should list the primary category first, then the cross-lists', () => {
      expect(byId(legacy.records).get('1312.6199')?.categories).toEqual(['cs.CV', 'cs.LG', 'cs.NE']);
      expect(byId(current.records).get('1312.6199')?.categories).toEqual(['cs.CV', 'cs.LG', 'cs.NE']);
    });

    it('should put the primary category first even when the feed lists it after the cross-lists', () => {
      const page = parseArxivAtom(
        feed(`<entry>
          <id>http://arxiv.org/abs/1312.6199v4</id>
          <title>Intriguing properties of neural networks</title>
          <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
          <category term="cs.NE" scheme="http://arxiv.org/schemas/atom"/>
          <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
          <arxiv:primary_category term="cs.CV"/>
        </entry>`),
      );
      expect(page.records[0]?.categories).toEqual(['cs.CV', 'cs.LG', 'cs.NE']);
    });
  });

  describe('id_list answers', () => {
    const legacy = parseArxivAtom(fixture('legacy_idlist_doi_old_style.xml'));
    const current = parseArxivAtom(fixture('idlist_doi_old_style_2025-11.xml'));

    it('should read the DOI, journal ref and comments in both formats', () => {
      for (const page of [legacy, current]) {
        expect(byId(page.records).get('1404.7828')).toMatchObject({
          doi: '10.1016/j.neunet.2014.09.003',
          journalRef: 'Neural Networks, Vol 61, pp 85-117, Jan 2015',
          comments: '88 pages, 888 references',
          categories: ['cs.NE', 'cs.LG'],
          authors: [{ name: 'Juergen Schmidhuber' }],
          year: 2014,
        });
        expect(byId(page.records).get('cs/9605103')).toMatchObject({
          doi: '10.1613/jair.301',
          journalRef: 'Journal of Artificial Intelligence Research, Vol 4, (1996), 237-285',
        });
      }
    });

    it('should read old-style ids with their archive and version', () => {
      expect(current.records.map((r) => [r.arxivId, r.arxivVersion, r.year])).toEqual([
        ['1404.7828', 4, 2014],
        ['physics/0004057', 1, 2000],
        ['cs/9605103', 1, 1996],
      ]);
      expect(byId(legacy.records).get('physics/0004057')?.categories).toEqual([
        'physics.data-an',
        'cond-mat.dis-nn',
        'cs.LG',
        'nlin.AO',
      ]);
    });

    it('should unwrap legacy comments and journal refs', () => {
      expect(byId(legacy.records).get('physics/0004057')?.comments).toBe(
        'Proceedings of the 37-th Annual Allerton Conference on Communication, Control and Computing, ' +
          'pp. 368-377 (1999)',
      );
      expect(byId(legacy.records).get('cs/9605103')?.journalRef).toBe(
        byId(current.records).get('cs/9605103')?.journalRef,
      );
    });

    it('should drop the MSC and ACM classes the legacy backend lists as categories', () => {
      expect(byId(legacy.records).get('cs/9605103')?.categories).toEqual(['cs.AI']);
    });

    it('should give the same records in both formats, updatedAt aside', () => {
      const currentById = byId(current.records);
      expect(legacy.records).toHaveLength(3);
      for (const record of legacy.records)
        expect(withoutUpdated(currentById.get(record.arxivId) ?? record)).toEqual(withoutUpdated(record));
    });

    it('should skip the empty legacy placeholder of an unknown id without calling it a problem', () => {
      expect(legacy).toMatchObject({ totalResults: 4, emptyEntries: 1, problems: [] });
      expect(current).toMatchObject({ totalResults: 3, emptyEntries: 0, problems: [] });
    });

    it('should take the DOI from the doi.org link when arxiv:doi is missing', () => {
      const page = parseArxivAtom(
        feed(entry({ extra: '<link rel="related" href="https://doi.org/10.1613/JAIR.301"/>' })),
      );
      expect(page.records[0]?.doi).toBe('10.1613/jair.301');
    });

    it('should take the first DOI when arxiv:doi lists several', () => {
      const page = parseArxivAtom(
        feed(
          entry({ extra: '<arxiv:doi>10.1103/PhysRevD.76.013009 10.1103/PhysRevD.78.059901</arxiv:doi>' }),
        ),
      );
      expect(page.records[0]?.doi).toBe('10.1103/physrevd.76.013009');
    });
  });

  describe('empty results', () => {
    it('should give no records and no problems when nothing matches', () => {
      expect(parseArxivAtom(fixture('search_empty_2025-11.xml'))).toEqual({
        totalResults: 0,
        startIndex: 0,
        itemsPerPage: 100,
        records: [],
        problems: [],
        emptyEntries: 0,
      });
    });

    it('should give no records for a lone unknown id in the legacy format, though totalResults is 1', () => {
      expect(parseArxivAtom(fixture('legacy_idlist_unknown.xml'))).toMatchObject({
        totalResults: 1,
        records: [],
        problems: [],
      });
    });
  });

  describe('error feeds', () => {
    it.each([
      [
        'legacy_error_bad_id.xml',
        'incorrect id format for notanid',
        /api\/errors#incorrect_id_format_for_notanid$/,
      ],
      [
        'error_bad_id_2025-11.xml',
        'incorrect id format for notanid',
        /api\/errors#incorrect_id_format_for_notanid$/,
      ],
      [
        'error_invalid_query_2025-11.xml',
        "Invalid query string: 'cat:cs.LG AND (ti:attention'",
        /api\/errors$/,
      ],
    ])('should throw ArxivApiError with the message of %s', (name, message, errorId) => {
      const thrown = catchError(() => parseArxivAtom(fixture(name)));
      expect(thrown).toBeInstanceOf(ArxivApiError);
      expect(thrown).toBeInstanceOf(NonRetryableError);
      expect(thrown).toMatchObject({ name: 'ArxivApiError', apiMessage: message });
      expect((thrown as ArxivApiError).message).toBe(`arXiv API error: ${message}`);
      expect((thrown as ArxivApiError).errorId).toMatch(errorId);
    });

    it('should recognise an error entry by its title and author when its id points elsewhere', () => {
      const xml = feed(`<entry>
        <id>https://info.arxiv.org/help/api/user-manual#sort</id>
        <title>Error</title>
        <summary>sortBy must be in: relevance, lastUpdatedDate, submittedDate</summary>
        <author><name>arXiv api core</name></author>
      </entry>`);
      expect(() => parseArxivAtom(xml)).toThrow(/sortBy must be in/);
    });

    it('should not take a real paper titled "Error" for an error feed', () => {
      const page = parseArxivAtom(feed(entry({ title: '<title>Error</title>' })));
      expect(page.records[0]).toMatchObject({ arxivId: '2301.10000', title: 'Error' });
    });
  });

  describe('malformed entries', () => {
    const page = parseArxivAtom(fixture('search_malformed_2025-11.xml'));

    it('should report each bad entry by its id, or by its position when it has none', () => {
      expect(page.problems).toEqual([
        { id: '1512.03385', errors: ['missing or empty <title>'] },
        { id: 'entry 3 ("Adam: A Method for Stochastic Optimization")', errors: ['missing <id>'] },
        {
          id: 'http://arxiv.org/abs/1502.03l67v3',
          errors: ['<id> is not an arXiv id: "http://arxiv.org/abs/1502.03l67v3"'],
        },
        { id: '1409.1556', errors: ['<published> is not an ISO 8601 date-time: "2014-09-31T19:48:04Z"'] },
      ]);
    });

    it('should still read the good entries around them', () => {
      expect(page.totalResults).toBe(245112);
      expect(page.records.map((r) => r.arxivId)).toEqual(['1706.03762', '1207.0580']);
      expect(page.records[0]).toMatchObject({
        title: 'Attention Is All You Need',
        categories: ['cs.CL', 'cs.LG'],
        arxivVersion: 7,
        abstract: expect.stringContaining('English–German and English–French benchmarks & also'),
      });
    });

    it('should report an entry whose arxiv:doi holds no DOI', () => {
      const bad = parseArxivAtom(feed(entry({ extra: '<arxiv:doi>see journal</arxiv:doi>' })));
      expect(bad.records).toEqual([]);
      expect(bad.problems).toEqual([
        { id: '2301.10000', errors: ['<arxiv:doi> holds no DOI: "see journal"'] },
      ]);
    });

    it('should report an author without a name', () => {
      const bad = parseArxivAtom(feed(entry({ extra: '<author><name> </name></author>' })));
      expect(bad.problems).toEqual([{ id: '2301.10000', errors: ['author 2 has no <name>'] }]);
    });

    it('should report what the record schema rejects, naming the field', () => {
      const bad = parseArxivAtom(
        feed(entry({ extra: `<arxiv:comment>${'x'.repeat(2001)}</arxiv:comment>` })),
      );
      expect(bad.records).toEqual([]);
      expect(bad.problems[0]?.id).toBe('2301.10000');
      expect(bad.problems[0]?.errors[0]).toMatch(/^comments: /);
    });
  });

  describe('text', () => {
    it('should keep number-like ids and text as strings', () => {
      const page = parseArxivAtom(
        feed(
          entry({
            id: '<id>2301.10000v1</id>',
            title: '<title>0.10</title>',
            extra: '<arxiv:comment>007</arxiv:comment>',
          }),
        ),
      );
      expect(page.records[0]).toMatchObject({ arxivId: '2301.10000', title: '0.10', comments: '007' });
    });

    it('should decode the predefined entities and character references once, in text and attributes', () => {
      const page = parseArxivAtom(
        feed(
          entry({
            title: '<title>R&amp;D: &lt;b&gt; &#955;&#x3BB; &quot;q&quot; &apos;a&apos; &amp;lt;</title>',
            extra: '<category term="stat.ML" scheme="http://arxiv.org/schemas/atom&amp;x"/>',
          }),
        ),
      );
      expect(page.records[0]?.title).toBe(`R&D: <b> λλ "q" 'a' &lt;`);
      expect(page.records[0]?.categories).toEqual(['cs.LG', 'stat.ML']);
    });

    it('should read CDATA as literal text', () => {
      const page = parseArxivAtom(feed(entry({ title: '<title><![CDATA[Fish &amp; <chips>]]></title>' })));
      expect(page.records[0]?.title).toBe('Fish &amp; <chips>');
    });
  });

  describe('hostile and broken input', () => {
    it('should refuse a DOCTYPE with an entity bomb before parsing', () => {
      const bomb = `<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&c;</title></feed>`;
      const thrown = catchError(() => parseArxivAtom(bomb));
      expect(thrown).toBeInstanceOf(ArxivFeedError);
      expect((thrown as Error).message).toMatch(/DOCTYPE or ENTITY declaration/);
    });

    it('should refuse an external entity declaration', () => {
      const xxe = feed(entry()).replace('<feed', '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<feed');
      expect(() => parseArxivAtom(xxe)).toThrow(/refused: it contains a DOCTYPE or ENTITY declaration/);
    });

    it('should refuse a truncated response', () => {
      const full = fixture('legacy_search_cs_lg.xml');
      const thrown = catchError(() => parseArxivAtom(full.slice(0, Math.floor(full.length / 2))));
      expect(thrown).toBeInstanceOf(ArxivFeedError);
      expect((thrown as Error).message).toMatch(/not well-formed XML/);
    });

    it.each([
      ['an empty body', '', /empty/],
      ['a plain-text body', 'Rate exceeded.', /not well-formed XML .*"Rate exceeded\."/],
      [
        'an HTML page',
        '<html><body>Service Unavailable</body></html>',
        /not an Atom feed: root element is <html>/,
      ],
      ['two root elements', `${feed('', 0)}<feed/>`, /not an Atom feed: it has more than one root element/],
      [
        'nesting beyond the parser limit',
        feed(`<entry><title>${'<b>'.repeat(150)}x${'</b>'.repeat(150)}</title></entry>`),
        /could not be parsed/,
      ],
      [
        'a feed without totalResults',
        feed('', 0).replace('<opensearch:totalResults>0</opensearch:totalResults>', ''),
        /no opensearch:totalResults/,
      ],
      [
        'a feed with a negative startIndex',
        feed('', 0).replace('<opensearch:startIndex>0', '<opensearch:startIndex>-1'),
        /invalid \("-1"\) opensearch:startIndex/,
      ],
    ])('should refuse %s', (_label, xml, message) => {
      expect(() => parseArxivAtom(xml)).toThrow(message);
    });
  });

  it.each(PAGE_FIXTURES)('should produce only records that pass paperRecordSchema from %s', (name) => {
    const page = parseArxivAtom(fixture(name));
    for (const record of page.records) {
      const result = paperRecordSchema.safeParse(record);
      expect(result.success, `${record.arxivId}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });
});

describe(decodeXml.name, () => {
  it('should leave unknown entities and invalid character references alone', () => {
    expect(decodeXml('&nbsp; &#0; &#x110000; &#65;')).toBe('&nbsp; &#0; &#x110000; A');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
