/**
 * Kakao i OpenBuilder SkillResponse (version 2.0): the types, a builder that cannot produce a reply
 * Kakao would reject, and the one validator every test uses. Limits from contracts.md §1.
 */
export const KAKAO_LIMITS = {
  outputs: { min: 1, max: 3 },
  simpleTextChars: 1000,
  quickReplies: 10,
  labelChars: 14,
  cardTitleChars: 50,
  cardDescriptionChars: 400,
  cardButtons: 3,
} as const;

export type ButtonAction = 'webLink' | 'message' | 'phone' | 'block' | 'share' | 'operator';

export interface Button {
  readonly label: string;
  readonly action: ButtonAction;
  readonly webLinkUrl?: string;
  readonly messageText?: string;
  readonly phoneNumber?: string;
  readonly blockId?: string;
  readonly extra?: Record<string, unknown>;
}

export interface QuickReply {
  readonly label: string;
  readonly action: 'message' | 'block';
  readonly messageText?: string;
  readonly blockId?: string;
  readonly extra?: Record<string, unknown>;
}

export interface TextCard {
  readonly title?: string;
  readonly description?: string;
  readonly buttons?: readonly Button[];
}

export type Output = { readonly simpleText: { readonly text: string } } | { readonly textCard: TextCard };

export interface TemplateResponse {
  readonly version: '2.0';
  readonly template: { readonly outputs: readonly Output[]; readonly quickReplies?: readonly QuickReply[] };
  readonly data?: Record<string, unknown>;
}

/** The immediate answer to a callback-enabled request: no template, the real reply follows by callback. */
export interface CallbackAckResponse {
  readonly version: '2.0';
  readonly useCallback: true;
  readonly data: { readonly text: string };
}

export type SkillResponse = TemplateResponse | CallbackAckResponse;

/** A reply as the bots produce it, before Kakao's limits are applied. */
export interface BotReply {
  readonly texts: readonly string[];
  readonly card?: { readonly title?: string; readonly description?: string; readonly buttons?: readonly Button[] };
  /** Text shown after the card (e.g. the question that continues the conversation). */
  readonly after?: string;
  readonly quickReplies?: readonly { readonly label: string; readonly messageText?: string }[];
}

const chars = (s: string): string[] => [...s];
const truncate = (s: string, max: number): string => {
  const c = chars(s);
  return c.length <= max ? s : `${c.slice(0, max - 1).join('')}…`;
};

/** Index just after the last paragraph, line, sentence or word break past `min`; else the window's end. */
const boundary = (window: string, min: number): number => {
  for (const sep of ['\n\n', '\n']) {
    const i = window.lastIndexOf(sep);
    if (i >= min) return i + sep.length;
  }
  let sentence = -1;
  for (const m of window.matchAll(/[.!?。…](?=\s)/g)) sentence = m.index + m[0].length;
  if (sentence >= min) return sentence;
  const space = window.lastIndexOf(' ');
  return space >= min ? space + 1 : window.length;
};

/**
 * Splits text into at most `maxBubbles` pieces of ≤ `maxChars` characters, cutting at paragraph,
 * line, sentence or word boundaries where possible; what does not fit ends in "…".
 */
export const splitText = (text: string, maxBubbles = 3, maxChars: number = KAKAO_LIMITS.simpleTextChars): string[] => {
  const clean = text.replace(/\r\n?/g, '\n').trim();
  if (clean.length === 0) return [];
  const out: string[] = [];
  let rest = chars(clean);
  while (rest.length > 0 && out.length < maxBubbles) {
    if (rest.length <= maxChars) {
      out.push(rest.join(''));
      rest = [];
      break;
    }
    if (out.length === maxBubbles - 1) {
      out.push(`${rest.slice(0, maxChars - 1).join('').trimEnd()}…`);
      rest = [];
      break;
    }
    const window = rest.slice(0, maxChars).join('');
    const at = chars(window.slice(0, boundary(window, maxChars / 2))).length;
    const piece = rest.slice(0, at).join('').trim();
    if (piece) out.push(piece);
    rest = chars(rest.slice(at).join('').trimStart());
  }
  return out;
};

const label = (s: string): string => truncate(s.trim() || '선택', KAKAO_LIMITS.labelChars);

const sanitizeButton = (b: Button): Button => ({ ...b, label: label(b.label) });

/**
 * Builds a valid SkillResponse from a bot reply: texts split into bubbles, the card trimmed to its
 * limits, at most 3 outputs (the card wins a slot over trailing text), at most 10 quick replies.
 */
export const toSkillResponse = (reply: BotReply): TemplateResponse => {
  const cardOutput: Output | undefined = reply.card
    ? {
        textCard: {
          ...(reply.card.title ? { title: truncate(reply.card.title, KAKAO_LIMITS.cardTitleChars) } : {}),
          description: truncate(reply.card.description ?? '', KAKAO_LIMITS.cardDescriptionChars),
          ...(reply.card.buttons?.length ? { buttons: reply.card.buttons.slice(0, KAKAO_LIMITS.cardButtons).map(sanitizeButton) } : {}),
        },
      }
    : undefined;
  const afterBubbles = reply.after ? splitText(reply.after, 1) : [];
  const textBudget = KAKAO_LIMITS.outputs.max - (cardOutput ? 1 : 0) - afterBubbles.length;
  const joined = reply.texts.map((t) => t.trim()).filter(Boolean);
  // Each text is its own bubble when they fit; otherwise they are joined and split to the budget.
  const bubbles =
    joined.length <= textBudget && joined.every((t) => chars(t).length <= KAKAO_LIMITS.simpleTextChars)
      ? joined
      : splitText(joined.join('\n\n'), Math.max(textBudget, 0));
  const outputs: Output[] = [
    ...bubbles.map((text) => ({ simpleText: { text } })),
    ...(cardOutput ? [cardOutput] : []),
    ...afterBubbles.map((text) => ({ simpleText: { text } })),
  ].slice(0, KAKAO_LIMITS.outputs.max);
  if (outputs.length === 0) outputs.push({ simpleText: { text: '…' } });
  const quickReplies: QuickReply[] = (reply.quickReplies ?? []).slice(0, KAKAO_LIMITS.quickReplies).map((q) => ({
    label: label(q.label),
    action: 'message',
    messageText: (q.messageText ?? q.label).trim() || label(q.label),
  }));
  return {
    version: '2.0',
    template: { outputs, ...(quickReplies.length > 0 ? { quickReplies } : {}) },
  };
};

export const textResponse = (text: string, quickReplies?: BotReply['quickReplies']): TemplateResponse =>
  toSkillResponse({ texts: [text], ...(quickReplies ? { quickReplies } : {}) });

export const callbackAck = (text: string): CallbackAckResponse => ({
  version: '2.0',
  useCallback: true,
  data: { text: truncate(text, KAKAO_LIMITS.simpleTextChars) },
});

const BUTTON_ACTIONS: readonly string[] = ['webLink', 'message', 'phone', 'block', 'share', 'operator'];

/**
 * Every problem Kakao would have with a response (empty list = valid). The single source of truth
 * for "a Kakao reply is always a valid SkillResponse": used by the handler's own guard and by every test.
 */
export const validateSkillResponse = (value: unknown): string[] => {
  const problems: string[] = [];
  const r = value as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return ['response is not an object'];
  if (r.version !== '2.0') problems.push('version must be "2.0"');
  if (r.useCallback === true) {
    const data = r.data as Record<string, unknown> | undefined;
    if (r.template !== undefined) problems.push('a callback acknowledgement carries no template');
    if (typeof data?.text !== 'string' || data.text.length === 0) problems.push('callback acknowledgement needs data.text');
    return problems;
  }
  const template = r.template as Record<string, unknown> | undefined;
  if (!template || typeof template !== 'object') return [...problems, 'template missing'];
  const outputs = template.outputs;
  if (!Array.isArray(outputs) || outputs.length < KAKAO_LIMITS.outputs.min || outputs.length > KAKAO_LIMITS.outputs.max) {
    problems.push(`outputs must hold ${KAKAO_LIMITS.outputs.min}–${KAKAO_LIMITS.outputs.max} components`);
  }
  const checkButtons = (buttons: unknown, where: string) => {
    if (buttons === undefined) return;
    if (!Array.isArray(buttons)) return problems.push(`${where}.buttons is not a list`);
    if (buttons.length > KAKAO_LIMITS.cardButtons) problems.push(`${where} has more than ${KAKAO_LIMITS.cardButtons} buttons`);
    buttons.forEach((b: Record<string, unknown>, i) => {
      if (typeof b.label !== 'string' || b.label.length === 0 || chars(b.label).length > KAKAO_LIMITS.labelChars) {
        problems.push(`${where}.buttons[${i}].label must be 1–${KAKAO_LIMITS.labelChars} chars`);
      }
      if (typeof b.action !== 'string' || !BUTTON_ACTIONS.includes(b.action)) problems.push(`${where}.buttons[${i}].action invalid`);
      if (b.action === 'phone' && typeof b.phoneNumber !== 'string') problems.push(`${where}.buttons[${i}] phone needs phoneNumber`);
      if (b.action === 'webLink' && typeof b.webLinkUrl !== 'string') problems.push(`${where}.buttons[${i}] webLink needs webLinkUrl`);
    });
    return undefined;
  };
  (Array.isArray(outputs) ? outputs : []).forEach((o: Record<string, unknown>, i) => {
    const keys = Object.keys(o ?? {});
    if (keys.length !== 1) problems.push(`outputs[${i}] must hold exactly one component`);
    const simple = o?.simpleText as Record<string, unknown> | undefined;
    const card = (o?.textCard ?? o?.basicCard) as Record<string, unknown> | undefined;
    if (simple) {
      if (typeof simple.text !== 'string' || simple.text.trim().length === 0) problems.push(`outputs[${i}].simpleText.text empty`);
      else if (chars(simple.text).length > KAKAO_LIMITS.simpleTextChars) problems.push(`outputs[${i}].simpleText.text over ${KAKAO_LIMITS.simpleTextChars} chars`);
    } else if (card) {
      if (card.title !== undefined && (typeof card.title !== 'string' || chars(card.title).length > KAKAO_LIMITS.cardTitleChars)) {
        problems.push(`outputs[${i}] card title over ${KAKAO_LIMITS.cardTitleChars} chars`);
      }
      if (card.description !== undefined && (typeof card.description !== 'string' || chars(card.description).length > KAKAO_LIMITS.cardDescriptionChars)) {
        problems.push(`outputs[${i}] card description over ${KAKAO_LIMITS.cardDescriptionChars} chars`);
      }
      if (!card.title && !card.description) problems.push(`outputs[${i}] card needs a title or a description`);
      checkButtons(card.buttons, `outputs[${i}]`);
    } else {
      problems.push(`outputs[${i}] has an unknown component (${keys.join(',')})`);
    }
  });
  const quick = template.quickReplies;
  if (quick !== undefined) {
    if (!Array.isArray(quick)) problems.push('quickReplies is not a list');
    else {
      if (quick.length > KAKAO_LIMITS.quickReplies) problems.push(`more than ${KAKAO_LIMITS.quickReplies} quick replies`);
      quick.forEach((q: Record<string, unknown>, i) => {
        if (typeof q.label !== 'string' || q.label.length === 0 || chars(q.label).length > KAKAO_LIMITS.labelChars) {
          problems.push(`quickReplies[${i}].label must be 1–${KAKAO_LIMITS.labelChars} chars`);
        }
        if (q.action !== 'message' && q.action !== 'block') problems.push(`quickReplies[${i}].action invalid`);
        if (q.action === 'message' && (typeof q.messageText !== 'string' || q.messageText.length === 0)) problems.push(`quickReplies[${i}] needs messageText`);
        if (q.action === 'block' && typeof q.blockId !== 'string') problems.push(`quickReplies[${i}] needs blockId`);
      });
    }
  }
  return problems;
};

export const isValidSkillResponse = (value: unknown): value is SkillResponse => validateSkillResponse(value).length === 0;
