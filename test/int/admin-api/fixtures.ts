import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProxyResult } from '../../../lambdas/platform/api-gateway';

export const TOKEN = 'test-admin-token-0123456789';

/** An API Gateway REST proxy event for the operations API, as API Gateway (or the local server) sends it. */
export const adminEvent = (
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown; token?: string | null; headers?: Record<string, string>; identity?: Record<string, string | null> } = {},
) => ({
  resource: '/admin/{proxy+}',
  path,
  httpMethod: method,
  headers: {
    'content-type': 'application/json',
    ...(options.token === null ? {} : { Authorization: `Bearer ${options.token ?? TOKEN}` }),
    ...(options.headers ?? {}),
  },
  queryStringParameters: options.query ?? null,
  pathParameters: { proxy: path.replace(/^\/admin\//, '') },
  requestContext: { stage: 'test', requestId: 'req-1', identity: options.identity ?? { userArn: null, caller: null } },
  body: options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  isBase64Encoded: false,
});

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

export const toAnswer = (r: ProxyResult): Answer => {
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, headers: r.headers, text: r.body, json };
};

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../../events/chatbot-handler/chat-faq-hours.json'), 'utf8')) as {
  Details: { ContactData: Record<string, unknown>; Parameters: Record<string, string> };
};

/** A Connect contact-flow event carrying one customer message (CHAT or VOICE), as the flow sends it. */
export const connectEvent = (contactId: string, text: string, options: { channel?: 'CHAT' | 'VOICE'; customerId?: string } = {}) => {
  const e = structuredClone(TEMPLATE);
  e.Details.ContactData.ContactId = contactId;
  e.Details.ContactData.InitialContactId = contactId;
  e.Details.ContactData.Channel = options.channel ?? 'CHAT';
  e.Details.ContactData.Attributes = options.customerId ? { customerId: options.customerId } : {};
  e.Details.Parameters = { userInput: text };
  return e;
};
