import { z } from 'zod';

/**
 * Kakao i OpenBuilder skill request, parsed leniently: a missing or oddly typed field becomes an
 * empty value, unknown fields are ignored, nothing throws. Only the fields the bots use survive.
 */
export const MAX_UTTERANCE_CHARS = 2000;

const str = z.union([z.string(), z.number(), z.boolean()]).transform(String).optional().catch(undefined);
const record = z.record(z.string(), z.unknown()).optional().catch(undefined);

const schema = z
  .object({
    bot: z.object({ id: str, name: str }).partial().optional().catch(undefined),
    intent: z.object({ id: str, name: str }).partial().optional().catch(undefined),
    action: z
      .object({ id: str, name: str, params: record, clientExtra: record })
      .partial()
      .optional()
      .catch(undefined),
    userRequest: z
      .object({
        timezone: str,
        lang: str,
        utterance: str,
        callbackUrl: str,
        block: z.object({ id: str, name: str }).partial().optional().catch(undefined),
        user: z
          .object({ id: str, type: str, properties: record })
          .partial()
          .optional()
          .catch(undefined),
      })
      .partial()
      .optional()
      .catch(undefined),
    flow: z
      .object({ trigger: z.object({ type: str }).partial().optional().catch(undefined) })
      .partial()
      .optional()
      .catch(undefined),
  })
  .partial();

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

const stringValues = (r: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(r ?? {})
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
  const parsed = schema.safeParse(body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {});
  const data = parsed.success ? parsed.data : {};
  const user = data.userRequest ?? {};
  const { text, truncated } = cleanUtterance(user.utterance);
  const callbackUrl = user.callbackUrl?.trim();
  return {
    userId: (user.user?.id ?? '').trim().slice(0, 128),
    utterance: text,
    truncated,
    ...(callbackUrl ? { callbackUrl } : {}),
    ...(data.bot?.id ? { botId: data.bot.id } : {}),
    ...(user.block?.id ? { blockId: user.block.id } : {}),
    ...(data.flow?.trigger?.type ? { trigger: data.flow.trigger.type } : {}),
    params: stringValues(data.action?.params),
    clientExtra: data.action?.clientExtra ?? {},
  };
};
