import type { Context } from 'aws-lambda';
import { CALLBACK_SOURCES, DIAL_OUTCOMES, type CallbackSource, type DialOutcome } from '@domain/callbacks/callback';
import { bookCallback, type BookingDeps } from '@domain/callbacks/book-callback';
import { cancelCallback, recordOutcome } from '@domain/callbacks/lifecycle';
import { parseSlotPreference } from '@domain/callbacks/slots';
import { systemClock } from '@domain/clock';
import { errorName } from '@domain/errors';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../adapters/dynamodb/callback-store';
import { parseConnectEvent, toStringMap, type StringMap } from '../platform/connect';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { loadCallbackRules } from './config';
import { bookingError, bookingResponse, cancelError, cancelResponse, outcomeResponse } from './flow-responses';

/**
 * callback-scheduler (flow-facing): invoked by Connect flows with `operation` =
 * - `book`    (default) number from `phoneNumber` (DTMF) or the caller id; `slot` 1 = 가능한 빨리,
 *             2 = 오늘 오후, 3 = 내일 오전, or `requestedAt` (ISO with offset, e.g. an offered time);
 * - `cancel`  the caller's active callback (or `callbackId`);
 * - `outcome` from the outbound callback flow: `result` CONNECTED | NO_ANSWER | BUSY | FAILED | DECLINED
 *             for the callback in the contact attributes.
 * The dispatcher and the Connect contact events live in `dispatcher.ts`: they need the outbound-call
 * permission and a longer timeout, which this 8-second, customer-facing function must not have.
 * Answers a flat string map; never throws.
 */
const rules = loadCallbackRules();
const instrumentation = createInstrumentation('callback-scheduler');
const { logger, metrics } = instrumentation;

export type CallbackFlowDeps = BookingDeps;

const sourceOf = (value: string | undefined): CallbackSource =>
  CALLBACK_SOURCES.includes(value?.toUpperCase() as CallbackSource) ? (value?.toUpperCase() as CallbackSource) : 'IVR';

const OUTCOME_ALIASES: Readonly<Record<string, DialOutcome>> = { ANSWERED: 'CONNECTED', ERROR: 'FAILED', REFUSED: 'DECLINED', CANCELLED: 'DECLINED' };
const outcomeOf = (value: string | undefined): DialOutcome | undefined => {
  const v = value?.trim().toUpperCase() ?? '';
  return DIAL_OUTCOMES.includes(v as DialOutcome) ? (v as DialOutcome) : OUTCOME_ALIASES[v];
};

export const handleCallbackRequest = async (event: unknown, deps: CallbackFlowDeps): Promise<StringMap> => {
  const input = parseConnectEvent(event);
  const p = input.parameters;
  const a = input.attributes;
  const operation = (p.operation ?? 'book').trim().toLowerCase();
  logger.appendKeys({ contactId: input.contactId, operation });

  if (operation === 'cancel') {
    try {
      const by = p.operatorId ? `operator:${p.operatorId}` : 'customer';
      const out = await cancelCallback({ callbackId: p.callbackId, phone: p.phoneNumber?.trim() || input.customerAddress, by, detail: sourceOf(p.source) }, deps);
      if (out.result === 'CANCELLED') metrics.addMetric('CallbackCancelled', MetricUnit.Count, 1);
      logger.info('callback cancel', { result: out.result, callbackId: 'callback' in out ? out.callback.callbackId : undefined });
      return cancelResponse(out);
    } catch (error) {
      logger.error('callback cancel failed', { errorName: errorName(error), error: error as Error });
      return cancelError();
    }
  }

  if (operation === 'outcome') {
    const outcome = outcomeOf(p.result);
    if (!outcome) return toStringMap({ result: 'ERROR', callbackId: '', callbackStatus: '', detail: 'UNKNOWN_RESULT', nextAttemptAt: '' });
    try {
      const attempt = Number.parseInt(p.attempt ?? a.callbackAttempt ?? '', 10);
      const out = await recordOutcome(
        { callbackId: p.callbackId || a.callbackId, contactId: input.contactId, attempt: Number.isNaN(attempt) ? undefined : attempt, outcome, by: 'flow' },
        deps,
      );
      if (out.status === 'COMPLETED') metrics.addMetric('CallbackConnected', MetricUnit.Count, 1);
      if (out.status === 'FAILED') metrics.addMetric('CallbackFailed', MetricUnit.Count, 1);
      logger.info('callback outcome from flow', { outcome, status: out.status, callbackId: out.callback?.callbackId });
      return outcomeResponse(out);
    } catch (error) {
      logger.error('callback outcome failed', { errorName: errorName(error), error: error as Error });
      return toStringMap({ result: 'ERROR', callbackId: '', callbackStatus: '', detail: 'UNAVAILABLE', nextAttemptAt: '' });
    }
  }

  if (operation !== 'book') return bookingError('BAD_REQUEST');
  const preference = parseSlotPreference({ slot: p.slot, requestedAt: p.requestedAt });
  if (!preference) return bookingError('BAD_REQUEST');
  try {
    const out = await bookCallback(
      {
        phone: p.phoneNumber?.trim() || input.customerAddress,
        preference,
        source: sourceOf(p.source),
        reason: p.reason || a.callbackReason,
        customerTier: p.customerTier || a.tier || a.customerTier,
        originalIntent: p.originalIntent || a.intent || a.originalIntent,
        customerId: p.customerId || a.customerId,
        contactId: input.contactId,
      },
      deps,
    );
    if (out.result === 'BOOKED') metrics.addMetric('CallbackBooked', MetricUnit.Count, 1);
    if (out.result === 'DUPLICATE') metrics.addMetric('CallbackDuplicate', MetricUnit.Count, 1);
    logger.info('callback booking', {
      result: out.result,
      phone: 'phone' in out ? out.phone.masked : undefined,
      callbackId: 'callback' in out ? out.callback?.callbackId : undefined,
      preference: preference.kind,
    });
    return bookingResponse(out, deps.policy);
  } catch (error) {
    metrics.addMetric('CallbackBookingFailed', MetricUnit.Count, 1);
    logger.error('callback booking failed', { errorName: errorName(error), error: error as Error });
    return bookingError('UNAVAILABLE');
  }
};

const doc = createDocumentClient();
const deps: CallbackFlowDeps = {
  repository: new DynamoCallbackRepository(doc, rules.tableName, systemClock),
  capacity: new DynamoCallbackCounters(doc, rules.tableName, systemClock),
  calendar: rules.calendar,
  clock: systemClock,
  policy: rules.policy,
};

export const handler = wrapHandler((event: unknown, _context: Context) => handleCallbackRequest(event, deps), instrumentation);
