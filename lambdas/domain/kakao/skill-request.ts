import { objectOf, pathOf, textOf } from '../lenient';

/**
 * Kakao i OpenBuilder skill request, parsed leniently: a missing or oddly typed field becomes an
 * empty value, unknown fields are ignored, nothing throws. Only the fields the bots use survive.
 */
export const MAX_UTTERANCE_CHARS = 2000;

export interface SkillRequest {
  /** botUserKey (stable per bot); empty when the payload had none */
  readonly userId: string;
  /** Trimmed, control characters removed, at most MAX_UTTERANCE_CHARS */
  readonly utterance: string;
  /** True when the utterance was cut to MAX_UTTERANCE_CHARS */
  readonly truncated: boolean;
  readonly callbackUrl?: string;
  readonly botId?: string;
  readonly blockId?: string;
  readonly trigger?: string;
  readonly params: Readonly<Record<string, string>>;
  readonly clientExtra: Readonly<Record<string, unknown>>;
}

const stringValues = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(objectOf(value) ?? {})
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => [k, String(v)]),
  );

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\ufeff]/g;

export const cleanUtterance = (raw: string | undefined): { text: string; truncated: boolean } => {
  const text = (raw ?? '').normalize('NFC').replace(CONTROL, '').trim();
  const all = [...text];
  return all.length > MAX_UTTERANCE_CHARS ? { text: all.slice(0, MAX_UTTERANCE_CHARS).join(''), truncated: true } : { text, truncated: false };
};

/** Never throws: anything that is not an object becomes a request with empty fields. */
export const parseSkillRequest = (body: unknown): SkillRequest => {
  const user = objectOf(pathOf(body, 'userRequest'));
  const { text, truncated } = cleanUtterance(textOf(user?.utterance));
  const callbackUrl = textOf(user?.callbackUrl)?.trim();
  const botId = textOf(pathOf(body, 'bot', 'id'));
  const blockId = textOf(pathOf(user, 'block', 'id'));
  const trigger = textOf(pathOf(body, 'flow', 'trigger', 'type'));
  return {
    userId: (textOf(pathOf(user, 'user', 'id')) ?? '').trim().slice(0, 128),
    utterance: text,
    truncated,
    ...(callbackUrl ? { callbackUrl } : {}),
    ...(botId ? { botId } : {}),
    ...(blockId ? { blockId } : {}),
    ...(trigger ? { trigger } : {}),
    params: stringValues(pathOf(body, 'action', 'params')),
    clientExtra: objectOf(pathOf(body, 'action', 'clientExtra')) ?? {},
  };
};
