/**
 * Text preparation for the tagger: LaTeX and markup flattened to words, sentences split, tokens
 * lower-cased and lightly stemmed. Pure and total: any string (empty, huge, non-Latin) gives an answer.
 */

/** Longest text the tagger reads per field; the rest of a pathological abstract is ignored. */
export const MAX_FIELD_CHARS = 20_000;

const LATEX_COMMAND_WORDS: Record<string, string> = {
  ell: 'l',
  ell_2: 'l2',
  infty: 'inf',
  epsilon: 'epsilon',
  varepsilon: 'epsilon',
  alpha: 'alpha',
  beta: 'beta',
  gamma: 'gamma',
  eta: 'eta',
  lambda: 'lambda',
  sigma: 'sigma',
  theta: 'theta',
};

/**
 * Flattens LaTeX to plain words: `$\ell_2$` → `l2`, `\emph{sharp}` → `sharp`, `$O(n^2)$` → `O n 2`.
 * Math is kept as tokens (it can carry signal: `1/\eta`, `\ell_\infty`), commands without a word vanish.
 */
export function flattenLatex(text: string): string {
  return text
    .replace(/\\(?:emph|textit|textbf|texttt|mathrm|mathbf|mathcal|text|url|cite[pt]?)\{([^{}]*)\}/g, ' $1 ')
    .replace(
      /\\([a-zA-Z]+)(?:_\{?\\?([a-zA-Z0-9]+)\}?)?/g,
      (_m, command: string, sub: string | undefined) => {
        const word = LATEX_COMMAND_WORDS[command] ?? '';
        if (!word) return ' ';
        return sub ? ` ${word}${sub === 'infty' ? 'inf' : sub} ` : ` ${word} `;
      },
    )
    .replace(/[{}$^_~\\]/g, ' ');
}

const ABBREVIATION = /\b(?:e\.g|i\.e|et al|vs|cf|resp|approx|fig|figs|eq|eqs|sec|no|ref|refs)\.$/i;

/** Splits prose into sentences: at `.`, `!` or `?` followed by space, except after common abbreviations. */
export function splitSentences(text: string): string[] {
  const clipped = text.length > MAX_FIELD_CHARS ? text.slice(0, MAX_FIELD_CHARS) : text;
  const pieces = clipped.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/);
  const sentences: string[] = [];
  let current = '';
  for (const piece of pieces) {
    current = current ? `${current} ${piece}` : piece;
    if (!ABBREVIATION.test(current)) {
      sentences.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) sentences.push(current.trim());
  return sentences.filter((s) => s.length > 0);
}

const STOP = new Set(
  (
    'a an the of and or in on for to with by from at as is are was were be been being this that these those ' +
    'it its their there which who whom whose what when where while than then thus also such into over under ' +
    'we our us they them he she his her i you your can could may might will would should do does did done ' +
    'has have had but if so very more most much many some any each other both all only same ' +
    'about between across through during before after above below up down out off again further once here'
  ).split(' '),
);

/** Derivational suffixes, longest first; `-ity` is kept apart on purpose (regularity ≠ regularization). */
const SUFFIXES = [
  'ization',
  'isation',
  'izing',
  'ising',
  'ized',
  'ised',
  'ize',
  'ation',
  'ness',
  'ment',
  'ing',
  'ed',
  'ly',
];

/**
 * A light suffix stemmer (English): enough to merge `generalizes / generalization / generalizing` and
 * `networks / network` without a dictionary. Deterministic; unknown scripts pass through unchanged.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Lower-cased, stemmed content tokens of a sentence (stop words and single characters dropped). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)) {
    const raw = match[0];
    for (const part of raw.includes('-') ? [raw.replaceAll('-', ''), ...raw.split('-')] : [raw]) {
      if (part.length < 2 || STOP.has(part)) continue;
      out.push(stem(part));
    }
  }
  return out;
}

/** The text fields of a paper the tagger reads. */
export interface TaggerInput {
  readonly title: string;
  readonly abstract?: string | null;
  /** arXiv categories, primary first. */
  readonly categories?: readonly string[] | null;
  /** Sentences in which the paper cites others (from its full text), when known. */
  readonly citationContexts?: readonly string[] | null;
}

/** A paper as the tagger sees it: sentences with their tokens; the title is sentence 0. */
export interface PreparedText {
  readonly sentences: ReadonlyArray<{ readonly text: string; readonly tokens: readonly string[] }>;
  readonly categories: readonly string[];
}

export function prepare(input: TaggerInput): PreparedText {
  const title = flattenLatex(String(input.title ?? '').slice(0, 2000))
    .replace(/\s+/g, ' ')
    .trim();
  const abstract = splitSentences(flattenLatex(String(input.abstract ?? '')));
  const contexts = (input.citationContexts ?? [])
    .slice(0, 50)
    .flatMap((c) => splitSentences(flattenLatex(String(c))));
  const sentences = [title, ...abstract, ...contexts]
    .filter((s) => s.length > 0)
    .map((text) => ({ text, tokens: tokens(text) }));
  return { sentences, categories: (input.categories ?? []).map((c) => String(c)) };
}
