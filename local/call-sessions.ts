import { randomUUID } from 'node:crypto';
import { QUEUES, type QueueKey } from '../lib/connect-resources';
import { simulateContact, type Channel, type InputRequest, type LambdaCall, type ScriptStep, type SimulationResult, type TranscriptEntry } from './flows/simulate';

/**
 * Step-wise simulated calls for the console: each call runs the real flow simulator (real handlers,
 * local store) and pauses at every input action until the caller speaks, presses keys, stays silent
 * or hangs up. The API answers with the events since the previous step, so a UI can play them in order.
 */
export type CallInput = { readonly utterance: string } | { readonly dtmf: string } | { readonly silence: true } | { readonly hangup: true };

export type CallOutcome =
  | { readonly kind: 'QUEUED'; readonly queue: QueueKey; readonly queueName: string; readonly priority: number }
  | { readonly kind: 'DISCONNECTED' }
  | { readonly kind: 'FLOW_ENDED' }
  | { readonly kind: 'TRANSFERRED_TO_FLOW'; readonly flow: string }
  | { readonly kind: 'STEP_LIMIT'; readonly actionId: string }
  | { readonly kind: 'CALLER_HUNG_UP' }
  | { readonly kind: 'ERROR'; readonly message: string };

export interface CallbackBooking {
  readonly callbackId: string;
  readonly scheduledAt: string;
  readonly scheduledAtText: string;
}

export type CallEvent = { readonly seq: number } & (TranscriptEntry | { readonly kind: 'step'; readonly actionId: string });

export interface CallState {
  readonly callId: string;
  readonly caller?: string;
  readonly channel: Channel;
  readonly at: string;
  readonly status: 'awaiting-input' | 'ended';
  readonly awaiting?: Omit<InputRequest, 'attributes'>;
  /** Events since the previous answer for this call (all of them for GET) */
  readonly events: readonly CallEvent[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly path: readonly string[];
  readonly lambdaCalls: readonly LambdaCall[];
  readonly outcome?: CallOutcome;
  readonly callbackBooked: boolean;
  readonly callback?: CallbackBooking;
}

export interface StartCall {
  readonly caller?: string;
  readonly channel?: Channel;
  readonly at?: Date;
  readonly flow?: string;
  readonly queueWaiting?: Partial<Record<QueueKey, number>>;
}

export class CallNotFound extends Error {}
export class CallNotAwaitingInput extends Error {}
export class TooManyCalls extends Error {}

class HungUp extends Error {}

interface Session {
  readonly id: string;
  readonly start: StartCall;
  readonly channel: Channel;
  readonly at: Date;
  readonly events: CallEvent[];
  readonly path: string[];
  readonly lambdaCalls: LambdaCall[];
  attributes: Record<string, string>;
  cursor: number;
  awaiting?: InputRequest;
  reply?: { resolve: (step: ScriptStep | undefined) => void; reject: (error: Error) => void };
  outcome?: CallOutcome;
  result?: SimulationResult;
  /** Resolves when the call pauses for input or ends */
  settled: Promise<void>;
  settle: () => void;
  touched: number;
  idleTimer?: NodeJS.Timeout;
}

const toOutcome = (result: SimulationResult): CallOutcome => {
  const e = result.ending;
  return e.kind === 'QUEUED' ? { kind: 'QUEUED', queue: e.queue, queueName: QUEUES[e.queue].name, priority: e.priority } : e;
};

const bookingOf = (calls: readonly LambdaCall[]): CallbackBooking | undefined => {
  const booked = calls.find((c) => c.name === 'callback-scheduler' && c.parameters.operation === 'book' && ['BOOKED', 'DUPLICATE'].includes(c.result?.result ?? ''));
  if (!booked?.result) return undefined;
  return { callbackId: booked.result.callbackId ?? '', scheduledAt: booked.result.scheduledAt ?? '', scheduledAtText: booked.result.scheduledAtText ?? '' };
};

export interface CallSessionOptions {
  /** A call nobody touches for this long is hung up and forgotten (default 15 minutes) */
  readonly idleMs?: number;
  /** Calls kept at once (default 50): the oldest ended call makes room, else a new call is refused */
  readonly maxCalls?: number;
}

export class CallSessions {
  readonly #calls = new Map<string, Session>();
  readonly #idleMs: number;
  readonly #maxCalls: number;

  constructor(options: CallSessionOptions = {}) {
    this.#idleMs = options.idleMs ?? 15 * 60_000;
    this.#maxCalls = options.maxCalls ?? 50;
  }

  /** Starts a call and answers once it first waits for the caller (or has ended). */
  async start(start: StartCall): Promise<CallState> {
    this.#makeRoom();
    const id = `call-${randomUUID()}`;
    let settle = (): void => undefined;
    const session: Session = {
      id,
      start,
      channel: start.channel ?? 'VOICE',
      at: start.at ?? new Date(),
      events: [],
      path: [],
      lambdaCalls: [],
      attributes: {},
      cursor: 0,
      settled: new Promise<void>((r) => (settle = r)),
      settle: () => settle(),
      touched: Date.now(),
    };
    session.settle = () => settle();
    this.#calls.set(id, session);
    this.#touch(session);

    let seq = 0;
    const push = (event: TranscriptEntry | { kind: 'step'; actionId: string }) => session.events.push({ seq: ++seq, ...event } as CallEvent);
    simulateContact({
      ...(start.caller ? { caller: start.caller } : {}),
      channel: session.channel,
      at: session.at,
      ...(start.flow ? { flow: start.flow } : {}),
      ...(start.queueWaiting ? { queueWaiting: start.queueWaiting } : {}),
      contactId: id,
      observer: {
        entry: (entry) => push(entry),
        step: (actionId) => {
          session.path.push(actionId);
          push({ kind: 'step', actionId });
        },
        lambdaCall: (call) => session.lambdaCalls.push(call),
      },
      awaitInput: (request) =>
        new Promise<ScriptStep | undefined>((resolve, reject) => {
          session.awaiting = request;
          session.attributes = { ...request.attributes };
          session.reply = { resolve, reject };
          this.#pause(session);
        }),
    }).then(
      (result) => {
        session.result = result;
        session.attributes = { ...result.attributes };
        session.outcome = toOutcome(result);
        this.#pause(session);
      },
      (error: unknown) => {
        session.outcome = error instanceof HungUp ? { kind: 'CALLER_HUNG_UP' } : { kind: 'ERROR', message: error instanceof Error ? error.message : String(error) };
        if (error instanceof HungUp) push({ kind: 'event', actionId: session.awaiting?.actionId ?? '', text: 'caller hung up' });
        session.awaiting = undefined;
        this.#pause(session);
      },
    );
    await session.settled;
    return this.#answer(session, true);
  }

  /** The caller's next move; answers with what happened until the next pause. */
  async input(callId: string, input: CallInput): Promise<CallState> {
    const session = this.#get(callId);
    if (!session.reply || session.outcome) throw new CallNotAwaitingInput(session.outcome ? 'the call has ended' : 'the call is busy');
    const reply = session.reply;
    session.reply = undefined;
    session.awaiting = undefined;
    session.settled = new Promise<void>((r) => (session.settle = r));
    this.#touch(session);
    if ('hangup' in input) reply.reject(new HungUp());
    else if ('silence' in input) reply.resolve(undefined);
    else if ('dtmf' in input) reply.resolve({ press: input.dtmf });
    else reply.resolve({ say: input.utterance });
    await session.settled;
    return this.#answer(session, true);
  }

  /** The whole call so far (every event). */
  get(callId: string): CallState {
    const session = this.#get(callId);
    this.#touch(session);
    return this.#answer(session, false);
  }

  /** Hangs up every call still waiting (runtime shutdown). */
  async closeAll(): Promise<void> {
    const waiting = [...this.#calls.values()].filter((s) => s.reply && !s.outcome);
    for (const s of this.#calls.values()) if (s.idleTimer) clearTimeout(s.idleTimer);
    await Promise.all(waiting.map((s) => this.input(s.id, { hangup: true }).catch(() => undefined)));
    this.#calls.clear();
  }

  get size(): number {
    return this.#calls.size;
  }

  #get(callId: string): Session {
    const session = this.#calls.get(callId);
    if (!session) throw new CallNotFound(`no call ${callId}`);
    return session;
  }

  #pause(session: Session): void {
    session.settle();
  }

  #touch(session: Session): void {
    session.touched = Date.now();
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      this.#calls.delete(session.id);
      if (session.reply && !session.outcome) session.reply.reject(new HungUp());
    }, this.#idleMs);
    session.idleTimer.unref();
  }

  #makeRoom(): void {
    if (this.#calls.size < this.#maxCalls) return;
    const ended = [...this.#calls.values()].filter((s) => s.outcome).sort((a, b) => a.touched - b.touched)[0];
    if (!ended) throw new TooManyCalls(`${this.#maxCalls} calls are in progress; end one first`);
    if (ended.idleTimer) clearTimeout(ended.idleTimer);
    this.#calls.delete(ended.id);
  }

  #answer(session: Session, sinceCursor: boolean): CallState {
    const events = sinceCursor ? session.events.slice(session.cursor) : [...session.events];
    if (sinceCursor) session.cursor = session.events.length;
    const callback = bookingOf(session.lambdaCalls);
    const awaiting = session.awaiting && !session.outcome ? session.awaiting : undefined;
    return {
      callId: session.id,
      ...(session.start.caller ? { caller: session.start.caller } : {}),
      channel: session.channel,
      at: session.at.toISOString(),
      status: session.outcome ? 'ended' : 'awaiting-input',
      ...(awaiting ? { awaiting: { actionId: awaiting.actionId, kind: awaiting.kind, ...(awaiting.prompt ? { prompt: awaiting.prompt } : {}) } } : {}),
      events,
      attributes: { ...session.attributes },
      path: [...session.path],
      lambdaCalls: [...session.lambdaCalls],
      ...(session.outcome ? { outcome: session.outcome } : {}),
      callbackBooked: callback !== undefined,
      ...(callback ? { callback } : {}),
    };
  }
}
