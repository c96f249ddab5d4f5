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
export const FEATURE_VERSION = 3;

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
