/**
 * CSV in the format of neo4j-admin's offline importer (`database import full`): `,` between fields, `"`
 * quotes doubled inside quoted fields (RFC 4180; the importer takes no backslash escapes), `;` between the
 * elements of an array field. A header file names each column (`id:ID(Paper)`, `year:int`, …) and the data
 * file follows it without a header line.
 *
 * Writes go through `CsvWriter`, which buffers rows and respects the stream's backpressure, so a
 * generator can produce gigabytes while Node holds a few megabytes.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';

export const FIELD_DELIMITER = ',';
export const ARRAY_DELIMITER = ';';
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted when it holds a delimiter, a quote or a line break; inner quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * An array field (`name:string[]`). The importer cannot escape the array delimiter inside an element, so
 * an element containing it is refused rather than silently split. An empty list gives an empty field,
 * which the importer stores as no property at all.
 */
export function csvArray(values: readonly string[]): string {
  for (const value of values) {
    if (value.includes(ARRAY_DELIMITER)) {
      throw new Error(
        `Array element ${JSON.stringify(value)} contains the array delimiter "${ARRAY_DELIMITER}"`,
      );
    }
  }
  return values.length ? csvField(values.join(ARRAY_DELIMITER)) : '';
}

/** A line of fields, each already escaped by `csvField` / `csvArray`. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.join(FIELD_DELIMITER)}\n`;
}

/**
 * Parses CSV text into rows of fields (quotes removed, doubled quotes undone). For tests and small files:
 * it holds the whole text.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === FIELD_DELIMITER) {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
    i++;
  }
  if (quoted) throw new Error('Unterminated quoted field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Buffered, backpressure-aware writer of one data file. */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private buffered = 0;
  private blocked = false;
  private failure: Error | undefined;
  /** Data rows written. */
  rows = 0;

  constructor(
    readonly file: string,
    private readonly flushAt = 1 << 20,
  ) {
    this.stream = createWriteStream(file, { highWaterMark: 4 << 20 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Adds one row (fields already escaped). Call `drain()` now and then: rows pile up while blocked. */
  row(fields: readonly string[]): void {
    const line = csvLine(fields);
    this.buffer.push(line);
    this.buffered += line.length;
    this.rows++;
    if (this.buffered >= this.flushAt) this.flush();
  }

  private flush(): void {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) this.blocked = true;
  }

  /** True when the stream asked the writer to wait. */
  get needsDrain(): boolean {
    return this.blocked;
  }

  /** Waits until the stream has written what it holds. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    await once(this.stream, 'drain');
    this.blocked = false;
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.failure) throw this.failure;
  }
}

/** Writes a header file: one line naming the columns. */
export async function writeHeader(file: string, columns: readonly string[]): Promise<void> {
  await writeFile(file, csvLine(columns));
}
