import { objectOf, pathOf, stringOf } from '@domain/lenient';
import type { DialOutcome } from '@domain/callbacks/callback';

/**
 * Amazon Connect contact events on EventBridge (`source: aws.connect`, detail-type
 * `Amazon Connect Contact Event`). Delivery is best effort and at least once, and new fields and
 * event types appear over time: parsing is lenient, unknown types are ignored, and the callback
 * transitions they cause are idempotent (the dispatcher's lease reaper covers a lost event).
 */
export const CONTACT_EVENT_DETAIL_TYPE = 'Amazon Connect Contact Event';

interface ContactEventDetail {
  readonly eventType: string;
  readonly contactId: string;
  readonly disconnectReason?: string;
  readonly connectedToSystemTimestamp?: string;
  readonly connectedToAgentTimestamp?: string;
}

/** The fields the callback transitions need; undefined unless it is a Connect contact event with a type and a contact id. */
const contactEventDetail = (event: unknown): ContactEventDetail | undefined => {
  const e = objectOf(event);
  const detail = objectOf(e?.detail);
  if (e?.source !== 'aws.connect' || e['detail-type'] !== CONTACT_EVENT_DETAIL_TYPE || !detail) return undefined;
  const eventType = stringOf(detail.eventType);
  const contactId = stringOf(detail.contactId);
  if (eventType === undefined || !contactId) return undefined;
  return {
    eventType,
    contactId,
    disconnectReason: stringOf(detail.disconnectReason),
    connectedToSystemTimestamp: stringOf(detail.connectedToSystemTimestamp),
    connectedToAgentTimestamp: stringOf(pathOf(detail, 'agentInfo', 'connectedToAgentTimestamp')),
  };
};

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
  const d = contactEventDetail(event);
  if (!d) return undefined;
  const reason = d.disconnectReason?.toUpperCase() ?? '';
  const detail = reason ? `${d.eventType}/${reason}` : d.eventType;
  if (d.eventType === 'CONNECTED_TO_AGENT') return { contactId: d.contactId, outcome: 'CONNECTED', detail };
  if (d.eventType !== 'DISCONNECTED') return undefined;
  if (d.connectedToAgentTimestamp) return { contactId: d.contactId, outcome: 'CONNECTED', detail };
  if (BUSY.test(reason)) return { contactId: d.contactId, outcome: 'BUSY', detail };
  if (NO_ANSWER.test(reason) || !d.connectedToSystemTimestamp) return { contactId: d.contactId, outcome: 'NO_ANSWER', detail };
  return { contactId: d.contactId, outcome: 'FAILED', detail };
};
