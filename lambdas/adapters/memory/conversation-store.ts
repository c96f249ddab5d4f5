import type { ConversationLog, ConversationStore, TurnRecord } from '@domain/conversation/ports';
import type { LoadedSession } from '@domain/conversation/session';

/**
 * In-process conversation store with the same contract as the DynamoDB one (turn numbers are
 * claimed once; a second claim is a CONFLICT). For unit tests, simulators and the CLI.
 */
export class InMemoryConversationStore implements ConversationStore, ConversationLog {
  readonly #turns = new Map<string, TurnRecord[]>();
  /** Requests served, for asserting the per-turn budget */
  requests = 0;

  async loadSession(conversationId: string): Promise<LoadedSession | undefined> {
    this.requests++;
    const last = this.#turns.get(conversationId)?.at(-1);
    return last ? { state: structuredClone(last.state), lastResult: structuredClone(last.result) } : undefined;
  }

  async appendTurn(record: TurnRecord): Promise<'APPENDED' | 'CONFLICT'> {
    this.requests++;
    const turns = this.#turns.get(record.conversationId) ?? [];
    if (turns.some((t) => t.turn === record.turn)) return 'CONFLICT';
    turns.push(structuredClone(record));
    turns.sort((a, b) => a.turn - b.turn);
    this.#turns.set(record.conversationId, turns);
    return 'APPENDED';
  }

  async listTurns(conversationId: string): Promise<readonly TurnRecord[]> {
    return structuredClone(this.#turns.get(conversationId) ?? []);
  }
}
