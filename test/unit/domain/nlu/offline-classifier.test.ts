import { COMMITTED_MODEL, trainingUtterances } from '@domain/nlu/committed-model';
import { INTENTS } from '@domain/nlu/intents';
import { LinearModel } from '@domain/nlu/linear-model';
import { OfflineIntentClassifier, offlineClassifier } from '@domain/nlu/offline-classifier';
import { thresholdFor } from '@domain/nlu/thresholds';
import {
  DEFAULT_TRAIN_OPTIONS,
  fingerprintOf,
  INTENT_EXAMPLES,
  trainingUtterancesOf,
  trainIntentModel,
  trainIntents,
} from '@domain/nlu/training';
import { DEFAULT_FEATURES, extractFeatures, featureHash, featureIds, featureIdsOfAll, normalizeText, toJamo } from '@domain/nlu/text';

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
  it('uses a committed model trained on the current examples', () => {
    const current = fingerprintOf(INTENT_EXAMPLES, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS);
    if (COMMITTED_MODEL.fingerprint !== current) {
      throw new Error(
        `lambdas/domain/nlu/intent-model.json (${COMMITTED_MODEL.fingerprint}) was not trained on the current intent examples, ` +
          `options and feature version (${current}): run \`npm run --silent aicc -- nlu-train\` and commit the model with them`,
      );
    }
    expect(trainingUtterances()).toEqual(trainingUtterancesOf(INTENT_EXAMPLES));
    expect(COMMITTED_MODEL.intents).toEqual(INTENTS);
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

describe('feature ids', () => {
  const texts = INTENTS.flatMap((i) => [...INTENT_EXAMPLES.intents[i].train, ...INTENT_EXAMPLES.intents[i].heldOut]);
  const long = '주문한 상품이 아직 도착하지 않았는데 배송 조회를 해도 정보가 없어요 '.repeat(6);
  const oddities = ['', 'a', '가', 'ㅋ', 'ab', '𝟏𝟐 주문 😀', '𝟏', 'x\uD800y', 'ᄒᆞᆫ글', 'AGENT please', '상담원 연결 해 주 세 요', long.slice(0, 150), long];
  const options = [DEFAULT_FEATURES, { charNgrams: [1, 2, 3, 4], words: true, jamoNgram: 2 }, { charNgrams: [], words: false, jamoNgram: 0 }];

  it('are featureHash of the feature strings, in the same order, for any text and options', () => {
    for (const option of options) {
      for (const text of [...texts, ...oddities]) {
        const normalized = normalizeText(text);
        expect([...featureIds(normalized, option)]).toEqual([...extractFeatures(normalized, option)].map(featureHash));
      }
    }
    const all = featureIdsOfAll(oddities.map(normalizeText));
    expect(all.starts).toHaveLength(oddities.length + 1);
    oddities.forEach((text, i) => {
      const ids = new Set(all.values.subarray(all.starts[i], all.starts[i + 1]));
      expect(ids).toEqual(featureIds(normalizeText(text)));
    });
  });

  it('never give two training features the same id', () => {
    const strings = new Set(trainingUtterances().flatMap((u) => [...extractFeatures(u)]));
    expect(strings.size).toBe(COMMITTED_MODEL.model.vocabulary);
    expect(new Set([...strings].map(featureHash)).size).toBe(strings.size);
  });

  it('make coverage the share of the utterance features seen in training, exactly as with the strings', () => {
    const seen = new Set(trainingUtterances().flatMap((u) => [...extractFeatures(u)]));
    for (const text of [...texts, ...oddities, '오늘 날씨 어때', '파스타 레시피 알려줘']) {
      const features = [...extractFeatures(normalizeText(text))];
      const expected = features.length > 0 ? features.filter((f) => seen.has(f)).length / features.length : 0;
      expect(engine.analyze(text).coverage).toBeCloseTo(expected, 3);
    }
  });
});

describe('committed model form', () => {
  it('rebuilds what SGD learnt: a feature weight row is the sum of the updates of the examples containing it', () => {
    const { updates, weights, indexed } = trainIntents();
    const classes = INTENTS.length;
    const rebuilt = new Float64Array(weights.length);
    for (let e = 0; e + 1 < indexed.rows.starts.length; e++) {
      for (const row of indexed.rows.values.subarray(indexed.rows.starts[e], indexed.rows.starts[e + 1])) {
        for (let c = 0; c < classes; c++) rebuilt[row * classes + c] = (rebuilt[row * classes + c] ?? 0) + (updates[e * classes + c] ?? 0);
      }
    }
    expect(Math.max(...weights.map((w, i) => Math.abs(w - (rebuilt[i] ?? 0))))).toBeLessThan(1e-9);
  });

  it('refuses a model that does not fit its utterances, features or intents', () => {
    const utterances = trainingUtterances();
    expect(() => LinearModel.deserialize(COMMITTED_MODEL.model, featureIdsOfAll(utterances.slice(1)))).toThrow(RangeError);
    expect(() => LinearModel.deserialize(COMMITTED_MODEL.model, featureIdsOfAll(utterances, { ...DEFAULT_FEATURES, jamoNgram: 2 }))).toThrow(RangeError);
    expect(() => OfflineIntentClassifier.load({ ...COMMITTED_MODEL, intents: [...INTENTS].reverse() })).toThrow(/nlu-train/);
  });
});
