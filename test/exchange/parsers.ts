/** Readers for the export formats, written for the tests: BibTeX entries, RFC 4180 records, GraphML. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

// ----------------------------------------------------------------------------------------------------
// A small BibTeX reader: entries, keys, brace-delimited fields; throws on unbalanced braces.
// ----------------------------------------------------------------------------------------------------
export interface BibEntry {
  type: string;
  key: string;
  fields: Record<string, string>;
}

export function parseBibtex(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i)) {
    const head = /^@(\w+)\{([^,\s]+),/.exec(text.slice(i));
    if (!head) throw new Error(`bad entry head at ${i}: ${text.slice(i, i + 40)}`);
    i += head[0].length;
    const fields: Record<string, string> = {};
    for (;;) {
      const field = /^\s*(\w+)\s*=\s*\{/.exec(text.slice(i));
      if (!field) break;
      i += field[0].length;
      let depth = 1;
      const start = i;
      while (depth > 0) {
        if (i >= text.length) throw new Error('unbalanced braces');
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
        i++;
      }
      fields[field[1] as string] = text.slice(start, i - 1);
      const comma = /^\s*,/.exec(text.slice(i));
      if (comma) i += comma[0].length;
    }
    const close = /^\s*\}/.exec(text.slice(i));
    if (!close) throw new Error(`entry ${head[2]} does not close: ${text.slice(i, i + 40)}`);
    i += close[0].length;
    entries.push({ type: head[1] as string, key: head[2] as string, fields });
  }
  return entries;
}

// ----------------------------------------------------------------------------------------------------
// A small RFC 4180 reader.
// ----------------------------------------------------------------------------------------------------
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (char === '"' || char === '\n' || char === '\r')
      throw new Error(`bare ${JSON.stringify(char)} at ${i}`);
    else field += char;
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name, _path, _leaf, isAttribute) =>
    !isAttribute && ['key', 'node', 'edge', 'data'].includes(name),
});

export interface GraphmlDoc {
  graphml: {
    xmlns: string;
    key: Array<{ id: string; for: string; 'attr.name': string; 'attr.type': string }>;
    graph: {
      edgedefault: string;
      node?: Array<{ id: string; data?: Array<{ key: string; '#text'?: string }> }>;
      edge?: Array<{
        id: string;
        source: string;
        target: string;
        data?: Array<{ key: string; '#text'?: string }>;
      }>;
    };
  };
}

export function readGraphml(text: string): GraphmlDoc {
  expect(XMLValidator.validate(text)).toBe(true);
  return xml.parse(text) as GraphmlDoc;
}

export const dataOf = (
  element: { data?: Array<{ key: string; '#text'?: string }> } | undefined,
  key: string,
) => element?.data?.find((d) => d.key === key)?.['#text'];
