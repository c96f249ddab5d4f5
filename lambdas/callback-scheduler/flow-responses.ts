import { formatKoreanDateTimeSpoken } from '@domain/calendar';
import type { BookingResult } from '@domain/callbacks/book-callback';
import { isAsapBooking } from '@domain/callbacks/book-callback';
import type { AttemptResult, CancelResult } from '@domain/callbacks/lifecycle';
import { CALLBACK_MESSAGES } from '@domain/callbacks/messages';
import type { CallbackPolicy } from '@domain/callbacks/policy';
import { toStringMap, type StringMap } from '../platform/connect';

/**
 * Domain results → the flat string map the Connect flow reads as `$.External.*`. Every answer has the
 * same keys, so flow branches never meet a missing attribute.
 */
const when = (at: Date | undefined) => ({
  scheduledAt: at ? at.toISOString() : '',
  scheduledAtText: at ? formatKoreanDateTimeSpoken(at) : '',
});

export const bookingResponse = (outcome: BookingResult, policy: CallbackPolicy): StringMap => {
  switch (outcome.result) {
    case 'BOOKED': {
      const at = new Date(outcome.callback.scheduledAt);
      const message = isAsapBooking(outcome.callback) ? CALLBACK_MESSAGES.bookedAsap(at) : CALLBACK_MESSAGES.booked(at);
      return toStringMap({ result: 'BOOKED', callbackId: outcome.callback.callbackId, ...when(at), message, detail: '' });
    }
    case 'DUPLICATE': {
      const at = outcome.callback ? new Date(outcome.callback.scheduledAt) : undefined;
      return toStringMap({ result: 'DUPLICATE', callbackId: outcome.callback?.callbackId ?? '', ...when(at), message: CALLBACK_MESSAGES.duplicate(at), detail: '' });
    }
    case 'INVALID_NUMBER':
      return toStringMap({ result: 'INVALID_NUMBER', callbackId: '', ...when(undefined), message: CALLBACK_MESSAGES.invalidNumber, detail: '' });
    case 'OUTSIDE_HOURS':
      return toStringMap({
        result: 'OUTSIDE_HOURS',
        callbackId: '',
        ...when(outcome.offer),
        message: CALLBACK_MESSAGES.outsideHours(outcome.detail, outcome),
        detail: outcome.detail,
      });
    case 'TOO_FAR':
      return toStringMap({ result: 'TOO_FAR', callbackId: '', ...when(outcome.offer), message: CALLBACK_MESSAGES.tooFar(policy.maxDaysAhead, outcome.offer), detail: '' });
    case 'FULL':
      return toStringMap({ result: 'FULL', callbackId: '', ...when(outcome.offer), message: CALLBACK_MESSAGES.full(outcome.offer), detail: outcome.offer ? 'NEXT_FREE_OFFERED' : 'NO_FREE_SLOT' });
  }
};

export const bookingError = (detail: 'BAD_REQUEST' | 'UNAVAILABLE'): StringMap =>
  toStringMap({
    result: 'ERROR',
    callbackId: '',
    ...when(undefined),
    message: detail === 'BAD_REQUEST' ? CALLBACK_MESSAGES.badRequest : CALLBACK_MESSAGES.error,
    detail,
  });

export const cancelResponse = (outcome: CancelResult): StringMap => {
  if (outcome.result === 'CANCELLED') {
    const at = new Date(outcome.callback.scheduledAt);
    return toStringMap({ result: 'CANCELLED', callbackId: outcome.callback.callbackId, ...when(at), message: CALLBACK_MESSAGES.cancelled(at), detail: '' });
  }
  if (outcome.result === 'INVALID_NUMBER') {
    return toStringMap({ result: 'INVALID_NUMBER', callbackId: '', ...when(undefined), message: CALLBACK_MESSAGES.invalidNumber, detail: '' });
  }
  const callbackId = outcome.result === 'NOT_ACTIVE' ? outcome.callback.callbackId : '';
  return toStringMap({ result: 'NOT_FOUND', callbackId, ...when(undefined), message: CALLBACK_MESSAGES.nothingToCancel, detail: outcome.result });
};

export const cancelError = (): StringMap =>
  toStringMap({ result: 'ERROR', callbackId: '', ...when(undefined), message: CALLBACK_MESSAGES.cancelError, detail: 'UNAVAILABLE' });

export const outcomeResponse = (outcome: AttemptResult): StringMap =>
  toStringMap({
    result: outcome.status,
    callbackId: outcome.callback?.callbackId ?? '',
    callbackStatus: outcome.callback?.status ?? '',
    detail: outcome.status === 'IGNORED' ? outcome.reason : '',
    nextAttemptAt: outcome.status === 'RETRY_SCHEDULED' ? outcome.callback.dueAt : '',
  });
