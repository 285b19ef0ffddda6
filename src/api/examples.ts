/**
 * The example operations of docs/api.md: each ```graphql block is run, and the ```json block right after
 * it holds the answer on the landmark corpus. `npm run docs:api` rewrites those answers; a test runs every
 * block and compares, so the docs cannot rot.
 */
export interface DocExample {
  /** Heading above the block, for messages. */
  readonly title: string;
  readonly query: string;
  /** The documented answer (the ```json block after the query), if any. */
  readonly answer: string | undefined;
  /** Character range of the answer block's body in the file, to rewrite it. */
  readonly answerRange: readonly [number, number] | undefined;
  /** Needs the API key (a mutation). */
  readonly authenticated: boolean;
  /**
   * The block says `# answer: shape` — its answer depends on full-text index statistics (which papers a
   * Lucene query ranks first), which differ between databases holding the same papers; the test then
   * checks the answer's shape (fields, empty or not, types) instead of its values.
   */
  readonly shapeOnly: boolean;
}

/** The ```graphql blocks of a Markdown text, each with the ```json block that follows it. */
export function extractExamples(markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  const block = /```(graphql|json)\n([\s\S]*?)```/g;
  let title = '';
  let last: { query: string; title: string } | undefined;
  let cursor = 0;
  for (const match of markdown.matchAll(block)) {
    const before = markdown.slice(cursor, match.index);
    const heading = [...before.matchAll(/^#+ (.+)$/gm)].at(-1);
    if (heading?.[1]) title = heading[1];
    cursor = (match.index ?? 0) + match[0].length;
    const [, lang, body = ''] = match;
    if (lang === 'graphql') {
      if (last) examples.push(toExample(last, undefined, undefined));
      last = { query: body, title };
    } else if (last) {
      const start = (match.index ?? 0) + '```json\n'.length;
      examples.push(toExample(last, body, [start, start + body.length]));
      last = undefined;
    }
  }
  if (last) examples.push(toExample(last, undefined, undefined));
  return examples;
}

function toExample(
  block: { query: string; title: string },
  answer: string | undefined,
  answerRange: readonly [number, number] | undefined,
): DocExample {
  return {
    title: block.title,
    query: block.query,
    answer,
    answerRange,
    authenticated: /^\s*mutation\b/m.test(block.query),
    shapeOnly: /^\s*# answer: shape\b/m.test(block.query),
  };
}

/**
 * An answer as the docs show it and the test compares it: search edges sorted by arXiv id (Lucene's
 * scores, and so the order of equal-looking hits, depend on index statistics that differ between
 * databases), everything else as returned.
 */
export function normalizeAnswer(value: unknown, inSearch = false): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeAnswer(v, inSearch));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const nested = normalizeAnswer(v, inSearch || k === 'search');
      if (inSearch && k === 'edges' && Array.isArray(nested)) {
        return [k, [...nested].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))];
      }
      return [k, nested];
    });
    return Object.fromEntries(entries);
  }
  return value;
}

/** One-line JSON with a space after commas and colons (strings untouched). */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** JSON with small objects and arrays kept on one line (what fits in `width`), for readable docs. */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const flat = inlineJson(value);
  if (flat.length + indent.length <= width || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width, inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** Do two JSON values have the same shape: same object keys, arrays both empty or both not, same types? */
export function sameShape(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    if (!a.length || !b.length) return a.length === b.length;
    return sameShape(a[0], b[0]);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      ka.join() === kb.join() &&
      ka.every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === null || b === null ? a === b : typeof a === typeof b;
}
