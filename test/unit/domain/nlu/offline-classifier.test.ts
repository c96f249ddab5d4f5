import committed from '@domain/nlu/intent-model.json';
import { INTENTS } from '@domain/nlu/intents';
import {
  fingerprintOf,
  INTENT_EXAMPLES,
  OfflineIntentClassifier,
  offlineClassifier,
  trainIntentModel,
} from '@domain/nlu/offline-classifier';
import { DEFAULT_TRAIN_OPTIONS } from '@domain/nlu/linear-model';
import { thresholdFor } from '@domain/nlu/thresholds';
import { DEFAULT_FEATURES, extractFeatures, normalizeText, toJamo } from '@domain/nlu/text';

const engine = offlineClassifier();

describe('intent example data', () => {
  it.each(INTENTS)('%s has ≥ 40 train and ≥ 15 held-out examples, disjoint', (intent) => {
    const { train, heldOut } = INTENT_EXAMPLES.intents[intent];
    expect(train.length).toBeGreaterThanOrEqual(40);
    expect(heldOut.length).toBeGreaterThanOrEqual(15);
    const trainSet = new Set(train.map(normalizeText));
    expect(heldOut.filter((u) => trainSet.has(normalizeText(u)))).toEqual([]);
  });

  it('never gives the same training utterance two intents', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const intent of INTENTS) {
      for (const u of INTENT_EXAMPLES.intents[intent].train) {
        const key = normalizeText(u);
        const previous = owner.get(key);
        if (previous && previous !== intent) clashes.push(`${u}: ${previous}/${intent}`);
        owner.set(key, intent);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('offline intent engine', () => {
  it('uses the committed model, which was trained on the current examples (run `npm run aicc -- nlu-train` after editing them)', () => {
    expect(committed.fingerprint).toBe(fingerprintOf(INTENT_EXAMPLES, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS));
    expect(OfflineIntentClassifier.load().fromCommittedModel).toBe(true);
  });

  it.each([
    ['안녕하세요 반가워요', 'greeting'],
    ['네 감사합니다 끊을게요', 'goodbye'],
    ['공기청정기 가격 얼마예요', 'product_inquiry'],
    ['주문한 택배가 언제 도착하나요', 'order_inquiry'],
    ['방문 설치 예약하고 싶어요', 'reservation'],
    ['주문 취소하고 환불 받고 싶어요', 'cancel_request'],
    ['결제가 두 번 됐어요', 'payment_inquiry'],
    ['앱에서 로그인이 안 돼요', 'technical_support'],
    ['서비스가 정말 최악이네요', 'complaint'],
    ['상담원이랑 통화하고 싶어요', 'agent_request'],
    ['나중에 전화 좀 주세요', 'callback_request'],
    ['매장 주차 가능한가요', 'general_inquiry'],
  ])('"%s" → %s with a confidence above its threshold', (text, intent) => {
    const result = engine.analyze(text);
    expect(result.intent).toBe(intent);
    expect(result.confidence).toBeGreaterThanOrEqual(thresholdFor(result.intent));
  });

  it.each([['상담원연결해주세요'], ['상담원 연결 해 주 세 요'], ['상댬원 연결해줘'], ['AGENT please']])('is robust to spacing, typos and English: "%s"', (text) => {
    expect(engine.analyze(text).intent).toBe('agent_request');
  });

  it.each([['오늘 날씨 어때'], ['파스타 레시피 알려줘'], ['ㅁㄴㅇㄹ'], ['asdfqwer zxcv'], ['삼성 라이온즈 경기 결과']])(
    'is not confident about off-topic text: "%s"',
    (text) => {
      const result = engine.analyze(text);
      expect(result.confidence).toBeLessThan(thresholdFor(result.intent));
    },
  );

  it('reaches ≥ 92% on the held-out split it never trained on', () => {
    let correct = 0;
    let total = 0;
    for (const intent of INTENTS) {
      for (const text of INTENT_EXAMPLES.intents[intent].heldOut) {
        total++;
        if (engine.analyze(text).intent === intent) correct++;
      }
    }
    expect(correct / total).toBeGreaterThanOrEqual(0.92);
  });

  it('trains deterministically, and the quantised committed model agrees with a fresh one', () => {
    const fresh = new OfflineIntentClassifier(trainIntentModel());
    const again = new OfflineIntentClassifier(trainIntentModel());
    const texts = INTENTS.flatMap((i) => INTENT_EXAMPLES.intents[i].heldOut);
    expect(texts.map((t) => fresh.analyze(t).confidence)).toEqual(texts.map((t) => again.analyze(t).confidence));
    const agree = texts.filter((t) => fresh.analyze(t).intent === engine.analyze(t).intent).length;
    expect(agree / texts.length).toBeGreaterThanOrEqual(0.98);
  });

  it('returns a probability ranking over all twelve intents', () => {
    const result = engine.analyze('배송 언제 와요');
    expect(result.ranking).toHaveLength(12);
    expect(result.ranking.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 5);
    expect(result.confidence).toBeLessThanOrEqual(result.probability);
  });

  it('treats empty input as no evidence at all', async () => {
    const result = await engine.classify('', { sessionId: 's' });
    expect(result.confidence).toBe(0);
  });
});

describe('text features', () => {
  it('normalises punctuation, emoji, repeats and width', () => {
    expect(normalizeText('  배송조회요!!! 😀 ㅋㅋㅋㅋ ＡＢＣ ')).toBe('배송조회요 ㅋㅋ abc');
  });

  it('decomposes syllables into jamo so one-letter typos share features', () => {
    expect(toJamo('환불')).toBe('ㅎㅘㄴㅂㅜㄹ');
    const a = extractFeatures(normalizeText('환불'));
    const b = extractFeatures(normalizeText('한불'));
    expect([...a].filter((f) => b.has(f) && f.startsWith('j:')).length).toBeGreaterThan(0);
  });
});
