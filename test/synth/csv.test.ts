import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvWriter, csvArray, csvField, csvLine, parseCsv } from '../../scripts/synth/csv.js';

describe('csvField', () => {
  it('leaves plain text alone and quotes text with a delimiter, a quote or a line break', () => {
    expect(csvField('plain words')).toBe('plain words');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField('semi;colon')).toBe('semi;colon');
    expect(csvField('$\\ell_2$')).toBe('$\\ell_2$');
  });

  it('writes an empty string as "" and null as an empty field', () => {
    expect(csvField('')).toBe('""');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvField(false)).toBe('false');
  });

  it('round-trips through a CSV parser, whatever the text', () => {
    const values = ['a', 'b, c', '"quoted", and more', 'x\ny', 'end"', '"', ',', '', 'Zoë Łukasz', 'a;b'];
    const line = csvLine(values.map(csvField));
    expect(parseCsv(line)).toEqual([values]);
  });
});

describe('csvArray', () => {
  it('joins elements with the array delimiter, quoting the field when needed', () => {
    expect(csvArray(['a', 'b'])).toBe('a;b');
    expect(csvArray(['Smith et al., "x"', 'y'])).toBe('"Smith et al., ""x"";y"');
    expect(csvArray([])).toBe('');
  });

  it('refuses an element holding the array delimiter (the importer cannot escape it)', () => {
    expect(() => csvArray(['fine', 'not; fine'])).toThrow(/array delimiter/);
  });
});

describe('parseCsv', () => {
  it('reads rows, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('a,"b ""c""",d\n"e\nf",,g\n')).toEqual([
      ['a', 'b "c"', 'd'],
      ['e\nf', '', 'g'],
    ]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('"open,\n')).toThrow(/Unterminated/);
  });
});

describe('CsvWriter', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes every row through backpressure and counts them', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'synth-csv-'));
    const file = path.join(dir, 'rows.csv');
    const writer = new CsvWriter(file, 256);
    for (let i = 0; i < 20_000; i++) {
      writer.row([String(i), csvField(`text, "${i}"`)]);
      if (writer.needsDrain) await writer.drain();
    }
    await writer.close();
    const rows = parseCsv(await readFile(file, 'utf8'));
    expect(writer.rows).toBe(20_000);
    expect(rows).toHaveLength(20_000);
    expect(rows[12_345]).toEqual(['12345', 'text, "12345"']);
  });
});
