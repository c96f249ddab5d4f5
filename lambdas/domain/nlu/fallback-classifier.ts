import type { ClassifyContext, IntentClassifier, IntentPrediction } from './ports';

/**
 * A remote engine (Bedrock, Lex) with the offline engine behind it: when the remote one fails,
 * times out, is throttled or answers something invalid, the offline engine answers instead.
 * The remote call is also raced against `budgetMs`, so a slow SDK retry can never eat the
 * channel's deadline.
 */
export class FallbackIntentClassifier implements IntentClassifier {
  readonly name;

  constructor(
    private readonly primary: IntentClassifier,
    private readonly fallback: IntentClassifier,
    private readonly budgetMs: number,
    private readonly onFallback: (reason: string, error: unknown) => void = () => undefined,
  ) {
    this.name = primary.name;
  }

  async classify(text: string, context: ClassifyContext): Promise<IntentPrediction> {
    const budget = Math.max(0, Math.min(this.budgetMs, context.budgetMs ?? this.budgetMs));
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ClassifierTimeoutError(budget)), budget);
      });
      return await Promise.race([this.primary.classify(text, { ...context, budgetMs: budget }), deadline]);
    } catch (error) {
      this.onFallback(error instanceof Error ? error.name : 'UnknownError', error);
      return this.fallback.classify(text, context);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

export class ClassifierTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`intent classification exceeded ${budgetMs} ms`);
    this.name = 'ClassifierTimeoutError';
  }
}

/** The remote engine answered, but not with anything usable (no tool call, unknown intent...). */
export class InvalidClassificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidClassificationError';
  }
}
