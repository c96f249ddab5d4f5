import * as lexSdk from '@aws-sdk/client-lex-runtime-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { FallbackIntentClassifier } from '@domain/nlu/fallback-classifier';
import { offlineClassifier } from '@domain/nlu/offline-classifier';
import { createLexClient, LexIntentClassifier } from '../../../lambdas/adapters/lex/intent-classifier';

const { LexRuntimeV2Client, RecognizeTextCommand } = lexSdk;

const lex = mockClient(LexRuntimeV2Client);
const bot = { botId: 'ABCDEFGHIJ', botAliasId: 'TSTALIASID', localeId: 'ko_KR' };
const engine = () => new FallbackIntentClassifier(new LexIntentClassifier(lexSdk, createLexClient(lexSdk, { requestTimeoutMs: 1000, maxAttempts: 1 }), bot), offlineClassifier(), 1000);

beforeEach(() => lex.reset());

describe('Lex RecognizeText intent classification', () => {
  it('takes the confidence from interpretations, not from the session state', async () => {
    lex.on(RecognizeTextCommand).resolves({
      sessionState: { intent: { name: 'reservation', state: 'InProgress' } },
      interpretations: [
        { intent: { name: 'FallbackIntent' } },
        { intent: { name: 'reservation' }, nluConfidence: { score: 0.87 } },
        { intent: { name: 'order_inquiry' }, nluConfidence: { score: 0.1 } },
      ],
    });
    expect(await engine().classify('설치 예약 가능해요?', { sessionId: 'contact/1' })).toEqual({ intent: 'reservation', confidence: 0.87, source: 'lex' });
    expect(lex.commandCalls(RecognizeTextCommand)[0]?.args[0].input).toMatchObject({ ...bot, sessionId: 'contact-1', text: '설치 예약 가능해요?' });
  });

  it('lets the offline engine decide when Lex only has FallbackIntent', async () => {
    lex.on(RecognizeTextCommand).resolves({ interpretations: [{ intent: { name: 'FallbackIntent' } }] });
    expect(await engine().classify('환불 받고 싶어요', { sessionId: 's' })).toMatchObject({ intent: 'cancel_request', source: 'offline' });
  });

  it('lets the offline engine answer when Lex fails', async () => {
    lex.on(RecognizeTextCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    expect(await engine().classify('상담원 연결', { sessionId: 's' })).toMatchObject({ intent: 'agent_request', source: 'offline' });
  });
});
