import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../local/cli/flows';
import { CONTACT_FLOWS_DIR, unresolvedPlaceholdersInTemplate, validateContactFlows, validateFlowText, type FlowProblem } from '../../../local/flows/validate';

type Doc = { Version: string; StartAction: string; Actions: Record<string, unknown>[] };

/** The shipped inbound flow, parsed fresh for each test to break one thing in it. */
const inbound = (): Doc => JSON.parse(readFileSync(join(CONTACT_FLOWS_DIR, 'inbound-main.json'), 'utf8')) as Doc;
const action = (doc: Doc, id: string) => {
  const found = doc.Actions.find((a) => a.Identifier === id);
  if (!found) throw new Error(`no action ${id}`);
  return found as { Type: string; Parameters: Record<string, unknown>; Transitions: Record<string, unknown> };
};
const check = (doc: unknown, file = 'inbound-main.json'): FlowProblem[] => validateFlowText(JSON.stringify(doc), file);
const reasons = (problems: FlowProblem[]) => problems.map((p) => `${p.actionId ?? '-'}: ${p.reason}`);

describe('flow validator', () => {
  it('accepts every shipped contact flow', () => {
    expect(validateContactFlows()).toEqual([]);
  });

  it('rejects the legacy SetWorkingQueue and names the real action', () => {
    const doc = inbound();
    action(doc, 'queue-orders').Type = 'SetWorkingQueue';
    expect(reasons(check(doc))).toContain('queue-orders: "SetWorkingQueue" is not a flow-language action type (use UpdateContactTargetQueue)');
  });

  it.each(['CheckAttribute', 'GetUserInput', 'SetCallbackNumber', 'PlayPrompt'])('rejects the invented action name %s', (legacy) => {
    const doc = inbound();
    action(doc, 'welcome').Type = legacy;
    expect(reasons(check(doc)).some((r) => r.startsWith(`welcome: "${legacy}" is not a flow-language action type`))).toBe(true);
  });

  it('rejects a transition to an action that does not exist', () => {
    const doc = inbound();
    action(doc, 'say-answer').Transitions.NextAction = 'say-anwser';
    expect(reasons(check(doc))).toContain('say-answer: transition to "say-anwser", which is not an action in this flow');
  });

  it('rejects a 10-second Lambda time limit (Connect allows 1-8)', () => {
    const doc = inbound();
    action(doc, 'ask-assistant').Parameters.InvocationTimeLimitSeconds = '10';
    expect(reasons(check(doc))).toContain('ask-assistant: InvocationTimeLimitSeconds is 10, above the maximum 8');
  });

  it('rejects a dynamic Lambda time limit (must be static)', () => {
    const doc = inbound();
    action(doc, 'ask-assistant').Parameters.InvocationTimeLimitSeconds = '$.Attributes.timeout';
    expect(reasons(check(doc))).toContain('ask-assistant: InvocationTimeLimitSeconds must be set statically (got "$.Attributes.timeout")');
  });

  it('rejects a placeholder the stack does not bind', () => {
    const doc = inbound();
    action(doc, 'book-callback').Parameters.LambdaFunctionARN = '${CallbackArn}';
    expect(reasons(check(doc)).some((r) => r.startsWith('book-callback: placeholder ${CallbackArn} is not bound by the stack'))).toBe(true);
  });

  it('rejects JSON response validation (house rule: STRING_MAP)', () => {
    const doc = inbound();
    action(doc, 'validate-customer').Parameters.ResponseValidation = { ResponseType: 'JSON' };
    expect(reasons(check(doc))).toContain('validate-customer: Lambda responses must be validated as STRING_MAP (ResponseValidation.ResponseType)');
  });

  it('rejects a parameter name the action does not have', () => {
    const doc = inbound();
    action(doc, 'validate-customer').Parameters.TimeoutSeconds = '3';
    expect(reasons(check(doc)).some((r) => r.startsWith('validate-customer: InvokeLambdaFunction has no parameter "TimeoutSeconds"'))).toBe(true);
  });

  it('rejects an unreachable action', () => {
    const doc = inbound();
    doc.Actions.push({ Identifier: 'forgotten', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
    expect(reasons(check(doc))).toContain('forgotten: unreachable: no path from StartAction leads here');
  });

  it('rejects a queue transfer that does not handle QueueAtCapacity', () => {
    const doc = inbound();
    const t = action(doc, 'transfer-to-queue').Transitions as { Errors: { ErrorType: string }[] };
    t.Errors = t.Errors.filter((e) => e.ErrorType !== 'QueueAtCapacity');
    expect(reasons(check(doc))).toContain('transfer-to-queue: does not handle error QueueAtCapacity');
  });

  it('rejects a non-terminal action that does not continue', () => {
    const doc = inbound();
    delete action(doc, 'welcome').Transitions.NextAction;
    expect(reasons(check(doc))).toContain('welcome: MessageParticipant does not continue: it needs a NextAction');
  });

  it('rejects an error type the action does not raise', () => {
    const doc = inbound();
    (action(doc, 'welcome').Transitions as { Errors: unknown[] }).Errors.push({ NextAction: 'disconnect', ErrorType: 'QueueAtCapacity' });
    expect(reasons(check(doc)).some((r) => r.startsWith('welcome: MessageParticipant has no error type "QueueAtCapacity"'))).toBe(true);
  });

  it.each([
    ['a colon', 'ask:assistant', 'identifier contains forbidden character(s) ":"'],
    ['braces', 'ask{assistant}', 'identifier contains forbidden character(s) "{" "}"'],
    ['51 characters', 'a'.repeat(51), 'identifier is 51 characters (at most 50)'],
  ])('rejects an identifier with %s', (_label, id, reason) => {
    const doc = inbound();
    doc.Actions.push({ Identifier: id, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
    action(doc, 'goodbye').Transitions.NextAction = id;
    expect(reasons(check(doc))).toContain(`${id}: ${reason}`);
  });

  it('rejects an inbound loop that no Loop action bounds', () => {
    const doc = inbound();
    action(doc, 'set-follow-up').Transitions.NextAction = 'channel-check';
    expect(reasons(check(doc)).some((r) => r.includes('unbounded cycle') && r.includes('set-follow-up'))).toBe(true);
  });

  it('rejects an action used in a flow type that does not support it', () => {
    const doc = JSON.parse(readFileSync(join(CONTACT_FLOWS_DIR, 'agent-whisper.json'), 'utf8')) as Doc;
    action(doc, 'whisper-summary').Type = 'TransferContactToQueue';
    action(doc, 'whisper-summary').Parameters = {};
    action(doc, 'whisper-summary').Transitions = { Errors: [{ NextAction: 'end', ErrorType: 'QueueAtCapacity' }, { NextAction: 'end', ErrorType: 'NoMatchingError' }] };
    expect(reasons(check(doc, 'agent-whisper.json'))).toContain('whisper-summary: TransferContactToQueue is not supported in AGENT_WHISPER flows');
  });

  it('rejects CheckHoursOfOperation without both True and False branches', () => {
    const doc = inbound();
    const t = action(doc, 'check-hours').Transitions as { Conditions: { Condition: { Operands: string[] } }[] };
    t.Conditions = t.Conditions.filter((c) => c.Condition.Operands[0] === 'True');
    expect(reasons(check(doc))).toContain('check-hours: CheckHoursOfOperation needs exactly the conditions Equals False and True (got True)');
  });

  it('rejects text that is not JSON, and a document without the flow shape', () => {
    expect(reasons(validateFlowText('{"Version": ', 'x.json'))[0]).toMatch(/^-: not valid JSON/);
    expect(reasons(check({ Version: '2019-10-30', StartAction: 'a', Actions: [] }, 'x.json'))).toContain('-: Actions must be a non-empty list');
  });

  it('finds placeholders left in a synthesized template', () => {
    const template = {
      Resources: {
        Ok: { Type: 'AWS::Connect::ContactFlow', Properties: { Content: { 'Fn::Join': ['', ['{"a":"', { Ref: 'X' }, '"}']] } } },
        Bad: { Type: 'AWS::Connect::ContactFlow', Properties: { Content: '{"LambdaFunctionARN":"${ChatbotHandlerArn}"}' } },
      },
    };
    expect(unresolvedPlaceholdersInTemplate(template)).toEqual([{ file: 'template:Bad', reason: 'placeholder ${ChatbotHandlerArn} left in the synthesized flow content' }]);
  });
});

describe('aicc flows validate', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('exits 0 on the shipped flows', async () => {
    expect(await run(['validate'])).toBe(0);
    expect(errors).toEqual([]);
  });

  it('exits non-zero printing file, action id and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const doc = inbound();
    action(doc, 'ask-assistant').Parameters.InvocationTimeLimitSeconds = '10';
    const file = join(dir, 'inbound-main.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(await run(['validate', file])).toBe(1);
    expect(errors).toContain(`${file} [ask-assistant]: InvocationTimeLimitSeconds is 10, above the maximum 8`);
  });
});
