import { addSeoulDays, formatKoreanDate, formatKoreanDateTimeSpoken, formatKoreanTime, fromSeoul, startOfSeoulDay, toSeoul, type BusinessCalendar } from '../calendar';
import { CATALOG, findCategoryMention, findProductMention, formatWon, type Product, type ProductCategory } from '../catalog/catalog';
import { findOrderNumber, findPhoneNumber } from '../nlu/entities';
import { parseKoreanDateTime } from '../nlu/korean-datetime';
import { normalizeText } from '../nlu/text';
import { tryParsePhoneNumber } from '../phone';
import lexicon from './dialogue-lexicon.json';
import texts from './scenarios.json';
import type { ScenarioState } from './session';
import type { Choice, CustomerContext, EscalationReason, ScenarioId } from './types';

/**
 * The three guided scenarios as small state machines. Each step validates its input and either
 * advances, asks again with a clear Korean re-prompt, completes, or hands off to an agent.
 * Steps keep no raw PII in the state (phone numbers masked); the completing turn returns the raw
 * values to the channel once.
 */
export interface ScenarioContext {
  readonly now: Date;
  readonly calendar: BusinessCalendar;
  readonly customer?: CustomerContext;
  /** Maximum days ahead a reservation may be made */
  readonly reservationHorizonDays: number;
  /** Minimum lead time for a reservation, minutes */
  readonly reservationLeadMinutes: number;
}

export interface Prompt {
  readonly text: string;
  readonly choices: readonly Choice[];
}

export type StepOutcome =
  | { readonly kind: 'advance'; readonly state: ScenarioState; readonly note?: string }
  /** Valid but incomplete (a day without an hour): ask for the rest without counting a failure */
  | { readonly kind: 'partial'; readonly state: ScenarioState; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'complete'; readonly data: Readonly<Record<string, string>>; readonly message: string; readonly note?: string }
  | { readonly kind: 'handoff'; readonly data: Readonly<Record<string, string>>; readonly message: string; readonly reason: EscalationReason; readonly note?: string }
  | { readonly kind: 'declined'; readonly message: string };

const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? '');

const compact = (text: string): string => normalizeText(text).replace(/ /g, '');

const ORDINALS: Record<string, number> = { 첫: 1, 첫째: 1, 첫번째: 1, 일번: 1, 하나: 1, 한번: 1, 두번째: 2, 둘째: 2, 이번: 2, 둘: 2, 세번째: 3, 셋째: 3, 삼번: 3, 셋: 3, 네번째: 4, 넷째: 4, 사번: 4, 넷: 4 };

/** "2", "2번", "이번", "두 번째" → 2 (1-based), when the whole answer is a pick. */
export const pickNumber = (text: string): number | undefined => {
  const c = compact(text).replace(/(이요|요|이에요|예요|입니다|으로|로|할게요|주세요|선택)$/u, '');
  const digit = /^(\d{1,2})(번)?$/.exec(c);
  if (digit) return Number(digit[1]);
  return ORDINALS[c] ?? ORDINALS[c.replace(/번$/, '번')];
};

const choose = <T>(text: string, options: readonly T[], terms: (option: T) => readonly string[]): T | undefined => {
  const n = pickNumber(text);
  if (n !== undefined) return options[n - 1];
  const c = compact(text);
  if (c.length === 0) return undefined;
  return options.find((o) => terms(o).some((t) => t.length > 0 && c.includes(compact(t))));
};

const inList = (text: string, list: readonly string[]): boolean => {
  const c = compact(text).replace(/(요|입니다|해요)$/u, '');
  return list.includes(compact(text)) || list.includes(c);
};

export const isYes = (text: string): boolean => inList(text, lexicon.yes);
export const isNo = (text: string): boolean => inList(text, lexicon.no);
export const isExitCommand = (text: string): boolean => inList(text, lexicon.exitScenario);

export const scenarioName = (id: ScenarioId): string => texts[id].name;

const numbered = (labels: readonly string[]): Choice[] => labels.map((label, i) => ({ label, value: label, dtmf: String(i + 1) }));

// ---------------------------------------------------------------- product

const categoryOf = (state: ScenarioState): ProductCategory | undefined => CATALOG.find((c) => c.id === state.data.categoryId);
const productOf = (state: ScenarioState): Product | undefined =>
  CATALOG.flatMap((c) => c.products).find((p) => p.id === state.data.productId);

type Topic = keyof typeof texts.product.topics;
const TOPICS = Object.keys(texts.product.topics) as Topic[];
const TOPIC_TERMS: Record<Topic, string[]> = {
  price: ['가격', '얼마', '금액', 'price'],
  stock: ['재고', '품절', '재입고', '구매가능', '살수있'],
  details: ['상세', '스펙', '사양', '정보', '크기', '무게', '소재', '사이즈', '용량'],
  other: ['기타', '다른'],
};

const productAnswer = (product: Product, topic: Topic): string => {
  const a = texts.product.answers;
  const values = { product: product.name, price: formatWon(product.price), restock: product.restockDate ?? '곧', details: product.details };
  if (topic === 'price') return fill(a.price, values);
  if (topic === 'stock') return fill(a[product.stock], values);
  if (topic === 'details') return fill(a.details, values);
  return fill(a.other, values);
};

const productStep = (state: ScenarioState, text: string): StepOutcome => {
  const steps = texts.product.steps;
  if (state.step === 'category') {
    const direct = findProductMention(text);
    if (direct) return { kind: 'advance', state: { ...state, step: 'topic', attempts: 0, data: { categoryId: direct.category.id, productId: direct.product.id } } };
    const category = choose(text, CATALOG, (c) => [c.label, ...c.aliases]);
    if (!category) return { kind: 'invalid', message: steps.category.invalid };
    return { kind: 'advance', state: { ...state, step: 'product', attempts: 0, data: { categoryId: category.id } } };
  }
  if (state.step === 'product') {
    const category = categoryOf(state);
    const products = category?.products ?? [];
    const product = choose(text, products, (p) => [p.name, ...p.aliases]) ?? findProductMention(text)?.product;
    if (!product) return { kind: 'invalid', message: fill(steps.product.invalid, { category: category?.label ?? '상품' }) };
    return { kind: 'advance', state: { ...state, step: 'topic', attempts: 0, data: { ...state.data, productId: product.id } }, note: `상품 ${product.name}` };
  }
  const product = productOf(state);
  const topic = choose(text, TOPICS, (t) => [texts.product.topics[t], ...TOPIC_TERMS[t]]);
  if (!product || !topic) return { kind: 'invalid', message: steps.topic.invalid };
  const data = { ...state.data, productName: product.name, topic };
  if (topic === 'other') return { kind: 'handoff', data, message: productAnswer(product, topic), reason: 'SCENARIO_HANDOFF', note: `상품 ${product.name} 기타 문의` };
  return { kind: 'complete', data, message: productAnswer(product, topic), note: `상품 ${product.name} ${texts.product.topics[topic]}` };
};

const productPrompt = (state: ScenarioState): Prompt => {
  const steps = texts.product.steps;
  if (state.step === 'category') return { text: steps.category.prompt, choices: numbered(CATALOG.map((c) => c.label)) };
  if (state.step === 'product') {
    const category = categoryOf(state);
    return {
      text: fill(steps.product.prompt, { category: category?.label ?? '상품' }),
      choices: (category?.products ?? []).map((p, i) => ({ label: p.aliases[0] ?? p.name, value: p.name, dtmf: String(i + 1) })),
    };
  }
  return { text: fill(steps.topic.prompt, { product: productOf(state)?.name ?? '상품' }), choices: numbered(TOPICS.map((t) => texts.product.topics[t])) };
};

// ---------------------------------------------------------------- reservation

type Service = keyof typeof texts.reservation.services;
const SERVICES = Object.keys(texts.reservation.services) as Service[];

/** Service named in free text ("설치 예약하고 싶어요"), for prefilling the first step. */
export const serviceMentioned = (text: string): Service | undefined => {
  const c = compact(text);
  return SERVICES.find((s) => texts.reservation.serviceKeywords[s].some((k) => c.includes(k)));
};

const hoursOn = (ctx: ScenarioContext, day: Date) => ctx.calendar.hoursOn(day);
const minutesText = (m: number): string => formatKoreanTime(fromSeoul(2026, 1, 5, Math.floor(m / 60), m % 60));

const validateAt = (at: Date, ctx: ScenarioContext): string | undefined => {
  const r = texts.reservation;
  const now = ctx.now.getTime();
  if (at.getTime() <= now) return r.pastTime;
  if (at.getTime() < now + ctx.reservationLeadMinutes * 60_000) return r.tooSoon;
  const lastDay = addSeoulDays(startOfSeoulDay(ctx.now), ctx.reservationHorizonDays + 1);
  if (at.getTime() >= lastDay.getTime()) return r.tooFar;
  const p = toSeoul(at);
  const reason = ctx.calendar.closureReason(p.dateKey, p.weekday);
  if (reason) {
    const next = ctx.calendar.nextSlot(new Date(Math.max(now + ctx.reservationLeadMinutes * 60_000, now)), 30);
    return fill(r.closedDay, { day: formatKoreanDate(at), reason, next: formatKoreanDateTimeSpoken(next) });
  }
  const hours = hoursOn(ctx, at);
  if (!hours || p.minuteOfDay < hours.open || p.minuteOfDay >= hours.close) {
    const weekday = ctx.calendar.config.weekly[1] ?? { open: 540, close: 1080 };
    const h = hours ?? weekday;
    return fill(r.outsideHours, { open: minutesText(h.open), close: minutesText(h.close) });
  }
  return undefined;
};

const reservationStep = (state: ScenarioState, text: string, ctx: ScenarioContext): StepOutcome => {
  const r = texts.reservation;
  if (state.step === 'service') {
    const service = choose(text, SERVICES, (s) => [r.services[s], ...r.serviceKeywords[s]]);
    if (!service) return { kind: 'invalid', message: r.steps.service.invalid };
    const next: ScenarioState = { ...state, step: 'dateTime', attempts: 0, data: { service } };
    // "설치 예약 내일 오후 3시요": take the date too when it is already valid.
    const parsed = parseKoreanDateTime(text, ctx.now);
    if (parsed.at && !validateAt(parsed.at, ctx)) return { kind: 'advance', state: { ...next, step: 'contact', data: { service, at: parsed.at.toISOString() } } };
    return { kind: 'advance', state: next };
  }
  if (state.step === 'dateTime') {
    const parsed = parseKoreanDateTime(text, ctx.now);
    const day = parsed.day ?? (state.data.day ? new Date(state.data.day) : undefined);
    const time = parsed.time ?? (state.data.hour ? { hour: Number(state.data.hour), minute: Number(state.data.minute ?? 0) } : undefined);
    if (!day && !time) return { kind: 'invalid', message: r.steps.dateTime.invalid };
    if (day && !time) {
      const hours = hoursOn(ctx, day) ?? ctx.calendar.config.weekly[1] ?? { open: 540, close: 1080 };
      const closed = toSeoul(day);
      const reason = ctx.calendar.closureReason(closed.dateKey, closed.weekday);
      if (reason) return { kind: 'invalid', message: validateAt(new Date(day.getTime() + hours.open * 60_000), ctx) ?? r.steps.dateTime.invalid };
      return {
        kind: 'partial',
        state: { ...state, data: { ...state.data, day: day.toISOString() } },
        message: fill(r.needTime, { day: formatKoreanDate(day), open: minutesText(hours.open), close: minutesText(hours.close) }),
      };
    }
    if (!day && time) {
      return { kind: 'partial', state: { ...state, data: { ...state.data, hour: String(time.hour), minute: String(time.minute) } }, message: fill(r.needDay, { time: minutesText(time.hour * 60 + time.minute) }) };
    }
    const at = new Date((day as Date).getTime() + ((time?.hour ?? 0) * 60 + (time?.minute ?? 0)) * 60_000);
    const problem = validateAt(at, ctx);
    if (problem) return { kind: 'invalid', message: problem };
    return { kind: 'advance', state: { ...state, step: 'contact', attempts: 0, data: { service: state.data.service ?? 'consultation', at: at.toISOString() } }, note: `예약 ${formatKoreanDateTimeSpoken(at)}` };
  }
  // contact
  const useCaller = inList(text, lexicon.useCallerNumber) || /(이|지금|현재)\s*번호/.test(text);
  const phone = useCaller && ctx.customer?.phoneE164 ? tryParsePhoneNumber(ctx.customer.phoneE164) : findPhoneNumber(text);
  if (!phone || phone.kind === 'internet') return { kind: 'invalid', message: r.steps.contact.invalid };
  const service = (state.data.service ?? 'consultation') as Service;
  const at = new Date(state.data.at ?? ctx.now.toISOString());
  const message = fill(r.completed, { service: r.services[service], when: formatKoreanDateTimeSpoken(at), phone: phone.masked });
  return {
    kind: 'complete',
    data: { service, serviceName: r.services[service], at: at.toISOString(), phoneE164: phone.e164, phoneMasked: phone.masked },
    message,
    note: `${r.services[service]} ${formatKoreanDateTimeSpoken(at)} 연락처 ${phone.masked}`,
  };
};

const reservationPrompt = (state: ScenarioState, ctx: ScenarioContext): Prompt => {
  const r = texts.reservation;
  if (state.step === 'service') return { text: r.steps.service.prompt, choices: numbered(SERVICES.map((s) => r.services[s])) };
  if (state.step === 'dateTime') {
    const service = r.services[(state.data.service ?? 'consultation') as Service];
    return { text: fill(r.steps.dateTime.prompt, { service: `${service},` }), choices: [] };
  }
  const caller = ctx.customer?.phoneE164 ? tryParsePhoneNumber(ctx.customer.phoneE164) : undefined;
  return caller && caller.kind === 'mobile'
    ? { text: r.steps.contact.promptWithCaller, choices: [{ label: '이 번호로', value: '이 번호', dtmf: '1' }] }
    : { text: r.steps.contact.prompt, choices: [] };
};

// ---------------------------------------------------------------- cancellation

type Reason = keyof typeof texts.cancellation.reasons;
const REASONS = Object.keys(texts.cancellation.reasons) as Reason[];

const cancellationStep = (state: ScenarioState, text: string, ctx: ScenarioContext): StepOutcome => {
  const c = texts.cancellation;
  if (state.step === 'orderNumber') {
    const orderNumber = findOrderNumber(text);
    if (!orderNumber) return { kind: 'invalid', message: c.steps.orderNumber.invalid };
    return { kind: 'advance', state: { ...state, step: 'reason', attempts: 0, data: { orderNumber } }, note: `주문번호 ${orderNumber}` };
  }
  if (state.step === 'reason') {
    const reason = choose(text, REASONS, (r) => [c.reasons[r], ...c.reasonKeywords[r]]);
    if (!reason) return { kind: 'invalid', message: c.steps.reason.invalid };
    return { kind: 'advance', state: { ...state, step: 'confirm', attempts: 0, data: { ...state.data, reason } }, note: `사유 ${c.reasons[reason]}` };
  }
  if (isNo(text)) return { kind: 'declined', message: c.declined };
  if (!isYes(text)) return { kind: 'invalid', message: c.steps.confirm.invalid };
  const data = { ...state.data, reasonName: c.reasons[(state.data.reason ?? 'other') as Reason] };
  if (!ctx.customer?.verified) return { kind: 'handoff', data, message: c.needsIdentity, reason: 'IDENTITY_REQUIRED', note: '취소·환불 확인 완료, 본인 확인 필요' };
  return { kind: 'complete', data, message: fill(c.completed, { orderNumber: state.data.orderNumber ?? '' }), note: '취소·환불 접수 완료' };
};

const cancellationPrompt = (state: ScenarioState): Prompt => {
  const c = texts.cancellation;
  if (state.step === 'orderNumber') return { text: c.steps.orderNumber.prompt, choices: [] };
  if (state.step === 'reason') return { text: c.steps.reason.prompt, choices: numbered(REASONS.map((r) => c.reasons[r])) };
  return {
    text: fill(c.steps.confirm.prompt, { orderNumber: state.data.orderNumber ?? '', reason: c.reasons[(state.data.reason ?? 'other') as Reason] }),
    choices: [
      { label: '네', value: '네', dtmf: '1' },
      { label: '아니요', value: '아니요', dtmf: '2' },
    ],
  };
};

// ---------------------------------------------------------------- dispatch

const FIRST_STEP: Record<ScenarioId, string> = { product: 'category', reservation: 'service', cancellation: 'orderNumber' };

/** A new scenario, already advanced past what the opening utterance answered ("설치 예약", a product name, an order number). */
export const startScenario = (id: ScenarioId, openingText: string, ctx: ScenarioContext): ScenarioState => {
  const state: ScenarioState = { id, step: FIRST_STEP[id], attempts: 0, data: {} };
  if (id === 'product') {
    const product = findProductMention(openingText);
    if (product) return { ...state, step: 'topic', data: { categoryId: product.category.id, productId: product.product.id } };
    const category = findCategoryMention(openingText);
    if (category) return { ...state, step: 'product', data: { categoryId: category.id } };
  }
  if (id === 'reservation') {
    const service = serviceMentioned(openingText);
    if (service) {
      const outcome = reservationStep(state, openingText, ctx);
      if (outcome.kind === 'advance') return outcome.state;
    }
  }
  if (id === 'cancellation') {
    const orderNumber = findOrderNumber(openingText);
    if (orderNumber) return { ...state, step: 'reason', data: { orderNumber } };
  }
  return state;
};

export const applyStep = (state: ScenarioState, text: string, ctx: ScenarioContext): StepOutcome => {
  if (state.id === 'product') return productStep(state, text);
  if (state.id === 'reservation') return reservationStep(state, text, ctx);
  return cancellationStep(state, text, ctx);
};

export const promptFor = (state: ScenarioState, ctx: ScenarioContext): Prompt => {
  if (state.id === 'product') return productPrompt(state);
  if (state.id === 'reservation') return reservationPrompt(state, ctx);
  return cancellationPrompt(state);
};

/** Values safe to keep in the session and the log: phone numbers masked. */
export const maskScenarioData = (data: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'phoneE164') continue;
    out[k] = v;
  }
  return out;
};
