/**
 * Opaque keyset cursors: base64url of a small JSON array tagged with the list it belongs to, so a cursor
 * from one list (or a hand-made one) is refused with BAD_USER_INPUT instead of paging wrongly.
 */
import { badInput } from './errors.js';

export function encodeCursor(list: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...position]), 'utf8').toString('base64url');
}

/** Decodes a cursor of `list` whose position matches `shape` ('n' number, 's' string), else throws. */
export function decodeCursor(
  list: string,
  cursor: string,
  shape: readonly ('n' | 's')[],
): (string | number)[] {
  const invalid = () => badInput(`Invalid cursor for ${list}: use a cursor this list returned.`, 'after');
  if (cursor.length > 600) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value[0] !== list || value.length !== shape.length + 1) throw invalid();
  const position = value.slice(1) as unknown[];
  shape.forEach((kind, i) => {
    const v = position[i];
    if (kind === 'n' ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'string') throw invalid();
  });
  return position as (string | number)[];
}
