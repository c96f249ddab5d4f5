import { fromSeoul, toSeoul } from '@domain/calendar';
import { clockPresets, sampleCallers } from '../../../local/console-routes';
import { detectEngines, engineEnvironment } from '../../../local/engines';
import { KakaoCallbackSink } from '../../../local/kakao-callback-sink';

describe('engine detection', () => {
  it('is offline with nothing configured', () => {
    const e = detectEngines({});
    expect([e.nlu.engine, e.coaching.engine]).toEqual(['offline', 'offline']);
    expect(engineEnvironment(e, {})).toEqual({ NLU_ENGINE: 'offline', COACHING_LLM: 'offline' });
  });

  it('uses Upstage for coaching when its key is present, Lex when a bot id and credentials are', () => {
    const e = detectEngines({ UPSTAGE_API_KEY: 'k', LEX_BOT_ID: 'BOT123', AWS_PROFILE: 'dev' });
    expect(e.coaching.engine).toBe('upstage');
    expect(e.nlu.engine).toBe('lex');
    expect(e.nlu.detail).toContain('BOT123');
  });

  it('uses Bedrock only with a named model and AWS credentials', () => {
    expect(detectEngines({ BEDROCK_MODEL_ID: 'm' }).nlu.engine).toBe('offline');
    const e = detectEngines({ BEDROCK_MODEL_ID: 'm', AWS_ACCESS_KEY_ID: 'x' });
    expect([e.nlu.engine, e.coaching.engine]).toEqual(['bedrock', 'bedrock']);
  });

  it('never overrides an explicit choice', () => {
    const env = { NLU_ENGINE: 'offline', UPSTAGE_API_KEY: 'k', COACHING_LLM: 'offline' };
    const e = detectEngines(env);
    expect([e.nlu.engine, e.coaching.engine]).toEqual(['offline', 'offline']);
    expect(engineEnvironment(e, env)).toEqual({});
    // Lex without a bot id cannot run: the chatbot stays offline, and says so.
    expect(detectEngines({ NLU_ENGINE: 'lex' }).nlu.engine).toBe('offline');
  });
});

describe('clock presets', () => {
  it('from a Sunday night: in hours is Monday morning, after hours Monday evening, holiday a 2026 public holiday', () => {
    const presets = Object.fromEntries(clockPresets(fromSeoul(2026, 11, 22, 4, 0)).map((p) => [p.id, toSeoul(new Date(p.at))]));
    expect(presets['in-hours']).toMatchObject({ dateKey: '2026-11-23', hour: 10 });
    expect(presets['after-hours']).toMatchObject({ dateKey: '2026-11-23', hour: 21 });
    expect(presets.holiday).toMatchObject({ dateKey: '2026-12-25', hour: 11 });
  });

  it('in hours is now when the center is open; a holiday is never a weekend', () => {
    const now = fromSeoul(2026, 3, 3, 14, 0); // 화요일 오후 2시
    const presets = clockPresets(now);
    expect(presets.find((p) => p.id === 'in-hours')?.at).toBe(now.toISOString());
    const holiday = toSeoul(new Date(presets.find((p) => p.id === 'holiday')?.at ?? ''));
    expect(holiday.weekday).toBeGreaterThanOrEqual(1);
    expect(holiday.weekday).toBeLessThanOrEqual(5);
    expect(holiday.year).toBe(2026);
  });

  it('offers the four kinds of caller', () => {
    const callers = sampleCallers();
    expect(callers.map((c) => c.id)).toEqual(['vip', 'regular', 'unknown', 'anonymous']);
    expect(callers[0]?.display).toBe('010-1234-5678');
  });
});

describe('Kakao callback sink', () => {
  it('accepts one callback per issued token and hands it to a waiting poll', async () => {
    const sink = new KakaoCallbackSink();
    const token = sink.issue();
    const waiting = sink.wait(token, 5000);
    expect(sink.deliver(token, { version: '2.0' })).toBe('ACCEPTED');
    await expect(waiting).resolves.toEqual({ status: 'DELIVERED', body: { version: '2.0' } });
    expect(sink.deliver(token, {})).toBe('ALREADY_USED');
    expect(sink.deliver('never-issued-token-xx', {})).toBe('UNKNOWN_TOKEN');
  });

  it('refuses a callback after the window, and a poll reports pending then expired', async () => {
    const sink = new KakaoCallbackSink({ windowMs: 1000 });
    const issuedAt = Date.now();
    const token = sink.issue(issuedAt);
    await expect(sink.wait(token, 10)).resolves.toEqual({ status: 'PENDING' });
    expect(sink.deliver(token, {}, issuedAt + 1001)).toBe('EXPIRED');
  });

  it('wakes every poll on close', async () => {
    const sink = new KakaoCallbackSink();
    const poll = sink.wait(sink.issue(), 60_000);
    sink.close();
    await expect(poll).resolves.toEqual({ status: 'PENDING' });
  });
});
