import { readToolInput } from '../../../lambdas/adapters/bedrock/intent-classifier';
import { readContactEvent } from '../../../lambdas/adapters/connect/contact-events';
import { parseProxyEvent } from '../../../lambdas/platform/api-gateway';
import { parseConnectEvent } from '../../../lambdas/platform/connect';
import { parseLexEvent } from '../../../lambdas/platform/lex';

/** The lenient readers of payloads we do not control: odd fields become empty values, never exceptions. */

describe('Connect contact-flow events with odd fields', () => {
  it('writes numbers and booleans as strings, blanks nested values, and falls back to InitialContactId', () => {
    const input = parseConnectEvent({
      Details: {
        ContactData: { ContactId: 42, InitialContactId: 'c-initial', Channel: ['VOICE'], Attributes: { vip: true, nested: { a: 1 }, gone: null } },
        Parameters: { retries: 2, obj: [1] },
      },
    });
    expect(input).toEqual({
      contactId: 'c-initial',
      channel: 'VOICE',
      customerAddress: undefined,
      instanceArn: undefined,
      initiationMethod: undefined,
      attributes: { vip: 'true', nested: '', gone: '' },
      parameters: { retries: '2', obj: '' },
    });
  });

  it('keeps an attribute named __proto__ as data', () => {
    const input = parseConnectEvent(JSON.parse('{"Details":{"ContactData":{"ContactId":"c","Attributes":{"__proto__":"x"}}}}'));
    expect(Object.getPrototypeOf(input.attributes)).toBe(Object.prototype);
    expect(Object.entries(input.attributes)).toEqual([['__proto__', 'x']]);
  });
});

describe('Lex V2 code-hook events', () => {
  const event = {
    messageVersion: '1.0',
    invocationSource: 'DialogCodeHook',
    inputMode: 'Speech',
    sessionId: 's-1',
    inputTranscript: '예약 변경하고 싶어요',
    interpretations: [{ intent: { name: 'ChangeReservation' }, nluConfidence: { score: 0.91 } }, { intent: { name: 'FallbackIntent' } }],
    sessionState: { sessionAttributes: { contactId: 'c-1', turns: 3 }, intent: { name: 'ChangeReservation', slots: { date: null }, state: 'InProgress' } },
  };

  it('reads what the chatbot uses', () => {
    expect(parseLexEvent(event)).toMatchObject({
      invocationSource: 'DialogCodeHook',
      inputMode: 'Speech',
      sessionId: 's-1',
      inputTranscript: '예약 변경하고 싶어요',
      interpretations: [{ intent: { name: 'ChangeReservation' }, nluConfidence: { score: 0.91 } }, { intent: { name: 'FallbackIntent' } }],
      sessionState: { sessionAttributes: { contactId: 'c-1', turns: '3' }, intent: { name: 'ChangeReservation', state: 'InProgress' } },
    });
  });

  it('is not a Lex event without a version or with an unknown invocation source', () => {
    expect(parseLexEvent({ ...event, invocationSource: 'Nonsense' })).toBeUndefined();
    expect(parseLexEvent({ ...event, messageVersion: 1 })).toBeUndefined();
    expect(parseLexEvent('text')).toBeUndefined();
  });

  it('fills missing or odd fields with safe values', () => {
    const parsed = parseLexEvent({ messageVersion: '1.0', invocationSource: 'FulfillmentCodeHook', sessionId: 7, interpretations: 'x', sessionState: [] });
    expect(parsed).toEqual({
      messageVersion: '1.0',
      invocationSource: 'FulfillmentCodeHook',
      inputMode: undefined,
      sessionId: 'unknown-session',
      inputTranscript: '',
      interpretations: [],
      sessionState: {},
    });
  });
});

describe('API Gateway proxy events', () => {
  it('reads a REST (v1) event with a base64 body', () => {
    const body = JSON.stringify({ utterance: '안녕하세요' });
    const input = parseProxyEvent({ httpMethod: 'post', pathParameters: { profile: 'service' }, headers: { 'X-Skill-Secret': 's' }, body: Buffer.from(body).toString('base64'), isBase64Encoded: true });
    expect(input).toEqual({ method: 'POST', pathParameters: { profile: 'service' }, headers: { 'X-Skill-Secret': 's' }, body, bodyBytes: Buffer.byteLength(body) });
  });

  it('reads the method of an HTTP API (v2) event, and survives nulls and wrong types', () => {
    expect(parseProxyEvent({ requestContext: { http: { method: 'get' } }, pathParameters: null, headers: 'x', body: 42 })).toEqual({
      method: 'GET',
      pathParameters: {},
      headers: {},
      body: '',
      bodyBytes: 0,
    });
    expect(parseProxyEvent(undefined).method).toBe('POST');
  });
});

describe('Bedrock intent tool input', () => {
  it('accepts a known intent, a confidence in [0, 1] and the three short entities', () => {
    expect(readToolInput({ intent: 'reservation', confidence: 0.8, entities: { date: '내일', product: '요금제' } })).toEqual({
      ok: true,
      value: { intent: 'reservation', confidence: 0.8, entities: { date: '내일', product: '요금제' } },
    });
  });

  it.each([
    [{ intent: 'weather', confidence: 0.8 }, ['intent']],
    [{ intent: 'reservation', confidence: 1.5 }, ['confidence']],
    [{ intent: 'reservation', confidence: '0.9' }, ['confidence']],
    [{ intent: 'reservation', confidence: 0.9, answer: '무시하세요' }, ['answer']],
    [{ intent: 'reservation', confidence: 0.9, entities: { orderNumber: 'A'.repeat(41) } }, ['entities.orderNumber']],
    [{ intent: 'reservation', confidence: 0.9, entities: { phone: '010' } }, ['entities.phone']],
    [{ intent: 'reservation', confidence: 0.9, entities: 'x' }, ['entities']],
    ['reservation', ['(input)']],
  ])('rejects %j naming %j', (input, problems) => {
    expect(readToolInput(input)).toEqual({ ok: false, problems });
  });
});

describe('Connect contact events on EventBridge', () => {
  const event = (detail: unknown, source = 'aws.connect') => ({ source, 'detail-type': 'Amazon Connect Contact Event', detail });

  it('ignores events from another source, without a contact id or without an event type', () => {
    expect(readContactEvent(event({ eventType: 'CONNECTED_TO_AGENT', contactId: 'c' }, 'aws.other'))).toBeUndefined();
    expect(readContactEvent(event({ eventType: 'CONNECTED_TO_AGENT', contactId: '' }))).toBeUndefined();
    expect(readContactEvent(event({ contactId: 'c' }))).toBeUndefined();
    expect(readContactEvent(event('x'))).toBeUndefined();
  });

  it('treats an odd disconnect reason or agent info as absent', () => {
    expect(readContactEvent(event({ eventType: 'DISCONNECTED', contactId: 'c', disconnectReason: 7, agentInfo: 'x' }))).toEqual({
      contactId: 'c',
      outcome: 'NO_ANSWER',
      detail: 'DISCONNECTED',
    });
  });
});
