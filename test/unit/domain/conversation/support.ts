import { InMemoryConversationStore } from '../../../../lambdas/adapters/memory/conversation-store';
import { BusinessCalendar } from '@domain/calendar';
import { FixedClock } from '@domain/clock';
import { handleTurn, type ConversationDeps } from '@domain/conversation/handle-turn';
import { DEFAULT_POLICY } from '@domain/conversation/policy';
import type { Channel, CustomerContext, TurnResult } from '@domain/conversation/types';
import { FaqCatalog, StaticFaqRepository } from '@domain/faq/faq-catalog';
import { offlineClassifier } from '@domain/nlu/offline-classifier';

/** Tuesday 24 November 2026, 10:00 in Seoul (business hours). */
export const NOW = '2026-11-24T01:00:00Z';

export const makeDeps = (overrides: Partial<ConversationDeps> = {}): ConversationDeps & { store: InMemoryConversationStore; clock: FixedClock } => {
  const clock = (overrides.clock as FixedClock | undefined) ?? new FixedClock(NOW);
  return {
    store: new InMemoryConversationStore(),
    classifier: offlineClassifier(),
    offline: offlineClassifier(),
    faq: new FaqCatalog(new StaticFaqRepository(), clock),
    calendar: new BusinessCalendar(),
    policy: DEFAULT_POLICY,
    ...overrides,
    clock,
  } as ConversationDeps & { store: InMemoryConversationStore; clock: FixedClock };
};

export interface SayOptions {
  readonly session?: string;
  readonly channel?: Channel;
  readonly customer?: CustomerContext;
  readonly requestId?: string;
}

export const conversation = (deps: ConversationDeps, options: SayOptions = {}) => {
  const say = (text: string, extra: SayOptions = {}): Promise<TurnResult> =>
    handleTurn({ sessionId: options.session ?? 'conv-1', channel: options.channel ?? 'CHAT', text, ...options, ...extra }, deps);
  return say;
};

export const REGULAR: CustomerContext = { customerId: 'C-1002', tier: 'REGULAR', verified: false, phoneE164: '+821023456789' };
export const VERIFIED: CustomerContext = { ...REGULAR, verified: true };
export const VIP: CustomerContext = { customerId: 'C-1001', tier: 'VIP', verified: true, phoneE164: '+821012345678' };
