import type { KakaoBot, TurnInput, TurnOptions, TurnOutcome } from './ports';
import type { BotReply } from './skill-response';
import { SERVICE_MESSAGES } from './service-messages';

/**
 * The customer-service bot in Kakao form. Its answers come from the channel-neutral service brain
 * (intents, FAQ, scenarios, escalation: the chatbot-handler issue) through the `ServiceBrain` port;
 * this class only maps them to Kakao components. Until a brain is wired, the bot says honestly
 * that automatic answers are unavailable (and offers Kakao's operator hand-off when configured):
 * it never invents an answer.
 */
export interface ServiceBrain {
  handleTurn(input: { readonly sessionId: string; readonly text: string; readonly deadline: Date }): Promise<BotReply>;
}

export interface ServiceBotOptions {
  readonly brain?: ServiceBrain;
  /** Kakao's `operator` button (hand-off to Kakao's agent chat) is configured on this channel */
  readonly operatorEnabled: boolean;
}

export class ServiceBot implements KakaoBot {
  constructor(private readonly options: ServiceBotOptions) {}

  async turn(input: TurnInput, options: TurnOptions): Promise<TurnOutcome> {
    const { brain } = this.options;
    if (brain) return { kind: 'reply', reply: await brain.handleTurn({ sessionId: `kakao:${input.userId}`, text: input.utterance, deadline: options.deadline }) };
    return {
      kind: 'reply',
      reply: {
        texts: [SERVICE_MESSAGES.notConnected],
        ...(this.options.operatorEnabled
          ? {
              card: {
                title: SERVICE_MESSAGES.operatorCardTitle,
                description: SERVICE_MESSAGES.operatorCardDescription,
                buttons: [{ label: SERVICE_MESSAGES.operatorLabel, action: 'operator' as const }],
              },
            }
          : {}),
      },
    };
  }
}
