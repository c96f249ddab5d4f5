import { z } from 'zod';
import type { DialOutcome } from '@domain/callbacks/callback';

/**
 * Amazon Connect contact events on EventBridge (`source: aws.connect`, detail-type
 * `Amazon Connect Contact Event`). Delivery is best effort and at least once, and new fields and
 * event types appear over time: parsing is lenient, unknown types are ignored, and the callback
 * transitions they cause are idempotent (the dispatcher's lease reaper covers a lost event).
 */
export const CONTACT_EVENT_DETAIL_TYPE = 'Amazon Connect Contact Event';

const contactEventSchema = z.object({
  source: z.literal('aws.connect'),
  'detail-type': z.literal(CONTACT_EVENT_DETAIL_TYPE),
  detail: z.object({
    eventType: z.string(),
    contactId: z.string().min(1),
    initialContactId: z.string().optional(),
    initiationMethod: z.string().optional(),
    channel: z.string().optional(),
    disconnectReason: z.string().optional().catch(undefined),
    connectedToSystemTimestamp: z.string().optional().catch(undefined),
    agentInfo: z.object({ connectedToAgentTimestamp: z.string().optional() }).partial().nullish().catch(null),
  }),
});

export interface ContactEventReport {
  readonly contactId: string;
  readonly outcome: DialOutcome;
  /** `eventType[/disconnectReason]`, kept in the callback history. */
  readonly detail: string;
}

export const isContactEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === CONTACT_EVENT_DETAIL_TYPE;

const BUSY = /BUSY/;
const NO_ANSWER = /UNANSWERED|NO_ANSWER|TIMEOUT|EXPIRED|NEVER_ARRIVED|ORIGINATOR_CANCEL/;

/**
 * What a contact event says about an outbound callback attempt, or undefined when it says nothing
 * final (INITIATED, QUEUED, CONNECTED_TO_SYSTEM, CONTACT_DATA_UPDATED, COMPLETED, ...).
 * - CONNECTED_TO_AGENT, or a DISCONNECTED contact that had reached an agent: CONNECTED.
 * - DISCONNECTED before an agent: BUSY / NO_ANSWER by the telecom reason, otherwise FAILED (dropped,
 *   telecom problem, the customer hung up in the queue): all retried while attempts remain.
 */
export const readContactEvent = (event: unknown): ContactEventReport | undefined => {
  const parsed = contactEventSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const d = parsed.data.detail;
  const reason = d.disconnectReason?.toUpperCase() ?? '';
  const detail = reason ? `${d.eventType}/${reason}` : d.eventType;
  if (d.eventType === 'CONNECTED_TO_AGENT') return { contactId: d.contactId, outcome: 'CONNECTED', detail };
  if (d.eventType !== 'DISCONNECTED') return undefined;
  if (d.agentInfo?.connectedToAgentTimestamp) return { contactId: d.contactId, outcome: 'CONNECTED', detail };
  if (BUSY.test(reason)) return { contactId: d.contactId, outcome: 'BUSY', detail };
  if (NO_ANSWER.test(reason) || !d.connectedToSystemTimestamp) return { contactId: d.contactId, outcome: 'NO_ANSWER', detail };
  return { contactId: d.contactId, outcome: 'FAILED', detail };
};
