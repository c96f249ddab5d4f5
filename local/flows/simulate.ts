import { withClock, type Clock } from '@domain/clock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusinessCalendar, formatKoreanDateTime, parseBusinessHours } from '../../lambdas/domain/calendar';
import { FLOW_LAMBDAS, FLOWS, QUEUE_KEYS, QUEUES, type FlowLambdaPlaceholder, type QueueKey } from '../../lib/connect-resources';
import { lexIntentsFrom, lexUtterance, readIntentExamples, type IntentExamples } from '../../lib/lex-bot';
import { LOCAL_LAMBDAS, localContext } from '../lambdas';
import { CONTACT_FLOWS_DIR } from './validate';

/**
 * Runs a contact flow on one machine: interprets the flow-language JSON action by action, calls our
 * real Lambda handlers in-process (looked up by the flow's ARN placeholder → local registry name),
 * and records what a caller and an agent would notice: prompts, inputs, attributes, Lambda calls and
 * how the contact ended.
 */
export type Channel = 'VOICE' | 'CHAT';
export type ScriptStep = { readonly say: string } | { readonly press: string };
export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface SimulationInput {
  /** Caller number (E.164); omit for a withheld number or a chat without one */
  readonly caller?: string;
  readonly channel?: Channel;
  /** Wall-clock instant of the call (business hours are checked in Asia/Seoul) */
  readonly at?: Date;
  /** Utterances and key presses, consumed in order by input actions; when it runs out the caller is silent */
  readonly script?: readonly ScriptStep[];
  /** Flow key from lib/connect-resources.ts FLOWS (default inbound-main) */
  readonly flow?: string;
  /** Contacts already waiting per queue (at capacity when ≥ maxContacts) */
  readonly queueWaiting?: Partial<Record<QueueKey, number>>;
  /** Age of the oldest contact in queue, for CheckMetricData */
  readonly oldestContactAgeSeconds?: number;
  readonly initialAttributes?: Readonly<Record<string, string>>;
  /** Replaces a registry Lambda by local name (test doubles at the Lambda boundary) */
  readonly lambdas?: Readonly<Record<string, LambdaHandler>>;
  readonly businessHours?: string;
  readonly intentExamples?: IntentExamples;
  readonly flowsDir?: string;
  readonly maxSteps?: number;
  readonly contactId?: string;
  /**
   * Interactive stepping (the console's call simulator): asked for the caller's next input when the
   * script has run out; resolving `undefined` is silence. Without it the caller is silent.
   */
  readonly awaitInput?: (request: InputRequest) => Promise<ScriptStep | undefined>;
  /** Sees each transcript entry, Lambda call and visited action as it happens (streaming to a UI). */
  readonly observer?: SimulationObserver;
}

/** What an input action expects: speech (Lex) or keys (DTMF on a voice call; typed text on chat). */
export interface InputRequest {
  readonly actionId: string;
  readonly kind: 'speech' | 'dtmf';
  /** The prompt just played for this input, if any */
  readonly prompt?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface SimulationObserver {
  entry?(entry: TranscriptEntry): void;
  lambdaCall?(call: LambdaCall): void;
  step?(actionId: string): void;
}

export type TranscriptEntry =
  | { readonly kind: 'prompt'; readonly actionId: string; readonly text: string }
  | { readonly kind: 'input'; readonly actionId: string; readonly text: string }
  | { readonly kind: 'silence'; readonly actionId: string }
  | { readonly kind: 'lambda'; readonly actionId: string; readonly name: string; readonly ok: boolean; readonly detail: string }
  | { readonly kind: 'event'; readonly actionId: string; readonly text: string };

export interface LambdaCall {
  readonly actionId: string;
  readonly placeholder: string;
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly result?: Readonly<Record<string, string>>;
  readonly error?: string;
}

export type Ending =
  | { readonly kind: 'QUEUED'; readonly queue: QueueKey; readonly priority: number }
  | { readonly kind: 'DISCONNECTED' }
  | { readonly kind: 'FLOW_ENDED' }
  | { readonly kind: 'TRANSFERRED_TO_FLOW'; readonly flow: string }
  | { readonly kind: 'STEP_LIMIT'; readonly actionId: string };

export interface SimulationResult {
  readonly flow: string;
  readonly transcript: readonly TranscriptEntry[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly lambdaCalls: readonly LambdaCall[];
  readonly ending: Ending;
  /** A callback-scheduler `book` answered BOOKED or DUPLICATE during the contact */
  readonly callbackBooked: boolean;
  readonly voice?: string;
  readonly path: readonly string[];
}

interface Action {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Record<string, unknown>;
  readonly Transitions: {
    readonly NextAction?: string;
    readonly Conditions?: readonly { NextAction: string; Condition: { Operator: string; Operands: string[] } }[];
    readonly Errors?: readonly { NextAction: string; ErrorType: string }[];
  };
}

const LOCAL_ACCOUNT = '000000000000';
const REGION = 'ap-northeast-2';
const INSTANCE_ARN = `arn:aws:connect:${REGION}:${LOCAL_ACCOUNT}:instance/local-simulator`;
const lambdaArn = (placeholder: FlowLambdaPlaceholder) => `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT}:function:local-${FLOW_LAMBDAS[placeholder].localName}`;
const queueArn = (key: QueueKey) => `${INSTANCE_ARN}/queue/${key}`;

/** Placeholder → the value the simulator substitutes (stable fake ARNs it can map back). */
const simulatorPlaceholders = (): Record<string, string> => ({
  ...Object.fromEntries((Object.keys(FLOW_LAMBDAS) as FlowLambdaPlaceholder[]).map((p) => [p, lambdaArn(p)])),
  ...Object.fromEntries(QUEUE_KEYS.map((k) => [QUEUES[k].placeholder, queueArn(k)])),
  ...Object.fromEntries(FLOWS.filter((f) => f.placeholder).map((f) => [f.placeholder as string, `${INSTANCE_ARN}/contact-flow/${f.key}`])),
  HoursOfOperationArn: `${INSTANCE_ARN}/operating-hours/business-hours`,
  LexBotAliasArn: `arn:aws:lex:${REGION}:${LOCAL_ACCOUNT}:bot-alias/LOCALBOT/LOCALALIAS`,
});

const lambdaByArn = new Map((Object.keys(FLOW_LAMBDAS) as FlowLambdaPlaceholder[]).map((p) => [lambdaArn(p), p]));
const queueByArn = new Map(QUEUE_KEYS.map((k) => [queueArn(k), k]));

export const loadFlow = (key: string, dir = CONTACT_FLOWS_DIR): { start: string; actions: Map<string, Action> } => {
  const def = FLOWS.find((f) => f.key === key);
  if (!def) throw new Error(`unknown flow "${key}" (known: ${FLOWS.map((f) => f.key).join(', ')})`);
  const values = simulatorPlaceholders();
  const text = readFileSync(join(dir, def.file), 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (m, name: string) => values[name] ?? m);
  const doc = JSON.parse(text) as { StartAction: string; Actions: Action[] };
  return { start: doc.StartAction, actions: new Map(doc.Actions.map((a) => [a.Identifier, a])) };
};

class FlowError extends Error {
  constructor(readonly errorType: string, message: string) {
    super(message);
  }
}

const JSONPATH = /\$\.[A-Za-z]+(?:\.[A-Za-z0-9_-]+)*/g;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

export const simulateContact = async (input: SimulationInput = {}): Promise<SimulationResult> => {
  const flowKey = input.flow ?? 'inbound-main';
  const { start, actions } = loadFlow(flowKey, input.flowsDir);
  const channel: Channel = input.channel ?? 'VOICE';
  const at = input.at ?? new Date();
  // The handlers see the simulated time, advancing with real time from `at` (see withClock).
  const startedReal = Date.now();
  const simulatedClock: Clock = { now: () => new Date(at.getTime() + (Date.now() - startedReal)) };
  const calendar = new BusinessCalendar(parseBusinessHours(input.businessHours));
  const contactId = input.contactId ?? `sim-${at.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const script = [...(input.script ?? [])];
  const examples = input.intentExamples ?? readIntentExamples();
  const lexIntents = examples ? lexIntentsFrom(examples) : [];

  const transcript: TranscriptEntry[] = [];
  const lambdaCalls: LambdaCall[] = [];
  const record = (entry: TranscriptEntry): void => {
    transcript.push(entry);
    input.observer?.entry?.(entry);
  };
  const recordCall = (call: LambdaCall): void => {
    lambdaCalls.push(call);
    input.observer?.lambdaCall?.(call);
  };
  const path: string[] = [];
  const attributes: Record<string, string> = { ...(input.initialAttributes ?? {}) };
  let external: Record<string, string> = {};
  let lex: { IntentName: string; SessionAttributes: Record<string, string> } = { IntentName: '', SessionAttributes: {} };
  let stored = '';
  let targetQueue: QueueKey | undefined;
  let priority = 5;
  let voice: string | undefined;
  const loops = new Map<string, number>();

  const lookup = (p: string): string => {
    const parts = p.slice(2).split('.');
    const [root, ...rest] = parts;
    const key = rest.join('.');
    switch (root) {
      case 'Attributes':
        return attributes[key] ?? '';
      case 'External':
        return external[key] ?? '';
      case 'Lex':
        if (rest[0] === 'SessionAttributes') return lex.SessionAttributes[rest.slice(1).join('.')] ?? '';
        return rest[0] === 'IntentName' ? lex.IntentName : '';
      case 'StoredCustomerInput':
        return stored;
      case 'Channel':
        return channel;
      case 'ContactId':
      case 'InitialContactId':
        return contactId;
      case 'CustomerEndpoint':
        return key === 'Address' ? (input.caller ?? '') : '';
      case 'Queue':
        return key === 'Name' && targetQueue ? QUEUES[targetQueue].name : '';
      default:
        return '';
    }
  };
  /** A parameter value: a single JSONPath is looked up; text interpolates every JSONPath in it. */
  const resolve = (value: unknown): string => {
    if (typeof value !== 'string') return value === undefined ? '' : String(value);
    const trimmed = value.trim();
    if (/^\$\.[A-Za-z]+(?:\.[A-Za-z0-9_-]+)*$/.test(trimmed)) return lookup(trimmed);
    return value.replace(JSONPATH, (m) => lookup(m));
  };
  const resolveMap = (value: unknown): Record<string, string> =>
    Object.fromEntries(Object.entries((value as Record<string, unknown>) ?? {}).map(([k, v]) => [k, resolve(v)]));

  const handlerFor = async (name: string): Promise<LambdaHandler> => {
    const injected = input.lambdas?.[name];
    if (injected) return injected;
    const entry = LOCAL_LAMBDAS[name];
    if (!entry) throw new Error(`Lambda "${name}" is not in the local registry (local/lambdas.ts)`);
    const module = await entry.load();
    return module.handler;
  };

  const connectEvent = (parameters: Record<string, string>) => ({
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        ContactId: contactId,
        InitialContactId: contactId,
        PreviousContactId: contactId,
        Channel: channel,
        InstanceARN: INSTANCE_ARN,
        InitiationMethod: flowKey === 'callback-outbound' ? 'API' : 'INBOUND',
        CustomerEndpoint: input.caller ? { Address: input.caller, Type: 'TELEPHONE_NUMBER' } : null,
        SystemEndpoint: { Address: '+8215880000', Type: 'TELEPHONE_NUMBER' },
        Queue: targetQueue ? { ARN: queueArn(targetQueue), Name: QUEUES[targetQueue].name } : null,
        Attributes: { ...attributes },
        LanguageCode: 'ko-KR',
        MediaStreams: {},
      },
      Parameters: parameters,
    },
  });

  const invokeLambda = async (action: Action, placeholder: FlowLambdaPlaceholder, event: unknown, parameters: Record<string, string>, limitSeconds: number): Promise<unknown> => {
    const name = FLOW_LAMBDAS[placeholder].localName;
    try {
      const handler = await handlerFor(name);
      const result = await withTimeout(withClock(simulatedClock, () => Promise.resolve().then(() => handler(event, localContext(name)))), limitSeconds * 1000);
      return result;
    } catch (error) {
      const message = (error as Error).message;
      recordCall({ actionId: action.Identifier, placeholder, name, parameters, error: message });
      record({ kind: 'lambda', actionId: action.Identifier, name, ok: false, detail: message });
      throw new FlowError('NoMatchingError', `${name}: ${message}`);
    }
  };

  const nextInput = async (action: Action, kind: InputRequest['kind']): Promise<ScriptStep | undefined> => {
    let step = script.shift();
    if (!step && input.awaitInput) {
      const last = transcript.at(-1);
      const promptText = last?.kind === 'prompt' && last.actionId === action.Identifier ? last.text : undefined;
      step = await input.awaitInput({ actionId: action.Identifier, kind, attributes: { ...attributes }, ...(promptText ? { prompt: promptText } : {}) });
    }
    if (!step) record({ kind: 'silence', actionId: action.Identifier });
    else record({ kind: 'input', actionId: action.Identifier, text: 'say' in step ? step.say : `[${step.press}]` });
    return step;
  };
  const prompt = (action: Action) => {
    const p = action.Parameters;
    const raw = p.Text ?? p.SSML;
    if (raw === undefined) return;
    const text = resolve(raw).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    if (text) record({ kind: 'prompt', actionId: action.Identifier, text });
  };

  const compare = (value: string, op: string, operand: string): boolean => {
    const n = Number(value);
    const m = Number(operand);
    switch (op) {
      case 'Equals':
        return value === operand;
      case 'NumberGreaterThan':
        return value !== '' && n > m;
      case 'NumberGreaterOrEqualTo':
        return value !== '' && n >= m;
      case 'NumberLessThan':
        return value !== '' && n < m;
      case 'NumberLessOrEqualTo':
        return value !== '' && n <= m;
      case 'TextContains':
        return value.includes(operand);
      case 'TextStartsWith':
        return value.startsWith(operand);
      case 'TextEndsWith':
        return value.endsWith(operand);
      default:
        return false;
    }
  };
  const byCondition = (action: Action, value: string): string => {
    for (const c of action.Transitions.Conditions ?? []) if (compare(value, c.Condition.Operator, c.Condition.Operands[0] ?? '')) return c.NextAction;
    throw new FlowError('NoMatchingCondition', `no condition matches "${value}"`);
  };

  /** Runs one action; answers the next action id, or an ending. */
  const step = async (action: Action): Promise<string | Ending> => {
    const p = action.Parameters;
    const next = action.Transitions.NextAction;
    const need = (id: string | undefined): string => {
      if (!id) throw new FlowError('NoMatchingError', 'no NextAction');
      return id;
    };
    switch (action.Type) {
      case 'UpdateFlowLoggingBehavior':
      case 'UpdateContactRecordingBehavior':
        return need(next);
      case 'UpdateContactTextToSpeechVoice':
        voice = resolve(p.TextToSpeechVoice);
        return need(next);
      case 'UpdateContactEventHooks':
        record({ kind: 'event', actionId: action.Identifier, text: `event hook ${Object.keys(p.EventHooks as object).join(', ')}` });
        return need(next);
      case 'MessageParticipant':
        if (channel === 'CHAT' && p.SSML !== undefined) throw new FlowError('NoMatchingError', 'SSML is voice only');
        prompt(action);
        return need(next);
      case 'UpdateContactAttributes':
        Object.assign(attributes, resolveMap(p.Attributes));
        return need(next);
      case 'Compare':
        return byCondition(action, resolve(p.ComparisonValue));
      case 'Loop': {
        const count = Number(resolve(p.LoopCount));
        const done = loops.get(action.Identifier) ?? 0;
        const conditions = action.Transitions.Conditions ?? [];
        const target = (operand: string) => conditions.find((c) => c.Condition.Operands[0] === operand)?.NextAction;
        if (done < count) {
          loops.set(action.Identifier, done + 1);
          return need(target('ContinueLooping'));
        }
        loops.set(action.Identifier, 0);
        return need(target('DoneLooping'));
      }
      case 'CheckHoursOfOperation': {
        const open = calendar.isOpen(at);
        record({ kind: 'event', actionId: action.Identifier, text: `hours ${open ? 'open' : 'closed'} at ${formatKoreanDateTime(at)}` });
        return byCondition(action, open ? 'True' : 'False');
      }
      case 'CheckMetricData': {
        const metric = String(p.MetricType);
        const queue = targetQueue ?? 'general';
        const value = metric === 'OldestContactInQueueAgeSeconds' ? (input.oldestContactAgeSeconds ?? 0) : metric === 'NumberOfContactsInQueue' ? (input.queueWaiting?.[queue] ?? 0) : 1;
        return byCondition(action, String(value));
      }
      case 'InvokeLambdaFunction': {
        const arn = resolve(p.LambdaFunctionARN);
        const placeholder = lambdaByArn.get(arn);
        if (!placeholder) throw new FlowError('NoMatchingError', `no local Lambda for ${arn}`);
        const parameters = resolveMap(p.LambdaInvocationAttributes);
        const limit = Number(p.InvocationTimeLimitSeconds);
        const result = await invokeLambda(action, placeholder, connectEvent(parameters), parameters, limit);
        const name = FLOW_LAMBDAS[placeholder].localName;
        const responseType = (p.ResponseValidation as { ResponseType?: string } | undefined)?.ResponseType;
        if (responseType === 'STRING_MAP' && !isStringMap(result)) {
          const detail = 'answer is not a flat map of strings (STRING_MAP validation failed)';
          recordCall({ actionId: action.Identifier, placeholder, name, parameters, error: detail });
          record({ kind: 'lambda', actionId: action.Identifier, name, ok: false, detail });
          throw new FlowError('NoMatchingError', detail);
        }
        external = isStringMap(result) ? { ...result } : {};
        recordCall({ actionId: action.Identifier, placeholder, name, parameters, result: external });
        record({ kind: 'lambda', actionId: action.Identifier, name, ok: true, detail: JSON.stringify(external) });
        return need(next);
      }
      case 'ConnectParticipantWithLexBot': {
        prompt(action);
        const heard = await nextInput(action, 'speech');
        if (!heard) throw new FlowError('InputTimeLimitExceeded', 'caller said nothing');
        const text = 'say' in heard ? heard.say : heard.press;
        const normalized = lexUtterance(text)?.toLowerCase();
        const intent = lexIntents.find((i) => i.sampleUtterances.some((u) => u.toLowerCase() === normalized))?.name ?? 'FallbackIntent';
        const sessionAttributes = resolveMap(p.LexSessionAttributes);
        const event = {
          messageVersion: '1.0',
          invocationSource: 'FulfillmentCodeHook',
          inputMode: 'Speech',
          responseContentType: 'text/plain; charset=utf-8',
          sessionId: contactId,
          inputTranscript: text,
          bot: { id: 'LOCALBOT', name: 'AiccAssistant', aliasId: 'LOCALALIAS', aliasName: 'live', localeId: 'ko_KR', version: '1' },
          interpretations: [{ intent: { name: intent, slots: {}, state: 'ReadyForFulfillment', confirmationState: 'None' }, nluConfidence: { score: intent === 'FallbackIntent' ? 0 : 1 } }],
          proposedNextState: undefined,
          sessionState: { sessionAttributes, intent: { name: intent, slots: {}, state: 'ReadyForFulfillment', confirmationState: 'None' } },
          requestAttributes: { 'x-amz-lex:channels:platform': 'Connect' },
          transcriptions: [{ transcription: text, transcriptionConfidence: 1 }],
        };
        const response = (await invokeLambda(action, 'ChatbotHandlerArn', event, { inputTranscript: text, intent }, 30)) as {
          sessionState?: { sessionAttributes?: Record<string, unknown>; intent?: { name?: string } };
        };
        const attrs = response?.sessionState?.sessionAttributes;
        if (!attrs || typeof attrs !== 'object') throw new FlowError('NoMatchingError', 'Lex code hook answered without sessionState.sessionAttributes');
        lex = { IntentName: response.sessionState?.intent?.name ?? intent, SessionAttributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])) };
        recordCall({ actionId: action.Identifier, placeholder: 'ChatbotHandlerArn', name: 'chatbot-handler', parameters: { inputTranscript: text, intent }, result: lex.SessionAttributes });
        record({ kind: 'lambda', actionId: action.Identifier, name: 'chatbot-handler (Lex code hook)', ok: true, detail: JSON.stringify(lex.SessionAttributes) });
        if ((action.Transitions.Conditions ?? []).length > 0) return byCondition(action, lex.IntentName);
        return need(next);
      }
      case 'GetParticipantInput': {
        prompt(action);
        const heard = await nextInput(action, 'dtmf');
        if (!heard) throw new FlowError('InputTimeLimitExceeded', 'no input');
        const value = 'press' in heard ? heard.press : heard.say;
        if (p.StoreInput === 'True') {
          if (channel === 'VOICE' && 'say' in heard) throw new FlowError('InputTimeLimitExceeded', 'voice input collects DTMF only');
          stored = value;
          return need(next);
        }
        if (channel === 'VOICE' && 'say' in heard) throw new FlowError('InputTimeLimitExceeded', 'voice input collects DTMF only');
        return byCondition(action, value.trim());
      }
      case 'UpdateContactTargetQueue': {
        const key = queueByArn.get(resolve(p.QueueId));
        if (!key) throw new FlowError('NoMatchingError', `unknown queue ${String(p.QueueId)}`);
        targetQueue = key;
        return need(next);
      }
      case 'UpdateContactRoutingBehavior':
        priority = Number(p.QueuePriority ?? priority);
        return need(next);
      case 'TransferContactToQueue': {
        if (!targetQueue) throw new FlowError('NoMatchingError', 'no target queue set');
        if ((input.queueWaiting?.[targetQueue] ?? 0) >= QUEUES[targetQueue].maxContacts) throw new FlowError('QueueAtCapacity', `${QUEUES[targetQueue].name} is full`);
        record({ kind: 'event', actionId: action.Identifier, text: `queued in ${QUEUES[targetQueue].name} with priority ${priority}` });
        return { kind: 'QUEUED', queue: targetQueue, priority };
      }
      case 'TransferToFlow':
        return { kind: 'TRANSFERRED_TO_FLOW', flow: resolve(p.ContactFlowId) };
      case 'DisconnectParticipant':
        record({ kind: 'event', actionId: action.Identifier, text: 'disconnected' });
        return { kind: 'DISCONNECTED' };
      case 'EndFlowExecution':
        return { kind: 'FLOW_ENDED' };
      default:
        throw new FlowError('NoMatchingError', `the simulator does not run ${action.Type}`);
    }
  };

  let current: string = start;
  let ending: Ending | undefined;
  const maxSteps = input.maxSteps ?? 500;
  for (let i = 0; i < maxSteps && !ending; i++) {
    const action = actions.get(current);
    if (!action) throw new Error(`flow ${flowKey}: no action "${current}"`);
    path.push(current);
    input.observer?.step?.(current);
    try {
      const out = await step(action);
      if (typeof out === 'string') current = out;
      else ending = out;
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      const handler = action.Transitions.Errors?.find((e) => e.ErrorType === error.errorType) ?? action.Transitions.Errors?.find((e) => e.ErrorType === 'NoMatchingError' && error.errorType !== 'NoMatchingCondition');
      if (!handler) throw new Error(`flow ${flowKey}: ${action.Identifier} raised ${error.errorType} (${error.message}) and has no branch for it`);
      // A Compare falling through to its default branch is ordinary routing, not an error worth showing.
      if (!(action.Type === 'Compare' && error.errorType === 'NoMatchingCondition')) record({ kind: 'event', actionId: action.Identifier, text: `${error.errorType}: ${error.message}` });
      current = handler.NextAction;
    }
  }
  const callbackBooked = lambdaCalls.some((c) => c.name === 'callback-scheduler' && c.parameters.operation === 'book' && ['BOOKED', 'DUPLICATE'].includes(c.result?.result ?? ''));
  return {
    flow: flowKey,
    transcript,
    attributes,
    lambdaCalls,
    ending: ending ?? { kind: 'STEP_LIMIT', actionId: current },
    callbackBooked,
    ...(voice ? { voice } : {}),
    path,
  };
};

/** Human-readable transcript for the CLI. */
export const formatSimulation = (r: SimulationResult): string => {
  const lines = r.transcript.map((t) => {
    switch (t.kind) {
      case 'prompt':
        return `  시스템  ${t.text}`;
      case 'input':
        return `  고객    ${t.text}`;
      case 'silence':
        return '  고객    (무응답)';
      case 'lambda':
        return `  λ ${t.name} ${t.ok ? '→' : '✗'} ${t.detail}`;
      case 'event':
        return `  · ${t.text}`;
    }
    return '';
  });
  const e = r.ending;
  const ending =
    e.kind === 'QUEUED' ? `queued: ${QUEUES[e.queue].name} (priority ${e.priority})` : e.kind === 'STEP_LIMIT' ? `stopped at step limit (${e.actionId})` : e.kind === 'TRANSFERRED_TO_FLOW' ? `transferred to ${e.flow}` : e.kind.toLowerCase();
  return [`flow ${r.flow}${r.voice ? ` (voice ${r.voice})` : ''}`, ...lines, `ending: ${ending}${r.callbackBooked ? ', callback booked' : ''}`, `attributes: ${JSON.stringify(r.attributes)}`].join('\n');
};
