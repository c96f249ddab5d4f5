import type { Channel, EscalationReason, QueueName } from '../conversation/types';
import type { FaqEntry } from '../faq/faq';

/**
 * Read and edit ports of the operations API (supervisors). Lists are pages read from indexes
 * (never a scan); the cursor is opaque here and validated by the adapter that issued it.
 */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back to get the next page; null on the last page */
  readonly nextCursor: string | null;
}

/** A conversation as listed by day or by customer (from the index projection). */
export interface ConversationListing {
  readonly conversationId: string;
  readonly startedAt: string;
  readonly channel: Channel;
  readonly customerId?: string;
  readonly tier?: string;
  /** Intent and action of the turn that opened (or first identified) the conversation */
  readonly firstIntent?: string;
  readonly firstAction?: string;
  readonly firstTurn: number;
}

export interface EscalationListing {
  readonly conversationId: string;
  readonly turn: number;
  readonly at: string;
  readonly channel: Channel;
  readonly queue: QueueName;
  readonly priority: number;
  readonly reason: EscalationReason;
  /** The ≤ 200-character agent summary, PII masked */
  readonly summary: string;
  readonly intent?: string;
  readonly customerId?: string;
  readonly tier?: string;
  readonly conversationStartedAt?: string;
}

export interface EscalationFilter {
  readonly queue?: QueueName;
  readonly reason?: EscalationReason;
}

export interface ConversationIndex {
  listByDay(day: string, page: PageRequest): Promise<Page<ConversationListing>>;
  listByCustomer(customerId: string, page: PageRequest): Promise<Page<ConversationListing>>;
  listEscalations(day: string, filter: EscalationFilter, page: PageRequest): Promise<Page<EscalationListing>>;
}

export interface FaqFilter {
  readonly category?: string;
  readonly includeDeleted: boolean;
}

export type ReplaceResult = 'REPLACED' | 'STALE';

/** The FAQ table as supervisors edit it. Every write is one conditional write on `version`. */
export interface FaqAdminRepository {
  get(faqId: string): Promise<FaqEntry | undefined>;
  list(filter: FaqFilter, page: PageRequest): Promise<Page<FaqEntry>>;
  /** Fails with ConflictError when the id exists */
  create(entry: FaqEntry): Promise<void>;
  /** Writes `entry` (version = expectedVersion + 1) only if the stored version is still `expectedVersion` */
  replace(entry: FaqEntry, expectedVersion: number): Promise<ReplaceResult>;
}
