import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toSeoul } from '@domain/calendar';
import type { ConversationLog, ConversationStore, TurnRecord } from '@domain/conversation/ports';
import type { LoadedSession, SessionState } from '@domain/conversation/session';
import { isOutcome } from '@domain/conversation/outcome';
import { ACTIONS, CHANNELS, REASON_CODES, type Channel, type ConversationAction, type EscalationReason, type TurnResult } from '@domain/conversation/types';
import type { TurnFact } from '@domain/statistics/statistics';
import { isConditionalCheckFailed } from './client';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The stored item of a turn. Sparse index keys ride on the same item (one write per turn):
 * `dayKey` on the turn that opens a conversation, `customerIndexKey` on the first that knows the
 * customer, `escalationDay` on every escalation turn (operations list escalations by day).
 */
export const toTurnItem = (record: TurnRecord, retentionDays: number): Record<string, unknown> => {
  const at = new Date(record.at);
  return {
    conversationId: record.conversationId,
    turn: record.turn,
    at: record.at,
    channel: record.channel,
    userText: record.userText,
    intent: record.intent,
    confidence: record.confidence,
    source: record.source,
    action: record.action,
    answer: record.answer,
    faqId: record.faqId,
    scenarioId: record.scenarioId,
    scenarioStep: record.scenarioStep,
    targetQueue: record.escalation?.queue,
    priority: record.escalation?.priority,
    escalationReason: record.escalation?.reasonCode,
    summary: record.escalation?.summary,
    requestId: record.requestId,
    customerId: record.customerId,
    tier: record.state.tier,
    startedAt: record.state.startedAt,
    outcome: record.outcome,
    previousOutcome: record.previousOutcome,
    stateJson: JSON.stringify(record.state),
    resultJson: JSON.stringify(record.result),
    expiresAt: Math.floor(at.getTime() / 1000) + retentionDays * DAY_SECONDS,
    ...(record.opensConversation ? { dayKey: toSeoul(new Date(record.state.startedAt)).dateKey } : {}),
    ...(record.indexesCustomer && record.customerId ? { customerIndexKey: record.customerId } : {}),
    ...(record.escalation ? { escalationDay: toSeoul(at).dateKey } : {}),
  };
};

/**
 * What the statistics count from a stored turn item (a stream NEW_IMAGE in AWS, the item just
 * written in the local runtime). Undefined for anything that is not a complete turn item.
 */
export const turnFactFromItem = (item: Record<string, unknown>): TurnFact | undefined => {
  const { conversationId, turn, channel, startedAt, action } = item;
  if (typeof conversationId !== 'string' || typeof turn !== 'number' || typeof startedAt !== 'string') return undefined;
  if (!CHANNELS.includes(channel as Channel) || !ACTIONS.includes(action as ConversationAction)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const reason = str(item.escalationReason);
  return {
    conversationId,
    turn,
    channel: channel as Channel,
    startedAt,
    action: action as ConversationAction,
    ...(str(item.intent) ? { intent: str(item.intent) } : {}),
    ...(str(item.faqId) ? { faqId: str(item.faqId) } : {}),
    ...(str(item.scenarioId) ? { scenarioId: str(item.scenarioId) } : {}),
    ...(reason && (REASON_CODES as readonly string[]).includes(reason) ? { escalationReason: reason as EscalationReason } : {}),
    opensConversation: typeof item.dayKey === 'string',
    outcome: isOutcome(item.outcome) ? item.outcome : 'abandoned',
    ...(isOutcome(item.previousOutcome) ? { previousOutcome: item.previousOutcome } : {}),
  };
};

/**
 * Conversations table: one item per turn, the latest turn doubling as the session.
 * A turn costs one Query (latest item, consistent) and one conditional Put (turn number still
 * free): two requests, no transactions (dynalite has none), and no lost update between two
 * messages arriving together. Items past their `expiresAt` are treated as gone (dynalite never
 * expires them; DynamoDB may take a while to).
 */
export class DynamoConversationStore implements ConversationStore, ConversationLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
    private readonly now: () => Date,
  ) {}

  async loadSession(conversationId: string): Promise<LoadedSession | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'conversationId = :id',
        ExpressionAttributeValues: { ':id': conversationId },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    if (!item || typeof item.stateJson !== 'string') return undefined;
    const state = JSON.parse(item.stateJson) as SessionState;
    const expired = typeof item.expiresAt === 'number' && item.expiresAt * 1000 <= this.now().getTime();
    // Past retention: the conversation starts over, but turn numbers keep counting (the old items may still exist).
    if (expired) return { state: { ...state, lastAt: new Date(0).toISOString() }, expired: true };
    return { state, lastResult: typeof item.resultJson === 'string' ? (JSON.parse(item.resultJson) as TurnResult) : undefined };
  }

  async appendTurn(record: TurnRecord): Promise<'APPENDED' | 'CONFLICT'> {
    const item = toTurnItem(record, this.retentionDays);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(conversationId)',
        }),
      );
      return 'APPENDED';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'CONFLICT';
      throw error;
    }
  }

  async listTurns(conversationId: string): Promise<readonly TurnRecord[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'conversationId = :id',
          ExpressionAttributeValues: { ':id': conversationId },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const now = this.now().getTime();
    return items
      .filter((i) => !(typeof i.expiresAt === 'number' && i.expiresAt * 1000 <= now))
      .map((i) => {
        const state = JSON.parse(String(i.stateJson)) as SessionState;
        const result = JSON.parse(String(i.resultJson)) as TurnResult;
        return {
          conversationId: String(i.conversationId),
          turn: Number(i.turn),
          at: String(i.at),
          channel: state.channel,
          userText: String(i.userText ?? ''),
          intent: result.intent,
          confidence: Number(i.confidence ?? 0),
          source: result.source,
          action: result.action,
          answer: String(i.answer ?? ''),
          faqId: typeof i.faqId === 'string' ? i.faqId : undefined,
          scenarioId: typeof i.scenarioId === 'string' ? i.scenarioId : undefined,
          scenarioStep: typeof i.scenarioStep === 'string' ? i.scenarioStep : undefined,
          escalation: result.escalation,
          requestId: typeof i.requestId === 'string' ? i.requestId : undefined,
          customerId: typeof i.customerId === 'string' ? i.customerId : undefined,
          opensConversation: typeof i.dayKey === 'string',
          indexesCustomer: typeof i.customerIndexKey === 'string',
          outcome: isOutcome(i.outcome) ? i.outcome : 'abandoned',
          ...(isOutcome(i.previousOutcome) ? { previousOutcome: i.previousOutcome } : {}),
          state,
          result,
        } satisfies TurnRecord;
      });
  }
}
