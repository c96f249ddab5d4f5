import { FixedClock } from '@domain/clock';
import { SEED_FAQS, type FaqEntry } from '@domain/faq/faq';
import { buildFaqMatcher, FaqCatalog, StaticFaqRepository } from '@domain/faq/faq-catalog';
import type { FaqRepository } from '@domain/faq/ports';

const matcher = buildFaqMatcher(SEED_FAQS);

describe('FAQ retrieval', () => {
  it('seeds exactly the twelve fixed ids', () => {
    expect(SEED_FAQS.map((f) => f.faqId).sort()).toEqual(
      [
        'faq-business-hours', 'faq-callback', 'faq-contact-number', 'faq-delivery-time', 'faq-delivery-tracking', 'faq-exchange-shipping',
        'faq-guest-order', 'faq-order-cancel', 'faq-password-reset', 'faq-payment-methods', 'faq-receipt', 'faq-return-policy',
      ].sort(),
    );
  });

  // Paraphrases written for this test, not copied from the seed: spacing, colloquial endings, synonyms.
  it.each([
    ['상담 몇시까지 해요?', 'faq-business-hours'],
    ['고객센터 언제 문 열어요', 'faq-business-hours'],
    ['콜센터번호 좀 알려줘', 'faq-contact-number'],
    ['주문취소 어떻게 함', 'faq-order-cancel'],
    ['배송 보통 며칠 걸려요?', 'faq-delivery-time'],
    ['택배 어디까지 왔는지 어떻게 봐요', 'faq-delivery-tracking'],
    ['카카오페이로 결제돼요?', 'faq-payment-methods'],
    ['현금 영수증 발급받고 싶어요', 'faq-receipt'],
    ['회원가입안하고 주문 가능?', 'faq-guest-order'],
    ['비번을 까먹었는데 어떡하죠', 'faq-password-reset'],
    ['반품 기간이 어떻게 돼요', 'faq-return-policy'],
    ['교환할 때 택배비 내야 돼요?', 'faq-exchange-shipping'],
    ['콜백이 뭐예요', 'faq-callback'],
  ])('"%s" → %s', (query, faqId) => {
    expect(matcher.match(query)?.entry.faqId).toBe(faqId);
  });

  it.each([['오늘 날씨 어때'], ['재밌는 농담 하나 해줘'], ['ㅁㄴㅇㄹ'], ['asdf qwer'], ['주식 추천해줘'], ['파스타 맛집 추천'], ['너 몇 살이야'], ['배송지 변경하고 싶어요']])(
    'answers nothing rather than something wrong: "%s"',
    (query) => {
      expect(matcher.match(query)).toBeNull();
    },
  );

  it('never answers with a soft-deleted entry', () => {
    const entries: FaqEntry[] = SEED_FAQS.map((f) => (f.faqId === 'faq-receipt' ? { ...f, deleted: true } : f));
    expect(buildFaqMatcher(entries).match('현금영수증 발급')).toBeNull();
  });
});

describe('FAQ catalogue cache', () => {
  class CountingRepository implements FaqRepository {
    calls = 0;
    fail = false;
    entries: readonly FaqEntry[] = SEED_FAQS;
    async listActive(): Promise<readonly FaqEntry[]> {
      this.calls++;
      if (this.fail) throw new Error('table unreachable');
      return this.entries;
    }
  }

  it('reads the table once per TTL and picks up edits after it', async () => {
    const repo = new CountingRepository();
    const clock = new FixedClock('2026-11-24T01:00:00Z');
    const catalog = new FaqCatalog(repo, clock, 60_000);
    expect((await catalog.match('운영시간 알려줘'))?.entry.faqId).toBe('faq-business-hours');
    await catalog.match('영수증');
    expect(repo.calls).toBe(1);
    repo.entries = SEED_FAQS.map((f) => (f.faqId === 'faq-business-hours' ? { ...f, answer: '평일 08:00–20:00 운영합니다.', version: 2 } : f));
    clock.advance(61_000);
    expect((await catalog.match('운영시간 알려줘'))?.entry.answer).toBe('평일 08:00–20:00 운영합니다.');
    expect(repo.calls).toBe(2);
  });

  it('answers from the seed when the table fails before any read, and keeps the last good copy after', async () => {
    const repo = new CountingRepository();
    repo.fail = true;
    const clock = new FixedClock('2026-11-24T01:00:00Z');
    const catalog = new FaqCatalog(repo, clock, 1000);
    expect((await catalog.match('비밀번호 찾기'))?.entry.faqId).toBe('faq-password-reset');
    expect(catalog.lastError).toBeInstanceOf(Error);
    repo.fail = false;
    clock.advance(2000);
    await catalog.match('비밀번호 찾기');
    expect(catalog.lastError).toBeUndefined();
  });

  it('re-reads the table when the clock goes backwards (each simulated call runs on its own time)', async () => {
    const repo = new CountingRepository();
    let now = new Date('2026-11-23T01:05:00Z');
    const catalog = new FaqCatalog(repo, { now: () => now }, 0);
    await catalog.match('운영시간 알려줘');
    repo.entries = SEED_FAQS.map((f) => (f.faqId === 'faq-business-hours' ? { ...f, answer: '평일 08:00–20:00 운영합니다.', version: 2 } : f));
    now = new Date('2026-11-23T01:00:30Z');
    expect((await catalog.match('운영시간 알려줘'))?.entry.answer).toBe('평일 08:00–20:00 운영합니다.');
    expect(repo.calls).toBe(2);
  });

  it('an edit made in this process (invalidate) is answered at once, without waiting for the TTL', async () => {
    const repo = new CountingRepository();
    const clock = new FixedClock('2026-11-24T01:00:00Z');
    const catalog = new FaqCatalog(repo, clock, 60_000);
    await catalog.match('운영시간 알려줘');
    await catalog.match('운영시간 알려줘');
    expect(repo.calls).toBe(1);
    repo.entries = SEED_FAQS.map((f) => (f.faqId === 'faq-business-hours' ? { ...f, answer: '평일 08:00–20:00 운영합니다.', version: 2 } : f));
    catalog.invalidate();
    expect((await catalog.match('운영시간 알려줘'))?.entry.answer).toBe('평일 08:00–20:00 운영합니다.');
    await catalog.match('운영시간 알려줘');
    expect(repo.calls).toBe(2);
  });

  it('a read that was under way when the FAQ changed is neither reused nor kept as fresh', async () => {
    const edited = SEED_FAQS.map((f) => (f.faqId === 'faq-business-hours' ? { ...f, answer: '평일 08:00–20:00 운영합니다.', version: 2 } : f));
    const releases: (() => void)[] = [];
    const snapshots: (readonly FaqEntry[])[] = [];
    let calls = 0;
    const repo: FaqRepository = {
      listActive: () => {
        calls++;
        const snapshot = snapshots.at(-1) ?? SEED_FAQS;
        return new Promise((resolve) => releases.push(() => resolve(snapshot)));
      },
    };
    const clock = new FixedClock('2026-11-24T01:00:00Z');
    const catalog = new FaqCatalog(repo, clock, 60_000);
    await Promise.all([catalog.match('운영시간 알려줘'), Promise.resolve().then(() => releases.shift()?.())]);

    // A turn reads the table (seen before the edit), the edit lands, a later turn must not join that read.
    clock.advance(61_000);
    const before = catalog.match('운영시간 알려줘');
    snapshots.push(edited);
    catalog.invalidate();
    const after = catalog.match('운영시간 알려줘');
    expect(calls).toBe(3);
    // The newer read finishes first, the older one after it.
    releases.splice(0).reverse().forEach((release) => release());
    await before;
    expect((await after)?.entry.answer).toBe('평일 08:00–20:00 운영합니다.');
    // The old read finished too, but it neither replaced the new copy nor made it look fresh for long.
    expect((await catalog.match('운영시간 알려줘'))?.entry.answer).toBe('평일 08:00–20:00 운영합니다.');
    expect(calls).toBe(3);
  });

  it('serves a static list for the CLI and simulators', async () => {
    expect(await new StaticFaqRepository([{ ...SEED_FAQS[0]!, deleted: true }]).listActive()).toEqual([]);
  });
});
