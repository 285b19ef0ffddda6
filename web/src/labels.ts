/**
 * How contribution types look in the graph: a colour (Okabe–Ito, readable with colour-blindness) and a
 * node shape, so the type never rests on colour alone; the legend names each. Pure.
 */

export interface TypeStyle {
  readonly color: string;
  /** A cytoscape node shape. */
  readonly shape: 'ellipse' | 'diamond' | 'round-rectangle' | 'triangle' | 'hexagon' | 'star';
}

const STYLES: Record<string, TypeStyle> = {
  FALSIFICATION: { color: '#D55E00', shape: 'diamond' },
  CHALLENGED_ASSUMPTION: { color: '#E69F00', shape: 'triangle' },
  REGULARITY: { color: '#0072B2', shape: 'round-rectangle' },
  CONJECTURE: { color: '#009E73', shape: 'hexagon' },
};

/** Papers without a contribution-type tag. */
export const NONE_STYLE: TypeStyle = { color: '#8A8A8A', shape: 'ellipse' };

const SPARE: readonly TypeStyle[] = [
  { color: '#CC79A7', shape: 'star' },
  { color: '#56B4E9', shape: 'star' },
];

/** The style of a contribution type slug (`NONE` or unknown slugs get a stable spare style). */
export function typeStyle(slug: string | null): TypeStyle {
  if (slug === null || slug === 'NONE') return NONE_STYLE;
  const known = STYLES[slug];
  if (known) return known;
  let hash = 0;
  for (const ch of slug) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[hash % SPARE.length] ?? NONE_STYLE;
}

/** A slug as words, for when the taxonomy's name is not at hand: `CHALLENGED_ASSUMPTION` → `Challenged assumption`. */
export function humanize(slug: string): string {
  const words = slug.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
