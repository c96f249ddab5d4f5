/**
 * Text normalisation and character n-gram features for Korean utterances. Deterministic and
 * dependency-free: the offline intent engine and the FAQ matcher both read text through here,
 * so "배송 조회", "배송조회" and "배송 조회요!!" land on overlapping features.
 */

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;
const CHOSEONG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNGSEONG = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONGSEONG = ['', ...'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'];

/** Splits Hangul syllables into compatibility jamo (`한` → `ㅎㅏㄴ`); other characters pass through. */
export const toJamo = (text: string): string => {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < HANGUL_BASE || code > HANGUL_LAST) {
      out += ch;
      continue;
    }
    const offset = code - HANGUL_BASE;
    out += CHOSEONG[Math.floor(offset / 588)] ?? '';
    out += JUNGSEONG[Math.floor((offset % 588) / 28)] ?? '';
    out += JONGSEONG[offset % 28] ?? '';
  }
  return out;
};

/**
 * NFC with full-width ASCII folded, lower case, punctuation and emoji to spaces, runs of one character capped at two
 * (`ㅋㅋㅋㅋ` → `ㅋㅋ`, `~~~` dropped), whitespace collapsed.
 */
export const normalizeText = (text: string): string =>
  text
    // NFC, not NFKC: NFKC would turn typed consonants (ㅋ, ㅎㅇ, ㄳ) into conjoining jamo.
    .normalize('NFC')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/[^\p{Script=Hangul}\p{Script=Latin}\p{Nd}\s]/gu, ' ')
    .replace(/(.)\1{2,}/gu, '$1$1')
    .replace(/\s+/g, ' ')
    .trim();

/** Bump when feature extraction or the model format changes: part of the committed model's fingerprint. */
export const FEATURE_VERSION = 4;

export interface FeatureOptions {
  /** Character n-gram lengths over the text with spaces removed */
  readonly charNgrams: readonly number[];
  /** Whole words (space separated) as features */
  readonly words: boolean;
  /** Jamo n-gram length (0 = none): robust to typos inside a syllable */
  readonly jamoNgram: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charNgrams: [2, 3], words: true, jamoNgram: 3 };

const addNgrams = (out: Set<string>, prefix: string, text: string, n: number): void => {
  const chars = [...text];
  if (chars.length < n) {
    if (n > 1 && chars.length > 0) out.add(`${prefix}${chars.join('')}`);
    return;
  }
  for (let i = 0; i + n <= chars.length; i++) out.add(`${prefix}${chars.slice(i, i + n).join('')}`);
};

/** The set of sparse features of an already normalised text. */
export const extractFeatures = (normalized: string, options: FeatureOptions = DEFAULT_FEATURES): Set<string> => {
  const out = new Set<string>();
  if (normalized.length === 0) return out;
  const compact = normalized.replace(/ /g, '');
  const bounded = `<${compact}>`;
  for (const n of options.charNgrams) addNgrams(out, `c${n}:`, n === 1 ? compact : bounded, n);
  if (options.words) for (const word of normalized.split(' ')) if (word) out.add(`w:${word}`);
  if (options.jamoNgram > 0) addNgrams(out, 'j:', toJamo(compact), options.jamoNgram);
  return out;
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A feature's id: 32-bit FNV-1a of the feature string's UTF-16 code units, top 30 bits (small
 * integers V8 never boxes). The model stores no feature strings: the chance that two of its 8,681
 * share an id is ~1 in 30 (a unit test checks they do not), that an unseen feature passes for a seen
 * one ~1 in 120,000 per feature.
 */
export const featureHash = (feature: string): number => {
  let hash = FNV_OFFSET;
  for (let i = 0; i < feature.length; i++) hash = Math.imul(hash ^ feature.charCodeAt(i), FNV_PRIME);
  return hash >>> 2;
};

/** Items `values[starts[i] .. starts[i + 1])`, i < starts.length - 1: a list of lists in two typed arrays. */
export interface Ragged {
  readonly values: Int32Array;
  readonly starts: Int32Array;
}

const CHOSEONG_CODES = [...CHOSEONG].map((c) => c.charCodeAt(0));
const JUNGSEONG_CODES = [...JUNGSEONG].map((c) => c.charCodeAt(0));
const JONGSEONG_CODES = JONGSEONG.map((c) => (c ? c.charCodeAt(0) : 0));
const SPACE = 0x20;
const SURROGATE = /[\uD800-\uDFFF]/;

/** FNV-1a state after a prefix (`c2:`), to continue with the n-gram's code units. */
const prefixHash = (prefix: string): number => {
  let hash = FNV_OFFSET;
  for (let i = 0; i < prefix.length; i++) hash = Math.imul(hash ^ prefix.charCodeAt(i), FNV_PRIME);
  return hash;
};

/** Per options: the prefix hashes of the character n-grams (in order), of words and of jamo n-grams. */
const PREFIXES = new WeakMap<FeatureOptions, { chars: number[]; word: number; jamo: number }>();
const prefixesOf = (options: FeatureOptions) => {
  let prefixes = PREFIXES.get(options);
  if (!prefixes) {
    prefixes = { chars: options.charNgrams.map((n) => prefixHash(`c${n}:`)), word: prefixHash('w:'), jamo: prefixHash('j:') };
    PREFIXES.set(options, prefixes);
  }
  return prefixes;
};

/** As `addNgrams`, over UTF-16 code units `units[from, to)` (one unit per character: no surrogates). */
const writeNgramIds = (out: Int32Array, at: number, start: number, units: Int32Array, n: number, from: number, to: number): number => {
  // Shorter than n: the whole text is the one n-gram (as in addNgrams), none for n = 1 or nothing.
  const last = to - from >= n ? to - n : n > 1 && to > from ? from : from - 1;
  for (let i = from; i <= last; i++) {
    let hash = start;
    const end = Math.min(i + n, to);
    for (let j = i; j < end; j++) hash = Math.imul(hash ^ (units[j] ?? 0), FNV_PRIME);
    out[at++] = hash >>> 2;
  }
  return at;
};

/** Fills `bounded` with '<', the text's code units but spaces, '>'; returns the length. */
const boundedUnits = (normalized: string, bounded: Int32Array): number => {
  let length = 0;
  bounded[length++] = 0x3c;
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i);
    if (code !== SPACE) bounded[length++] = code;
  }
  bounded[length++] = 0x3e;
  return length;
};

/** Fills `jamo` with `toJamo` of `bounded[1, length - 1)` as code units; returns the length. */
const jamoUnits = (bounded: Int32Array, length: number, jamo: Int32Array): number => {
  let at = 0;
  for (let i = 1; i < length - 1; i++) {
    const code = bounded[i] ?? 0;
    if (code < HANGUL_BASE || code > HANGUL_LAST) {
      jamo[at++] = code;
      continue;
    }
    const offset = code - HANGUL_BASE;
    jamo[at++] = CHOSEONG_CODES[Math.floor(offset / 588)] ?? 0;
    jamo[at++] = JUNGSEONG_CODES[Math.floor((offset % 588) / 28)] ?? 0;
    const final = JONGSEONG_CODES[offset % 28] ?? 0;
    if (final !== 0) jamo[at++] = final;
  }
  return at;
};

/** Ids of the space-separated words, hashed on from `start` (the `w:` prefix). */
const writeWordIds = (normalized: string, start: number, out: Int32Array, at: number): number => {
  let hash = start;
  let length = 0;
  for (let i = 0; i <= normalized.length; i++) {
    const code = i < normalized.length ? normalized.charCodeAt(i) : SPACE;
    if (code !== SPACE) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      length++;
    } else if (length > 0) {
      out[at++] = hash >>> 2;
      hash = start;
      length = 0;
    }
  }
  return at;
};

/** Room `writeFeatureIds` needs for a text of `length` UTF-16 code units. */
export const maxFeatureIds = (length: number, options: FeatureOptions = DEFAULT_FEATURES): number => (options.charNgrams.length + 4) * (length + 2);

/** The string path of `writeFeatureIds`, for text with surrogate pairs. */
const writeFeatureIdsOfStrings = (normalized: string, options: FeatureOptions, out: Int32Array, at: number): number => {
  for (const feature of extractFeatures(normalized, options)) out[at++] = featureHash(feature);
  return at;
};

/**
 * Writes `featureHash` of every feature `extractFeatures` yields into `out` from `at`, in the same
 * order (an id may repeat), and returns where it stopped. Hashes the character codes without building
 * the strings: the model is rebuilt from its training utterances at every cold start (~23,000
 * features), where this runs unoptimised at first, then compiled: plain loops over small integers,
 * and small functions. Text with characters outside the BMP (a surrogate pair is one character to
 * `extractFeatures`) takes the string path.
 */
export const writeFeatureIds = (normalized: string, options: FeatureOptions, out: Int32Array, at: number): number => {
  if (normalized.length === 0) return at;
  if (SURROGATE.test(normalized)) return writeFeatureIdsOfStrings(normalized, options, out, at);
  const prefixes = prefixesOf(options);
  const bounded = new Int32Array(normalized.length + 2);
  const length = boundedUnits(normalized, bounded);
  const sizes = options.charNgrams;
  for (let k = 0; k < sizes.length; k++) {
    const n = sizes[k] ?? 0;
    // Unigrams over the text alone, longer n-grams over the bounded text.
    at = writeNgramIds(out, at, prefixes.chars[k] ?? 0, bounded, n, n === 1 ? 1 : 0, n === 1 ? length - 1 : length);
  }
  if (options.words) at = writeWordIds(normalized, prefixes.word, out, at);
  if (options.jamoNgram > 0) {
    const jamo = new Int32Array(3 * length);
    at = writeNgramIds(out, at, prefixes.jamo, jamo, options.jamoNgram, 0, jamoUnits(bounded, length, jamo));
  }
  return at;
};

/** The feature ids of each of the (normalised) texts; repeats within a text are kept. */
export const featureIdsOfAll = (texts: readonly string[], options: FeatureOptions = DEFAULT_FEATURES): Ragged => {
  let room = 0;
  for (const text of texts) room += maxFeatureIds(text.length, options);
  const values = new Int32Array(room);
  const starts = new Int32Array(texts.length + 1);
  for (let i = 0; i < texts.length; i++) starts[i + 1] = writeFeatureIds(texts[i] ?? '', options, values, starts[i] ?? 0);
  return { values: values.subarray(0, starts[texts.length]), starts };
};

/** The distinct feature ids of an already normalised text. */
export const featureIds = (normalized: string, options: FeatureOptions = DEFAULT_FEATURES): Set<number> => {
  const out = new Int32Array(maxFeatureIds(normalized.length, options));
  return new Set(out.subarray(0, writeFeatureIds(normalized, options, out, 0)));
};
