import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildListRecordsParams,
  buildListRecordsUrl,
  type ListRecordsOptions,
  OAI_BASE_URL,
  OAI_ERROR_CODES,
  OaiError,
  type OaiPage,
  oaiIdentifierToArxivId,
  parseListRecords,
} from '../../../ingest/sources/arxiv/oai.parser.js';
import { paperRecordSchema } from '../../../src/domain/records.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/arxiv/oai/${name}`, import.meta.url), 'utf8');

const PAGE_1 = fixture('listrecords_cs-LG_page1.xml');
const PAGE_2 = fixture('listrecords_cs-LG_page2.xml');
const PAGE_3 = fixture('listrecords_cs-LG_page3.xml');
const RAW = fixture('listrecords_arXivRaw_withdrawn.xml');
const MALFORMED = fixture('listrecords_malformed.xml');

/** A current-server style envelope around `body` (an <error> or a <ListRecords>). */
function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
    <responseDate>2025-06-05T11:00:00Z</responseDate>
    <request>https://oaipmh.arxiv.org/oai</request>
    ${body}
</OAI-PMH>`;
}

/** One `arXiv`-format record; `inner` is the content of <arXiv> after <id>. */
function arxivRecord(identifier: string, id: string, inner: string): string {
  return `<record><header><identifier>${identifier}</identifier><datestamp>2025-06-02</datestamp><setSpec>cs:cs:LG</setSpec></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>${id}</id>${inner}</arXiv></metadata></record>`;
}

/** One `arXivRaw`-format record with the given versions; `extra` goes after <categories>. */
function rawRecord(id: string, versions: string[], extra = ''): string {
  return `<record><header><identifier>oai:arXiv.org:${id}</identifier><datestamp>2025-06-02</datestamp></header>
<metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>${id}</id><submitter>Jane Roe</submitter>${versions.join('')}
<title>T</title><authors>Jane Roe and John Doe</authors><categories>cs.LG</categories>${extra}</arXivRaw></metadata></record>`;
}

function version(n: number, date: string, sourceType?: string): string {
  const type = sourceType ? `<source_type>${sourceType}</source_type>` : '';
  return `<version version="v${n}"><date>${date}</date><size>10kb</size>${type}</version>`;
}

const byId = (page: OaiPage, id: string) => {
  const record = page.records.find((r) => r.arxivId === id);
  if (!record) throw new Error(`no record ${id} on the page`);
  return record;
};

describe(buildListRecordsParams.name, () => {
  it('should build the first request of a window in protocol order with arXivRaw as the default format', () => {
    const params = buildListRecordsParams({ set: 'cs:cs:LG', from: '2025-06-02', until: '2025-06-04' });
    expect([...params]).toEqual([
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'arXivRaw'],
      ['set', 'cs:cs:LG'],
      ['from', '2025-06-02'],
      ['until', '2025-06-04'],
    ]);
    expect(params.toString()).toBe(
      'verb=ListRecords&metadataPrefix=arXivRaw&set=cs%3Acs%3ALG&from=2025-06-02&until=2025-06-04',
    );
  });

  it('should send only verb and metadataPrefix when no set or dates are given', () => {
    expect([...buildListRecordsParams({})]).toEqual([
      ['verb', 'ListRecords'],
      ['metadataPrefix', 'arXivRaw'],
    ]);
  });

  it('should ask for the arXiv format when told to', () => {
    expect(buildListRecordsParams({ metadataPrefix: 'arXiv', set: 'cs' }).get('metadataPrefix')).toBe(
      'arXiv',
    );
  });

  it('should turn Dates into their UTC day', () => {
    const params = buildListRecordsParams({
      from: new Date('2025-06-01T23:30:00-02:00'),
      until: new Date('2025-06-04T00:00:00Z'),
    });
    expect(params.get('from')).toBe('2025-06-02');
    expect(params.get('until')).toBe('2025-06-04');
  });

  it('should accept a one-day window and old-style archive set specs', () => {
    const params = buildListRecordsParams({ set: 'physics:hep-th', from: '2025-06-02', until: '2025-06-02' });
    expect(params.get('set')).toBe('physics:hep-th');
    expect(buildListRecordsParams({ set: 'physics:astro-ph:EP' }).get('set')).toBe('physics:astro-ph:EP');
  });

  it('should send a resumption token alone, exactly as the previous page gave it', () => {
    const token = parseListRecords(PAGE_1).resumptionToken?.token ?? '';
    const params = buildListRecordsParams({ resumptionToken: token });
    expect([...params]).toEqual([
      ['verb', 'ListRecords'],
      ['resumptionToken', token],
    ]);
    expect(new URLSearchParams(params.toString()).get('resumptionToken')).toBe(token);
    expect(PAGE_2).toContain(`resumptionToken="${token}"`);
  });

  it('should refuse a resumption token sent with window options', () => {
    const mixed = {
      resumptionToken: 'abc',
      set: 'cs:cs:LG',
      from: '2025-06-02',
    } as unknown as ListRecordsOptions;
    expect(() => buildListRecordsParams(mixed)).toThrow(
      /"resumptionToken" must be sent alone.*"set", "from"/,
    );
  });

  it('should refuse an empty resumption token', () => {
    expect(() => buildListRecordsParams({ resumptionToken: '  ' })).toThrow(/"resumptionToken"/);
  });

  it.each([['2025-6-2'], ['2025-02-30'], ['20250602'], ['2025-06-02T00:00:00Z'], ['']])(
    'should refuse the date %j naming the option',
    (bad) => {
      expect(() => buildListRecordsParams({ from: bad })).toThrow(
        /option "from" must be a Date or a day YYYY-MM-DD/,
      );
      expect(() => buildListRecordsParams({ until: bad })).toThrow(/option "until"/);
    },
  );

  it('should refuse an invalid Date', () => {
    expect(() => buildListRecordsParams({ until: new Date('not a date') })).toThrow(
      /option "until" is an invalid Date/,
    );
  });

  it('should refuse a window whose from is after its until', () => {
    expect(() => buildListRecordsParams({ from: '2025-06-05', until: '2025-06-04' })).toThrow(
      /"from" \(2025-06-05\) must not be after "until" \(2025-06-04\)/,
    );
  });

  it('should refuse a category id as set and name the set spec to use', () => {
    expect(() => buildListRecordsParams({ set: 'cs.LG' })).toThrow(
      /option "set" must be an OAI set spec.*cs\.LG is a category id, its set is cs:cs:LG/,
    );
    expect(() => buildListRecordsParams({ set: 'astro-ph.EP' })).toThrow(/its set is physics:astro-ph:EP/);
  });

  it.each([['cs:cs:LG:x'], ['CS'], ['cs::LG'], [''], ['cs:cs:LG ']])(
    'should refuse the set spec %j',
    (bad) => {
      expect(() => buildListRecordsParams({ set: bad })).toThrow(/option "set" must be an OAI set spec/);
    },
  );

  it('should refuse a metadata format the parser cannot read', () => {
    const dc = { metadataPrefix: 'oai_dc' } as unknown as ListRecordsOptions;
    expect(() => buildListRecordsParams(dc)).toThrow(
      /option "metadataPrefix" must be one of arXiv, arXivRaw/,
    );
  });
});

describe(buildListRecordsUrl.name, () => {
  it('should put the parameters on the current endpoint', () => {
    expect(buildListRecordsUrl({ set: 'cs:cs:LG', from: '2025-06-02' })).toBe(
      `${OAI_BASE_URL}?verb=ListRecords&metadataPrefix=arXivRaw&set=cs%3Acs%3ALG&from=2025-06-02`,
    );
    expect(OAI_BASE_URL).toBe('https://oaipmh.arxiv.org/oai');
  });
});

describe(oaiIdentifierToArxivId.name, () => {
  it('should map new- and old-style OAI identifiers to canonical arXiv ids', () => {
    expect(oaiIdentifierToArxivId('oai:arXiv.org:2301.12345')).toBe('2301.12345');
    expect(oaiIdentifierToArxivId('oai:arXiv.org:hep-th/9901001')).toBe('hep-th/9901001');
    expect(oaiIdentifierToArxivId('oai:arXiv.org:math.GT/0309136')).toBe('math/0309136');
  });

  it('should return undefined for identifiers of other repositories or non-ids', () => {
    expect(oaiIdentifierToArxivId('oai:pubmedcentral.nih.gov:12345')).toBeUndefined();
    expect(oaiIdentifierToArxivId('oai:arXiv.org:1912-02292')).toBeUndefined();
    expect(oaiIdentifierToArxivId('2301.12345')).toBeUndefined();
  });
});

describe(parseListRecords.name, () => {
  describe('a harvest of set cs:cs:LG over three pages', () => {
    const pages = [PAGE_1, PAGE_2, PAGE_3].map(parseListRecords);
    const [first, second, last] = pages as [OaiPage, OaiPage, OaiPage];

    it('should read the records of each page in order, with the response date', () => {
      expect(first.responseDate).toBe('2025-06-05T09:14:02Z');
      expect(first.records.map((r) => r.arxivId)).toEqual(['1611.03530', '1803.03635', '1912.02292']);
      expect(second.records.map((r) => r.arxivId)).toEqual(['2001.08361', '2103.00065']);
      expect(last.records.map((r) => r.arxivId)).toEqual(['2201.02177']);
      expect(pages.flatMap((p) => p.problems)).toEqual([]);
    });

    it('should read a full record', () => {
      expect(byId(first, '1611.03530')).toEqual({
        arxivId: '1611.03530',
        title: 'Understanding deep learning requires rethinking generalization',
        abstract:
          'Standard image classifiers can be trained to fit labels that were assigned at random, and even pure ' +
          'noise images, so the usual capacity measures and regularizers cannot be what explains why these ' +
          'networks generalize & do not simply memorize.',
        authors: [
          { name: 'Chiyuan Zhang' },
          { name: 'Samy Bengio' },
          { name: 'Moritz Hardt' },
          { name: 'Benjamin Recht' },
          { name: 'Oriol Vinyals' },
        ],
        categories: ['cs.LG'],
        comments: 'Published in ICLR 2017',
        updatedAt: '2017-02-26',
        source: 'arxiv-oai',
      });
    });

    it('should keep the authors in byline order with forenames before the keyname', () => {
      expect(byId(second, '2001.08361').authors?.map((a) => a.name)).toEqual([
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
      expect(byId(second, '2103.00065').authors?.map((a) => a.name)).toEqual([
        'Jeremy M. Cohen',
        'Simran Kaur',
        'Yuanzhi Li',
        'J. Zico Kolter',
        'Ameet Talwalkar',
      ]);
      expect(byId(last, '2201.02177').authors?.[0]).toEqual({ name: 'Alethea Power' });
    });

    it('should keep the categories in the order of the metadata, primary first (not the setSpec order)', () => {
      expect(byId(first, '1803.03635').categories).toEqual(['cs.LG', 'cs.AI', 'cs.NE']);
      expect(byId(first, '1912.02292').categories).toEqual(['cs.LG', 'cs.CV', 'cs.NE', 'stat.ML']);
    });

    it('should take created as the latest version day and claim no first publication or version', () => {
      expect(byId(first, '1803.03635').updatedAt).toBe('2019-03-04');
      expect(byId(second, '2001.08361').updatedAt).toBe('2020-01-23');
      for (const record of pages.flatMap((p) => p.records)) {
        expect(record).not.toHaveProperty('publishedAt');
        expect(record).not.toHaveProperty('year');
        expect(record).not.toHaveProperty('arxivVersion');
      }
    });

    it('should ignore updated, which is a modification time and no version date', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-02-01</created><updated>2025-06-01</updated><title>T</title>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]?.updatedAt).toBe('2023-02-01');
    });

    it('should normalise the DOI and keep the journal reference', () => {
      const doubleDescent = byId(first, '1912.02292');
      expect(doubleDescent.doi).toBe('10.1088/1742-5468/ac3a74');
      expect(doubleDescent.journalRef).toBe('J. Stat. Mech. (2021) 124003');
      expect(byId(first, '1611.03530').doi).toBeUndefined();
    });

    it('should collapse wrapped abstracts and decode character references', () => {
      expect(byId(second, '2103.00065').abstract).toBe(
        'With full-batch gradient descent, the top Hessian eigenvalue climbs until it reaches two over the step ' +
          'size and then hovers there, so training runs in an "edge of stability" regime where the loss is not ' +
          'monotone yet still goes down.',
      );
    });

    it('should link the pages by resumption tokens with cursor and list size', () => {
      expect(first.resumptionToken).toEqual({
        token:
          'verb%3DListRecords%26metadataPrefix%3DarXiv%26set%3Dcs%253Acs%253ALG%26from%3D2025-06-02%26until%3D2025-06-04%26skip%3D3',
        cursor: 0,
        completeListSize: 7,
      });
      expect(second.resumptionToken).toMatchObject({ cursor: 3, completeListSize: 7 });
      expect(second.resumptionToken?.token).toMatch(/skip%3D2$/);
      expect(PAGE_3).toContain(`resumptionToken="${second.resumptionToken?.token}"`);
    });

    it('should end the list at the empty token element and keep its list size', () => {
      expect(last.resumptionToken).toBeUndefined();
      expect(last.completeListSize).toBe(7);
      const listed = pages.reduce((n, p) => n + p.records.length + p.deleted.length + p.problems.length, 0);
      expect(listed).toBe(7);
    });

    it('should report a deleted record by its arXiv id and not as a record', () => {
      expect(second.deleted).toEqual(['2002.99999']);
      expect(second.records.map((r) => r.arxivId)).not.toContain('2002.99999');
      expect(first.deleted).toEqual([]);
      expect(pages.flatMap((p) => p.withdrawn)).toEqual([]);
    });
  });

  describe('the arXivRaw format', () => {
    const page = parseListRecords(RAW);

    it('should take the version history: v1 time, latest time and latest version number', () => {
      const zhang = byId(page, '1611.03530');
      expect(zhang).toMatchObject({
        publishedAt: '2016-11-10T19:04:32Z',
        updatedAt: '2017-02-26T21:31:05Z',
        arxivVersion: 2,
        year: 2016,
        categories: ['cs.LG'],
      });
      expect(byId(page, '2001.08361')).toMatchObject({ arxivVersion: 1, updatedAt: '2020-01-23T03:59:20Z' });
    });

    it('should split the byline string into names in order', () => {
      expect(byId(page, '2001.08361').authors?.map((a) => a.name)).toEqual([
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

    it('should drop affiliations, join a suffix, split on "and" and decode TeX accents', () => {
      expect(byId(page, '2304.99999').authors?.map((a) => a.name)).toEqual([
        'Ana María López',
        'Jürgen Müller',
        'Robert Smith Jr.',
        'Søren Çelik',
      ]);
    });

    it('should list a paper whose latest version is a withdrawal and keep its record', () => {
      expect(page.withdrawn).toEqual(['2304.99999']);
      expect(byId(page, '2304.99999')).toMatchObject({
        title: 'A "withdrawn" record for parser tests',
        arxivVersion: 2,
        updatedAt: '2023-05-15T08:30:00Z',
        comments: 'This paper has been withdrawn by the authors: the main result is wrong',
      });
    });

    it('should not list a paper whose withdrawal was replaced by a later version', () => {
      const xml = envelope(
        `<ListRecords>${rawRecord('2301.10000', [version(1, 'Tue, 24 Jan 2023 10:00:00 GMT', 'D'), version(3, 'Fri, 03 Mar 2023 09:00:00 GMT'), version(2, 'Wed, 01 Feb 2023 08:00:00 GMT', 'I')])}</ListRecords>`,
      );
      const page = parseListRecords(xml);
      expect(page.withdrawn).toEqual([]);
      expect(page.records[0]).toMatchObject({
        publishedAt: '2023-01-24T10:00:00Z',
        updatedAt: '2023-03-03T09:00:00Z',
        arxivVersion: 3,
        year: 2023,
      });
    });

    it('should read DOI and journal reference of an arXivRaw record', () => {
      const xml = envelope(
        `<ListRecords>${rawRecord('2301.10000', [version(1, 'Tue, 24 Jan 2023 10:00:00 GMT')], '<journal-ref>J. Test 1 (2023) 2</journal-ref><doi>10.1000/XYZ</doi>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]).toMatchObject({
        doi: '10.1000/xyz',
        journalRef: 'J. Test 1 (2023) 2',
      });
    });

    it('should report a record without version history or with an unreadable version', () => {
      const xml = envelope(
        `<ListRecords>${rawRecord('2301.10000', [])}${rawRecord('2301.10001', [version(1, '2023-01-24 10:00:00')])}</ListRecords>`,
      );
      expect(parseListRecords(xml).problems).toEqual([
        { id: 'oai:arXiv.org:2301.10000', errors: ['the record has no <version> history'] },
        { id: 'oai:arXiv.org:2301.10001', errors: ['version "v1" has no valid number or date'] },
      ]);
    });

    it('should read a current-server token with expires and without cursor or list size', () => {
      expect(page.resumptionToken).toEqual({
        token:
          'verb%3DListRecords%26metadataPrefix%3DarXivRaw%26set%3Dcs%253Acs%253ALG%26from%3D2025-06-02%26skip%3D3',
        expires: '2025-06-06T00:00:00Z',
      });
      expect(page.completeListSize).toBeUndefined();
    });
  });

  describe('OAI errors', () => {
    it('should return noRecordsMatch as a page with no records and no token, never as an error', () => {
      expect(parseListRecords(fixture('error_noRecordsMatch.xml'))).toEqual({
        responseDate: '2025-06-05T09:31:47Z',
        records: [],
        deleted: [],
        withdrawn: [],
        problems: [],
        resumptionToken: undefined,
      });
    });

    it('should throw badResumptionToken as an OaiError with its code and the server text', () => {
      let error: unknown;
      try {
        parseListRecords(fixture('error_badResumptionToken.xml'));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OaiError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        name: 'OaiError',
        code: 'badResumptionToken',
        description: 'The value of the resumptionToken argument is invalid or expired. Reason: token expired',
      });
      expect((error as Error).message).toMatch(/^OAI-PMH error badResumptionToken: The value/);
    });

    it.each(OAI_ERROR_CODES.filter((code) => code !== 'noRecordsMatch'))(
      'should throw an OaiError with code %s',
      (code) => {
        const xml = envelope(`<error code='${code}'>Explanation &amp; reason.</error>`);
        expect(() => parseListRecords(xml)).toThrow(OaiError);
        expect(() => parseListRecords(xml)).toThrow(
          expect.objectContaining({ code, description: 'Explanation & reason.' }),
        );
      },
    );

    it('should throw the real error when noRecordsMatch comes with another one', () => {
      const xml = envelope(
        `<error code='noRecordsMatch'>Empty.</error><error code='badArgument'>Duplicate argument set.</error>`,
      );
      expect(() => parseListRecords(xml)).toThrow(expect.objectContaining({ code: 'badArgument' }));
    });

    it('should throw a plain Error for an error code outside OAI-PMH', () => {
      const xml = envelope(`<error code='overQuota'>Slow down.</error>`);
      expect(() => parseListRecords(xml)).toThrow(/unknown code "overQuota": Slow down\./);
      expect(() => parseListRecords(xml)).not.toThrow(OaiError);
    });
  });

  describe('a page with malformed records', () => {
    const page = parseListRecords(MALFORMED);

    it('should report each bad record by its OAI identifier with every reason', () => {
      expect(page.problems).toEqual([
        { id: 'oai:arXiv.org:1803.03635', errors: ['title is missing or empty'] },
        {
          id: 'oai:arXiv.org:1912-02292',
          errors: [
            'identifier "oai:arXiv.org:1912-02292" does not name an arXiv paper (oai:arXiv.org:<arXiv id>)',
          ],
        },
        {
          id: 'oai:arXiv.org:2103.00065',
          errors: ['created "2021-02-30" is not a calendar day YYYY-MM-DD', 'author 1 has no keyname'],
        },
        {
          id: 'oai:arXiv.org:2201.02177',
          errors: ['metadata <id> 2001.08361 differs from the header identifier (2201.02177)'],
        },
      ]);
    });

    it('should still parse the good records and the token', () => {
      expect(page.records.map((r) => r.arxivId)).toEqual(['1611.03530', '2001.08361']);
      expect(page.resumptionToken).toMatchObject({ cursor: 0, completeListSize: 9 });
    });

    it('should report a record in a format it does not read, and one without identifier', () => {
      const xml = envelope(`<ListRecords>
<record><header><identifier>oai:arXiv.org:2401.14040</identifier><datestamp>2024-01-25</datestamp></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A title</dc:title></oai_dc:dc></metadata></record>
<record><header><datestamp>2024-01-25</datestamp></header></record>
<record><header><identifier>oai:arXiv.org:2401.14041</identifier><datestamp>2024-01-25</datestamp></header></record>
</ListRecords>`);
      expect(parseListRecords(xml).problems).toEqual([
        {
          id: 'oai:arXiv.org:2401.14040',
          errors: ['unsupported metadata format <dc>; request arXiv or arXivRaw'],
        },
        { id: '(record 2 of the page, without an identifier)', errors: ['the header has no <identifier>'] },
        {
          id: 'oai:arXiv.org:2401.14041',
          errors: ['the record has no <metadata> and is not marked deleted'],
        },
      ]);
    });

    it('should report a record that the record schema rejects', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-01-24</created><title>T</title><categories>cs.LG not/a/category</categories>')}</ListRecords>`,
      );
      const page = parseListRecords(xml);
      expect(page.records).toEqual([]);
      expect(page.problems).toEqual([
        {
          id: 'oai:arXiv.org:2301.10000',
          errors: ['categories.1: expected an arXiv category such as cs.LG'],
        },
      ]);
    });
  });

  describe('values', () => {
    it('should keep ids, dates and numeric-looking titles as strings', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-01-24</created><authors><author><keyname>Planck Collaboration</keyname></author></authors><title>1e3</title>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records).toEqual([
        {
          arxivId: '2301.10000',
          title: '1e3',
          authors: [{ name: 'Planck Collaboration' }],
          updatedAt: '2023-01-24',
          source: 'arxiv-oai',
        },
      ]);
    });

    it('should read old-style identifiers', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:hep-th/9901001', 'hep-th/9901001', '<created>1999-01-04</created><title>An old paper</title><categories>hep-th</categories>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]).toMatchObject({
        arxivId: 'hep-th/9901001',
        updatedAt: '1999-01-04',
      });
    });

    it('should decode each entity once and only the XML ones', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-01-24</created><title>a &amp;lt; b &#x2014; &#8211; &quot;c&quot; &apos;d&apos; &amp;nbsp;</title>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]?.title).toBe('a &lt; b \u2014 \u2013 "c" \'d\' &nbsp;');
    });

    it('should take the first DOI that parses when the field lists several', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-01-24</created><title>T</title><doi>bogus 10.1000/ABC.1 10.1000/def</doi>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]?.doi).toBe('10.1000/abc.1');
    });

    it('should produce only records that pass the record schema', () => {
      const records = [PAGE_1, PAGE_2, PAGE_3, RAW, MALFORMED].flatMap(
        (xml) => parseListRecords(xml).records,
      );
      expect(records).toHaveLength(11);
      for (const record of records) {
        const result = paperRecordSchema.safeParse(record);
        expect(result.success, `${record.arxivId}: ${result.error?.message}`).toBe(true);
      }
    });
  });

  describe('hostile and broken input', () => {
    it('should refuse a DOCTYPE with an entity bomb before parsing', () => {
      expect(() => parseListRecords(fixture('hostile_entity-bomb.xml'))).toThrow(
        /refusing XML with a <!DOCTYPE> declaration/,
      );
    });

    it('should refuse a DOCTYPE without entities (external DTD)', () => {
      const xml = PAGE_1.replace(
        '<OAI-PMH ',
        '<!DOCTYPE OAI-PMH SYSTEM "http://example.org/oai.dtd">\n<OAI-PMH ',
      );
      expect(() => parseListRecords(xml)).toThrow(/<!DOCTYPE>/);
    });

    it('should refuse an entity declaration even outside a DOCTYPE', () => {
      expect(() => parseListRecords(envelope('<!ENTITY x "y"><ListRecords/>'))).toThrow(
        /refusing XML with an <!ENTITY> declaration/,
      );
    });

    it('should leave an undeclared entity reference as text, never expand it', () => {
      const xml = envelope(
        `<ListRecords>${arxivRecord('oai:arXiv.org:2301.10000', '2301.10000', '<created>2023-01-24</created><title>&lol9;</title>')}</ListRecords>`,
      );
      expect(parseListRecords(xml).records[0]?.title).toBe('&lol9;');
    });

    it.each([120, 1500, 3000, PAGE_1.length - 20, PAGE_1.length - 3])(
      'should refuse a response truncated to %i characters',
      (length) => {
        expect(() => parseListRecords(PAGE_1.slice(0, length))).toThrow(
          /not a valid OAI-PMH response \(truncated or malformed XML\)/,
        );
      },
    );

    it('should refuse an empty body', () => {
      expect(() => parseListRecords('')).toThrow(/the body is empty/);
    });

    it('should refuse XML that is not an OAI-PMH response', () => {
      expect(() => parseListRecords('<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>')).toThrow(
        /no <OAI-PMH> root element/,
      );
    });

    it('should refuse a response without responseDate', () => {
      expect(() => parseListRecords(PAGE_3.replace(/<responseDate>.*<\/responseDate>/, ''))).toThrow(
        /no <responseDate>/,
      );
    });

    it('should refuse an answer to another verb', () => {
      expect(() => parseListRecords(envelope('<GetRecord></GetRecord>'))).toThrow(
        /expected <ListRecords> or <error>.*GetRecord/,
      );
    });
  });
});
