import { maskFreeText, maskName, maskPhonesInText, maskPii } from '@domain/pii';

describe('PII masking', () => {
  it.each([
    ['제 번호는 010-1234-5678 이에요', '제 번호는 010-****-5678 이에요'],
    ['01012345678로 전화 주세요', '010-****-5678로 전화 주세요'],
    ['caller +821012345678 waiting', 'caller +8210-****-5678 waiting'],
    ['+82 10 1234 5678', '+82 10-****-5678'],
    ['사무실 02-123-4567', '사무실 02-***-4567'],
  ])('masks phone numbers in %j', (input, expected) => {
    expect(maskPhonesInText(input)).toBe(expected);
  });

  it('leaves ordinary numbers alone', () => {
    expect(maskPhonesInText('주문번호 20261124 건 3개, 12월 3일 오후 3시')).toBe('주문번호 20261124 건 3개, 12월 3일 오후 3시');
  });

  it('never leaves the middle digits of a number in free text', () => {
    const masked = maskFreeText('카드 1234-5678-9012-3456 이고 연락처 010 9876 5432');
    expect(masked).not.toMatch(/5678-9012|9876/);
    expect(masked).toContain('3456');
    expect(masked).toContain('5432');
  });

  it.each([
    ['김민수', '김*수'],
    ['이준', '이*'],
    ['남궁민수', '남**수'],
    ['John Smith', 'J*** S****'],
  ])('masks the name %s', (name, expected) => {
    expect(maskName(name)).toBe(expected);
  });

  it('masks log payloads by key and by content, deeply', () => {
    const out = maskPii({ customerName: '김민수', pin: '1234', nested: { note: '010-1234-5678로 콜백', tier: 'VIP' }, attemptsRemaining: 2 });
    expect(out).toEqual({ customerName: '김*수', pin: '****', nested: { note: '010-****-5678로 콜백', tier: 'VIP' }, attemptsRemaining: 2 });
  });
});
