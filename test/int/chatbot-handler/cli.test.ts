import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const cli = (command: string, input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/aicc-cli.ts'), command], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });

describe('npm run --silent aicc -- nlu / faq', () => {
  it('nlu prints exactly one {"text","intent","confidence"} line per input line and nothing else', () => {
    const run = cli('nlu', '배송 언제 와요\n\n상담원 연결해 주세요\r\n오늘 날씨 어때\n');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const p of parsed) {
      expect(Object.keys(p)).toEqual(['text', 'intent', 'confidence']);
      expect(typeof p.confidence).toBe('number');
    }
    expect(parsed.map((p) => p.intent).slice(0, 2)).toEqual(['order_inquiry', 'agent_request']);
    expect(parsed[2]?.confidence).toBeLessThan(0.4);
  });

  it('faq prints {"query","faqId","score"} per question, faqId null when nothing matches', () => {
    const run = cli('faq', '운영시간 알려줘\n오늘 날씨 어때\n');
    expect(run.status).toBe(0);
    const [hit, miss] = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(hit ?? {})).toEqual(['query', 'faqId', 'score']);
    expect(hit).toMatchObject({ query: '운영시간 알려줘', faqId: 'faq-business-hours' });
    expect(miss).toMatchObject({ query: '오늘 날씨 어때', faqId: null });
  });
});
