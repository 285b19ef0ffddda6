import { describe, expect, it } from 'vitest';
import {
  asArray,
  asNode,
  attributeOf,
  decodeXml,
  elementNames,
  isNode,
  parseXml,
  textOf,
  XmlInputError,
} from '../../ingest/xml.js';

const NONE: ReadonlySet<string> = new Set();
const ITEMS: ReadonlySet<string> = new Set(['item']);

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function refusal(xml: unknown): XmlInputError {
  const error = catchError(() => parseXml(xml as string, NONE));
  expect(error).toBeInstanceOf(XmlInputError);
  expect(error).toBeInstanceOf(Error);
  return error as XmlInputError;
}

describe(parseXml.name, () => {
  describe('refusals', () => {
    it('should refuse a DOCTYPE with an entity bomb before parsing', () => {
      const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
      const error = refusal(bomb);
      expect(error).toMatchObject({ name: 'XmlInputError', problem: 'doctype' });
      expect(error.message).toMatch(/<!DOCTYPE> declaration.*billion laughs/);
    });

    it('should refuse a DOCTYPE without entities (external DTD), in any case', () => {
      expect(refusal('<!DOCTYPE a SYSTEM "http://example.org/a.dtd"><a/>').problem).toBe('doctype');
      expect(refusal('<!doctype a><a/>').problem).toBe('doctype');
    });

    it('should refuse an ENTITY declaration even outside a DOCTYPE', () => {
      const error = refusal('<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<a>&xxe;</a>');
      expect(error.problem).toBe('entity');
      expect(error.message).toMatch(/<!ENTITY> declaration/);
    });

    it.each([[''], ['   \n\t '], ['\uFEFF'], ['\uFEFF  \n']])('should refuse the empty body %j', (xml) => {
      const error = refusal(xml);
      expect(error.problem).toBe('empty');
      expect(error.message).toBe('XML input is empty');
    });

    it.each([[undefined], [null], [42]])('should refuse %j, which is not a string', (value) => {
      expect(refusal(value).problem).toBe('not-a-string');
    });

    it('should refuse text that is not well-formed, saying where and what came instead', () => {
      const error = refusal('<a>\n  <b>x</c>\n</a>');
      expect(error).toMatchObject({ problem: 'malformed', line: 2 });
      expect(error.column).toEqual(expect.any(Number));
      expect(error.detail).toEqual(expect.any(String));
      expect(error.message).toMatch(
        /^XML is not well-formed \(line 2, column \d+: .+\); it starts with "<a>/,
      );
    });

    it('should refuse plain text and a truncated document, showing their start', () => {
      const text = refusal('Rate exceeded.');
      expect(text.problem).toBe('malformed');
      expect(text.excerpt).toBe('Rate exceeded.');
      expect(text.message).toMatch(/"Rate exceeded\."$/);
      expect(refusal('<feed><entry><id>2301.10000</id></entry>').problem).toBe('malformed');
    });

    it('should keep the excerpt to 80 characters after leading whitespace', () => {
      const error = refusal(`\n   ${'x'.repeat(200)}`);
      expect(error.excerpt).toBe('x'.repeat(80));
    });

    it('should refuse a character reference XML does not allow (uppercase X)', () => {
      expect(refusal('<a>&#X41;</a>').problem).toBe('malformed');
    });

    it('should turn a parser failure (nesting beyond its limit) into an XmlInputError with the cause', () => {
      const error = refusal(`<a>${'<b>'.repeat(150)}x${'</b>'.repeat(150)}</a>`);
      expect(error.problem).toBe('unparseable');
      expect(error.message).toMatch(/^XML could not be parsed: /);
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.detail).toBe((error.cause as Error).message);
    });
  });

  describe('values', () => {
    it('should keep ids and number-like text and attributes as strings', () => {
      const doc = parseXml('<r n="1e3" z="007"><id>2301.10000</id><v>0.10</v><b>true</b></r>', NONE);
      expect(doc).toEqual({ r: { '@_n': '1e3', '@_z': '007', id: '2301.10000', v: '0.10', b: 'true' } });
    });

    it('should leave entity references undecoded in the parse (textOf decodes them, once)', () => {
      const doc = parseXml('<a t="x&amp;y">&lt;b&gt; &amp;lt; &#955; &nbsp;</a>', NONE);
      expect(doc).toEqual({ a: { '#text': '&lt;b&gt; &amp;lt; &#955; &nbsp;', '@_t': 'x&amp;y' } });
      expect(textOf(doc.a)).toBe('<b> &lt; λ &nbsp;');
      expect(attributeOf(doc.a, 't')).toBe('x&y');
    });

    it('should read CDATA as literal text, never decoding it', () => {
      const doc = parseXml('<a>Fish <![CDATA[&amp; <chips> & ]]>peas &amp; more</a>', NONE);
      expect(textOf(doc.a)).toBe('Fish &amp; <chips> & peas & more');
    });

    it('should read elements and attributes by local name, dropping namespace declarations', () => {
      const doc = parseXml(
        '<feed xmlns="urn:a" xmlns:os="urn:os"><os:total os:kind="all">3</os:total></feed>',
        NONE,
      );
      expect(doc).toEqual({ feed: { total: { '#text': '3', '@_kind': 'all' } } });
    });

    it('should ignore the declaration, processing instructions and a byte order mark', () => {
      const doc = parseXml(
        '\uFEFF<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="a.xsl"?><a><?pi x?><b>1</b></a>',
        NONE,
      );
      expect(doc).toEqual({ a: { b: '1' } });
    });

    it('should trim text', () => {
      expect(parseXml('<a>\n   spaced out \n</a>', NONE)).toEqual({ a: 'spaced out' });
    });
  });

  describe('repeatable elements', () => {
    it('should give a repeatable element as an array even when it occurs once, at any depth', () => {
      expect(parseXml('<list><item>1</item></list>', ITEMS)).toEqual({ list: { item: ['1'] } });
      expect(parseXml('<list><g><item>1</item><item>2</item></g></list>', ITEMS)).toEqual({
        list: { g: { item: ['1', '2'] } },
      });
    });

    it('should give other elements and attributes of a repeatable name as single values', () => {
      expect(parseXml('<list item="x"><one>1</one></list>', ITEMS)).toEqual({
        list: { '@_item': 'x', one: '1' },
      });
    });

    it('should use the set each call is given', () => {
      const xml = '<list><item>1</item></list>';
      expect(parseXml(xml, ITEMS)).toEqual({ list: { item: ['1'] } });
      expect(parseXml(xml, NONE)).toEqual({ list: { item: '1' } });
      expect(parseXml(xml, new Set(['list', 'item']))).toEqual({ list: [{ item: ['1'] }] });
    });
  });
});

describe(decodeXml.name, () => {
  it('should decode the five predefined entities', () => {
    expect(decodeXml('&amp; &lt; &gt; &quot; &apos;')).toBe(`& < > " '`);
  });

  it('should decode each reference once', () => {
    expect(decodeXml('&amp;lt; &amp;amp; &amp;#65;')).toBe('&lt; &amp; &#65;');
  });

  it('should decode decimal and hexadecimal character references, astral ones too', () => {
    expect(decodeXml('&#65;&#x42;&#x3bb;&#x3BB;&#955; &#x1F600; &#9;')).toBe('ABλλλ \u{1F600} \t');
  });

  it('should leave other named entities and undeclared ones as written', () => {
    expect(decodeXml('&nbsp; &eacute; &lol9; &AMP;')).toBe('&nbsp; &eacute; &lol9; &AMP;');
  });

  it.each([
    ['&#0;'],
    ['&#x1;'],
    ['&#xD800;'],
    ['&#xDFFF;'],
    ['&#xFFFE;'],
    ['&#xFFFF;'],
    ['&#x110000;'],
    ['&#1114112;'],
  ])('should leave %s, a code point XML does not allow, as written', (reference) => {
    expect(decodeXml(`a${reference}b`)).toBe(`a${reference}b`);
  });

  it('should bound the digits and leave longer references as written', () => {
    expect(decodeXml('&#1114111;')).toBe('\u{10FFFF}');
    expect(decodeXml('&#x10FFFF;')).toBe('\u{10FFFF}');
    expect(decodeXml('&#00000065;')).toBe('&#00000065;');
    expect(decodeXml('&#x0000041;')).toBe('&#x0000041;');
    const huge = `&#${'9'.repeat(400)};`;
    expect(decodeXml(huge)).toBe(huge);
  });

  it('should leave incomplete references and text without ampersands alone', () => {
    expect(decodeXml('AT&T &amp &#65 &#; &#x;')).toBe('AT&T &amp &#65 &#; &#x;');
    expect(decodeXml('2301.10000')).toBe('2301.10000');
  });
});

describe('node helpers', () => {
  it('should tell element nodes from text, lists and nothing', () => {
    expect(isNode({ a: '1' })).toBe(true);
    for (const value of ['x', ['x'], [], null, undefined, 1]) {
      expect(isNode(value)).toBe(false);
      expect(asNode(value)).toBeUndefined();
    }
    const node = { '@_x': '1' };
    expect(asNode(node)).toBe(node);
  });

  it('should give absent, single and repeated values as arrays', () => {
    expect(asArray(undefined)).toEqual([]);
    expect(asArray(null)).toEqual([]);
    expect(asArray('x')).toEqual(['x']);
    expect(asArray('')).toEqual(['']);
    const list = ['a', 'b'];
    expect(asArray(list)).toBe(list);
  });

  it('should name the child elements without attributes or text', () => {
    expect(elementNames({ '@_code': 'x', '#text': 't', ListRecords: {}, 'journal-ref': 'j' })).toEqual([
      'ListRecords',
      'journal-ref',
    ]);
  });

  it('should read the decoded text of an element, the first when it repeats', () => {
    expect(textOf('a &amp; b')).toBe('a & b');
    expect(textOf(['first', 'second'])).toBe('first');
    expect(textOf({ '#text': '1 &lt; 2', '@_lang': 'en' })).toBe('1 < 2');
    expect(textOf('')).toBe('');
  });

  it('should give no text for an absent element or one with only attributes or children', () => {
    expect(textOf(undefined)).toBeUndefined();
    expect(textOf([])).toBeUndefined();
    expect(textOf({ '@_term': 'cs.LG' })).toBeUndefined();
    expect(textOf({ name: 'Ada' })).toBeUndefined();
  });

  it('should read a decoded attribute, untrimmed, or undefined', () => {
    expect(attributeOf({ '@_href': ' https://a.org/?x=1&amp;y=2 ' }, 'href')).toBe(
      ' https://a.org/?x=1&y=2 ',
    );
    expect(attributeOf({ '@_href': 'x' }, 'rel')).toBeUndefined();
    expect(attributeOf('text', 'href')).toBeUndefined();
    expect(attributeOf(undefined, 'href')).toBeUndefined();
  });
});
