import type { Intent } from './intents';

/** Where an interpretation came from: logged with every turn and exposed to the flow. */
export type NluSource = 'offline' | 'bedrock' | 'lex' | 'rule';

export interface IntentPrediction {
  readonly intent: Intent;
  /** 0–1; compared with the intent's threshold before the bot acts on it */
  readonly confidence: number;
  readonly source: NluSource;
  /** Entities the engine itself extracted (Bedrock); merged over the rule-based ones */
  readonly entities?: Readonly<Record<string, string>>;
}

export interface ClassifyContext {
  readonly sessionId: string;
  /** Milliseconds this call may take; remote engines must give up earlier and let the fallback answer */
  readonly budgetMs?: number;
}

/**
 * Port: anything that turns an utterance into an intent. Implementations: the offline engine
 * (domain), Bedrock Converse and Lex RecognizeText (adapters).
 */
export interface IntentClassifier {
  readonly name: NluSource;
  classify(text: string, context: ClassifyContext): Promise<IntentPrediction>;
}
