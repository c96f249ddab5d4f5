import type { BookingRequest, BookingResult } from '../callbacks/book-callback';
import { isAsapBooking } from '../callbacks/book-callback';
import { CALLBACK_MESSAGES } from '../callbacks/messages';
import { systemClock, type Clock } from '../clock';
import type { TurnInput as ConversationTurnInput, TurnResult } from '../conversation/types';
import { withDeadline } from '../deadline';
import { ConflictError } from '../errors';
import { classifyCallerId } from '../phone';
import { KAKAO_MESSAGES } from './messages';
import type { KakaoBot, TurnInput, TurnOptions, TurnOutcome } from './ports';
import type { BotReply, Button } from './skill-response';
import { SERVICE_MESSAGES } from './service-messages';

/**
 * The customer-service bot in Kakao form. Answers come from the channel-neutral service brain
 * (`handleTurn` of the conversation domain: intents, FAQ, scenarios, escalation) through the
 * `ServiceBrain` port; this class maps them to Kakao components (FAQ answers as cards, scenario
 * choices as quick replies) and runs the Kakao side of escalation: booking a callback (phone
 * number → preferred time → confirmation → the callback-scheduler domain) or Kakao's `operator`
 * hand-off button when the channel has it. Without a brain it says so honestly: it never invents an answer.
 */
export type ServiceBrain = (input: ConversationTurnInput) => Promise<TurnResult>;

export interface CallbackBooking {
  book(request: BookingRequest): Promise<BookingResult>;
  readonly maxDaysAhead: number;
}

type TimeKind = (typeof SERVICE_MESSAGES.timeChoices)[number]['kind'];

/** The callback-booking dialog of one Kakao user (short-lived). */
export interface BookingDialog {
  readonly step: 'PHONE' | 'TIME' | 'CONFIRM';
  readonly phone?: string;
  readonly time?: TimeKind;
  readonly failures: number;
  readonly reason?: string;
  readonly intent?: string;
}

export interface BookingDialogStore {
  load(userId: string, now: Date): Promise<{ readonly dialog?: BookingDialog; readonly version: number }>;
  /** `undefined` ends the dialog. Fails with ConflictError when the version moved. */
  save(userId: string, dialog: BookingDialog | undefined, expectedVersion: number, now: Date): Promise<void>;
}

export interface ServiceBotOptions {
  readonly brain?: ServiceBrain;
  readonly booking?: CallbackBooking;
  readonly dialogs?: BookingDialogStore;
  readonly clock?: Clock;
  /** Kakao's `operator` button (hand-off to Kakao's agent chat) is configured on this channel */
  readonly operatorEnabled: boolean;
}

const compactText = (text: string) => text.normalize('NFC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
const CALLBACK_WORDS = new Set(['콜백예약', '콜백', '콜백요청', '콜백신청', '전화예약', '전화요청', '전화주세요', '전화해주세요', '콜백예약할게요', '콜백예약해주세요']);
const reply = (r: BotReply): TurnOutcome => ({ kind: 'reply', reply: r });

export class ServiceBot implements KakaoBot {
  constructor(private readonly options: ServiceBotOptions) {}

  async turn(input: TurnInput, options: TurnOptions): Promise<TurnOutcome> {
    const { brain, booking, dialogs } = this.options;
    const now = (this.options.clock ?? systemClock).now();
    if (booking && dialogs) {
      const stored = await dialogs.load(input.userId, now);
      if (stored.dialog) return this.#continueBooking(input, stored.dialog, stored.version, now);
      if (CALLBACK_WORDS.has(compactText(input.utterance))) {
        await this.#save(input.userId, { step: 'PHONE', failures: 0, reason: '카카오톡 콜백 요청' }, stored.version, now);
        return reply({ texts: [SERVICE_MESSAGES.askPhone] });
      }
    }
    if (!brain) return reply({ texts: [SERVICE_MESSAGES.notConnected], ...this.#escalationOptions(false) });

    let result: TurnResult;
    try {
      result = await withDeadline(brain({ sessionId: `kakao:${input.userId}`, channel: 'KAKAO', text: input.utterance }), options.deadline, 'service-brain');
    } catch {
      return reply({ texts: [SERVICE_MESSAGES.brainFailed], ...this.#escalationOptions(true) });
    }
    return reply(this.#toReply(result));
  }

  /** FAQ answers as cards, choices as quick replies, escalation with callback booking and/or the operator button. */
  #toReply(result: TurnResult): BotReply {
    const quickReplies = result.choices.map((c) => ({ label: c.label, messageText: c.value }));
    const escalating = result.action === 'ESCALATE' || result.action === 'CALLBACK_OFFER';
    if (escalating) {
      const options = this.#escalationOptions(true);
      const merged = [...quickReplies, ...(options.quickReplies ?? [])].filter((q, i, all) => all.findIndex((x) => x.label === q.label) === i);
      return { texts: [result.text], ...(options.card ? { card: options.card } : {}), ...(merged.length ? { quickReplies: merged } : {}) };
    }
    if (result.faq && [...result.faq.answer].length <= 400) {
      const rest = result.text.includes(result.faq.answer) ? result.text.replace(result.faq.answer, '').trim() : '';
      return {
        texts: [],
        card: { title: result.faq.question, description: result.faq.answer },
        ...(rest ? { after: rest } : {}),
        ...(quickReplies.length ? { quickReplies } : {}),
      };
    }
    return { texts: [result.text], ...(quickReplies.length ? { quickReplies } : {}) };
  }

  #escalationOptions(offerCallback: boolean): Pick<BotReply, 'card' | 'quickReplies'> {
    const canBook = offerCallback && this.options.booking && this.options.dialogs;
    const buttons: Button[] = this.options.operatorEnabled ? [{ label: SERVICE_MESSAGES.operatorLabel, action: 'operator' }] : [];
    return {
      ...(buttons.length ? { card: { title: SERVICE_MESSAGES.operatorCardTitle, description: SERVICE_MESSAGES.operatorCardDescription, buttons } } : {}),
      ...(canBook ? { quickReplies: [{ label: SERVICE_MESSAGES.callbackLabel, messageText: SERVICE_MESSAGES.callbackLabel }] } : {}),
    };
  }

  async #continueBooking(input: TurnInput, dialog: BookingDialog, version: number, now: Date): Promise<TurnOutcome> {
    const text = compactText(input.utterance);
    const no = (SERVICE_MESSAGES.no as readonly string[]).includes(text);
    if (no || text === '취소') {
      await this.#save(input.userId, undefined, version, now);
      return reply({ texts: [SERVICE_MESSAGES.cancelled] });
    }
    const timeQuickReplies = SERVICE_MESSAGES.timeChoices.map((c) => ({ label: c.label }));
    switch (dialog.step) {
      case 'PHONE': {
        const caller = classifyCallerId(input.utterance);
        if (caller.type !== 'valid') {
          const failures = dialog.failures + 1;
          if (failures >= 3) {
            await this.#save(input.userId, undefined, version, now);
            return reply({ texts: [SERVICE_MESSAGES.tooManyInvalid], ...this.#escalationOptions(true) });
          }
          await this.#save(input.userId, { ...dialog, failures }, version, now);
          return reply({ texts: [SERVICE_MESSAGES.invalidPhone] });
        }
        await this.#save(input.userId, { ...dialog, step: 'TIME', phone: caller.phone.e164, failures: 0 }, version, now);
        return reply({ texts: [SERVICE_MESSAGES.askTime(caller.phone.masked)], quickReplies: timeQuickReplies });
      }
      case 'TIME': {
        const index = ['1', '2', '3'].indexOf(text);
        const choice = SERVICE_MESSAGES.timeChoices.find((c, i) => compactText(c.label) === text || index === i);
        if (!choice) return reply({ texts: [SERVICE_MESSAGES.invalidTime], quickReplies: timeQuickReplies });
        await this.#save(input.userId, { ...dialog, step: 'CONFIRM', time: choice.kind }, version, now);
        return reply({ texts: [SERVICE_MESSAGES.confirm(maskedOf(dialog.phone), choice.when)], quickReplies: [{ label: '네' }, { label: '아니요' }] });
      }
      case 'CONFIRM': {
        if (!(SERVICE_MESSAGES.yes as readonly string[]).includes(text)) {
          return reply({ texts: [SERVICE_MESSAGES.invalidConfirm], quickReplies: [{ label: '네' }, { label: '아니요' }] });
        }
        // The dialog ends first (conditional write): of two "네" at the same moment only one books.
        if (!(await this.#save(input.userId, undefined, version, now))) return reply({ texts: [KAKAO_MESSAGES.stillWorking] });
        try {
          const outcome = await (this.options.booking as CallbackBooking).book({
            phone: dialog.phone,
            preference: { kind: dialog.time ?? 'ASAP' },
            source: 'KAKAO',
            reason: dialog.reason ?? '카카오톡 콜백 요청',
            originalIntent: dialog.intent ?? 'callback_request',
            contactId: `kakao:${input.userId}`,
          });
          return reply({ texts: [this.#bookingMessage(outcome)] });
        } catch {
          return reply({ texts: [SERVICE_MESSAGES.bookingUnavailable], ...this.#escalationOptions(false) });
        }
      }
    }
  }

  #bookingMessage(outcome: BookingResult): string {
    switch (outcome.result) {
      case 'BOOKED': {
        const at = new Date(outcome.callback.scheduledAt);
        return isAsapBooking(outcome.callback) ? CALLBACK_MESSAGES.bookedAsap(at) : CALLBACK_MESSAGES.booked(at);
      }
      case 'DUPLICATE':
        return CALLBACK_MESSAGES.duplicate(outcome.callback ? new Date(outcome.callback.scheduledAt) : undefined);
      case 'INVALID_NUMBER':
        return CALLBACK_MESSAGES.invalidNumber;
      case 'OUTSIDE_HOURS':
        return CALLBACK_MESSAGES.outsideHours(outcome.detail, outcome);
      case 'TOO_FAR':
        return CALLBACK_MESSAGES.tooFar((this.options.booking as CallbackBooking).maxDaysAhead, outcome.offer);
      case 'FULL':
        return CALLBACK_MESSAGES.full(outcome.offer);
    }
  }

  /** False when a concurrent message moved the dialog first (that message's answer stands). */
  async #save(userId: string, dialog: BookingDialog | undefined, version: number, now: Date): Promise<boolean> {
    try {
      await (this.options.dialogs as BookingDialogStore).save(userId, dialog, version, now);
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return false;
    }
  }
}

const maskedOf = (e164: string | undefined): string => {
  const caller = classifyCallerId(e164);
  return caller.type === 'valid' ? caller.phone.masked : '';
};
