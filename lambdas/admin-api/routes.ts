import type { z } from 'zod';
import { addSeoulDays, dateKeyToDate, toSeoul } from '@domain/calendar';
import type { Callback } from '@domain/callbacks/callback';
import { cancelCallback } from '@domain/callbacks/lifecycle';
import { ConflictError, NotFoundError, ValidationError } from '@domain/errors';
import type { FaqEntry } from '@domain/faq/faq';
import { conversationCsv, toConversationDetail } from '@domain/operations/conversation-view';
import { createFaq, deleteFaq, updateFaq } from '@domain/operations/faq-admin';
import type { ConversationListing, EscalationListing } from '@domain/operations/ports';
import { tryParsePhoneNumber } from '@domain/phone';
import { readDailyStatistics } from '@domain/statistics/statistics';
import type { AdminApp } from './dependencies';
import type { AdminRouteKey } from './route-table';
import * as S from './schemas';

/** What a route answers: JSON (validated against its response schema in tests) or a file. */
export type Reply =
  | { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | { readonly status: number; readonly text: string; readonly contentType: string; readonly headers?: Record<string, string> };

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  readonly operationId: string;
  readonly tag: 'FAQ' | 'Conversations' | 'Callbacks' | 'Escalations' | 'Statistics' | 'Meta';
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodType<P, z.ZodTypeDef, unknown>;
  readonly query?: z.ZodType<Q, z.ZodTypeDef, unknown>;
  readonly body?: z.ZodType<B, z.ZodTypeDef, unknown>;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodTypeAny; readonly contentType?: string }>>;
  readonly run: (input: RouteInput<P, Q, B>, app: AdminApp, openapi: () => unknown) => Promise<Reply>;
}

const route = <P, Q, B>(spec: RouteSpec<P, Q, B>): RouteSpec => spec as unknown as RouteSpec;

const ok = (json: unknown, status = 200): Reply => ({ status, json });

// ------------------------------------------------------------------ output mapping (stable JSON shapes)
const faqBody = (e: FaqEntry): z.infer<typeof S.FaqEntryBody> => ({
  faqId: e.faqId,
  category: e.category,
  question: e.question,
  answer: e.answer,
  spokenAnswer: e.spokenAnswer ?? null,
  paraphrases: [...e.paraphrases],
  keywords: [...e.keywords],
  version: e.version,
  deleted: e.deleted === true,
  updatedAt: e.updatedAt ?? null,
});

const listingBody = (c: ConversationListing): z.infer<typeof S.ConversationListing> => ({
  conversationId: c.conversationId,
  startedAt: c.startedAt,
  channel: c.channel,
  customerId: c.customerId ?? null,
  tier: c.tier ?? null,
  firstIntent: c.firstIntent ?? null,
  firstAction: c.firstAction ?? null,
  firstTurn: c.firstTurn,
});

const escalationBody = (e: EscalationListing): z.infer<typeof S.EscalationBody> => ({
  conversationId: e.conversationId,
  turn: e.turn,
  at: e.at,
  channel: e.channel,
  queue: e.queue,
  priority: e.priority,
  reason: e.reason,
  summary: e.summary,
  intent: e.intent ?? null,
  customerId: e.customerId ?? null,
  tier: e.tier ?? null,
  conversationStartedAt: e.conversationStartedAt ?? null,
});

/** Callbacks leave the API with the number masked: supervisors manage them, agents dial them. */
const callbackBody = (c: Callback): z.infer<typeof S.CallbackBody> => ({
  callbackId: c.callbackId,
  status: c.status,
  phoneMasked: tryParsePhoneNumber(c.phoneE164)?.masked ?? '***',
  scheduledAt: c.scheduledAt,
  scheduledDay: c.scheduledDay,
  dueAt: c.dueAt,
  attempts: c.attempts,
  maxAttempts: c.maxAttempts,
  source: c.source,
  reason: c.reason,
  customerTier: c.customerTier,
  originalIntent: c.originalIntent,
  customerId: c.customerId ?? null,
  lastOutcome: c.lastOutcome ?? null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  endedAt: c.endedAt ?? null,
  history: c.history.map((h) => ({ at: h.at, event: h.event, status: h.status, by: h.by, attempt: h.attempt, detail: h.detail ?? null })),
});

const MAX_STATISTICS_DAYS = 31;

const daysBetween = (from: string, to: string): string[] => {
  const start = dateKeyToDate(from);
  const end = dateKeyToDate(to);
  if (end.getTime() < start.getTime()) throw new ValidationError('invalid request', ['query.to: must not be before from']);
  const days: string[] = [];
  for (let d = start; d.getTime() <= end.getTime(); d = addSeoulDays(d, 1)) {
    days.push(toSeoul(d).dateKey);
    if (days.length > MAX_STATISTICS_DAYS) throw new ValidationError('invalid request', [`query.to: at most ${MAX_STATISTICS_DAYS} days per request`]);
  }
  return days;
};

const E = (description: string) => ({ description, schema: S.ErrorBody });
const COMMON = { 400: E('Invalid request (see `issues`)'), 401: E('Missing or wrong credentials') };

export const ROUTES: Record<AdminRouteKey, RouteSpec> = {
  'GET /admin/openapi.json': route({
    operationId: 'getOpenApi',
    tag: 'Meta',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.0 document' }, 401: COMMON[401] },
    run: async (_i, _app, openapi) => ok(openapi()),
  }),

  // ---------------------------------------------------------------- FAQ
  'GET /admin/faq': route({
    operationId: 'listFaq',
    tag: 'FAQ',
    summary: 'List FAQ entries (all live entries, or one category)',
    query: S.FaqListQuery,
    responses: { 200: { description: 'A page of entries', schema: S.FaqPage }, ...COMMON },
    run: async ({ query }, app) => {
      const page = await app.faq.repository.list(
        { ...(query.category ? { category: query.category } : {}), includeDeleted: query.includeDeleted && query.category !== undefined },
        { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      return ok({ items: page.items.map(faqBody), nextCursor: page.nextCursor });
    },
  }),
  'POST /admin/faq': route({
    operationId: 'createFaq',
    tag: 'FAQ',
    summary: 'Create an FAQ entry',
    description: 'The bots answer with it within FAQ_CACHE_SECONDS (60 s in AWS; immediately in the local runtime), no redeploy.',
    body: S.FaqCreate,
    responses: { 201: { description: 'Created (version 1)', schema: S.FaqEntryBody }, ...COMMON, 409: E('An entry with this id exists') },
    run: async ({ body }, app) => ok(faqBody(await createFaq(body, app.faq)), 201),
  }),
  'GET /admin/faq/{faqId}': route({
    operationId: 'getFaq',
    tag: 'FAQ',
    summary: 'One FAQ entry (soft-deleted entries too, with deleted: true)',
    params: S.FaqIdParams,
    responses: { 200: { description: 'The entry', schema: S.FaqEntryBody }, ...COMMON, 404: E('No such entry') },
    run: async ({ params }, app) => {
      const entry = await app.faq.repository.get(params.faqId);
      if (!entry) throw new NotFoundError('no such FAQ entry');
      return ok(faqBody(entry));
    },
  }),
  'PUT /admin/faq/{faqId}': route({
    operationId: 'updateFaq',
    tag: 'FAQ',
    summary: 'Replace an FAQ entry, based on the version you read',
    description: 'Refused with 409 (and the current version) when the entry changed since `version` or was deleted.',
    params: S.FaqIdParams,
    body: S.FaqUpdate,
    responses: { 200: { description: 'Saved (version + 1)', schema: S.FaqEntryBody }, ...COMMON, 404: E('No such entry'), 409: E('Stale version or deleted entry') },
    run: async ({ params, body }, app) => {
      const { version, ...content } = body;
      return ok(faqBody(await updateFaq(params.faqId, content, version, app.faq)));
    },
  }),
  'DELETE /admin/faq/{faqId}': route({
    operationId: 'deleteFaq',
    tag: 'FAQ',
    summary: 'Soft-delete an FAQ entry (kept for history, never answered again)',
    params: S.FaqIdParams,
    query: S.FaqDeleteQuery,
    responses: { 200: { description: 'Deleted (version + 1, deleted: true)', schema: S.FaqEntryBody }, ...COMMON, 404: E('No such entry'), 409: E('Stale version or already deleted') },
    run: async ({ params, query }, app) => ok(faqBody(await deleteFaq(params.faqId, query.version, app.faq))),
  }),

  // ---------------------------------------------------------------- conversations
  'GET /admin/conversations': route({
    operationId: 'listConversations',
    tag: 'Conversations',
    summary: 'Conversations started on a Seoul day, or of one customer (newest first)',
    query: S.ConversationListQuery,
    responses: { 200: { description: 'A page of conversations', schema: S.ConversationPage }, ...COMMON },
    run: async ({ query }, app) => {
      const page = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
      const result = query.day ? await app.conversations.listByDay(query.day, page) : await app.conversations.listByCustomer(query.customerId as string, page);
      return ok({ items: result.items.map(listingBody), nextCursor: result.nextCursor });
    },
  }),
  'GET /admin/conversations/{conversationId}': route({
    operationId: 'getConversation',
    tag: 'Conversations',
    summary: 'One conversation with all its turns (customer text masked)',
    params: S.ConversationParams,
    responses: { 200: { description: 'The conversation', schema: S.ConversationDetail }, ...COMMON, 404: E('No such conversation (or past retention)') },
    run: async ({ params }, app) => {
      const detail = toConversationDetail(params.conversationId, await app.turns.listTurns(params.conversationId));
      if (!detail) throw new NotFoundError('no such conversation');
      return ok(detail);
    },
  }),
  'GET /admin/conversations/{conversationId}/export': route({
    operationId: 'exportConversation',
    tag: 'Conversations',
    summary: 'Download one conversation as JSON or CSV (UTF-8 with BOM for Excel, text masked)',
    params: S.ConversationParams,
    query: S.ExportQuery,
    responses: {
      200: { description: 'The file (Content-Disposition: attachment)', schema: S.ConversationDetail, contentType: 'application/json; text/csv' },
      ...COMMON,
      404: E('No such conversation'),
    },
    run: async ({ params, query }, app) => {
      const detail = toConversationDetail(params.conversationId, await app.turns.listTurns(params.conversationId));
      if (!detail) throw new NotFoundError('no such conversation');
      const file = `conversation-${params.conversationId.replace(/[^\w.-]/g, '_')}.${query.format}`;
      const headers = { 'content-disposition': `attachment; filename="${file}"` };
      return query.format === 'csv'
        ? { status: 200, text: conversationCsv(detail), contentType: 'text/csv; charset=utf-8', headers }
        : { status: 200, text: JSON.stringify(detail, null, 2), contentType: 'application/json; charset=utf-8', headers };
    },
  }),

  // ---------------------------------------------------------------- callbacks
  'GET /admin/callbacks': route({
    operationId: 'listCallbacks',
    tag: 'Callbacks',
    summary: 'Callbacks of a Seoul day, optionally in one status',
    query: S.CallbackListQuery,
    responses: { 200: { description: 'Callbacks in time order', schema: S.CallbackList }, ...COMMON },
    run: async ({ query }, app) => {
      const repo = app.callbacks.repository;
      const items = query.status ? await repo.listByStatus(query.status, query.day, query.limit) : await repo.listByDay(query.day, query.limit);
      return ok({ items: items.map(callbackBody), truncated: items.length >= query.limit });
    },
  }),
  'GET /admin/callbacks/{callbackId}': route({
    operationId: 'getCallback',
    tag: 'Callbacks',
    summary: 'One callback with its history',
    params: S.CallbackParams,
    responses: { 200: { description: 'The callback', schema: S.CallbackBody }, ...COMMON, 404: E('No such callback') },
    run: async ({ params }, app) => {
      const callback = await app.callbacks.repository.get(params.callbackId);
      if (!callback) throw new NotFoundError('no such callback');
      return ok(callbackBody(callback));
    },
  }),
  'POST /admin/callbacks/{callbackId}/cancel': route({
    operationId: 'cancelCallback',
    tag: 'Callbacks',
    summary: 'Cancel a pending (or dialing) callback as an operator',
    params: S.CallbackParams,
    body: S.CancelBody,
    responses: { 200: { description: 'Cancelled', schema: S.CallbackBody }, ...COMMON, 404: E('No such callback'), 409: E('The callback already ended') },
    run: async ({ params, body }, app) => {
      const result = await cancelCallback(
        { callbackId: params.callbackId, by: `operator:${body.operatorId}`, ...(body.detail ? { detail: body.detail } : {}) },
        app.callbacks,
      );
      if (result.result === 'CANCELLED') return ok(callbackBody(result.callback));
      if (result.result === 'NOT_ACTIVE') throw new ConflictError(`the callback is already ${result.callback.status}`);
      throw new NotFoundError('no such callback');
    },
  }),

  // ---------------------------------------------------------------- escalations
  'GET /admin/escalations': route({
    operationId: 'listEscalations',
    tag: 'Escalations',
    summary: 'Hand-offs to agents on a Seoul day (newest first), by queue and reason, with the agent summary',
    query: S.EscalationListQuery,
    responses: { 200: { description: 'A page of escalations', schema: S.EscalationPage }, ...COMMON },
    run: async ({ query }, app) => {
      const page = await app.conversations.listEscalations(
        query.day,
        { ...(query.queue ? { queue: query.queue } : {}), ...(query.reason ? { reason: query.reason } : {}) },
        { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      return ok({ items: page.items.map(escalationBody), nextCursor: page.nextCursor });
    },
  }),

  // ---------------------------------------------------------------- statistics
  'GET /admin/statistics': route({
    operationId: 'getStatistics',
    tag: 'Statistics',
    summary: 'Daily statistics per channel: intents, outcomes, FAQ hit rate, escalations, crisis detections',
    description:
      'Maintained by atomic counters as turns are stored (never computed by scanning). A conversation counts on the Seoul day it started.',
    query: S.StatisticsQuery,
    responses: { 200: { description: 'One entry per day', schema: S.StatisticsBody }, ...COMMON },
    run: async ({ query }, app) => {
      const to = query.to ?? query.from;
      const days = await readDailyStatistics(daysBetween(query.from, to), app.statistics, query.channel);
      return ok({ from: query.from, to, days });
    },
  }),
};
