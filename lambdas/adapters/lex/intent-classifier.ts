import type * as LexSdk from '@aws-sdk/client-lex-runtime-v2';
import { InvalidClassificationError } from '@domain/nlu/fallback-classifier';
import { isIntent } from '@domain/nlu/intents';
import type { ClassifyContext, IntentClassifier, IntentPrediction } from '@domain/nlu/ports';
import { timedHttpHandler } from '../../platform/http-handler';
import { traceClient } from '../../platform/tracing';

/**
 * Lex V2 `RecognizeText` as an intent engine (when a bot id and alias are configured). The
 * confidence comes from `interpretations[].nluConfidence.score` (not from `sessionState.intent`).
 * FallbackIntent or an intent outside our twelve is not an answer: the offline engine decides.
 */
export interface LexBotConfig {
  readonly botId: string;
  readonly botAliasId: string;
  readonly localeId: string;
}

/** What this adapter uses of the Lex Runtime V2 SDK. */
export type LexSdkModule = Pick<typeof LexSdk, 'LexRuntimeV2Client' | 'RecognizeTextCommand'>;

/**
 * Lex is an opt-in engine (the deployed default is Bedrock), so its SDK is imported on first use:
 * in a Lambda bundle it is a file of its own, loaded by the first Lex classification
 * (onDemandPackagesPlugin in lib/bundling.ts).
 */
export const importLexSdk = (): Promise<LexSdkModule> => import('@aws-sdk/client-lex-runtime-v2');

export const createLexClient = (sdk: LexSdkModule, options: { region?: string; requestTimeoutMs: number; maxAttempts: number }): LexSdk.LexRuntimeV2Client =>
  traceClient(new sdk.LexRuntimeV2Client({
    region: options.region ?? process.env.AWS_REGION ?? 'ap-northeast-2',
    maxAttempts: options.maxAttempts,
    requestHandler: timedHttpHandler({ requestTimeoutMs: options.requestTimeoutMs, connectionTimeoutMs: Math.min(1000, options.requestTimeoutMs) }),
  }));

/** Lex session ids allow `[0-9a-zA-Z._:-]{2,100}`. */
const lexSessionId = (id: string): string => id.replace(/[^0-9a-zA-Z._:-]/g, '-').slice(0, 100).padEnd(2, '-');

export class LexIntentClassifier implements IntentClassifier {
  readonly name = 'lex' as const;

  constructor(
    private readonly sdk: LexSdkModule,
    private readonly client: LexSdk.LexRuntimeV2Client,
    private readonly bot: LexBotConfig,
  ) {}

  async classify(text: string, context: ClassifyContext): Promise<IntentPrediction> {
    const abort = new AbortController();
    const timer = context.budgetMs ? setTimeout(() => abort.abort(), context.budgetMs) : undefined;
    try {
      const out = await this.client.send(
        new this.sdk.RecognizeTextCommand({ botId: this.bot.botId, botAliasId: this.bot.botAliasId, localeId: this.bot.localeId, sessionId: lexSessionId(context.sessionId), text }),
        { abortSignal: abort.signal },
      );
      const ranked = [...(out.interpretations ?? [])]
        .map((i) => ({ name: i.intent?.name, score: i.nluConfidence?.score ?? 0 }))
        .sort((a, b) => b.score - a.score);
      const top = ranked[0];
      if (!top || !isIntent(top.name)) throw new InvalidClassificationError(`Lex top interpretation is ${top?.name ?? 'missing'}`);
      return { intent: top.name, confidence: top.score, source: 'lex' };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
