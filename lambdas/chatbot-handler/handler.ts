import type { Context } from 'aws-lambda';
import { handleTurn } from '@domain/conversation/handle-turn';
import type { TurnInput, TurnResult } from '@domain/conversation/types';
import { errorName } from '@domain/errors';
import { loadConfig } from '../platform/config';
import { parseConnectEvent, type StringMap } from '../platform/connect';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { isLexEvent, lexClose, lexElicitIntent, parseLexEvent, type LexResponse } from '../platform/lex';
import { chatbotConfigSchema, createChatbotDeps, type ChatbotDeps } from './deps';
import { connectTurnInput, failureResult, lexTurnInput, resultAttributes, toConnectResponse } from './mapping';

/**
 * chatbot-handler: the customer-service brain for Amazon Connect. Called by the contact flow with
 * the customer's words (`Parameters.userInput` or a Lex transcript) and answering a flat string map
 * (`nextAction`, `responseText`, queue, priority, summary...), or called by Lex V2 as a code hook
 * (FallbackIntent / fulfillment) and answering a Lex response. Never throws: any failure, or the
 * 7 s deadline passing, answers with a polite ESCALATE.
 */
const config = loadConfig(chatbotConfigSchema);
const instrumentation = createInstrumentation('chatbot-handler');
const { logger, metrics } = instrumentation;

const withDeadline = async (input: TurnInput, deps: ChatbotDeps): Promise<TurnResult> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<TurnResult>((resolve) => {
    timer = setTimeout(() => {
      metrics.addMetric('ChatbotDeadlineExceeded', MetricUnit.Count, 1);
      logger.warn('turn deadline passed; handing over to an agent', { deadlineMs: deps.deadlineMs });
      resolve(failureResult('SYSTEM_ERROR'));
    }, deps.deadlineMs);
  });
  try {
    return await Promise.race([
      handleTurn(input, deps).catch((error: unknown) => {
        metrics.addMetric('ChatbotTurnFailed', MetricUnit.Count, 1);
        logger.error('turn failed; handing over to an agent', { errorName: errorName(error), error: error as Error });
        return failureResult('SYSTEM_ERROR');
      }),
      deadline,
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
};

const record = (input: TurnInput, result: TurnResult): void => {
  metrics.addMetric(`ChatbotAction${result.action[0]}${result.action.slice(1).toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}`, MetricUnit.Count, 1);
  logger.info('turn answered', {
    sessionId: input.sessionId,
    channel: input.channel,
    turn: result.turn,
    action: result.action,
    intent: result.intent,
    confidence: result.confidence,
    source: result.source,
    faqId: result.faq?.id,
    scenario: result.scenario ? `${result.scenario.id}/${result.scenario.step}/${result.scenario.status}` : undefined,
    escalation: result.escalation ? `${result.escalation.queue}/${result.escalation.priority}/${result.escalation.reasonCode}` : undefined,
  });
};

export const answerConnect = async (event: unknown, deps: ChatbotDeps): Promise<StringMap> => {
  const input = connectTurnInput(parseConnectEvent(event));
  logger.appendKeys({ contactId: input.sessionId });
  const result = await withDeadline(input, deps);
  record(input, result);
  return toConnectResponse(result, input.channel);
};

export const answerLex = async (event: unknown, deps: ChatbotDeps): Promise<LexResponse> => {
  const lex = parseLexEvent(event);
  const intentName = (event as { sessionState?: { intent?: { name?: string } } })?.sessionState?.intent?.name ?? 'FallbackIntent';
  if (!lex) {
    const failed = failureResult('SYSTEM_ERROR');
    return lexClose(failed.speech, intentName, resultAttributes(failed, 'VOICE'), 'Failed');
  }
  const input = lexTurnInput(lex);
  const result = await withDeadline(input, deps);
  record(input, result);
  const attributes = { ...(lex.sessionState.sessionAttributes ?? {}), ...resultAttributes(result, input.channel) };
  const spoken = input.channel === 'VOICE' ? result.speech : result.text;
  const open = result.action === 'ANSWER' || result.action === 'CLARIFY' || result.action === 'SCENARIO';
  return open ? lexElicitIntent(spoken, attributes) : lexClose(spoken, lex.sessionState.intent?.name ?? intentName, attributes);
};

/** Connect contact-flow events and Lex V2 code-hook events share this entry point. */
export const answer = (event: unknown, deps: ChatbotDeps): Promise<StringMap | LexResponse> =>
  isLexEvent(event) ? answerLex(event, deps) : answerConnect(event, deps);

const deps = createChatbotDeps(config, (reason, error) => {
  metrics.addMetric('NluFallbackUsed', MetricUnit.Count, 1);
  logger.warn('remote intent engine failed; offline engine answered', { reason, errorName: errorName(error) });
});

export const handler = wrapHandler((event: unknown, _context: Context) => answer(event, deps), instrumentation);
