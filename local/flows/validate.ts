import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FLOW_PLACEHOLDERS, FLOWS, type FlowType } from '../../lib/connect-resources';
import { actionSpec, FLOW_LANGUAGE, identifierProblem, type ActionSpec, type ParameterSpec } from './flow-language';

/**
 * Static checks of Connect flow-language files, run before anything reaches Connect (which rejects a
 * bad flow with a bare InvalidContactFlowException). Every problem names the file, the action and
 * the reason.
 */
export interface FlowProblem {
  readonly file: string;
  readonly actionId?: string;
  readonly reason: string;
}

export interface ValidateOptions {
  /** Flow type (from lib/connect-resources.ts FLOWS when the file is registered there) */
  readonly flowType?: FlowType;
  /** Placeholder names the stack binds; default: FLOW_PLACEHOLDERS */
  readonly boundPlaceholders?: ReadonlySet<string>;
  /** House rule: every Lambda answer is validated as STRING_MAP (default true) */
  readonly requireStringMap?: boolean;
}

export const CONTACT_FLOWS_DIR = resolve(__dirname, '../../contact-flows');
export const REFERENCE_FILE = 'flow-language.json';

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** `${Name}` placeholders in a string. */
export const placeholdersIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isDynamic = (v: unknown): boolean => typeof v === 'string' && (v.trim().startsWith('$.') || v.includes('${'));

const strings = (value: unknown, out: string[] = []): string[] => {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (isRecord(value)) Object.values(value).forEach((v) => strings(v, out));
  return out;
};

interface Action {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Record<string, unknown>;
  readonly Transitions: {
    readonly NextAction?: string;
    readonly Conditions?: readonly { NextAction?: string; Condition?: { Operator?: string; Operands?: unknown[] } }[];
    readonly Errors?: readonly { NextAction?: string; ErrorType?: string }[];
  };
}

/** Every transition target of an action. */
export const targetsOf = (action: Action): string[] => {
  const t = action.Transitions;
  return [
    ...(t.NextAction !== undefined ? [t.NextAction] : []),
    ...(t.Conditions ?? []).map((c) => c.NextAction ?? ''),
    ...(t.Errors ?? []).map((e) => e.NextAction ?? ''),
  ];
};

const checkParameter = (name: string, spec: ParameterSpec, value: unknown, problem: (reason: string) => void): void => {
  if (spec.static && isDynamic(value)) problem(`${name} must be set statically (got "${String(value)}")`);
  switch (spec.kind) {
    case 'integer': {
      if (spec.static && isDynamic(value)) return;
      if (!spec.static && typeof value === 'string' && value.startsWith('$.')) return;
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) {
        problem(`${name} must be an integer (got ${JSON.stringify(value)})`);
        return;
      }
      if (spec.min !== undefined && n < spec.min) problem(`${name} is ${n}, below the minimum ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) problem(`${name} is ${n}, above the maximum ${spec.max}`);
      return;
    }
    case 'enum':
      if (typeof value !== 'string' || !(spec.values ?? []).includes(value)) {
        if (!(isDynamic(value) && !spec.static)) problem(`${name} must be one of ${(spec.values ?? []).join(' | ')} (got ${JSON.stringify(value)})`);
      }
      return;
    case 'string':
      if (typeof value !== 'string') problem(`${name} must be a string (got ${JSON.stringify(value)})`);
      else if (value.trim() === '') problem(`${name} is empty`);
      return;
    case 'jsonpath':
      if (typeof value !== 'string' || !value.startsWith('$.') || /\s/.test(value)) problem(`${name} must be a single JSONPath such as $.Attributes.x (got ${JSON.stringify(value)})`);
      return;
    case 'map':
      if (!isRecord(value)) problem(`${name} must be an object of string values`);
      else for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') problem(`${name}.${k} must be a string (got ${JSON.stringify(v)})`);
      return;
    case 'list':
      if (!Array.isArray(value)) problem(`${name} must be a list`);
      return;
    case 'object': {
      if (!isRecord(value)) {
        problem(`${name} must be an object`);
        return;
      }
      const fields = spec.fields ?? [];
      for (const key of Object.keys(value)) if (!fields.includes(key)) problem(`${name} has unknown field "${key}" (known: ${fields.join(', ')})`);
      if (spec.maxKeys !== undefined && Object.keys(value).length > spec.maxKeys) problem(`${name} may hold at most ${spec.maxKeys} entr${spec.maxKeys === 1 ? 'y' : 'ies'}`);
      if (Object.keys(value).length === 0) problem(`${name} is empty`);
      return;
    }
  }
};

const checkAction = (action: Action, spec: ActionSpec, ids: ReadonlySet<string>, options: Required<Omit<ValidateOptions, 'flowType'>> & { flowType?: FlowType }, problem: (reason: string) => void): void => {
  const params = action.Parameters;
  const t = action.Transitions;

  if (options.flowType && !spec.flowTypes.includes(options.flowType)) problem(`${action.Type} is not supported in ${options.flowType} flows`);

  // Parameters: real names only, values of the right shape.
  for (const [name, value] of Object.entries(params)) {
    const pspec = spec.parameters[name];
    if (!pspec) {
      const known = Object.keys(spec.parameters);
      problem(`${action.Type} has no parameter "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}`);
      continue;
    }
    checkParameter(name, pspec, value, problem);
  }
  for (const name of spec.required ?? []) if (!(name in params)) problem(`${action.Type} needs parameter ${name}`);
  for (const group of spec.oneOf ?? []) {
    const present = group.filter((g) => g in params);
    if (present.length > 1) problem(`${action.Type} takes only one of ${group.join(' | ')} (got ${present.join(', ')})`);
  }

  // House rules and documented constraints beyond names.
  if (action.Type === 'InvokeLambdaFunction' && options.requireStringMap) {
    const rv = params.ResponseValidation;
    if (!isRecord(rv) || rv.ResponseType !== 'STRING_MAP') problem('Lambda responses must be validated as STRING_MAP (ResponseValidation.ResponseType)');
  }
  if (action.Type === 'GetParticipantInput') {
    const stored = params.StoreInput === 'True';
    if (stored && (t.Conditions ?? []).length > 0) problem('GetParticipantInput with StoreInput "True" cannot branch on conditions');
    if (stored && !isRecord(params.InputValidation)) problem('GetParticipantInput with StoreInput "True" needs InputValidation');
    if (!stored && (t.Conditions ?? []).length > 0 && !(t.Errors ?? []).some((e) => e.ErrorType === 'NoMatchingCondition')) problem('does not handle error NoMatchingCondition (a key no condition matches)');
    if (!stored) {
      for (const c of t.Conditions ?? []) {
        const op = c.Condition?.Operands?.[0];
        if (typeof op !== 'string' || !/^[0-9*#]$/.test(op)) problem(`DTMF condition operand must be one key 0-9, * or # (got ${JSON.stringify(op)})`);
      }
    }
  }
  if (action.Type === 'ConnectParticipantWithLexBot') {
    const bot = params.LexV2Bot;
    if (isRecord(bot) && typeof bot.AliasArn !== 'string') problem('LexV2Bot.AliasArn is required');
  }

  // Transitions.
  for (const key of Object.keys(t)) if (!['NextAction', 'Conditions', 'Errors'].includes(key)) problem(`Transitions has unknown key "${key}"`);
  for (const target of targetsOf(action)) {
    if (!ids.has(target)) problem(`transition to "${target}", which is not an action in this flow`);
  }
  const conditions = t.Conditions ?? [];
  if (spec.conditions === 'none' && conditions.length > 0) problem(`${action.Type} does not support conditions`);
  const operators = spec.conditionOperators ?? FLOW_LANGUAGE.conditionOperators;
  for (const c of conditions) {
    const op = c.Condition?.Operator;
    if (!op || !operators.includes(op)) problem(`condition operator "${String(op)}" is not allowed here (allowed: ${operators.join(', ')})`);
    const operands = c.Condition?.Operands;
    if (!Array.isArray(operands) || operands.length === 0 || operands.some((o) => typeof o !== 'string')) problem('condition needs Operands: a non-empty list of strings');
  }
  if (spec.conditions === 'exact') {
    const got = conditions.map((c) => String(c.Condition?.Operands?.[0] ?? '')).sort();
    const want = [...(spec.operands ?? [])].sort();
    if (got.join('|') !== want.join('|')) problem(`${action.Type} needs exactly the conditions Equals ${want.join(' and ')} (got ${got.join(', ') || 'none'})`);
  }
  if (spec.minConditions !== undefined && conditions.length < spec.minConditions) problem(`${action.Type} needs at least ${spec.minConditions} condition(s)`);

  const errorTypes = (t.Errors ?? []).map((e) => e.ErrorType ?? '');
  const allowed = [...spec.errors.required, ...spec.errors.optional];
  for (const e of errorTypes) if (!allowed.includes(e)) problem(`${action.Type} has no error type "${e}"${allowed.length ? ` (it has: ${allowed.join(', ')})` : ' (it has none)'}`);
  for (const e of new Set(errorTypes)) if (errorTypes.filter((x) => x === e).length > 1) problem(`error ${e} is handled twice`);
  for (const e of spec.errors.required) if (!errorTypes.includes(e)) problem(`does not handle error ${e}`);

  switch (spec.continuation) {
    case 'next':
      if (!t.NextAction) problem(`${action.Type} does not continue: it needs a NextAction`);
      break;
    case 'conditions':
      if (conditions.length === 0 && !t.NextAction) problem(`${action.Type} does not continue: it needs conditions`);
      break;
    case 'terminal':
      if (t.NextAction || conditions.length > 0 || errorTypes.length > 0) problem(`${action.Type} ends the flow and cannot have transitions`);
      break;
    case 'ends-on-success':
      break;
  }
};

/** Finds a cycle that passes through no Loop action (an unbounded loop), as a list of ids. */
const unboundedCycle = (actions: readonly Action[]): string[] | undefined => {
  const byId = new Map(actions.map((a) => [a.Identifier, a]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const action = byId.get(id);
    if (!action || action.Type === 'Loop') return undefined;
    const s = state.get(id);
    if (s === 'done') return undefined;
    if (s === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const next of new Set(targetsOf(action))) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const a of actions) {
    const cycle = visit(a.Identifier);
    if (cycle) return cycle;
  }
  return undefined;
};

/** Validates one flow document (the file's text). */
export const validateFlowText = (text: string, file: string, options: ValidateOptions = {}): FlowProblem[] => {
  const problems: FlowProblem[] = [];
  const add = (reason: string, actionId?: string) => problems.push({ file, ...(actionId !== undefined ? { actionId } : {}), reason });
  const opts = {
    boundPlaceholders: options.boundPlaceholders ?? new Set(Object.keys(FLOW_PLACEHOLDERS)),
    requireStringMap: options.requireStringMap ?? true,
    flowType: options.flowType ?? FLOWS.find((f) => f.file === basename(file))?.type,
  };

  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    add(`not valid JSON: ${(error as Error).message}`);
    return problems;
  }
  if (!isRecord(doc)) {
    add('top level must be an object with Version, StartAction and Actions');
    return problems;
  }
  for (const key of Object.keys(doc)) if (!['Version', 'StartAction', 'Metadata', 'Actions'].includes(key)) add(`unknown top-level key "${key}"`);
  if (doc.Version !== FLOW_LANGUAGE.version) add(`Version must be "${FLOW_LANGUAGE.version}" (got ${JSON.stringify(doc.Version)})`);
  if (doc.Metadata !== undefined && !isRecord(doc.Metadata)) add('Metadata must be an object');
  if (typeof doc.StartAction !== 'string') add('StartAction must name the first action');
  if (!Array.isArray(doc.Actions) || doc.Actions.length === 0) {
    add('Actions must be a non-empty list');
    return problems;
  }

  // Shape of every action; collect the well-formed ones.
  const actions: Action[] = [];
  const seen = new Set<string>();
  doc.Actions.forEach((raw: unknown, index: number) => {
    if (!isRecord(raw) || typeof raw.Identifier !== 'string') {
      add(`Actions[${index}] must be an object with a string Identifier`);
      return;
    }
    const id = raw.Identifier;
    for (const key of Object.keys(raw)) if (!['Identifier', 'Type', 'Parameters', 'Transitions'].includes(key)) add(`unknown key "${key}"`, id);
    const idProblem = identifierProblem(id);
    if (idProblem) add(idProblem, id);
    if (seen.has(id)) add('duplicate Identifier', id);
    seen.add(id);
    if (typeof raw.Type !== 'string') add('Type must be a string', id);
    if (!isRecord(raw.Parameters)) add('Parameters must be an object (use {} when there are none)', id);
    if (!isRecord(raw.Transitions)) add('Transitions must be an object (use {} for a terminal action)', id);
    if (typeof raw.Type === 'string' && isRecord(raw.Parameters) && isRecord(raw.Transitions)) {
      actions.push({ Identifier: id, Type: raw.Type, Parameters: raw.Parameters, Transitions: raw.Transitions as Action['Transitions'] });
    }
  });

  const ids = new Set(actions.map((a) => a.Identifier));
  if (typeof doc.StartAction === 'string' && !seen.has(doc.StartAction)) add(`StartAction "${doc.StartAction}" is not an action in this flow`);

  for (const action of actions) {
    const spec = actionSpec(action.Type);
    if (!spec) {
      const modern = FLOW_LANGUAGE.legacyNames[action.Type];
      add(modern ? `"${action.Type}" is not a flow-language action type (use ${modern})` : `"${action.Type}" is not a flow-language action type this project knows (see contact-flows/flow-language.json)`, action.Identifier);
      for (const target of targetsOf(action)) if (!ids.has(target)) add(`transition to "${target}", which is not an action in this flow`, action.Identifier);
      continue;
    }
    checkAction(action, spec, ids, opts, (reason) => add(reason, action.Identifier));
    for (const s of strings(action.Parameters)) {
      for (const name of placeholdersIn(s)) {
        if (!opts.boundPlaceholders.has(name)) add(`placeholder \${${name}} is not bound by the stack (known: see lib/connect-resources.ts FLOW_PLACEHOLDERS)`, action.Identifier);
      }
    }
  }

  // Reachability from StartAction.
  if (typeof doc.StartAction === 'string' && ids.has(doc.StartAction)) {
    const byId = new Map(actions.map((a) => [a.Identifier, a]));
    const reached = new Set<string>([doc.StartAction]);
    const queue = [doc.StartAction];
    while (queue.length > 0) {
      const action = byId.get(queue.shift() as string);
      for (const next of action ? targetsOf(action) : []) {
        if (ids.has(next) && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    for (const a of actions) if (!reached.has(a.Identifier)) add('unreachable: no path from StartAction leads here', a.Identifier);
  }

  // An inbound flow must not spin forever: every cycle passes through a Loop (queue flows loop by design).
  if (opts.flowType === 'CONTACT_FLOW') {
    const cycle = unboundedCycle(actions);
    if (cycle) add(`unbounded cycle ${cycle.join(' → ')}: put a Loop action in it`, cycle[0]);
  }
  return problems;
};

export const validateFlowFile = (path: string, options: ValidateOptions = {}): FlowProblem[] => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [{ file: path, reason: `cannot read: ${(error as Error).message}` }];
  }
  return validateFlowText(text, path, options);
};

/** Every flow in contact-flows/ (the reference file excepted), and every registered flow present. */
export const validateContactFlows = (dir = CONTACT_FLOWS_DIR): FlowProblem[] => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== REFERENCE_FILE).sort();
  const problems = files.flatMap((f) => validateFlowFile(join(dir, f)));
  for (const flow of FLOWS) if (!files.includes(flow.file)) problems.push({ file: join(dir, flow.file), reason: `flow "${flow.key}" is registered in lib/connect-resources.ts but the file is missing` });
  for (const f of files) if (!FLOWS.some((flow) => flow.file === f)) problems.push({ file: join(dir, f), reason: 'not registered in lib/connect-resources.ts FLOWS (the stack would not deploy it)' });
  return problems;
};

/**
 * Placeholders left in a synthesized CloudFormation template's contact flows (must be none: Connect
 * would receive the literal `${...}` text).
 */
export const unresolvedPlaceholdersInTemplate = (template: unknown): FlowProblem[] => {
  const resources = isRecord(template) && isRecord(template.Resources) ? template.Resources : {};
  const problems: FlowProblem[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::Connect::ContactFlow') continue;
    const content = isRecord(resource.Properties) ? resource.Properties.Content : undefined;
    for (const s of strings(content)) {
      for (const name of placeholdersIn(s)) problems.push({ file: `template:${logicalId}`, reason: `placeholder \${${name}} left in the synthesized flow content` });
    }
  }
  return problems;
};

export const formatProblem = (p: FlowProblem): string => `${p.file}${p.actionId !== undefined ? ` [${p.actionId}]` : ''}: ${p.reason}`;
