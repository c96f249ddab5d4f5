import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Lex V2 bot's intents, generated from the same intent example data the offline NLU engine
 * trains on (lambdas/domain/nlu/intent-examples.json), so voice and the local engine never drift.
 * Only `train` examples become sample utterances: `heldOut` stays unseen for honest evaluation.
 * Plain data (no CDK import): the stack builds CfnBot from it, tests and the simulator read it.
 */
export interface IntentExamples {
  readonly intents: Readonly<Record<string, { readonly train: readonly string[]; readonly heldOut?: readonly string[] }>>;
}

export interface LexIntentDefinition {
  /** Lex intent name: `^([0-9a-zA-Z][_-]?){1,100}$` */
  readonly name: string;
  /** The example data's own intent name (what chatbot-handler speaks) */
  readonly sourceName: string;
  readonly sampleUtterances: readonly string[];
}

export const INTENT_EXAMPLES_PATH = join(__dirname, '..', 'lambdas', 'domain', 'nlu', 'intent-examples.json');

/** Lex rejects more than this many sample utterances per intent in practice-friendly bots. */
export const MAX_UTTERANCES_PER_INTENT = 200;
const MAX_UTTERANCE_LENGTH = 200;

export const readIntentExamples = (path = INTENT_EXAMPLES_PATH): IntentExamples | undefined => {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { intents?: unknown }).intents !== 'object') {
    throw new Error(`${path}: expected { "intents": { "<name>": { "train": [...], "heldOut": [...] } } }`);
  }
  return parsed as IntentExamples;
};

/** A valid Lex intent name for an example-data intent name (`refund.request` → `refund_request`). */
export const lexIntentName = (name: string): string => {
  const cleaned = name
    .normalize('NFKC')
    .replace(/[^0-9A-Za-z]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_{2,}/g, '_');
  if (!cleaned) throw new Error(`intent "${name}" has no Latin letters or digits to name a Lex intent after`);
  return cleaned.slice(0, 100);
};

/** A sample utterance Lex accepts: letters (Hangul included), digits and single spaces. */
export const lexUtterance = (text: string): string | undefined => {
  const cleaned = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_UTTERANCE_LENGTH)
    .trim();
  return cleaned.length > 0 ? cleaned : undefined;
};

export const lexIntentsFrom = (examples: IntentExamples): LexIntentDefinition[] => {
  const owners = new Map<string, Set<string>>();
  const perIntent = new Map<string, string[]>();
  for (const [source, data] of Object.entries(examples.intents)) {
    const utterances = [...new Set((data.train ?? []).map(lexUtterance).filter((u): u is string => u !== undefined))];
    perIntent.set(source, utterances);
    for (const u of utterances) owners.set(u.toLowerCase(), (owners.get(u.toLowerCase()) ?? new Set()).add(source));
  }
  const names = new Map<string, string>();
  const intents: LexIntentDefinition[] = [];
  for (const [source, utterances] of [...perIntent.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = lexIntentName(source);
    if (name === 'FallbackIntent') throw new Error('intent example data may not define FallbackIntent (the bot adds it)');
    const clash = names.get(name);
    if (clash) throw new Error(`intents "${clash}" and "${source}" both map to the Lex name ${name}`);
    names.set(name, source);
    // An utterance two intents claim would teach Lex nothing but confusion.
    const own = utterances.filter((u) => (owners.get(u.toLowerCase())?.size ?? 0) === 1).slice(0, MAX_UTTERANCES_PER_INTENT);
    if (own.length > 0) intents.push({ name, sourceName: source, sampleUtterances: own });
  }
  if (intents.length === 0) throw new Error('intent example data yields no intent with a usable sample utterance');
  return intents;
};
