/**
 * The synthetic text: a fixed vocabulary (the same for every seed) of pseudo-words with some real words of
 * the field mixed in, drawn Zipf-distributed so that full-text search meets both very frequent and rare
 * terms; author names that are unique after the product's name normalisation.
 */
import { normalizeName } from '../../src/domain/authors.js';
import { rng } from '../random.js';

/** Words of the field, placed at spread-out ranks so searches for them hit from many to few papers. */
const REAL_WORDS = (
  'learning network training model loss gradient transformer attention generalization scaling ' +
  'representation robustness adversarial memorization sharpness landscape interpretability circuit probe ' +
  'diffusion grokking overparameterization feature kernel spectrum curvature emergence distillation ' +
  'pruning lottery calibration shortcut invariance symmetry phase transition plasticity collapse ' +
  'superposition polysemantic induction tokenizer benchmark contrastive embedding manifold entropy'
).split(' ');

/** Lucene's English stop words (the full-text analyzer drops them): never vocabulary words. */
const STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

const ONSETS = 'b c d f g h j k l m n p r s t v w z br cr dr fl gr kl pl pr st tr sh ch th'.split(' ');
const NUCLEI = 'a e i o u ai ea io ou y'.split(' ');
const CODAS = ' n r s l m t x nd rt st ck'.split(' ');

export const VOCABULARY_SIZE = 30_000;
/** Zipf exponent of word frequencies. */
const ZIPF_S = 1.05;

function buildVocabulary(): string[] {
  const random = rng(0x0c0ffee); // fixed: the vocabulary does not depend on the graph's seed
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)] as string;
  const words: string[] = [];
  const seen = new Set<string>(REAL_WORDS);
  let real = 0;
  while (words.length < VOCABULARY_SIZE) {
    const rank = words.length;
    if (real < REAL_WORDS.length && rank >= 8 && (rank - 8) % 61 === 0) {
      words.push(REAL_WORDS[real++] as string);
      continue;
    }
    const syllables = 1 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++)
      word += pick(ONSETS) + pick(NUCLEI) + (s === syllables - 1 ? pick(CODAS) : '');
    if (word.length < 4 || seen.has(word) || STOP_WORDS.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/** The vocabulary in rank order (rank 0 is the most frequent word). */
export const VOCABULARY: readonly string[] = buildVocabulary();

/** Cumulative Zipf probabilities over the vocabulary ranks. */
const ZIPF_CDF: Float64Array = (() => {
  const cdf = new Float64Array(VOCABULARY_SIZE);
  let sum = 0;
  for (let r = 0; r < VOCABULARY_SIZE; r++) {
    sum += 1 / (r + 1) ** ZIPF_S;
    cdf[r] = sum;
  }
  for (let r = 0; r < VOCABULARY_SIZE; r++) cdf[r] = (cdf[r] as number) / sum;
  return cdf;
})();

/** A Zipf-distributed vocabulary rank for u in [0, 1). */
export function zipfRank(u: number): number {
  let lo = 0;
  let hi = VOCABULARY_SIZE - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ZIPF_CDF[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function zipfWord(random: () => number): string {
  return VOCABULARY[zipfRank(random())] as string;
}

function words(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => zipfWord(random));
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A title of 5–12 words. Some carry what real titles carry and CSV must survive: a colon, a comma, a
 * quoted word, a hyphen.
 */
export function title(random: () => number): string {
  const list = words(random, 5 + Math.floor(random() * 8));
  const shape = random();
  if (shape < 0.15) list[1] = `${list[1]}:`;
  else if (shape < 0.22) list[2] = `${list[2]},`;
  else if (shape < 0.26) list[list.length - 1] = `"${list[list.length - 1]}"`;
  else if (shape < 0.3) list[0] = `${list[0]}-${zipfWord(random)}`;
  return capitalize(list.join(' '));
}

/**
 * An abstract of 30–60 words as sentences of 6–14 words, returned as sentences (the tagger's evidence is
 * one of them). Commas, quoted terms, semicolons, parentheses and inline LaTeX appear now and then; line
 * breaks never (the product collapses whitespace in what it stores).
 */
export function abstractSentences(random: () => number): string[] {
  let remaining = 30 + Math.floor(random() * 31);
  const sentences: string[] = [];
  while (remaining > 0) {
    const length = Math.min(remaining, 6 + Math.floor(random() * 9));
    remaining -= length;
    const list = words(random, length);
    const decoration = random();
    if (decoration < 0.2 && length > 3) list[2] = `${list[2]},`;
    else if (decoration < 0.25 && length > 4) list[3] = `"${list[3]}"`;
    else if (decoration < 0.28 && length > 4) list[3] = `${list[3]};`;
    else if (decoration < 0.31 && length > 4) list[4] = `($\\ell_2$ ${list[4]})`;
    sentences.push(`${capitalize(list.join(' '))}.`);
  }
  return sentences;
}

/** A short citing sentence naming the cited paper by its first author's surname and year. */
export function citingSentence(random: () => number, surname: string, year: number): string {
  const verbs = ['shows', 'reports', 'argues', 'finds', 'proposes', 'measures'];
  const verb = verbs[Math.floor(random() * verbs.length)] as string;
  const lead = capitalize(zipfWord(random));
  const shape = random();
  if (shape < 0.5) return `${surname} et al. (${year}) ${verb} that ${words(random, 4).join(' ')}.`;
  if (shape < 0.8) return `${lead} ${words(random, 3).join(' ')}, as in ${surname} et al. (${year}).`;
  return `Unlike the "${zipfWord(random)}" ${zipfWord(random)} of ${surname} et al., ${words(random, 3).join(' ')}.`;
}

const GIVEN = (
  'Ada Alan Alice Amara Andrei Anna Arjun Aurélie Ben Bianca Carlos Chen Chiara Daniel David Dmitri Elena Emil ' +
  'Emma Fatima Felix François Gabriel Grace Hana Hiroshi Ines Ivan Jakub James Jana Javier Ji-woon Jonas José ' +
  'Julia Kai Karim Katarzyna Kenji Lars Laura Leila Li Lucas Łukasz Maria Marta Mateo Mei Mikhail Min Nadia ' +
  'Naveen Nils Noor Olga Omar Paolo Pia Priya Quentin Rafael Rahul Rosa Ruth Sam Sara Sebastian Shira Simone ' +
  'Sofia Stefan Tariq Tomás Ulla Victor Wei Xin Yael Yann Yuki Zeynep Zoë'
).split(' ');
const FAMILY = (
  'Abe Adeyemi Ahmed Alvarez Andersen Ba Bauer Becker Bertrand Bianchi Brown Carvalho Castro Chen Choi Costa ' +
  'Da Silva Dang Dubois Eriksson Fischer Fontaine García Gómez Gupta Hansen Hartmann Hoffmann Horvath Huang ' +
  'Ibrahim Ito Ivanova Jansen Jensen Kang Kapoor Kato Kim Kowalski Kumar Lambert Larsen Laurent Lee Lehmann ' +
  'Li Lindqvist Liu Lopez Martin Meyer Moreau Müller Nakamura Nguyen Novak Nowak Okafor Olsen Ortiz Park ' +
  'Patel Petrov Popescu Rossi Roux Russo Sánchez Sato Schmidt Schneider Shah Silva Singh Smirnov Suzuki ' +
  'Tanaka Tran Varga Wagner Wang Weber Wójcik Wu Xu Yamamoto Yang Yilmaz Zhang Zhao Zhou Ziegler ' +
  "O'Brien van der Berg"
)
  .replace('Da Silva', 'Da_Silva')
  .replace('van der Berg', 'van_der_Berg')
  .split(' ')
  .map((name) => name.replaceAll('_', ' '));
const INITIALS = 'ABCDEFGHJKLMNPRSTVW';

/**
 * The name of author number `index`: unique for every index after `normalizeName` (the product keys
 * authors by the normalised name). Beyond the given × family combinations, middle initials tell people
 * apart.
 */
export function authorName(index: number): string {
  const given = GIVEN[index % GIVEN.length] as string;
  const block = Math.floor(index / GIVEN.length);
  const family = FAMILY[block % FAMILY.length] as string;
  let rest = Math.floor(block / FAMILY.length);
  const initials: string[] = [];
  while (rest > 0) {
    rest -= 1;
    initials.push(`${INITIALS[rest % INITIALS.length]}.`);
    rest = Math.floor(rest / INITIALS.length);
  }
  return [given, ...initials, family].join(' ');
}

/** The surname part of an author name (what a citing sentence names). */
export function surnameOf(index: number): string {
  return FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length] as string;
}

/** Checked once at load: the name lists stay distinct after normalisation (else keys would collide). */
function assertDistinctNames(): void {
  for (const list of [GIVEN, FAMILY]) {
    const keys = new Set(list.map(normalizeName));
    if (keys.size !== list.length) throw new Error('Synthetic name lists collide after normalisation');
    for (const key of keys)
      if (key.includes(' ') && list === GIVEN) throw new Error(`Given name ${key} has a space`);
  }
}
assertDistinctNames();
