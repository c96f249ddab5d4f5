import { normalizeText } from '../nlu/text';
import type { FaqEntry } from './faq';
import synonymData from './synonyms.json';

/**
 * FAQ retrieval robust to Korean spacing, paraphrase and colloquial forms: texts are normalised,
 * synonyms rewritten to one canonical term (`synonyms.json`), and compared as TF-IDF vectors of
 * syllable 2–3-grams (spaces removed) plus whole canonical terms. Each entry is represented by its
 * question, paraphrases and keywords; the best cosine over them is the entry's score. Conversational
 * background text lowers the weight of n-grams every question shares ("알려주세요", "어떻게").
 * Below `minScore` nothing matches: a question outside the FAQ gets no answer rather than a wrong one.
 */
export interface FaqMatch {
  readonly entry: FaqEntry;
  readonly score: number;
}

interface SynonymGroup {
  readonly canonical: string;
  readonly variants: readonly string[];
}

const compact = (text: string): string => normalizeText(text).replace(/ /g, '');

const GROUPS: readonly { canonical: string; variants: readonly string[] }[] = (synonymData.groups as SynonymGroup[]).map((g) => ({
  canonical: compact(g.canonical),
  // Longest first so "현금영수증" is rewritten before "영수증".
  variants: [...new Set(g.variants.map(compact))].filter((v) => v.length > 0).sort((a, b) => b.length - a.length),
}));

/** Normalised, spaceless text with synonyms rewritten, and the canonical terms found in it. */
export const canonicalize = (text: string): { text: string; terms: Set<string> } => {
  let out = compact(text);
  const terms = new Set<string>();
  for (const group of GROUPS) {
    for (const variant of group.variants) {
      if (out.includes(variant)) {
        out = out.split(variant).join(group.canonical);
        terms.add(group.canonical);
      }
    }
    if (out.includes(group.canonical)) terms.add(group.canonical);
  }
  return { text: out, terms };
};

/** Counted like this many occurrences (log-scaled), so a shared canonical term dominates shared filler. */
const TERM_WEIGHT = 20;

const termCounts = (text: string): Map<string, number> => {
  const { text: canonical, terms } = canonicalize(text);
  const counts = new Map<string, number>();
  const chars = [...canonical];
  for (const n of [2, 3]) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = `${n}:${chars.slice(i, i + n).join('')}`;
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  if (chars.length === 1) counts.set(`1:${chars[0]}`, 1);
  // A canonical term is the strongest evidence of what the question is about.
  for (const term of terms) counts.set(`t:${term}`, TERM_WEIGHT);
  return counts;
};

type Vector = Map<string, number>;

const norm = (v: Vector): number => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));

export interface FaqMatcherOptions {
  /** Cosine below which there is no match */
  readonly minScore: number;
  /** Extra texts that look like customer speech but are not FAQ content (lowers generic n-grams) */
  readonly background: readonly string[];
}

export const DEFAULT_MIN_SCORE = 0.4;

export class FaqMatcher {
  readonly #idf = new Map<string, number>();
  readonly #docs: { entry: FaqEntry; vector: Vector; norm: number }[] = [];
  readonly #defaultIdf: number;

  constructor(
    readonly entries: readonly FaqEntry[],
    private readonly options: FaqMatcherOptions = { minScore: DEFAULT_MIN_SCORE, background: [] },
  ) {
    const active = entries.filter((e) => !e.deleted);
    const texts = active.map((e) => [e.question, ...e.paraphrases, e.keywords.join(' ')]);
    const docCounts = [...texts.flat(), ...options.background].map(termCounts);
    const df = new Map<string, number>();
    for (const counts of docCounts) for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const total = docCounts.length;
    // Plain log(N/n): n-grams found in much of the corpus weigh (almost) nothing.
    for (const [term, n] of df) this.#idf.set(term, Math.max(Math.log(total / n), 0));
    this.#defaultIdf = Math.log(total);
    active.forEach((entry, i) => {
      for (const text of texts[i] ?? []) {
        const vector = this.#weigh(termCounts(text));
        const n = norm(vector);
        if (n > 0) this.#docs.push({ entry, vector, norm: n });
      }
    });
  }

  #weigh(counts: Map<string, number>): Vector {
    const v: Vector = new Map();
    for (const [term, count] of counts) v.set(term, (1 + Math.log(count)) * (this.#idf.get(term) ?? this.#defaultIdf));
    return v;
  }

  /** Every entry with its best score, highest first. */
  rank(query: string): FaqMatch[] {
    const q = this.#weigh(termCounts(query));
    const qn = norm(q);
    const best = new Map<string, FaqMatch>();
    if (qn === 0) return [];
    for (const doc of this.#docs) {
      let dot = 0;
      for (const [term, w] of q) {
        const d = doc.vector.get(term);
        if (d !== undefined) dot += w * d;
      }
      const score = dot / (qn * doc.norm);
      const previous = best.get(doc.entry.faqId);
      if (!previous || score > previous.score) best.set(doc.entry.faqId, { entry: doc.entry, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  /** The best entry when it clears the threshold, otherwise null. */
  match(query: string, minScore = this.options.minScore): FaqMatch | null {
    const top = this.rank(query)[0];
    if (!top || top.score < minScore) return null;
    return { entry: top.entry, score: Math.round(top.score * 1000) / 1000 };
  }
}
