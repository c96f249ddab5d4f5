import { objectOf, pathOf, stringOf, textMapOf } from '@domain/lenient';

/**
 * Amazon Connect → Lambda contract: the event is parsed leniently (missing or oddly typed fields
 * never throw), and every answer is a flat map of strings under 32 KB (`STRING_MAP` validation).
 */
export interface ConnectInput {
  readonly contactId: string;
  readonly channel: string;
  readonly customerAddress?: string;
  readonly instanceArn?: string;
  readonly initiationMethod?: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Never throws: an unusable event becomes an input with empty fields. */
export const parseConnectEvent = (event: unknown): ConnectInput => {
  const details = objectOf(pathOf(event, 'Details'));
  const contact = objectOf(details?.ContactData) ?? {};
  return {
    contactId: stringOf(contact.ContactId) ?? stringOf(contact.InitialContactId) ?? 'unknown-contact',
    channel: stringOf(contact.Channel) ?? 'VOICE',
    customerAddress: stringOf(pathOf(contact, 'CustomerEndpoint', 'Address')),
    instanceArn: stringOf(contact.InstanceARN),
    initiationMethod: stringOf(contact.InitiationMethod),
    attributes: textMapOf(contact.Attributes),
    parameters: textMapOf(details?.Parameters),
  };
};

export const CONNECT_RESPONSE_LIMIT_BYTES = 32 * 1024;
/** Headroom below 32 KB for JSON punctuation and future keys. */
const BUDGET_BYTES = 30 * 1024;

export type StringMap = Record<string, string>;

/**
 * Flattens a result into strings (undefined dropped, booleans `"true"`/`"false"`, numbers as text)
 * and trims the longest values until the JSON is under the limit.
 */
export const toStringMap = (values: Readonly<Record<string, string | number | boolean | null | undefined>>): StringMap => {
  const out: StringMap = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'string' ? value : String(value);
  }
  let size = Buffer.byteLength(JSON.stringify(out));
  while (size > BUDGET_BYTES) {
    const [longestKey, longest] = Object.entries(out).reduce((a, b) => (b[1].length > a[1].length ? b : a));
    const cut = Math.max(Math.floor(longest.length / 2), 0);
    out[longestKey] = longest.slice(0, cut);
    size = Buffer.byteLength(JSON.stringify(out));
  }
  return out;
};
