/**
 * arXiv categories → OAI-PMH set specs (`group:archive:CATEGORY`): `cs.LG` → `cs:cs:LG`,
 * `astro-ph.EP` → `physics:astro-ph:EP`, `hep-th` → `physics:hep-th`, `math-ph` → `math:math-ph`.
 * A bare group (`cs`, `physics`) is a set of its own.
 */
const GROUPS = ['cs', 'econ', 'eess', 'math', 'physics', 'q-bio', 'q-fin', 'stat'] as const;
const PHYSICS_ARCHIVES = new Set([
  'astro-ph',
  'cond-mat',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'physics',
  'quant-ph',
]);

/** The OAI set spec for an arXiv category, archive or group. @throws Error naming the unknown category. */
export function categoryToSet(category: string): string {
  const text = category.trim();
  if ((GROUPS as readonly string[]).includes(text)) return text;
  if (text === 'math-ph') return 'math:math-ph';
  const match = /^([a-z]+(?:-[a-z]+)?)(?:\.([A-Za-z-]+))?$/.exec(text);
  const archive = match?.[1];
  if (!archive)
    throw new Error(`Not an arXiv category: ${JSON.stringify(category)} (e.g. cs.LG, stat.ML, hep-th)`);
  const sub = match?.[2];
  const group = PHYSICS_ARCHIVES.has(archive)
    ? 'physics'
    : (GROUPS as readonly string[]).includes(archive)
      ? archive
      : undefined;
  if (!group)
    throw new Error(`Unknown arXiv archive ${JSON.stringify(archive)} in ${JSON.stringify(category)}`);
  if (group === 'physics') return sub ? `physics:${archive}:${sub}` : `physics:${archive}`;
  if (!sub) return `${group}:${archive}`;
  return `${group}:${archive}:${sub}`;
}
