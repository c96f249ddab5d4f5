import { csvField } from '@domain/operations/conversation-view';
import { nextOutcome, turnOutcome } from '@domain/conversation/outcome';
import { coachingUpdate, turnUpdate, type TurnFact } from '@domain/statistics/statistics';
import { decodeCursor, encodeCursor } from '../../../lambdas/adapters/dynamodb/cursor';
import { tokensMatch } from '../../../lambdas/admin-api/auth';

const fact = (over: Partial<TurnFact>): TurnFact => ({
  conversationId: 'c1',
  turn: 1,
  channel: 'CHAT',
  startedAt: '2026-11-23T15:30:00Z', // 00:30 on the 24th in Seoul
  action: 'ANSWER',
  opensConversation: true,
  outcome: 'abandoned',
  ...over,
});

describe('statistics counters', () => {
  it('counts a conversation on its Seoul start day, with its first outcome', () => {
    const u = turnUpdate(fact({ intent: 'greeting' }));
    expect(u).toMatchObject({ day: '2026-11-24', channel: 'CHAT', owner: 'c1', sequence: 1 });
    expect(u.increments).toEqual({ turns: 1, intent_greeting: 1, conversations: 1, outcome_abandoned: 1 });
  });

  it('moves the conversation between outcome counters when a later turn changes it', () => {
    const u = turnUpdate(fact({ turn: 3, opensConversation: false, action: 'ESCALATE', intent: 'agent_request', escalationReason: 'AGENT_REQUESTED', previousOutcome: 'answered', outcome: 'escalated' }));
    expect(u.increments).toEqual({ turns: 1, intent_agent_request: 1, escalations: 1, reason_AGENT_REQUESTED: 1, outcome_answered: -1, outcome_escalated: 1 });
  });

  it('counts FAQ hits among questions, not small talk or scenario steps', () => {
    expect(turnUpdate(fact({ faqId: 'faq-x', intent: 'general_inquiry', outcome: 'answered' })).increments).toMatchObject({ faqHits: 1, questions: 1 });
    expect(turnUpdate(fact({ action: 'CLARIFY' })).increments).toMatchObject({ questions: 1, intent_none: 1 });
    expect(turnUpdate(fact({ intent: 'greeting' })).increments.questions).toBeUndefined();
    expect(turnUpdate(fact({ action: 'SCENARIO', scenarioId: 'reservation' })).increments.questions).toBeUndefined();
  });

  it('counts crisis detections as the growth of the session crisis count', () => {
    const after = { sessionId: 's1', crisisCount: 2, lastActiveAt: '2026-11-24T02:00:00Z' };
    expect(coachingUpdate({ userId: 'u', version: 5, before: { ...after, crisisCount: 1 }, after })?.increments).toEqual({ crisisDetections: 1 });
    expect(coachingUpdate({ userId: 'u', version: 5, before: after, after })).toBeUndefined();
    expect(coachingUpdate({ userId: 'u', version: 5, before: { ...after, sessionId: 'old', crisisCount: 4 }, after })?.increments).toEqual({ crisisDetections: 2 });
  });

  it('only ever moves an outcome up the ladder', () => {
    expect(nextOutcome('escalated', turnOutcome({ action: 'ANSWER', intent: 'general_inquiry' }))).toBe('escalated');
    expect(nextOutcome('answered', turnOutcome({ action: 'CALLBACK_OFFER' }))).toBe('callback');
    expect(turnOutcome({ action: 'ANSWER', intent: 'greeting' })).toBe('abandoned');
  });
});

describe('CSV fields, cursors and tokens', () => {
  it('quotes and neutralises formulas', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField(null)).toBe('');
    expect(csvField('-3')).toBe("'-3");
  });

  it('round-trips a cursor for its own query only', () => {
    const key = { faqId: 'faq-a', activeKey: 'FAQ' };
    const c = encodeCursor('q1', key) as string;
    expect(decodeCursor(c, 'q1', { faqId: 'S', activeKey: 'S' })).toEqual(key);
    expect(() => decodeCursor(c, 'q2', { faqId: 'S', activeKey: 'S' })).toThrow('invalid cursor');
    expect(() => decodeCursor(c, 'q1', { faqId: 'S', activeKey: 'S', extra: 'N' })).toThrow('invalid cursor');
    expect(() => decodeCursor('%%%', 'q1', { faqId: 'S' })).toThrow('invalid cursor');
    expect(encodeCursor('q1', undefined)).toBeNull();
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});
